// YAML -> the model of a `kind: checks` rule set (checks_model.hpp): tables with typed fields and
// the rules over their rows. Same strictness as the programme loader: unknown and duplicate keys,
// wrong types and dangling references (tables, fields) are reported with file:line:col.
#include "families/checks/load.hpp"

#include "families/checks/model.hpp"

#include <algorithm>
#include <set>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

const std::vector<std::string> type_names{"text", "integer", "number", "boolean", "date", "datetime", "bytes"};
const std::vector<std::string> validator_names{"national_id", "resident_id", "person_id", "passport_name",
                                               "email",       "tw_mobile",   "file_name", "password"};
const std::vector<std::string> password_classes{"letter", "upper", "lower", "digit", "symbol"};

class ChecksLoader {
public:
    ChecksLoader(YamlReader& r, CheckModel& m) : r_(r), m_(m) {}

    void tables(const YAML::Node& n) {
        if (!n.IsMap()) {
            r_.report(n, "E012.checks.tables_not_mapping", {{"got", YamlReader::got(n)}});
            return;
        }
        YamlReader::Map seen(r_, n, keys_of(n), "'tables'");  // duplicate table names
        for (const auto& kv : n) {
            const std::string name = kv.first.Scalar();
            if (!valid_id(name, false)) {
                r_.report(kv.first, "E015.checks.table_name", {{"name", name}});
                continue;
            }
            if (m_.table(name)) continue;  // duplicate, reported above
            table(name, kv.first, kv.second);
        }
    }

    void rules(const YAML::Node& n) {
        if (!n.IsSequence()) {
            r_.report(n, "E012.checks.rules_not_list", {{"got", YamlReader::got(n)}});
            return;
        }
        std::set<std::string> ids;
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node item = n[i];
            CheckRule rule;
            if (!this->rule(item, rule)) continue;
            if (!rule.id.empty() && !ids.insert(rule.id).second) {
                r_.report_at(rule.at, "E020.checks.duplicate_rule_id", {{"id", rule.id}});
                continue;
            }
            m_.rules.push_back(std::move(rule));
        }
    }

