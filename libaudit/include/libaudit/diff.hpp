// `libaudit diff OLD NEW`: the cohort impact of a rule change. Both versions of the rules audit the
// same cohort in one pass (each subject's records read once, audited twice: audit_stream_twice), and
// the report says who changes status, which requirements' figures change and which records move
// between requirements or in or out of counting (docs/rule-authoring.md, "libaudit diff").
#pragma once
#include <libaudit/audit.hpp>
#include <libaudit/export.h>
#include <libaudit/messages.hpp>
#include <libaudit/records.hpp>
#include <libaudit/result.hpp>
#include <libaudit/ruleset.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// Rule sets from a file, a folder, or a git revision "REV:PATH" (PATH from the top of the work tree,
// as `git show` takes it, e.g. HEAD~1:rules/ntue-eam), read with `git` in the current folder. An
// existing file or folder is always the file or folder. Throws RuleError (invalid rules), IoError
// (io.no_such_path; io.diff.git: git cannot read the revision or path; io.diff.no_rules).
std::vector<RuleSet> load_rules_at(const std::string& spec);

struct DiffRequest {
    std::string old_rules;  // file, folder or REV:PATH
    std::string new_rules;
    std::string records;    // transcripts or sessions
    std::string profiles;   // "" = profiles in the records (JSON)
    AuditOptions options;
    ReadOptions read;
    unsigned jobs = 0;      // threads (0: one per core)
};

// A requirement's figures under the old and new rules (absent in one version: that side unset).
struct RequirementChange {
    std::string id;
    std::string title, title_en;
    std::string unit;  // what the figures count: "credits", "hours", "courses" or "semesters"
    std::optional<Status> old_status, new_status;
    std::optional<double> old_earned, old_required, new_earned, new_required;
};

// Where a record counts: the leaf requirements holding it, or why it is left out (an exclusion
// reason code: failed, over_cap, outside_framework ...); neither: not counted.
struct Placement {
    std::vector<std::string> requirements;  // sorted ids
    std::string excluded;
    std::string message;   // the exclusion's catalogue message and parameters (not compared)
    MessageParams params;
    bool operator==(const Placement& o) const { return requirements == o.requirements && excluded == o.excluded; }
    bool operator!=(const Placement& o) const { return !(*this == o); }
};

// A record placed differently under the new rules (source_row: its line in the records file, not
// rendered, so that the same records in another order give the same report).
struct RecordMove {
    std::string code, title;
    std::optional<Term> term;
    int source_row = 0;
    Placement old_place, new_place;
};

// A subject whose audit differs. Outcome words: a Status's to_string, "no_ruleset" (no rule set
// applies), "invalid_input" (its input rows are invalid).
struct SubjectChange {
    std::string subject_id;  // unmasked here; renderers mask national IDs
    std::string programme;
    std::optional<int> entry_year;
    std::string old_outcome, new_outcome;
    std::string old_ruleset, new_ruleset;  // "id version", "" = none
    std::vector<RequirementChange> requirements;
    std::vector<RecordMove> records;
    bool status_changed() const { return old_outcome != new_outcome; }
};

struct DiffReport {
    std::string old_rules, new_rules;            // as given
    std::vector<RulesetInfo> old_sets, new_sets;  // id, version, file, sha256 of each rule set
    std::size_t subjects = 0;
    std::map<std::string, int> old_counts, new_counts;  // outcome -> subjects
    std::vector<SubjectChange> changes;  // sorted by subject id
    std::vector<Diagnostic> problems;    // invalid input rows (the same under both versions)
    int status_changes() const;
};

// Loads both versions, checks that they are for the same programmes (InputError U001
// usage.diff.other_programme, usage.diff.other_kind otherwise), reads the records once and audits each
// subject under both. Throws RuleError, InputError, IoError.
DiffReport diff_rules(const DiffRequest& request);
DiffReport diff_rules(const std::vector<RuleSet>& old_sets, const std::vector<RuleSet>& new_sets, const DiffRequest& request);

// What differs between two audits of one subject (nullopt: nothing).
std::optional<SubjectChange> compare_items(const BatchItem& old_item, const BatchItem& new_item);

// The report for a terminal (words in messages/*/diff.txt), as CSV (one row per change, header in
// `language`) and as JSON (docs/rule-authoring.md). National IDs masked unless `unmask_ids`. The
// same subjects in any input order give the same bytes.
std::string render_diff_text(const DiffReport& report, Language language, bool unmask_ids = false);
std::string render_diff_csv(const DiffReport& report, Language language, bool unmask_ids = false);
std::string render_diff_json(const DiffReport& report, bool unmask_ids = false);

// The exit code of `libaudit diff`: 0 no subject changes status, 1 some do, 2 some input is invalid.
int diff_exit_code(const DiffReport& report);

}}  // namespace libaudit::v0
LIBAUDIT_API_END
