// kind: checks: the evaluator of rules over a dataset's rows. Internal.
#pragma once
#include <libaudit/dataset.hpp>
#include <libaudit/result.hpp>
#include <libaudit/ruleset.hpp>

namespace libaudit { inline namespace v0 { namespace detail {

AuditResult audit_checks(const RuleSet& rules, const Dataset& data, const CheckOptions& options);

}}}  // namespace libaudit::v0::detail
