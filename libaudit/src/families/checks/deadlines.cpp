// kind: checks: the days of each deadline rule's rows in the text report and the printable sheet
// (issue 17 item 11). The words are in libaudit/messages/<lang>/deadline.txt.
#include "families/checks/deadlines.hpp"

#include "render/html.hpp"
#include "render/text.hpp"

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

// The field the deadline counts from: its title in Chinese, its name in English (as figures.txt).
std::string of_name(const DeadlineFigure& d, Language language) {
    return language == Language::zh_TW && !d.of_title.empty() ? d.of_title : d.of;
}

// The checked field: its title in Chinese, its English title or its name in English.
std::string field_name(const DeadlineFigure& d, Language language) {
    const std::string& title = language == Language::zh_TW ? d.field_title : d.field_title_en;
    return title.empty() ? d.field : title;
}

}  // namespace

std::string deadline_where(const DeadlineFigure& d) {
    if (!d.path.empty()) return (d.file.empty() ? "" : d.file + " ") + d.path;
    return d.file + (d.line > 0 ? ":" + std::to_string(d.line) : "");
}

std::string deadline_days_text(const DeadlineFigure& d, Language language) {
    std::string out = message_text(language, d.met ? "deadline.cell_lead" : "deadline.cell_delay",
                                   {{"days", std::to_string(d.met ? d.lead_days : d.delay_days)}});
    if (!d.of_days) return out;
    const int n = *d.of_days;
    const char* code = n < 0 ? "deadline.cell_of_before" : n > 0 ? "deadline.cell_of_after" : "deadline.cell_of_same";
    return out + "; " + message_text(language, code, {{"of", of_name(d, language)}, {"days", std::to_string(n < 0 ? -n : n)}});
}

std::string render_deadlines_text(const AuditResult& res, const RenderOptions& o) {
    std::string out;
    for (const auto& r : res.requirements) {
        if (r.deadlines.empty()) continue;
        out += "  " + message_text(o.language, "deadline.rule", {{"title", in_language(o.language, r.title, r.title_en)}, {"id", r.id}}) + "\n";
        for (const auto& d : r.deadlines) {
            const char* code = d.not_yet ? (d.met ? "deadline.not_yet_met" : "deadline.not_yet_missed")
                                         : (d.met ? "deadline.met" : "deadline.missed");
            std::string line = message_text(o.language, code,
                                            {{"where", deadline_where(d)}, {"field", field_name(d, o.language)}, {"value", d.value},
                                             {"deadline", d.deadline}, {"days", std::to_string(d.met ? d.lead_days : d.delay_days)}});
            if (d.of_days) {
                const int n = *d.of_days;
                const char* of = n < 0 ? "deadline.of_before" : n > 0 ? "deadline.of_after" : "deadline.of_same";
                line = message_text(o.language, of, {{"line", line}, {"of", of_name(d, o.language)}, {"days", std::to_string(n < 0 ? -n : n)}});
            }
            out += "    " + line + "\n";
        }
    }
    return out.empty() ? out : "\n" + message_text(o.language, "deadline.heading") + "\n" + out;
}

std::string render_deadlines_html(const AuditResult& res, const RenderOptions& o) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> classes;
    for (const auto& r : res.requirements)
        for (const auto& d : r.deadlines) {
            rows.push_back({esc(in_language(o.language, r.title, r.title_en)) + " <span class=\"code\">[" + esc(r.id) + "]</span>",
                            esc(deadline_where(d)), esc(field_name(d, o.language) + " " + d.value), esc(d.deadline),
                            esc(deadline_days_text(d, o.language))});
            classes.push_back(d.met ? "" : "bad");
        }
    if (rows.empty()) return "";
    std::vector<std::string> header{message_text(o.language, "sheet.col.requirement")};
    for (const char* col : {"where", "value", "deadline", "days"})
        header.push_back(message_text(o.language, std::string("deadline.col_") + col));
    return html_h2(message_text(o.language, "deadline.heading")) + html_table(header, rows, {}, classes);
}

}}}  // namespace libaudit::v0::detail
