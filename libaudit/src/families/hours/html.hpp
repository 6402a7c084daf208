// kind: hours: a teacher's printable hours sheet (a <section> of render/html.hpp's document). Internal.
#pragma once
#include <libaudit/render.hpp>

#include <string>

namespace libaudit { inline namespace v0 { namespace detail {

std::string render_hours_html(const AuditResult& res, const RenderOptions& o);

}}}  // namespace libaudit::v0::detail
