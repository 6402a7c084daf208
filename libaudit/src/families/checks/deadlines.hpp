// kind: checks: the days of each deadline rule's rows (issue 17 item 11) in the text report and
// the printable sheet: lead days when the deadline was met, delay days when missed. Internal.
#pragma once
#include <libaudit/render.hpp>

#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// Where a deadline figure's row is: "file:line", "file path" or the table's field.
std::string deadline_where(const DeadlineFigure& d);
// The days in words: "提前 15 天（課程開始日期前 29 天）", "1 days late (13 days before start_date)".
std::string deadline_days_text(const DeadlineFigure& d, Language language);
// The text report's section: a heading, then each deadline rule and one line per row ("" = none).
std::string render_deadlines_text(const AuditResult& res, const RenderOptions& o);
// The printable sheet's section: a heading and a table of the rows of every deadline rule ("" = none).
std::string render_deadlines_html(const AuditResult& res, const RenderOptions& o);

}}}  // namespace libaudit::v0::detail
