// kind: checks: the result as terminal text (zh-TW or en) and its own members of the result JSON
// (violations, computed values, row reports); the rule set as an outline of tables and rules.
#include "families/checks/render.hpp"

#include "families/checks/deadlines.hpp"

#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>

#include "families/checks/model.hpp"
#include "families/checks/row_report.hpp"
#include "families/checks/wording.hpp"
#include "render/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <map>

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

// Personal values: IDs as the platform masks them (A1234*****), anything else (passwords, what
// is derived from IDs and birth dates) starred in full.

std::string violation_value(const Violation& v, const RenderOptions& o) {
    // An invalid ID is still an ID: mask it the way valid ones are.
    return detail::mask_value(v.value, v.personal, o);
}

MessageParams violation_params(const Violation& v, const RenderOptions& o) {
    return detail::shown_params(o.language, v.params, violation_value(v, o), v.field_title, &v.names_en);
}

// What is wrong, in the report's language; the English detail for violations without a code.
std::string violation_text(const Violation& v, const RenderOptions& o) {
    return v.code.empty() ? v.detail : detail::checks_text(o.language, v.code, violation_params(v, o));
}

std::string expected_text(const Violation& v, const RenderOptions& o) {
    if (v.code.empty()) return v.expected;
    return detail::checks_expected(o.language, v.code, violation_params(v, o));
}

// The outline's words (checks.explain.* in the catalogue).
std::string tr(Language lang, const std::string& code, const MessageParams& params = {}) {
    return message_text(lang, "checks.explain." + code, params);
}

std::string field_name(const detail::CheckModel& cm, const std::string& table, const std::string& field) {
    const detail::TableDef* t = cm.table(table);
    const detail::FieldDef* f = t ? t->field(field) : nullptr;
    return f && !f->title.empty() ? f->title + " (" + field + ")" : field;
}

// An event or state of a lifecycle in the outline: in English its English name, then the name
// the event log uses.
std::string lifecycle_name(const detail::Lifecycle& l, const std::string& name, Language lang) {
    const auto it = l.titles_en.find(name);
    return lang == Language::en && it != l.titles_en.end() ? it->second + " (" + name + ")" : name;
}
std::vector<std::string> lifecycle_names(const detail::Lifecycle& l, const std::vector<std::string>& names, Language lang) {
    std::vector<std::string> out;
    for (const auto& n : names) out.push_back(lifecycle_name(l, n, lang));
    return out;
}

std::string signed_days(Language lang, const char* code, const std::string& of, int n, const char* unit) {
    return message_text(lang, code,
                        {{"of", of}, {"sign", n > 0 ? "+" : "-"}, {unit, std::to_string(std::abs(n))}});
}

std::string operand_text(const detail::CheckModel& cm, const std::string& table, const detail::Operand& o,
                         Language lang) {
    if (!o.template_text.empty()) return o.template_text;
    if (!o.is_field()) return o.literal ? detail::format_value(*o.literal) : std::string();
    std::string s = o.table.empty() ? field_name(cm, table, o.field) : o.table + "." + field_name(cm, o.table, o.field);
    if (o.half_open) s = tr(lang, "half_open", {{"of", s}});
    if (o.next_hour) s = tr(lang, "next_hour", {{"of", s}});
    if (o.plus_days) s = signed_days(lang, "checks.bound.plus_days", s, o.plus_days, "days");
    if (o.plus_hours) s = signed_days(lang, "checks.bound.plus_hours", s, o.plus_hours, "hours");
    if (!o.days_field.empty()) {
        const std::string days = o.days_table.empty() ? field_name(cm, table, o.days_field)
                                                      : o.days_table + "." + field_name(cm, o.days_table, o.days_field);
        s = tr(lang, "days_field", {{"of", s}, {"sign", o.days_sign > 0 ? "+" : "-"}, {"days_field", days}});
    }
    return s;
}

