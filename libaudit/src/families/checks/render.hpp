// kind: checks: the result as text, its own members of the result JSON, the rule set as an
// outline. Internal.
#pragma once
#include <libaudit/render.hpp>

#include "base/json_writer.hpp"
#include "rules/model.hpp"

#include <string>

namespace libaudit { inline namespace v0 { namespace detail {

std::string render_checks_text(const AuditResult& res, const RenderOptions& o);
// Violations, computed values and row reports.
void write_checks_json(JsonWriter& w, const AuditResult& res, const RenderOptions& o);
std::string explain_checks_rules(const Model& m, Language language);

}}}  // namespace libaudit::v0::detail
