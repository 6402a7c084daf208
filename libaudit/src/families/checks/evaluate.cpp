// Evaluating a `kind: checks` rule set over a dataset: typed fields and defaults, field rules
// (presence, bounds against literals or other fields, validators), day spans, windows inside
// other windows, and caps over groups of rows. Every violation names the rule, the table, the
// row and the field.
#include <libaudit/dataset.hpp>
#include <libaudit/validators.hpp>
#include <libaudit/version.hpp>

#include "base/input_words.hpp"
#include "base/number.hpp"
#include "families/checks/evaluate.hpp"
#include "families/checks/model.hpp"
#include "rules/model.hpp"
#include "families/checks/row_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

namespace libaudit { inline namespace v0 {
namespace detail {

// A type as a catalogue code (checks.type.<code>).
const char* type_code(ValueType t) {
    switch (t) {
        case ValueType::text: return "text";
        case ValueType::integer: return "integer";
        case ValueType::number: return "number";
        case ValueType::boolean: return "boolean";
        case ValueType::date: return "date";
        case ValueType::datetime: return "datetime";
        case ValueType::bytes: return "bytes";
    }
    return "text";
}

const char* type_name(ValueType t) {
    switch (t) {
    case ValueType::text: return "text";
    case ValueType::integer: return "an integer";
    case ValueType::number: return "a number";
    case ValueType::boolean: return "true or false";
    case ValueType::date: return "a date";
    case ValueType::datetime: return "a date and time";
    case ValueType::bytes: return "a file size";
    }
    return "a value";
}

namespace {

std::optional<DateTime> parse_instant(const std::string& text) {
    if (auto t = parse_datetime(text)) return t;
    // "111/04/05 24", "2022-04-05 24:00" (the platform's end of day), "111/04/01 00" (hour only).
    const std::size_t sep = text.find_last_of(" T");
    if (sep == std::string::npos) return std::nullopt;
    std::string time = text.substr(sep + 1);
    if (time.size() > 3 && time.compare(time.size() - 3, 3, ":00") == 0) time.resize(time.size() - 3);
    if (time.empty() || time.size() > 2 || time.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const int hour = std::stoi(time);
    const auto day = parse_date(text.substr(0, sep));
    if (!day || hour > 24) return std::nullopt;
    return DateTime{at(*day).seconds + hour * 3600LL};
}

}  // namespace

std::optional<Value> parse_value(ValueType type, const std::string& text) {
    Value v;
    v.type = type;
    v.text = text;
    if (text.empty()) return v;
    v.blank = false;
    switch (type) {
    case ValueType::text: return v;
    case ValueType::integer: {
        std::size_t used = 0;
        try {
            const long long n = std::stoll(text, &used);
            if (used != text.size()) return std::nullopt;
            v.number = static_cast<double>(n);
        } catch (const std::exception&) {
            return std::nullopt;
        }
        return v;
    }
    case ValueType::number: {
        const auto n = parse_number(text);
        if (!n) return std::nullopt;
        v.number = *n;
        return v;
    }
    case ValueType::boolean: {
        static const char* yes[] = {"true", "True", "TRUE", "1", "Y", "y", "V", "v"};
        static const char* no[] = {"false", "False", "FALSE", "0", "N", "n"};
        for (const char* s : yes)
            if (text == s) return v.number = 1, v;
        for (std::string_view s : input_words("yes"))  // libaudit/data/words.txt
            if (text == s) return v.number = 1, v;
        for (std::string_view s : input_words("no"))
            if (text == s) return v.number = 0, v;
        for (const char* s : no)
            if (text == s) return v.number = 0, v;
        return std::nullopt;
    }
    case ValueType::date: {
        const auto d = parse_date(text);
        if (!d) return std::nullopt;
        v.number = d->days;
        return v;
    }
    case ValueType::datetime: {
        const auto t = parse_instant(text);
        if (!t) return std::nullopt;
        v.number = static_cast<double>(t->seconds);
        return v;
    }
    case ValueType::bytes: {
        const auto b = parse_size(text);
        if (!b) return std::nullopt;
        v.number = *b;
        return v;
    }
    }
    return std::nullopt;
}

std::string format_value(const Value& v) {
    if (v.blank) return "";
    switch (v.type) {
    case ValueType::date: return format_date(Date{static_cast<int>(v.number)});
    case ValueType::datetime: return format_datetime(DateTime{static_cast<long long>(v.number)});
    case ValueType::integer: return std::to_string(static_cast<long long>(v.number));
    case ValueType::bytes: {  // as written in rule files: 3 MB, 300 KB, else bytes
        const double kb = v.number / 1024, mb = kb / 1024;
        if (v.number >= 1024 * 1024 && mb == std::floor(mb)) return format_fixed(mb, 0) + " MB";
        if (v.number >= 1024 && kb == std::floor(kb)) return format_fixed(kb, 0) + " KB";
        return format_fixed(v.number, 0);
    }
    case ValueType::number: {
        return format_g(v.number);
    }
    case ValueType::boolean: return v.number != 0 ? "true" : "false";
    case ValueType::text: return v.text;
    }
    return v.text;
}

}  // namespace detail

const DataTable* Dataset::table(const std::string& table_name) const {
    for (const auto& t : tables)
        if (t.name == table_name) return &t;
    return nullptr;
}

namespace {

using detail::CheckModel;
using detail::CheckRule;
using detail::FieldDef;
using detail::Operand;
using detail::RuleShape;
using detail::TableDef;
using detail::Value;
using detail::ValueType;

struct Row {
    std::vector<Value> values;  // by field index
    std::vector<bool> bad;      // value not of its type (reported once; rules skip it)
    const DataRow* source = nullptr;
    std::string file;
    int line = 0;
};

struct Table {
    const TableDef* def = nullptr;
    std::vector<Row> rows;
    std::vector<bool> personal;  // by field index
    int index(const std::string& field) const {
        for (std::size_t i = 0; i < def->fields.size(); ++i)
            if (def->fields[i].name == field) return static_cast<int>(i);
        return -1;
    }
};

bool temporal(ValueType t) { return t == ValueType::date || t == ValueType::datetime; }

// `v` as `to` for comparisons: dates and date-times meet at midnight.
double as_type(const Value& v, ValueType to) {
    if (v.type == ValueType::datetime && to == ValueType::date) return std::floor(v.number / 86400.0);
    if (v.type == ValueType::date && to == ValueType::datetime) return v.number * 86400.0;
    return v.number;
}

std::string show(const Value& v, ValueType as) {
    Value c = v;
    c.number = as_type(v, as);
    c.type = as;
    return detail::format_value(c);
}

class Evaluator {
public:
    Evaluator(const detail::Model& model, const Dataset& data, const CheckOptions& options)
        : model_(model), checks_(*model.tables), options_(options) {
        for (const auto& def : checks_.tables) tables_.push_back(read_table(def, data));
        mark_personal();
        for (auto& t : tables_) fill_defaults(t);
    }