// "a; b; c" in the outline's language.
std::string listed(Language lang, const std::vector<std::string>& parts, const char* code = "and") {
    std::string out;
    for (const auto& p : parts) out = out.empty() ? p : tr(lang, code, {{"a", out}, {"b", p}});
    return out;
}

std::string field_rule_text(const detail::CheckModel& cm, const detail::CheckRule& r, Language lang) {
    std::vector<std::string> parts;
    const auto op = [&](const char* sign, const std::optional<detail::Operand>& o) {
        if (o) parts.push_back(std::string(sign) + " " + operand_text(cm, r.table, *o, lang));
    };
    if (r.required) parts.push_back(tr(lang, "required"));
    op(">=", r.min);
    op("<=", r.max);
    op("=", r.equals);
    if (!r.one_of.empty()) parts.push_back(tr(lang, "one_of", {{"values", join(r.one_of)}}));
    if (r.validator) parts.push_back(tr(lang, "validator", {{"name", r.validator->name}}));
    if (!r.multiple_of.empty()) parts.push_back(tr(lang, "multiple_of", {{"step", r.multiple_of}}));
    if (r.unique) parts.push_back(tr(lang, "unique"));
    if (r.blank_is_as_of) parts.push_back(tr(lang, "blank_is_as_of"));
    return field_name(cm, r.table, r.field) + " " + listed(lang, parts, "then");
}

std::string span_text(const detail::CheckModel& cm, const detail::CheckRule& r, Language lang) {
    std::string days;
    MessageParams p;  // built one by one: g++ 12 misreads braced lists of them here (-Wmaybe-uninitialized)
    if (r.min_days) p.push_back({"min", std::to_string(*r.min_days)});
    if (r.max_days) p.push_back({"max", std::to_string(*r.max_days)});
    if (r.min_days && r.max_days) days = tr(lang, "days_between", p);
    else if (r.min_days) days = tr(lang, "days_min", p);
    else if (r.max_days) days = tr(lang, "days_max", p);
    p.clear();
    p.push_back({"start", field_name(cm, r.table, r.start)});
    p.push_back({"end", field_name(cm, r.table, r.end)});
    p.push_back({"days", days});
    return tr(lang, "span", p);
}

std::string within_text(const detail::CheckModel& cm, const detail::CheckRule& r, Language lang) {
    MessageParams p;
    p.push_back({"ours", field_name(cm, r.table, r.start) + "–" + field_name(cm, r.table, r.end)});
    p.push_back({"theirs", field_name(cm, r.other_table, r.other_start) + "–" + field_name(cm, r.other_table, r.other_end)});
    p.push_back({"other", r.other_table});
    return tr(lang, "within", p);
}

std::string group_text(const detail::CheckModel& cm, const detail::CheckRule& r, Language lang) {
    std::vector<std::string> keys;
    for (const auto& k : r.group_by) keys.push_back(field_name(cm, r.table, k));
    MessageParams sum;
    sum.push_back({"field", field_name(cm, r.table, r.sum)});
    MessageParams p;
    p.push_back({"keys", join(keys)});
    p.push_back({"what", r.sum.empty() ? tr(lang, "rows") : tr(lang, "sum", sum)});
    std::string s = tr(lang, "group", p);
    if (!r.at_field.empty()) {
        p.clear();
        p.push_back({"rule", s});
        p.push_back({"at", field_name(cm, r.table, r.at_field)});
        s = tr(lang, "group_active", p);
    }
    if (r.min) s += " >= " + operand_text(cm, r.table, *r.min, lang);
    if (r.max) s += " <= " + operand_text(cm, r.table, *r.max, lang);
    return s;
}

