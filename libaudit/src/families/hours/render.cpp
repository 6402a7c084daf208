// kind: hours: a teacher's hours audit as terminal text (zh-TW or en) and the policy as an outline.
#include "families/hours/render.hpp"

#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>

#include "render/still_needed.hpp"
#include "render/text.hpp"

#include <fmt/format.h>

#include <map>

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

std::string hours_text(double h, bool chinese) { return say(chinese, "report.unit.hours", {{"n", num(h)}}); }
std::string credits_text(double n, bool chinese) { return say(chinese, "report.unit.credits", {{"n", num(n)}}); }

std::string hours_amount(const Amount& a, bool chinese) {
    if (a.hours) return hours_text(*a.hours, chinese);
    if (a.credits) return credits_text(*a.credits, chinese);
    return "-";
}

std::string session_line(const RecordRef& r, bool chinese) {
    // (2025-09-03) [408783] 課程設計與統合 3 小時
    std::string s = "(" + (r.date ? format_date(*r.date) : std::string("?")) + ") ";
    if (!r.code.empty()) s += "[" + r.code + "] ";
    if (!r.title.empty()) s += r.title + " ";
    if (r.hours) s += hours_text(*r.hours, chinese);
    else s += credits_text(r.credits, chinese);
    return s;
}

std::string hours_reason(const std::string& reason, bool chinese) {
    const std::string code = "hours.reason." + reason;
    const Language language = chinese ? Language::zh_TW : Language::en;
    return has_message(language, code) ? message_text(language, code) : reason;
}

void hours_rows(const AuditResult& res, const RequirementResult& r, int depth, bool chinese, std::vector<TableRow>& rows) {
    TableRow row(6);
    row[0] = std::string(static_cast<std::size_t>(depth) * 2, ' ') + title(r, chinese);
    row[1] = r.period ? format_date(r.period->first) + " – " + format_date(r.period->last) : "";
    row[2] = hours_amount(r.required, chinese);
    if (r.months)
        row[2] += say(chinese, "report.hours.months",
                      {{"months", std::to_string(*r.months)}, {"of", std::to_string(r.period_months.value_or(12))}});
    row[3] = r.children.empty() ? hours_amount(r.earned, chinese) : "";
    if (r.children.empty() && r.pending.hours)
        row[3] += say(chinese, "report.hours.pending", {{"hours", hours_text(*r.pending.hours, chinese)}});
    row[4] = r.not_needed ? "" : r.remaining.hours ? hours_text(*r.remaining.hours, chinese)
                               : r.remaining.credits ? hours_amount(r.remaining, chinese)
                                                     : "";
    const Language language = chinese ? Language::zh_TW : Language::en;
    row[5] = with_mark(row_mark(r, language), exception_mark(res, r, language));
    rows.push_back(row);
    for (const auto& ch : r.children) hours_rows(res, ch, depth + 1, chinese, rows);
}

void hours_counted(const RequirementResult& r, bool chinese, std::string& out) {
    if (r.children.empty() && !r.counted.empty()) {
        out += "  " + title(r, chinese) + "\n";
        for (const auto& rec : r.counted) out += "    " + session_line(rec, chinese) + "\n";
    }
    for (const auto& ch : r.children) hours_counted(ch, chinese, out);
}

// Leaves whose period spans several school years: a title row, then one row per school year
// with its part of the period and what counted there.
void hours_by_year(const RequirementResult& r, bool chinese, std::vector<TableRow>& rows) {
    if (!r.by_school_year.empty()) {
        rows.push_back({"  " + title(r, chinese), "", "", ""});
        for (const auto& y : r.by_school_year) {
            std::string earned = hours_amount(y.earned, chinese);
            if (y.pending.hours) earned += say(chinese, "report.hours.pending", {{"hours", hours_text(*y.pending.hours, chinese)}});
            else if (y.pending.credits) earned += say(chinese, "report.hours.pending", {{"hours", credits_text(*y.pending.credits, chinese)}});
            rows.push_back({"    " + say(chinese, "report.hours.school_year", {{"year", std::to_string(y.school_year)}}),
                            format_date(y.range.first) + " – " + format_date(y.range.last), earned, ""});
        }
    }
    for (const auto& ch : r.children) hours_by_year(ch, chinese, rows);
}

std::string say_n(Language language, const char* code, const std::string& n) {
    return message_text(language, code, {{"n", n}});
}

std::string period_text(const detail::Period& p, Language language) {
    switch (p.kind) {
        case detail::PeriodKind::none: return message_text(language, "outline.hours.period.none");
        case detail::PeriodKind::school_year: return message_text(language, "outline.hours.period.school_year");
        case detail::PeriodKind::calendar_year: return message_text(language, "outline.hours.period.calendar_year");
        case detail::PeriodKind::school_years: return say_n(language, "outline.hours.period.school_years", std::to_string(p.count));
        case detail::PeriodKind::years: return say_n(language, "outline.hours.period.years", std::to_string(p.count));
    }
    return "";
}

