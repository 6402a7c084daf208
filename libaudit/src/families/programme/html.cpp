// kind: programme: the printable 主修畢業學分審核確認單 (credit-audit confirmation sheet) the source
// notice asks the student to print, sign and take to the department office: the student's data with
// the profile checks' verdicts, the table per requirement, the courses counted in the notice's form
// `[開課號] (學年期) 科目名稱 (學分)`, the flexible credits against the cap, the courses not counted
// and why, notes, provenance and the signature boxes of the student, 初審 and 複審.
#include "families/programme/html.hpp"

#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>

#include "families/programme/render.hpp"
#include "render/html.hpp"
#include "render/still_needed.hpp"
#include "render/text.hpp"

#include <algorithm>

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

bool requires_something(const RequirementResult& r) {
    return r.required.credits || r.required.courses || r.required.semesters;
}

void requirement_rows(const AuditResult& res, const RequirementResult& r, int depth, bool chinese,
                      std::vector<std::vector<std::string>>& rows,
                      std::vector<std::string>& classes) {
    const bool courses = r.required.courses.has_value();
    const bool credits = r.required.credits.has_value() || (!courses && !r.required.semesters);
    std::string required = amount(r.required, chinese, true, true);
    if (r.maximum.credits) required = say(chinese, "report.maximum", {{"n", num(*r.maximum.credits)}});
    const Language language = chinese ? Language::zh_TW : Language::en;
    std::string status = requires_something(r) || !r.children.empty() ? row_mark(r, language) : "";
    if (r.shared) status += say(chinese, "report.shared");
    status = with_mark(status, exception_mark(res, r, language));
    rows.push_back({esc(title(r, chinese)), esc(required), esc(amount(r.earned, chinese, courses, credits)),
                    esc(amount(r.pending, chinese, courses, credits)),
                    esc(requires_something(r) && !r.not_needed ? amount(r.remaining, chinese, courses, credits) : "-"),
                    esc(status)});
    std::string cls = "depth-" + std::to_string(std::min(depth, 3));
    if (depth == 0) cls += " total";
    if (r.status == Status::not_met && requires_something(r) && !r.not_needed) cls += " bad";
    classes.push_back(cls);
    for (const auto& c : r.children) requirement_rows(res, c, depth + 1, chinese, rows, classes);
}

// [0648] (1092) 環境資源調查與規劃 (3), as the notice writes a course.
std::string course_form(const RecordRef& r) {
    std::string s;
    if (!r.offering.empty()) s += "[" + r.offering + "] ";
    s += "(" + (!r.term ? std::string("?") : r.term->semester == 0 ? format_term(*r.term) : std::to_string(r.term->key())) + ") ";
    s += r.title.empty() ? r.code : r.title;
    return s + " (" + num(r.credits) + ")";
}

std::string course_item(const RecordRef& rec, const RenderOptions& o) {
    std::string li = "<li>" + esc(course_form(rec));
    if (rec.planned) li += " <span class=\"muted\">" + esc_say(o, "sheet.planned") + "</span>";
    else if (rec.in_progress) li += " <span class=\"muted\">" + esc_say(o, "sheet.in_progress") + "</span>";
    else if (!rec.grade.empty()) li += " <span class=\"muted\">" + esc(say(zh(o), "report.grade", {{"grade", rec.grade}})) + "</span>";
    return li + "</li>\n";
}

void counted_lists(const RequirementResult& r, const std::string& path, const RenderOptions& o, std::string& out) {
    const std::string here = path.empty() ? title(r, zh(o)) : path + " › " + title(r, zh(o));
    if (r.id == "flexible") return;  // its own section
    if (r.children.empty()) {
        if (r.counted.empty()) return;
        out += "<h3>" + esc(here) + "</h3>\n<ul class=\"courses\">\n";
        for (const auto& rec : r.counted) out += course_item(rec, o);
        out += "</ul>\n";
        return;
    }
    for (const auto& c : r.children) counted_lists(c, here, o, out);
}

