// kind: programme: the audit as terminal text (zh-TW or en) and the framework as an outline
// (`libaudit explain`) a rule author can hold against the official 課程架構.
#include "families/programme/render.hpp"

#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>

#include "render/still_needed.hpp"
#include "render/text.hpp"
#include "rules/tree_lint.hpp"

#include <fmt/format.h>

#include <map>

namespace libaudit { inline namespace v0 { namespace detail {

// "30" (credits alone), "9 學分 3 門" / "9 cr 3 crs" (credits beside courses: each with its unit);
// parts absent are left out.
std::string amount(const Amount& a, bool chinese, bool show_courses, bool show_credits) {
    const bool all_zero = (!a.credits || !show_credits || *a.credits == 0) &&
                          (!a.courses || !show_courses || *a.courses == 0) && (!a.semesters || *a.semesters == 0);
    if (all_zero && (a.credits || a.courses || a.semesters)) return "0";
    std::string s;
    if (a.credits && show_credits)
        s = (a.courses && show_courses) || a.semesters ? say(chinese, "report.unit.credits", {{"n", num(*a.credits)}})
                                                       : num(*a.credits);
    if (a.courses && show_courses) s += (s.empty() ? "" : " ") + say(chinese, "report.unit.courses", {{"n", num(*a.courses)}});
    if (a.semesters) s += (s.empty() ? "" : " ") + say(chinese, "report.unit.semesters", {{"n", num(*a.semesters)}});
    return s.empty() ? "-" : s;
}

namespace {

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


void table_rows(const AuditResult& res, const RequirementResult& r, int depth, bool chinese, std::vector<TableRow>& rows) {
    TableRow row(6);
    row[0] = std::string(static_cast<std::size_t>(depth) * 2, ' ') + title(r, chinese);
    // Show what the requirement measures: credits, courses, or both.
    const bool courses = r.required.courses.has_value();
    const bool credits = r.required.credits.has_value() || (!courses && !r.required.semesters);
    row[1] = amount(r.required, chinese, true);
    row[2] = amount(r.earned, chinese, courses, credits);
    row[3] = amount(r.pending, chinese, courses, credits);
    const bool requires_something = r.required.credits || r.required.courses || r.required.semesters;
    row[4] = requires_something && !r.not_needed ? amount(r.remaining, chinese, courses, credits) : "-";
    row[5] = requires_something || !r.children.empty() ? row_mark(r, chinese ? Language::zh_TW : Language::en) : "";
    if (r.maximum.credits) row[1] = say(chinese, "report.maximum", {{"n", num(*r.maximum.credits)}});
    if (r.shared) row[5] += say(chinese, "report.shared");
    row[5] = with_mark(row[5], exception_mark(res, r, chinese ? Language::zh_TW : Language::en));
    rows.push_back(row);
    for (const auto& c : r.children) table_rows(res, c, depth + 1, chinese, rows);
}

void counted_sections(const RequirementResult& r, const std::string& path, bool chinese, std::string& out) {
    const std::string here = path.empty() ? title(r, chinese) : path + " › " + title(r, chinese);
    if (r.children.empty()) {
        if (r.counted.empty()) return;
        out += "  " + here + "\n";
        for (const auto& rec : r.counted) {
            out += "    " + record_line(rec);
            if (rec.planned) out += "  " + say(chinese, "report.planned");
            else if (rec.in_progress) out += "  " + say(chinese, "report.in_progress");
            else if (!rec.grade.empty()) out += "  " + say(chinese, "report.grade", {{"grade", rec.grade}});
            out += "\n";
        }
        return;
    }
    for (const auto& c : r.children) counted_sections(c, here, chinese, out);
}

// "EAM6305 數位科技與教育行政創新 (2, 舊課號 EAM6303)"
std::string course_text(const detail::Course& c, Language language) {
    MessageParams p{{"code", c.code}, {"title", in_language(language, c.title, c.title_en)}, {"credits", num(c.credits)}};
    if (c.equivalents.empty()) return message_text(language, "outline.programme.course", p);
    p.push_back({"equivalents", join(c.equivalents)});
    return message_text(language, "outline.programme.course_equivalents", p);
}

std::string say_n(Language language, const char* code, const std::string& n) {
    return message_text(language, code, {{"n", n}});
}

// What a leaf or a group asks: its shape (all, any, courses, pool).
std::string shape_text(const ReqNode& n, const detail::Model& m, Language language) {
    switch (n.shape) {
        case Shape::all: return message_text(language, "outline.all_of");
        case Shape::any: return message_text(language, "outline.any_of");
        case Shape::at_least: return say_n(language, "outline.at_least", std::to_string(n.at_least));
        case Shape::courses: {
            std::vector<std::string> codes;
            for (const auto& c : n.courses) {
                const detail::Course* course = m.course(c);
                codes.push_back(course ? course_text(*course, language) : c);
            }
            return message_text(language, n.min_credits || n.min_courses ? "outline.programme.counts" : "outline.programme.must_pass",
                                {{"courses", joined(language, codes, "outline.list")}});
        }
        case Shape::pool:
            if (n.flexible) return message_text(language, "outline.programme.flexible_pool");
            if (detail::framework_only(n.where)) {
                std::vector<std::string> courses;
                for (const auto& c : m.courses)
                    if (detail::static_match(n.where, c) != detail::Match::no) courses.push_back(course_text(c, language));
                return message_text(language, "outline.programme.counts",
                                    {{"courses", courses.empty() ? message_text(language, "outline.programme.no_course")
                                                                 : joined(language, courses, "outline.list")}});
            }
            return message_text(language, "outline.programme.counts_where", {{"filter", filter_text(n.where, language)}});
    }
    return "";
}

std::string node_line(const ReqNode& n, const detail::Model& m, Language language) {
    std::vector<std::string> what{shape_text(n, m, language)};
    if (n.min_credits) what.push_back(say_n(language, "outline.programme.min_credits", num(*n.min_credits)));
    if (n.min_courses) what.push_back(say_n(language, "outline.programme.min_courses", std::to_string(*n.min_courses)));
    for (const auto& cap : n.caps) {
        std::vector<std::string> limits;
        if (cap.max_credits) limits.push_back(say_n(language, "outline.programme.max_credits", num(*cap.max_credits)));
        if (cap.max_courses) limits.push_back(say_n(language, "outline.programme.max_courses", std::to_string(*cap.max_courses)));
        std::string limit = joined(language, limits, "outline.list");
        if (!cap.where.conditions.empty())
            limit = (cap.title.empty() ? std::string() : in_language(language, cap.title, cap.title_en) + " ") + "(" +
                    filter_text(cap.where, language) + ") " + limit;
        what.push_back(limit);
    }
    if (n.share) what.push_back(message_text(language, "outline.shared"));
    return fmt::format("{} {} — {}", n.id, in_language(language, n.title, n.title_en), joined(language, what, "outline.then"));
}

}  // namespace

namespace {

// The credit figures the office checks by hand: flexible credits ticked against counted and the
// cap; credits awaiting the department's decision.
std::string figures_text(const AuditResult& res, bool c) {
    if (!res.figures) return "";
    const CreditFigures& f = *res.figures;
    std::string out;
    if (f.flexible_ticked) {
        out += say(c, "report.figures.flexible", {{"ticked", num(*f.flexible_ticked)}, {"counted", num(f.flexible_counted.value_or(0))}});
        if (f.flexible_cap) out += say(c, "report.figures.cap", {{"cap", num(*f.flexible_cap)}});
        if (f.flexible_unapproved && *f.flexible_unapproved > 0)
            out += say(c, "report.figures.unapproved", {{"credits", num(*f.flexible_unapproved)}});
        out += "\n";
    }
    if (f.awaiting_review > 0) {
        std::string courses;
        for (const auto& code : f.awaiting_courses) courses += (courses.empty() ? "" : ", ") + code;
        out += say(c, "report.figures.awaiting", {{"credits", num(f.awaiting_review)}, {"courses", courses}}) + "\n";
    }
    return out;
}

}  // namespace

void write_programme_json(JsonWriter& w, const AuditResult& res, const RenderOptions&) {
    if (!res.figures) return;
    const CreditFigures& f = *res.figures;
    w.key("figures");
    w.begin_object();
    if (f.flexible_ticked) {
        w.key("flexible");
        w.begin_object();
        w.key("ticked"), w.number(*f.flexible_ticked);
        w.key("counted"), w.number(f.flexible_counted.value_or(0));
        if (f.flexible_cap) w.key("cap"), w.number(*f.flexible_cap);
        if (f.flexible_unapproved) w.key("unapproved"), w.number(*f.flexible_unapproved);
        w.end_object();
    }
    w.key("awaiting_review");
    w.begin_object();
    w.key("credits"), w.number(f.awaiting_review);
    w.key("courses");
    w.begin_array();
    for (const auto& code : f.awaiting_courses) w.string(code);
    w.end_array();
    w.end_object();
    w.end_object();
}

// The header's what-if lines (docs/what-if.md): the framework audited against, the planned courses.
std::string what_if_lines(const AuditResult& res, bool c) {
    if (!res.what_if) return {};
    std::string out;
    const std::string title = in_language(c, res.ruleset.title, res.ruleset.title_en);
    if (res.what_if->entry_year)
        out += say(c, "report.what_if.entry_year",
                   {{"entry_year", std::to_string(*res.what_if->entry_year)}, {"ruleset", res.ruleset.id}, {"title", title}}) +
               "\n";
    else if (res.what_if->framework())
        out += say(c, "report.what_if.framework", {{"ruleset", res.ruleset.id}, {"title", title}}) + "\n";
    if (res.what_if->planned > 0)
        out += say(c, "report.what_if.plan", {{"count", std::to_string(res.what_if->planned)}}) + "\n";
    return out;
}

std::string render_programme_text(const AuditResult& res, const RenderOptions& o) {
    const bool c = zh(o);
    std::string out;
    out += say(c, "report.programme.heading", {{"title", in_language(c, res.ruleset.title, res.ruleset.title_en)}}) + "\n";
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
    out += what_if_lines(res, c);
    out += "\n" + say(c, "report.result", {{"status", result_status_label(res, c)}}) + "\n\n";

    std::vector<TableRow> rows;
    TableRow header;
    for (const char* column : {"requirement", "required", "earned", "in_progress", "remaining", "status"})
        header.push_back(say(c, std::string("report.col.") + column));
    rows.push_back(std::move(header));
    for (const auto& r : res.requirements) table_rows(res, r, 0, c, rows);
    out += format_table(rows, {false, true, true, true, true}, o.width);
    if (const std::string figures = figures_text(res, c); !figures.empty()) out += "\n" + figures;

    const std::string needed = still_needed_section(res.requirements, o.language);
    if (!needed.empty()) out += "\n" + needed;

    std::string counted;
    for (const auto& r : res.requirements) counted_sections(r, "", c, counted);
    if (!counted.empty()) out += std::string("\n") + say(c, "report.programme.courses_counted") + "\n" + counted;

    if (!res.excluded.empty()) {
        out += std::string("\n") + say(c, "report.programme.courses_not_counted") + "\n";
        for (const auto& e : res.excluded) {
            std::string line = "  " + record_line(e.record);
            if (e.record.planned) line += "  " + say(c, "report.planned");
            else if (!e.record.grade.empty()) line += "  " + say(c, "report.grade", {{"grade", e.record.grade}});
            line += "  — " + reason_label(e.reason, c);
            out += line + "\n";
        }
    }
    if (!res.flags.empty()) {
        const std::map<std::string, std::string> titles = requirement_titles(res, c);
        out += std::string("\n") + say(c, "report.notes") + "\n";
        for (const auto& f : res.flags) {
            const char* sym = f.severity == "error" ? "!" : f.severity == "warning" ? "*" : "-";
            const std::string text = flag_text(f, c, titles);
            out += fmt::format("  {} {} [{}]\n", sym, with_mark(exception_note_mark(res, f, o.language), text), f.code);
        }
    }
    return out;
}

namespace {

// A data check: its field, validator and/or the author's pattern, required or not, the exact form,
// then what failing it does (block, review) and from which term.
std::string check_line(const detail::Check& c, Language language) {
    std::string how = c.validator;
    if (!c.matches.empty()) {
        const std::string m = message_text(language, "outline.programme.check_matches", {{"matches", c.matches}});
        how = how.empty() ? m : message_text(language, "outline.list", {{"a", how}, {"b", m}});
    }
    const char* code = c.required ? (c.pattern.empty() ? "outline.programme.check_required"
                                                       : "outline.programme.check_required_pattern")
                                  : (c.pattern.empty() ? "outline.programme.check" : "outline.programme.check_pattern");
    std::string out = message_text(language, code, {{"field", c.field}, {"validator", how}, {"pattern", c.pattern}});
    if (c.effect == detail::CheckEffect::block) out += message_text(language, "outline.programme.check_block");
    if (c.effect == detail::CheckEffect::review) out += message_text(language, "outline.programme.check_review");
    if (c.from) out += message_text(language, "outline.programme.check_from", {{"term", format_term(*c.from)}});
    if (c.from_date) out += message_text(language, "outline.programme.check_from_date", {{"date", format_date(*c.from_date)}});
    return out;
}

// Application windows, courses of later frameworks and the order flexible credits fill the cap in.
std::string programme_rules17(const detail::Model& m, Language language) {
    std::string out;
    static const char* const order_keys[] = {"term", "term_desc", "code", "row", "credits", "credits_desc"};
    if (!m.flexible_order.empty()) {
        std::string keys;
        for (detail::FlexOrderKey k : m.flexible_order)
            keys += (keys.empty() ? "" : ", ") + std::string(order_keys[static_cast<int>(k)]);
        out += message_text(language, "outline.programme.flexible_order", {{"order", keys}}) + "\n";
    }
    for (const auto& lc : m.later_courses)
        out += message_text(language, "outline.programme.later_course",
                            {{"course", lc.code}, {"entry_year", std::to_string(lc.entry_year)}}) +
               "\n";
    for (const auto& w : m.eligibility.application_windows)
        out += message_text(language, "outline.programme.application_window",
                            {{"term", format_term(w.term)},
                             {"first", format_roc_date(w.days.first)},
                             {"last", format_roc_date(w.days.last)}}) +
               "\n";
    return out;
}

// The lines after the outline: eligibility, warnings, data checks and the allocation budget.
std::string programme_settings(const detail::Model& m, Language language) {
    std::string out;
    const auto& e = m.eligibility;
    if (m.has_flexible && m.flexible_requires_approval)
        out += message_text(language, "outline.programme.flexible_approval") + "\n";
    if (e.max_years)
        out += message_text(language, "outline.programme.extension", {{"year", std::to_string(*e.max_years)}}) + "\n";
    if (!e.legacy_before.empty())
        out += message_text(language, "outline.programme.legacy", {{"before", e.legacy_before}}) + "\n";
    if (e.teacher_education_warning) out += message_text(language, "outline.programme.teacher_education") + "\n";
    out += programme_rules17(m, language);
    for (const auto& c : m.checks) out += check_line(c, language) + "\n";
    out += message_text(language, "outline.programme.budget", {{"steps", std::to_string(m.max_steps)}}) + "\n";
    return out;
}

}  // namespace

std::string explain_programme(const detail::Model& m, Language language) {
    std::string out = heading(m, language);
    std::vector<std::string> years;
    for (int y : m.entry_years) years.push_back(std::to_string(y));
    const std::string any = message_text(language, "outline.any");
    out += message_text(language, "outline.programme.applies",
                        {{"programmes", m.programmes.empty() ? any : join(m.programmes)},
                         {"years", years.empty() ? any : join(years)}}) +
           "\n";
    const auto& g = m.grading;
    out += message_text(language, "outline.programme.grades",
                        {{"pass_mark", num(g.pass_mark)},
                         {"passing", join(g.pass_grades)},
                         {"failing", join(g.failed_grades)},
                         {"in_progress", join(g.in_progress_grades)},
                         {"withdrawn", join(g.withdrawn_grades)},
                         {"repeats", g.repeats == detail::Repeats::best ? "best" : "latest"}}) +
           "\n\n";
    outline(m.root, [&](const ReqNode& n) { return node_line(n, m, language); }, out);
    if (m.eligibility.min_semesters)
        out += say_n(language, "outline.programme.semesters", std::to_string(*m.eligibility.min_semesters)) + "\n";
    return out + "\n" + programme_settings(m, language);
}

}}}  // namespace libaudit::v0::detail
