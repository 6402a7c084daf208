// kind: hours: a teacher's hours audit as terminal text (zh-TW or en) and the policy as an outline.
#include "families/hours/render.hpp"

#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>

#include "render/text.hpp"

#include <fmt/format.h>

#include <map>

namespace libaudit::detail {

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

void hours_rows(const RequirementResult& r, int depth, bool chinese, std::vector<TableRow>& rows) {
    TableRow row(6);
    row[0] = std::string(static_cast<std::size_t>(depth) * 2, ' ') + title(r, chinese);
    row[1] = r.period ? format_date(r.period->first) + " – " + format_date(r.period->last) : "";
    row[2] = hours_amount(r.required, chinese);
    if (r.months)
        row[2] += say(chinese, "report.hours.months",
                      {{"months", std::to_string(*r.months)}, {"of", std::to_string(r.period_months.value_or(12))}});
    row[3] = r.children.empty() ? hours_amount(r.earned, chinese) : "";
    row[4] = r.remaining.hours ? hours_text(*r.remaining.hours, chinese)
                   : r.remaining.credits ? hours_amount(r.remaining, chinese)
                                         : "";
    row[5] = mark(r.status, chinese);
    rows.push_back(row);
    for (const auto& ch : r.children) hours_rows(ch, depth + 1, chinese, rows);
}

void hours_counted(const RequirementResult& r, bool chinese, std::string& out) {
    if (r.children.empty() && !r.counted.empty()) {
        out += "  " + title(r, chinese) + "\n";
        for (const auto& rec : r.counted) out += "    " + session_line(rec, chinese) + "\n";
    }
    for (const auto& ch : r.children) hours_counted(ch, chinese, out);
}

// kind hours: "preschool.year 教保專業知能研習 — 研習：全部；曆年；至少 18 小時；按在職月數比例"
std::string hours_node_line(const ReqNode& n, const detail::Model& m, const Words& w) {
    std::vector<std::string> what;
    switch (n.shape) {
        case Shape::all: what.push_back(w("下列全部符合", "all of the below")); break;
        case Shape::any: what.push_back(w("下列任一符合", "any one of the below")); break;
        case Shape::at_least: what.push_back(fmt::format(w.zh ? "下列至少 {} 項符合" : "at least {} of the below", n.at_least)); break;
        default: what.push_back(w("研習：", "sessions where ") + filter_text(n.where, w));
    }
    if (n.children.empty()) {
        switch (n.period.kind) {
            case detail::PeriodKind::none: what.push_back(w("審核日期前全部", "all up to the as-of date")); break;
            case detail::PeriodKind::school_year: what.push_back(w("審核日期所在學年度（8/1–7/31）", "the as-of school year (1 Aug-31 Jul)")); break;
            case detail::PeriodKind::calendar_year: what.push_back(w("審核日期所在曆年", "the as-of calendar year")); break;
            case detail::PeriodKind::school_years:
                what.push_back(fmt::format(w.zh ? "至審核學年度止 {} 學年" : "{} school years ending with the as-of one", n.period.count));
                break;
            case detail::PeriodKind::years:
                what.push_back(fmt::format(w.zh ? "審核日期前 {} 年內" : "{} years ending on the as-of date", n.period.count));
                break;
        }
        if (n.min_hours) what.push_back(fmt::format(w.zh ? "至少 {:g} 小時" : "at least {:g} hours", *n.min_hours));
        if (n.min_credits) what.push_back(fmt::format(w.zh ? "至少 {:g} 學分（不換算）" : "at least {:g} credits (not converted)", *n.min_credits));
        const auto rate = n.credit_hours ? n.credit_hours : m.hours.credit_hours;
        if (n.min_hours && rate && *rate > 0)
            what.push_back(fmt::format(w.zh ? "學分班每學分 {:g} 小時" : "credit classes {:g} hours per credit", *rate));
        if (n.prorate) what.push_back(w("按在職足月數比例（未滿一個月為 0）", "pro-rated by full months employed (under one month = 0)"));
    }
    if (!n.roles.empty()) what.push_back(w("僅適用身分別：", "only for roles: ") + join(n.roles));
    return fmt::format("{} {} — {}", n.id, n.title, join(what, w("；", "; ")));
}

}  // namespace

std::string render_hours_text(const AuditResult& res, const RenderOptions& o) {
    const bool c = zh(o);
    std::string out = say(c, "report.hours.heading", {{"title", res.ruleset.title}}) + "\n";
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
    std::string verdict = status_label(res.status, c);
    if (res.status == Status::not_met && !res.requirements.empty() && res.requirements.front().remaining.hours)
        verdict += say(c, "report.hours.short_by", {{"hours", num(*res.requirements.front().remaining.hours)}});
    out += "\n" + say(c, "report.result", {{"status", verdict}}) + "\n\n";

    std::vector<TableRow> rows;
    TableRow header;
    for (const char* column : {"requirement", "period", "required_hours", "earned_hours", "short_by", "status"})
        header.push_back(say(c, std::string("report.col.") + column));
    rows.push_back(std::move(header));
    for (const auto& r : res.requirements) hours_rows(r, 0, c, rows);
    out += format_table(rows, {false, false, true, true, true});
    std::string counted;
    for (const auto& r : res.requirements) hours_counted(r, c, counted);
    if (!counted.empty()) out += std::string("\n") + say(c, "report.hours.sessions_counted") + "\n" + counted;
    if (!res.excluded.empty()) {
        out += std::string("\n") + say(c, "report.hours.sessions_not_counted") + "\n";
        for (const auto& e : res.excluded)
            out += "  " + session_line(e.record, c) + "  — " + hours_reason(e.reason, c) + "\n";
    }
    if (!res.flags.empty()) {
        out += std::string("\n") + say(c, "report.notes") + "\n";
        for (const auto& f : res.flags) {
            const char* sym = f.severity == "error" ? "!" : f.severity == "warning" ? "*" : "-";
            const std::string text = flag_message(f, c ? Language::zh_TW : Language::en, f.requirement);
            out += fmt::format("  {} {} [{}]\n", sym, text, f.code);
        }
    }
    return out;
}

std::string explain_hours(const detail::Model& m, Language language) {
    const Words w{language == Language::zh_TW};
    std::string out = heading(m, w);
    {
        const auto& h = m.hours;
        out += fmt::format(w.zh ? "適用身分別：{}\n" : "Applies to roles: {}\n", m.roles.empty() ? w("不限", "any") : join(m.roles));
        out += fmt::format(w.zh ? "時數：最小單位 {:g} 小時（無條件捨去）；未滿 {:g} 小時不計；{}；類別 {}\n"
                                : "Hours: unit {:g} h (rounded down); sessions under {:g} h count nothing; {}; categories {}\n",
                           h.unit, h.min_session,
                           h.credit_hours ? fmt::format(w.zh ? "學分班每學分 {:g} 小時" : "{:g} hours per credit", *h.credit_hours)
                                          : std::string(w("學分不換算為時數", "credits are not converted to hours")),
                           h.categories.empty() ? w("不限", "any") : join(h.categories));
        out += w("同一課程同日重複登錄只計一次；一場研習計入所有符合之要求。\n\n",
                 "The same course on the same day counts once; a session counts in every requirement it matches.\n\n");
        outline(m.root, [&](const ReqNode& n) { return hours_node_line(n, m, w); }, out);
        return out;
    }
}

}  // namespace libaudit::detail