// kind hours: "preschool.year 教保專業知能研習 — 研習：全部；曆年；至少 18 小時；按在職月數比例"
std::string hours_node_line(const ReqNode& n, const detail::Model& m, Language language) {
    std::vector<std::string> what;
    switch (n.shape) {
        case Shape::all: what.push_back(message_text(language, "outline.all_of")); break;
        case Shape::any: what.push_back(message_text(language, "outline.any_of")); break;
        case Shape::at_least: what.push_back(say_n(language, "outline.at_least", std::to_string(n.at_least))); break;
        default: what.push_back(message_text(language, "outline.hours.sessions_where", {{"filter", filter_text(n.where, language)}}));
    }
    if (n.children.empty()) {
        what.push_back(period_text(n.period, language));
        if (n.min_hours) what.push_back(say_n(language, "outline.hours.min_hours", num(*n.min_hours)));
        if (n.min_credits) what.push_back(say_n(language, "outline.hours.min_credits", num(*n.min_credits)));
        const auto rate = n.credit_hours ? n.credit_hours : m.hours.credit_hours;
        if (n.min_hours && rate && *rate > 0) what.push_back(say_n(language, "outline.hours.credit_rate", num(*rate)));
        if (n.prorate) what.push_back(message_text(language, "outline.hours.prorate"));
    }
    if (!n.roles.empty()) what.push_back(message_text(language, "outline.hours.only_roles", {{"roles", join(n.roles)}}));
    return fmt::format("{} {} — {}", n.id, in_language(language, n.title, n.title_en), joined(language, what, "outline.then"));
}

}  // namespace

std::string render_hours_text(const AuditResult& res, const RenderOptions& o) {
    const bool c = zh(o);
    std::string out = say(c, "report.hours.heading", {{"title", in_language(c, res.ruleset.title, res.ruleset.title_en)}}) + "\n";
    std::string who =
        say(c, "report.hours.teacher", {{"id", o.unmask_ids ? res.subject.id : mask_if_national_id(res.subject.id)}});
    if (!res.subject.name.empty()) who += "  " + res.subject.name;
    if (!res.subject.national_id.empty() && res.subject.national_id != res.subject.id)
        who += "  " + say(c, "report.national_id",
                          {{"id", o.unmask_ids ? res.subject.national_id : mask_national_id(res.subject.national_id)}});
    if (!res.subject.role.empty()) who += "  " + say(c, "report.hours.role", {{"role", res.subject.role}});
    out += who + "\n";
    out += say(c, "report.hours.as_of",
               {{"as_of", res.as_of_date ? format_date(*res.as_of_date) : "-"}, {"ruleset", res.ruleset.id},
                {"version", res.ruleset.version}, {"sha256", res.ruleset.sha256.substr(0, 12)},
                {"engine", res.engine_version}}) +
           "\n";
    // Hours pending are attendee lists under review, not courses in progress: their own words.
    std::string verdict = res.status == Status::met_pending ? say(c, "report.hours.status.met_pending")
                                                            : status_label(res.status, c);
    if (res.status == Status::not_met && !res.requirements.empty() && res.requirements.front().remaining.hours)
        verdict += say(c, "report.hours.short_by", {{"hours", num(*res.requirements.front().remaining.hours)}});
    out += "\n" + say(c, "report.result", {{"status", verdict}}) + "\n\n";

    std::vector<TableRow> rows;
    TableRow header;
    for (const char* column : {"requirement", "period", "required_hours", "earned_hours", "short_by", "status"})
        header.push_back(say(c, std::string("report.col.") + column));
    rows.push_back(std::move(header));
    for (const auto& r : res.requirements) hours_rows(res, r, 0, c, rows);
    out += format_table(rows, {false, false, true, true, true}, o.width);
    const std::string needed = still_needed_section(res.requirements, o.language);
    if (!needed.empty()) out += "\n" + needed;
    std::string counted;
    for (const auto& r : res.requirements) hours_counted(r, c, counted);
    if (!counted.empty()) out += std::string("\n") + say(c, "report.hours.sessions_counted") + "\n" + counted;
    std::vector<TableRow> years;
    for (const auto& r : res.requirements) hours_by_year(r, c, years);
    if (!years.empty()) out += std::string("\n") + say(c, "report.hours.by_school_year") + "\n" + format_table(years, {false, false, true, false}, o.width);
    if (!res.excluded.empty()) {
        out += std::string("\n") + say(c, "report.hours.sessions_not_counted") + "\n";
        for (const auto& e : res.excluded) {
            // A duplicate by course code alone (hours.duplicate_key) says so: its sessions differ in date.
            const std::string reason = e.message == "exclusion.duplicate.course" ? "duplicate.course" : e.reason;
            out += "  " + session_line(e.record, c) + "  — " + hours_reason(reason, c) + "\n";
        }
    }
    if (!res.flags.empty()) {
        out += std::string("\n") + say(c, "report.notes") + "\n";
        for (const auto& f : res.flags) {
            const char* sym = f.severity == "error" ? "!" : f.severity == "warning" ? "*" : "-";
            const std::string text = flag_message(f, c ? Language::zh_TW : Language::en, f.requirement);
            out += fmt::format("  {} {} [{}]\n", sym, with_mark(exception_note_mark(res, f, o.language), text), f.code);
        }
    }
    return out;
}

std::string explain_hours(const detail::Model& m, Language language) {
    std::string out = heading(m, language);
    const auto& h = m.hours;
    const std::string any = message_text(language, "outline.any");
    out += message_text(language, "outline.hours.roles", {{"roles", m.roles.empty() ? any : join(m.roles)}}) + "\n";
    out += message_text(language, "outline.hours.hours",
                        {{"unit", num(h.unit)},
                         {"min_session", num(h.min_session)},
                         {"credits", h.credit_hours ? say_n(language, "outline.hours.per_credit", num(*h.credit_hours))
                                                    : message_text(language, "outline.hours.not_converted")},
                         {"categories", h.categories.empty() ? any : join(h.categories)}}) +
           "\n";
    out += message_text(language, "outline.hours.counting") + "\n\n";
    outline(m.root, [&](const ReqNode& n) { return hours_node_line(n, m, language); }, out);
    return out;
}

}}}  // namespace libaudit::v0::detail
