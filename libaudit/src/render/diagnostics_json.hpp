// Diagnostics as JSON: the member "diagnostics" every JSON answer with problems has (the CLI, the
// service, the C API), and the lint document of `libaudit lint --format json`. Internal.
#pragma once
#include <libaudit/diagnostic.hpp>
#include <libaudit/messages.hpp>

#include "base/json_writer.hpp"

#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// The member "diagnostics": an array of {code, severity, message, text, params, file, line,
// column, field}; "message" stays English (for programs), "text" is in `language`. ID-shaped
// tokens masked unless `ids` is Ids::shown.
void write_diagnostics(JsonWriter& w, const std::vector<Diagnostic>& diags, Language language, Ids ids = Ids::masked);

// {"files", "errors", "warnings", "diagnostics"} (as `libaudit lint --format json` prints it,
// without the trailing newline): `files` rule files linted, the counts of the diagnostics'
// severities.
std::string lint_document(const std::vector<Diagnostic>& diags, int files, Language language);

}}}  // namespace libaudit::v0::detail
