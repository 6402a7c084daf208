// The result of an audit. Rendered by render.hpp; the JSON form is documented in docs/result-schema.md.
#pragma once
#include <libaudit/records.hpp>
#include <libaudit/term.hpp>

#include <optional>
#include <string>
#include <vector>

namespace libaudit {

enum class Status { met, met_pending, not_met, needs_review, invalid };

const char* to_string(Status s) noexcept;

// Amounts of what a requirement measures. Absent = not measured by that requirement.
struct Amount {
    std::optional<double> credits;
    std::optional<double> courses;
    std::optional<double> semesters;
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
};

struct RequirementResult {
    std::string id;           // stable id, e.g. "total", "domain.core", "flexible"
    std::string title;
    std::string title_en;     // English title of generated requirements (empty: use title)
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
};

struct Exclusion {
    RecordRef record;
    std::string reason;       // stable code: failed, withdrawn, duplicate, outside_framework, over_cap, not_needed ...
    std::string detail;       // human detail, English
};

struct Flag {
    std::string code;         // stable code, e.g. extension_required, legacy_cohort
    std::string severity;     // "error", "warning", "info"
    std::string requirement;  // requirement id the flag is about, if any
    std::string field;        // profile field the flag is about, if any
    std::string detail;       // English detail
};

struct RulesetInfo {
    std::string id;
    std::string version;
    std::string title;
    std::string sha256;
    std::string file;
};

struct SubjectInfo {
    std::string id;
    std::string name;
    std::string national_id;  // unmasked here; renderers mask it unless asked not to
    std::string programme;
    std::optional<int> entry_year;
    std::optional<int> year_of_study;
};

struct AllocationInfo {
    bool optimal = true;
    long steps = 0;
};

struct AuditResult {
    Status status = Status::invalid;
    SubjectInfo subject;
    RulesetInfo ruleset;
    std::string engine_version;
    std::optional<Term> as_of;
    std::vector<RequirementResult> requirements;
    std::vector<Exclusion> excluded;
    std::vector<Flag> flags;
    AllocationInfo allocation;
};

}  // namespace libaudit
