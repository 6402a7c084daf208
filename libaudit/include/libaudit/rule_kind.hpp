// The rule families.
#pragma once

namespace libaudit {

// The family of a rule set, decided when it is loaded from its `kind:` key. Each family is one
// implementation of the engine's family seam (docs/architecture.md): a programme framework audits a
// student's transcript, an hours policy a teacher's sessions, a checks rule set tables of rows.
enum class RuleKind { programme, hours, checks };
// "programme", "hours", "checks": the words of the rule language's `kind:` key.
const char* to_string(RuleKind k) noexcept;

}  // namespace libaudit
