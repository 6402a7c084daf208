// Checks rules, issue 17 items 6-9: what breaking a rule means (`effect`), caps over a sequence of
// attempts, date arithmetic, validator options. Boundaries on small rule sets written here, and
// on the bundled packs where the numbers are the packs'.
#include <doctest/doctest.h>
#include <libaudit/audit.hpp>
#include <libaudit/dataset.hpp>
#include <libaudit/ruleset.hpp>

#include <string>
#include <vector>

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

TEST_CASE("effect: a bad value is located, the default follows the rule's shape") {
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

namespace {

const RuleSet& portfolio() {
    static const RuleSet r = load_ruleset(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/k12-portfolio/portfolio-settings.yaml");
    return r;
}

// Uploads of one student in 110-1, each (subject, day of October 2021), listed in the order given.
std::string uploads(const std::vector<std::pair<std::string, int>>& items) {
    std::string out = R"({"settings": {"upload_cap": 6, "subject_cap": 2}, "uploads": [)";
    for (std::size_t i = 0; i < items.size(); ++i)
        out += std::string(i ? "," : "") + R"({"student_id": "S1", "school_year": 110, "semester": 1, "subject": ")" +
               items[i].first + R"(", "outcome": "o)" + std::to_string(items[i].second) +
               R"(", "uploaded_at": "2021-10-)" + (items[i].second < 10 ? "0" : "") + std::to_string(items[i].second) +
               R"( 10:00"})";
    return out + "]}";
}

std::vector<std::string> refused(const AuditResult& r, const std::string& rule) {
    std::vector<std::string> out;
    for (const auto& v : r.violations)
        if (v.rule == rule) out.push_back(v.path);
    return out;
}

}  // namespace

TEST_CASE("attempts: the cap reached is met, every attempt beyond it is refused, in upload-time order") {
    const AuditResult six = run(portfolio(), uploads({{"a", 1}, {"a", 2}, {"b", 3}, {"b", 4}, {"c", 5}, {"c", 6}}));
    CHECK(six.status == Status::met);
    // Eight uploads listed newest first: the 7th and 8th by time (days 7 and 8) are refused, both.
    const AuditResult eight =
        run(portfolio(), uploads({{"d", 8}, {"d", 7}, {"c", 6}, {"c", 5}, {"b", 4}, {"b", 3}, {"a", 2}, {"a", 1}}));
    CHECK(eight.status == Status::not_met);
    CHECK(req(eight, "uploads-per-semester").status == Status::not_met);
    // In upload-time order: day 7 (listed second), then day 8 (listed first).
    CHECK(refused(eight, "uploads-per-semester") == std::vector<std::string>{"uploads[1]", "uploads[0]"});
    for (const auto& v : eight.violations) {
        CHECK(v.code == "checks.attempt.refused");
        CHECK(v.value == "6");  // the accepted count before each refused attempt: refused ones never count
    }
}

TEST_CASE("attempts: an attempt refused by the subject cap does not use up the semester cap") {
    // Three of subject a (the 3rd refused by the subject cap 2), then four more: 6 accepted in all.
    const AuditResult r = run(portfolio(), uploads({{"a", 1}, {"a", 2}, {"a", 3}, {"b", 4}, {"b", 5}, {"c", 6}, {"c", 7}}));
    CHECK(refused(r, "uploads-per-subject") == std::vector<std::string>{"uploads[2]"});
    CHECK(refused(r, "uploads-per-semester").empty());
    // One more is the 7th accepted-to-be: refused by the semester cap.
    const AuditResult more =
        run(portfolio(), uploads({{"a", 1}, {"a", 2}, {"a", 3}, {"b", 4}, {"b", 5}, {"c", 6}, {"c", 7}, {"d", 8}}));
    CHECK(refused(more, "uploads-per-semester") == std::vector<std::string>{"uploads[7]"});
    // Same rows in another order in the file: the same attempts are refused.
    const AuditResult shuffled =
        run(portfolio(), uploads({{"d", 8}, {"c", 7}, {"a", 3}, {"b", 4}, {"a", 1}, {"b", 5}, {"c", 6}, {"a", 2}}));
    CHECK(refused(shuffled, "uploads-per-semester") == std::vector<std::string>{"uploads[0]"});
    CHECK(refused(shuffled, "uploads-per-subject") == std::vector<std::string>{"uploads[2]"});
}

TEST_CASE("attempts: min, at or a missing max are located") {
    const std::string head = "libaudit: 1\nkind: checks\nid: t\nversion: \"1\"\ntitle: t\n"
                             "tables:\n  u:\n    fields:\n      s: {type: text}\n      at: {type: datetime}\n";
    const Diagnostic with_min = first_error(
        head + "rules:\n  - {id: a, title: a, table: u, group_by: s, count: true, attempts: {order_by: at}, min: 1, max: 2}\n");
    CHECK(with_min.code == "E012");
    CHECK(with_min.where.line == 12);
    const Diagnostic no_max =
        first_error(head + "rules:\n  - {id: a, title: a, table: u, group_by: s, count: true, attempts: {order_by: at}, min: 1}\n");
    CHECK(no_max.where.line == 12);
    const Diagnostic bad_field =
        first_error(head + "rules:\n  - {id: a, title: a, table: u, group_by: s, count: true, attempts: {order_by: when}, max: 2}\n");
    CHECK(bad_field.code == "E021");
}
