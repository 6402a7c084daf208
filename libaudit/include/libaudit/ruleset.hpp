// Loading rule sets. A RuleSet is immutable after loading and safe to share across threads.
#pragma once
#include <libaudit/export.h>
#include <libaudit/messages.hpp>
#include <libaudit/diagnostic.hpp>
#include <libaudit/rule_kind.hpp>
#include <libaudit/records.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

namespace detail {
struct Model;  // the compiled rule model (internal)
}

class RuleSet {
public:
    const std::string& id() const;
    const std::string& version() const;
    const std::string& title() const;
    RuleKind kind() const;
    const std::string& file() const;     // path or name it was loaded from
    const std::string& sha256() const;   // of the file's bytes, lower-case hex

    // Whether the rule set is meant for this profile (programme and entry year), and why not.
    bool applies_to(const Profile& profile, std::string* why_not = nullptr) const;

    const detail::Model& model() const { return *model_; }

    explicit RuleSet(std::shared_ptr<const detail::Model> model) : model_(std::move(model)) {}

private:
    std::shared_ptr<const detail::Model> model_;
};

// Throws RuleError with every problem found (located file:line:col), IoError if unreadable.
RuleSet load_ruleset(const std::string& path);
RuleSet load_ruleset_from_string(const std::string& yaml, const std::string& name = "<string>");

// Every problem in a rule file, errors and warnings (codes in docs/diagnostics.md), sorted by
// position; the rule set when there are no errors. Throws IoError only if the file is unreadable.
struct LintResult {
    std::optional<RuleSet> ruleset;
    std::vector<Diagnostic> diagnostics;
    bool has_errors() const;
};
LintResult lint_ruleset(const std::string& path);
LintResult lint_ruleset_from_string(const std::string& yaml, const std::string& name = "<string>");

// The rule files under a path: the file itself, or every *.yaml / *.yml below a folder (sorted,
// rule tests *.test.yaml left out). Throws IoError when the path cannot be read.
std::vector<std::string> rule_files(const std::string& path);

// Lints every rule file under the paths (files or folders), plus ids shared by two files.
struct LintReport {
    int files = 0;
    std::vector<Diagnostic> diagnostics;  // per file in path order, sorted by position within a file
    int errors() const;
    int warnings() const;
};
LintReport lint_paths(const std::vector<std::string>& paths);

// Loads every *.yaml / *.yml file in a folder (recursively, sorted by path), or the one file.
std::vector<RuleSet> load_rulesets(const std::string& path);

// The rule set among `candidates` that applies to the profile; nullopt when none or ambiguous
// (then `why` explains in English, and `reason` gets the same as the parameters of the catalogue
// message choose.why, for other languages).
std::optional<RuleSet> choose_ruleset(const std::vector<RuleSet>& candidates, const Profile& profile,
                                      std::string* why = nullptr, MessageParams* reason = nullptr);

// A planned-courses file (parse_plan, read_plan in libaudit/records.hpp) checked against rule sets:
// a planned course that no programme rule set among `rulesets` has (nor as an equivalent) is a
// located error (P004), unless its row is ticked (勾選 / selected) as a course outside the
// framework; nothing is read from a file with an error. Hours and checks rule sets take no plan
// and are not consulted (docs/what-if.md).
PlanFile parse_plan(const std::string& content, const std::string& name, const ReadOptions& options,
                    const std::vector<RuleSet>& rulesets);
std::vector<Record> read_plan(const std::string& path, const ReadOptions& options, const std::vector<RuleSet>& rulesets);

}}  // namespace libaudit::v0
LIBAUDIT_API_END