private:
    YamlReader& r_;
    CheckModel& m_;

    static std::vector<std::string> keys_of(const YAML::Node& n) {
        std::vector<std::string> out;
        for (const auto& kv : n) out.push_back(kv.first.Scalar());
        return out;
    }

    void table(const std::string& name, const YAML::Node& key, const YAML::Node& n) {
        YamlReader::Map t(r_, n, {"title", "rows", "fields", "data", "columns", "report"}, "table", {{"table", name}});
        if (!t.ok()) return;
        TableDef def;
        def.name = name;
        def.at = r_.where(key);
        if (auto v = t.get("title"))
            if (auto s = r_.bilingual(*v, "title")) def.title = s->text, def.title_en = s->en;
        if (auto v = t.get("rows")) {
            const auto s = r_.string(*v, "rows").value_or("many");
            if (s != "one" && s != "many") r_.report(*v, "E012.checks.rows", {{"value", s}});
            def.one_row = s == "one";
        }
        if (auto f = t.required("fields")) {
            if (!f->IsMap()) {
                r_.report(*f, "E012.checks.fields_not_mapping", {{"got", YamlReader::got(*f)}});
            } else {
                YamlReader::Map dup(r_, *f, keys_of(*f), "table_fields", {{"table", name}});
                std::set<std::string> names;
                for (const auto& kv : *f) {
                    const std::string fname = kv.first.Scalar();
                    if (!names.insert(fname).second) continue;
                    if (!valid_id(fname, false)) {
                        r_.report(kv.first, "E015.checks.field_name", {{"name", fname}});
                        continue;
                    }
                    def.fields.push_back(field(fname, kv.first, kv.second));
                }
            }
        }
        m_.tables.push_back(std::move(def));
        // Defaults and built-in rows refer to fields: read them once the table's fields are known.
        TableDef& added = m_.tables.back();
        if (auto f = t.get("fields"); f && f->IsMap()) {
            for (const auto& kv : *f) {
                const YAML::Node spec = kv.second;
                if (!spec.IsMap() || !spec["default"]) continue;
                const YAML::Node value = spec["default"];
                for (auto& fd : added.fields)
                    if (fd.name == kv.first.Scalar() && !fd.default_value)
                        fd.default_value = operand(value, added, fd.type, "default");
            }
        }
        if (auto d = t.get("data")) data(*d, added);
        if (auto c = t.get("columns")) {
            if (c->IsSequence() && c->size() == 0) r_.report(*c, "E012.checks.columns_empty", {});
            for (const std::string& col : r_.strings(*c, "columns")) {
                if (!added.field(col)) not_a_field(*c, added, col);
                else if (std::find(added.columns.begin(), added.columns.end(), col) != added.columns.end())
                    r_.report(*c, "E012.checks.column_twice", {{"field", col}});
                else added.columns.push_back(col);
            }
        }
        if (auto v = t.get("report")) {
            const auto s = r_.string(*v, "report").value_or("");
            if (s != "rows") r_.report(*v, "E012.checks.report", {{"value", s}});
            added.report_rows = s == "rows";
        }
    }

    FieldDef field(const std::string& name, const YAML::Node& key, const YAML::Node& n) {
        FieldDef f;
        f.name = name;
        f.at = r_.where(key);
        if (n.IsScalar()) {  // shorthand: `upload_cap: integer`
            f.type = type(n);
            return f;
        }
        const std::vector<std::string> keys{"title", "aliases", "type", "required", "personal", "default", "format"};
        YamlReader::Map m(r_, n, keys, "field", {{"field", name}});
        if (!m.ok()) return f;
        // The pack's title (zh-TW) is also accepted as a column name; the English one is only shown.
        if (auto v = m.get("title"))
            if (auto s = r_.bilingual(*v, "title")) f.title = s->text, f.title_en = s->en;
        if (auto v = m.get("aliases")) f.aliases = r_.strings(*v, "aliases");
        if (auto v = m.required("type")) f.type = type(*v);
        if (auto v = m.get("required")) f.required = r_.boolean(*v, "required").value_or(false);
        if (auto v = m.get("personal")) f.personal = r_.boolean(*v, "personal").value_or(false);
        if (auto v = m.get("format")) {
            f.format = r_.string(*v, "format").value_or("");
            const std::string problem = datetime_pattern_problem(f.format);
            if (!problem.empty()) r_.report(*v, "E012.checks.format", {{"value", f.format}, {"part", problem}});
            else if (f.type != ValueType::date && f.type != ValueType::datetime)
                r_.report(*v, "E012.checks.format_type", {{"field", name}, {"type", type_code(f.type)}});
        }
        return f;
    }

    ValueType type(const YAML::Node& n) {
        const auto s = r_.string(n, "type").value_or("text");
        const auto it = std::find(type_names.begin(), type_names.end(), s);
        if (it == type_names.end()) {
            report_hinted(n, "E012.checks.unknown_type", {{"type", s}, {"known", joined(type_names)}},
                          suggest(s, type_names));
            return ValueType::text;
        }
        return static_cast<ValueType>(it - type_names.begin());
    }

    void data(const YAML::Node& n, TableDef& t) {
        if (!n.IsSequence()) {
            r_.report(n, "E012.checks.data_not_list", {{"got", YamlReader::got(n)}});
            return;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node row = n[i];
            std::vector<std::string> names;
            for (const auto& f : t.fields) names.push_back(f.name);
            YamlReader::Map m(r_, row, names, "table_row", {{"table", t.name}});
            if (!m.ok()) continue;
            std::map<std::string, std::string> values;
            for (const auto& f : t.fields) {
                const YAML::Node* v = m.get(f.name);
                if (!v) continue;
                if (!v->IsScalar()) {
                    r_.report(*v, "E012.checks.not_scalar", {{"key", f.name}, {"got", YamlReader::got(*v)}});
                    continue;
                }
                if (!parse_value(f.type, v->Scalar()))
                    r_.report(*v, "E012.checks.not_type",
                              {{"key", f.name}, {"type", type_code(f.type)}, {"value", v->Scalar()}});
                values[f.name] = v->Scalar();
            }
            t.data.push_back(std::move(values));
        }
    }

    // A literal (read as `type`) or {field, table, plus_days, plus_hours, round} or {template}.
    std::optional<Operand> operand(const YAML::Node& n, const TableDef& t, ValueType type, const std::string& key) {
        Operand o;
        o.at = r_.where(n);
        if (n.IsScalar()) {
            auto v = parse_value(type, n.Scalar());
            if (!v || v->blank) {
                r_.report(n, "E012.checks.not_type", {{"key", key}, {"type", type_code(type)}, {"value", n.Scalar()}});
                return std::nullopt;
            }
            o.literal = *v;
            return o;
        }
        std::vector<std::string> keys{"field", "table", "plus_days", "minus_days", "plus_hours", "round", "bounds", "template"};
        if (key == "default") keys.push_back("when");
        YamlReader::Map m(r_, n, keys, "'" + key + "'");
        if (!m.ok()) return std::nullopt;
        if (auto w = m.get("when")) o.when = conditions(*w, t);
        if (auto v = m.get("template")) {
            o.template_text = r_.string(*v, "template").value_or("");
            if (type != ValueType::text)
                r_.report(*v, "E012.checks.template_not_text", {{"type", type_code(type)}});
            for (const std::string& ref : template_fields(o.template_text))
                if (!t.field(ref))
                    r_.report(*v, "E021.checks.template_field", {{"field", ref}, {"table", t.name}});
            for (const char* k : {"field", "table", "plus_days", "minus_days", "plus_hours", "round", "bounds"})
                if (m.has(k)) r_.report(*m.get(k), "E012.checks.not_with_template", {{"key", k}});
            return o;
        }
        const TableDef* source = &t;
        if (auto v = m.get("table")) {
            o.table = r_.string(*v, "table").value_or("");
            source = m_.table(o.table);
            if (!source) {
                unknown_table(*v, o.table);
                return std::nullopt;
            }
            if (!source->one_row) r_.report(*v, "E012.checks.table_not_one_row", {{"table", o.table}});
        }
        if (auto v = m.required("field")) {
            o.field = r_.string(*v, "field").value_or("");
            const FieldDef* f = source->field(o.field);
            if (!f) {
                not_a_field(*v, *source, o.field);
                return std::nullopt;
            }
            const bool temporal = type == ValueType::date || type == ValueType::datetime;
            const bool f_temporal = f->type == ValueType::date || f->type == ValueType::datetime;
            if (temporal != f_temporal || (!temporal && (type == ValueType::text) != (f->type == ValueType::text)))
                r_.report(*v, "E012.checks.compares",
                          {{"key", key}, {"type", type_code(type)}, {"field", o.field}, {"field_type", type_code(f->type)}});
        } else {
            return std::nullopt;
        }
        shift_days(m, t, o);
        if (auto v = m.get("bounds")) {
            const auto s = r_.string(*v, "bounds").value_or("");
            if (s != "half_open" && s != "inclusive") r_.report(*v, "E012.checks.bounds", {{"value", s}});
            o.half_open = s == "half_open";
        }
        if (auto v = m.get("plus_hours")) o.plus_hours = r_.integer(*v, "plus_hours", -876000, 876000).value_or(0);
        if (auto v = m.get("round")) {
            const auto s = r_.string(*v, "round").value_or("");
            if (s != "next_hour") r_.report(*v, "E012.checks.round", {{"value", s}});
            o.next_hour = s == "next_hour";
        }
        return o;
    }

    // `plus_days: 7`, `plus_days: -14`, or days read from an integer field (of the same row, or of a
    // one-row table): `minus_days: {table: settings, field: remind_outcomes_days}`.
    void shift_days(YamlReader::Map& m, const TableDef& t, Operand& o) {
        auto plus = m.get("plus_days");
        auto minus = m.get("minus_days");
        if (plus && minus) r_.report(*minus, "E012.checks.plus_and_minus_days", {});
        const auto n = plus ? plus : minus;
        if (!n) return;
        const std::string key = plus ? "plus_days" : "minus_days";
        o.days_sign = plus ? 1 : -1;
        if (n->IsScalar()) {
            o.plus_days = o.days_sign * r_.integer(*n, key, -36600, 36600).value_or(0);
            return;
        }
        YamlReader::Map d(r_, *n, {"field", "table"}, "days_field", {{"key", key}});
        if (!d.ok()) return;
        const TableDef* source = &t;
        if (auto v = d.get("table")) {
            o.days_table = r_.string(*v, "table").value_or("");
            source = m_.table(o.days_table);
            if (!source) return unknown_table(*v, o.days_table);
            if (!source->one_row) r_.report(*v, "E012.checks.table_not_one_row", {{"table", o.days_table}});
        }
        if (auto v = d.required("field")) {
            o.days_field = r_.string(*v, "field").value_or("");
            const FieldDef* f = source->field(o.days_field);
            if (!f) return not_a_field(*v, *source, o.days_field);
            if (f->type != ValueType::integer)
                r_.report(*v, "E012.checks.days_not_integer", {{"field", o.days_field}, {"type", type_code(f->type)}});
        }
    }

    // `key`, or `key`.hint with the parameter {suggestion} when there is a near name to suggest.
    static std::string hinted(const std::string& key, MessageParams& params, const std::string& suggestion) {
        if (suggestion.empty()) return key;
        params.push_back({"suggestion", suggestion});
        return key + ".hint";
    }
    void report_hinted(const YAML::Node& at, const std::string& key, MessageParams params, const std::string& suggestion) {
        const std::string entry = hinted(key, params, suggestion);
        r_.report(at, entry, std::move(params));
    }
    // Names as a message lists them: "a, b, c" (the names are data, as written in rule files).
    static std::string joined(const std::vector<std::string>& names) {
        std::string out;
        for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
        return out;
    }

    // E021: no table `name` (with the nearest table name, if any).
    void unknown_table(const YAML::Node& at, const std::string& name) {
        std::vector<std::string> names;
        for (const auto& t : m_.tables) names.push_back(t.name);
        report_hinted(at, "E021.checks.unknown_table", {{"table", name}}, suggest(name, names));
    }
    // E021: `name` is not a field of `t` (with the nearest field name, if any).
    void not_a_field(const YAML::Node& at, const TableDef& t, const std::string& name) {
        std::vector<std::string> names;
        for (const auto& f : t.fields) names.push_back(f.name);
        report_hinted(at, "E021.checks.not_a_field", {{"field", name}, {"table", t.name}}, suggest(name, names));
    }

    // A field of `t` named by `n`; reports E021 when it is not one.
    const FieldDef* field_ref(const YAML::Node& n, const TableDef& t, const std::string& key) {
        const auto s = r_.string(n, key);
        if (!s) return nullptr;
        const FieldDef* f = t.field(*s);
        if (!f) not_a_field(n, t, *s);
        return f;
    }

    bool rule(const YAML::Node& n, CheckRule& rule) {
        const bool ok = parse_rule(n, rule);
        if (ok && rule.effect.empty()) {
            const TableDef* t = m_.table(rule.table);
            rule.effect = effect_default(rule, t && t->report_rows);
        }
        return ok;
    }

    bool parse_rule(const YAML::Node& n, CheckRule& rule) {
        YamlReader::Map m(r_, n,
                          {"id", "title", "title_en", "source", "message", "severity", "table", "where", "field",
                           "required", "min", "max", "equals", "one_of", "validator", "blank", "span", "within",
                           "group_by", "count", "sum", "at", "active", "lifecycle", "multiple_of", "unique", "effect",
                           "attempts"},
                          "rule");
        if (!m.ok()) return false;
        rule.at = r_.where(n);
        if (auto v = m.required("id")) {
            rule.id = r_.string(*v, "id").value_or("");
            rule.at = r_.where(*v);
            if (!rule.id.empty() && !valid_id(rule.id, true))
                r_.report(*v, "E015.checks.rule_id", {{"id", rule.id}});
        }
        if (auto v = m.required("title"))
            if (auto s = r_.bilingual(*v, "title")) rule.title = s->text, rule.title_en = s->en;
        // `title_en:` is the older way to give the English title (title: {zh-TW: ..., en: ...} is preferred).
        if (auto v = m.get("title_en")) rule.title_en = r_.string(*v, "title_en").value_or(rule.title_en);
        if (auto v = m.get("source")) rule.source = r_.string(*v, "source").value_or("");
        if (auto v = m.get("message"))
            if (auto s = r_.bilingual(*v, "message")) rule.message = s->text, rule.message_en = s->en;
        if (auto v = m.get("severity")) {
            rule.severity = r_.string(*v, "severity").value_or("error");
            if (rule.severity != "error" && rule.severity != "warning")
                r_.report(*v, "E012.checks.severity", {{"value", rule.severity}});
        }
        if (auto v = m.get("effect")) {
            rule.effect = r_.string(*v, "effect").value_or("");
            if (rule.effect != "invalid" && rule.effect != "not_met") {
                r_.report(*v, "E012.checks.effect", {{"value", rule.effect}});
                rule.effect.clear();
            }
        }
        const TableDef* t = nullptr;
        if (auto v = m.required("table")) {
            rule.table = r_.string(*v, "table").value_or("");
            t = m_.table(rule.table);
            if (!t && !rule.table.empty()) unknown_table(*v, rule.table);
        }
        if (!t) return false;
        if (auto v = m.get("where")) where(*v, *t, rule);

        const int shapes =
            m.has("field") + m.has("span") + m.has("within") + m.has("group_by") + m.has("lifecycle");
        if (shapes != 1) {
            r_.report(n, shapes == 0 ? "E013.checks.rule_no_shape" : "E013.checks.rule_two_shapes", {});
            return false;
        }
        if (m.has("group_by")) return group(m, *t, rule);
        if (m.has("span")) return span(*m.get("span"), *t, rule) && no_keys(m, {"min", "max", "equals", "one_of",
                                                                                  "validator", "required", "blank",
                                                                                  "count", "sum", "at", "active",
                                                                                  "multiple_of", "unique", "attempts"});
        if (m.has("within")) return within(*m.get("within"), *t, rule) &&
                                    no_keys(m, {"min", "max", "equals", "one_of", "validator", "required", "blank",
                                                "count", "sum", "at", "active", "multiple_of", "unique", "attempts"});
        if (m.has("lifecycle")) return lifecycle(*m.get("lifecycle"), *t, rule) &&
                                       no_keys(m, {"min", "max", "equals", "one_of", "validator", "required", "blank",
                                                   "count", "sum", "at", "active", "multiple_of", "unique", "attempts"});
        return field_rule(m, *t, rule);
    }

    // The effect of a rule that sets none (docs/checks-language.md, "What breaking a rule means"):
    // in a table judged row by row a broken rule rejects its row (not_met); a deadline (a date
    // bound from another field shifted by days or hours, or `blank: as_of`), a cap over a group
    // and a lifecycle refuse an action (not_met); any other field rule, a span and a window inside
    // another window hold a value to its allowed domain (invalid).
    static std::string effect_default(const CheckRule& rule, bool row_verdicts) {
        if (row_verdicts) return "not_met";
        if (rule.shape == RuleShape::group || rule.shape == RuleShape::lifecycle) return "not_met";
        if (rule.shape != RuleShape::field) return "invalid";
        if (rule.blank_is_as_of) return "not_met";
        for (const auto* o : {&rule.min, &rule.max, &rule.equals})
            if (*o && (*o)->is_field() && ((*o)->plus_days != 0 || (*o)->plus_hours != 0)) return "not_met";
        return "invalid";
    }

    bool no_keys(const YamlReader::Map& m, std::initializer_list<const char*> keys) {
        bool ok = true;
        for (const char* k : keys)
            if (auto v = m.get(k)) {
                r_.report(*v, "E012.checks.not_for_shape", {{"key", k}});
                ok = false;
            }
        return ok;
    }

    void where(const YAML::Node& n, const TableDef& t, CheckRule& rule) { rule.where = conditions(n, t); }

    std::vector<RowCondition> conditions(const YAML::Node& n, const TableDef& t) {
        std::vector<RowCondition> out;
        if (!n.IsMap()) {
            r_.report(n, "E012.checks.conditions_not_mapping", {{"got", YamlReader::got(n)}});
            return out;
        }
        for (const auto& kv : n) {
            RowCondition c;
            c.field = kv.first.Scalar();
            if (const std::size_t dot = c.field.find('.'); dot != std::string::npos) {
                // `course.class_type`: a field of a one-row table (the course an attendee list is for).
                c.table = c.field.substr(0, dot);
                c.field = c.field.substr(dot + 1);
                const TableDef* other = m_.table(c.table);
                if (!other) {
                    unknown_table(kv.first, c.table);
                    continue;
                }
                if (!other->one_row) {
                    r_.report(kv.first, "E012.checks.table_not_one_row", {{"table", c.table}});
                    continue;
                }
                if (!other->field(c.field)) {
                    not_a_field(kv.first, *other, c.field);
                    continue;
                }
            } else if (!t.field(c.field)) {
                not_a_field(kv.first, t, c.field);
                continue;
            }
            const YAML::Node v = kv.second;
            if (v.IsMap()) {
                YamlReader::Map nm(r_, v, {"not"}, "where_field", {{"field", c.field}});
                if (auto x = nm.required("not")) {
                    c.negate = true;
                    c.values = scalars(*x);
                }
            } else {
                c.values = scalars(v);
            }
            out.push_back(std::move(c));
        }
        return out;
    }

    // Scalars as written (numbers and booleans too: conditions compare values, not YAML types).
    std::vector<std::string> scalars(const YAML::Node& n) {
        std::vector<std::string> out;
        if (n.IsScalar()) out.push_back(n.Scalar());
        else if (n.IsSequence())
            for (std::size_t i = 0; i < n.size(); ++i) {
                const YAML::Node item = n[i];
                if (item.IsScalar()) out.push_back(item.Scalar());
                else r_.report(item, "E012.checks.not_value", {{"got", YamlReader::got(item)}});
            }
        else r_.report(n, "E012.checks.not_values", {{"got", YamlReader::got(n)}});
        return out;
    }

    bool field_rule(const YamlReader::Map& m, const TableDef& t, CheckRule& rule) {
        rule.shape = RuleShape::field;
        const FieldDef* f = field_ref(*m.get("field"), t, "field");
        if (!f) return false;
        rule.field = f->name;
        if (auto v = m.get("required")) rule.required = r_.boolean(*v, "required").value_or(false);
        if (auto v = m.get("min")) rule.min = operand(*v, t, f->type, "min");
        if (auto v = m.get("max")) rule.max = operand(*v, t, f->type, "max");
        if (auto v = m.get("equals")) rule.equals = operand(*v, t, f->type, "equals");
        if (auto v = m.get("one_of")) rule.one_of = scalars(*v);
        if (auto v = m.get("validator")) rule.validator = validator(*v, t);
        if (auto v = m.get("blank")) {
            const auto s = r_.string(*v, "blank").value_or("");
            if (s != "as_of") r_.report(*v, "E012.checks.blank", {});
            else if (f->type != ValueType::date && f->type != ValueType::datetime)
                r_.report(*v, "E012.checks.blank_not_date", {{"field", f->name}, {"type", type_code(f->type)}});
            rule.blank_is_as_of = true;
        }
        if (auto v = m.get("multiple_of")) {
            const auto step = r_.string(*v, "multiple_of").value_or("");
            const auto parsed = parse_value(ValueType::number, step);
            if (f->type != ValueType::integer && f->type != ValueType::number)
                r_.report(*v, "E012.checks.multiple_of_not_number", {{"field", f->name}, {"type", type_code(f->type)}});
            else if (!parsed || parsed->blank || parsed->number <= 0 || !decimal_digits(step))
                r_.report(*v, "E012.checks.multiple_of", {{"value", step}});
            else rule.multiple_of = step;
        }
        if (auto v = m.get("unique")) rule.unique = r_.boolean(*v, "unique").value_or(false);
        if ((rule.min || rule.max) && (f->type == ValueType::text || f->type == ValueType::boolean))
            r_.report(*m.get(rule.min ? "min" : "max"), "E012.checks.min_max_type",
                      {{"field", f->name}, {"type", type_code(f->type)}});
        for (const char* k : {"count", "sum", "at", "active", "attempts"})
            if (auto v = m.get(k)) r_.report(*v, "E012.checks.needs_group_by", {{"key", k}});
        if (!m.has("required") && !m.has("min") && !m.has("max") && !m.has("equals") && !m.has("one_of") &&
            !m.has("validator") && !m.has("multiple_of") && !m.has("unique")) {
            r_.report(*m.get("field"), "E013.checks.field_rule_nothing", {});
            return false;
        }
        return true;
    }

    std::optional<Validator> validator(const YAML::Node& n, const TableDef& t) {
        Validator v;
        const YAML::Node* args = nullptr;
        SourceLocation name_at = r_.where(n);  // (never reassign a YAML::Node: it writes through)
        if (n.IsMap()) {
            if (n.size() != 1) {
                r_.report(n, "E012.checks.validator_one", {});
                return std::nullopt;
            }
            for (const auto& kv : n) {
                v.name = kv.first.Scalar();
                name_at = r_.where(kv.first);
            }
        } else if (auto s = r_.string(n, "validator")) {
            v.name = *s;
        }
        if (std::find(validator_names.begin(), validator_names.end(), v.name) == validator_names.end()) {
            MessageParams params{{"validator", v.name}, {"known", joined(validator_names)}};
            const std::string entry = hinted("E012.checks.unknown_validator", params, suggest(v.name, validator_names));
            r_.report_at(name_at, entry, std::move(params));
            return std::nullopt;
        }
        if (!n.IsMap()) {
            if (v.name == "file_name" || v.name == "password")
                r_.report(n, "E013.checks.validator_settings",
                          {{"validator", v.name},
                           {"example", v.name == "password" ? "{password: {min_length: 8, classes: [letter, digit, symbol]}}"
                                                            : "{file_name: {forbidden: \"~@-.&\"}}"}});
            return v;
        }
        const YAML::Node a = n[v.name];
        args = &a;
        if (v.name == "email") {
            YamlReader::Map m(r_, *args, {"pattern"}, "'email'");
            if (auto p = m.get("pattern")) {
                v.pattern = r_.string(*p, "pattern").value_or("");
                for (const std::string& ref : template_fields(v.pattern))
                    if (!t.field(ref))
                        r_.report(*p, "E021.checks.pattern_field", {{"field", ref}, {"table", t.name}});
            }
        } else if (v.name == "file_name") {
            YamlReader::Map m(r_, *args, {"forbidden"}, "'file_name'");
            if (auto p = m.required("forbidden")) v.forbidden = r_.string(*p, "forbidden").value_or("");
        } else if (v.name == "password") {
            YamlReader::Map m(r_, *args, {"min_length", "classes"}, "'password'");
            if (auto p = m.get("min_length")) v.min_length = r_.integer(*p, "min_length", 1, 1000).value_or(0);
            if (!m.has("min_length") && !m.has("classes"))
                r_.report(*args, "E013.checks.password_settings", {});
            if (auto p = m.get("classes")) {
                v.classes = r_.strings(*p, "classes");
                for (const auto& c : v.classes)
                    if (std::find(password_classes.begin(), password_classes.end(), c) == password_classes.end())
                        r_.report(*p, "E012.checks.unknown_class", {{"class", c}, {"known", joined(password_classes)}});
            }
        } else if (v.name == "resident_id" || v.name == "person_id") {
            id_settings(*args, v);
        } else {
            r_.report(*args, "E012.checks.validator_no_settings", {{"validator", v.name}});
        }
        return v;
    }

    // `{resident_id: {forms: [new], old_form_expires: "2031-01-01"}}` (also person_id): which forms of
    // resident certificate number are accepted, and from which as-of day an old-form number is void.
    void id_settings(const YAML::Node& args, Validator& v) {
        YamlReader::Map m(r_, args, {"forms", "old_form_expires"}, "'" + v.name + "'");
        if (!m.has("forms") && !m.has("old_form_expires")) r_.report(args, "E013.checks.id_settings", {{"validator", v.name}});
        if (auto p = m.get("forms")) {
            const std::vector<std::string> forms = r_.strings(*p, "forms");
            bool known = true;
            for (const auto& f : forms)
                if (f != "new" && f != "old") {
                    r_.report(*p, "E012.checks.id_form", {{"form", f}});
                    known = false;
                }
            const bool has_new = std::find(forms.begin(), forms.end(), "new") != forms.end();
            const bool has_old = std::find(forms.begin(), forms.end(), "old") != forms.end();
            if (known && !has_new && !forms.empty()) r_.report(*p, "E012.checks.id_forms_new", {});
            v.new_form_only = has_new && !has_old;
        }
        if (auto p = m.get("old_form_expires")) {
            const std::string t = p->IsScalar() ? p->Scalar() : std::string();
            v.old_form_expires = parse_date(t);
            if (!v.old_form_expires) r_.report(*p, "E012.checks.id_expires", {{"got", t}});
        }
    }

    bool span(const YAML::Node& n, const TableDef& t, CheckRule& rule) {
        rule.shape = RuleShape::span;
        YamlReader::Map m(r_, n, {"start", "end", "min_days", "max_days"}, "'span'");
        if (!m.ok()) return false;
        const FieldDef* s = m.required("start") ? field_ref(*m.get("start"), t, "start") : nullptr;
        const FieldDef* e = m.required("end") ? field_ref(*m.get("end"), t, "end") : nullptr;
        for (const FieldDef* f : {s, e})
            if (f && f->type != ValueType::date && f->type != ValueType::datetime)
                r_.report(n, "E012.checks.span_not_date", {{"field", f->name}, {"type", type_code(f->type)}});
        if (auto v = m.get("min_days")) rule.min_days = r_.integer(*v, "min_days", 0, 36600);
        if (auto v = m.get("max_days")) rule.max_days = r_.integer(*v, "max_days", 0, 36600);
        if (!m.has("min_days") && !m.has("max_days")) r_.report(n, "E013.checks.span_days", {});
        if (!s || !e) return false;
        rule.start = s->name;
        rule.end = e->name;
        return true;
    }

    bool within(const YAML::Node& n, const TableDef& t, CheckRule& rule) {
        rule.shape = RuleShape::within;
        YamlReader::Map m(r_, n, {"table", "match", "start", "end", "their_start", "their_end", "any_value"}, "'within'");
        if (!m.ok()) return false;
        const TableDef* other = nullptr;
        if (auto v = m.required("table")) {
            rule.other_table = r_.string(*v, "table").value_or("");
            other = m_.table(rule.other_table);
            if (!other) unknown_table(*v, rule.other_table);
        }
        if (!other) return false;
        bool ok = true;
        auto ref = [&](const char* key, const TableDef& in, const char* fallback_key) -> std::string {
            const YAML::Node* v = m.get(key);
            if (!v && fallback_key) v = m.get(fallback_key);
            if (!v) {
                r_.report(n, "E013.missing_key", m.with_context({{"key", key}}));
                ok = false;
                return {};
            }
            const FieldDef* f = field_ref(*v, in, key);
            if (!f) ok = false;
            else if (f->type != ValueType::date && f->type != ValueType::datetime) {
                r_.report(*v, "E012.checks.within_not_date", {{"field", f->name}, {"type", type_code(f->type)}});
                ok = false;
            }
            return f ? f->name : std::string{};
        };
        rule.start = ref("start", t, nullptr);
        rule.end = ref("end", t, nullptr);
        rule.other_start = ref("their_start", *other, "start");
        rule.other_end = ref("their_end", *other, "end");
        if (auto v = m.get("match")) {
            if (!v->IsMap()) {
                r_.report(*v, "E012.checks.match_not_mapping", {});
                ok = false;
            } else {
                for (const auto& kv : *v) {
                    const FieldDef* theirs = field_ref(kv.first, *other, "match");
                    const FieldDef* ours = field_ref(kv.second, t, "match");
                    if (theirs && ours) rule.match.emplace_back(theirs->name, ours->name);
                    else ok = false;
                }
            }
        }
        if (auto v = m.get("any_value")) {
            // {semester: 0}: their row with semester 0 matches any of our semesters (0 = whole year).
            if (!v->IsMap() || v->size() != 1) {
                r_.report(*v, "E012.checks.any_value_one", {});
                ok = false;
            } else {
                for (const auto& kv : *v) {
                    const FieldDef* f = field_ref(kv.first, *other, "any_value");
                    if (!f) ok = false;
                    else if (!kv.second.IsScalar()) {
                        r_.report(kv.second, "E012.checks.any_value_not_value", {{"got", YamlReader::got(kv.second)}});
                        ok = false;
                    } else {
                        rule.other_wildcard_field = f->name;
                        rule.wildcard = kv.second.Scalar();
                    }
                }
            }
        }
        return ok;
    }

    bool group(const YamlReader::Map& m, const TableDef& t, CheckRule& rule) {
        rule.shape = RuleShape::group;
        const YAML::Node& g = *m.get("group_by");
        for (const std::string& name : r_.strings(g, "group_by")) {
            if (!t.field(name)) {
                not_a_field(g, t, name);
                return false;
            }
            rule.group_by.push_back(name);
        }
        ValueType measured = ValueType::integer;
        if (auto v = m.get("sum")) {
            const FieldDef* f = field_ref(*v, t, "sum");
            if (!f) return false;
            if (f->type != ValueType::integer && f->type != ValueType::number && f->type != ValueType::bytes) {
                r_.report(*v, "E012.checks.sum_not_number", {{"field", f->name}, {"type", type_code(f->type)}});
                return false;
            }
            rule.sum = f->name;
            measured = f->type == ValueType::integer ? ValueType::integer : ValueType::number;
            if (auto c = m.get("count")) r_.report(*c, "E012.checks.count_and_sum", {});
        } else if (auto c = m.get("count")) {
            if (!r_.boolean(*c, "count").value_or(true))
                r_.report(*c, "E012.checks.count_false", {});
        }
        if (auto v = m.get("min")) rule.min = operand(*v, t, measured, "min");
        if (auto v = m.get("max")) rule.max = operand(*v, t, measured, "max");
        if (!m.has("min") && !m.has("max")) {
            r_.report(g, "E013.checks.group_bound", {});
            return false;
        }
        for (const char* k : {"equals", "one_of", "validator", "required", "blank", "multiple_of", "unique"})
            if (auto v = m.get(k)) r_.report(*v, "E012.checks.not_for_groups", {{"key", k}});
        for (const auto& o : {rule.min, rule.max})
            if (o && o->is_field() && o->table.empty())
                r_.report_at(o->at, "E012.checks.group_limit", {});
        if (auto v = m.get("attempts")) return attempts(*v, m, t, rule);
        if (m.has("at") || m.has("active")) return active_at(m, t, rule);
        return true;
    }

    // `attempts: {order_by: uploaded_at}`: the rows are attempts in that order; each one over the
    // cap is refused and does not use it up. Needs `max`; no `min`, `at` or `active`.
    bool attempts(const YAML::Node& n, const YamlReader::Map& m, const TableDef& t, CheckRule& rule) {
        YamlReader::Map a(r_, n, {"order_by"}, "'attempts'");
        if (!a.ok()) return false;
        const YAML::Node* o = a.required("order_by");
        const FieldDef* f = o ? field_ref(*o, t, "order_by") : nullptr;
        if (!f) return false;
        rule.attempts_order = f->name;
        bool ok = true;
        for (const char* k : {"min", "at", "active"})
            if (auto v = m.get(k)) {
                r_.report(*v, "E012.checks.attempts_key", {{"key", k}});
                ok = false;
            }
        if (!m.has("max")) {
            r_.report(n, "E013.checks.attempts_max", {});
            ok = false;
        }
        return ok;
    }

    // `at: <date field>` + `active: {from, until}`: for each row, count the other rows of its group
    // active at the row's date (e.g. courses of the unit already overdue when this one is registered).
    bool active_at(const YamlReader::Map& m, const TableDef& t, CheckRule& rule) {
        if (!m.has("at") || !m.has("active")) {
            r_.report(*m.get(m.has("at") ? "at" : "active"), "E013.checks.at_active", {});
            return false;
        }
        const FieldDef* at = field_ref(*m.get("at"), t, "at");
        if (!at) return false;
        if (at->type != ValueType::date && at->type != ValueType::datetime) {
            r_.report(*m.get("at"), "E012.checks.not_date_field",
                      {{"key", "at"}, {"field", at->name}, {"type", type_code(at->type)}});
            return false;
        }
        rule.at_field = at->name;
        const YAML::Node& a = *m.get("active");
        YamlReader::Map am(r_, a, {"from", "until"}, "'active'");
        if (!am.ok()) return false;
        // A field name, or {field, plus_days, plus_hours}: a date of the counted row.
        auto bound = [&](const char* key) -> std::optional<Operand> {
            const YAML::Node* v = am.get(key);
            if (!v) return std::nullopt;
            if (!v->IsScalar()) return operand(*v, t, at->type, key);
            const FieldDef* f = field_ref(*v, t, key);
            if (!f) return std::nullopt;
            if (f->type != ValueType::date && f->type != ValueType::datetime) {
                r_.report(*v, "E012.checks.not_date_field", {{"key", key}, {"field", f->name}, {"type", type_code(f->type)}});
                return std::nullopt;
            }
            Operand o;
            o.field = f->name;
            o.at = r_.where(*v);
            return o;
        };
        if (am.required("from")) rule.active_from = bound("from");
        rule.active_until = bound("until");
        return rule.active_from.has_value() && (rule.active_until.has_value() || !am.has("until"));
    }

    // `lifecycle:` an event log (this table) run through a state machine, per subject (`key`).
    bool lifecycle(const YAML::Node& n, const TableDef& t, CheckRule& rule) {
        rule.shape = RuleShape::lifecycle;
        YamlReader::Map m(r_, n, {"key", "order_by", "event", "initial", "transitions", "locks", "titles"}, "'lifecycle'");
        if (!m.ok()) return false;
        Lifecycle lc;
        bool ok = lifecycle_fields(m, t, lc);
        ok = lifecycle_transitions(m, lc) && ok;  // transitions before `initial`, which must leave by one
        ok = lifecycle_initial(m, lc) && ok;
        ok = lifecycle_locks(m, lc) && ok;
        ok = lifecycle_titles(m, lc) && ok;
        if (!ok) return false;
        rule.lifecycle = std::move(lc);
        return true;
    }

    // The log's fields: `key` (whose lifecycle a row belongs to), `order_by`, `event`.
    bool lifecycle_fields(const YamlReader::Map& m, const TableDef& t, Lifecycle& lc) {
        bool ok = true;
        if (auto v = m.required("key")) {
            for (const std::string& name : r_.strings(*v, "key")) {
                if (!t.field(name)) {
                    not_a_field(*v, t, name);
                    ok = false;
                }
                lc.key.push_back(name);
            }
        } else {
            ok = false;
        }
        if (auto v = m.get("order_by")) {
            const FieldDef* f = field_ref(*v, t, "order_by");
            if (f && f->type != ValueType::date && f->type != ValueType::datetime)
                r_.report(*v, "E012.checks.not_date_field", {{"key", "order_by"}, {"field", f->name}, {"type", type_code(f->type)}});
            if (f) lc.order_by = f->name;
            else ok = false;
        }
        if (auto v = m.required("event")) {
            const FieldDef* f = field_ref(*v, t, "event");
            if (f && f->type != ValueType::text)
                r_.report(*v, "E012.checks.event_not_text", {{"field", f->name}, {"type", type_code(f->type)}});
            if (f) lc.event = f->name;
            else ok = false;
        } else {
            ok = false;
        }
        return ok;
    }

    // `transitions`: {from, event, to}; one event leads from a state to one state.
    bool lifecycle_transitions(const YamlReader::Map& m, Lifecycle& lc) {
        bool ok = true;
        if (auto v = m.required("transitions")) {
            if (!v->IsSequence() || v->size() == 0) {
                r_.report(*v, "E012.checks.transitions_not_list", {{"got", YamlReader::got(*v)}});
                ok = false;
            } else {
                for (std::size_t i = 0; i < v->size(); ++i) {
                    const YAML::Node item = (*v)[i];
                    YamlReader::Map tm(r_, item, {"from", "event", "to"}, "transition");
                    if (!tm.ok()) continue;
                    Transition tr;
                    tr.at = r_.where(item);
                    if (auto x = tm.required("from")) tr.from = r_.strings(*x, "from");
                    if (auto x = tm.required("event")) tr.event = r_.string(*x, "event").value_or("");
                    if (auto x = tm.required("to")) tr.to = r_.string(*x, "to").value_or("");
                    if (tr.from.empty() || tr.event.empty() || tr.to.empty()) {
                        ok = false;
                        continue;
                    }
                    for (const auto& earlier : lc.transitions)
                        for (const auto& f : tr.from)
                            if (earlier.event == tr.event &&
                                std::find(earlier.from.begin(), earlier.from.end(), f) != earlier.from.end())
                                r_.report(item, "E012.checks.transition_twice",
                                          {{"event", tr.event}, {"state", f}, {"line", std::to_string(earlier.at.line)}});
                    lc.transitions.push_back(std::move(tr));
                }
            }
        } else {
            ok = false;
        }
        return ok;
    }

    // `initial`: a state some transition leaves.
    bool lifecycle_initial(const YamlReader::Map& m, Lifecycle& lc) {
        bool ok = true;
        if (auto v = m.required("initial")) {
            lc.initial = r_.string(*v, "initial").value_or("");
            const bool leaves = std::any_of(lc.transitions.begin(), lc.transitions.end(), [&](const Transition& tr) {
                return std::find(tr.from.begin(), tr.from.end(), lc.initial) != tr.from.end();
            });
            if (!lc.transitions.empty() && !leaves) {
                std::vector<std::string> from;
                for (const auto& tr : lc.transitions) from.insert(from.end(), tr.from.begin(), tr.from.end());
                report_hinted(*v, "E021.checks.initial_state", {{"state", lc.initial}}, closest_name(lc.initial, from));
                ok = false;
            }
        } else {
            ok = false;
        }
        return ok;
    }

    // `titles`: the English names of events and states, {name: {en: ...}}; the name itself is
    // the Chinese one, as written in the event log.
    bool lifecycle_titles(const YamlReader::Map& m, Lifecycle& lc) {
        const YAML::Node* v = m.get("titles");
        if (!v) return true;
        YamlReader::Map names(r_, *v, keys_of(*v), "'titles'");
        if (!names.ok()) return false;
        bool ok = true;
        std::vector<std::string> known = lc.events(), states = lc.states();
        known.insert(known.end(), states.begin(), states.end());
        for (const auto& kv : *v) {
            const std::string named = kv.first.Scalar();
            if (std::find(known.begin(), known.end(), named) == known.end()) {
                report_hinted(kv.first, "E021.checks.not_event_or_state", {{"name", named}}, closest_name(named, known));
                ok = false;
                continue;
            }
            YamlReader::Map t(r_, kv.second, {"en"}, "'" + named + "'");
            if (!t.ok()) continue;
            if (auto en = t.required("en"))
                if (auto s = r_.string(*en, named + ".en")) lc.titles_en[named] = *s;
        }
        return ok;
    }

    // `locks`: after these states, these events are forbidden.
    bool lifecycle_locks(const YamlReader::Map& m, Lifecycle& lc) {
        bool ok = true;
        if (auto v = m.get("locks")) {
            if (!v->IsSequence()) {
                r_.report(*v, "E012.checks.locks_not_list", {{"got", YamlReader::got(*v)}});
                ok = false;
            } else {
                const std::vector<std::string> states = lc.states(), events = lc.events();
                for (std::size_t i = 0; i < v->size(); ++i) {
                    const YAML::Node item = (*v)[i];
                    YamlReader::Map lm(r_, item, {"after", "forbid", "title"}, "lock");
                    if (!lm.ok()) continue;
                    StateLock lock;
                    lock.at = r_.where(item);
                    // `message`: E021.checks.not_a_state or not_an_event.
                    auto known = [&](const YAML::Node& x, const char* key, const std::vector<std::string>& names,
                                     const char* message) {
                        std::vector<std::string> out = r_.strings(x, key);
                        for (const auto& s : out)
                            if (std::find(names.begin(), names.end(), s) == names.end()) {
                                report_hinted(x, message, {{"name", s}}, closest_name(s, names));
                                ok = false;
                            }
                        return out;
                    };
                    if (auto x = lm.required("after")) lock.after = known(*x, "after", states, "E021.checks.not_a_state");
                    if (auto x = lm.required("forbid")) lock.forbid = known(*x, "forbid", events, "E021.checks.not_an_event");
                    if (auto x = lm.get("title"))
                        if (auto s = r_.bilingual(*x, "title")) lock.title = s->text, lock.title_en = s->en;
                    lc.locks.push_back(std::move(lock));
                }
            }
        }
        return ok;
    }
};

}  // namespace

