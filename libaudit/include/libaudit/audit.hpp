// Evaluating a rule set over one subject's records.
#pragma once
#include <libaudit/records.hpp>
#include <libaudit/result.hpp>
#include <libaudit/ruleset.hpp>

#include <optional>
#include <string>
#include <vector>

namespace libaudit {

struct AuditOptions {
    // The term the audit is made in ("the current semester"). Default: the latest term in the
    // subject's records.
    std::optional<Term> as_of;
    // Course codes (or offering numbers) ticked as flexible credits, in addition to records
    // whose `selected` column is set.
    std::vector<std::string> selected;
    // Overrides the rule set's allocation search budget (search steps) when > 0.
    long max_steps = 0;
};

// Never throws for unmet requirements (they are results). Thread-safe: many audits may run
// concurrently over the same RuleSet.
AuditResult audit(const RuleSet& rules, const Subject& subject, const AuditOptions& options = {});

// Exit code of the CLI for a status: 0 met, 1 not met, 2 invalid, 4 met pending, 5 needs review.
int exit_code(Status s) noexcept;

}  // namespace libaudit
