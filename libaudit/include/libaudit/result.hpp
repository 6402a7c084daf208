// The result of an audit. Rendered by render.hpp; the JSON form is documented in docs/result-schema.md.
#pragma once
#include <libaudit/export.h>
#include <libaudit/rule_kind.hpp>
#include <libaudit/calendar.hpp>
#include <libaudit/messages.hpp>
#include <libaudit/records.hpp>
#include <libaudit/messages.hpp>
#include <libaudit/term.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// not_applicable: the rule set (or a requirement) is not for this subject's role (kind: hours).
enum class Status { met, met_pending, not_met, needs_review, invalid, not_applicable };

const char* to_string(Status s) noexcept;

// Amounts of what a requirement measures. Absent = not measured by that requirement.
struct Amount {
    std::optional<double> credits;
    std::optional<double> courses;
    std::optional<double> semesters;
    std::optional<double> hours;
};

// A record as cited in a result.
struct RecordRef {
    std::string code;
    std::string offering;
    std::string title;
    std::optional<Term> term;
    double credits = 0;
    std::string grade;
    int source_row = 0;
    bool in_progress = false;
    std::optional<Date> date;     // sessions: the session's date
    std::optional<double> hours;  // sessions: hours counted (rounded, or converted from credits)
    bool planned = false;         // a planned course of a what-if audit (docs/what-if.md)
};

// A course the rule set names that would count towards a requirement still needed: one the
// student has not taken or not passed, or one counted elsewhere whose requirement stays met
// without it (`placed_in` names that requirement).
struct CourseOption {
    std::string code;
    std::string title;
    std::string title_en;     // "" = none
    double credits = 0;
    std::string placed_in;    // requirement id where the student's record of it counts now ("" = none)
};

// What a requirement not met, or met only pending, still needs (docs/result-schema.md, still_needed).
struct StillNeeded {
    Amount missing;           // in the requirement's units, even if every record in progress counts (parts > 0)
    Amount awaiting;          // met only pending: what the records in progress must still bring
    std::vector<std::string> requirements;  // sub-requirements not met that this one waits on (ids)
    int choose = 0;           // how many of `requirements` must still be met (all, 1 for any, k - met for at_least k)
    std::vector<CourseOption> courses;       // courses that would count here
    std::vector<std::string> categories;     // kind hours: the categories whose sessions count here
};

// kind hours, a period over more than one school year: what counted in one of them (the offices
// check a rolling window year by year).
struct YearFigure {
    int school_year = 0;      // ROC school year (1 Aug - 31 Jul)
    DateRange range;          // the part of the requirement's period inside that school year
    Amount earned;            // hours (or credits) counted from sessions of that year
    Amount pending;           // ... from sessions whose attendee list is still under review
};

// kind checks, a deadline rule (a date field held to a date `max`, e.g. registered by the start
// less 14 days, hours issued by the end plus 7): for one row it checked, the days the offices count
// by hand (issue 17 item 11): lead time before the deadline when it was met, delay after it when
// missed, and the days from the field the deadline is counted from.
struct DeadlineFigure {
    std::string file;
    int line = 0;             // CSV/XML line, JSON array index (1-based)
    std::string path;         // JSON or XML path of the row, "" for CSV
    std::string field;        // the field held to the deadline
    std::string value;        // ISO date of the value (the as-of day when blank is read as it)
    std::string deadline;     // ISO date of the deadline (the last day allowed)
    bool met = true;
    bool not_yet = false;     // a blank value read as the audit's day (`blank: as_of`)
    int lead_days = 0;        // met: whole days the value lies before the deadline (0 = on it)
    int delay_days = 0;       // missed: whole days past the deadline (>= 1)
    std::string of;           // the field the deadline counts from ("" = a literal deadline)
    std::optional<int> of_days;  // value less that field, in days (-13: 13 days before the start)
    // For reports (not in the JSON): the rule set's titles of `field` and `of` ("" = none).
    std::string field_title, field_title_en, of_title;
};

struct RequirementResult {
    std::string id;           // stable id, e.g. "total", "domain.core", "flexible"
    std::string title;
    std::string title_en;     // English title: the rule set's (title: {en: ...}) or a generated one's ("": use title)
    std::string kind;         // "all", "any", "at_least", "courses", "pool", "semesters"
    Status status = Status::not_met;
    Amount required;
    Amount earned;            // passed
    Amount pending;           // in progress
    Amount remaining;         // max(0, required - earned - pending)
    Amount maximum;           // caps, when set
    std::vector<RecordRef> counted;
    std::vector<RequirementResult> children;
    bool shared = false;      // records counted here may also count elsewhere
    std::optional<int> checked;   // checks rule sets: rows (or groups) the rule looked at
    int violations = 0;           // checks rule sets: how many of them break it
    std::optional<DateRange> period;  // kind hours: the days whose sessions count here
    std::optional<int> months;        // pro-rated: full months employed in the period ...
    std::optional<int> period_months; // ... out of the period's months
    std::vector<YearFigure> by_school_year;  // kind hours, a period over several school years: per year
    std::optional<StillNeeded> still_needed;  // not met or met only pending (and needed)
    bool not_needed = false;  // a branch of an any / at_least requirement already met without it
    std::vector<std::string> exceptions;  // ids of the exceptions applied to this requirement
    std::vector<DeadlineFigure> deadlines;  // checks deadline rules: each row checked, in input order
};

