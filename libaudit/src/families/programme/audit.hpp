// kind: programme: one student's transcript audited against a framework. Internal.
#pragma once
#include <libaudit/audit.hpp>

namespace libaudit { inline namespace v0 { namespace detail {

AuditResult audit_programme(const RuleSet& rules, const Subject& subject, const AuditOptions& options);

}}}  // namespace libaudit::v0::detail
