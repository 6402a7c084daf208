// What every audit result starts with (the engine, the rule set, who is audited) and how a flag
// is added to it. Internal.
#pragma once
#include <libaudit/audit.hpp>

#include "rules/model.hpp"

#include <string>

namespace libaudit::detail {

AuditResult start_result(const Model& m, const Subject& subject);

// A flag whose words are the catalogue's `message` (flag.<code> when empty) with `params`; its
// English `detail` is written from the catalogue.
void add_flag(AuditResult& res, std::string code, std::string severity, MessageParams params = {},
              std::string requirement = {}, std::string field = {}, std::string message = {});

}  // namespace libaudit::detail
