// The renderers of each family's results and outlines, which the family seam (engine/family.hpp)
// dispatches to. Internal.
#pragma once
#include <libaudit/render.hpp>

#include "base/json_writer.hpp"
#include "rules/model.hpp"

#include <string>

namespace libaudit::detail {

std::string render_programme_text(const AuditResult& res, const RenderOptions& o);
std::string render_hours_text(const AuditResult& res, const RenderOptions& o);
std::string render_checks_text(const AuditResult& res, const RenderOptions& o);

// The result JSON every family shares (schema, subject, rule set, requirements, exclusions,
// flags, allocation), with the family's own members written by `family_part` before the end.
std::string render_json_with(const AuditResult& res, const RenderOptions& o,
                             void (*family_part)(JsonWriter&, const AuditResult&, const RenderOptions&));
// kind: checks: violations, computed values and row reports.
void write_checks_json(JsonWriter& w, const AuditResult& res, const RenderOptions& o);

std::string explain_programme(const Model& m, Language language);
std::string explain_hours(const Model& m, Language language);
std::string explain_checks_rules(const Model& m, Language language);

}  // namespace libaudit::detail
