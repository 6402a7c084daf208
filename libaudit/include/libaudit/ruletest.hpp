// Rule-pack tests: *.test.yaml files beside the rules, each with cases (a student, records and the
// expected status and figures). Format: docs/rule-tests.md.
#pragma once
#include <libaudit/export.h>
#include <libaudit/diagnostic.hpp>
#include <libaudit/messages.hpp>

#include <optional>
#include <string>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// One way a case's result differs from what it expects, as data: the catalogue entry
// (test.diff.*, libaudit/messages/*/lint_tests.txt) and its parameters; for a case whose tables
// the dataset reader rejects (test.diff.data), that reader's diagnostic.
struct RuleTestDifference {
    std::string code;
    MessageParams params;
    std::optional<Diagnostic> problem;
};
// The difference in `language`, e.g. "status: expected met, got not_met" in English.
std::string difference_text(const RuleTestDifference& difference, Language language);

struct RuleTestResult {
    std::string file;
    int line = 0;                          // where the case starts
    std::string name;
    bool passed = false;
    std::vector<std::string> differences;  // in English: "status: expected met, got not_met", ...
    std::vector<RuleTestDifference> difference_messages;  // the same as data, for other languages
};

struct RuleTestReport {
    std::vector<RuleTestResult> results;
    int passed() const;
    int failed() const;
};

// The *.test.yaml files under a path (the path itself when it is a file), sorted.
std::vector<std::string> rule_test_files(const std::string& path);

// Runs every case of every test file under the paths. Throws RuleError (located) for an invalid
// test file or the rule file it names, IoError when a file cannot be read.
RuleTestReport run_rule_tests(const std::vector<std::string>& paths);

}}  // namespace libaudit::v0
LIBAUDIT_API_END
