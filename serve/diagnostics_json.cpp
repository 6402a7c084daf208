// Diagnostics as JSON (diagnostics_json.hpp).
#include "diagnostics_json.hpp"

#include <libaudit/render.hpp>
#include <libaudit/version.hpp>

namespace libaudit_serve {

void write_diagnostics(libaudit::detail::JsonWriter& w, const std::vector<libaudit::Diagnostic>& diags,
                       libaudit::Language language, libaudit::Ids ids) {
    using libaudit::Severity;
    w.mask_ids(ids == libaudit::Ids::masked);
    w.key("diagnostics");
    w.begin_array();
    for (const auto& d : diags) {
        w.begin_object();
        w.key("code"), w.string(d.code);
        w.key("severity"), w.string(d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "note");
        w.key("message"), w.string(d.message);
        w.key("text"), w.string(libaudit::diagnostic_text(d, language, ids));
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

std::string invalid_document(const std::vector<libaudit::Diagnostic>& diags, libaudit::Language language,
                             libaudit::Ids ids, bool compact, const char* schema) {
    libaudit::detail::JsonWriter w(compact);
    w.mask_ids(ids == libaudit::Ids::masked);
    w.begin_object();
    w.key("schema"), w.string(schema);
    w.key("status"), w.string("invalid");
    w.key("engine_version"), w.string(libaudit::engine_version);
    write_diagnostics(w, diags, language, ids);
    w.end_object();
    return w.str();
}

}  // namespace libaudit_serve
