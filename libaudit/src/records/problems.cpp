// Collecting the diagnostics of one reading: located, capped at max_diagnostics, thrown together.
#include "records/problems.hpp"

namespace libaudit { inline namespace v0 { namespace detail {

void Problems::add(std::string code, std::string message, int line, int column, std::string field, std::string path,
                   std::string source_line) {
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.where.file = file_;
    d.where.line = line;
    d.where.column = column;
    d.where.field = std::move(field);
    d.where.path = std::move(path);
    d.source_line = std::move(source_line);
    ++total_;
    if (list_.size() < max_diagnostics) list_.push_back(std::move(d));
}

void Problems::add(std::string code, std::string key, MessageParams params, int line, int column, std::string field,
                   std::string path, std::string source_line) {
    if (key.empty()) key = "diag." + code;
    std::string message = message_text(Language::en, key, params);
    add(std::move(code), std::move(message), line, column, std::move(field), std::move(path), std::move(source_line));
    if (total_ <= max_diagnostics) {  // the diagnostic just added was kept
        list_.back().message_code = std::move(key);
        list_.back().params = std::move(params);
    }
}

void Problems::throw_if_any() {
    if (total_ == 0) return;
    throw InputError(take());
}

std::vector<Diagnostic> Problems::take() {
    if (total_ > list_.size()) {
        Diagnostic note;
        note.severity = Severity::note;
        note.code = "R099";  // a code like every diagnostic: hosts filter and count by it
        note.message_code = "diag.more";
        note.params = {{"count", std::to_string(total_ - list_.size())}};
        note.message = message_text(Language::en, note.message_code, note.params);
        note.where.file = file_;
        list_.push_back(std::move(note));
    }
    total_ = 0;
    return std::exchange(list_, {});
}

}}}  // namespace libaudit::v0::detail