std::vector<std::string> template_fields(const std::string& text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while ((i = text.find('{', i)) != std::string::npos) {
        const std::size_t close = text.find('}', i);
        if (close == std::string::npos) break;
        std::string inner = text.substr(i + 1, close - i - 1);
        inner = inner.substr(0, inner.find('|'));
        if (!inner.empty()) out.push_back(inner);
        i = close + 1;
    }
    return out;
}

std::shared_ptr<const CheckModel> load_check_model(YamlReader& r, const YamlReader::Map& top) {
    auto model = std::make_shared<CheckModel>();
    ChecksLoader loader(r, *model);
    if (auto n = top.required("tables")) loader.tables(*n);
    if (auto n = top.required("rules")) loader.rules(*n);
    return model;
}

Loaded load_checks(const std::string& name, const std::string& text, const YAML::Node& doc) {
    RuleReader reader(name, text);
    Loaded out;
    out.model = std::make_shared<Model>();
    // A checks rule set (tables and rules over their rows) shares only the header keys.
    RuleReader::Map top(reader, doc, {"libaudit", "kind", "id", "version", "title", "description", "source", "tables", "rules"},
                        "checks_rule_file");
    if (reader.header(top, *out.model)) out.model->tables = load_check_model(reader, top);
    out.diagnostics = std::move(reader.diagnostics);
    return out;
}

}}}  // namespace libaudit::v0::detail
