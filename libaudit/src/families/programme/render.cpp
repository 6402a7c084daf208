// kind: programme: the audit as terminal text (zh-TW or en) and the framework as an outline
// (`libaudit explain`) a rule author can hold against the official 課程架構.
#include "families/programme/render.hpp"

#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>

#include "render/text.hpp"
#include "rules/tree_lint.hpp"

#include <fmt/format.h>

#include <map>

namespace libaudit::detail {

namespace {

// "9 學分 3 門" / "9 cr 3 courses"; parts absent are left out.
std::string amount(const Amount& a, bool chinese, bool show_courses, bool show_credits = true) {
    const bool all_zero = (!a.credits || !show_credits || *a.credits == 0) &&
                          (!a.courses || !show_courses || *a.courses == 0) && (!a.semesters || *a.semesters == 0);
    if (all_zero && (a.credits || a.courses || a.semesters)) return "0";
    std::string s;
    if (a.credits && show_credits) s = num(*a.credits);
    if (a.courses && show_courses) s += (s.empty() ? "" : " ") + say(chinese, "report.unit.courses", {{"n", num(*a.courses)}});
    if (a.semesters) s += (s.empty() ? "" : " ") + say(chinese, "report.unit.semesters", {{"n", num(*a.semesters)}});
    return s.empty() ? "-" : s;
}

std::string record_line(const RecordRef& r) {
    // The seed's form: [0648] (1092) 環境資源調查與規劃 (3)
    std::string s;
    if (!r.offering.empty()) s += "[" + r.offering + "] ";
    s += "(" + (r.term ? format_term(*r.term) : std::string("?")) + ") ";
    s += r.title.empty() ? r.code : r.title;
    s += " (" + num(r.credits) + ")";
    return s;
}

std::string reason_label(const std::string& reason, bool chinese) {
    const std::string code = "programme.reason." + reason;
    const Language language = chinese ? Language::zh_TW : Language::en;
    return has_message(language, code) ? message_text(language, code) : reason;
}

std::string flag_text(const Flag& f, bool chinese, const std::map<std::string, std::string>& titles) {
    const auto title = titles.find(f.requirement);
    return flag_message(f, chinese ? Language::zh_TW : Language::en,
                        title == titles.end() ? f.requirement : title->second);
}


void table_rows(const RequirementResult& r, int depth, bool chinese, std::vector<TableRow>& rows) {
    TableRow row(6);
    row[0] = std::string(static_cast<std::size_t>(depth) * 2, ' ') + title(r, chinese);
    // Show what the requirement measures: credits, courses, or both.
    const bool courses = r.required.courses.has_value();
    const bool credits = r.required.credits.has_value() || (!courses && !r.required.semesters);
    row[1] = amount(r.required, chinese, true);
    row[2] = amount(r.earned, chinese, courses, credits);
    row[3] = amount(r.pending, chinese, courses, credits);
    row[4] = r.required.credits || r.required.courses || r.required.semesters
                       ? amount(r.remaining, chinese, courses, credits)
                       : "-";
    const bool requires_something = r.required.credits || r.required.courses || r.required.semesters;
    row[5] = requires_something || !r.children.empty() ? mark(r.status, chinese) : "";
    if (r.maximum.credits) row[1] = say(chinese, "report.maximum", {{"n", num(*r.maximum.credits)}});
    if (r.shared) row[5] += say(chinese, "report.shared");
    rows.push_back(row);
    for (const auto& c : r.children) table_rows(c, depth + 1, chinese, rows);
}

void counted_sections(const RequirementResult& r, const std::string& path, bool chinese, std::string& out) {
    const std::string here = path.empty() ? title(r, chinese) : path + " › " + title(r, chinese);
    if (r.children.empty()) {
        if (r.counted.empty()) return;
        out += "  " + here + "\n";
        for (const auto& rec : r.counted) {
            out += "    " + record_line(rec);
            if (rec.in_progress) out += "  " + say(chinese, "report.in_progress");
            else if (!rec.grade.empty()) out += "  " + say(chinese, "report.grade", {{"grade", rec.grade}});
            out += "\n";
        }
        return;
    }
    for (const auto& c : r.children) counted_sections(c, here, chinese, out);
}

// "EAM6305 數位科技與教育行政創新 (2, 舊課號 EAM6303)"
std::string course_text(const detail::Course& c, const Words& w) {
    std::string s = fmt::format("{} {} ({:g}", c.code, c.title, c.credits);
    if (!c.equivalents.empty()) s += std::string(w("，舊課號 ", ", also ")) + join(c.equivalents);
    return s + ")";
}

std::string node_line(const ReqNode& n, const detail::Model& m, const Words& w) {
    std::vector<std::string> what;
    switch (n.shape) {
        case Shape::all: what.push_back(w("下列全部符合", "all of the below")); break;
        case Shape::any: what.push_back(w("下列任一符合", "any one of the below")); break;
        case Shape::at_least: what.push_back(fmt::format(w.zh ? "下列至少 {} 項符合" : "at least {} of the below", n.at_least)); break;
        case Shape::courses: {
            std::vector<std::string> codes;
            for (const auto& c : n.courses) {
                const detail::Course* course = m.course(c);
                codes.push_back(course ? course_text(*course, w) : c);
            }
            what.push_back((n.min_credits || n.min_courses ? w("可計入：", "counts: ") : w("須修畢：", "must pass: ")) +
                           join(codes, w("、", ", ")));
            break;
        }
        case Shape::pool:
            if (n.flexible) {
                what.push_back(w("課程架構外、勾選為彈性學分之課程", "courses outside the framework ticked as flexible credits"));
                break;
            }
            if (detail::framework_only(n.where)) {
                std::vector<std::string> courses;
                for (const auto& c : m.courses)
                    if (detail::static_match(n.where, c) != detail::Match::no) courses.push_back(course_text(c, w));
                what.push_back(w("可計入：", "counts: ") + (courses.empty() ? std::string(w("（無課程）", "(no course)")) : join(courses, w("、", ", "))));
            } else {
                what.push_back(w("計入符合條件之課程（含課程架構外）：", "counts any course (also outside the framework) where ") +
                               filter_text(n.where, w));
            }
            break;
    }
    if (n.min_credits) what.push_back(fmt::format(w.zh ? "至少 {:g} 學分" : "at least {:g} credits", *n.min_credits));
    if (n.min_courses) what.push_back(fmt::format(w.zh ? "至少 {} 門" : "at least {} courses", *n.min_courses));
    for (const auto& cap : n.caps) {
        std::string limit;
        if (cap.max_credits) limit = fmt::format(w.zh ? "至多 {:g} 學分" : "at most {:g} credits", *cap.max_credits);
        if (cap.max_courses)
            limit += (limit.empty() ? "" : w("、", ", ")) + fmt::format(w.zh ? "至多 {} 門" : "at most {} courses", *cap.max_courses);
        if (!cap.where.conditions.empty())
            limit = (cap.title.empty() ? std::string() : cap.title + " ") + "(" + filter_text(cap.where, w) + ") " + limit;
        what.push_back(limit);
    }
    if (n.share) what.push_back(w("可與其他要求重複認列", "shared: its courses also count elsewhere"));
    return fmt::format("{} {} — {}", n.id, n.title, join(what, w("；", "; ")));
}

}  // namespace

std::string render_programme_text(const AuditResult& res, const RenderOptions& o) {
    const bool c = zh(o);
    std::string out;
    out += say(c, "report.programme.heading", {{"title", res.ruleset.title}}) + "\n";
    std::string who = say(c, "report.programme.student",
                          {{"id", o.unmask_ids ? res.subject.id : mask_if_national_id(res.subject.id)}});
    if (!res.subject.name.empty()) who += "  " + res.subject.name;
    if (!res.subject.national_id.empty())
        who += "  " + say(c, "report.national_id",
                          {{"id", o.unmask_ids ? res.subject.national_id : mask_national_id(res.subject.national_id)}});
    if (res.subject.entry_year)
        who += "  " + say(c, "report.programme.entry_year", {{"year", std::to_string(*res.subject.entry_year)}});
    if (res.subject.year_of_study)
        who += "  " + say(c, "report.programme.year_of_study", {{"year", std::to_string(*res.subject.year_of_study)}});
    out += who + "\n";
    out += say(c, "report.programme.as_of",
               {{"as_of", res.as_of ? format_term(*res.as_of) : "-"}, {"ruleset", res.ruleset.id},
                {"version", res.ruleset.version}, {"sha256", res.ruleset.sha256.substr(0, 12)},
                {"engine", res.engine_version}}) +
           "\n";
    out += "\n" + say(c, "report.result", {{"status", status_label(res.status, c)}}) + "\n\n";

    std::vector<TableRow> rows;
    TableRow header;
    for (const char* column : {"requirement", "required", "earned", "in_progress", "remaining", "status"})
        header.push_back(say(c, std::string("report.col.") + column));
    rows.push_back(std::move(header));
    for (const auto& r : res.requirements) table_rows(r, 0, c, rows);
    out += format_table(rows, {false, true, true, true, true});

    std::string counted;
    for (const auto& r : res.requirements) counted_sections(r, "", c, counted);
    if (!counted.empty()) out += std::string("\n") + say(c, "report.programme.courses_counted") + "\n" + counted;

    if (!res.excluded.empty()) {
        out += std::string("\n") + say(c, "report.programme.courses_not_counted") + "\n";
        for (const auto& e : res.excluded) {
            std::string line = "  " + record_line(e.record);
            if (!e.record.grade.empty()) line += "  " + say(c, "report.grade", {{"grade", e.record.grade}});
            line += "  — " + reason_label(e.reason, c);
            out += line + "\n";
        }
    }
    if (!res.flags.empty()) {
        const std::map<std::string, std::string> titles = requirement_titles(res, c);
        out += std::string("\n") + say(c, "report.notes") + "\n";
        for (const auto& f : res.flags) {
            const char* sym = f.severity == "error" ? "!" : f.severity == "warning" ? "*" : "-";
            out += fmt::format("  {} {} [{}]\n", sym, flag_text(f, c, titles), f.code);
        }
    }
    return out;
}

std::string explain_programme(const detail::Model& m, Language language) {
    const Words w{language == Language::zh_TW};
    std::string out = heading(m, w);
    std::vector<std::string> years;
    for (int y : m.entry_years) years.push_back(std::to_string(y));
    out += fmt::format(w.zh ? "適用：班別 {}；入學學年度 {}\n" : "Applies to: programme {}; entry years {}\n",
                       m.programmes.empty() ? w("不限", "any") : join(m.programmes),
                       years.empty() ? w("不限", "any") : join(years));
    const auto& g = m.grading;
    out += fmt::format(w.zh ? "成績：及格 {:g} 分；通過 {}；不通過 {}；修課中 空白、{}；停修 {}；重複修習取{}\n"
                            : "Grades: pass mark {:g}; passing {}; failing {}; in progress blank, {}; withdrawn {}; repeats count the {} attempt\n",
                       g.pass_mark, join(g.pass_grades), join(g.failed_grades), join(g.in_progress_grades),
                       join(g.withdrawn_grades),
                       g.repeats == detail::Repeats::best ? w("最佳成績", "best") : w("最後一次", "latest"));
    out += "\n";
    outline(m.root, [&](const ReqNode& n) { return node_line(n, m, w); }, out);
    const auto& e = m.eligibility;
    if (e.min_semesters) out += fmt::format(w.zh ? "semesters 在學學期數 — 至少 {} 學期\n" : "semesters enrolled semesters — at least {}\n", *e.min_semesters);
    out += "\n";
    if (m.has_flexible && m.flexible_requires_approval)
        out += w("彈性學分須經系所核准（紀錄欄位 approved / 核准）。\n", "Flexible credits need department approval (record column approved).\n");
    if (e.max_years)
        out += fmt::format(w.zh ? "修業第 {} 年起仍未符合者：須申請延長修業年限。\n"
                                : "From year {} of study, a student who has not met the requirements must apply for an extension.\n",
                           *e.max_years);
    if (!e.legacy_before.empty())
        out += fmt::format(w.zh ? "學號早於 {} 者：分類僅供參考，需人工審核。\n"
                                : "Student ids before {}: classification for reference only, manual review.\n",
                           e.legacy_before);
    if (e.teacher_education_warning)
        out += w("教程生下學期尚需修教程課程者：提醒暫勿申請。\n",
                 "Teacher-education students still needing courses: warned not to apply yet.\n");
    for (const auto& c : m.checks) {
        out += fmt::format(w.zh ? "資料檢查：{} — {}{}{}\n" : "Data check: {} — {}{}{}\n", c.field, c.validator,
                           c.required ? w("，必填", ", required") : "",
                           c.pattern.empty() ? std::string() : (w.zh ? "，應為 " : ", must be ") + c.pattern);
    }
    out += fmt::format(w.zh ? "學分歸類搜尋上限：{} 步\n" : "Allocation search budget: {} steps\n", m.max_steps);
    return out;
}

}  // namespace libaudit::detail
