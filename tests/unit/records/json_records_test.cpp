// records/json_records: each JSON object read key by key, problems located by their JSON path.
#include <libaudit/diagnostic.hpp>
#include <libaudit/records.hpp>

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace libaudit;

namespace {

// (code, message) of each diagnostic `parse` throws.
template <class F> std::vector<std::pair<std::string, std::string>> problems_of(F&& parse) {
    std::vector<std::pair<std::string, std::string>> out;
    try {
        parse();
        FAIL("expected InputError");
    } catch (const InputError& e) {
        for (const Diagnostic& d : e.diagnostics()) out.emplace_back(d.code, d.message);
    }
    return out;
}

}  // namespace

TEST_CASE("json_records: profiles' duplicate keys, bad values and required keys, by path") {
    const auto got = problems_of([] {
        parse_profiles(R"({"profiles": [
          {"student_id": "", "entry_year": 300, "semesters": "+4"},
          {"name": "王大明"},
          {"national_id": "A123456789", "教師編號": "T1", "student_id": "T2"}
        ]})", "p.json");
    });
    CHECK(got == std::vector<std::pair<std::string, std::string>>{
                     {"R013", "profiles[0].entry_year: expected an ROC year between 1 and 199, got 300"},
                     {"R008", "profiles[0].student_id: the student id is empty"},
                     {"R008", "profiles[1]: missing \"student_id\" (or 學號)"},
                     {"R005", "profiles[2]: keys '教師編號' and 'student_id' both give 'student_id'"},
                 });
    // A top-level object is "(top level)" in messages.
    CHECK(problems_of([] { parse_profiles(R"({"學號": "1", "Student_ID": "2"})", "p.json"); }) ==
          std::vector<std::pair<std::string, std::string>>{
              {"R005", "(top level): keys '學號' and 'Student_ID' both give 'student_id'"}});
}

TEST_CASE("json_records: a profile without a student id is keyed by its national ID, '+4' semesters is 4") {
    const auto ps = parse_profiles(R"([{"national_id": " A123456789 ", "semesters": "+4"}])", "p.json");
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].subject_id == "A123456789");
    CHECK(ps[0].semesters == 4);
}

TEST_CASE("json_records: values of the wrong kind name what the field takes") {
    const auto got = problems_of([] {
        parse_records(R"([{"student_id": "1", "code": "A", "term": ["1092"], "credits": {}, "grade": "80",
                          "tags": [1], "approved": [true]}])", "r.json");
    });
    CHECK(got == std::vector<std::pair<std::string, std::string>>{
                     {"R021", "[0].term: expected a term, got an array"},
                     {"R021", "[0].credits: expected a number, got an object"},
                     {"R021", "[0].tags: expected a string or an array of strings, got an array"},
                     {"R021", "[0].approved: expected true or false, got an array"},
                 });
}

TEST_CASE("json_records: extra keys keep their text, numbers as printed, nested values as JSON") {
    const auto rs = parse_records(R"([{"student_id": "1", "code": "A", "term": "1092", "credits": 3, "grade": "80",
        "flag": true, "none": null, "half": 2.50, "big": 1e20, "whole": 4.0, "list": [1, "a"], " pad ": "  x  "}])",
                                  "r.json");
    REQUIRE(rs.size() == 1);
    CHECK(rs[0].extra == std::map<std::string, std::string>{{"flag", "true"},
                                                            {"none", ""},
                                                            {"half", "2.5"},
                                                            {"big", "1e+20"},
                                                            {"whole", "4"},
                                                            {"list", "[1,\"a\"]"},
                                                            {" pad ", "x"}});
}

TEST_CASE("json_records: a session with a null or blank date is R016 once, at the date key") {
    const auto got = problems_of([] {
        parse_records(R"([{"student_id": "T1", "code": "C1", "date": null, "hours": 1},
                          {"student_id": "T1", "code": "C2", "研習日期": "  ", "hours": 1}])", "s.json");
    });
    CHECK(got == std::vector<std::pair<std::string, std::string>>{
                     {"R016", "[0].date: the session has no date (a date like 2025-08-01 or 114/08/01)"},
                     {"R016", "[1].研習日期: the session has no date (a date like 2025-08-01 or 114/08/01)"},
                 });
    // With a date key the credits key is optional; without one it is required.
    CHECK(parse_records(R"([{"student_id": "T1", "code": "C1", "date": "2025-08-01"}])", "s.json").at(0).credits == 0);
    CHECK(problems_of([] { parse_records(R"([{"student_id": "1", "code": "A", "term": "1092", "grade": "80"}])", "r.json"); }) ==
          std::vector<std::pair<std::string, std::string>>{{"R010", "[0]: missing \"credits\" (or 學分, 學分數)"}});
}
