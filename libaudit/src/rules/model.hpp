// The compiled, immutable rule model. Built once by the loader from YAML (load.cpp); the YAML
// tree is dropped afterwards. Shared read-only between threads.
#pragma once
#include <libaudit/diagnostic.hpp>
#include <libaudit/ruleset.hpp>

#include <libaudit/calendar.hpp>

#include "base/input_words.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// The words listed under `name` in libaudit/data/words.txt, as a rule set's default values.
inline std::vector<std::string> default_words(std::string_view name) {
    const auto& words = input_words(name);
    return {words.begin(), words.end()};
}

enum class Field { code, dept, school, category, tag, domain, type, in_framework, selected };

struct Condition {
    Field field = Field::code;
    std::vector<std::string> values;  // any of; booleans as "true"/"false"
    bool negate = false;
};

// All conditions must hold. Empty = matches everything.
struct Filter {
    std::vector<Condition> conditions;
};

struct Course {
    std::string code;
    std::string title;
    std::string title_en;              // "" = none
    double credits = 0;
    bool required = false;
    std::vector<std::string> domains;
    std::vector<std::string> equivalents;
    int year = 0;
    int semester = 0;
    SourceLocation at;                 // where the course is defined
};

struct Domain {
    std::string id;
    std::string title;
    std::string title_en;              // "" = none (docs/rule-language.md, text in two languages)
    std::optional<double> min_credits;
    std::optional<int> min_courses;
    std::optional<double> max_credits;
    SourceLocation at, min_credits_at, min_courses_at, max_credits_at;
};

struct CapRule {
    std::string title;
    std::string title_en;              // "" = none
    Filter where;                      // empty = every record counted at the node
    std::optional<double> max_credits;
    std::optional<int> max_courses;
    SourceLocation at;                 // where the cap's limit is written
};

enum class Shape { all, any, at_least, courses, pool };

// kind: hours. The period a leaf counts sessions in, relative to the audit's as-of date.
enum class PeriodKind {
    none,           // every session up to the as-of date
    school_year,    // the as-of date's school year (1 Aug - 31 Jul)
    calendar_year,  // the as-of date's calendar year
    school_years,   // `count` school years ending with the as-of school year
    years,          // `count` years ending on the as-of date (rolling)
};

struct Period {
    PeriodKind kind = PeriodKind::none;
    int count = 1;
};

// kind: hours. How a session's recorded hours become countable hours (numbers from the pack).
struct HoursPolicy {
    double unit = 0;                          // round down to a multiple of this (0: no rounding)
    double min_session = 0;                   // a session under this earns nothing
    std::optional<double> credit_hours;       // hours per credit where a requirement measures hours
    std::vector<std::string> categories;      // declared categories; empty = any category
    // hours.list_states: the attendee list's state, read from a column of the session export
    // ("" = no states: every session counts).
    std::string list_column;
    std::vector<std::string> list_approved;   // these states count
    std::vector<std::string> list_pending;    // under review: in progress (met_pending)
    std::vector<std::string> list_rejected;   // count nothing
    // hours.duplicates: what makes two sessions of a teacher the same one (default: code and date).
    bool duplicate_same_day = true;           // false: the same course code, whatever the date
};

struct ReqNode {
    std::string id;
    std::string title;
    std::string title_en;              // English title: the pack's (title: {en: ...}) or a generated node's
    Shape shape = Shape::all;
    int at_least = 0;
    std::vector<ReqNode> children;
    std::vector<std::string> courses;  // Shape::courses: canonical course codes
    Filter where;                      // Shape::pool
    std::optional<double> min_credits;
    std::optional<int> min_courses;
    std::vector<CapRule> caps;         // includes max_credits/max_courses of the node (empty filter)
    bool share = false;
    bool flexible = false;             // the generated flexible-credits pool
    SourceLocation at;                 // the node (or what generated it)
    SourceLocation min_credits_at, min_courses_at;
    // kind: hours
    std::optional<double> min_hours;   // a leaf measuring hours (min_credits: measuring credits)
    Period period;                     // inherited from the parent unless set
    std::optional<double> credit_hours;  // credits -> hours here; inherited, default the pack's
    bool prorate = false;              // threshold x full months employed in the period / months of it
    std::vector<std::string> roles;    // empty = every role; else the requirement applies to these only
};

