// The YAML loader: a valid file compiles to the documented tree; every kind of mistake is
// reported with its code, line and column, all at once.
#include <doctest/doctest.h>
#include <libaudit/ruleset.hpp>

#include "rules/model.hpp"

#include <set>
#include <string>
#include <vector>

using namespace libaudit;

namespace {

const char* kValid = R"(libaudit: 1
kind: programme
id: test-113
version: "1"
title: 測試
courses:
  - {code: A1, title: 甲, credits: 3, type: required, domain: core}
  - {code: A2, title: 乙, credits: 2, domain: [core, other], equivalents: [OLD2]}
  - {code: C1, title: 丙, credits: 2}
domains:
  - {id: core, title: 核心, min_credits: 5}
  - {id: other, title: 其他, min_courses: 1}
total: {min_credits: 7}
flexible: {max_credits: 6}
requirements:
  - id: methods
    title: 方法
    any:
      - {id: m1, title: 量化, courses: [A1]}
      - {id: m2, title: 質性, courses: [C1]}
    share: true
)";

std::vector<Diagnostic> problems(const std::string& yaml) {
    try {
        load_ruleset_from_string(yaml, "t.yaml");
    } catch (const RuleError& e) {
        return e.diagnostics();
    }
    return {};
}

std::string where(const Diagnostic& d) {
    return d.code + "@" + std::to_string(d.where.line) + ":" + std::to_string(d.where.column);
}

}  // namespace

TEST_CASE("load: a valid file compiles to the generated requirement tree") {
    const RuleSet r = load_ruleset_from_string(kValid, "t.yaml");
    CHECK(r.id() == "test-113");
    CHECK(r.sha256().size() == 64);
    const auto& root = r.model().root;
    CHECK(root.id == "total");
    REQUIRE(root.children.size() == 5);
    CHECK(root.children[0].id == "domain.core");
    REQUIRE(root.children[0].children.size() == 2);
    CHECK(root.children[0].children[0].id == "course.A1");
    CHECK(root.children[0].children[1].id == "domain.core.electives");
    CHECK(root.children[1].id == "domain.other");
    CHECK(root.children[2].id == "electives");
    CHECK(root.children[3].id == "methods");
    CHECK(root.children[3].share);
    CHECK(root.children[4].id == "flexible");
    REQUIRE(r.model().course("OLD2"));
    CHECK(r.model().course("OLD2")->code == "A2");
}

TEST_CASE("load: unknown keys get a did-you-mean, duplicates and wrong types are located") {
    std::string yaml = kValid;
    yaml.replace(yaml.find("total: {min_credits: 7}"), 23, "total: {min_credit: 7}");
    yaml.replace(yaml.find("credits: 2}"), 11, "credits: lots}");
    yaml += "id: again\n";
    const auto d = problems(yaml);
    std::vector<std::string> got;
    for (const auto& x : d) got.push_back(where(x));
    std::string all;
    for (const auto& x : d) all += format_diagnostic(x) + "\n";
    INFO(all);
    CHECK(got == std::vector<std::string>{"E012@9:35", "E013@13:8", "E010@13:9", "E011@22:1"});
    CHECK(d[2].message == "unknown key 'min_credit' in 'total'; did you mean 'min_credits'?");
    CHECK(d[0].message == "'credits' must be a number from 0 to 100000, got 'lots'");
    CHECK(d[0].source_line == "  - {code: C1, title: 丙, credits: lots}");
}

