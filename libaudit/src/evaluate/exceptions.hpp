// Exceptions applied between classification and allocation, the one place for every family that
// audits a subject (docs/exceptions.md): waivers and reduced thresholds become adjustments the
// evaluator reads when it builds the problem; a substitution adds leaves that accept a record, a
// forced placement makes them the only ones; an allowed outside course is ticked and approved; a
// record's credits are overridden on a copy of the record. Each exception's outcome (applied with
// its effect, or not matched) goes into the result, with a flag. Internal.
#pragma once
#include <libaudit/audit.hpp>

#include "evaluate/item.hpp"
#include "rules/model.hpp"

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// What exceptions change of a requirement: waived (met, its records free for others) or new thresholds.
struct Adjustment {
    bool waived = false;
    std::optional<double> min_credits, min_courses, min_hours;
    std::vector<std::string> ids;  // the exceptions that made it
};
using Adjustments = std::map<const ReqNode*, Adjustment>;

// A preferred placement still to try: the records, the leaves of the preferred requirement.
struct Preference {
    std::size_t outcome = 0;  // index into ExceptionPlan::outcomes
    std::vector<Classified*> records;
    std::vector<const ReqNode*> leaves;
};

struct ExceptionPlan {
    Adjustments adjust;
    std::deque<Record> records;  // records with an exception's changes; Classified::record points here
    std::vector<Preference> prefer;
    std::vector<ExceptionOutcome> outcomes;
    bool empty() const { return outcomes.empty(); }
};

// The node with this id under `root` (or null).
const ReqNode* find_requirement(const ReqNode& root, const std::string& id);

// Applies the exceptions of `options` meant for `subject_id` to the classified records; records of
// `cls` must not move afterwards (preferences point into it).
ExceptionPlan apply_exceptions(const Model& m, const std::vector<AuditException>& exceptions,
                               const std::string& subject_id, std::vector<Classified>& cls);

// Marks the requirements exceptions changed (their ids) and adds the outcomes and their flags.
void report_exceptions(ExceptionPlan& plan, RequirementResult& total, AuditResult& res);

// Sets an outcome, its message (exception.<key>: effect.<kind> or why.<reason>) and English detail.
void set_outcome(ExceptionOutcome& o, std::string outcome, const std::string& key, MessageParams params);

}}}  // namespace libaudit::v0::detail
