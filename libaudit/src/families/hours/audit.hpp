// kind: hours: one teacher's sessions audited against an hours policy. Internal.
#pragma once
#include <libaudit/audit.hpp>

namespace libaudit::detail {

AuditResult audit_hours_subject(const RuleSet& rules, const Subject& subject, const AuditOptions& options);

}  // namespace libaudit::detail
