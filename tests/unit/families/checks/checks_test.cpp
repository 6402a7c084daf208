// Checks rule sets (kind: checks): loading, reading datasets, and every rule shape at its
// boundaries, using the bundled portfolio pack where the numbers are the pack's.
#include <doctest/doctest.h>
#include <libaudit/audit.hpp>
#include <libaudit/dataset.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace libaudit;

namespace {

const RuleSet& portfolio() {
    static const RuleSet r = load_ruleset(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/k12-portfolio/portfolio-settings.yaml");
    return r;
}

AuditResult check_json(const RuleSet& rules, const std::string& json) {
    Dataset d;
    parse_dataset_input(rules, json, "input.json", "", d);
    return audit_dataset(rules, d);
}

// The rule ids broken in a result.
std::set<std::string> broken(const AuditResult& r) {
    std::set<std::string> out;
    for (const auto& v : r.violations) out.insert(v.rule);
    return out;
}

std::string settings(int upload, const std::string& hour) {
    return R"({"settings": {"upload_cap": )" + std::to_string(upload) + R"(, "subject_cap": 3, "notify_hour": ")" + hour +
           R"("}})";
}

std::string window(const std::string& end) {
    return R"({"windows": [{"school_year": 110, "semester": 0, "item": "學生勾選多元表現時間", "start": "2021-08-01 00:00", "end": ")" +
           end + R"("}]})";
}

std::string receipt(const std::string& imported) {
    return R"({"receipts": [{"item": "修課紀錄", "imported_at": ")" + imported + R"("}]})";
}

std::string computed(const AuditResult& r, const std::string& field) {
    for (const auto& c : r.computed)
        if (c.field == field) return c.value;
    return "(none)";
}

}  // namespace

TEST_CASE("checks: upload cap 5 breaks the national minimum, 6 does not") {
    CHECK(broken(check_json(portfolio(), settings(5, "8"))).count("upload-cap-min") == 1);
    CHECK(broken(check_json(portfolio(), settings(6, "8"))).empty());
    CHECK(check_json(portfolio(), settings(6, "8")).status == Status::met);
    // 5 is outside the cap's allowed domain: invalid input (effect: invalid), exit 2.
    CHECK(check_json(portfolio(), settings(5, "8")).status == Status::invalid);
}

TEST_CASE("checks: notification hour 0 and 23 pass, 24 and -1 do not, blank means no mail, text is a type error") {
    CHECK(broken(check_json(portfolio(), settings(6, "23"))).empty());
    CHECK(broken(check_json(portfolio(), settings(6, "0"))).empty());
    CHECK(broken(check_json(portfolio(), settings(6, ""))).empty());
    CHECK(broken(check_json(portfolio(), settings(6, "24"))) == std::set<std::string>{"notify-hour"});
    CHECK(broken(check_json(portfolio(), settings(6, "-1"))) == std::set<std::string>{"notify-hour"});
    const AuditResult r = check_json(portfolio(), settings(6, "8.5"));
    REQUIRE(r.violations.size() == 1);
    CHECK(r.violations[0].rule == "settings.notify_hour");
    CHECK(r.violations[0].kind == "type");
    CHECK(r.violations[0].path == "settings.notify_hour");
}

TEST_CASE("checks: reminder days default to 3 and are reported as computed") {
    const AuditResult r = check_json(portfolio(), settings(6, ""));
    CHECK(computed(r, "remind_outcomes_days") == "3");
    CHECK(computed(r, "remind_certify_days") == "3");
}

TEST_CASE("checks: a school window ending on the national end passes, one day later does not") {
    CHECK(broken(check_json(portfolio(), window("2022-11-30 24:00"))).empty());
    CHECK(broken(check_json(portfolio(), window("111/11/30 24"))).empty());
    const AuditResult late = check_json(portfolio(), window("2022-12-01 24:00"));
    CHECK(broken(late) == std::set<std::string>{"window-inside-national"});
    REQUIRE(late.violations.size() == 1);
    CHECK(late.violations[0].field == "end");
    // One second past the national end is already outside.
    CHECK(broken(check_json(portfolio(), window("2022-12-01 00:00:01"))) == std::set<std::string>{"window-inside-national"});
}

TEST_CASE("checks: semester 0 national windows cover every semester, no national row is a violation") {
    const std::string sem2 = R"({"windows": [{"school_year": 110, "semester": 2, "item": "學生上傳及送出學習成果認證時間",
        "start": "111/04/01 00", "end": "111/04/05 24"}]})";
    CHECK(broken(check_json(portfolio(), sem2)).empty());
    const std::string other_year = R"({"windows": [{"school_year": 111, "semester": 2, "item": "學生上傳及送出學習成果認證時間",
        "start": "112/04/01 00", "end": "112/04/05 24"}]})";
    CHECK(broken(check_json(portfolio(), other_year)) == std::set<std::string>{"window-inside-national"});
    // The host supplies the national window of another year as input.
    const std::string supplied = R"({"national_windows": [{"school_year": 111, "semester": 0, "item": "學生上傳及送出學習成果認證時間",
        "start": "2022-08-01 00:00", "end": "2023-11-30 24:00"}],
        "windows": [{"school_year": 111, "semester": 2, "item": "學生上傳及送出學習成果認證時間", "start": "112/04/01 00", "end": "112/04/05 24"}]})";
    CHECK(broken(check_json(portfolio(), supplied)).empty());
}

