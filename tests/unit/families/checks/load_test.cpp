// Loading `kind: checks` rule sets (families/checks/load.cpp): a good rule set from a string,
// and located errors (code, line:col) for a few mistakes.
#include <doctest/doctest.h>
#include <libaudit/ruleset.hpp>

#include <string>

using namespace libaudit;

namespace {

const std::string kHead = "libaudit: 1\nkind: checks\nid: t\nversion: \"1\"\ntitle: t\n"
                          "tables:\n  people:\n    fields:\n      age: {type: integer}\n";

Diagnostic first_error(const std::string& rules_part) {
    try {
        load_ruleset_from_string(kHead + rules_part, "t.yaml");
    } catch (const RuleError& e) {
        REQUIRE_FALSE(e.diagnostics().empty());
        return e.diagnostics().front();
    }
    FAIL("expected a RuleError");
    return {};
}

}  // namespace

TEST_CASE("load_checks: a good rule set loads as kind checks") {
    const RuleSet r = load_ruleset_from_string(kHead + "rules:\n  - {id: adult, title: 成年, table: people, field: age, min: 18}\n", "t.yaml");
    CHECK(r.kind() == RuleKind::checks);
}

TEST_CASE("load_checks: a rule on an unknown table is located") {
    const Diagnostic d = first_error("rules:\n  - {id: adult, title: 成年, table: peple, field: age, min: 18}\n");
    CHECK(d.where.file == "t.yaml");
    CHECK(d.where.line == 11);
    CHECK(d.message.find("peple") != std::string::npos);
    CHECK(d.code == "E021");
    CHECK(d.where.column == 35);  // the value after "table: " (columns count characters)
}

TEST_CASE("load_checks: a rule on an unknown field is located") {
    const Diagnostic d = first_error("rules:\n  - {id: adult, title: 成年, table: people, field: aeg, min: 18}\n");
    CHECK(d.where.line == 11);
    CHECK(d.message.find("aeg") != std::string::npos);
    CHECK(d.code == "E021");
    CHECK(d.where.column == 50);  // the value after "field: "
}

TEST_CASE("load_checks: an unknown field type is located") {
    try {
        load_ruleset_from_string("libaudit: 1\nkind: checks\nid: t\nversion: \"1\"\ntitle: t\n"
                                 "tables:\n  people:\n    fields:\n      age: {type: integr}\nrules: []\n",
                                 "t.yaml");
        FAIL("expected a RuleError");
    } catch (const RuleError& e) {
        REQUIRE_FALSE(e.diagnostics().empty());
        CHECK(e.diagnostics().front().where.line == 9);
        CHECK(e.diagnostics().front().code == "E012");
        CHECK(e.diagnostics().front().where.column == 19);
        CHECK(e.diagnostics().front().message.find("integr") != std::string::npos);
    }
}
