// kind: hours: one teacher's sessions audited against an hours policy. Internal.
#pragma once
#include <libaudit/audit.hpp>

namespace libaudit { inline namespace v0 { namespace detail {

AuditResult audit_hours_subject(const RuleSet& rules, const Subject& subject, const AuditOptions& options);

}}}  // namespace libaudit::v0::detail