TEST_CASE("checks: receipt windows default from the import time: 10:27 and 10:00 sharp") {
    const AuditResult a = check_json(portfolio(), receipt("2021-03-25 10:27"));
    CHECK(computed(a, "confirm_start") == "2021-03-26 11:00");
    CHECK(computed(a, "confirm_end") == "2021-03-28 11:00");
    CHECK(broken(a).empty());  // 3/26 .. 3/28 spans 3 calendar days
    const AuditResult b = check_json(portfolio(), receipt("2021-03-25 10:00"));
    CHECK(computed(b, "confirm_start") == "2021-03-26 10:00");
    CHECK(computed(b, "confirm_end") == "2021-03-28 10:00");
    const AuditResult c = check_json(portfolio(), receipt("2021-03-25 10:00:01"));
    CHECK(computed(c, "confirm_start") == "2021-03-26 11:00");
}

TEST_CASE("checks: a receipt window of 2 calendar days is rejected, 3 is accepted") {
    const std::string two = R"({"receipts": [{"item": "多元表現", "imported_at": "2021-03-25 10:27",
        "confirm_start": "2021-03-26 11:00", "confirm_end": "2021-03-27 23:00"}]})";
    CHECK(broken(check_json(portfolio(), two)) == std::set<std::string>{"receipt-window-days"});
    const std::string three = R"({"receipts": [{"item": "多元表現", "imported_at": "2021-03-25 10:27",
        "confirm_start": "2021-03-26 11:00", "confirm_end": "2021-03-28 00:30"}]})";
    CHECK(broken(check_json(portfolio(), three)).empty());
}

TEST_CASE("checks: group caps count per student and period, with the limit from the settings form") {
    auto uploads = [](int n, int selected_in_year) {
        std::string s = R"({"settings": {"upload_cap": 6, "subject_cap": 6}, "uploads": [)";
        for (int i = 0; i < n; ++i)
            s += std::string(i ? "," : "") + R"({"student_id": "S1", "school_year": 110, "semester": )" +
                 std::to_string(i < 6 ? 1 : 2) + R"(, "subject": "科目)" + std::to_string(i) +
                 R"(", "selected": )" + (i < selected_in_year ? "true" : "false") + "}";
        return s + "]}";
    };
    CHECK(broken(check_json(portfolio(), uploads(6, 6))).empty());
    CHECK(broken(check_json(portfolio(), uploads(7, 7))) == std::set<std::string>{"selected-per-year"});
    const AuditResult r = check_json(portfolio(), uploads(7, 7));
    REQUIRE(r.violations.size() == 1);
    CHECK(r.violations[0].group == "student_id=S1, school_year=110");
    CHECK(r.violations[0].value == "7");
    CHECK(r.violations[0].path == "uploads[6]");  // the row that takes the group over the cap
    // Per semester: the 7th upload of semester 1 breaks settings.upload_cap (6).
    std::string seven = R"({"settings": {"upload_cap": 6, "subject_cap": 6}, "uploads": [)";
    for (int i = 0; i < 7; ++i)
        seven += std::string(i ? "," : "") + R"({"student_id": "S1", "school_year": 110, "semester": 1, "subject": "科目)" +
                 std::to_string(i) + R"("})";
    CHECK(broken(check_json(portfolio(), seven + "]}")) == std::set<std::string>{"uploads-per-semester"});
}

TEST_CASE("checks: CSV input resolves Chinese headers and locates bad cells by line and column") {
    Dataset d;
    parse_dataset_input(portfolio(), "學年,學期,項目,開始,結束\n110,1,老師認證學生學習成果時間,111/01/01 00,111/02/30 24\n",
                        "windows.csv", "", d);
    const AuditResult r = audit_dataset(portfolio(), d);
    REQUIRE(r.violations.size() == 1);
    CHECK(r.violations[0].rule == "windows.end");
    CHECK(r.violations[0].line == 2);
    CHECK(r.violations[0].column == 5);
    CHECK(r.violations[0].file == "windows.csv");
}