std::string lifecycle_text(const detail::CheckRule& r, Language lang) {
    const auto& l = *r.lifecycle;
    MessageParams p;
    p.push_back({"key", join(l.key)});
    p.push_back({"initial", lifecycle_name(l, l.initial, lang)});
    std::string s = tr(lang, "lifecycle", p);
    for (const auto& t : l.transitions)
        s += fmt::format("\n      {} —{}→ {}", join(lifecycle_names(l, t.from, lang), " / "), lifecycle_name(l, t.event, lang),
                         lifecycle_name(l, t.to, lang));
    for (const auto& k : l.locks) {
        p.clear();
        p.push_back({"after", join(lifecycle_names(l, k.after, lang), " / ")});
        p.push_back({"forbid", join(lifecycle_names(l, k.forbid, lang))});
        s += "\n      " + tr(lang, "lock", p);
    }
    return s;
}

std::string rule_text(const detail::CheckModel& cm, const detail::CheckRule& r, Language lang) {
    using detail::RuleShape;
    switch (r.shape) {
        case RuleShape::field: return field_rule_text(cm, r, lang);
        case RuleShape::span: return span_text(cm, r, lang);
        case RuleShape::within: return within_text(cm, r, lang);
        case RuleShape::group: return group_text(cm, r, lang);
        case RuleShape::lifecycle: return lifecycle_text(r, lang);
    }
    return "";
}

// A field's default (a value, or another field shifted: `end, half-open - settings.remind_days
// days`, with its conditions) and the platform's form it is shown in, for the outline.
std::string field_extras(const detail::CheckModel& cm, const std::string& table, const detail::FieldDef& f, Language lang) {
    std::string out;
    if (f.default_value) {
        std::string value = operand_text(cm, table, *f.default_value, lang);
        std::vector<std::string> conds;
        for (const auto& c : f.default_value->when)
            conds.push_back((c.table.empty() ? "" : c.table + ".") + c.field + (c.negate ? " ≠ " : " = ") + join(c.values, "/"));
        if (!conds.empty()) value = tr(lang, "default_when", {{"value", value}, {"conditions", listed(lang, conds)}});
        out += tr(lang, "field_default", {{"value", value}});
    }
    if (!f.format.empty()) out += tr(lang, "field_format", {{"format", f.format}});
    return out;
}

std::string explain_checks(const detail::Model& m, Language lang, std::string out) {
    const detail::CheckModel& cm = *m.tables;
    out += "\n" + tr(lang, "tables") + "\n";
    for (const auto& t : cm.tables) {
        const std::string& title = in_language(lang, t.title, t.title_en);
        const std::string name = t.name + (title.empty() ? "" : " " + title);
        out += "  " + (t.one_row ? tr(lang, "one_row", {{"table", name}}) : name) + "\n";
        for (const auto& f : t.fields) {
            std::string type = tr(lang, std::string("type.") + detail::type_code(f.type));
            if (f.required) type = tr(lang, "field_required", {{"type", type}});
            if (f.personal) type = tr(lang, "field_personal", {{"type", type}});
            type += field_extras(cm, t.name, f, lang);
            const std::string& field_title = in_language(lang, f.title, f.title_en);
            out += fmt::format("    {}{}  {}\n", f.name, field_title.empty() ? "" : " " + field_title, type);
        }
        if (!t.columns.empty()) out += "    " + tr(lang, "columns", {{"columns", join(t.columns)}}) + "\n";
        if (t.report_rows) out += "    " + tr(lang, "report_rows") + "\n";
    }
    out += "\n" + tr(lang, "rules") + "\n";
    for (const auto& r : cm.rules) {
        const std::string& title = in_language(lang, r.title, r.title_en);
        out += fmt::format("  [{}] {}\n    {}: {}\n", r.id, r.severity == "warning" ? tr(lang, "warning", {{"title", title}}) : title,
                           r.table, rule_text(cm, r, lang));
        if (!r.where.empty()) {
            std::vector<std::string> conds;
            for (const auto& c : r.where)
                conds.push_back((c.table.empty() ? "" : c.table + ".") + c.field + (c.negate ? " ≠ " : " = ") + join(c.values, "/"));
            out += "    " + tr(lang, "where", {{"conditions", listed(lang, conds)}}) + "\n";
        }
        if (!r.attempts_order.empty())
            out += "    " + tr(lang, "attempts", {{"order_by", field_name(cm, r.table, r.attempts_order)}}) + "\n";
        if (!r.effect.empty()) out += "    " + tr(lang, "effect." + r.effect) + "\n";
        if (!r.message.empty()) out += "    → " + in_language(lang, r.message, r.message_en) + "\n";
        if (!r.source.empty()) out += "    " + tr(lang, "source", {{"source", r.source}}) + "\n";
    }
    return out;
}

}  // namespace

