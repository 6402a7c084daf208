// kind: programme: the audit as text, the framework as an outline. Internal.
#pragma once
#include <libaudit/render.hpp>

#include "rules/model.hpp"

#include <string>

namespace libaudit::detail {

std::string render_programme_text(const AuditResult& res, const RenderOptions& o);
std::string explain_programme(const Model& m, Language language);

}  // namespace libaudit::detail
