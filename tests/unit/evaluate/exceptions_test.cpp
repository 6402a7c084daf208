// Exceptions files and their application between classification and allocation
// (rules/exceptions.cpp, evaluate/exceptions.cpp; docs/exceptions.md).
#include <doctest/doctest.h>

#include <libaudit/app.hpp>
#include <libaudit/audit.hpp>
#include <libaudit/exceptions.hpp>
#include <libaudit/render.hpp>

#include <algorithm>
#include <string>

using namespace libaudit;

namespace {

const std::string root = LIBAUDIT_SOURCE_DIR;

const RequirementResult* find(const RequirementResult& r, const std::string& id) {
    if (r.id == id) return &r;
    for (const auto& c : r.children)
        if (const RequirementResult* x = find(c, id)) return x;
    return nullptr;
}

// An example student (by default the not-met one: 創新經營與評鑑 short of 3 credits, 1 course)
// with `yaml` as exceptions.
AuditResult audit_with(const std::string& yaml, const std::string& example = "eam-not-met-domain") {
    const std::vector<RuleSet> rules = load_rulesets(root + "/rules/ntue-eam");
    CheckRequest q;
    q.rules = root + "/rules/ntue-eam";
    q.records = root + "/examples/grad/" + example + "/transcript.csv";
    q.profiles = root + "/examples/grad/" + example + "/student.csv";
    q.options.as_of = parse_term("1132");
    if (!yaml.empty()) {
        ExceptionsFile f = parse_exceptions(yaml, "x.yaml", rules);
        REQUIRE(f.ok());
        q.options.exceptions = f.exceptions;
    }
    return check_records(rules, q);
}

std::string one(const std::string& body, const std::string& student = "211271003") {
    return "exceptions:\n  - id: E1\n    student: \"" + student + "\"\n    author: A\n    date: 2025-06-10\n    reason: R\n" + body;
}

bool has_flag(const AuditResult& r, const std::string& code) {
    return std::any_of(r.flags.begin(), r.flags.end(), [&](const Flag& f) { return f.code == code; });
}

}  // namespace

TEST_CASE("exceptions: a file is read with every field, and a bad one is located and applies nothing") {
    ExceptionsFile f = parse_exceptions(one("    kind: substitute\n    requirement: domain.innovation\n    course: EDU7001\n"
                                            "    for: EAM6302\n    term: 113-2\n    approved_by: B\n"),
                                        "x.yaml");
    REQUIRE(f.ok());
    REQUIRE(f.exceptions.size() == 1);
    const AuditException& e = f.exceptions[0];
    CHECK(e.kind == ExceptionKind::substitute);
    CHECK(e.replaces == "EAM6302");
    CHECK(format_term(*e.term) == "113-2");
    CHECK(format_date(e.date) == "2025-06-10");
    CHECK(e.approved_by == "B");

    f = parse_exceptions("exceptions:\n  - id: E1\n    student: S\n    kind: waive\n    requirement: total\n"
                         "    date: 2025-02-30\n    reason: R\n",
                         "bad.yaml");
    CHECK_FALSE(f.ok());
    CHECK(f.exceptions.empty());
    REQUIRE(f.diagnostics.size() == 2);
    CHECK(f.diagnostics[0].code == "E013");  // no author, at the exception
    CHECK(f.diagnostics[0].where.line == 2);
    CHECK(f.diagnostics[1].code == "X003");  // 30 February
    CHECK(f.diagnostics[1].where.line == 6);
    CHECK(f.diagnostics[1].where.column == 11);

    const std::vector<RuleSet> rules = load_rulesets(root + "/rules/ntue-eam");
    f = parse_exceptions(one("    kind: waive\n    requirement: domain.inovation\n"), "typo.yaml", rules);
    REQUIRE(f.diagnostics.size() == 1);
    CHECK(f.diagnostics[0].code == "X005");
    CHECK(f.diagnostics[0].where.line == 8);
    CHECK(diagnostic_text(f.diagnostics[0], Language::en).find("'domain.innovation'") != std::string::npos);
    CHECK_THROWS_AS(read_exceptions(root + "/tests/data/exceptions/bad.yaml"), InputError);
}

TEST_CASE("exceptions: waive and reduce change the requirement, and say so") {
    AuditResult r = audit_with("");
    CHECK(r.status == Status::not_met);
    CHECK(r.exceptions.empty());

    r = audit_with(one("    kind: waive\n    requirement: domain.innovation\n"));
    CHECK(r.status == Status::met);
    const RequirementResult* innovation = find(r.requirements[0], "domain.innovation");
    REQUIRE(innovation);
    CHECK(innovation->status == Status::met);
    CHECK(innovation->exceptions == std::vector<std::string>{"E1"});
    CHECK(*innovation->required.credits == 0);
    CHECK(*r.requirements[0].earned.credits == 32);  // its record still counts in the total
    REQUIRE(r.exceptions.size() == 1);
    CHECK(r.exceptions[0].outcome == "applied");
    CHECK(has_flag(r, "exception_applied"));

    r = audit_with(one("    kind: reduce\n    requirement: domain.innovation\n    min_credits: 3\n"));
    CHECK(r.status == Status::not_met);  // 1 course of 2 still missing
    innovation = find(r.requirements[0], "domain.innovation");
    CHECK(*innovation->required.credits == 3);
    CHECK(*innovation->remaining.credits == 0);
    CHECK(*innovation->remaining.courses == 1);
    CHECK(r.exceptions[0].detail == "requirement domain.innovation: minimum credits reduced from 6 to 3");
}

