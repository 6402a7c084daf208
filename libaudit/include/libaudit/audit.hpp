// Evaluating a rule set over one subject's records.
#pragma once
#include <libaudit/export.h>
#include <libaudit/exceptions.hpp>
#include <libaudit/messages.hpp>
#include <libaudit/records.hpp>
#include <libaudit/result.hpp>
#include <libaudit/ruleset.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

struct AuditOptions {
    // The term the audit is made in ("the current semester"). Default: the latest term in the
    // subject's records.
    std::optional<Term> as_of;
    // Course codes (or offering numbers) ticked as flexible credits, in addition to records
    // whose `selected` column is set.
    std::vector<std::string> selected;
    // Overrides the rule set's allocation search budget (search steps) when > 0.
    long max_steps = 0;
    // kind hours: the day of the audit; periods (school year, calendar year, rolling windows) end
    // around it and later sessions do not count. Default: the last day of `as_of` when given,
    // else the latest session date.
    // (Last member, so that existing aggregate initialisations keep compiling.)
    std::optional<Date> as_of_date;
    // Exceptions (docs/exceptions.md): those whose `student` is the subject's id are applied.
    std::vector<AuditException> exceptions;
    // What-if (docs/what-if.md): planned courses (read_plan), added to the subject's records as in
    // progress and marked as planned. Those with a subject id count for that subject only.
    std::vector<Record> plan;
    // What-if against another framework (docs/what-if.md), the profile unchanged: the rule set is
    // chosen as for a student who entered in `as_entry_year`, or is the one whose id is `rule_set`.
    std::optional<int> as_entry_year;
    std::string rule_set;
    bool what_if_framework() const { return as_entry_year.has_value() || !rule_set.empty(); }
};

// The rule set an audit with these options uses for `profile`: choose_ruleset's, or with a what-if
// framework (options.as_entry_year, options.rule_set) the one it names. None: `why` and `reason`
// say why, as choose_ruleset (reason `unknown_rule_set` for an id none of `candidates` has).
std::optional<RuleSet> choose_ruleset(const std::vector<RuleSet>& candidates, const Profile& profile,
                                      const AuditOptions& options, std::string* why = nullptr,
                                      MessageParams* reason = nullptr);

// Never throws for unmet requirements (they are results). Thread-safe: many audits may run
// concurrently over the same RuleSet.
AuditResult audit(const RuleSet& rules, const Subject& subject, const AuditOptions& options = {});

// One subject of a batch: its result, or why none of the rule sets applies to it.
struct BatchItem {
    std::string subject_id;
    std::optional<AuditResult> result;
    std::string error;            // why no rule set applies, in English
    MessageParams error_params;   // ... as the parameters of the catalogue message choose.why
    std::vector<Diagnostic> problems;  // a streamed batch: what is wrong with this subject's input rows
};

// Audits every subject on `jobs` threads (0: one per core), choosing each subject's rule set
// among `rules` as choose_ruleset does. Results come in the order of `subjects`, whatever the
// threads' timing. `progress`, when given, is called (on the calling thread, in order) with the
// number of subjects done so far.
std::vector<BatchItem> audit_many(const std::vector<RuleSet>& rules, const std::vector<Subject>& subjects,
                                  const AuditOptions& options = {}, unsigned jobs = 0,
                                  const std::function<void(std::size_t done)>& progress = {});

// A batch of any size, streamed: `next` fills the next subject and the problems with its input
// rows (false at the end; SubjectReader::next fits), each subject is audited on one of `jobs`
// threads (0: one per core), and `write` gets every item in input order, one at a time, on the
// calling thread. A subject with input problems is not audited: its item carries them. At most
// `max_in_flight` subjects are held at once (0: 32 per thread), so memory grows with the largest
// subject, not with the cohort; the Subject objects passed to `next` are reused, with their
// storage. `render`, when given, runs on the worker right after the audit (e.g. JSON for an
// output file) and its text is passed to `write`. Exceptions from `next` and `write` stop the
// batch and are rethrown. `write` may move the item's result out (e.g. to keep every result).
// Returns the number of subjects.
struct StreamOptions {
    unsigned jobs = 0;
    std::size_t max_in_flight = 0;
    std::function<std::string(const BatchItem&)> render;
};
std::size_t audit_stream(const std::vector<RuleSet>& rules,
                         const std::function<bool(Subject&, std::vector<Diagnostic>&)>& next,
                         const std::function<void(BatchItem&, const std::string& rendered)>& write,
                         const AuditOptions& options = {}, const StreamOptions& stream = {});

// As audit_stream, each subject read once and audited twice: under `first` and under `second` (two
// versions of the rules, `libaudit diff`); `write` gets both items in input order. A subject with
// input problems carries them in both items. `stream.render` renders the first item only.
std::size_t audit_stream_twice(const std::vector<RuleSet>& first, const std::vector<RuleSet>& second,
                               const std::function<bool(Subject&, std::vector<Diagnostic>&)>& next,
                               const std::function<void(BatchItem& first, BatchItem& second)>& write,
                               const AuditOptions& options = {}, const StreamOptions& stream = {});

// Exit code of the CLI for a status: 0 met, 1 not met, 2 invalid, 4 met pending, 5 needs review,
// 6 not applicable (the rule set is not for the subject's role).
int exit_code(Status s) noexcept;

}}  // namespace libaudit::v0
LIBAUDIT_API_END
