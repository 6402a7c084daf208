// Lint over a folder of rule sets: what no single file shows. Duplicate rule set ids (E020),
// programme rule sets whose applies_to overlap (E024: a student would match both), and entry years
// of a programme that no rule set covers between its first and its last (W042). Each located at
// the later file's id or applies_to, naming the other file's line and column. Internal.
#pragma once
#include <libaudit/diagnostic.hpp>
#include <libaudit/ruleset.hpp>

#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// Appends the folder's problems for `sets` (in the order their files were read) to `out`.
void lint_folder(const std::vector<RuleSet>& sets, std::vector<Diagnostic>& out);

// Only the folder's duplicate ids (E020), the one folder problem that stops a load (load_rulesets).
void lint_folder_ids(const std::vector<RuleSet>& sets, std::vector<Diagnostic>& out);

// Drops the warnings each rule set's `lint: allow` silences (the file a diagnostic is located in).
void drop_silenced(const std::vector<RuleSet>& sets, std::vector<Diagnostic>& diagnostics);

}}}  // namespace libaudit::v0::detail
