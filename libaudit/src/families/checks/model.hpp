// The compiled model of a `kind: checks` rule set: tables with typed fields, and rules over
// their rows. Built by load_checks.cpp, evaluated by checks.cpp. Internal, immutable.
#pragma once
#include <libaudit/calendar.hpp>
#include <libaudit/diagnostic.hpp>

#include "base/decimal.hpp"
#include "families/checks/lifecycle.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

enum class ValueType { text, integer, number, boolean, date, datetime, bytes };
const char* type_name(ValueType t);
// The same as a catalogue code (checks.type.<code>): "text", "integer", "date", ...
const char* type_code(ValueType t);

// A typed value. Dates are days, date-times seconds, bytes a count; all comparable as numbers
// within one type.
struct Value {
    ValueType type = ValueType::text;
    bool blank = true;
    std::string text;   // text values, and every value as written
    double number = 0;  // integer, number, boolean (0/1), date (days), datetime (seconds), bytes
};

// Parses `text` as `type`; nullopt when it is not one ("" gives a blank value).
std::optional<Value> parse_value(ValueType type, const std::string& text);
// The value in the form reports use ("2025-03-26 11:00", "3 MB" for bytes is written as given).
std::string format_value(const Value& v);

struct RowCondition {
    std::string field;
    std::vector<std::string> values;  // any of (compared as written, or as numbers when numeric)
    bool negate = false;
    std::string table;  // "" = the row's own table; else a one-row table (`where: {course.class_type: ...}`)
};

// A value a rule compares with: a literal, another field of the same row (or of a one-row
// table), shifted by days/hours, optionally rounded up to the whole hour; or a text template.
struct Operand {
    std::optional<Value> literal;
    std::string field;
    std::string table;            // "" = the same row
    int plus_days = 0;
    int plus_hours = 0;
    // Days taken from another field (`plus_days: {field, table}` or `minus_days: {...}`): an
    // integer field of the same row or of a one-row table, added with days_sign (+1 or -1); a
    // blank there makes the operand blank (give the field a `default` in the rule pack).
    std::string days_field;
    std::string days_table;
    int days_sign = 1;
    // `bounds: half_open`: the value is the first instant outside a window (an end hour of 24 is
    // the next day's 00:00), so as a `max` it must not be reached, and as a date it is the day
    // before that instant. `inclusive` (the default): a `max` may be equal, and a date-time's day
    // is its own.
    bool half_open = false;
    bool next_hour = false;       // round a date-time up to the whole hour first
    std::string template_text;    // "{national_id|upper}{birth_date|mmdd}"
    std::vector<RowCondition> when;  // defaults: only for rows meeting these conditions
    SourceLocation at;
    bool is_field() const { return !field.empty(); }
};

struct FieldDef {
    std::string name;
    std::string title;            // Chinese header, also accepted as a column name
    std::string title_en;         // shown in English reports ("" = none)
    std::vector<std::string> aliases;
    ValueType type = ValueType::text;
    bool required = false;        // blank is a violation
    bool personal = false;        // masked in reports (IDs, passwords, what is derived from them)
    std::optional<Operand> default_value;
    // `format: "YYYYMMDD HHMM"`: how the platform writes this date(-time); computed values and
    // bounds are shown in it besides ISO (calendar.hpp format_datetime_as). "" = ISO only.
    std::string format;
    SourceLocation at;
};

struct TableDef {
    std::string name;
    std::string title;
    std::string title_en;
    bool one_row = false;         // a form: exactly one row
    std::vector<FieldDef> fields;
    std::vector<std::map<std::string, std::string>> data;  // rows built into the rule set
    SourceLocation at;
    std::vector<std::string> columns;  // read by position, not by header (headers are skipped)
    bool report_rows = false;          // `report: rows`: a verdict per input row (accepted / rejected, why)
    const FieldDef* field(const std::string& n) const {
        for (const auto& f : fields)
            if (f.name == n) return &f;
        return nullptr;
    }
};

enum class RuleShape { field, span, within, group, lifecycle };

struct Validator {
    std::string name;             // national_id, resident_id, person_id, passport_name, email, tw_mobile, file_name, password
    std::string pattern;          // email: the required form with {field} placeholders
    std::string forbidden;        // file_name: characters not allowed in the name (before the extension)
    int min_length = 0;           // password
    std::vector<std::string> classes;  // password: letter, upper, lower, digit, symbol
    bool new_form_only = false;   // resident_id / person_id `forms: [new]`: an old-form (A-D) number is refused
    std::optional<Date> old_form_expires;  // resident_id / person_id: old-form numbers invalid from this day (as-of)
};

struct CheckRule {
    std::string id, title, title_en, source, message;
    std::string message_en;       // `message: {zh-TW: ..., en: ...}`: the English ("" = none)
    std::string severity = "error";
    // What breaking the rule means (`effect:`): `invalid` = a value outside its allowed domain
    // (the result is invalid, exit 2); `not_met` = an action the rule refuses (exit 1). The loader
    // fills in the default of the rule's shape (checks_effect_default) when the rule sets none.
    std::string effect;
    std::string table;
    std::vector<RowCondition> where;
    RuleShape shape = RuleShape::field;
    // field rules
    std::string field;
    bool required = false;
    std::optional<Operand> min, max, equals;
    std::vector<std::string> one_of;
    std::optional<Validator> validator;
    bool blank_is_as_of = false;  // a blank date(-time) compares as the as-of time: not done yet, so late once the as-of time passes a deadline
    std::string multiple_of;      // a decimal step (as written, e.g. "0.5"): the value must be a whole multiple
    bool unique = false;          // no two rows (after `where`) may have the same value
    // span: inclusive calendar days from start to end
    std::string start, end;
    std::optional<int> min_days, max_days;
    // within: [start, end] inside a matching row of another table
    std::string other_table;
    std::vector<std::pair<std::string, std::string>> match;  // (their field, our field)
    std::string other_start, other_end;
    std::string other_wildcard_field;  // their field where the value `wildcard` matches anything
    std::string wildcard;
    // group: count or sum per group
    std::vector<std::string> group_by;
    std::string sum;              // "" = count rows
    // group, as a sequence of attempts (`attempts: {order_by: field}`): rows taken in that order
    // (then by content); an attempt that would take its group over `max` is refused and does not
    // count, here or in any other attempts rule of the table with the same order_by
    std::string attempts_order;
    // group, per row: count the other rows of the row's group active at its `at` date, i.e. with
    // active_from <= at < active_until (a blank until = still active)
    std::string at_field;
    std::optional<Operand> active_from, active_until;
    // lifecycle: an event log run through a state machine
    std::optional<Lifecycle> lifecycle;
    SourceLocation at;
};

struct CheckModel {
    std::vector<TableDef> tables;
    std::vector<CheckRule> rules;
    const TableDef* table(const std::string& n) const {
        for (const auto& t : tables)
            if (t.name == n) return &t;
        return nullptr;
    }
};

}}}  // namespace libaudit::v0::detail
