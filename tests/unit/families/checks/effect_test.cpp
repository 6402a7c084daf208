// Checks rules, issue 17 items 6-9: what breaking a rule means (`effect`), caps over a sequence of
// attempts, date arithmetic, validator options. Boundaries on small rule sets written here, and
// on the bundled packs where the numbers are the packs'.
#include <doctest/doctest.h>
#include <libaudit/audit.hpp>
#include <libaudit/dataset.hpp>
#include <libaudit/ruleset.hpp>

#include <string>

using namespace libaudit;

namespace {

AuditResult run(const RuleSet& rules, const std::string& json, const std::string& as_of = "") {
    Dataset d;
    parse_dataset_input(rules, json, "input.json", "", d);
    CheckOptions o;
    if (!as_of.empty()) o.as_of = parse_datetime(as_of);
    return audit_dataset(rules, d, o);
}

const RequirementResult& req(const AuditResult& r, const std::string& id) {
    for (const auto& q : r.requirements)
        if (q.id == id) return q;
    FAIL("no requirement " << id);
    return r.requirements.front();
}

Diagnostic first_error(const std::string& text) {
    try {
        load_ruleset_from_string(text, "t.yaml");
    } catch (const RuleError& e) {
        REQUIRE_FALSE(e.diagnostics().empty());
        return e.diagnostics().front();
    }
    FAIL("expected a RuleError");
    return {};
}

// One table of courses, one rule of each default effect, and a literal bound declared not_met.
const std::string kEffects = R"(libaudit: 1
kind: checks
id: t
version: "1"
title: t
tables:
  courses:
    fields:
      course_id: {type: text}
      unit: {type: text}
      hour: {type: integer}
      registered_on: {type: date}
      start_date: {type: date}
rules:
  - {id: hour-domain, title: hour, table: courses, field: hour, min: 0, max: 23}
  - {id: register-early, title: early, table: courses, field: registered_on, max: {field: start_date, plus_days: -14}}
  - {id: per-unit, title: cap, table: courses, group_by: unit, count: true, max: 1}
  - {id: hour-refused, title: refused, table: courses, effect: not_met, field: hour, max: 30}
  - {id: start-order, title: order, table: courses, effect: invalid, field: start_date, min: {field: registered_on}}
  - {id: hour-warn, title: warn, table: courses, severity: warning, field: hour, max: 20}
)";

const RuleSet& effects() {
    static const RuleSet r = load_ruleset_from_string(kEffects, "t.yaml");
    return r;
}

std::string course(const std::string& id, const std::string& unit, int hour, const std::string& registered) {
    return R"({"course_id": ")" + id + R"(", "unit": ")" + unit + R"(", "hour": )" + std::to_string(hour) +
           R"(, "registered_on": ")" + registered + R"(", "start_date": "2026-03-15"})";
}

}  // namespace

TEST_CASE("effect: a bad value is located; the default follows the rule's shape") {
    const std::string head = "libaudit: 1\nkind: checks\nid: t\nversion: \"1\"\ntitle: t\n"
                             "tables:\n  people:\n    fields:\n      age: {type: integer}\n";
    const Diagnostic d = first_error(head + "rules:\n  - {id: a, title: a, table: people, effect: fail, field: age, min: 1}\n");
    CHECK(d.code == "E012");
    CHECK(d.where.line == 11);
    CHECK(d.where.column == 46);
    CHECK(d.message.find("fail") != std::string::npos);
}

TEST_CASE("effect: a value outside its domain is invalid, a refused action not_met, warnings neither") {
    // All inside: hour 20 (the warning's bound), registered exactly 14 days ahead, one course per unit.
    const AuditResult ok = run(effects(), R"({"courses": [)" + course("A", "u1", 20, "2026-03-01") + "]}");
    CHECK(ok.status == Status::met);
    // Hour 21 only trips the warning.
    const AuditResult warned = run(effects(), R"({"courses": [)" + course("A", "u1", 21, "2026-03-01") + "]}");
    CHECK(warned.status == Status::met);
    CHECK(req(warned, "hour-warn").status == Status::met);
    // Registered 13 days ahead: a refused action (deadline default not_met).
    const AuditResult late = run(effects(), R"({"courses": [)" + course("A", "u1", 8, "2026-03-02") + "]}");
    CHECK(req(late, "register-early").status == Status::not_met);
    CHECK(late.status == Status::not_met);
    // A second course of the unit: a cap (group default not_met).
    const AuditResult capped =
        run(effects(), R"({"courses": [)" + course("A", "u1", 8, "2026-03-01") + "," + course("B", "u1", 8, "2026-03-01") + "]}");
    CHECK(req(capped, "per-unit").status == Status::not_met);
    CHECK(capped.status == Status::not_met);
    // Hour 24: outside the domain (literal bounds default invalid), whatever else is broken.
    const AuditResult hour = run(effects(), R"({"courses": [)" + course("A", "u1", 24, "2026-03-02") + "]}");
    CHECK(req(hour, "hour-domain").status == Status::invalid);
    CHECK(req(hour, "register-early").status == Status::not_met);
    CHECK(hour.status == Status::invalid);
    // Declared effects win over the default: 31 breaks hour-refused (not_met) as well as hour-domain.
    const AuditResult refused = run(effects(), R"({"courses": [)" + course("A", "u1", 31, "2026-03-01") + "]}");
    CHECK(req(refused, "hour-refused").status == Status::not_met);
    // A bound from another field without a shift defaults to invalid; here it is declared so too.
    const AuditResult order = run(effects(), R"({"courses": [)" + course("A", "u1", 8, "2026-03-16") + "]}");
    CHECK(req(order, "start-order").status == Status::invalid);
    CHECK(order.status == Status::invalid);
}
