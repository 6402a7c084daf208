// kind: hours: the audit as text, the policy as an outline. Internal.
#pragma once
#include <libaudit/render.hpp>

#include "rules/model.hpp"

#include <string>

namespace libaudit { inline namespace v0 { namespace detail {

std::string render_hours_text(const AuditResult& res, const RenderOptions& o);
std::string explain_hours(const Model& m, Language language);

}}}  // namespace libaudit::v0::detail
