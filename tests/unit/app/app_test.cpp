#include <libaudit/app.hpp>
#include <libaudit/diagnostic.hpp>
#include <libaudit/result.hpp>
#include <libaudit/term.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace libaudit;

namespace {
const std::string root = LIBAUDIT_SOURCE_DIR;

std::string usage_message(const CheckRequest& request) {
    try {
        check_records(request);
    } catch (const InputError& e) {
        REQUIRE(e.diagnostics().size() == 1);
        CHECK(e.diagnostics().front().code == "U001");
        return e.diagnostics().front().message;
    }
    return "";
}
}  // namespace

TEST_CASE("app: one CSV writer quotes comma, quote, line feed and carriage return") {
    CHECK(csv_field("plain") == "plain");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("two\nlines") == "\"two\nlines\"");
    CHECK(csv_field("cr\rhere") == "\"cr\rhere\"");
    CHECK(csv_field("") == "");
    CHECK(csv_line({"a", "b,c", "d\r"}) == "a,\"b,c\",\"d\r\"\n");
    CHECK(csv_line({}) == "\n");
}

TEST_CASE("app: as-of options") {
    AuditOptions ao;
    CHECK(!parse_audit_as_of("", ao));
    CHECK(!parse_audit_as_of("114-1", ao));
    REQUIRE(ao.as_of);
    CHECK(ao.as_of->year == 114);
    CHECK(!parse_audit_as_of("2026-07-31", ao));
    CHECK(!ao.as_of);
    CHECK(ao.as_of_date);
    CHECK(parse_audit_as_of("soon", ao));
    CheckOptions co;
    CHECK(!parse_check_as_of("2026-03-25 10:27", co));
    CHECK(co.as_of);
    CHECK(parse_check_as_of("x", co));
}

TEST_CASE("app: check_records reads, chooses the rule set and audits") {
    CheckRequest request;
    request.rules = root + "/rules/ntue-eam";
    request.records = root + "/examples/grad/eam-met/transcript.csv";
    request.profiles = root + "/examples/grad/eam-met/student.csv";
    parse_audit_as_of("113-2", request.options);
    const AuditResult result = check_records(request);
    CHECK(result.status == Status::met);

    request.id = "nobody";
    CHECK(usage_message(request).find("--id nobody: no records and no profile") == 0);
    request.id.clear();
    request.records.clear();
    CHECK(usage_message(request) == "--records is required (or --data for a checks rule set)");
}

TEST_CASE("app: choosing a checks rule set") {
    const std::vector<RuleSet> none;
    try {
        choose_checks_ruleset(none, "x");
        FAIL("no error");
    } catch (const InputError& e) {
        CHECK(e.diagnostics().front().message == "x: no rule set of kind checks here (--data goes with a checks rule file)");
    }
}

TEST_CASE("app: summary rows and the CSV summary") {
    BatchItem bad;
    bad.subject_id = "S1";
    bad.error = "no rule set";
    CHECK(summary_csv_row(bad, false, false, Language::en) ==
          std::vector<std::string>{"S1", "", "", "invalid", "", "", "", "", "no_ruleset", ""});
    CHECK(summary_csv_row(bad, true, false, Language::en) ==
          std::vector<std::string>{"S1", "", "", "", "invalid", "", "no_ruleset", ""});
    // Chinese by default: headers and status words; flag codes stay codes.
    CHECK(summary_csv_row(bad, false, false) ==
          std::vector<std::string>{"S1", "", "", "資料無效", "", "", "", "", "no_ruleset", ""});
    CHECK(summary_csv_header(false).size() == 10);
    CHECK(summary_csv_header(true).size() == 8);
    CHECK(summary_csv_header(false).front() == "學號");
    CHECK(summary_csv_header(false, Language::en).front() == "student_id");
    // The last column names the requirements still missing something, and what (issue 18).
    CHECK(summary_csv_header(true, Language::en).back() == "still_needed");
    CHECK(summary_csv_header(false).back() == "尚待完成");
    const auto rows = summary_rows({&bad}, false);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].status == "invalid");
    CHECK(rows[0].exit_code == 2);
    CHECK(rows[0].flag_codes == "no_ruleset");
    CHECK(rows[0].error == "no rule set");
    CHECK(!rows[0].name);

    CheckRequest request;
    request.rules = root + "/rules/ntue-eam";
    request.records = root + "/examples/grad/eam-met/transcript.csv";
    request.profiles = root + "/examples/grad/eam-met/student.csv";
    BatchItem good;
    good.result = check_records(request);
    good.subject_id = good.result->subject.id;
    const auto row = summary_csv_row(good, false, false, Language::en);
    CHECK(row[3] == to_string(good.result->status));
    CHECK(summary_csv_row(good, false, false)[3] == "符合");
    CHECK(summary_rows({&good}, false)[0].ruleset == good.result->ruleset.id);
    CHECK(row.back().empty());  // met: nothing still needed

    request.records = root + "/examples/grad/eam-not-met-domain/transcript.csv";
    request.profiles = root + "/examples/grad/eam-not-met-domain/student.csv";
    request.options.as_of = parse_term("113-2");
    BatchItem short_one;
    short_one.result = check_records(request);
    short_one.subject_id = short_one.result->subject.id;
    CHECK(summary_csv_row(short_one, false, false, Language::en).back() == "創新經營與評鑑 needs 3 cr 1 course");
}

