// Checks rules, issue 17 item 11: every row a deadline rule checks carries its days, met or not:
// lead days before the deadline when met (0 on the deadline day), delay days past it when missed,
// and the days from the field the deadline counts from; in the result, its JSON, the text report
// and the printable sheet, in both languages. Boundaries: the day before, on and after a deadline.
#include <doctest/doctest.h>
#include <libaudit/calendar.hpp>
#include <libaudit/dataset.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include <algorithm>
#include <string>

using namespace libaudit;

namespace {

const std::string kRules = R"(libaudit: 1
kind: checks
id: t
version: "1"
title: t
tables:
  courses:
    fields:
      registered_on: {type: date, title: 登錄日期}
      start_date: {type: date, title: 開始日期}
      end_date: {type: date}
      issued_on: {type: date}
      signup_end: {type: date}
      opened_at: {type: datetime}
      size: {type: integer}
rules:
  - {id: register-14, title: r, table: courses, field: registered_on, max: {field: start_date, plus_days: -14}}
  - {id: issue-7, title: i, table: courses, field: issued_on, blank: as_of, max: {field: end_date, plus_days: 7}}
  - {id: signup, title: s, table: courses, field: signup_end, max: {field: start_date}}
  - {id: fixed, title: f, table: courses, field: end_date, max: "2026-06-30"}
  - {id: opened, title: o, table: courses, field: opened_at, max: {field: start_date, plus_hours: -1}}
  - {id: size, title: z, table: courses, field: size, max: 30}
)";

AuditResult run(const std::string& rows, std::optional<DateTime> as_of = std::nullopt) {
    const RuleSet rules = load_ruleset_from_string(kRules, "t.yaml");
    Dataset d;
    parse_dataset_input(rules, R"({"courses": [)" + rows + "]}", "input.json", "", d);
    CheckOptions o;
    o.as_of = as_of;
    return audit_dataset(rules, d, o);
}

const RequirementResult& rule(const AuditResult& r, const std::string& id) {
    for (const auto& q : r.requirements)
        if (q.id == id) return q;
    FAIL("no rule " << id);
    return r.requirements.front();
}

std::string registered(const std::string& day) {
    return R"({"registered_on": ")" + day + R"(", "start_date": "2026-03-01", "end_date": "2026-03-01"})";
}

}  // namespace

TEST_CASE("registered the day before, on and after the deadline (start less 14 days)") {
    const auto r = run(registered("2026-02-14") + "," + registered("2026-02-15") + "," + registered("2026-02-16"));
    const auto& d = rule(r, "register-14").deadlines;
    REQUIRE(d.size() == 3);
    CHECK(d[0].deadline == "2026-02-15");
    CHECK((d[0].met && d[0].lead_days == 1 && d[0].of == "start_date" && *d[0].of_days == -15));
    CHECK((d[1].met && d[1].lead_days == 0 && *d[1].of_days == -14));   // on the deadline: met, 0 days
    CHECK((!d[2].met && d[2].delay_days == 1 && *d[2].of_days == -13));  // the day after: 1 day late
    CHECK(d[2].path == "courses[2]");
    CHECK(rule(r, "register-14").violations == 1);
    CHECK(rule(r, "size").deadlines.empty());    // not a date
    CHECK(rule(r, "opened").deadlines.empty());  // a date-time, shifted by hours
}

TEST_CASE("a deadline that is another field unshifted, or a literal day, has no 'of' days") {
    const auto r = run(R"({"signup_end": "2026-02-25", "start_date": "2026-03-01", "end_date": "2026-07-01"})");
    const auto& s = rule(r, "signup").deadlines.at(0);
    CHECK((s.met && s.lead_days == 4 && !s.of_days && s.of.empty()));
    const auto& f = rule(r, "fixed").deadlines.at(0);
    CHECK((!f.met && f.delay_days == 1 && f.deadline == "2026-06-30"));
}

TEST_CASE("a blank read as the audit's day: days left before the deadline, or days late") {
    const std::string row = R"({"start_date": "2026-03-01", "end_date": "2026-03-01"})";  // deadline 03-08
    const auto left = rule(run(row, parse_datetime("2026-03-07")), "issue-7").deadlines.at(0);
    CHECK((left.not_yet && left.met && left.lead_days == 1 && left.value == "2026-03-07" && *left.of_days == 6));
    const auto today = rule(run(row, parse_datetime("2026-03-08")), "issue-7").deadlines.at(0);
    CHECK((today.met && today.lead_days == 0));
    const auto late = rule(run(row, parse_datetime("2026-03-09")), "issue-7").deadlines.at(0);
    CHECK((!late.met && late.delay_days == 1 && *late.of_days == 8));
    CHECK(rule(run(row), "issue-7").deadlines.empty());  // no as-of time: a blank is not checked
}

TEST_CASE("deadline days in the JSON, the text report and the sheet, in both languages") {
    const auto r = run(registered("2026-02-14") + "," + registered("2026-02-16"));
    const std::string json = render_json(r);
    auto compact = json;  // the JSON is pretty-printed: compare without the layout
    compact.erase(std::remove_if(compact.begin(), compact.end(), [](char c) { return c == ' ' || c == '\n'; }),
                  compact.end());
    CHECK(compact.find(R"("deadlines":[{"file":"input.json","line":1,"path":"courses[0]","field":"registered_on",)"
                       R"("value":"2026-02-14","deadline":"2026-02-15","met":true,"lead_days":1,"of":"start_date","of_days":-15})") !=
          std::string::npos);
    CHECK(compact.find(R"("met":false,"delay_days":1,"of":"start_date","of_days":-13})") != std::string::npos);
    const std::string zh = render_text(r);
    CHECK(zh.find("期限天數") != std::string::npos);
    CHECK(zh.find("input.json courses[0]  登錄日期 2026-02-14，期限 2026-02-15，提前 1 天（開始日期前 15 天）") != std::string::npos);
    CHECK(zh.find("input.json courses[1]  登錄日期 2026-02-16，期限 2026-02-15，逾期 1 天（開始日期前 13 天）") != std::string::npos);
    RenderOptions en;
    en.language = Language::en;
    const std::string text_en = render_text(r, en);
    CHECK(text_en.find("registered_on 2026-02-14, deadline 2026-02-15, days ahead: 1 (days before start_date: 15)") !=
          std::string::npos);
    CHECK(text_en.find("days late: 1 (days before start_date: 13)") != std::string::npos);
    const std::string html = render_html(r);
    CHECK(html.find("<h2>期限天數</h2>") != std::string::npos);
    CHECK(html.find("提前 1 天; 開始日期前 15 天") != std::string::npos);
    CHECK(render_html(r, en).find("days late: 1; days before start_date: 13") != std::string::npos);
}
