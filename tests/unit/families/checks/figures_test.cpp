// Checks rules, issue 17 item 11: a broken date deadline carries the figures the offices check by
// hand, as data (`days_late`/`days_early`, `lead_days`/`delay_days`) and in words at the end of
// the violation's text (messages/<lang>/figures.txt).
#include <doctest/doctest.h>
#include <libaudit/calendar.hpp>
#include <libaudit/dataset.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include <string>

using namespace libaudit;

namespace {

const std::string kDeadlines = R"(libaudit: 1
kind: checks
id: t
version: "1"
title: t
tables:
  courses:
    fields:
      registered_on: {type: date}
      start_date: {type: date}
      end_date: {type: date}
      issued_on: {type: date}
      opened_at: {type: datetime}
      size: {type: integer}
rules:
  - {id: register-14, title: r, table: courses, field: registered_on, max: {field: start_date, plus_days: -14}}
  - {id: issue-7, title: i, table: courses, field: issued_on, blank: as_of, max: {field: end_date, plus_days: 7}}
  - {id: not-before-start, title: s, table: courses, field: end_date, min: {field: start_date}}
  - {id: opened, title: o, table: courses, field: opened_at, max: {field: start_date}}
  - {id: size, title: z, table: courses, field: size, max: 30}
)";

AuditResult run(const std::string& row, std::optional<DateTime> as_of = std::nullopt) {
    const RuleSet rules = load_ruleset_from_string(kDeadlines, "t.yaml");
    Dataset d;
    parse_dataset_input(rules, R"({"courses": [)" + row + "]}", "input.json", "", d);
    CheckOptions o;
    o.as_of = as_of;
    return audit_dataset(rules, d, o);
}

const Violation& of(const AuditResult& r, const std::string& rule) {
    for (const auto& v : r.violations)
        if (v.rule == rule) return v;
    FAIL("no violation of " << rule);
    return r.violations.front();
}

std::string param(const Violation& v, const std::string& name) {
    for (const auto& p : v.params)
        if (p.name == name) return p.value;
    return "<none>";
}

}  // namespace

TEST_CASE("a date deadline gives the days late and the lead time before the field it counts from") {
    const auto r = run(R"({"registered_on": "2026-02-10", "start_date": "2026-02-20", "end_date": "2026-02-20",
                           "issued_on": "2026-03-01", "size": "31"})");
    const Violation& reg = of(r, "register-14");
    CHECK(param(reg, "days_late") == "4");   // bound 02-06, registered 02-10
    CHECK(param(reg, "lead_days") == "10");  // 10 days before the start
    CHECK(param(reg, "delay_days") == "<none>");
    const Violation& issued = of(r, "issue-7");
    CHECK(param(issued, "days_late") == "2");    // bound 02-27, issued 03-01
    CHECK(param(issued, "delay_days") == "9");   // 9 days after the end
    CHECK(param(of(r, "size"), "days_late") == "<none>");  // not a date
    RenderOptions en;
    en.language = Language::en;
    const std::string text_en = render_text(r, en);
    CHECK(text_en.find("(days before start_date: 10; days late: 4)") != std::string::npos);
    CHECK(text_en.find("(days after end_date: 9; days late: 2)") != std::string::npos);
    CHECK(render_text(r).find("（start_date前 10 天，逾期 4 天）") != std::string::npos);
    CHECK(render_html(r).find("days late") == std::string::npos);  // the zh-TW sheet says it in Chinese
    CHECK(render_html(r).find("逾期 2 天") != std::string::npos);
}

TEST_CASE("days early below a minimum, a blank read as the as-of day, no figure for date-times") {
    const auto r = run(R"({"start_date": "2026-03-10", "end_date": "2026-03-07",
                           "opened_at": "2026-03-11 09:00"})",
                       *parse_datetime("2026-03-20 10:00"));
    const Violation& early = of(r, "not-before-start");
    CHECK(param(early, "days_early") == "3");
    CHECK(param(early, "lead_days") == "<none>");  // no shift: the days early say it all
    const Violation& not_yet = of(r, "issue-7");    // end 03-07 + 7 = 03-14, as of 03-20
    CHECK(not_yet.code == "checks.max.not_yet");
    CHECK(param(not_yet, "days_late") == "6");
    CHECK(param(not_yet, "delay_days") == "13");
    CHECK(param(of(r, "opened"), "days_late") == "<none>");
}