const RequirementResult* find(const std::vector<RequirementResult>& rs, const std::string& id) {
    for (const auto& r : rs) {
        if (r.id == id) return &r;
        if (const RequirementResult* c = find(r.children, id)) return c;
    }
    return nullptr;
}

std::string flexible_section(const AuditResult& res, const RenderOptions& o) {
    const RequirementResult* flex = find(res.requirements, "flexible");
    if (!flex) return "";
    std::string out = html_h2(message_text(o.language, "sheet.flexible"));
    if (!res.figures || !res.figures->flexible_ticked)  // nothing ticked: what counts against the cap
        out += "<p>" +
               esc_say(o, "sheet.flexible.cap",
                       {{"earned", num(flex->earned.credits.value_or(0) + flex->pending.credits.value_or(0))},
                        {"cap", flex->maximum.credits ? num(*flex->maximum.credits) : "-"}}) +
               "</p>\n";
    if (res.figures && res.figures->flexible_ticked) {  // ticked against counted and the cap
        const CreditFigures& f = *res.figures;
        std::string line = say(zh(o), "report.figures.flexible", {{"ticked", num(*f.flexible_ticked)}, {"counted", num(f.flexible_counted.value_or(0))}});
        if (f.flexible_cap) line += say(zh(o), "report.figures.cap", {{"cap", num(*f.flexible_cap)}});
        if (f.flexible_unapproved && *f.flexible_unapproved > 0)
            line += say(zh(o), "report.figures.unapproved", {{"credits", num(*f.flexible_unapproved)}});
        out += "<p>" + esc(line) + "</p>\n";
    }
    if (res.figures && res.figures->awaiting_review > 0) {
        std::string courses;
        for (const auto& code : res.figures->awaiting_courses) courses += (courses.empty() ? "" : ", ") + code;
        out += "<p>" + esc(say(zh(o), "report.figures.awaiting", {{"credits", num(res.figures->awaiting_review)}, {"courses", courses}})) + "</p>\n";
    }
    if (flex->counted.empty()) return out;
    out += "<ul class=\"courses\">\n";
    for (const auto& rec : flex->counted) out += course_item(rec, o);
    return out + "</ul>\n";
}

std::string reason_label(const std::string& reason, Language language) {
    const std::string code = "programme.reason." + reason;
    return has_message(language, code) ? message_text(language, code) : reason;
}

// The courses not counted, grouped by reason (in the order each reason first appears), each group a
// heading with its count and a two-column list: a 60-course transcript with dozens of repeated or
// failed attempts keeps to about a third of a page instead of a page and a half of table rows.
std::string not_counted(const AuditResult& res, const RenderOptions& o) {
    if (res.excluded.empty()) return "";
    std::vector<std::string> reasons;
    for (const auto& e : res.excluded)
        if (std::find(reasons.begin(), reasons.end(), e.reason) == reasons.end()) reasons.push_back(e.reason);
    std::string out = html_h2(message_text(o.language, "sheet.not_counted"));
    for (const auto& reason : reasons) {
        std::string items;
        std::size_t n = 0;
        for (const auto& e : res.excluded) {
            if (e.reason != reason) continue;
            ++n;
            items += "<li>" + esc(course_form(e.record));
            if (e.record.planned) items += " <span class=\"muted\">" + esc_say(o, "sheet.planned") + "</span>";
            else if (!e.record.grade.empty()) items += " <span class=\"muted\">" + esc(say(zh(o), "report.grade", {{"grade", e.record.grade}})) + "</span>";
            items += "</li>\n";
        }
        out += "<h3>" + esc_say(o, "sheet.not_counted.group", {{"reason", reason_label(reason, o.language)}, {"n", std::to_string(n)}}) +
               "</h3>\n<ul class=\"courses\">\n" + items + "</ul>\n";
    }
    return out;
}

