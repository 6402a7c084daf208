// kind: programme: the printable confirmation sheet (a <section> of render/html.hpp's document). Internal.
#pragma once
#include <libaudit/render.hpp>

#include <string>

namespace libaudit::detail {

std::string render_programme_html(const AuditResult& res, const RenderOptions& o);

}  // namespace libaudit::detail