    AuditResult run(const Dataset& data) {
        AuditResult res;
        res.subject.id = data.name;
        res.ruleset.kind = model_.kind;
        res.ruleset.id = model_.id;
        res.ruleset.version = model_.version;
        res.ruleset.title = model_.title;
        res.ruleset.sha256 = model_.sha256;
        res.ruleset.file = model_.file;
        res.engine_version = engine_version;
        for (auto& t : tables_) type_and_presence(t);
        for (auto& t : tables_) attempt_sequences(t);
        for (const auto& rule : checks_.rules) res.requirements.push_back(evaluate(rule));
        res.violations = std::move(violations_);
        std::map<std::string, std::vector<bool>> personal;
        for (const auto& t : tables_) personal[t.def->name] = t.personal;
        res.row_reports = detail::build_row_reports(checks_, data, personal, res.violations);
        res.computed = std::move(computed_);
        const bool broken = std::any_of(res.violations.begin(), res.violations.end(),
                                        [](const Violation& v) { return v.severity == "error"; });
        // A value that cannot be read (a malformed date, an unknown event) leaves rules undecided:
        // the result is invalid (exit 2), with every violation still reported where it is. In a
        // table judged row by row (`report: rows`, an uploaded list) it only rejects its row.
        const bool unreadable = std::any_of(res.violations.begin(), res.violations.end(), [&](const Violation& v) {
            const TableDef* t = checks_.table(v.table);
            return v.kind == "type" && !(t && t->report_rows);
        });
        // A rule whose effect is `invalid` (a value outside its allowed domain) makes the result
        // invalid too; a refused action (`not_met`) only makes it not met.
        const bool out_of_domain = std::any_of(res.requirements.begin(), res.requirements.end(),
                                               [](const RequirementResult& r) { return r.status == Status::invalid; });
        res.status = unreadable || out_of_domain ? Status::invalid : broken ? Status::not_met : Status::met;
        return res;
    }

private:
    const detail::Model& model_;
    const CheckModel& checks_;
    const CheckOptions& options_;
    std::vector<Table> tables_;
    std::vector<Violation> violations_;
    std::vector<ComputedValue> computed_;
    int rule_violations_ = 0;
    std::vector<DeadlineFigure> deadlines_;  // the rule being evaluated: its rows' deadline figures
    std::map<std::string, const Row*> unique_seen_;  // `unique` rules: the first row of each value
    // `attempts` rules: each refused attempt with the group's accepted total before it and the cap
    struct Refusal {
        const Row* row;
        std::vector<std::string> key;
        double accepted;
        Value bound;
    };
    std::map<std::string, std::vector<Refusal>> refusals_;  // by rule id
    std::set<const Row*> refused_rows_;                     // refused by any attempts rule

    // Attempts in order: by the order_by value (blank or unreadable last), then by content (the
    // values as written, field by field), then input order, so that the outcome does not depend
    // on how the rows are arranged in the file.
    std::vector<const Row*> attempt_order(const Table& t, int ord) const {
        std::vector<const Row*> rows;
        for (const Row& r : t.rows) rows.push_back(&r);
        std::stable_sort(rows.begin(), rows.end(), [&](const Row* a, const Row* b) {
            const bool na = a->bad[ord] || a->values[ord].blank, nb = b->bad[ord] || b->values[ord].blank;
            if (na != nb) return nb;
            if (!na) {
                const Value &x = a->values[ord], &y = b->values[ord];
                if (x.type == ValueType::text ? x.text != y.text : x.number != y.number)
                    return x.type == ValueType::text ? x.text < y.text : x.number < y.number;
            }
            for (std::size_t i = 0; i < a->values.size(); ++i)
                if (a->values[i].text != b->values[i].text) return a->values[i].text < b->values[i].text;
            return false;
        });
        return rows;
    }

    // Runs every `attempts` rule of `t` over its rows in order, sharing one sequence per order_by
    // field: an attempt that any of them refuses (its group would go over the cap) counts in none.
    void attempt_sequences(const Table& t) {
        std::map<std::string, std::vector<const CheckRule*>> by_order;
        for (const auto& rule : checks_.rules)
            if (rule.table == t.def->name && !rule.attempts_order.empty()) by_order[rule.attempts_order].push_back(&rule);
        for (const auto& [order_field, rules] : by_order) {
            std::vector<std::map<std::vector<std::string>, double>> totals(rules.size());
            for (const Row* row : attempt_order(t, t.index(order_field))) {
                std::vector<std::pair<std::size_t, std::vector<std::string>>> keys;
                std::vector<Refusal> refused;
                for (std::size_t i = 0; i < rules.size(); ++i) {
                    const CheckRule& rule = *rules[i];
                    if (!where(rule, t, *row)) continue;
                    std::vector<std::string> key;
                    for (const auto& g : rule.group_by) key.push_back(detail::format_value(row->values[t.index(g)]));
                    const double add = attempt_measure(rule, t, *row);
                    const double before = totals[i][key];
                    const auto bound = operand(*rule.max, t, *row, attempt_type(rule, t));
                    if (bound && before + add > bound->number) {
                        refusals_[rule.id].push_back({row, key, before, *bound});
                        refused.push_back({row, key, before, *bound});
                    }
                    keys.emplace_back(i, std::move(key));
                }
                if (!refused.empty()) {
                    refused_rows_.insert(row);
                    continue;
                }
                for (const auto& [i, key] : keys) totals[i][key] += attempt_measure(*rules[i], t, *row);
            }
        }
    }

    double attempt_measure(const CheckRule& rule, const Table& t, const Row& row) const {
        if (rule.sum.empty()) return 1;
        const int k = t.index(rule.sum);
        return row.bad[k] || row.values[k].blank ? 0 : row.values[k].number;
    }

    static ValueType attempt_type(const CheckRule& rule, const Table& t) {
        if (rule.sum.empty()) return ValueType::integer;
        return t.def->field(rule.sum)->type == ValueType::integer ? ValueType::integer : ValueType::number;
    }

    // The refused attempts of an `attempts` rule, as violations at their rows. Returns the groups.
    int refused_attempts(const CheckRule& rule, const Table& t) {
        std::set<std::vector<std::string>> groups;
        for (const Row& row : t.rows) {
            if (!where(rule, t, row)) continue;
            std::vector<std::string> key;
            for (const auto& g : rule.group_by) key.push_back(detail::format_value(row.values[t.index(g)]));
            groups.insert(key);
        }
        const ValueType measured = attempt_type(rule, t);
        for (const Refusal& r : refusals_[rule.id]) {
            const std::string group = group_text(rule.group_by, r.key);
            Value accepted;
            accepted.type = measured;
            accepted.blank = false;
            accepted.number = r.accepted;
            Violation v = violation(&rule, t, r.row, rule.sum);
            v.column = column_of(*r.row, rule.attempts_order);
            v.value = detail::format_value(accepted);
            v.group = group;
            v.expected = "<= " + describe(*rule.max, r.bound);
            v.detail = "refused: " + group + " already has " + v.value + (rule.sum.empty() ? "" : " of " + rule.sum) +
                       " accepted, this attempt would exceed " + describe(*rule.max, r.bound) +
                       "; a refused attempt does not count";
            v.params.clear();
            v.code = "checks.attempt.refused";
            if (!rule.sum.empty()) v.params.push_back({"field", rule.sum});
            v.params.push_back({"value", v.value});
            v.params.push_back({"group", group});
            v.params.push_back({"order_field", rule.attempts_order});
            v.params = joined(v.params, bound_params(*rule.max, r.bound, t));
            add(std::move(v));
        }
        return static_cast<int>(groups.size());
    }

    Table& table(const std::string& name) {
        for (auto& t : tables_)
            if (t.def->name == name) return t;
        throw std::logic_error("unknown table " + name);  // the loader resolved every name
    }

