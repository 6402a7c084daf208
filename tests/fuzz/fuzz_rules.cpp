// Rule files of every family (programme, hours, checks) through the loading API that `libaudit
// lint` and `libaudit check` use. Contracts: a file with errors yields coded, located diagnostics
// that the catalogues can word in both languages; a file that lints without errors also loads;
// a file that does not lint does not load.
#include "fuzz_contract.hpp"

#include <libaudit/ruleset.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string yaml = fuzz::text(data, size);
    const libaudit::LintResult lint = libaudit::lint_ruleset_from_string(yaml, "fuzz.yaml");
    for (const auto& d : lint.diagnostics) {
        (void)libaudit::format_diagnostic(d, libaudit::Language::zh_TW);
        (void)libaudit::format_diagnostic(d, libaudit::Language::en);
    }
    if (lint.has_errors()) {
        fuzz::check_rejection(lint.diagnostics);
        fuzz::check(!lint.ruleset, "lint has errors and still gives a rule set");
        try {
            (void)libaudit::load_ruleset_from_string(yaml, "fuzz.yaml");
            fuzz::broken("a rule file with lint errors loads");
        } catch (const libaudit::RuleError& e) {
            fuzz::check_rejection(e.diagnostics());
        }
        return 0;
    }
    fuzz::check(lint.ruleset.has_value(), "lint without errors gives no rule set");
    try {
        (void)libaudit::load_ruleset_from_string(yaml, "fuzz.yaml");
    } catch (const libaudit::RuleError& e) {
        fuzz::check_rejection(e.diagnostics());
        fuzz::broken("a rule file that lints without errors does not load", &e.diagnostics().front());
    }
    return 0;
}