enum class Repeats { best, latest };

struct Grading {
    double pass_mark = 70;
    // Defaults: the grade words of libaudit/data/words.txt (grade.pass, ...).
    std::vector<std::string> pass_grades = default_words("grade.pass");
    std::vector<std::string> failed_grades = default_words("grade.failed");
    std::vector<std::string> in_progress_grades = default_words("grade.in_progress");
    std::vector<std::string> withdrawn_grades = default_words("grade.withdrawn");
    Repeats repeats = Repeats::best;
};

// The profile fields a programme's checks may name, resolved when the rule file is read.
enum class ProfileField { name, english_name, national_id, email, mobile };

// What failing a profile check does to the audit (docs/rule-language.md, checks: effect).
enum class CheckEffect { warn, block, review };

struct Check {
    std::string field;
    ProfileField which = ProfileField::name;
    std::string validator;   // present | a name of find_validator (validators.hpp)
    bool (*valid)(std::string_view) = nullptr;  // null for `present`
    bool required = true;
    std::string pattern;     // email: exact expected form with {student_id}
    std::string matches;     // the author's regular expression the whole value must match ("" = none)
    std::function<bool(const std::string&)> match;  // `matches`, compiled by the loader (ECMAScript)
    std::string severity = "error";
    CheckEffect effect = CheckEffect::warn;
    std::optional<Term> from;  // applies from this as-of term on (none: always)
    std::optional<Date> from_date;  // or from this day on: the audit's day (--as-of date, else the as-of term's last day)
};

// eligibility.application_windows: the days graduation applications are accepted in a term.
struct ApplicationWindow {
    Term term;
    DateRange days;          // inclusive
    SourceLocation at;
};

// later_courses: a course that exists only in a later cohort's framework of the same programme.
struct LaterCourse {
    std::string code;
    int entry_year = 0;      // the first cohort whose framework has it
    SourceLocation at;
};

// flexible.order: the order ticked flexible courses fill the cap in.
enum class FlexOrderKey { term, term_desc, code, row, credits, credits_desc };

struct Eligibility {
    std::optional<int> min_semesters;
    std::optional<int> max_years;
    std::string legacy_before;
    bool teacher_education_warning = true;
    bool count_summer = false;  // summer sessions count as enrolled semesters (summer programmes)
    std::vector<ApplicationWindow> application_windows;
};

struct CheckModel;  // kind: checks (checks_model.hpp)

struct Model {
    std::string id, version, title, description, source, file, sha256;
    std::string title_en;                  // the rule set's English title ("" = none)
    RuleKind kind = RuleKind::programme;  // decided by the loader from `kind:`
    SourceLocation id_at;
    SourceLocation applies_at;             // applies_to.entry_years (else applies_to) as written; line 0 = none
    std::vector<std::string> lint_allowed; // warning codes the file silences (`lint: allow`, engine/load.cpp)
    std::vector<std::string> programmes;   // empty = any
    std::vector<int> entry_years;          // empty = any
    Grading grading;
    std::vector<Course> courses;
    std::unordered_map<std::string, int> course_by_code;  // code or equivalent -> index
    std::vector<Domain> domains;
    ReqNode root;                          // "total"
    bool has_flexible = false;
    bool flexible_requires_approval = false;
    std::vector<FlexOrderKey> flexible_order;  // empty: the allocator's best placement
    std::vector<LaterCourse> later_courses;
    Eligibility eligibility;
    std::vector<int> term_semesters;       // records.term_semesters: semester digits a transcript term may have; empty = any
    std::vector<Check> checks;
    long max_steps = 200000;
    std::shared_ptr<const CheckModel> tables;  // kind: checks only
    std::vector<std::string> roles;        // kind: hours, applies_to.role; empty = any role
    HoursPolicy hours;                     // kind: hours
    std::map<std::string, std::string> renamed;  // `renamed:` old requirement id -> new (exceptions follow)

    const Course* course(const std::string& code) const {
        auto it = course_by_code.find(code);
        return it == course_by_code.end() ? nullptr : &courses[it->second];
    }
};

}}}  // namespace libaudit::v0::detail