// A profile field with the verdict of its checks: ✓, or what the flags about it say.
std::string checked_value(const AuditResult& res, const RenderOptions& o, const std::string& field, const std::string& value) {
    std::string out = value.empty() ? "<span class=\"muted\">" + esc_say(o, "sheet.verdict.blank") + "</span>" : esc(value);
    bool flagged = false;
    for (const auto& f : res.flags)
        if (f.field == field) {
            out += "<br><span class=\"bad\">" + esc(flag_message(f, o.language, f.requirement)) + "</span>";
            flagged = true;
        }
    if (!flagged && !value.empty()) out += " <span class=\"status-met ok\">" + esc_say(o, "sheet.verdict.ok") + "</span>";
    return out;
}

std::string student_fields(const AuditResult& res, const RenderOptions& o) {
    const SubjectInfo& s = res.subject;
    const auto label = [&](const char* code) { return message_text(o.language, code); };
    const std::string id = o.unmask_ids ? s.id : mask_if_national_id(s.id);
    const std::string nid = o.unmask_ids ? s.national_id : mask_national_id(s.national_id);
    const std::string year = s.entry_year ? message_text(o.language, "sheet.entry_year.value", {{"year", std::to_string(*s.entry_year)}}) : "";
    return html_fields({{label("sheet.programme"), esc(s.programme)},
                        {label("sheet.entry_year"), esc(year)},
                        {label("sheet.student_id"), esc(id)},
                        {label("sheet.name"), esc(s.name)},
                        {label("sheet.national_id"), esc(nid)},
                        {label("sheet.english_name"), checked_value(res, o, "english_name", s.english_name)},
                        {label("sheet.email"), checked_value(res, o, "email", s.email)},
                        {label("sheet.mobile"), checked_value(res, o, "mobile", s.mobile)}});
}

}  // namespace

// The report's "still needed" section as a heading and a list, "" when nothing is needed.
std::string still_needed_html(const AuditResult& res, const RenderOptions& o) {
    const std::string text = still_needed_section(res.requirements, o.language);
    if (text.empty()) return "";
    std::string items;
    std::size_t start = text.find('\n');
    const std::string heading = text.substr(0, start);
    while (start != std::string::npos && start + 1 < text.size()) {
        const std::size_t end = text.find('\n', start + 1);
        std::string line = text.substr(start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
        line.erase(0, line.find_first_not_of(' '));
        if (!line.empty()) items += "<li>" + esc(line) + "</li>\n";
        start = end;
    }
    return html_h2(heading) + "<ul class=\"still-needed\">\n" + items + "</ul>\n";
}

std::string render_programme_html(const AuditResult& res, const RenderOptions& o) {
    const bool c = zh(o);
    std::string out = sheet_open(message_text(o.language, "sheet.title.programme"), res, o);
    out += student_fields(res, o);
    out += html_h2(message_text(o.language, "sheet.credits"));
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> classes;
    for (const auto& r : res.requirements) requirement_rows(res, r, 0, c, rows, classes);
    std::vector<std::string> header;
    for (const char* col : {"requirement", "required", "earned", "in_progress", "remaining", "check"})
        header.push_back(message_text(o.language, std::string("sheet.col.") + col));
    out += html_table(header, rows, {false, true, true, true, true, false}, classes);
    out += still_needed_html(res, o);
    std::string counted;
    for (const auto& r : res.requirements) counted_lists(r, "", o, counted);
    if (!counted.empty()) out += html_h2(message_text(o.language, "sheet.counted")) + counted;
    out += flexible_section(res, o);
    out += not_counted(res, o);
    out += html_flags(res, o);
    out += html_provenance(res, o);
    out += html_signatures(o, {"sheet.sign.student", "sheet.sign.first_review", "sheet.sign.second_review"});
    return out + sheet_close();
}

}}}  // namespace libaudit::v0::detail
