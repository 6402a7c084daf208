// kind: programme: the printable confirmation sheet (a <section> of render/html.hpp's document). Internal.
#pragma once
#include <libaudit/render.hpp>

#include <string>

namespace libaudit { inline namespace v0 { namespace detail {

std::string render_programme_html(const AuditResult& res, const RenderOptions& o);

}}}  // namespace libaudit::v0::detail
