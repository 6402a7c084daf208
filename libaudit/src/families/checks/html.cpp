// kind: checks: the printable sheet a school administrator prints before a deadline: each rule with
// the rows it looked at and how many break it, every violation (where, the value, what the rule
// wants, what is wrong, the rule's own advice), the uploads' row counts, provenance and signatures.
#include "families/checks/html.hpp"

#include "families/checks/deadlines.hpp"
#include "families/checks/row_report.hpp"
#include "families/checks/wording.hpp"
#include "render/html.hpp"
#include "render/text.hpp"

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

std::string rules_table(const AuditResult& res, const RenderOptions& o) {
    const bool c = zh(o);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> classes;
    for (const auto& r : res.requirements) {
        std::string state = r.checked && *r.checked == 0 ? message_text(o.language, "checks.report.no_rows") : mark(r.status, c);
        if (r.status == Status::met && r.violations > 0) state = message_text(o.language, "checks.report.warnings");
        rows.push_back({esc(in_language(c, r.title, r.title_en)) + " <span class=\"code\">[" + esc(r.id) + "]</span>",
                        r.checked ? std::to_string(*r.checked) : "-", std::to_string(r.violations), esc(state)});
        classes.push_back(r.status == Status::not_met ? "bad" : "");
    }
    return html_table({message_text(o.language, "sheet.col.requirement"), message_text(o.language, "sheet.col.checked"),
                       message_text(o.language, "sheet.col.broken"), message_text(o.language, "sheet.col.check")},
                      rows, {false, true, true, false}, classes);
}

std::string where(const Violation& v) {
    std::string w = v.file.empty() ? v.table : v.file;
    if (!v.path.empty()) w += " " + v.path;
    else if (v.line > 0) w += ":" + std::to_string(v.line) + (v.column > 0 ? ":" + std::to_string(v.column) : "");
    return w;
}

std::vector<std::string> violation_row(const AuditResult& res, const Violation& v, const RenderOptions& o) {
    const bool c = zh(o);
    std::string rule = v.title;
    for (const auto& r : res.requirements)
        if (r.id == v.rule) rule = in_language(c, r.title, r.title_en);
    const std::string shown = mask_value(v.value, v.personal, o);
    const MessageParams params = shown_params(o.language, v.params, shown, v.field_title, &v.names_en);
    const std::string field_title = in_language(c, v.field_title, v.field_title_en);
    std::string value = v.field.empty() ? "" : (field_title.empty() ? v.field : field_title) + " = ";
    value += v.value.empty() ? message_text(o.language, "checks.report.blank") : shown;
    if (!v.group.empty()) value = message_text(o.language, "checks.report.group", {{"group", v.group}}) + " " + value;
    std::string problem = v.code.empty() ? v.detail : checks_text(o.language, v.code, params);
    const std::string advice = in_language(c, v.message, v.message_en);
    std::string cell = esc(problem);
    if (!advice.empty()) cell += "<br>→ " + esc(advice);
    return {esc(rule) + " <span class=\"code\">[" + esc(v.rule) + "]</span>", esc(where(v)), esc(value),
            esc(v.code.empty() ? v.expected : checks_expected(o.language, v.code, params)), cell};
}

std::string violations_table(const AuditResult& res, const RenderOptions& o) {
    if (res.violations.empty()) return html_h2(message_text(o.language, "sheet.violations")) + "<p>" + esc_say(o, "sheet.none") + "</p>\n";
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> classes;
    for (const auto& v : res.violations) {
        rows.push_back(violation_row(res, v, o));
        classes.push_back(v.severity == "error" ? "bad" : "");
    }
    std::vector<std::string> header;
    for (const char* col : {"requirement", "where", "value", "expected", "problem"})
        header.push_back(message_text(o.language, std::string("sheet.col.") + col));
    return html_h2(message_text(o.language, "sheet.violations")) + html_table(header, rows, {}, classes);
}

std::string row_report_lines(const AuditResult& res, const RenderOptions& o) {
    const std::string text = render_row_reports_text(res, o);
    if (text.empty()) return "";
    return "<pre class=\"rows\">" + esc(text) + "</pre>\n";
}

}  // namespace

std::string render_checks_html(const AuditResult& res, const RenderOptions& o) {
    std::string out = sheet_open(message_text(o.language, "sheet.title.checks"), res, o);
    out += html_fields({{message_text(o.language, "sheet.subject"), esc(res.subject.id)}});
    out += rules_table(res, o);
    out += row_report_lines(res, o);
    out += violations_table(res, o);
    out += render_deadlines_html(res, o);
    out += html_provenance(res, o);
    out += html_signatures(o, {"sheet.sign.reviewer", "sheet.sign.supervisor"});
    return out + sheet_close();
}

}}}  // namespace libaudit::v0::detail