    Table read_table(const TableDef& def, const Dataset& data) {
        Table t;
        t.def = &def;
        t.personal.assign(def.fields.size(), false);
        auto add = [&](const std::map<std::string, std::string>& values, const DataRow* src, const std::string& file,
                       int line) {
            Row row;
            row.source = src;
            row.file = file;
            row.line = line;
            for (const auto& f : def.fields) {
                const auto it = values.find(f.name);
                const std::string text = it == values.end() ? std::string{} : it->second;
                auto v = detail::parse_value(f.type, text);
                row.bad.push_back(!v);
                if (!v) {
                    v = Value{};
                    v->type = f.type;
                    v->text = text;
                }
                row.values.push_back(*v);
            }
            t.rows.push_back(std::move(row));
        };
        for (std::size_t i = 0; i < def.data.size(); ++i) add(def.data[i], nullptr, model_.file, 0);
        if (const DataTable* in = data.table(def.name))
            for (const auto& r : in->rows) add(r.values, &r, r.file, r.line);
        return t;
    }

    void mark_personal() {
        for (auto& t : tables_)
            for (std::size_t i = 0; i < t.def->fields.size(); ++i) t.personal[i] = t.def->fields[i].personal;
        for (const auto& rule : checks_.rules) {
            if (!rule.validator) continue;
            static const char* sensitive[] = {"national_id", "resident_id", "person_id", "password"};
            for (const char* s : sensitive)
                if (rule.validator->name == s) {
                    Table& t = table(rule.table);
                    t.personal[t.index(rule.field)] = true;
                }
        }
    }

    int column_of(const Row& row, const std::string& field) const {
        if (!row.source) return 0;
        const auto it = row.source->columns.find(field);
        return it == row.source->columns.end() ? 0 : it->second;
    }

    // Computes blank fields that have a default, in field order (a default may use an earlier one).
    void fill_defaults(Table& t) {
        for (auto& row : t.rows) {
            for (std::size_t i = 0; i < t.def->fields.size(); ++i) {
                const FieldDef& f = t.def->fields[i];
                if (!f.default_value) continue;
                if (!row.values[i].blank || row.bad[i] || !holds(f.default_value->when, t, row)) continue;
                bool personal = false;
                auto v = operand(*f.default_value, t, row, f.type, &personal);
                if (!v) continue;  // what it derives from is blank: the field stays blank
                v->type = f.type;
                v->text = detail::format_value(*v);
                row.values[i] = *v;
                ComputedValue c;
                c.table = t.def->name;
                c.field = f.name;
                c.value = v->text;
                if (!f.format.empty())
                    c.shown = format_datetime_as(
                        DateTime{f.type == ValueType::date ? static_cast<long long>(v->number) * 86400
                                                           : static_cast<long long>(v->number)},
                        f.format, f.type == ValueType::datetime && f.default_value->half_open);
                c.file = row.file;
                c.line = row.line;
                if (row.source) c.path = row.source->path;
                c.personal = personal || t.personal[i];
                computed_.push_back(std::move(c));
            }
        }
    }

    // The value of an operand for `row` of `t`, as `type`; nullopt when it depends on a blank.
    std::optional<Value> operand(const Operand& o, const Table& t, const Row& row, ValueType type,
                                 bool* personal = nullptr) {
        Value v;
        if (o.literal) {
            v = *o.literal;
        } else if (!o.template_text.empty()) {
            std::string problem;
            auto text = expand_template(
                o.template_text,
                [&](const std::string& name) -> std::optional<std::string> {
                    const int k = t.index(name);
                    if (k < 0 || row.values[k].blank || row.bad[k]) return std::nullopt;
                    if (personal && t.personal[k]) *personal = true;
                    return row.values[k].text;
                },
                &problem);
            if (!text) return std::nullopt;
            v.type = ValueType::text;
            v.blank = false;
            v.text = *text;
            return v;
        } else {
            const Table& source = o.table.empty() ? t : const_cast<Evaluator*>(this)->table(o.table);
            const Row* r = &row;
            if (!o.table.empty()) {
                if (source.rows.size() != 1) return std::nullopt;
                r = &source.rows[0];
            }
            const int k = source.index(o.field);
            if (k < 0 || r->values[k].blank || r->bad[k]) return std::nullopt;
            v = r->values[k];
        }
        if (v.blank) return std::nullopt;
        const auto days = shift_days(o, t, row);
        if (!days) return std::nullopt;
        const ValueType from = v.type;
        v.number = from == ValueType::datetime && type == ValueType::date
                       ? libaudit::end_day(DateTime{static_cast<long long>(v.number)}, o.half_open).days
                       : as_type(v, type);
        v.type = temporal(from) ? type : v.type;
        if (v.type == ValueType::datetime) {
            DateTime at{static_cast<long long>(v.number)};
            if (o.next_hour) at = ceil_to_hour(at);
            v.number = static_cast<double>(shift(at, *days, o.plus_hours).seconds);
        } else if (v.type == ValueType::date) {
            v.number = add_days(Date{static_cast<int>(v.number)}, static_cast<int>(*days)).days;
        }
        if (*days || o.plus_hours || o.next_hour || temporal(from)) v.text = detail::format_value(v);
        return v;
    }

    // The days an operand is shifted by: its literal `plus_days`, or the value of its days field
    // (`minus_days: {table: settings, field: remind_outcomes_days}`) with its sign; nullopt when
    // that field is blank or unreadable.
    std::optional<long long> shift_days(const Operand& o, const Table& t, const Row& row) {
        if (o.days_field.empty()) return o.plus_days;
        const Table& source = o.days_table.empty() ? t : table(o.days_table);
        const Row* r = &row;
        if (!o.days_table.empty()) {
            if (source.rows.size() != 1) return std::nullopt;
            r = &source.rows[0];
        }
        const int k = source.index(o.days_field);
        if (k < 0 || r->values[k].blank || r->bad[k]) return std::nullopt;
        return o.days_sign * static_cast<long long>(r->values[k].number);
    }

    // The days field of a bound (`minus_days: {table: settings, field: remind_outcomes_days}`): its
    // name, its title and the days it gave for `row`, signed.
    void days_field_params(const Operand& o, const Table& here, const Row* row, MessageParams& p) {
        const TableDef* def = o.days_table.empty() ? here.def : checks_.table(o.days_table);
        const FieldDef* f = def ? def->field(o.days_field) : nullptr;
        std::string title = f && !f->title.empty() ? f->title : o.days_field;
        if (!o.days_table.empty() && def)
            title = message_text(Language::zh_TW, "checks.bound.table_field",
                                 {{"table", def->title.empty() ? def->name : def->title}, {"field", title}});
        p.push_back({"bound_days_field", o.days_table.empty() ? o.days_field : o.days_table + "." + o.days_field});
        p.push_back({"bound_days_field_title", title});
        if (row)
            if (const auto days = shift_days(o, here, *row)) p.push_back({"bound_days", std::to_string(*days)});
    }