namespace {

std::string say(const RenderOptions& o, const char* code, const MessageParams& params = {}) {
    return message_text(o.language, code, params);
}

// One violation: the rule, where, the value and what the rule wants, what is wrong, the rule's message.
std::string violation_lines(const AuditResult& res, const Violation& v, const RenderOptions& o) {
    std::string title = v.title;
    if (o.language == Language::en)  // the rule's English title, as in the table above
        for (const auto& r : res.requirements)
            if (r.id == v.rule && !r.title_en.empty()) title = r.title_en;
    if (v.kind == "type") title = say(o, "checks.report.kind_type");
    else if (v.kind == "required") title = say(o, "checks.report.kind_required");
    else if (v.kind == "rows") title = say(o, "checks.report.kind_rows");
    std::string out = fmt::format("  {} {} [{}]\n", v.severity == "error" ? "!" : "*", title, v.rule);
    std::string where = v.file.empty() ? v.table : v.file;
    if (!v.path.empty() && v.path[0] == '/' && v.line > 0) where += ":" + std::to_string(v.line) + " " + v.path;  // XML
    else if (!v.path.empty()) where += " " + v.path;
    else if (v.line > 0) where += ":" + std::to_string(v.line) + (v.column > 0 ? ":" + std::to_string(v.column) : "");
    std::string what;
    if (!v.group.empty()) what = say(o, "checks.report.group", {{"group", v.group}}) + "  ";
    const MessageParams& p = v.params;
    const bool count = std::any_of(p.begin(), p.end(), [](const MessageParam& m) { return m.name == "count"; });
    std::string shown = v.value.empty() ? say(o, "checks.report.blank") : violation_value(v, o);
    if (v.code.rfind("checks.span.", 0) == 0) shown = say(o, "checks.report.span", p);
    if (!v.field.empty()) {
        const std::string& field_title = o.language == Language::en && !v.field_title_en.empty() ? v.field_title_en : v.field_title;
        what += field_title.empty() ? v.field : field_title + " (" + v.field + ")";
        what += " = " + shown;
    } else if (count) {
        what += say(o, "checks.report.rows", p);
    } else if (!v.value.empty()) {
        what += say(o, "checks.report.count", {{"count", v.value}});
    }
    out += "      " + where + "  " + what + "  " + say(o, "checks.report.expected", {{"expected", expected_text(v, o)}}) + "\n";
    out += "      " + violation_text(v, o) + "\n";
    if (!v.message.empty())
        out += "      → " + (o.language == Language::en && !v.message_en.empty() ? v.message_en : v.message) + "\n";
    return out;
}

}  // namespace

