// records/cells and cell_text: what a cell may say. Credits are plain decimals, stricter than
// base/number.hpp's parse_number (no '+', no exponent); integers take a '+'.
#include <libaudit/diagnostic.hpp>
#include <libaudit/records.hpp>

#include <doctest/doctest.h>

#include "records/cell_text.hpp"

#include <string>
#include <vector>

using namespace libaudit;

namespace {

std::vector<std::string> codes_of(const std::string& csv, bool profiles = false) {
    std::vector<std::string> out;
    try {
        if (profiles) parse_profiles(csv, "p.csv");
        else parse_records(csv, "r.csv");
    } catch (const InputError& e) {
        for (const Diagnostic& d : e.diagnostics()) out.push_back(d.code);
    }
    return out;
}

}  // namespace

TEST_CASE("cells: credits take plain decimals only: no '+', no exponent, not negative") {
    const std::string header = "student_id,code,term,credits,grade\n";
    for (const char* good : {"3", "2.5", ".5", "5.", "0"})
        CHECK_MESSAGE(codes_of(header + "1,A,1092," + good + ",80\n").empty(), good);
    for (const char* bad : {"+2", "1e3", "-1", "1,5", "inf", "nan", " 0x1"})
        CHECK_MESSAGE(codes_of(header + "1,A,1092,\"" + bad + "\",80\n") == std::vector<std::string>{"R010"}, bad);
    CHECK(parse_records(header + "1,A,1092,2.5,80\n", "r.csv").at(0).credits == 2.5);
}

TEST_CASE("cells: whole numbers take a sign, a fraction or text is reported with the field's code") {
    const std::string header = "student_id,entry_year,semesters\n";
    const auto ps = parse_profiles(header + "1,+113,+4\n", "p.csv");
    CHECK(ps.at(0).entry_year == 113);
    CHECK(ps.at(0).semesters == 4);
    CHECK(codes_of(header + "1,113.0,4\n", true) == std::vector<std::string>{"R013"});
    CHECK(codes_of(header + "1,0,4\n", true) == std::vector<std::string>{"R013"});
    CHECK(codes_of(header + "1,113,-1\n", true) == std::vector<std::string>{"R014"});
    CHECK(codes_of(header + "1,113,four\n", true) == std::vector<std::string>{"R014"});
    // One sign only: "+-0" is not zero semesters (it used to be read as -0).
    CHECK(codes_of(header + "1,113,+-0\n", true) == std::vector<std::string>{"R014"});
    CHECK(codes_of(header + "1,113,++4\n", true) == std::vector<std::string>{"R014"});
}

TEST_CASE("cell_text: trim takes ASCII, no-break and ideographic spaces and BOMs off both ends") {
    using detail::trim;
    using detail::trim_fast;
    CHECK(trim(" \t\xC2\xA0\xE3\x80\x80\xEF\xBB\xBFx y\r\n\xE3\x80\x80") == "x y");
    CHECK(trim("\xE3\x80\x81") == "\xE3\x80\x81");  // 、 is not a space
    for (const char* s : {"abc", " abc", "abc\xC2\xA0", "\xEF\xBB\xBF" "abc", "\xE3\x80\x80", ""})
        CHECK_MESSAGE(trim_fast(s) == trim(s), s);
    CHECK(detail::iequals("Student_ID", "student_id"));
    CHECK_FALSE(detail::iequals("學號", "student_id"));
}
