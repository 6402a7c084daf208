// kind: hours: the loader's hours vocabulary with located errors, and audits of training sessions
// (periods around the as-of date, rounding, conversion, duplicates, roles, pro-rating).
#include <doctest/doctest.h>
#include <libaudit/audit.hpp>
#include <libaudit/ruleset.hpp>

#include "rules/model.hpp"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

using namespace libaudit;

namespace {

const std::string kHead = R"(libaudit: 1
kind: hours
id: test-hours
version: "1"
title: 研習時數
)";

using Loc = std::tuple<std::string, int, int>;

std::vector<Loc> errors(const std::string& body) {
    std::vector<Loc> out;
    for (const auto& d : lint_ruleset_from_string(kHead + body, "h.yaml").diagnostics)
        out.emplace_back(d.code, d.where.line, d.where.column);
    return out;
}

Record session(const std::string& code, const std::string& date, std::optional<double> hours, double credits = 0,
               std::vector<std::string> tags = {}) {
    Record r;
    r.subject_id = "T1";
    r.code = code;
    r.date = parse_date(date);
    r.hours = hours;
    r.credits = credits;
    r.tags = std::move(tags);
    static int row = 1;
    r.source_row = ++row;
    return r;
}

Subject teacher(std::vector<Record> records, const std::string& role = "teacher") {
    Subject s;
    s.profile.subject_id = "T1";
    s.profile.role = role;
    s.profile.present = true;
    s.records = std::move(records);
    return s;
}

AuditOptions on(const std::string& date) {
    AuditOptions o;
    o.as_of_date = parse_date(date);
    return o;
}

const RequirementResult* find(const std::vector<RequirementResult>& rs, const std::string& id) {
    for (const auto& r : rs) {
        if (r.id == id) return &r;
        if (const auto* c = find(r.children, id)) return c;
    }
    return nullptr;
}

std::string reason(const AuditResult& r, const std::string& code) {
    for (const auto& e : r.excluded)
        if (e.record.code == code) return e.reason;
    return "";
}

}  // namespace

TEST_CASE("hours loader: the vocabulary compiles to leaves with periods, rates and roles") {
    const RuleSet rs = load_ruleset_from_string(kHead + R"(applies_to: {role: [teacher]}
hours: {unit: 0.5, min_session: 1, credit_hours: 18, categories: [非學分班]}
requirements:
  - id: a
    title: 甲
    period: {school_years: 5}
    roles: [teacher]
    any:
      - {id: a.h, title: 時數, where: {tag: 輔導}, min_hours: 90}
      - {id: a.c, title: 學分, where: {}, min_credits: 5, credit_hours: 0}
)", "h.yaml");
    const auto& m = rs.model();
    CHECK(rs.kind() == RuleKind::hours);
    CHECK(m.roles == std::vector<std::string>{"teacher"});
    CHECK(m.hours.unit == 0.5);
    CHECK(*m.hours.credit_hours == 18);
    const auto& a = m.root.children.at(0);
    REQUIRE(a.children.size() == 2);
    CHECK(a.children[0].period.kind == detail::PeriodKind::school_years);
    CHECK(a.children[0].period.count == 5);
    CHECK(a.children[0].share);
    CHECK(*a.children[0].min_hours == 90);
    CHECK(a.children[1].roles == std::vector<std::string>{"teacher"});
    CHECK(*a.children[1].credit_hours == 0);
}

TEST_CASE("hours loader: mistakes are located") {
    CHECK(errors("requirements:\n  - {id: a, title: 甲, where: {}}\n") == std::vector<Loc>{{"E013", 7, 5}});
    CHECK(errors("requirements:\n  - {id: a, title: 甲, where: {}, min_hours: 1, min_credits: 1}\n") ==
          std::vector<Loc>{{"E022", 7, 61}});
    CHECK(errors("requirements:\n  - {id: a, title: 甲, min_hours: 3, all: [{id: b, title: 乙, where: {}, min_hours: 1}]}\n") ==
          std::vector<Loc>{{"E022", 7, 34}});
    CHECK(errors("requirements:\n  - {id: a, title: 甲, where: {}, min_hours: 1, period: weekly}\n") ==
          std::vector<Loc>{{"E012", 7, 56}});
    CHECK(errors("requirements:\n  - {id: a, title: 甲, where: {}, min_hours: 1, period: {years: 0}}\n") ==
          std::vector<Loc>{{"E012", 7, 64}});
    CHECK(errors("requirements:\n  - {id: a, title: 甲, where: {}, min_hour: 1}\n") ==
          std::vector<Loc>{{"E013", 7, 5}, {"E010", 7, 34}});
    CHECK(errors("hours: {unit: -1}\nrequirements:\n  - {id: a, title: 甲, where: {}, min_hours: 1}\n") ==
          std::vector<Loc>{{"E012", 6, 15}});
    CHECK(errors("requirements: []\n") == std::vector<Loc>{{"E012", 6, 15}});
}