TEST_CASE("app: --select names a code on the student's records, or is a usage error with a did-you-mean") {
    CheckRequest request;
    request.rules = root + "/rules/ntue-eam";
    request.records = root + "/examples/grad/eam-exclusions/transcript.csv";
    request.profiles = root + "/examples/grad/eam-exclusions/student.csv";
    request.options.as_of = parse_term("113-2");
    request.options.selected = {"EAM6405"};
    CHECK(check_records(request).status == Status::needs_review);
    request.options.selected = {"EAM6405", "EAM6406"};
    const std::string message = usage_message(request);
    CHECK(message.find("--select EAM6406: no course code or offering EAM6406") == 0);
    CHECK(message.find("did you mean EAM640") != std::string::npos);
    request.options.selected = {"XYZ"};
    CHECK(usage_message(request).find("did you mean") == std::string::npos);
}

TEST_CASE("app: calendar lookup of dates, ROC dates and term codes") {
    const auto roc = lookup_calendar("114/10/27");
    REQUIRE(roc);
    CHECK(format_date(*roc->date) == "2025-10-27");
    CHECK(format_term(roc->term) == "114-1");
    CHECK(roc->school_year == 114);
    CHECK(format_date(roc->term_dates->last) == "2026-01-31");
    CHECK_FALSE(roc->summer);
    // The 1 Feb boundary: 31 Jan is still the first semester.
    CHECK(format_term(lookup_calendar("2026-01-31")->term) == "114-1");
    CHECK(format_term(lookup_calendar("2026-02-01")->term) == "114-2");
    // The 1 Aug boundary: a new school year; a summer session then still closes the year ending.
    const auto august = lookup_calendar("2025-08-05");
    CHECK(august->school_year == 114);
    REQUIRE(august->summer);
    CHECK(format_term(*august->summer) == "113-3");
    CHECK(format_term(*lookup_calendar("2025-07-31")->summer) == "113-3");
    // A term code: its dates; the summer session has none and belongs to the school year ending.
    const auto second = lookup_calendar("1142");
    CHECK(format_date(second->term_dates->first) == "2026-02-01");
    CHECK(format_date(second->term_dates->last) == "2026-07-31");
    const auto summer = lookup_calendar("113-3");
    CHECK(summer->school_year == 113);
    CHECK_FALSE(summer->term_dates);
    CHECK(format_date(summer->school_year_dates.last) == "2025-07-31");
    CHECK_FALSE(lookup_calendar("next week"));
    CHECK_FALSE(lookup_calendar("114/13/01"));
}

TEST_CASE("app: calendar text aligns its labels and comes in both languages") {
    const auto c = lookup_calendar("1133");
    const std::string zh = render_calendar_text(*c, Language::zh_TW);
    CHECK(zh.find("113-3 暑修") != std::string::npos);
    CHECK(zh.find("113 學年度") != std::string::npos);
    const std::string en = render_calendar_text(*c, Language::en);
    CHECK(en.find("summer session") != std::string::npos);
    const std::string json = render_calendar_json(*lookup_calendar("114/10/27"));
    CHECK(json.find("\"roc_date\": \"114/10/27\"") != std::string::npos);
    CHECK(json.find("\"summer_session\": null") != std::string::npos);
}

// The summary's flag column lists each code once, in the order first given: a student with
// same-term attempts of several courses has one flag per course and term in the JSON.
TEST_CASE("app: the summary's flag codes, each once, in the order first given") {
    BatchItem item;
    item.subject_id = "S1";
    item.result.emplace();
    for (const char* code : {"same_term_attempts", "legacy_cohort", "same_term_attempts", "extension_required",
                             "legacy_cohort", "same_term_attempts"}) {
        Flag f;
        f.code = code;
        item.result->flags.push_back(f);
    }
    CHECK(summary_flags(item) == "same_term_attempts;legacy_cohort;extension_required");
    item.result->flags.clear();
    CHECK(summary_flags(item).empty());
    item.result.reset();
    CHECK(summary_flags(item) == "no_ruleset");
}