TEST_CASE("load: references, ids, shapes and YAML 1.1 traps") {
    SUBCASE("undefined domain with a suggestion") {
        std::string yaml = kValid;
        yaml.replace(yaml.find("domain: core}"), 13, "domain: kore}");
        const auto d = problems(yaml);
        REQUIRE(d.size() == 1);
        CHECK(where(d[0]) == "E021@7:62");
        CHECK(d[0].message.find("did you mean 'core'") != std::string::npos);
    }
    SUBCASE("duplicate requirement id and a node with two shapes") {
        std::string yaml = kValid;
        yaml.replace(yaml.find("id: m2"), 6, "id: m1");
        yaml.replace(yaml.find("courses: [C1]"), 13, "courses: [C1], domain: core");
        const auto d = problems(yaml);
        REQUIRE(d.size() == 2);
        CHECK(where(d[0]) == "E022@20:9");
        CHECK(where(d[1]) == "E020@20:14");
    }
    SUBCASE("an unquoted yes where text is expected") {
        std::string yaml = kValid;
        yaml.replace(yaml.find("title: 甲"), std::string("title: 甲").size(), "title: yes");
        const auto d = problems(yaml);
        REQUIRE(d.size() == 1);
        CHECK(where(d[0]) == "E014@7:23");
    }
    SUBCASE("empty ids and codes are errors, never silently dropped") {
        std::string yaml = kValid;
        yaml.replace(yaml.find("code: C1"), 8, "code: ''");
        yaml.replace(yaml.find("id: m1"), 6, "id: ''");
        yaml.replace(yaml.find("{id: other"), 10, "{id: ''");
        std::vector<std::string> got;
        for (const auto& x : problems(yaml)) got.push_back(x.code + ":" + std::to_string(x.where.line));
        CHECK(got == std::vector<std::string>{"E021:8", "E012:9", "E015:12", "E015:19", "E021:20"});
    }
    SUBCASE("YAML syntax error") {
        const auto d = problems("libaudit: 1\nkind: [programme\n");
        REQUIRE(d.size() == 1);
        CHECK(d[0].code == "E001");
        CHECK(d[0].where.line >= 2);
    }
    SUBCASE("missing required keys are reported at the mapping") {
        const auto d = problems("libaudit: 1\nkind: programme\n");
        std::vector<std::string> got;
        for (const auto& x : d) got.push_back(where(x));
        CHECK(got == std::vector<std::string>{"E013@1:1", "E013@1:1", "E013@1:1", "E013@1:1"});
    }
    SUBCASE("wrong language version and kind") {
        const auto d = problems("libaudit: 2\nkind: programme\nid: x\nversion: '1'\ntitle: t\ntotal: {min_credits: 1}\n");
        REQUIRE(d.size() == 1);
        CHECK(where(d[0]) == "E023@1:11");
        // An unknown kind stops the reading there: the rest would only produce noise.
        const auto k = problems("libaudit: 1\nkind: payroll\nid: x\ntotal: {min_credits: 1}\nfoo: 1\n");
        REQUIRE(k.size() == 1);
        CHECK(where(k[0]) == "E023@2:7");
    }
}

TEST_CASE("load: applies_to picks the rule set by programme and entry year") {
    std::string yaml = kValid;
    yaml += "applies_to: {programme: [EAM, EAM-S], entry_years: \"112-113\"}\n";
    const RuleSet r = load_ruleset_from_string(yaml, "t.yaml");
    Profile p;
    p.programme = "EAM";
    p.entry_year = 113;
    CHECK(r.applies_to(p));
    p.entry_year = 114;
    std::string why;
    CHECK_FALSE(r.applies_to(p, &why));
    CHECK(why == "entry year 114 is not covered");
    p.entry_year = 112;
    p.programme = "XYZ";
    CHECK_FALSE(r.applies_to(p, &why));
    CHECK(why == "programme 'XYZ' is not covered");
}

TEST_CASE("load: every bundled rule pack loads without problems") {
    std::vector<RuleSet> sets;
    try {
        sets = load_rulesets(std::string(LIBAUDIT_SOURCE_DIR) + "/rules");
    } catch (const RuleError& e) {
        for (const auto& d : e.diagnostics()) FAIL_CHECK(format_diagnostic(d));
    }
    CHECK(sets.size() >= 4);
    std::set<std::string> ids;
    for (const auto& s : sets) {
        CHECK_MESSAGE(ids.insert(s.id()).second, "duplicate rule set id ", s.id());
        CHECK(!s.model().source.empty());  // every pack says where its numbers come from
    }
}

