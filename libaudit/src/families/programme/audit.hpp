// kind: programme: one student's transcript audited against a framework. Internal.
#pragma once
#include <libaudit/audit.hpp>

namespace libaudit::detail {

AuditResult audit_programme(const RuleSet& rules, const Subject& subject, const AuditOptions& options);

}  // namespace libaudit::detail
