// Rule-pack tests (ruletest/ruletest.cpp): a passing and a failing case in a *.test.yaml written
// to a temporary folder; the report names the failing case and says why.
#include <doctest/doctest.h>
#include <libaudit/ruletest.hpp>

#include <filesystem>
#include <fstream>
#include <string>

using namespace libaudit;
namespace fs = std::filesystem;

TEST_CASE("ruletest: one passing and one failing case") {
    const fs::path dir = fs::temp_directory_path() / "libaudit_ruletest_unit";
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string file = (dir / "pack.test.yaml").string();
    {
        std::ofstream out(file);
        out << "libaudit_test: 1\nrules: " << LIBAUDIT_TEST_DATA << "/smoke/rules.yaml\ncases:\n"
            << "  - name: good\n    as_of: \"1132\"\n"
            << "    student: {student_id: \"211300001\", entry_year: 113, semesters: 2, english_name: \"WANG, TA-MING\"}\n"
            << "    records:\n"
            << "      - {code: A1, term: \"1131\", credits: 3, grade: \"85\"}\n"
            << "      - {code: B1, term: \"1131\", credits: 3, grade: \"80\"}\n"
            << "      - {code: B2, term: \"1132\", credits: 2, grade: \"W\"}\n"
            << "    expect:\n      status: not_met\n"
            << "  - name: bad\n    records:\n      - {code: A1, term: \"1131\", credits: 3, grade: \"55\"}\n"
            << "    expect:\n      status: met\n";
    }
    CHECK(rule_test_files(dir.string()) == std::vector<std::string>{file});
    const RuleTestReport rep = run_rule_tests({dir.string()});
    REQUIRE(rep.results.size() == 2);
    CHECK(rep.passed() == 1);
    CHECK(rep.failed() == 1);
    CHECK(rep.results[0].name == "good");
    CHECK(rep.results[0].passed);
    CHECK(rep.results[0].line == 4);
    CHECK(rep.results[1].name == "bad");
    CHECK_FALSE(rep.results[1].passed);
    CHECK(rep.results[1].line == 13);
    REQUIRE_FALSE(rep.results[1].differences.empty());
    CHECK(rep.results[1].differences[0].find("status: expected met") != std::string::npos);
    // The same difference as data, shown in either language from the catalogue.
    REQUIRE(rep.results[1].difference_messages.size() == rep.results[1].differences.size());
    const RuleTestDifference& d = rep.results[1].difference_messages[0];
    CHECK(d.code == "test.diff.status");
    CHECK(difference_text(d, Language::en) == rep.results[1].differences[0]);
    CHECK(difference_text(d, Language::zh_TW) != rep.results[1].differences[0]);
    CHECK(difference_text(d, Language::zh_TW).find("not_met") == std::string::npos);  // status words translated
    fs::remove_all(dir);
}