TEST_CASE("exceptions: a record's credits, a forced placement and what matches nothing") {
    AuditResult r = audit_with(one("    kind: credits\n    course: EAM6301\n    credits: 6\n"));
    const RequirementResult* innovation = find(r.requirements[0], "domain.innovation");
    CHECK(*innovation->earned.credits == 6);
    CHECK(innovation->counted.at(0).credits == 6);

    // EAM6403 is an elective of no domain: forced into 創新經營與評鑑, it leaves 其他選修.
    r = audit_with(one("    kind: force\n    requirement: domain.innovation\n    course: EAM6403\n"));
    innovation = find(r.requirements[0], "domain.innovation");
    CHECK(*innovation->earned.courses == 2);
    CHECK(*innovation->earned.credits == 5);
    CHECK(*find(r.requirements[0], "electives")->earned.credits == 5);

    r = audit_with(one("    kind: force\n    requirement: domain.innovation\n    course: EAM6302\n"));
    REQUIRE(r.exceptions.size() == 1);
    CHECK(r.exceptions[0].outcome == "not_matched");
    CHECK(r.exceptions[0].message == "exception.why.no_record");
    CHECK(std::any_of(r.flags.begin(), r.flags.end(),
                      [](const Flag& f) { return f.code == "exception_not_matched" && f.severity == "warning"; }));

    // Another student's exception is not this student's business.
    r = audit_with(one("    kind: waive\n    requirement: domain.innovation\n", "211271001"));
    CHECK(r.status == Status::not_met);
    CHECK(r.exceptions.empty());
}

TEST_CASE("exceptions: a preferred placement is honoured unless it makes the audit worse") {
    AuditResult r = audit_with(one("    kind: prefer\n    requirement: domain.innovation\n    course: EAM6403\n"));
    CHECK(r.exceptions.at(0).outcome == "applied");
    CHECK(*find(r.requirements[0], "domain.innovation")->earned.courses == 2);

    // A core course preferred in 領導與組織發展 would leave 核心課程 not met: not honoured.
    r = audit_with(one("    kind: prefer\n    requirement: domain.leadership\n    course: EAM6001\n", "211271001"), "eam-met");
    CHECK(r.status == Status::met);
    CHECK(r.exceptions.at(0).outcome == "not_honoured");
    CHECK(has_flag(r, "prefer_not_honoured"));
    CHECK(find(r.requirements[0], "domain.core")->status == Status::met);
}

TEST_CASE("exceptions: hours rule sets take waivers and reduced thresholds too") {
    CheckRequest q;
    q.rules = root + "/rules/tw-inservice/counselling.yaml";
    q.records = root + "/examples/hours/counselling/sessions.csv";
    q.profiles = root + "/examples/hours/counselling/teachers.csv";
    q.id = "B120000008";
    q.options.as_of_date = parse_date("2026-07-31");
    CHECK(check_records(q).status == Status::not_met);
    q.options.exceptions =
        parse_exceptions(one("    kind: reduce\n    requirement: counselling.all\n    min_hours: 1\n", "B120000008"), "h.yaml")
            .exceptions;
    REQUIRE(q.options.exceptions.size() == 1);
    AuditResult r = check_records(q);
    CHECK(r.status == Status::met);
    CHECK(*find(r.requirements[0], "counselling.all")->required.hours == 1);
}

TEST_CASE("exceptions: a rule set's renamed requirement ids are followed, and checked when it loads") {
    const std::string pack = R"(libaudit: 1
kind: programme
id: renamed
version: "2"
title: 測試
courses:
  - {code: A1, title: 教育研究法, credits: 3, domain: core}
  - {code: B2, title: 教學評量, credits: 2, domain: curriculum}
domains:
  - {id: core, title: 核心課程, min_credits: 3}
  - {id: curriculum, title: 課程領域, min_credits: 2}
total: {min_credits: 3}
renamed: {domain.curr: domain.curriculum}
)";
    const RuleSet rules = load_ruleset_from_string(pack, "renamed.yaml");
    Subject s;
    s.profile.subject_id = "S1";
    for (const char* code : {"A1"}) {  // nothing of 課程領域
        Record r;
        r.subject_id = "S1";
        r.code = code;
        r.credits = 3;
        r.grade = "80";
        r.term = parse_term("1131");
        s.records.push_back(r);
    }
    CHECK(audit(rules, s).status == Status::not_met);
    AuditOptions o;
    ExceptionsFile f = parse_exceptions(one("    kind: waive\n    requirement: domain.curr\n", "S1"), "x.yaml", {rules});
    REQUIRE(f.ok());
    o.exceptions = f.exceptions;
    const AuditResult r = audit(rules, s, o);
    CHECK(r.status == Status::met);
    REQUIRE(r.exceptions.size() == 1);
    CHECK(r.exceptions[0].requirement == "domain.curriculum");
    CHECK(r.exceptions[0].renamed_from == "domain.curr");
    CHECK(check_exceptions(f.exceptions, rules).empty());

    std::string bad = pack;
    bad.replace(bad.find("domain.curriculum}"), 17, "domain.nothing");
    const LintResult lint = lint_ruleset_from_string(bad, "bad.yaml");
    REQUIRE(lint.has_errors());
    CHECK(std::any_of(lint.diagnostics.begin(), lint.diagnostics.end(),
                      [](const Diagnostic& d) { return d.message_code == "lint.E021.renamed_unknown"; }));
}