std::string render_checks_text(const AuditResult& res, const RenderOptions& o) {
    const bool c = zh(o);
    std::string out;
    out += say(o, "checks.report.heading", {{"title", c || res.ruleset.title_en.empty() ? res.ruleset.title : res.ruleset.title_en}}) + "\n";
    out += say(o, "checks.report.subject", {{"subject", res.subject.id}}) + "\n";
    out += say(o, "checks.report.rules",
               {{"id", res.ruleset.id}, {"version", res.ruleset.version}, {"sha256", res.ruleset.sha256.substr(0, 12)},
                {"engine", res.engine_version}}) +
           "\n";
    out += "\n" + say(o, "checks.report.result", {{"status", status_label(res.status, c)}}) + "\n\n";
    std::vector<TableRow> rows;
    rows.push_back(TableRow{say(o, "checks.report.col_rule"), say(o, "checks.report.col_checked"),
                            say(o, "checks.report.col_broken"), say(o, "checks.report.col_status")});
    for (const auto& r : res.requirements) {
        const std::string name = (!c && !r.title_en.empty() ? r.title_en : r.title) + " [" + r.id + "]";
        std::string state = r.checked && *r.checked == 0 ? say(o, "checks.report.no_rows") : mark(r.status, c);
        if (r.status == Status::met && r.violations > 0) state = say(o, "checks.report.warnings");
        if (r.status == Status::invalid) state = say(o, "checks.report.mark_invalid");
        rows.push_back({name, r.checked ? std::to_string(*r.checked) : "-", std::to_string(r.violations), state});
    }
    out += format_table(rows, {false, true, true}, o.width);
    out += detail::render_row_reports_text(res, o);
    if (!res.violations.empty()) {
        out += "\n" + say(o, "checks.report.violations") + "\n";
        for (const auto& v : res.violations) out += violation_lines(res, v, o);
    }
    if (!res.computed.empty()) {
        out += "\n" + say(o, "checks.report.computed") + "\n";
        for (const auto& cv : res.computed) {
            std::string where = cv.file.empty() ? cv.table : cv.file;
            if (!cv.path.empty()) where += " " + cv.path;
            else if (cv.line > 0) where += ":" + std::to_string(cv.line);
            out += "  " + where + "  " + cv.field + " = " + detail::mask_value(cv.value, cv.personal, o) +
                   (cv.shown.empty() ? "" : " (" + detail::mask_value(cv.shown, cv.personal, o) + ")") + "\n";
        }
    }
    return out + detail::render_deadlines_text(res, o);
}


void write_checks_json(detail::JsonWriter& w, const AuditResult& res, const RenderOptions& o) {
    w.key("violations");
    w.begin_array();
    for (const auto& v : res.violations) {
        w.begin_object();
        w.key("rule"), w.string(v.rule);
        w.key("kind"), w.string(v.kind);
        w.key("title"), w.string(v.title);
        for (const auto& r : res.requirements)
            if (r.id == v.rule && v.kind == "rule" && !r.title_en.empty()) w.key("title_en"), w.string(r.title_en);
        w.key("severity"), w.string(v.severity);
        w.key("table"), w.string(v.table);
        w.key("field"), w.string(v.field);
        w.key("field_title"), w.string(v.field_title);
        w.key("value"), w.string(violation_value(v, o));
        w.key("expected"), w.string(v.expected);
        w.key("group"), w.string(v.group);
        w.key("detail"), w.string(v.detail);
        w.key("file"), w.string(v.file);
        w.key("line"), w.number(v.line);
        w.key("column"), w.number(v.column);
        w.key("path"), w.string(v.path);
        if (!v.message.empty()) w.key("message"), w.string(v.message);
        if (!v.message_en.empty()) w.key("message_en"), w.string(v.message_en);
        w.key("code"), w.string(v.code);
        w.key("params");
        detail::write_message_params(w, detail::shown_params(o.language, v.params, violation_value(v, o), {}));
        w.key("text"), w.string(violation_text(v, o));
        w.end_object();
    }
    w.end_array();
    w.key("computed");
    w.begin_array();
    for (const auto& cv : res.computed) {
        w.begin_object();
        w.key("table"), w.string(cv.table);
        w.key("field"), w.string(cv.field);
        w.key("value"), w.string(detail::mask_value(cv.value, cv.personal, o));
        if (!cv.shown.empty()) w.key("shown"), w.string(detail::mask_value(cv.shown, cv.personal, o));
        w.key("file"), w.string(cv.file);
        w.key("line"), w.number(cv.line);
        w.key("path"), w.string(cv.path);
        w.end_object();
    }
    w.end_array();
    detail::write_row_reports_json(w, res, o);
}

std::string explain_checks_rules(const detail::Model& m, Language language) {
    return explain_checks(m, language, heading(m, language));
}


}}}  // namespace libaudit::v0::detail
