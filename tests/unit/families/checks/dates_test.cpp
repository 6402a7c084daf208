// Checks rules, issue 17 item 8: date arithmetic the settings need. Days taken from another
// field (with the pack's default when it is blank), half-open ends (an end hour of 24: 24:00
// itself and the next day are outside), and the platform's form of a date-time besides ISO.
#include <doctest/doctest.h>
#include <libaudit/audit.hpp>
#include <libaudit/calendar.hpp>
#include <libaudit/dataset.hpp>
#include <libaudit/ruleset.hpp>

#include <string>

using namespace libaudit;

namespace {

AuditResult run(const RuleSet& rules, const std::string& json) {
    Dataset d;
    parse_dataset_input(rules, json, "input.json", "", d);
    return audit_dataset(rules, d);
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

std::string param(const Violation& v, const std::string& name) {
    for (const auto& p : v.params)
        if (p.name == name) return p.value;
    return "<none>";
}

// A window with a half-open end, uploads that must come before it, a reminder day computed from
// a settings field whose default (3) is the pack's.
const std::string kWindows = R"(libaudit: 1
kind: checks
id: t
version: "1"
title: t
tables:
  settings:
    rows: one
    fields:
      remind_days: {type: integer, default: 3}
  windows:
    fields:
      start: {type: datetime}
      end: {type: datetime}
      sent_at: {type: datetime, format: YYYYMMDD HHMM}
      remind_on:
        type: date
        format: YYYYMMDD
        default: {field: end, bounds: half_open, minus_days: {table: settings, field: remind_days}}
rules:
  - {id: sent-in-window, title: sent, table: windows, field: sent_at, max: {field: end, bounds: half_open}}
  - {id: remind-in-window, title: remind, table: windows, field: remind_on, min: {field: start}, max: {field: end, bounds: half_open}}
)";

const std::string row(const std::string& end, const std::string& sent, const std::string& days = "") {
    return R"({"settings": {"remind_days": ")" + days + R"("}, "windows": [{"start": "2022-04-08 00:00", "end": ")" + end +
           R"(", "sent_at": ")" + sent + R"("}]})";
}

}  // namespace

TEST_CASE("calendar: shift, end_day of a half-open or inclusive end, the platform's form") {
    const DateTime end24 = *parse_datetime("2022-04-11 00:00");  // "111/04/10 24" in a checks table
    CHECK(format_datetime(end24) == "2022-04-11 00:00");
    CHECK(end_day(end24, true) == *parse_date("2022-04-10"));
    CHECK(end_day(end24, false) == *parse_date("2022-04-11"));
    CHECK(end_day(*parse_datetime("2022-04-11 00:01"), true) == *parse_date("2022-04-11"));
    CHECK(format_datetime(shift(end24, -3)) == "2022-04-08 00:00");
    CHECK(format_datetime(shift(*parse_datetime("2021-03-25 10:27"), 1, 2)) == "2021-03-26 12:27");
    CHECK(format_datetime_as(*parse_datetime("2021-03-26 11:00"), "YYYYMMDD HHMM") == "20210326 1100");
    CHECK(format_datetime_as(*parse_datetime("2021-03-26 11:05"), "RRR/MM/DD HH:MM") == "110/03/26 11:05");
    CHECK(format_datetime_as(end24, "YYYYMMDD HHMM", true) == "20220410 2400");
    CHECK(format_datetime_as(end24, "YYYYMMDD HHMM", false) == "20220411 0000");
    CHECK(datetime_pattern_problem("YYYYMMDD HHMM").empty());
    CHECK(datetime_pattern_problem("YYYY-MM-DDTHH") == "THH");
    CHECK(datetime_pattern_problem("YY/MM") == "YY");
    CHECK(datetime_pattern_problem("--") == "--");
}

