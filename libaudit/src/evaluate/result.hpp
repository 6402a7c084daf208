// What every audit result starts with (the engine, the rule set, who is audited) and how a flag
// is added to it. Internal.
#pragma once
#include <libaudit/audit.hpp>

#include "rules/model.hpp"

#include <string>

namespace libaudit::detail {

AuditResult start_result(const Model& m, const Subject& subject);

void add_flag(AuditResult& res, std::string code, std::string severity, std::string detail,
              std::string requirement = {}, std::string field = {});

}  // namespace libaudit::detail
