// Diagnostics as JSON (diagnostics_json.hpp).
#include "render/diagnostics_json.hpp"

namespace libaudit { inline namespace v0 { namespace detail {

void write_diagnostics(JsonWriter& w, const std::vector<Diagnostic>& diags, Language language, Ids ids) {
    w.mask_ids(ids == Ids::masked);
    w.key("diagnostics");
    w.begin_array();
    for (const auto& d : diags) {
        w.begin_object();
        w.key("code"), w.string(d.code);
        w.key("severity"), w.string(d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "note");
        w.key("message"), w.string(d.message);
        w.key("text"), w.string(diagnostic_text(d, language, ids));
        w.key("params");
        w.begin_object();
        for (const auto& p : d.params) w.key(p.name), w.string(p.value);
        w.end_object();
        w.key("file"), w.string(d.where.file);
        w.key("line"), w.number(d.where.line);
        w.key("column"), w.number(d.where.column);
        w.key("field"), w.string(d.where.field);
        w.end_object();
    }
    w.end_array();
}

std::string lint_document(const std::vector<Diagnostic>& diags, int files, Language language) {
    int errors = 0, warnings = 0;
    for (const auto& d : diags) {
        errors += d.severity == Severity::error;
        warnings += d.severity == Severity::warning;
    }
    JsonWriter w;
    w.begin_object();
    w.key("files"), w.number(files);
    w.key("errors"), w.number(errors);
    w.key("warnings"), w.number(warnings);
    write_diagnostics(w, diags, language);
    w.end_object();
    return w.str();
}

}}}  // namespace libaudit::v0::detail
