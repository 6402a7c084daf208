// Diagnostics as JSON (diagnostics_json.hpp).
#include "diagnostics_json.hpp"

#include <libaudit/render.hpp>
#include <libaudit/version.hpp>

#include "render/diagnostics_json.hpp"

namespace libaudit_serve {

std::string invalid_document(const std::vector<libaudit::Diagnostic>& diags, libaudit::Language language,
                             libaudit::Ids ids, bool compact, const char* schema) {
    libaudit::detail::JsonWriter w(compact);
    w.mask_ids(ids == libaudit::Ids::masked);
    w.begin_object();
    w.key("schema"), w.string(schema);
    w.key("status"), w.string("invalid");
    w.key("engine_version"), w.string(libaudit::engine_version);
    libaudit::detail::write_diagnostics(w, diags, language, ids);
    w.end_object();
    return w.str();
}

}  // namespace libaudit_serve
