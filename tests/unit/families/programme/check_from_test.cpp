// Profile checks in force from a day (issue 17 item 1, `from` with a date): `from: "114/08/01"` or
// `from: "2025-08-01"` applies the check on the audit's day or later (the --as-of day, else the
// as-of term's last day); the day before, the check is skipped. A malformed day is E012 at its
// line and column.
#include <doctest/doctest.h>
#include <libaudit/audit.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include <string>

using namespace libaudit;

namespace {

std::string rules_text(const std::string& from, const std::string& effect = "block") {
    return R"(libaudit: 1
kind: programme
id: from-test
version: "1"
title: 測試
applies_to: {programme: T, entry_years: [113]}
courses:
  - {code: R1, title: 必修一, credits: 3, type: required}
total: {min_credits: 3}
checks:
  - field: english_name
    matches: "[A-Z]+, [A-Z-]+"
    effect: )" + effect + R"(
    from: )" + from + "\n";
}

Subject student(const std::string& english_name) {
    Subject s;
    s.profile.present = true;
    s.profile.subject_id = "211300001";
    s.profile.programme = "T";
    s.profile.entry_year = 113;
    s.profile.semesters = 3;
    s.profile.english_name = english_name;
    Record r;
    r.subject_id = "211300001";
    r.code = "R1";
    r.title = "R1";
    r.term = parse_term("1131");
    r.credits = 3;
    r.grade = "85";
    r.source_row = 2;
    s.records.push_back(r);
    return s;
}

Status on_day(const std::string& from, const std::string& day, const std::string& name = "Wang, Ta-Ming",
              const std::string& effect = "block") {
    AuditOptions o;
    o.as_of = parse_term("114-1");
    o.as_of_date = parse_date(day);
    return audit(load_ruleset_from_string(rules_text(from, effect), "from.yaml"), student(name), o).status;
}

Status in_term(const std::string& from, const std::string& term) {
    AuditOptions o;
    o.as_of = parse_term(term);
    return audit(load_ruleset_from_string(rules_text(from), "from.yaml"), student("Wang, Ta-Ming"), o).status;
}

}  // namespace

TEST_CASE("a check from a day: the day before is skipped, on and after it the check blocks") {
    for (const std::string from : {"\"114/08/01\"", "\"2025-08-01\"", "2025-08-01"}) {
        CAPTURE(from);
        CHECK(on_day(from, "2025-07-31") == Status::met);      // the day before: not yet in force
        CHECK(on_day(from, "2025-08-01") == Status::invalid);  // on the day: blocks
        CHECK(on_day(from, "2025-08-02") == Status::invalid);  // after it
        CHECK(on_day(from, "2025-08-01", "WANG, TA-MING") == Status::met);  // a passing name
    }
}

TEST_CASE("a check from a day, audited as of a term: the term's last day is the audit's day") {
    CHECK(in_term("\"114/08/01\"", "113-2") == Status::met);      // 113-2 ends 2025-07-31
    CHECK(in_term("\"114/08/01\"", "114-1") == Status::invalid);  // 114-1 ends 2026-01-31
    // A day inside a term: that term's audits apply it (its last day is on or after the day).
    CHECK(in_term("\"114/11/01\"", "114-1") == Status::invalid);
    CHECK(in_term("\"114/11/01\"", "113-2") == Status::met);
    // The first day of 113-2 says what the term 113-2 says.
    CHECK(in_term("\"114/02/01\"", "113-1") == in_term("\"113-2\"", "113-1"));
    CHECK(in_term("\"114/02/01\"", "113-2") == in_term("\"113-2\"", "113-2"));
}

TEST_CASE("a check from a day is in the outline") {
    const RuleSet r = load_ruleset_from_string(rules_text("\"114/08/01\""), "from.yaml");
    CHECK(explain(r, Language::en).find("from 2025-08-01 (the audit's day)") != std::string::npos);
    CHECK(explain(r).find("自 2025-08-01 起適用") != std::string::npos);
}

TEST_CASE("a malformed 'from' is E012 at its line and column") {
    for (const std::string from : {"\"114/13/01\"", "\"2025-02-30\"", "\"113-0\"", "soon"}) {
        CAPTURE(from);
        const LintResult lint = lint_ruleset_from_string(rules_text(from), "from.yaml");
        REQUIRE(lint.has_errors());
        const Diagnostic& d = lint.diagnostics.front();
        CHECK(d.code == "E012");
        CHECK(d.where.line == 14);
        CHECK(d.where.column == 11);
        CHECK(d.message.find("2025-08-01") != std::string::npos);
    }
}

TEST_CASE("each effect of a profile check, in force from a day: block, review, warn") {
    CHECK(on_day("\"114/08/01\"", "2025-08-01", "Wang, Ta-Ming", "block") == Status::invalid);
    CHECK(on_day("\"114/08/01\"", "2025-08-01", "Wang, Ta-Ming", "review") == Status::needs_review);
    CHECK(on_day("\"114/08/01\"", "2025-08-01", "Wang, Ta-Ming", "warn") == Status::met);
    CHECK(on_day("\"114/08/01\"", "2025-07-31", "Wang, Ta-Ming", "review") == Status::met);  // not yet in force
    CHECK(on_day("\"114/08/01\"", "2025-08-01", "", "review") == Status::needs_review);     // missing: the same effect
}