    // A date(-time) field with a `format` (the platform's "YYYYMMDD HHMM"): the value and the
    // bound in that form too (`value_shown`, `bound_shown`); a half-open end as hour 24.
    static void platform_forms(const FieldDef& f, const Value& value, MessageParams& params) {
        const auto shown = [&](double number, bool end24) {
            const long long s = f.type == ValueType::date ? static_cast<long long>(number) * 86400
                                                          : static_cast<long long>(number);
            return format_datetime_as(DateTime{s}, f.format, end24 && f.type == ValueType::datetime);
        };
        if (!value.text.empty()) params.push_back({"value_shown", shown(value.number, false)});
        const std::string* bound = nullptr;
        bool half_open = false;
        for (const auto& p : params) {
            if (p.name == "bound") bound = &p.value;
            if (p.name == "bound_half_open") half_open = true;
        }
        if (!bound) return;
        if (auto b = detail::parse_value(f.type, *bound); b && !b->blank)
            params.push_back({"bound_shown", shown(b->number, half_open)});
    }

    // Whether `value` lies past the upper bound `m`: a half-open date-time bound (`bounds:
    // half_open`, the first instant outside) is past once reached; an inclusive one once exceeded.
    // A date compared with a half-open end already has the end's own day (end_day).
    static bool beyond(const Operand& o, double value, const Value& m) {
        return o.half_open && m.type == ValueType::datetime ? value >= m.number : value > m.number;
    }

    std::string describe(const Operand& o, const Value& v) const {
        if (o.is_field()) {
            std::string s = o.table.empty() ? o.field : o.table + "." + o.field;
            if (o.next_hour) s = "next whole hour of " + s;
            if (o.plus_days) s += (o.plus_days > 0 ? " + " : " - ") + std::to_string(std::abs(o.plus_days)) + " days";
            if (o.plus_hours) s += (o.plus_hours > 0 ? " + " : " - ") + std::to_string(std::abs(o.plus_hours)) + " hours";
            if (!o.days_field.empty())
                s += std::string(o.days_sign > 0 ? " + " : " - ") + (o.days_table.empty() ? "" : o.days_table + ".") +
                     o.days_field + " days";
            return s + " (" + detail::format_value(v) + ")";
        }
        if (!o.template_text.empty()) return "the value of " + o.template_text;
        return detail::format_value(v);
    }

    // The figures of a deadline (a date field held to a date bound; issue 17 item 11): the whole
    // days past the bound (`days_late` above a max, `days_early` below a min), and, when the bound
    // is another field shifted by days, how far the value lies from that field itself: `lead_days`
    // before it (registered 13 days before the start) or `delay_days` after it (issued 8 days
    // after the end). Date-times and bounds shifted by hours carry none: their distance is no
    // whole number of days.
    MessageParams deadline_days(const Operand& o, const FieldDef& f, const Value& value, const Value& bound,
                                const Table& t, const Row& row) {
        if (f.type != ValueType::date || bound.type != ValueType::date || o.plus_hours || o.next_hour) return {};
        const long long v = static_cast<long long>(value.number), b = static_cast<long long>(bound.number);
        MessageParams p{{v > b ? "days_late" : "days_early", std::to_string(v > b ? v - b : b - v)}};
        if (!o.is_field()) return p;
        const auto shift = shift_days(o, t, row);
        if (!shift || *shift == 0) return p;
        const long long from = v - (b - *shift);  // the value less the bound's own field
        if (from != 0) p.push_back({from < 0 ? "lead_days" : "delay_days", std::to_string(from < 0 ? -from : from)});
        return p;
    }

    // A deadline rule (a date field held to a date `max`, not shifted by hours): the row's figure
    // for the rule's result, met or not (issue 17 item 11): lead days before the deadline, or delay
    // days past it, and the days from the field the deadline counts from when it is shifted.
    void deadline_figure(const Operand& o, const FieldDef& f, const Value& value, const Table& t, const Row& row) {
        if (f.type != ValueType::date || o.plus_hours || o.next_hour) return;
        const auto m = operand(o, t, row, f.type);
        if (!m || m->type != ValueType::date) return;
        const long long v = static_cast<long long>(value.number), b = static_cast<long long>(m->number);
        DeadlineFigure d;
        d.file = row.file;
        d.line = row.line;
        if (row.source && !row.source->path.empty()) d.path = row.source->path;
        d.field = f.name;
        d.field_title = f.title;
        d.field_title_en = f.title_en;
        d.value = format_date(Date{static_cast<int>(v)});
        d.deadline = format_date(Date{static_cast<int>(b)});
        d.met = v <= b;
        d.not_yet = value.text.empty();
        (d.met ? d.lead_days : d.delay_days) = static_cast<int>(d.met ? b - v : v - b);
        if (o.is_field())
            if (const auto shift = shift_days(o, t, row); shift && *shift != 0) {
                d.of = o.table.empty() ? o.field : o.table + "." + o.field;
                d.of_days = static_cast<int>(v - (b - *shift));
                for (const auto& p : bound_params(o, *m, t, &row))
                    if (p.name == "bound_field_title") d.of_title = p.value;
            }
        deadlines_.push_back(std::move(d));
    }

    // The data of a bound for message catalogues: its value, and the field it comes from with
    // the days/hours added (families/checks/wording.cpp writes them in words).
    MessageParams bound_params(const Operand& o, const Value& v, const Table& here, const Row* row = nullptr) {
        MessageParams p{{"bound", detail::format_value(v)}};
        if (o.is_field()) {
            const TableDef* def = o.table.empty() ? here.def : checks_.table(o.table);
            const FieldDef* f = def ? def->field(o.field) : nullptr;
            std::string title = f && !f->title.empty() ? f->title : o.field;
            if (!o.table.empty() && def)  // the rule set's (Chinese) titles, joined the Chinese way
                title = message_text(Language::zh_TW, "checks.bound.table_field",
                                     {{"table", def->title.empty() ? def->name : def->title}, {"field", title}});
            p.push_back({"bound_field", o.table.empty() ? o.field : o.table + "." + o.field});
            p.push_back({"bound_field_title", title});
            if (o.next_hour) p.push_back({"bound_next_hour", "1"});
            if (o.plus_days) p.push_back({"bound_days", std::to_string(o.plus_days)});
            if (!o.days_field.empty()) days_field_params(o, here, row, p);
            if (o.half_open) p.push_back({"bound_half_open", "1"});
            if (o.plus_hours) p.push_back({"bound_hours", std::to_string(o.plus_hours)});
        } else if (!o.template_text.empty()) {
            p.push_back({"bound_template", o.template_text});
        }
        return p;
    }

    // The violation's catalogue code and parameters: its field and value (masked when personal),
    // then `more`.
    static void say(Violation& v, std::string code, MessageParams more = {}) {
        v.code = std::move(code);
        v.params.clear();
        if (!v.field.empty()) {
            v.params.push_back({"field", v.field});
            v.params.push_back({"value", v.personal ? mask_personal(v.value) : v.value});
        }
        for (auto& p : more) v.params.push_back(std::move(p));
    }

    static MessageParams joined(MessageParams a, const MessageParams& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    }

    Violation violation(const CheckRule* rule, const Table& t, const Row* row, const std::string& field) {
        Violation v;
        v.rule = rule ? rule->id : t.def->name + "." + field;
        v.kind = rule ? "rule" : "type";
        v.title = rule ? rule->title : std::string{};
        v.message = rule ? rule->message : std::string{};
        v.message_en = rule ? rule->message_en : std::string{};
        v.severity = rule ? rule->severity : "error";
        v.table = t.def->name;
        v.field = field;
        if (const FieldDef* f = t.def->field(field)) v.field_title = f->title, v.field_title_en = f->title_en;
        if (row) {
            v.file = row->file;
            v.line = row->line;
            if (row->source && !row->source->path.empty())
                v.path = row->source->path + (field.empty() ? "" : (row->source->path[0] == '/' ? "/" : ".") + field);
            if (!field.empty()) {
                v.column = column_of(*row, field);
                const int k = t.index(field);
                if (k >= 0) {
                    v.value = row->values[k].text;
                    v.personal = t.personal[k];
                }
            }
        }
        return v;
    }