struct Exclusion {
    RecordRef record;
    std::string reason;       // stable code: failed, withdrawn, duplicate, outside_framework, over_cap, not_needed ...
    std::string detail;       // the message in English (message_text(Language::en, message, params))
    std::string message;      // catalogue code of the message (libaudit/messages/*/exclusions.txt)
    MessageParams params;     // its parameters: data, never words
};

struct Flag {
    std::string code;         // stable code, e.g. extension_required, legacy_cohort
    std::string severity;     // "error", "warning", "info"
    std::string requirement;  // requirement id the flag is about, if any
    std::string field;        // profile field the flag is about, if any
    std::string detail;       // the message in English (message_text(Language::en, message, params))
    std::string message;      // catalogue code of the message (libaudit/messages/*/flags.txt), e.g. flag.legacy_cohort
    MessageParams params;     // its parameters: data, never words
};

// A rule of a `kind: checks` rule set broken by a row (or a group of rows) of a dataset.
struct Violation {
    std::string rule;         // rule id; "<table>.<field>" for the field's own type/required rule
    std::string kind;         // "rule" (a rule of the rule set), "type", "required", "rows" (a form with several rows)
    std::string title;        // the rule's title ("" for type/required/rows)
    std::string severity;     // "error" or "warning"
    std::string table;        // table name
    std::string field;        // field name the rule is about ("" for a whole-row or group rule)
    std::string field_title;  // the field's title in the rule set (Chinese header), if any
    std::string value;        // the offending value as given (or the group's count/sum)
    std::string expected;     // what the rule expects, e.g. ">= 6", "integer 0-23"
    std::string detail;       // English, one line
    std::string group;        // grouped rules: the group, e.g. "student_id=S01, school_year=114"
    std::string file;         // where the row is ("" for rows built into the rule set)
    int line = 0;             // CSV line / JSON array index (1-based); 0 for a group
    int column = 0;           // CSV column of `field`, when known
    std::string path;         // JSON path of the row or value ("windows[2].end"), for JSON input
    bool personal = false;    // `value` is personal data (an ID, a password): renderers mask it
    std::string message;      // the rule's `message:`, what to do about it, in the rule author's words ("" = none)
    std::string code;         // what is wrong, a catalogue code ("checks.one_of", "checks.password.missing"; docs/result-schema.md)
    MessageParams params;     // its data (field, value masked where personal, bound, allowed values, ...), never words
    // What the rule set gives in English (docs/rule-language.md, text in two languages), "" = none:
    std::string message_en;      // the rule's `message:`
    std::string field_title_en;  // the field's title
    std::map<std::string, std::string> names_en;  // names in `params` -> English (lifecycle events, states, lock titles)
};

// A value a checks rule set filled in because the input left it blank (a default), e.g. the
// start of a receipt-confirmation window computed from the import time.
struct ComputedValue {
    std::string table;
    std::string field;
    std::string value;        // ISO: "2021-03-26 11:00", "2022-04-07"
    std::string shown;        // in the field's `format`, the platform's form ("20210326 1100"); "" = none
    std::string file;
    int line = 0;
    std::string path;         // JSON path of the row, for JSON input
    bool personal = false;    // derived from personal data (e.g. a default password): masked
};

// Checks rule sets, tables with `report: rows` (an attendee-list upload): why a row was rejected,
// or a note on an accepted row; one per violation of the row.
struct RowReason {
    std::string rule;         // rule id; "<table>.<field>" for a value of the wrong type or a missing one
    std::string kind;         // as Violation::kind: "rule", "type", "required", "rows"
    std::string title;        // the rule's title (zh-TW); "" for type/required
    std::string title_en;     // the rule's English title, if it has one
    std::string field;        // the field it is about
    std::string field_title;  // its Chinese title
    std::string severity;     // "error" rejects the row; "warning" is a note on an accepted row
    std::string expected;     // as Violation::expected, e.g. "<= course.hours (2)"
    std::string detail;       // English, one line
    std::string code;         // as Violation::code
    MessageParams params;     // as Violation::params
    std::map<std::string, std::string> names_en;  // as Violation::names_en
};

// One input row of a reported table.
struct RowVerdict {
    std::string file;
    int line = 0;             // CSV/XML line, JSON array index (1-based)
    std::string path;         // JSON or XML path of the row, "" for CSV
    std::vector<std::string> values;  // as given, in the table's field order; renderers mask personal ones
    bool accepted = true;
    std::vector<RowReason> reasons;
};

