// The rule families.
#pragma once
#include <libaudit/export.h>
#include <optional>
#include <string_view>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// The family of a rule set, decided when it is loaded from its `kind:` key. Each family is one
// implementation of the engine's family seam (docs/architecture.md): a programme framework audits a
// student's transcript, an hours policy a teacher's sessions, a checks rule set tables of rows.
enum class RuleKind { programme, hours, checks };
// "programme", "hours", "checks": the words of the rule language's `kind:` key.
const char* to_string(RuleKind k) noexcept;
// The kind a rule file's `kind:` word names (programme, checks, hours); none for any other word.
std::optional<RuleKind> parse_rule_kind(std::string_view word) noexcept;

}}  // namespace libaudit::v0
LIBAUDIT_API_END