    void add(Violation v) {
        ++rule_violations_;
        violations_.push_back(std::move(v));
    }

    // Values that are not of their field's type, and required fields left blank.
    void type_and_presence(const Table& t) {
        if (t.def->one_row && t.rows.size() > 1) {
            Violation v = violation(nullptr, t, &t.rows[1], "");
            v.rule = t.def->name;
            v.kind = "rows";
            v.expected = "one row";
            v.value = std::to_string(t.rows.size()) + " rows";
            v.detail = "table '" + t.def->name + "' is a form and takes one row, got " + v.value;
            say(v, "checks.rows.one_row", {{"table", t.def->name}, {"count", std::to_string(t.rows.size())}});
            add(std::move(v));
        }
        for (const Row& row : t.rows) {
            for (std::size_t i = 0; i < t.def->fields.size(); ++i) {
                const FieldDef& f = t.def->fields[i];
                if (row.bad[i]) {
                    Violation v = violation(nullptr, t, &row, f.name);
                    v.expected = detail::type_name(f.type);
                    v.detail = f.name + " must be " + v.expected + ", got '" + row.values[i].text + "'";
                    say(v, "checks.type", {{"type", type_code(f.type)}});
                    add(std::move(v));
                } else if (f.required && row.values[i].blank) {
                    Violation v = violation(nullptr, t, &row, f.name);
                    v.kind = "required";
                    v.expected = "a value";
                    v.detail = f.name + " is required";
                    say(v, "checks.required");
                    add(std::move(v));
                }
            }
        }
    }

    bool where(const CheckRule& rule, const Table& t, const Row& row) const { return holds(rule.where, t, row); }

    bool holds(const std::vector<detail::RowCondition>& conditions, const Table& t, const Row& row) const {
        for (const auto& c : conditions) {
            const Table* in = &t;
            const Row* r = &row;
            if (!c.table.empty()) {  // a field of a one-row table; no row given reads as blank
                in = nullptr;
                for (const auto& x : tables_)
                    if (x.def->name == c.table) in = &x;
                r = in && in->rows.size() == 1 ? &in->rows[0] : nullptr;
            }
            const int k = in->index(c.field);
            const Value blank_value{in->def->fields[k].type, true, "", 0};
            const Value& v = r ? r->values[k] : blank_value;
            const std::string shown = detail::format_value(v);
            bool any = false;
            for (const auto& want : c.values) {
                if (v.text == want || shown == want) any = true;
                else if (!v.blank && v.type != ValueType::text) {
                    auto w = detail::parse_value(v.type, want);
                    if (w && !w->blank && w->number == v.number) any = true;
                }
            }
            if (any == c.negate) return false;
        }
        return true;
    }

    RequirementResult evaluate(const CheckRule& rule) {
        RequirementResult r;
        r.id = rule.id;
        r.title = rule.title;
        r.title_en = rule.title_en;
        r.kind = rule.shape == RuleShape::field    ? "field"
                 : rule.shape == RuleShape::span   ? "span"
                 : rule.shape == RuleShape::within ? "within"
                 : rule.shape == RuleShape::group  ? "group"
                                                   : "lifecycle";
        rule_violations_ = 0;
        unique_seen_.clear();
        deadlines_.clear();
        Table& t = table(rule.table);
        int checked = 0;
        if (rule.shape == RuleShape::group) {
            checked = !rule.attempts_order.empty() ? refused_attempts(rule, t)
                      : rule.at_field.empty()        ? groups(rule, t)
                                                     : active_counts(rule, t);
        } else if (rule.shape == RuleShape::lifecycle) {
            checked = lifecycle(rule, t);
        } else {
            for (const Row& row : t.rows) {
                if (!where(rule, t, row)) continue;
                ++checked;
                if (rule.shape == RuleShape::field) field_rule(rule, t, row);
                else if (rule.shape == RuleShape::span) span(rule, t, row);
                else within(rule, t, row);
            }
        }
        r.checked = checked;
        r.violations = rule_violations_;
        r.deadlines = std::move(deadlines_);
        deadlines_.clear();
        const Status broken = rule.effect == "invalid" ? Status::invalid : Status::not_met;
        r.status = rule_violations_ > 0 && rule.severity == "error" ? broken : Status::met;
        return r;
    }

    void field_rule(const CheckRule& rule, const Table& t, const Row& row) {
        const int k = t.index(rule.field);
        const FieldDef& f = t.def->fields[k];
        if (row.bad[k]) return;  // reported as a type violation
        Value value = row.values[k];
        if (value.blank && rule.blank_is_as_of && options_.as_of) {
            value.blank = false;
            value.number = as_type(Value{ValueType::datetime, false, "", static_cast<double>(options_.as_of->seconds)},
                                   f.type);
            value.text = "";
        }
        auto fail = [&](const std::string& expected, const std::string& detail, std::string code, MessageParams params) {
            if (!f.format.empty()) platform_forms(f, value, params);
            Violation v = violation(&rule, t, &row, f.name);
            v.expected = expected;
            v.detail = detail;
            say(v, std::move(code), std::move(params));
            add(std::move(v));
        };
        if (value.blank) {
            if (rule.required) fail("a value", f.name + " is required", "checks.required", {});
            return;
        }
        // A blank value read as the audit's time ("not yet"): the messages say so.
        const std::string bound_code = value.text.empty() ? ".not_yet" : "";
        const MessageParams as_of = value.text.empty() ? MessageParams{{"as_of", show(value, f.type)}} : MessageParams{};
        const std::string shown = value.text.empty() ? "not yet (as of " + show(value, f.type) + ")" : value.text;
        if (rule.min)
            if (auto m = operand(*rule.min, t, row, f.type); m && as_type(value, f.type) < m->number)
                fail(">= " + describe(*rule.min, *m), f.name + " is " + shown + ", must be at least " + describe(*rule.min, *m),
                     "checks.min" + bound_code,
                     joined(joined(as_of, bound_params(*rule.min, *m, t, &row)), deadline_days(*rule.min, f, value, *m, t, row)));
        if (rule.max) deadline_figure(*rule.max, f, value, t, row);
        if (rule.max)
            if (auto m = operand(*rule.max, t, row, f.type); m && beyond(*rule.max, as_type(value, f.type), *m)) {
                const bool strict = rule.max->half_open && f.type == ValueType::datetime;
                fail((strict ? "< " : "<= ") + describe(*rule.max, *m),
                     f.name + " is " + shown + ", must be " + (strict ? "before " : "at most ") + describe(*rule.max, *m),
                     "checks.max" + std::string(strict ? ".half_open" : "") + bound_code,
                     joined(joined(as_of, bound_params(*rule.max, *m, t, &row)), deadline_days(*rule.max, f, value, *m, t, row)));
            }
        if (rule.equals)
            if (auto m = operand(*rule.equals, t, row, f.type)) {
                const bool same = f.type == ValueType::text ? value.text == m->text : value.number == m->number;
                if (!same)
                    fail("= " + describe(*rule.equals, *m), f.name + " differs from " + describe(*rule.equals, *m),
                         "checks.equals", bound_params(*rule.equals, *m, t, &row));
            }
        if (!rule.one_of.empty()) {
            bool ok = false;
            for (const auto& s : rule.one_of) {
                auto w = detail::parse_value(f.type, s);
                if (s == value.text || (w && !w->blank && f.type != ValueType::text && w->number == value.number)) ok = true;
            }
            if (!ok) {
                std::string list;
                for (const auto& s : rule.one_of) list += (list.empty() ? "" : ", ") + s;
                fail("one of " + list, f.name + " is '" + value.text + "', must be one of " + list, "checks.one_of",
                     {{"allowed", list}});
            }
        }
        if (rule.validator) validate(rule, *rule.validator, t, row, value, fail);
        if (!rule.multiple_of.empty() && !detail::decimal_multiple(value.text, rule.multiple_of))
            fail("a multiple of " + rule.multiple_of, f.name + " " + value.text + " is not a multiple of " + rule.multiple_of,
                 "checks.multiple_of", {{"step", rule.multiple_of}});
        if (rule.unique) {
            const auto [first, fresh] = unique_seen_.emplace(f.type == ValueType::text ? value.text : show(value, f.type), &row);
            if (!fresh) {
                const Row& r = *first->second;
                const std::string at = r.source && !r.source->path.empty() ? r.source->path : "line " + std::to_string(r.line);
                fail("a value no other row has", f.name + " repeats the row at " + at, "checks.unique",
                     {{"first", r.source && !r.source->path.empty() ? r.source->path : std::to_string(r.line)}});
            }
        }
    }