TEST_CASE("checks: unknown columns and tables, missing required columns and unnamed CSV tables are input errors") {
    Dataset d;
    try {
        parse_dataset_input(portfolio(), "學年,學期,項目,開使,結束\n110,1,x,111/01/01 00,111/02/01 00\n", "windows.csv", "", d);
        FAIL("expected an InputError");
    } catch (const InputError& e) {
        REQUIRE(e.diagnostics().size() == 2);
        CHECK(e.diagnostics()[0].code == "R030");
        CHECK(e.diagnostics()[0].where.column == 4);
        CHECK(e.diagnostics()[0].message.find("did you mean '開始'") != std::string::npos);
        CHECK(e.diagnostics()[1].code == "R032");
    }
    CHECK_THROWS_AS(parse_dataset_input(portfolio(), R"({"setings": {}})", "x.json", "", d), InputError);
    CHECK_THROWS_AS(parse_dataset_input(portfolio(), "a,b\n1,2\n", "data.csv", "", d), InputError);
    CHECK_THROWS_AS(parse_dataset_input(portfolio(), "{\"settings\": [}", "x.json", "", d), InputError);
}

TEST_CASE("checks: a form given two rows is a violation") {
    const AuditResult r = check_json(portfolio(), R"({"settings": [{"upload_cap": 6}, {"upload_cap": 7}]})");
    CHECK(broken(r).count("settings") == 1);
}

TEST_CASE("checks: the loader reports unknown tables and fields, rule shapes and operand types with locations") {
    const std::string base = R"(libaudit: 1
kind: checks
id: t
version: "1"
title: t
tables:
  people:
    fields:
      id: {type: text}
      born: {type: date}
      qty: integer
rules:
)";
    auto codes = [&](const std::string& rules) {
        LintResult r = lint_ruleset_from_string(base + rules, "t.yaml");
        std::vector<std::string> out;
        for (const auto& d : r.diagnostics) out.push_back(d.code + "@" + std::to_string(d.where.line));
        return out;
    };
    CHECK(codes("  - {id: a, title: a, table: peple, field: id, required: true}\n") == std::vector<std::string>{"E021@13"});
    CHECK(codes("  - {id: a, title: a, table: people, field: idd, required: true}\n") == std::vector<std::string>{"E021@13"});
    CHECK(codes("  - {id: a, title: a, table: people}\n") == std::vector<std::string>{"E013@13"});
    CHECK(codes("  - {id: a, title: a, table: people, field: id}\n") == std::vector<std::string>{"E013@13"});
    CHECK(codes("  - {id: a, title: a, table: people, field: qty, max: soon}\n") == std::vector<std::string>{"E012@13"});
    CHECK(codes("  - {id: a, title: a, table: people, field: born, max: {field: qty}}\n") ==
          std::vector<std::string>{"E012@13"});
    CHECK(codes("  - {id: a, title: a, table: people, field: id, validator: pasword}\n") ==
          std::vector<std::string>{"E012@13"});
    CHECK(codes("  - {id: a, title: a, table: people, group_by: [id], max: 3}\n  - {id: a, title: b, table: people, "
                "field: qty, min: 0}\n") == std::vector<std::string>{"E020@14"});
    CHECK(codes("  - {id: a, title: a, table: people, field: id, validator: {password: {min_length: 8, classes: [digit]}}}\n")
              .empty());
}

TEST_CASE("checks: personal values are masked in text and JSON unless asked") {
    const RuleSet ids = load_ruleset(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/ntue-identity/student-identity.yaml");
    Dataset d;
    parse_dataset_input(ids, "學號,身分證統一編號,出生日期,英文姓名,電子信箱,手機\nS1,A123456788,1990-03-25,\"WANG, TA-MING\",a@b.tw,0912345678\n",
                        "people.csv", "", d);
    const AuditResult r = audit_dataset(ids, d);
    CHECK(broken(r).count("national-id") == 1);
    const std::string text = render_text(r), json = render_json(r);
    CHECK(text.find("A123456788") == std::string::npos);
    CHECK(json.find("A123456788") == std::string::npos);
    CHECK(text.find("A1234*****") != std::string::npos);
    CHECK(json.find("A12345678803") == std::string::npos);  // the default password derives from the ID
    RenderOptions unmask;
    unmask.unmask_ids = true;
    CHECK(render_json(r, unmask).find("A123456788") != std::string::npos);
}

// The family seam: a checks rule set audits datasets; asking it to audit a subject's records is
// an error that names the right entry point (it used to return `met` with one nameless requirement).
TEST_CASE("audit() of a checks rule set is an error, not a result") {
    const auto rules = libaudit::load_ruleset(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/k12-portfolio/portfolio-settings.yaml");
    CHECK(rules.kind() == libaudit::RuleKind::checks);
    libaudit::Subject s;
    s.profile.subject_id = "x";
    CHECK_THROWS_WITH_AS(libaudit::audit(rules, s), doctest::Contains("audit_dataset"), std::invalid_argument);
    const auto programme = libaudit::load_ruleset(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/ntue-eam/eam-mse-113.yaml");
    CHECK(programme.kind() == libaudit::RuleKind::programme);
    CHECK_THROWS_WITH_AS(libaudit::audit_dataset(programme, libaudit::Dataset{}), doctest::Contains("not checks"),
                         std::invalid_argument);
    CHECK(std::string(libaudit::to_string(libaudit::RuleKind::hours)) == "hours");
}
