// Diagnostics as JSON, as `libaudit check --format json` prints them (docs/result-schema.md):
// shared by the CLI and the service, so a 400 answer holds what the CLI prints for the same input.
#pragma once
#include <libaudit/diagnostic.hpp>
#include <libaudit/messages.hpp>
#include <libaudit/render.hpp>

#include "base/json_writer.hpp"
#include "render/diagnostics_json.hpp"

#include <string>
#include <vector>

namespace libaudit_serve {

// The member "diagnostics" (the library's, render/diagnostics_json.hpp: the C API writes it too).
using libaudit::detail::write_diagnostics;

// The document of invalid input: {"schema", "status": "invalid", "engine_version", "diagnostics"},
// without a trailing newline; on one line when `compact`; `schema` is the result schema's id
// (--result-schema: version 1 or 2).
std::string invalid_document(const std::vector<libaudit::Diagnostic>& diags, libaudit::Language language,
                             libaudit::Ids ids, bool compact = false, const char* schema = libaudit::result_schema_id);

}  // namespace libaudit_serve