    template <class Fail>
    void validate(const CheckRule& rule, const detail::Validator& val, const Table& t, const Row& row, const Value& value,
                  Fail& fail) {
        const std::string& s = value.text;
        const std::string& n = val.name;
        if (n == "national_id" || n == "resident_id" || n == "person_id") {
            std::string problem = person_id_problem(s);
            if (problem.empty()) {
                const bool national = s[1] == '1' || s[1] == '2';
                if (n == "national_id" && !national) problem = "is a resident certificate number, not a national ID";
                if (n == "resident_id" && national) problem = "is a national ID, not a resident certificate number";
            }
            const char* what = n == "national_id" ? "a national ID" : n == "resident_id" ? "a resident certificate number"
                                                                                           : "a national ID or resident certificate number";
            std::string code = person_id_problem_code(s);
            if (code.empty()) code = n == "national_id" ? "not_national" : "not_resident";
            if (problem.empty()) {
                id_form(rule, val, s, fail);
                return;
            }
            MessageParams p{{"id_kind", n}};
            if (code == "length") p.push_back({"length", std::to_string(s.size())});
            if (code == "second_char") p.push_back({"char", s.substr(1, 1)});
            if (!problem.empty()) fail(what, rule.field + " " + problem, "checks.id." + code, std::move(p));
        } else if (n == "passport_name") {
            if (!valid_passport_name(s)) fail("SURNAME, GIVEN-NAME in capitals", "not a passport-style name, e.g. WANG, TA-MING",
                                             "checks.passport_name", {});
        } else if (n == "tw_mobile") {
            if (!valid_tw_mobile(s)) fail("a Taiwan mobile number (09xxxxxxxx)", "not a Taiwan mobile number", "checks.tw_mobile", {});
        } else if (n == "email") {
            if (!valid_email(s)) {
                fail("an e-mail address", "not a well-formed e-mail address", "checks.email", {});
            } else if (!val.pattern.empty()) {
                auto want = expand_template(val.pattern, [&](const std::string& name) -> std::optional<std::string> {
                    const int k = t.index(name);
                    if (k < 0 || row.values[k].blank) return std::nullopt;
                    return row.values[k].text;
                });
                if (want && !same_email(*want, s)) fail(*want, "must be " + *want, "checks.email_pattern", {{"want", *want}});
            }
        } else if (n == "file_name") {
            const std::string bad = forbidden_in_file_name(s, val.forbidden);
            if (!bad.empty())
                fail("no " + val.forbidden, "the file name contains '" + bad + "'", "checks.file_name",
                     {{"forbidden", val.forbidden}, {"found", bad}});
        } else if (n == "password") {
            PasswordPolicy p;
            p.min_length = val.min_length;
            for (const auto& c : val.classes) {
                p.letter |= c == "letter";
                p.upper |= c == "upper";
                p.lower |= c == "lower";
                p.digit |= c == "digit";
                p.symbol |= c == "symbol";
            }
            const auto missing = password_problems(s, p);
            if (!missing.empty()) {
                std::string list;
                for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
                std::string codes;
                for (const auto& c : password_missing_classes(s, p)) codes += (codes.empty() ? "" : ",") + c;
                fail("a password with " + list, "the password needs " + list, "checks.password.missing_classes",
                     {{"missing", codes}, {"min_length", std::to_string(p.min_length)}});
            }
        }
    }

    // A valid number refused by the validator's settings: an old-form (second letter A-D) resident
    // certificate number where only the new form is accepted, or on or after the old form's expiry
    // (compared with the as-of day; without an as-of time the expiry is not checked).
    template <class Fail>
    void id_form(const CheckRule& rule, const detail::Validator& val, const std::string& s, Fail& fail) const {
        const bool old_form = s[1] >= 'A' && s[1] <= 'D';
        if (!old_form) return;
        if (val.new_form_only) {
            fail("a new-form resident certificate number", rule.field + " is an old-form resident certificate number",
                 "checks.id.old_form", {{"id_kind", val.name}});
        } else if (val.old_form_expires && options_.as_of && options_.as_of->date() >= *val.old_form_expires) {
            const std::string day = format_date(*val.old_form_expires);
            fail("a resident certificate number valid on the as-of date",
                 rule.field + " is an old-form resident certificate number, void from " + day, "checks.id.old_form_expired",
                 {{"id_kind", val.name}, {"expires", day}});
        }
    }

    static Date end_day(const Value& v) {
        // A window ending at 00:00 (or "24:00" the day before) ends on the previous day: its end is
        // the first instant outside (half-open).
        if (v.type == ValueType::datetime) return libaudit::end_day(DateTime{static_cast<long long>(v.number)}, true);
        return Date{static_cast<int>(v.number)};
    }

    void span(const CheckRule& rule, const Table& t, const Row& row) {
        const int s = t.index(rule.start), e = t.index(rule.end);
        if (row.bad[s] || row.bad[e] || row.values[s].blank || row.values[e].blank) return;
        const Date first{static_cast<int>(as_type(row.values[s], ValueType::date))};
        const int days = days_between(first, end_day(row.values[e])) + 1;
        auto fail = [&](const std::string& expected, const std::string& detail, const char* code, int limit) {
            Violation v = violation(&rule, t, &row, rule.end);
            v.value = row.values[s].text + " ~ " + row.values[e].text + " (" + std::to_string(days) + " days)";
            v.expected = expected;
            v.detail = detail;
            say(v, code, {{"start", row.values[s].text}, {"end", row.values[e].text}, {"days", std::to_string(days)},
                          {"limit", std::to_string(limit)}});
            add(std::move(v));
        };
        if (rule.min_days && days < *rule.min_days)
            fail(">= " + std::to_string(*rule.min_days) + " days",
                 "the window spans " + std::to_string(days) + " days, must be at least " + std::to_string(*rule.min_days),
                 "checks.span.min", *rule.min_days);
        if (rule.max_days && days > *rule.max_days)
            fail("<= " + std::to_string(*rule.max_days) + " days",
                 "the window spans " + std::to_string(days) + " days, must be at most " + std::to_string(*rule.max_days),
                 "checks.span.max", *rule.max_days);
    }