// The verdicts on a table's input rows, as an upload page reports them ("失敗 2 筆資料，成功 7 筆資料").
struct RowReport {
    std::string table;
    std::string title;
    std::vector<std::string> fields;        // the table's fields, in order
    std::vector<std::string> field_titles;  // their Chinese titles ("" when none)
    std::vector<bool> personal;             // masked unless --unmask-ids
    int rows = 0;             // input rows
    int accepted = 0;
    int rejected = 0;         // rows with at least one error
    std::vector<RowVerdict> verdicts;  // the rejected rows and the accepted ones with notes, in input order
    std::string title_en;                      // the table's English title ("" = none)
    std::vector<std::string> field_titles_en;  // the fields' English titles ("" when none)
};

// What became of one exception of the audit's exceptions file (docs/exceptions.md): applied (with
// its effect), not matched (its requirement or record is not there: a warning, never dropped
// silently) or, for a preferred placement, not honoured because it would make the audit worse.
struct ExceptionOutcome {
    std::string id;
    std::string kind;         // waive, reduce, substitute, force, allow, credits, prefer
    std::string requirement;  // the requirement id it targets, after a rename ("" = none)
    std::string renamed_from; // the id the exception names when a rule set renamed it ("" = none)
    std::string course;       // the record's course code ("" = none)
    std::string author;
    Date date;
    std::string reason;
    std::string approved_by;  // "" = none
    std::string outcome;      // "applied", "not_matched", "not_honoured"
    std::string message;      // catalogue code of the effect or of why not (libaudit/messages/*/exceptions.txt)
    MessageParams params;     // its parameters: data, never words
    std::string detail;       // the message in English
};

struct RulesetInfo {
    std::string id;
    std::string version;
    std::string title;
    std::string sha256;
    std::string file;
    RuleKind kind = RuleKind::programme;  // JSON: "checks" or "hours" (omitted for programme audits)
    std::string title_en;     // the rule set's English title ("" = none)
};

struct SubjectInfo {
    std::string id;
    std::string name;
    std::string national_id;  // unmasked here; renderers mask it unless asked not to
    std::string programme;
    std::string role;         // kind hours: the teacher's role
    std::optional<int> entry_year;
    std::optional<int> year_of_study;
    // As the profile gives them, for the printable sheet (not in the result JSON):
    std::string english_name;
    std::string email;
    std::string mobile;
};

struct AllocationInfo {
    bool optimal = true;
    long steps = 0;
    // The time safety stop (not the step budget) ended a search: only then may the placement
    // shown depend on the machine's speed. Never set in a normal run.
    bool time_stopped = false;
    // The exact fallback (COIN-OR CBC's integer program, in builds that have it), not the search,
    // proved whether the rule set can be met: docs/allocation.md. Set only on the hard instances
    // the search leaves open; never on the bundled examples.
    bool verdict_by_ilp = false;
};

// kind programme: the credit figures the department office checks by hand. Present when the rule
// set has a flexible requirement and credits were ticked for it, or credits wait on a decision.
struct CreditFigures {
    // Flexible credits (present when ticked > 0): credits ticked for the flexible requirement
    // (passed or in progress), of them counted there, its cap (if any), and of the counted ones
    // those without the department's approval where the rule set requires it.
    std::optional<double> flexible_ticked, flexible_counted, flexible_cap, flexible_unapproved;
    double awaiting_review = 0;   // credits held for the department's decision (not counted anywhere)
    std::vector<std::string> awaiting_courses;  // their course codes, in result order
};

struct AuditResult {
    Status status = Status::invalid;
    SubjectInfo subject;
    RulesetInfo ruleset;
    std::string engine_version;
    std::optional<Term> as_of;
    std::optional<Date> as_of_date;  // kind hours: the day the audit is made
    std::vector<RequirementResult> requirements;
    std::vector<Exclusion> excluded;
    std::vector<Flag> flags;
    AllocationInfo allocation;
    std::vector<Violation> violations;   // checks rule sets only
    std::vector<ComputedValue> computed; // checks rule sets only
    std::vector<RowReport> row_reports;  // checks rule sets: tables with `report: rows`
    std::vector<ExceptionOutcome> exceptions;  // the subject's exceptions, in file order
    std::optional<CreditFigures> figures;      // programme rule sets, when there is something to show
    // A what-if audit (docs/what-if.md): planned courses, another framework. None: a plain audit.
    struct WhatIf {
        int planned = 0;                   // planned courses counted (as in progress)
        std::optional<int> entry_year;     // audited as entering in this year (--as-entry-year)
        std::string rule_set;              // the rule set asked for by id (--rule-set), "" = none
        bool framework() const { return entry_year.has_value() || !rule_set.empty(); }
    };
    std::optional<WhatIf> what_if;
};

}}  // namespace libaudit::v0
LIBAUDIT_API_END