TEST_CASE("hours audit: school year, calendar year and rolling windows around the as-of date") {
    const RuleSet rs = load_ruleset_from_string(kHead + R"(requirements:
  - {id: sy, title: 學年, where: {}, period: school_year, min_hours: 1}
  - {id: cy, title: 曆年, where: {}, period: calendar_year, min_hours: 1}
  - {id: y2, title: 兩年, where: {}, period: {years: 2}, min_hours: 1}
  - {id: s2, title: 兩學年, where: {}, period: {school_years: 2}, min_hours: 1}
  - {id: ever, title: 全部, where: {}, min_hours: 1}
)", "h.yaml");
    const AuditResult r = audit(rs, teacher({session("JUL", "2024-07-31", 4), session("AUG", "2024-08-01", 8),
                                             session("DEC", "2025-12-31", 16), session("JAN", "2026-01-01", 1)}),
                                on("2026-03-01"));
    CHECK(*find(r.requirements, "sy")->earned.hours == 17);   // 2025-08-01 .. 2026-07-31
    CHECK(*find(r.requirements, "cy")->earned.hours == 1);    // 2026
    CHECK(*find(r.requirements, "y2")->earned.hours == 29);   // 2024-03-02 .. 2026-03-01
    CHECK(*find(r.requirements, "s2")->earned.hours == 25);   // 2024-08-01 .. 2026-07-31: 1 Aug in, 31 Jul out
    CHECK(*find(r.requirements, "ever")->earned.hours == 29);
    CHECK(format_date(find(r.requirements, "s2")->period->first) == "2024-08-01");
    // An as-of term means its last day.
    AuditOptions term;
    term.as_of = parse_term("114-1");
    CHECK(format_date(*audit(rs, teacher({}), term).as_of_date) == "2026-01-31");
}

TEST_CASE("hours audit: a window over several school years says what counted in each of them") {
    const RuleSet rs = load_ruleset_from_string(kHead + R"(requirements:
  - {id: sy, title: 學年, where: {}, period: school_year, min_hours: 1}
  - {id: y2, title: 兩年, where: {}, period: {years: 2}, min_hours: 1}
  - {id: s2, title: 兩學年, where: {}, period: {school_years: 2}, min_hours: 1}
)", "h.yaml");
    const AuditResult r = audit(rs, teacher({session("JUL", "2024-07-31", 4), session("AUG", "2024-08-01", 8),
                                             session("DEC", "2025-12-31", 16), session("JAN", "2026-01-01", 1)}),
                                on("2026-03-01"));
    CHECK(find(r.requirements, "sy")->by_school_year.empty());  // one school year: nothing to split
    // Two school years 113 and 114: 31 July belongs to the year that ends, 1 August starts the next.
    const auto& s2 = find(r.requirements, "s2")->by_school_year;
    REQUIRE(s2.size() == 2);
    CHECK(s2[0].school_year == 113);
    CHECK(format_date(s2[0].range.first) == "2024-08-01");
    CHECK(*s2[0].earned.hours == 8);
    CHECK(s2[1].school_year == 114);
    CHECK(format_date(s2[1].range.last) == "2026-07-31");
    CHECK(*s2[1].earned.hours == 17);
    // A rolling two years (2024-03-02 .. 2026-03-01) touches school years 112, 113 and 114, each
    // cut to the window; every year is listed, a year with nothing counted shows 0.
    const auto& y2 = find(r.requirements, "y2")->by_school_year;
    REQUIRE(y2.size() == 3);
    CHECK(y2[0].school_year == 112);
    CHECK(format_date(y2[0].range.first) == "2024-03-02");
    CHECK(*y2[0].earned.hours == 4);
    CHECK(*y2[1].earned.hours == 8);
    CHECK(format_date(y2[2].range.last) == "2026-03-01");
    CHECK(*y2[2].earned.hours == 17);
    const AuditResult none = audit(rs, teacher({}), on("2026-03-01"));
    CHECK(*find(none.requirements, "s2")->by_school_year[0].earned.hours == 0);
}

TEST_CASE("hours audit: rounding, minimum session, duplicates, conversion only where hours are counted") {
    const RuleSet rs = load_ruleset_from_string(kHead + R"(hours: {unit: 0.5, min_session: 1, credit_hours: 18}
requirements:
  - {id: h, title: 時數, where: {}, min_hours: 40}
  - {id: c, title: 學分, where: {}, min_credits: 2}
  - {id: raw, title: 不換算, where: {}, min_hours: 1, credit_hours: 0}
)", "h.yaml");
    const AuditResult r = audit(rs,
                                teacher({session("A", "2025-09-01", 1.99), session("B", "2025-09-02", 0.99),
                                         session("C", "2025-09-03", 2), session("C", "2025-09-03", 2),
                                         session("C", "2025-09-04", 2), session("K", "2025-10-01", std::nullopt, 1)}),
                                on("2026-07-31"));
    CHECK(*find(r.requirements, "h")->earned.hours == 1.5 + 2 + 2 + 18);
    CHECK(*find(r.requirements, "c")->earned.credits == 1);
    CHECK(*find(r.requirements, "raw")->earned.hours == 5.5);
    CHECK(reason(r, "B") == "under_minimum");
    CHECK(reason(r, "C") == "duplicate");
    CHECK(r.status == Status::not_met);
    CHECK(*r.requirements.front().remaining.hours == 16.5);
}

