// kind: hours: the printable in-service hours sheet a personnel office files: the teacher, the
// hours per period and category against what is required, the sessions counted and not counted,
// notes, provenance and the signature boxes of the teacher, the officer and the head of unit.
#include "families/hours/html.hpp"

#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>

#include "render/html.hpp"
#include "render/text.hpp"

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

std::string hours_amount(const Amount& a, bool chinese) {
    if (a.hours) return say(chinese, "report.unit.hours", {{"n", num(*a.hours)}});
    if (a.credits) return say(chinese, "report.unit.credits", {{"n", num(*a.credits)}});
    return "-";
}

void hours_rows(const AuditResult& res, const RequirementResult& r, int depth, bool chinese,
                std::vector<std::vector<std::string>>& rows,
                std::vector<std::string>& classes) {
    std::string required = hours_amount(r.required, chinese);
    if (r.months)
        required += say(chinese, "report.hours.months",
                        {{"months", std::to_string(*r.months)}, {"of", std::to_string(r.period_months.value_or(12))}});
    std::string earned = r.children.empty() ? hours_amount(r.earned, chinese) : "";
    if (r.children.empty() && r.pending.hours)
        earned += say(chinese, "report.hours.pending", {{"hours", say(chinese, "report.unit.hours", {{"n", num(*r.pending.hours)}})}});
    const std::string remaining = r.remaining.hours || r.remaining.credits ? hours_amount(r.remaining, chinese) : "";
    rows.push_back({esc(title(r, chinese)),
                    esc(r.period ? format_date(r.period->first) + " – " + format_date(r.period->last) : ""), esc(required),
                    esc(earned), esc(remaining),
                    esc(with_mark(mark(r.status, chinese), exception_mark(res, r, chinese ? Language::zh_TW : Language::en)))});
    std::string cls = "depth-" + std::to_string(std::min(depth, 3));
    if (r.status == Status::not_met) cls += " bad";
    classes.push_back(cls);
    for (const auto& c : r.children) hours_rows(res, c, depth + 1, chinese, rows, classes);
}

std::string session_cells_date(const RecordRef& r) { return r.date ? format_date(*r.date) : "?"; }

std::string session_name(const RecordRef& r) {
    std::string s = r.code.empty() ? "" : "[" + r.code + "] ";
    return s + r.title;
}

void counted_sessions(const RequirementResult& r, const RenderOptions& o, std::string& out) {
    const bool c = zh(o);
    if (r.children.empty() && !r.counted.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& rec : r.counted)
            rows.push_back({esc(session_cells_date(rec)), esc(session_name(rec)),
                            esc(rec.hours ? say(c, "report.unit.hours", {{"n", num(*rec.hours)}})
                                          : say(c, "report.unit.credits", {{"n", num(rec.credits)}}))});
        out += "<h3>" + esc(title(r, c)) + "</h3>\n" +
               html_table({message_text(o.language, "sheet.col.date"), message_text(o.language, "sheet.col.session"),
                           message_text(o.language, "sheet.col.hours")},
                          rows, {false, false, true});
    }
    for (const auto& ch : r.children) counted_sessions(ch, o, out);
}

// Leaves whose period spans several school years: one table each, a row per school year.
void by_school_year(const RequirementResult& r, const RenderOptions& o, std::string& out) {
    const bool c = zh(o);
    if (!r.by_school_year.empty()) {
        std::vector<std::vector<std::string>> rows;
        for (const auto& y : r.by_school_year) {
            std::string earned = hours_amount(y.earned, c);
            if (y.pending.hours || y.pending.credits)
                earned += say(c, "report.hours.pending", {{"hours", hours_amount(y.pending, c)}});
            rows.push_back({esc(say(c, "report.hours.school_year", {{"year", std::to_string(y.school_year)}})),
                            esc(format_date(y.range.first) + " – " + format_date(y.range.last)), esc(earned)});
        }
        out += "<h3>" + esc(title(r, c)) + "</h3>\n" +
               html_table({message_text(o.language, "sheet.col.school_year"), message_text(o.language, "sheet.col.period"),
                           message_text(o.language, "sheet.col.earned")},
                          rows, {false, false, true});
    }
    for (const auto& ch : r.children) by_school_year(ch, o, out);
}

std::string not_counted(const AuditResult& res, const RenderOptions& o) {
    if (res.excluded.empty()) return "";
    std::vector<std::vector<std::string>> rows;
    for (const auto& e : res.excluded) {
        const std::string reason = e.message == "exclusion.duplicate.course" ? "duplicate.course" : e.reason;
        const std::string code = "hours.reason." + reason;
        rows.push_back({esc(session_cells_date(e.record)), esc(session_name(e.record)),
                        esc(has_message(o.language, code) ? message_text(o.language, code) : reason)});
    }
    return html_h2(message_text(o.language, "sheet.not_counted.sessions")) +
           html_table({message_text(o.language, "sheet.col.date"), message_text(o.language, "sheet.col.session"),
                       message_text(o.language, "sheet.col.reason")},
                      rows, {false, false, false});
}

std::string teacher_fields(const AuditResult& res, const RenderOptions& o) {
    const SubjectInfo& s = res.subject;
    const auto label = [&](const char* code) { return message_text(o.language, code); };
    std::vector<HtmlField> fields{{label("sheet.teacher_id"), esc(o.unmask_ids ? s.id : mask_if_national_id(s.id))},
                                  {label("sheet.name"), esc(s.name)}};
    if (!s.national_id.empty() && s.national_id != s.id)
        fields.push_back({label("sheet.national_id"), esc(o.unmask_ids ? s.national_id : mask_national_id(s.national_id))});
    fields.push_back({label("sheet.role"), esc(s.role)});
    return html_fields(fields);
}

}  // namespace

std::string render_hours_html(const AuditResult& res, const RenderOptions& o) {
    const bool c = zh(o);
    std::string out = sheet_open(message_text(o.language, "sheet.title.hours"), res, o);
    out += teacher_fields(res, o);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> classes;
    for (const auto& r : res.requirements) hours_rows(res, r, 0, c, rows, classes);
    std::vector<std::string> header;
    for (const char* col : {"requirement", "period", "required", "earned", "remaining", "check"})
        header.push_back(message_text(o.language, std::string("sheet.col.") + col));
    out += html_h2(message_text(o.language, "sheet.hours"));
    out += html_table(header, rows, {false, false, true, true, true, false}, classes);
    std::string counted;
    for (const auto& r : res.requirements) counted_sessions(r, o, counted);
    if (!counted.empty()) out += html_h2(message_text(o.language, "sheet.sessions")) + counted;
    std::string years;
    for (const auto& r : res.requirements) by_school_year(r, o, years);
    if (!years.empty()) out += html_h2(message_text(o.language, "report.hours.by_school_year")) + years;
    out += not_counted(res, o);
    out += html_flags(res, o);
    out += html_provenance(res, o);
    out += html_signatures(o, {"sheet.sign.teacher", "sheet.sign.reviewer", "sheet.sign.supervisor"});
    return out + sheet_close();
}

}}}  // namespace libaudit::v0::detail