TEST_CASE("half-open end: 23:59 is inside, 24:00 exactly and the next minute are outside") {
    const RuleSet r = load_ruleset_from_string(kWindows, "t.yaml");
    CHECK(run(r, row("111/04/10 24", "2022-04-10 23:59", "2")).status == Status::met);
    const AuditResult at24 = run(r, row("111/04/10 24", "2022-04-11 00:00", "2"));
    REQUIRE(at24.violations.size() == 1);
    const Violation& v = at24.violations[0];
    CHECK(v.rule == "sent-in-window");
    CHECK(v.code == "checks.max.half_open");
    CHECK(v.expected == "< end (2022-04-11 00:00)");
    CHECK(param(v, "value_shown") == "20220411 0000");
    CHECK(param(v, "bound_shown") == "20220410 2400");  // as the platform writes a window's end
    CHECK(run(r, row("111/04/10 24", "2022-04-11 00:01", "2")).violations.size() == 1);
    // An inclusive end of the same instant admits 24:00 itself.
    std::string inclusive = kWindows;
    inclusive.replace(inclusive.find("max: {field: end, bounds: half_open}}"), 37, "max: {field: end, bounds: inclusive}}");
    const RuleSet ri = load_ruleset_from_string(inclusive, "t.yaml");
    CHECK(run(ri, row("111/04/10 24", "2022-04-11 00:00", "2")).status == Status::met);
    CHECK(run(ri, row("111/04/10 24", "2022-04-11 00:01", "2")).status != Status::met);
}

TEST_CASE("days from another field: the pack's default when blank, the end's own day when half-open") {
    const RuleSet r = load_ruleset_from_string(kWindows, "t.yaml");
    // 04/10 24:00 is the end of 04/10: 3 days before is 04/07, before the window opens on 04/08.
    const AuditResult blank = run(r, row("111/04/10 24", ""));
    REQUIRE(blank.violations.size() == 1);
    CHECK(blank.violations[0].rule == "remind-in-window");
    CHECK(param(blank.violations[0], "value_shown") == "20220407");
    bool computed = false;
    for (const auto& c : blank.computed)
        if (c.field == "remind_on") {
            CHECK(c.value == "2022-04-07");
            CHECK(c.shown == "20220407");
            computed = true;
        }
    CHECK(computed);
    // The next minute is on 04/11: the reminder moves to 04/08, inside.
    CHECK(run(r, row("2022-04-11 00:01", "")).status == Status::met);
    CHECK(run(r, row("111/04/10 24", "", "2")).status == Status::met);   // 04/08: the first day
    // A negative number of days puts the reminder after the last day (04/11 > 04/10).
    const AuditResult after = run(r, row("111/04/10 24", "", "-1"));
    REQUIRE(after.violations.size() == 1);
    CHECK(after.violations[0].code == "checks.max");
    CHECK(param(after.violations[0], "bound_shown") == "20220410");  // the end's own day
}

TEST_CASE("date arithmetic keys: located lint errors") {
    std::string t = kWindows;
    t.replace(t.find("format: YYYYMMDD HHMM"), 21, "format: YYYYMMDD HHMQ");
    CHECK(first_error(t).message_code == "lint.E012.checks.format");
    t = kWindows;
    t.replace(t.find("bounds: half_open, minus"), 17, "bounds: halfopen ");
    CHECK(first_error(t).message_code == "lint.E012.checks.bounds");
    t = kWindows;
    t.replace(t.find("minus_days: {table"), 11, "plus_days: 1, minus_days:");
    CHECK(first_error(t).message_code == "lint.E012.checks.plus_and_minus_days");
    t = kWindows;
    t.replace(t.find("field: remind_days}"), 19, "field: nope}");
    CHECK(first_error(t).where.line == 19);
    t = kWindows;
    t.replace(t.find("start: {type: datetime}"), 23, "start: {type: integer, format: YYYY}");
    CHECK(first_error(t).message_code == "lint.E012.checks.format_type");
}