TEST_CASE("hours audit: of the same session twice on a day, the one with the most hours counts, in any row order") {
    const RuleSet rs = load_ruleset_from_string(kHead + R"(requirements:
  - {id: h, title: 時數, where: {}, min_hours: 3}
)", "h.yaml");
    for (int first : {0, 1}) {
        std::vector<Record> recs{session("C", "2025-09-03", 2), session("C", "2025-09-03", 3)};
        if (first == 1) std::swap(recs[0], recs[1]);
        for (std::size_t i = 0; i < recs.size(); ++i) recs[i].source_row = static_cast<int>(i) + 2;
        const AuditResult r = audit(rs, teacher(recs), on("2026-07-31"));
        CAPTURE(first);
        CHECK(*find(r.requirements, "h")->earned.hours == 3);
        CHECK(r.status == Status::met);
        REQUIRE(r.excluded.size() == 1);
        CHECK(*r.excluded.front().record.hours == 2);
    }
}

TEST_CASE("hours audit: roles, pro-rating and sessions after the as-of date") {
    const RuleSet rs = load_ruleset_from_string(kHead + R"(applies_to: {role: [teacher, counselling]}
requirements:
  - {id: all, title: 全體, where: {tag: 輔導}, period: calendar_year, prorate: true, min_hours: 12}
  - {id: staff, title: 輔導人員, roles: [counselling], where: {tag: 輔導}, period: calendar_year, min_hours: 24}
)", "h.yaml");
    Subject s = teacher({session("A", "2026-06-01", 3, 0, {"輔導"}), session("LATE", "2026-12-31", 9, 0, {"輔導"})});
    s.profile.employed_from = parse_date("2026-07-01");  // 1 Jul - 31 Dec (the period's end): 6 full months
    AuditResult r = audit(rs, s, on("2026-12-30"));
    CHECK(*find(r.requirements, "all")->required.hours == 6);
    CHECK(*find(r.requirements, "all")->months == 6);
    CHECK(find(r.requirements, "staff")->status == Status::not_applicable);
    CHECK(reason(r, "LATE") == "after_as_of");
    CHECK(r.status == Status::not_met);
    s.profile.role = "counselling";
    r = audit(rs, s, on("2026-12-31"));
    CHECK(find(r.requirements, "staff")->status == Status::not_met);
    CHECK(*r.requirements.front().remaining.hours == 12);  // 24 - 12: the 3 h count in both
    s.profile.role = "preschool";
    r = audit(rs, s, on("2026-12-31"));
    CHECK(r.status == Status::not_applicable);
    CHECK(exit_code(r.status) == 6);
    s.profile.role = "teacher";
    s.profile.employed_from = parse_date("2026-12-15");  // under a month: nothing required
    r = audit(rs, s, on("2026-12-31"));
    CHECK(*find(r.requirements, "all")->required.hours == 0);
    CHECK(find(r.requirements, "all")->status == Status::met);
}

TEST_CASE("hours audit: a plan given anyway is reported as not counted, never silently ignored") {
    const RuleSet rs = load_ruleset_from_string(kHead + R"(requirements:
  - {id: h, title: 時數, where: {}, min_hours: 3}
)", "h.yaml");
    AuditOptions o = on("2026-07-31");
    const AuditResult plain = audit(rs, teacher({session("C", "2025-09-03", 3)}), o);
    Record planned;
    planned.code = "EAM6302";
    planned.term = parse_term("1141");
    planned.credits = 2;
    planned.planned = true;
    Record other = planned;  // a row for another subject
    other.code = "EAM6303";
    other.subject_id = "T2";
    o.plan = {planned, other};
    const AuditResult r = audit(rs, teacher({session("C", "2025-09-03", 3)}), o);
    const auto flag = std::find_if(r.flags.begin(), r.flags.end(), [](const Flag& f) { return f.code == "plan_not_applied"; });
    REQUIRE(flag != r.flags.end());
    CHECK(flag->severity == "warning");
    CHECK(flag->detail.find("1 planned course(s) not counted (EAM6302)") != std::string::npos);
    CHECK(r.status == plain.status);
    CHECK(!r.what_if);
    CHECK(std::none_of(plain.flags.begin(), plain.flags.end(), [](const Flag& f) { return f.code == "plan_not_applied"; }));
    // No row for this teacher: nothing to say.
    o.plan = {other};
    const AuditResult none = audit(rs, teacher({session("C", "2025-09-03", 3)}), o);
    CHECK(std::none_of(none.flags.begin(), none.flags.end(), [](const Flag& f) { return f.code == "plan_not_applied"; }));
}
