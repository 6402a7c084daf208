// The course-organiser pack (rules/tw-inservice-organiser) at its boundaries: 13 vs 14 days before
// the start, 7 vs 8 days after the end, 4 vs 5 overdue courses on the day a new one is registered,
// 2 vs 3 absences; the lifecycle shape (transitions, locks, ordering, unknown events); malformed
// dates; and loader errors of the new shapes with their lines.
#include <doctest/doctest.h>
#include <libaudit/audit.hpp>
#include <libaudit/dataset.hpp>
#include <libaudit/ruleset.hpp>

#include <set>
#include <string>
#include <vector>

using namespace libaudit;

namespace {

const RuleSet& pack() {
    static const RuleSet r =
        load_ruleset(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/tw-inservice-organiser/course-compliance.yaml");
    return r;
}

AuditResult check(const std::string& table, const std::string& csv, const char* as_of = nullptr) {
    Dataset d;
    parse_dataset_input(pack(), csv, table + ".csv", table, d);
    CheckOptions o;
    if (as_of) o.as_of = parse_datetime(as_of);
    return audit_dataset(pack(), d, o);
}

std::vector<const Violation*> of(const AuditResult& r, const std::string& rule) {
    std::vector<const Violation*> out;
    for (const auto& v : r.violations)
        if (v.rule == rule) out.push_back(&v);
    return out;
}

const std::string course_header =
    "課程代碼,開課單位,登錄日期,課程開始日期,課程結束日期,報名截止日期,開班總人數,可線上報名人數,時數核發日期\n";

std::string course(const std::string& id, const std::string& unit, const std::string& registered, const std::string& start,
                   const std::string& end, const std::string& issued, const std::string& signup_end = "",
                   const std::string& size = "30", const std::string& quota = "30") {
    return id + "," + unit + "," + registered + "," + start + "," + end + "," + signup_end + "," + size + "," + quota +
           "," + issued + "\n";
}

}  // namespace

TEST_CASE("organiser: registered 14 days before the start passes, 13 days does not") {
    const auto r14 = check("courses", course_header + course("C", "U", "2026-02-15", "2026-03-01", "2026-03-01", "2026-03-02"));
    CHECK(of(r14, "register-14-days").empty());
    CHECK(r14.status == Status::met);
    const auto r13 = check("courses", course_header + course("C", "U", "2026-02-16", "2026-03-01", "2026-03-01", "2026-03-02"));
    REQUIRE(of(r13, "register-14-days").size() == 1);
    CHECK(of(r13, "register-14-days")[0]->line == 2);
    CHECK(r13.status == Status::not_met);
}

TEST_CASE("organiser: registration may close on the start day, not after, online quota at most the class size") {
    const auto on = check("courses", course_header + course("C", "U", "2026-01-10", "2026-03-01", "2026-03-01", "2026-03-02",
                                                            "2026-03-01", "30", "30"));
    CHECK(on.violations.empty());
    const auto after = check("courses", course_header + course("C", "U", "2026-01-10", "2026-03-01", "2026-03-01",
                                                               "2026-03-02", "2026-03-02", "30", "31"));
    CHECK(of(after, "signup-closes-by-start").size() == 1);
    CHECK(of(after, "online-quota").size() == 1);
}

TEST_CASE("organiser: hours issued 7 days after the end are on time, 8 days are overdue, blank is judged at --as-of") {
    auto issued = [](const std::string& day) {
        return check("courses", course_header + course("C", "U", "2026-01-10", "2026-03-01", "2026-03-01", day));
    };
    CHECK(of(issued("2026-03-08"), "hours-within-7-days").empty());
    CHECK(of(issued("2026-03-09"), "hours-within-7-days").size() == 1);
    const std::string pending = course_header + course("C", "U", "2026-01-10", "2026-03-01", "2026-03-01", "");
    CHECK(of(check("courses", pending), "hours-within-7-days").empty());  // no as-of: not yet due
    CHECK(of(check("courses", pending, "2026-03-08 23:59"), "hours-within-7-days").empty());
    CHECK(of(check("courses", pending, "2026-03-09 00:00"), "hours-within-7-days").size() == 1);
}

TEST_CASE("organiser: a unit with 4 overdue courses may register a new one, with 5 it may not") {
    auto unit = [](int overdue, const std::string& issued_late = "") {
        std::string csv = course_header;
        for (int i = 1; i <= overdue; ++i) {
            const std::string day = "2026-01-0" + std::to_string(4 + i);
            csv += course("O" + std::to_string(i), "U", "2025-12-01", day, day, "");
        }
        // Overdue from 01-10, issued late: counts only until it is issued.
        csv += course("L", "U", "2025-12-01", "2026-01-02", "2026-01-02", issued_late);
        csv += course("NEW", "U", "2026-02-02", "2026-03-20", "2026-03-20", "");
        csv += course("OTHER", "V", "2026-02-02", "2026-03-20", "2026-03-20", "");  // another unit
        return check("courses", csv, "2026-03-25");
    };
    CHECK(of(unit(4, "2026-01-20"), "unit-overdue-block").empty());
    const auto five = unit(5, "2026-01-20");
    REQUIRE(of(five, "unit-overdue-block").size() == 1);
    const Violation& v = *of(five, "unit-overdue-block")[0];
    CHECK(v.line == 8);  // the new course's row (header, 5 overdue, the late one, then NEW)
    CHECK(v.value == "5");
    CHECK(v.group == "unit=U, registered_on=2026-02-02");
    CHECK(v.detail.find("counted: line 2, line 3, line 4, line 5, line 6") != std::string::npos);
    // Still unissued when NEW is registered: the late course counts as the 5th.
    CHECK(of(unit(4, "2026-02-03"), "unit-overdue-block").size() == 1);
    // Issued on the registration day: no longer overdue that day.
    CHECK(of(unit(4, "2026-02-02"), "unit-overdue-block").empty());
}

TEST_CASE("organiser: 3 registered-but-absent records are flagged as a warning, 2 are not") {
    const std::string h = "身分證字號,課程代碼,是否參與\n";
    const auto two = check("signups", h + "A123456789,1,否\nA123456789,2,否\nA123456789,3,是\n");
    CHECK(two.violations.empty());
    const auto three = check("signups", h + "A123456789,1,否\nA123456789,2,否\nA123456789,3,否\n");
    REQUIRE(of(three, "absent-3-times").size() == 1);
    CHECK(of(three, "absent-3-times")[0]->severity == "warning");
    CHECK(three.status == Status::met);
}

TEST_CASE("organiser: attachments up to 3 MB with no ~ @ - . & before the extension") {
    const std::string h = "課程代碼,附件檔名,檔案大小\n";
    CHECK(check("attachments", h + "1,簡章.pdf,3 MB\n1,表.pdf,3145728\n").violations.empty());
    const auto r = check("attachments", h + "1,簡章.pdf,3145729\n1,簽到表[104.10.10].pdf,1 KB\n1,a&b.doc,1 KB\n");
    CHECK(of(r, "attachment-size").size() == 1);
    CHECK(of(r, "attachment-size")[0]->expected == "<= 3 MB");
    CHECK(of(r, "attachment-name").size() == 2);
}

TEST_CASE("organiser: lifecycle refuses illegal transitions and events after the list locks the course") {
    const std::string h = "課程代碼,時間,事件\n";
    const auto legal = check("events", h + "E1,2026-02-01 09:00,登錄\nE1,2026-02-03 10:00,審核通過\n"
                                           "E1,2026-02-04 10:00,修改\nE1,2026-02-05 10:00,審核通過\n"
                                           "E1,2026-03-06 16:00,送出名單\nE1,2026-03-08 09:00,名單不通過\n"
                                           "E1,2026-03-09 11:00,送出名單\nE1,2026-03-10 14:00,名單通過\n");
    CHECK(legal.violations.empty());

    const auto illegal = check("events", h + "E2,2026-02-01 09:00,登錄\nE2,2026-02-02 10:00,送出名單\n");
    REQUIRE(illegal.violations.size() == 1);
    const Violation& v = illegal.violations[0];
    CHECK(v.line == 3);
    CHECK(v.column == 3);
    CHECK(v.value == "送出名單");
    CHECK(v.expected == "one of 審核通過, 審核不通過, 修改, 刪除");
    CHECK(v.detail.find("state '課程-待審'") != std::string::npos);

    // Out of input order: sorted by time; edit and delete after the list was submitted are locked.
    const auto locked = check("events", h + "E3,2026-01-07 11:00,審核通過\nE3,2026-01-05 09:00,登錄\n"
                                            "E3,2026-02-20 15:00,送出名單\nE3,2026-02-21 09:00,修改\n"
                                            "E3,2026-02-22 10:00,刪除\n");
    REQUIRE(locked.violations.size() == 2);
    CHECK(locked.violations[0].line == 5);
    CHECK(locked.violations[1].line == 6);
    CHECK(locked.violations[0].detail.find("reached '名單-待審' (line 4)") != std::string::npos);
    CHECK(locked.violations[1].expected == "one of 名單通過, 名單不通過");
    CHECK(locked.status == Status::not_met);

    // Deleted is final: nothing may follow.
    const auto after_delete = check("events", h + "E4,2026-02-01 09:00,登錄\nE4,2026-02-02 09:00,刪除\nE4,2026-02-03 09:00,修改\n");
    REQUIRE(after_delete.violations.size() == 1);
    CHECK(after_delete.violations[0].expected == "no further event");
}

TEST_CASE("organiser: same-time events keep input order") {
    const std::string h = "課程代碼,時間,事件\n";
    CHECK(check("events", h + "E,2026-02-01 09:00,登錄\nE,2026-02-01 09:00,審核通過\n").violations.empty());
    const auto reversed = check("events", h + "E,2026-02-01 09:00,審核通過\nE,2026-02-01 09:00,登錄\n");
    REQUIRE(reversed.violations.size() == 1);  // approval before registration; registration is fine
    CHECK(reversed.violations[0].line == 2);
}

TEST_CASE("organiser: an unknown event and a malformed date are located, make the result invalid, never throw") {
    const auto unknown = check("events", "課程代碼,時間,事件\nE,2026-02-01 09:00,登錄\nE,2026-02-02 09:00,審核通\n");
    REQUIRE(unknown.violations.size() == 1);
    CHECK(unknown.violations[0].kind == "type");
    CHECK(unknown.violations[0].line == 3);
    CHECK(unknown.violations[0].detail.find("did you mean '審核通過'?") != std::string::npos);
    CHECK(unknown.status == Status::invalid);

    const auto bad = check("courses", course_header + course("C", "U", "2026-01-10", "2026-02-30", "2026-03-01", "115/13/02"),
                           "2026-03-25");
    std::set<std::string> where;
    for (const auto& v : bad.violations)
        if (v.kind == "type") where.insert(v.field + "@" + std::to_string(v.line) + ":" + std::to_string(v.column));
    CHECK(where == std::set<std::string>{"start_date@2:4", "hours_issued_on@2:9"});
    CHECK(bad.status == Status::invalid);
    CHECK(exit_code(bad.status) == 2);

    const auto bad_time = check("events", "課程代碼,時間,事件\nE,2026-02-31 09:00,登錄\n");
    CHECK(bad_time.status == Status::invalid);
}

TEST_CASE("organiser: loader errors of lifecycle and active counts carry their lines") {
    const std::string base = R"(libaudit: 1
kind: checks
id: t
version: "1"
title: t
tables:
  ev:
    fields:
      k: text
      at: datetime
      e: text
      qty: integer
rules:
)";
    auto codes = [&](const std::string& rules) {
        LintResult r = lint_ruleset_from_string(base + rules, "t.yaml");
        std::vector<std::string> out;
        for (const auto& d : r.diagnostics) out.push_back(d.code + "@" + std::to_string(d.where.line));
        return out;
    };
    const std::string head = "  - id: l\n    title: l\n    table: ev\n    lifecycle:\n";
    const std::string ok = "      key: k\n      order_by: at\n      event: e\n      initial: s0\n      transitions:\n"
                           "        - {from: s0, event: go, to: s1}\n";
    CHECK(codes(head + ok).empty());
    CHECK(codes(head + ok + "      locks:\n        - {after: s2, forbid: go}\n") == std::vector<std::string>{"E021@25"});
    CHECK(codes(head + ok + "      locks:\n        - {after: s1, forbid: og}\n") == std::vector<std::string>{"E021@25"});
    CHECK(codes(head + ok + "        - {from: s0, event: go, to: s2}\n") == std::vector<std::string>{"E012@24"});
    CHECK(codes(head + "      key: k\n      event: qty\n      initial: s0\n      transitions: [{from: s0, event: go, to: s1}]\n") ==
          std::vector<std::string>{"E012@19"});
    CHECK(codes(head + "      key: k\n      event: e\n      initial: s9\n      transitions: [{from: s0, event: go, to: s1}]\n") ==
          std::vector<std::string>{"E021@20"});
    CHECK(codes(head + "      key: kk\n      event: e\n      initial: s0\n      transitions: [{from: s0, event: go, to: s1}]\n") ==
          std::vector<std::string>{"E021@18"});
    CHECK(codes(head + "      key: k\n      event: e\n      initial: s0\n      transitions: [{from: s0, event: go}]\n") ==
          std::vector<std::string>{"E013@21"});
    CHECK(codes("  - {id: g, title: g, table: ev, group_by: k, max: 4, at: at}\n") == std::vector<std::string>{"E013@14"});
    CHECK(codes("  - {id: g, title: g, table: ev, group_by: k, max: 4, at: qty, active: {from: at}}\n") ==
          std::vector<std::string>{"E012@14"});
    CHECK(codes("  - {id: g, title: g, table: ev, group_by: k, max: 4, at: at, active: {from: {field: at, plus_days: 8}, "
                "until: qty}}\n") == std::vector<std::string>{"E012@14"});
    CHECK(codes("  - {id: g, title: g, table: ev, field: qty, max: 4, at: at}\n") == std::vector<std::string>{"E012@14"});
}
