// kind: programme: the audit as text, the framework as an outline. Internal.
#pragma once
#include <libaudit/render.hpp>

#include "base/json_writer.hpp"
#include "rules/model.hpp"

#include <string>

namespace libaudit { inline namespace v0 { namespace detail {

// A requirement's figure as the tables show it: "30" (credits alone), "9 學分 3 門" (each unit named
// when credits stand beside courses or semesters), "0", "-" (nothing measured). Text and HTML share it.
std::string amount(const Amount& a, bool chinese, bool show_courses, bool show_credits = true);
std::string render_programme_text(const AuditResult& res, const RenderOptions& o);
std::string explain_programme(const Model& m, Language language);
// The programme's own members of the result JSON: `figures` (credit figures), when present.
void write_programme_json(JsonWriter& w, const AuditResult& res, const RenderOptions& o);

}}}  // namespace libaudit::v0::detail