    static bool same(const Value& a, const Value& b) {
        if (a.blank || b.blank) return a.blank && b.blank;
        if (a.type != ValueType::text && b.type != ValueType::text) return as_type(a, b.type) == b.number;
        return a.text == b.text;
    }

    void within(const CheckRule& rule, const Table& t, const Row& row) {
        const int s = t.index(rule.start), e = t.index(rule.end);
        if (row.bad[s] || row.bad[e] || row.values[s].blank || row.values[e].blank) return;
        Table& other = table(rule.other_table);
        const int os = other.index(rule.other_start), oe = other.index(rule.other_end);
        const int wild = rule.other_wildcard_field.empty() ? -1 : other.index(rule.other_wildcard_field);
        const Row* best = nullptr;
        bool best_exact = false;
        for (const Row& o : other.rows) {
            bool ok = true, exact = true;
            for (const auto& [theirs, ours] : rule.match) {
                const Value& a = o.values[other.index(theirs)];
                const Value& b = row.values[t.index(ours)];
                if (same(a, b)) continue;
                if (other.index(theirs) == wild && (a.text == rule.wildcard || detail::format_value(a) == rule.wildcard)) {
                    exact = false;
                    continue;
                }
                ok = false;
                break;
            }
            if (!ok || o.bad[os] || o.bad[oe]) continue;
            if (!best || (exact && !best_exact)) {
                best = &o;
                best_exact = exact;
            }
        }
        std::string key;
        for (const auto& [theirs, ours] : rule.match)
            key += (key.empty() ? "" : ", ") + theirs + "=" + row.values[t.index(ours)].text;
        if (!best) {
            Violation v = violation(&rule, t, &row, rule.start);
            v.expected = "a row of " + rule.other_table + " with " + key;
            v.detail = "no " + rule.other_table + " row for " + key + " to compare with";
            say(v, "checks.within.no_row", {{"other_table", rule.other_table}, {"key", key}});
            add(std::move(v));
            return;
        }
        const ValueType cmp = row.values[s].type;
        const double their_start = as_type(best->values[os], cmp), their_end = as_type(best->values[oe], cmp);
        const std::string range = best->values[os].text + " ~ " + best->values[oe].text;
        if (row.values[s].number < their_start) {
            Violation v = violation(&rule, t, &row, rule.start);
            v.expected = ">= " + best->values[os].text;
            v.detail = rule.start + " " + row.values[s].text + " is before the start of " + rule.other_table + " (" +
                       range + ")";
            say(v, "checks.within.before",
                {{"bound", best->values[os].text}, {"other_table", rule.other_table}, {"range", range}});
            add(std::move(v));
        }
        if (row.values[e].number > their_end) {
            Violation v = violation(&rule, t, &row, rule.end);
            v.expected = "<= " + best->values[oe].text;
            v.detail = rule.end + " " + row.values[e].text + " is after the end of " + rule.other_table + " (" + range + ")";
            say(v, "checks.within.after",
                {{"bound", best->values[oe].text}, {"other_table", rule.other_table}, {"range", range}});
            add(std::move(v));
        }
    }

    int groups(const CheckRule& rule, Table& t) {
        std::map<std::vector<std::string>, std::vector<const Row*>> by;
        std::vector<std::vector<std::string>> order;
        const int sum = rule.sum.empty() ? -1 : t.index(rule.sum);
        group_rows(rule, t, rule.group_by, by, order);
        const ValueType measured = sum >= 0 && t.def->fields[sum].type != ValueType::integer ? ValueType::number
                                                                                             : ValueType::integer;
        for (const auto& key : order) {
            const auto& rows = by[key];
            double total = 0;
            const Row* crossing = nullptr;  // the row that takes the group over its cap
            auto limit = [&](const std::optional<Operand>& o) -> std::optional<Value> {
                if (!o) return std::nullopt;
                return operand(*o, t, *rows.front(), measured);
            };
            const auto max = limit(rule.max), min = limit(rule.min);
            for (const Row* r : rows) {
                total += sum < 0 ? 1 : (r->bad[sum] || r->values[sum].blank ? 0 : r->values[sum].number);
                if (max && !crossing && total > max->number) crossing = r;
            }
            std::string group;
            for (std::size_t i = 0; i < key.size(); ++i)
                group += (i ? ", " : "") + rule.group_by[i] + "=" + key[i];
            Value tv;
            tv.type = measured;
            tv.blank = false;
            tv.number = total;
            auto fail = [&](const Row* at, const Operand& o, const Value& bound, const char* op, const char* words) {
                Violation v = violation(&rule, t, at, rule.sum);
                v.value = detail::format_value(tv);
                v.group = group;
                v.expected = std::string(op) + " " + describe(o, bound);
                v.detail = (sum < 0 ? "count " : "sum of " + rule.sum + " ") + v.value + " for " + group + ", " + words +
                           " " + describe(o, bound);
                v.params.clear();
                v.code = std::string(sum < 0 ? "checks.group.count_" : "checks.group.sum_") + (op[0] == '<' ? "max" : "min");
                if (sum >= 0) v.params.push_back({"field", rule.sum});
                v.params.push_back({"value", v.value});
                v.params.push_back({"group", group});
                v.params = joined(v.params, bound_params(o, bound, t));
                add(std::move(v));
            };
            if (max && total > max->number) fail(crossing, *rule.max, *max, "<=", "at most");
            if (min && total < min->number) fail(rows.front(), *rule.min, *min, ">=", "at least");
        }
        return static_cast<int>(order.size());
    }

    // The rows of `t` (after `where`) by the values of `fields`, groups in order of first row.
    void group_rows(const CheckRule& rule, const Table& t, const std::vector<std::string>& fields,
                    std::map<std::vector<std::string>, std::vector<const Row*>>& by,
                    std::vector<std::vector<std::string>>& order) const {
        for (const Row& row : t.rows) {
            if (!where(rule, t, row)) continue;
            // An attempt refused by an `attempts` rule was never accepted: other caps do not count it.
            if (rule.shape == RuleShape::group && refused_rows_.count(&row)) continue;
            std::vector<std::string> key;
            for (const auto& g : fields) key.push_back(detail::format_value(row.values[t.index(g)]));
            auto& rows = by[key];
            if (rows.empty()) order.push_back(key);
            rows.push_back(&row);
        }
    }

    static std::string group_text(const std::vector<std::string>& fields, const std::vector<std::string>& key) {
        std::string group;
        for (std::size_t i = 0; i < key.size(); ++i) group += (i ? ", " : "") + fields[i] + "=" + key[i];
        return group;
    }

    // A row's place as message data: its JSON/XML path, or its line number.
    static std::string place_data(const Row& row) {
        if (row.source && !row.source->path.empty()) return row.source->path;
        return std::to_string(row.line);
    }

    static std::string place(const Row& row) {
        if (row.source && !row.source->path.empty()) return row.source->path;
        return "line " + std::to_string(row.line);
    }

