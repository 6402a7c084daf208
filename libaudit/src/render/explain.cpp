// `libaudit explain`: a rule set as an outline a rule author can hold against the official 課程架構.
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include "rules/tree_lint.hpp"
#include "families/checks/model.hpp"
#include "rules/model.hpp"
#include "render/render_parts.hpp"

#include <fmt/format.h>

namespace libaudit {

namespace {

using detail::Filter;
using detail::ReqNode;
using detail::Shape;

struct Words {
    bool zh;
    const char* operator()(const char* chinese, const char* english) const { return zh ? chinese : english; }
};

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
}

std::string filter_text(const Filter& f, const Words& w) {
    static const char* names[] = {"code", "dept", "school", "category", "tag", "domain", "type", "in_framework", "selected"};
    std::vector<std::string> parts;
    for (const auto& c : f.conditions) {
        std::vector<std::string> values;
        for (const auto& v : c.values) values.push_back(v.empty() ? w("（無）", "(none)") : v);
        parts.push_back(fmt::format("{} {} {}", names[static_cast<int>(c.field)], c.negate ? "∉" : "∈",
                                    values.size() == 1 ? values[0] : "{" + join(values) + "}"));
    }
    return parts.empty() ? w("全部", "everything") : join(parts, w("、", " and "));
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

void tree(const ReqNode& n, const detail::Model& m, const Words& w, const std::string& prefix, bool last, bool root,
          std::string& out) {
    out += root ? "" : prefix + (last ? "└─ " : "├─ ");
    out += (m.kind == RuleKind::hours ? hours_node_line(n, m, w) : node_line(n, m, w)) + "\n";
    const std::string child_prefix = root ? "" : prefix + (last ? "   " : "│  ");
    for (std::size_t i = 0; i < n.children.size(); ++i)
        tree(n.children[i], m, w, child_prefix, i + 1 == n.children.size(), false, out);
}

}  // namespace

namespace {

// ---- kind: checks: the tables and, per rule, what it requires -----------------------------------

const char* type_word(detail::ValueType t, const Words& w) {
    switch (t) {
        case detail::ValueType::text: return w("文字", "text");
        case detail::ValueType::integer: return w("整數", "integer");
        case detail::ValueType::number: return w("數字", "number");
        case detail::ValueType::boolean: return w("是否", "yes/no");
        case detail::ValueType::date: return w("日期", "date");
        case detail::ValueType::datetime: return w("日期時間", "date and time");
        case detail::ValueType::bytes: return w("檔案大小", "size");
    }
    return "";
}

std::string field_name(const detail::CheckModel& cm, const std::string& table, const std::string& field) {
    const detail::TableDef* t = cm.table(table);
    const detail::FieldDef* f = t ? t->field(field) : nullptr;
    return f && !f->title.empty() ? f->title + " (" + field + ")" : field;
}

std::string operand_text(const detail::CheckModel& cm, const std::string& table, const detail::Operand& o,
                         const Words& w) {
    if (!o.template_text.empty()) return o.template_text;
    if (!o.is_field()) return o.literal ? detail::format_value(*o.literal) : std::string();
    std::string s = o.table.empty() ? field_name(cm, table, o.field) : o.table + "." + field_name(cm, o.table, o.field);
    if (o.next_hour) s += w(" 之下一個整點", ", next whole hour");
    if (o.plus_days) s += fmt::format(w.zh ? " {} {} 天" : " {} {} days", o.plus_days > 0 ? "+" : "-", std::abs(o.plus_days));
    if (o.plus_hours)
        s += fmt::format(w.zh ? " {} {} 小時" : " {} {} hours", o.plus_hours > 0 ? "+" : "-", std::abs(o.plus_hours));
    return s;
}

std::string rule_text(const detail::CheckModel& cm, const detail::CheckRule& r, const Words& w) {
    using detail::RuleShape;
    std::vector<std::string> parts;
    const auto op = [&](const char* sign, const std::optional<detail::Operand>& o) {
        if (o) parts.push_back(std::string(sign) + " " + operand_text(cm, r.table, *o, w));
    };
    switch (r.shape) {
        case RuleShape::field: {
            if (r.required) parts.push_back(w("必填", "required"));
            op(">=", r.min);
            op("<=", r.max);
            op("=", r.equals);
            if (!r.one_of.empty()) parts.push_back(w("其中之一：", "one of: ") + join(r.one_of));
            if (r.validator) parts.push_back(w("檢核：", "validator: ") + r.validator->name);
            if (!r.multiple_of.empty()) parts.push_back(fmt::format(w.zh ? "{} 的整數倍" : "a multiple of {}", r.multiple_of));
            if (r.unique) parts.push_back(w("不得重複", "no repeats"));
            if (r.blank_is_as_of) parts.push_back(w("空白以審核時間計", "blank = the audit's time"));
            return field_name(cm, r.table, r.field) + " " + join(parts, w("；", "; "));
        }
        case RuleShape::span: {
            std::string days;
            if (r.min_days && r.max_days) days = fmt::format(w.zh ? "{}–{} 天" : "{}–{} days", *r.min_days, *r.max_days);
            else if (r.min_days) days = fmt::format(w.zh ? "至少 {} 天" : "at least {} days", *r.min_days);
            else if (r.max_days) days = fmt::format(w.zh ? "至多 {} 天" : "at most {} days", *r.max_days);
            return fmt::format(w.zh ? "{} 至 {}（含首尾日）{}" : "{} to {} (both days counted): {}",
                               field_name(cm, r.table, r.start), field_name(cm, r.table, r.end), days);
        }
        case RuleShape::within: {
            const std::string ours = field_name(cm, r.table, r.start) + "–" + field_name(cm, r.table, r.end);
            const std::string theirs = field_name(cm, r.other_table, r.other_start) + "–" +
                                       field_name(cm, r.other_table, r.other_end);
            return w.zh ? fmt::format("{} 須在 {} 相符列之 {} 內", ours, r.other_table, theirs)
                        : fmt::format("{} inside {} of a matching {} row", ours, theirs, r.other_table);
        }
        case RuleShape::group: {
            std::vector<std::string> keys;
            for (const auto& k : r.group_by) keys.push_back(field_name(cm, r.table, k));
            std::string s = fmt::format(w.zh ? "依 {} 分組，{}" : "per {}, {}", join(keys),
                                        r.sum.empty() ? std::string(w("列數", "rows"))
                                                      : (w.zh ? field_name(cm, r.table, r.sum) + " 合計"
                                                              : "sum of " + field_name(cm, r.table, r.sum)));
            if (!r.at_field.empty())
                s += fmt::format(w.zh ? "（於每列 {} 當日仍有效者）" : " (active on each row's {})",
                                 field_name(cm, r.table, r.at_field));
            if (r.min) s += " >= " + operand_text(cm, r.table, *r.min, w);
            if (r.max) s += " <= " + operand_text(cm, r.table, *r.max, w);
            return s;
        }
        case RuleShape::lifecycle: {
            const auto& l = *r.lifecycle;
            std::string s = fmt::format(w.zh ? "狀態流程（依 {} 分組；初始 {}）" : "state machine (per {}; starts {})",
                                        join(l.key), l.initial);
            for (const auto& t : l.transitions)
                s += fmt::format("\n      {} —{}→ {}", join(t.from, " / "), t.event, t.to);
            for (const auto& k : l.locks)
                s += fmt::format(w.zh ? "\n      到達 {} 後不得：{}" : "\n      once {}: no {}", join(k.after, " / "),
                                 join(k.forbid));
            return s;
        }
    }
    return "";
}

std::string explain_checks(const detail::Model& m, const Words& w, std::string out) {
    const detail::CheckModel& cm = *m.tables;
    out += w("\n資料表\n", "\nTables\n");
    for (const auto& t : cm.tables) {
        out += fmt::format("  {}{}{}\n", t.name, t.title.empty() ? "" : " " + t.title,
                           t.one_row ? w("（單列表單）", " (one-row form)") : "");
        for (const auto& f : t.fields)
            out += fmt::format("    {}{}  {}{}{}\n", f.name, f.title.empty() ? "" : " " + f.title, type_word(f.type, w),
                               f.required ? w("，必填", ", required") : "", f.personal ? w("，個資（遮蔽）", ", personal (masked)") : "");
        if (!t.columns.empty()) out += fmt::format(w.zh ? "    依欄位順序讀取：{}\n" : "    read by position: {}\n", join(t.columns));
        if (t.report_rows) out += w("    逐列判定：通過／不通過與原因\n", "    a verdict per row: accepted / rejected, why\n");
    }
    out += w("\n規則\n", "\nRules\n");
    for (const auto& r : cm.rules) {
        const std::string& title = !w.zh && !r.title_en.empty() ? r.title_en : r.title;
        out += fmt::format("  [{}] {}{}\n    {}: {}\n", r.id, title, r.severity == "warning" ? w("（提醒）", " (warning)") : "",
                           r.table, rule_text(cm, r, w));
        if (!r.where.empty()) {
            std::vector<std::string> conds;
            for (const auto& c : r.where)
                conds.push_back((c.table.empty() ? "" : c.table + ".") + c.field + (c.negate ? " ≠ " : " = ") + join(c.values, "/"));
            out += fmt::format(w.zh ? "    只看：{}\n" : "    only rows with {}\n", join(conds, w("、", ", ")));
        }
        if (!r.message.empty()) out += "    → " + r.message + "\n";
        if (!r.source.empty()) out += w("    依據：", "    source: ") + r.source + "\n";
    }
    return out;
}

// The first lines of every outline: id, version, title and source.
std::string heading(const detail::Model& m, const Words& w) {
    std::string out = fmt::format("{} {} · {}\n", m.id, m.version, m.title);
    if (!m.source.empty()) out += w("來源：", "Source: ") + m.source + "\n";
    return out;
}

}  // namespace

std::string detail::explain_checks_rules(const detail::Model& m, Language language) {
    const Words w{language == Language::zh_TW};
    return explain_checks(m, w, heading(m, w));
}

std::string detail::explain_hours(const detail::Model& m, Language language) {
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
        tree(m.root, m, w, "", true, true, out);
        return out;
    }
}

std::string detail::explain_programme(const detail::Model& m, Language language) {
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
    tree(m.root, m, w, "", true, true, out);
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

}  // namespace libaudit
