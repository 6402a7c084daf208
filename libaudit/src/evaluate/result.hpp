// What every audit result starts with (the engine, the rule set, who is audited) and how a flag
// is added to it. Internal.
#pragma once
#include <libaudit/audit.hpp>

#include "evaluate/item.hpp"
#include "rules/model.hpp"

#include <string>

namespace libaudit { inline namespace v0 { namespace detail {

AuditResult start_result(const Model& m, const Subject& subject);

// A record not counted: its reason code and the message saying why (English detail from the catalogue).
Exclusion exclusion(RecordRef record, std::string reason, std::string message, MessageParams params = {});
// ... for a record classification already excluded.
Exclusion exclusion(const Classified& c);

// A flag whose words are the catalogue's `message` (flag.<code> when empty) with `params`; its
// English `detail` is written from the catalogue.
void add_flag(AuditResult& res, std::string code, std::string severity, MessageParams params = {},
              std::string requirement = {}, std::string field = {}, std::string message = {});

}}}  // namespace libaudit::v0::detail