    // group_by + at + active: for each row, the other rows of its group active at the row's date
    // (from <= at < until) are counted and the count held to min/max. Returns the rows checked.
    int active_counts(const CheckRule& rule, Table& t) {
        std::map<std::vector<std::string>, std::vector<const Row*>> by;
        std::vector<std::vector<std::string>> order;
        group_rows(rule, t, rule.group_by, by, order);
        const int at = t.index(rule.at_field);
        const ValueType type = t.def->fields[at].type;
        int checked = 0;
        for (const auto& key : order) {
            const auto& rows = by[key];
            const std::string group = group_text(rule.group_by, key);
            for (const Row* r : rows) {
                if (r->bad[at] || r->values[at].blank) continue;
                ++checked;
                const double when = as_type(r->values[at], type);
                std::string counted, counted_at;  // counted_at: line numbers or paths, for messages
                int count = 0;
                for (const Row* c : rows) {
                    if (c == r) continue;
                    const auto from = operand(*rule.active_from, t, *c, type);
                    if (!from || from->number > when) continue;
                    if (rule.active_until)
                        if (const auto until = operand(*rule.active_until, t, *c, type); until && until->number <= when)
                            continue;
                    ++count;
                    counted += (counted.empty() ? "" : ", ") + place(*c);
                    counted_at += (counted_at.empty() ? "" : ", ") + place_data(*c);
                }
                Value n;
                n.type = ValueType::integer;
                n.blank = false;
                n.number = count;
                auto check = [&](const std::optional<Operand>& o, bool over, const char* op, const char* words) {
                    if (!o) return;
                    const auto bound = operand(*o, t, *r, ValueType::integer);
                    if (!bound || (over ? count <= bound->number : count >= bound->number)) return;
                    Violation v = violation(&rule, t, r, "");
                    v.column = column_of(*r, rule.at_field);
                    v.value = detail::format_value(n);
                    v.group = group + ", " + rule.at_field + "=" + show(r->values[at], type);
                    v.expected = std::string(op) + " " + describe(*o, *bound);
                    v.detail = "count " + v.value + " for " + group + " at " + rule.at_field + " " +
                               show(r->values[at], type) + ", " + words + " " + describe(*o, *bound) +
                               (counted.empty() ? std::string{} : " (counted: " + counted + ")");
                    say(v, std::string("checks.active.") + (over ? "max" : "min") + (counted.empty() ? "" : "_counted"),
                        joined({{"value", v.value}, {"group", group}, {"at_field", rule.at_field},
                              {"at", show(r->values[at], type)}, {"counted", counted_at}},
                             bound_params(*o, *bound, t)));
                    add(std::move(v));
                };
                check(rule.max, true, "<=", "at most");
                check(rule.min, false, ">=", "at least");
            }
        }
        return checked;
    }

    // lifecycle: each subject's events (grouped by key, ordered by order_by then input order) run
    // through the state machine; every refused event is a violation at its row. Returns the
    // subjects checked.
    int lifecycle(const CheckRule& rule, Table& t) {
        const detail::Lifecycle& lc = *rule.lifecycle;
        const int ev = t.index(lc.event);
        const int ord = lc.order_by.empty() ? -1 : t.index(lc.order_by);
        const std::vector<std::string> known = lc.events();
        std::string known_list;
        for (const auto& e : known) known_list += (known_list.empty() ? "" : ", ") + e;
        std::map<std::vector<std::string>, std::vector<const Row*>> by;
        std::vector<std::vector<std::string>> order;
        group_rows(rule, t, lc.key, by, order);
        for (const auto& key : order) {
            std::vector<const Row*> rows;
            for (const Row* r : by[key]) {
                const Value& name = r->values[ev];
                if (std::find(known.begin(), known.end(), name.text) == known.end()) {
                    const std::string h = detail::closest_name(name.text, known);
                    Violation v = violation(&rule, t, r, lc.event);
                    v.kind = "type";
                    v.group = group_text(lc.key, key);
                    v.expected = "one of " + known_list;
                    v.detail = name.blank ? "the event has no name"
                                          : "unknown event '" + name.text + "'" +
                                                (h.empty() ? std::string{} : "; did you mean '" + h + "'?");
                    say(v, name.blank ? "checks.event.blank" : h.empty() ? "checks.event.unknown" : "checks.event.unknown_hint",
                        {{"allowed", known_list}, {"group", v.group}, {"hint", h}});
                    add(std::move(v));
                    continue;
                }
                if (ord >= 0 && (r->bad[ord] || r->values[ord].blank)) {
                    // A bad time is reported as a type violation, a blank required one as missing.
                    if (r->values[ord].blank && !t.def->fields[ord].required) {
                        Violation v = violation(&rule, t, r, lc.order_by);
                        v.kind = "type";
                        v.expected = detail::type_name(t.def->fields[ord].type);
                        v.detail = "the event has no " + lc.order_by + ", so it cannot be placed in order";
                        say(v, "checks.event.no_time", {{"type", type_code(t.def->fields[ord].type)}});
                        add(std::move(v));
                    }
                    continue;
                }
                rows.push_back(r);
            }
            if (ord >= 0)
                std::stable_sort(rows.begin(), rows.end(), [&](const Row* a, const Row* b) {
                    return a->values[ord].number < b->values[ord].number;
                });
            std::vector<std::string> names;
            for (const Row* r : rows) names.push_back(r->values[ev].text);
            const auto steps = detail::run_lifecycle(lc, names);
            const std::string group = group_text(lc.key, key);
            for (std::size_t i = 0; i < steps.size(); ++i) {
                const auto& s = steps[i];
                if (s.ok) continue;
                std::string allowed;
                for (const auto& a : s.allowed) allowed += (allowed.empty() ? "" : ", ") + a;
                Violation v = violation(&rule, t, rows[i], lc.event);
                v.group = group;
                v.names_en = lc.titles_en;
                if (s.lock && !s.lock->title_en.empty()) v.names_en[s.lock->title] = s.lock->title_en;
                v.expected = allowed.empty() ? "no further event" : "one of " + allowed;
                if (s.lock) {
                    v.detail = "'" + names[i] + "' is not allowed once " + group + " has reached '" + s.locked_state +
                               "' (" + place(*rows[s.locked_by]) + ")" +
                               (s.lock->title.empty() ? std::string{} : ": " + s.lock->title);
                    say(v, std::string("checks.event.locked") + (allowed.empty() ? "_none" : "") +
                               (s.lock->title.empty() ? "" : "_titled"),
                        {{"event", names[i]}, {"group", group}, {"state", s.locked_state},
                         {"locked_at", place_data(*rows[s.locked_by])}, {"lock_title", s.lock->title}, {"allowed", allowed}});
                } else {
                    v.detail = "'" + names[i] + "' is not allowed in state '" + s.state + "' of " + group + "; " +
                               (allowed.empty() ? "no event is allowed there" : "allowed: " + allowed);
                    say(v, allowed.empty() ? "checks.event.refused_none" : "checks.event.refused",
                        {{"event", names[i]}, {"group", group}, {"state", s.state}, {"allowed", allowed}});
                }
                add(std::move(v));
            }
        }
        return static_cast<int>(order.size());
    }
};

}  // namespace

AuditResult detail::audit_checks(const RuleSet& rules, const Dataset& data, const CheckOptions& options) {
    const detail::Model& m = rules.model();
    Evaluator e(m, data, options);
    return e.run(data);
}

}}  // namespace libaudit::v0
