#include <libaudit/diagnostic.hpp>
#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>

#include "base/edit_distance.hpp"

#include <filesystem>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <utility>

namespace libaudit { inline namespace v0 {
namespace {

const char* severity_name(Severity s) noexcept {
    switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
    }
    return "error";
}

// The caret line's indentation: the display width of `prefix`, keeping tabs as tabs so the
// caret lines up however the terminal expands them.
std::string caret_indent(std::string_view prefix) {
    std::string out;
    std::size_t start = 0;
    while (start <= prefix.size()) {
        const std::size_t tab = prefix.find('\t', start);
        const std::string_view part = prefix.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start);
        out.append(static_cast<std::size_t>(display_width(part)), ' ');
        if (tab == std::string_view::npos) break;
        out += '\t';
        start = tab + 1;
    }
    return out;
}

std::string heading(const Diagnostic& d);
std::string source_display(const Diagnostic& d);
std::string format_diagnostic_in(const Diagnostic& d, Language language, bool with_source);

std::string message_key(const Diagnostic& d) { return d.message_code.empty() ? "diag." + d.code : d.message_code; }

std::string join_diagnostics(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const Diagnostic& d : diagnostics) {
        if (!out.empty()) out += '\n';
        out += format_diagnostic(d, false);
    }
    return out;
}

}  // namespace

// Masking happens here, on the whole text, so that every part (message, parameters, file name,
// echoed source line) is covered whichever code path filled it.
std::string format_diagnostic(const Diagnostic& d, bool with_source, Ids ids) {
    std::string out = heading(d);
    out += d.message;
    if (with_source) out += source_display(d);
    return ids == Ids::shown ? out : mask_ids_in_text(out);
}

std::string diagnostic_text(const Diagnostic& d, Language language, Ids ids) {
    const std::string key = message_key(d);
    std::string out = has_message(language, key) ? message_text(language, key, d.params) : d.message;
    return ids == Ids::shown ? out : mask_ids_in_text(out);
}

std::string format_diagnostic(const Diagnostic& d, Language language, bool with_source, Ids ids) {
    const std::string out = format_diagnostic_in(d, language, with_source);
    return ids == Ids::shown ? out : mask_ids_in_text(out);
}

namespace {

std::string format_diagnostic_in(const Diagnostic& d, Language language, bool with_source) {
    const std::string key = message_key(d);
    if (!has_message(language, key)) return format_diagnostic(d, with_source, Ids::shown);
    MessageParams params{{"file", d.where.file}, {"line", std::to_string(d.where.line)},
                         {"column", std::to_string(d.where.column)}};
    std::string where;
    if (d.where.line > 0)
        where = message_text(language, d.where.column > 0 ? "diag.where.line_column" : "diag.where.line", params);
    else
        where = d.where.file;
    MessageParams parts{{"where", where},
                        {"severity", message_text(language, std::string("diag.severity.") + severity_name(d.severity))},
                        {"code", d.code},
                        {"text", message_text(language, key, d.params)}};
    const char* form = where.empty() ? (d.code.empty() ? "diag.format.bare" : "diag.format.no_where")
                                     : (d.code.empty() ? "diag.format.no_code" : "diag.format");
    std::string out = message_text(language, form, parts);
    if (with_source) out += source_display(d);
    return out;
}

std::string heading(const Diagnostic& d) {
    std::string out = d.where.file;
    if (d.where.line > 0) {
        out += ':';
        out += std::to_string(d.where.line);
        if (d.where.column > 0) {
            out += ':';
            out += std::to_string(d.where.column);
        }
    }
    if (!out.empty()) out += ": ";
    out += severity_name(d.severity);
    if (!d.code.empty()) {
        out += '[';
        out += d.code;
        out += ']';
    }
    out += ": ";
    return out;
}

// The byte offset of code point `chars` (0-based) of `line`, or its size.
std::size_t offset_of(std::string_view line, std::size_t chars) {
    std::size_t offset = 0;
    for (std::size_t n = 0; n < chars && offset < line.size(); ++n) {
        ++offset;
        while (offset < line.size() && (static_cast<unsigned char>(line[offset]) & 0xC0) == 0x80) ++offset;
    }
    return offset;
}

// The source line and a caret under the column, each line starting "\n | ". A long line (a
// one-line XML or JSON export) shows only the part around the column, marked "...".
std::string source_display(const Diagnostic& d) {
    constexpr std::size_t around = 60;  // code points shown each side of the column
    std::string out;
    if (d.source_line.empty()) return out;
    std::string_view line = d.source_line;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    // The column is a 1-based character (code point) column, so it means the same to a user
    // counting Chinese characters; the caret goes under its display column.
    const std::size_t column = d.where.column > 0 ? static_cast<std::size_t>(d.where.column) - 1 : 0;
    const bool long_line = offset_of(line, 3 * around) < line.size();
    const std::size_t first = long_line && column > around ? column - around : 0;
    const std::size_t begin = offset_of(line, first);
    const std::size_t end = long_line ? begin + offset_of(line.substr(begin), column - first + around) : line.size();
    const std::string_view before = begin > 0 ? "..." : "";
    out += "\n | ";
    out += before;
    out += line.substr(begin, end - begin);
    if (end < line.size()) out += "...";
    if (d.where.column > 0) {
        out += "\n | ";
        out += caret_indent(before);
        out += caret_indent(line.substr(begin, offset_of(line.substr(begin), column - first)));
        out += '^';
    }
    return out;
}

}  // namespace