namespace {

std::vector<std::string> lint_codes(const std::string& yaml) {
    std::vector<std::string> out;
    for (const auto& d : lint_ruleset_from_string(yaml, "t.yaml").diagnostics) out.push_back(where(d));
    return out;
}

}  // namespace

TEST_CASE("lint: meaning-level checks") {
    SUBCASE("the valid file has only the ambiguity warning for A2 (two domains)") {
        const LintResult r = lint_ruleset_from_string(kValid, "t.yaml");
        CHECK(r.ruleset.has_value());
        CHECK(lint_codes(kValid) == std::vector<std::string>{"W040@8:5"});
        CHECK(r.diagnostics[0].message ==
              "course A2 can count in 2 requirements (domain.core.electives, domain.other.electives); each audit "
              "places it where it meets the most requirements");
    }
    SUBCASE("a domain threshold its courses cannot reach") {
        std::string yaml = kValid;
        yaml.replace(yaml.find("min_credits: 5}"), 15, "min_credits: 9}");
        CHECK(lint_codes(yaml) == std::vector<std::string>{"W040@8:5", "E030@11:40"});
        CHECK_FALSE(lint_ruleset_from_string(yaml, "t.yaml").ruleset.has_value());
    }
    SUBCASE("a cap below the threshold") {
        std::string yaml = kValid;
        yaml.replace(yaml.find("min_credits: 5}"), 15, "min_credits: 5, max_credits: 4}");
        CHECK(lint_codes(yaml) == std::vector<std::string>{"W040@8:5", "E031@11:56"});
    }
    SUBCASE("a cap above a requirement limits it too") {
        std::string yaml = kValid;
        const std::string m1 = "- {id: m1, title: 量化, courses: [A1]}";
        yaml.replace(yaml.find(m1), m1.size(), "- {id: m1, title: 量化, courses: [A1], min_credits: 3}");
        yaml.replace(yaml.find("    any:\n"), 9, "    max_credits: 2\n    any:\n");
        const auto d = lint_ruleset_from_string(yaml, "t.yaml").diagnostics;
        REQUIRE(d.size() == 2);
        CHECK(d[1].code == "E031");
        CHECK(d[1].message == "requirement 'm1' needs 3 credits, but 'methods' above it counts at most 2: it can never be met");
    }
    SUBCASE("a requirement naming a course the framework does not define") {
        std::string yaml = kValid;
        yaml.replace(yaml.find("courses: [C1]"), 13, "courses: [C2]");
        const auto d = lint_ruleset_from_string(yaml, "t.yaml").diagnostics;
        REQUIRE(d.size() == 1);  // meaning-level checks wait for a sound file
        CHECK(where(d[0]) == "E021@20:38");
        CHECK(d[0].message == "requirement 'm2' names course C2, which 'courses' does not define; did you mean A2?");
    }
    SUBCASE("unquoted text that other YAML readers would change") {
        std::string yaml = kValid;
        yaml.replace(yaml.find("version: \"1\""), 12, "version: 2024.10");
        yaml.replace(yaml.find("code: C1"), 8, "code: 0648");
        yaml.replace(yaml.find("courses: [C1]"), 13, "courses: ['0648']");
        CHECK(lint_codes(yaml) == std::vector<std::string>{"W041@4:10", "W040@8:5", "W041@9:12"});
    }
}

TEST_CASE("lint: two files with one rule set id") {
    const std::string dir = std::string(LIBAUDIT_TEST_DATA) + "/lint-folder";
    const LintReport r = lint_paths({dir});
    CHECK(r.files == 2);
    REQUIRE(r.errors() == 1);
    const auto& d = r.diagnostics.back();
    CHECK(d.code == "E020");
    CHECK(d.where.file == dir + "/b.yaml");
    CHECK(d.where.line == 3);
}