IoError::IoError(std::string code, MessageParams params)
    : std::runtime_error(message_text(Language::en, code, params)), code_(std::move(code)), params_(std::move(params)) {}

namespace {

// The entry of the path's folder whose name is closest to the path's last part (a typo, another
// case, a missing extension), or "" when none is close: a missing file's did-you-mean.
std::string similar_path(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path p(path);
    const std::string name = p.filename().string();
    if (name.empty()) return {};
    const fs::path folder = p.has_parent_path() ? p.parent_path() : fs::path(".");
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string candidate = it->path().filename().string();
        const std::size_t d = detail::edit_distance(name, candidate);
        if (d < best_distance || (d == best_distance && !best.empty() && candidate < best)) {
            if (d < best_distance) best_distance = d;
            best = candidate;
        }
    }
    if (best.empty()) return {};
    return p.has_parent_path() ? (folder / best).string() : best;
}

}  // namespace

IoError IoError::no_such_path(const std::string& path) {
    const std::string similar = similar_path(path);
    if (similar.empty()) return IoError("io.no_such_path", {{"file", path}});
    return IoError("io.no_such_path.similar", {{"file", path}, {"similar", similar}});
}

namespace {

// Common reasons as words of the catalogue (errno.EACCES ...); others as the system says them.
std::string errno_reason(int err) {
    switch (err) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EISDIR: return "EISDIR";
    case ENOSPC: return "ENOSPC";
    default: return std::strerror(err);
    }
}

}  // namespace

IoError IoError::cannot_read(const std::string& path, int err) {
    if (err == ENOENT) return no_such_path(path);
    return IoError("io.cannot_read", {{"file", path}, {"reason", errno_reason(err)}});
}

IoError IoError::cannot_write(const std::string& path, int err) {
    if (path.empty() || path == "-") return IoError("io.cannot_write_stdout", {{"reason", errno_reason(err)}});
    return IoError("io.cannot_write", {{"file", path}, {"reason", errno_reason(err)}});
}

std::string error_text(const IoError& e, Language language) {
    return mask_ids_in_text(!e.code().empty() && has_message(language, e.code()) ? message_text(language, e.code(), e.params())
                                                                                   : std::string(e.what()));
}

Error::Error(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}}  // namespace libaudit::v0
