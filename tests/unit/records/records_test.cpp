#include <libaudit/diagnostic.hpp>
#include <libaudit/messages.hpp>
#include <libaudit/records.hpp>

#include <doctest/doctest.h>

#include "../big5.hpp"
#include "records/fields.hpp"

#include <iconv.h>

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

using namespace libaudit;

namespace {

// (code, line, column) of each diagnostic, for exact comparisons.
using Loc = std::tuple<std::string, int, int>;

template <class F> std::vector<Diagnostic> diagnostics_of(F&& f) {
    try {
        f();
    } catch (const InputError& e) {
        return e.diagnostics();
    }
    FAIL("expected InputError");
    return {};
}

std::vector<Diagnostic> record_errors(const std::string& content, const std::string& name = "records.csv",
                                      ReadOptions options = {}) {
    return diagnostics_of([&] { parse_records(content, name, options); });
}

std::vector<Diagnostic> profile_errors(const std::string& content, const std::string& name = "profiles.csv") {
    return diagnostics_of([&] { parse_profiles(content, name); });
}

std::vector<Loc> locs(const std::vector<Diagnostic>& ds) {
    std::vector<Loc> out;
    for (const Diagnostic& d : ds) out.emplace_back(d.code, d.where.line, d.where.column);
    return out;
}

using libaudit_test::to_big5;

// A file in a fresh temporary directory, removed at the end of the test.
struct TempFile {
    std::filesystem::path dir;
    std::filesystem::path path;
    TempFile(const std::string& name, const std::string& content) {
        dir = std::filesystem::temp_directory_path() /
              ("libaudit-records-test-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        std::filesystem::create_directories(dir);
        path = dir / name;
        std::ofstream(path, std::ios::binary) << content;
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
};

const char* const english_csv =
    "student_id,code,offering,title,term,credits,grade,dept,school,category,tags,selected,approved,note\n"
    "1123001,EAM6001,0648,教育行政專題研究,1092,3,85,EAM,,core,研究方法;必修,no,yes,first\n"
    "1123001,EAM6101,0650,質性研究,110-1,2.5,W,EAM,NTNU,研究方法,a、b ; c,Y,,\n"
    "1123002,EAM6001,0648,教育行政專題研究,,0,,EAM,,,,,,\n";

}  // namespace

// ---------------------------------------------------------------------------------------------
// CSV records

TEST_CASE("records: CSV with English headers, every field") {
    const auto rs = parse_records(english_csv, "records.csv");
    REQUIRE(rs.size() == 3);
    const Record& a = rs[0];
    CHECK(a.subject_id == "1123001");
    CHECK(a.code == "EAM6001");
    CHECK(a.offering == "0648");
    CHECK(a.title == "教育行政專題研究");
    REQUIRE(a.term.has_value());
    CHECK(*a.term == Term{109, 2});
    CHECK(a.credits == 3.0);
    CHECK(a.grade == "85");
    CHECK(a.dept == "EAM");
    CHECK(a.school.empty());
    CHECK(a.category == "core");
    CHECK(a.tags == std::vector<std::string>{"研究方法", "必修"});
    CHECK_FALSE(a.selected);
    CHECK(a.approved);
    CHECK(a.extra == std::map<std::string, std::string>{{"note", "first"}});
    CHECK(a.source_row == 2);

    const Record& b = rs[1];
    CHECK(*b.term == Term{110, 1});
    CHECK(b.credits == 2.5);
    CHECK(b.grade == "W");
    CHECK(b.school == "NTNU");
    CHECK(b.tags == std::vector<std::string>{"a", "b", "c"});
    CHECK(b.selected);
    CHECK_FALSE(b.approved);
    CHECK(b.extra.at("note").empty());
    CHECK(b.source_row == 3);

    const Record& c = rs[2];
    CHECK_FALSE(c.term.has_value());  // an empty term is allowed
    CHECK(c.credits == 0.0);
    CHECK(c.grade.empty());  // in progress
    CHECK(c.tags.empty());
}

TEST_CASE("records: Chinese headers, BOM, CRLF, trimming, case-insensitive English names") {
    const std::string csv =
        "\xEF\xBB\xBF學號, 課號 ,科目名稱,開課學年期,學分數,成績,開課單位,彈性學分,系所核准, Category ,備註\r\n"
        " 1123001 ,EAM6001 ,教育行政,\"109-2\",\" 3 \", 通過 ,EAM,✓,是,x,\xE3\x80\x80補修\xE3\x80\x80\r\n"
        "1123001,EAM7001,外系課程,1101,2,70,EDU,V,否,,\r\n";
    const auto rs = parse_records(csv, "transcript.csv");
    REQUIRE(rs.size() == 2);
    CHECK(rs[0].subject_id == "1123001");
    CHECK(rs[0].code == "EAM6001");
    CHECK(*rs[0].term == Term{109, 2});
    CHECK(rs[0].credits == 3.0);
    CHECK(rs[0].grade == "通過");
    CHECK(rs[0].selected);
    CHECK(rs[0].approved);
    CHECK(rs[0].category == "x");
    CHECK(rs[0].extra == std::map<std::string, std::string>{{"備註", "補修"}});
    CHECK(rs[1].dept == "EDU");
    CHECK(rs[1].selected);
    CHECK_FALSE(rs[1].approved);
    CHECK(rs[1].source_row == 3);

    const auto upper = parse_records("STUDENT_ID,Code,TERM,Credits,Grade\n1,C,1092,3,A\n", "r.csv");
    REQUIRE(upper.size() == 1);
    CHECK(upper[0].code == "C");
}

TEST_CASE("records: every boolean spelling") {
    std::string csv = "student_id,code,term,credits,grade,selected\n";
    const std::vector<std::pair<const char*, bool>> cases = {
        {"true", true}, {"TRUE", true}, {"yes", true}, {"Yes", true}, {"y", true}, {"Y", true}, {"1", true},
        {"是", true},   {"V", true},    {"v", true},   {"✓", true},   {"false", false}, {"no", false}, {"N", false},
        {"0", false},   {"否", false},  {"", false}};
    for (const auto& c : cases) csv += std::string("s,c,1092,1,,") + c.first + "\n";
    const auto rs = parse_records(csv, "r.csv");
    REQUIRE(rs.size() == cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        CAPTURE(cases[i].first);
        CHECK(rs[i].selected == cases[i].second);
    }
}

TEST_CASE("records: tab-separated input, by extension or by content") {
    const std::string tsv = "學號\t科目代碼\t學年期\t學分\t成績\n1123001\tEAM6001\t1092\t3\t80\n";
    CHECK(parse_records(tsv, "records.tsv").size() == 1);
    CHECK(parse_records(tsv, "records.txt").size() == 1);
    CHECK(parse_records(tsv, "records").size() == 1);
    // A header with commas is comma-separated even if a cell contains a tab.
    const auto rs = parse_records("student_id,code,term,credits,grade,title\n1,C,1092,3,80,a\tb\n", "r.txt");
    REQUIRE(rs.size() == 1);
    CHECK(rs[0].title == "a\tb");
}

TEST_CASE("records: blank and all-empty rows are skipped, lines still count") {
    const std::string csv =
        "student_id,code,term,credits,grade,title\n"
        "\n"
        "1,A,1092,3,80,\"two\nlines\"\n"
        ",,,,,\n"
        "  ,  , , , ,\n"
        "1,B,1092,x,80,t\n";
    const auto ds = record_errors(csv);
    CHECK(locs(ds) == std::vector<Loc>{{"R010", 7, 4}});
}

TEST_CASE("records: missing required columns are R006 at line 1, naming accepted names") {
    const auto ds = record_errors("學號,科目名稱,學分\n1,x,3\n");
    CHECK(locs(ds) == std::vector<Loc>{{"R006", 1, 0}, {"R006", 1, 0}, {"R006", 1, 0}});
    CHECK(ds[0].message == "missing required column 'code' (accepted names: code, 科目代碼, 課號, 課程代碼)");
    CHECK(ds[1].message == "missing required column 'term' (accepted names: term, 學年期, 開課學年期)");
    CHECK(ds[2].message == "missing required column 'grade' (accepted names: grade, 成績)");
    CHECK(format_diagnostic(ds[0]) ==
          "records.csv:1: error[R006]: missing required column 'code' (accepted names: code, 科目代碼, 課號, 課程代碼)");
}

TEST_CASE("records: duplicate columns are R005 at the second one") {
    const auto ds = record_errors("student_id,code,課號,term,credits,grade,備註,備註\n1,A,A,1092,3,80,x,y\n");
    CHECK(locs(ds) == std::vector<Loc>{{"R005", 1, 3}, {"R005", 1, 8}});
    CHECK(ds[0].message == "duplicate column: '課號' and 'code' (column 2) both give 'code'");
    CHECK(ds[0].where.field == "課號");
    CHECK(ds[1].message == "duplicate column '備註' (also column 7)");
}

TEST_CASE("records: every bad cell is reported with its line, column and header") {
    const std::string csv =
        "學號,科目代碼,學年期,學分,成績,勾選,核准\n"       // line 1
        "1123001,EAM6001,1092,3,85,,\n"                     // 2 ok
        "1123001,EAM6002,xyz,abc,85,maybe,\n"               // 3: R011 col 3, R010 col 4, R012 col 6
        "1123001,EAM6003,1092,3\n"                          // 4: R007
        ",EAM6004,1092,-1,85,,\n"                           // 5: R008 col 1, R010 col 4
        "1123001, ,1095,3,85,,x\n"                          // 6: R011 col 3, R012 col 7, R009 col 2
        "1123001,EAM6005,1092,3,85,,,extra\n"               // 7: R007
        "1123001,EAM6006,109-2,1e3,85,,\n"                  // 8: R010 (no exponents)
        "1123001,EAM6007,109-2,nan,85,,\n"                  // 9: R010
        "1123001,EAM6008,109-2,1000.5,85,,\n"               // 10: R010 (over 1000)
        "1123001,EAM6009,109-2,99999999999999999999,85,,\n" // 11: R010 (would overflow the allocator)
        "1123001,EAM6010,109-2,1000,85,,\n"                 // 12: ok, the largest
        "1123001,EAM6011,109-2,1001,85,,\n";                // 13: R010 (a whole number over 1000)
    const auto ds = record_errors(csv);
    CHECK(locs(ds) == std::vector<Loc>{{"R011", 3, 3},
                                       {"R010", 3, 4},
                                       {"R012", 3, 6},
                                       {"R007", 4, 0},
                                       {"R010", 5, 4},
                                       {"R008", 5, 1},
                                       {"R011", 6, 3},
                                       {"R012", 6, 7},
                                       {"R009", 6, 2},
                                       {"R007", 7, 0},
                                       {"R010", 8, 4},
                                       {"R010", 9, 4},
                                       {"R010", 10, 4},
                                       {"R010", 11, 4},
                                       {"R010", 13, 4}});
    CHECK(ds[0].message == "學年期 (term): expected a term like 1092 or 109-2, got 'xyz'");
    CHECK(ds[0].where.field == "學年期");
    CHECK(ds[1].message == "學分 (credits): expected a number from 0 to 1000, got 'abc'");
    CHECK(ds[2].message.rfind("勾選 (selected): expected yes or no", 0) == 0);
    CHECK(ds[3].message == "row has 4 cells, header has 7");
    CHECK(ds[4].message == "學分 (credits): expected a number from 0 to 1000, got '-1'");
    CHECK(ds[5].message == "學號 (student_id): the student id is empty");
    CHECK(ds[5].where.field == "學號");
    CHECK(ds[6].message == "學年期 (term): expected a term like 1092 or 109-2, got '1095'");
    CHECK(ds[8].message == "科目代碼 (code): the course code is empty");
    CHECK(ds[9].message == "row has 8 cells, header has 7");
    CHECK(format_diagnostic(ds[0]) ==
          "records.csv:3:3: error[R011]: 學年期 (term): expected a term like 1092 or 109-2, got 'xyz'");
}

TEST_CASE("records: a bad cell's diagnostic carries its parameters and reads in Chinese") {
    const auto ds = record_errors("學號,科目代碼,學年期,學分,成績\nA123456789,EAM6001,1092,三,85\n1,A,1092,3\n");
    REQUIRE(ds.size() == 2);
    REQUIRE(ds[0].params.size() == 3);
    CHECK(ds[0].params[0].name == "at");
    CHECK(ds[0].params[0].value == "學分 (credits)");
    CHECK(ds[0].params[1].name == "got");
    CHECK(ds[0].params[1].value == "'三'");
    CHECK(ds[0].params[2].name == "max");
    CHECK(ds[0].params[2].value == "1000");
    CHECK(format_diagnostic(ds[0], Language::zh_TW) ==
          "records.csv 第 2 行第 4 欄：錯誤[R010]：「學分 (credits)」：學分應為 0 到 1000 的數字，檔案中是 '三'");
    CHECK(format_diagnostic(ds[0], Language::en) == format_diagnostic(ds[0]));
    CHECK(format_diagnostic(ds[1], Language::zh_TW) ==
          "records.csv 第 3 行：錯誤[R007]：這一列有 4 格，標題列有 5 格（含逗號的儲存格請加上雙引號）");
    // A value shaped like a national ID is masked in the parameters and the message.
    const auto ids = profile_errors("學號,身分證字號,入學學年度\n1,A123456789,A123456789\n");
    REQUIRE(ids.size() == 1);
    CHECK(ids[0].code == "R013");
    CHECK(ids[0].message.find("A123456789") == std::string::npos);
    CHECK(diagnostic_text(ids[0], Language::zh_TW).find("A123456789") == std::string::npos);
}

TEST_CASE("records: an English header is named once in messages") {
    const auto ds = record_errors("student_id,code,term,credits,grade\n1,A,1092,x,80\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].message == "credits: expected a number from 0 to 1000, got 'x'");
    CHECK(ds[0].where.field == "credits");
}

TEST_CASE("records: at most 100 diagnostics plus a note") {
    std::string csv = "student_id,code,term,credits,grade\n";
    for (int i = 0; i < 150; ++i) csv += "1,A,1092,bad,80\n";
    const auto ds = record_errors(csv);
    REQUIRE(ds.size() == 101);
    CHECK(locs({ds[99]}) == std::vector<Loc>{{"R010", 101, 4}});
    CHECK(ds[100].severity == Severity::note);
    CHECK(ds[100].message == "... and 50 more");
    CHECK(ds[100].code == "R099");  // a code like every diagnostic (issue 15)
}

TEST_CASE("records: an empty file is R003") {
    for (const char* empty : {"", "\n\n", "\xEF\xBB\xBF"}) {
        const auto ds = record_errors(empty);
        REQUIRE(ds.size() == 1);
        CHECK(ds[0].code == "R003");
    }
}

TEST_CASE("records: a header only gives no records") {
    CHECK(parse_records("student_id,code,term,credits,grade\n", "r.csv").empty());
}

TEST_CASE("records: Big5 input") {
    const std::string csv = to_big5("學號,科目代碼,科目名稱,學年期,學分,成績\n1123001,EAM6001,教育行政專題研究,109-2,3,通過\n");
    ReadOptions big5;
    big5.encoding = Encoding::big5;
    const auto rs = parse_records(csv, "big5.csv", big5);
    REQUIRE(rs.size() == 1);
    CHECK(rs[0].title == "教育行政專題研究");
    CHECK(rs[0].grade == "通過");
    // Read as UTF-8 it is rejected, at the first bad byte.
    ReadOptions utf8;
    utf8.encoding = Encoding::utf8;
    const auto ds = record_errors(csv, "big5.csv", utf8);
    CHECK(locs(ds) == std::vector<Loc>{{"R002", 1, 1}});
    // By default the encoding is told by the file's own bytes.
    CHECK(parse_records(csv, "big5.csv").at(0).title == "教育行政專題研究");
}

TEST_CASE("records: each file's encoding is detected on its own, or given per file") {
    const std::string records_big5 = to_big5("學號,科目代碼,科目名稱,學年期,學分,成績\n1,EAM6001,教育行政專題研究,109-2,3,通過\n");
    const std::string profile_utf8 = "\xEF\xBB\xBF學號,姓名\n1,王大明\n";
    const std::string profile_big5 = to_big5("學號,姓名\n1,王大明\n");
    // Default (detect): a Big5 transcript with a UTF-8 profile, and the other way round.
    CHECK(parse_records(records_big5, "r.csv").at(0).grade == "通過");
    CHECK(parse_profiles(profile_utf8, "p.csv").at(0).name == "王大明");
    CHECK(parse_profiles(profile_big5, "p.csv").at(0).name == "王大明");
    // Bytes that are neither UTF-8 nor Big5 are reported as not UTF-8, at the first bad byte.
    CHECK(locs(record_errors("student_id,code,term,credits,grade\n1,A\xFF,1092,3,80\n")) == std::vector<Loc>{{"R002", 2, 4}});
    // --records-encoding big5 --profiles-encoding utf-8: the profiles file read with its own encoding.
    ReadOptions per_file;
    per_file.encoding = Encoding::big5;
    per_file.profiles_encoding = Encoding::utf8;
    CHECK(parse_records(records_big5, "r.csv", per_file).at(0).title == "教育行政專題研究");
    CHECK(parse_profiles(profile_utf8, "p.csv", per_file).at(0).name == "王大明");
    CHECK(diagnostics_of([&] { parse_profiles(profile_big5, "p.csv", per_file); }).at(0).code == "R002");
    // Big5 for every file fails on the UTF-8 profile, as --encoding big5 did.
    ReadOptions all_big5;
    all_big5.encoding = Encoding::big5;
    CHECK(diagnostics_of([&] { parse_profiles("學號,姓名\n1,王大明\n", "p.csv", all_big5); }).at(0).code == "R001");
}

TEST_CASE("SubjectReader: a Big5 records file with a UTF-8 profiles file, each detected") {
    const TempFile records("r.csv", to_big5("學號,科目代碼,科目名稱,學年期,學分,成績\n1,EAM6001,教育行政專題研究,109-2,3,通過\n"));
    const TempFile profiles("p.csv", "學號,姓名\n1,王大明\n");
    SubjectReader reader(records.path.string(), SubjectReader::ProfilesFile(profiles.path.string()));
    CHECK_FALSE(reader.streaming());
    Subject s;
    std::vector<Diagnostic> problems;
    REQUIRE(reader.next(s, problems));
    CHECK(problems.empty());
    CHECK(s.profile.name == "王大明");
    CHECK(s.records.at(0).title == "教育行政專題研究");
    // And a UTF-8 records file (streamed) with a Big5 profiles file.
    const TempFile records8("r8.csv", "學號,科目代碼,科目名稱,學年期,學分,成績\n1,EAM6001,教育行政專題研究,109-2,3,通過\n");
    const TempFile profiles5("p5.csv", to_big5("學號,姓名\n1,王大明\n"));
    SubjectReader reader2(records8.path.string(), SubjectReader::ProfilesFile(profiles5.path.string()));
    CHECK(reader2.streaming());
    REQUIRE(reader2.next(s, problems));
    CHECK(problems.empty());
    CHECK(s.profile.name == "王大明");
}

TEST_CASE("records: invalid UTF-8 is located after the BOM") {
    const auto ds = record_errors("\xEF\xBB\xBFstudent_id,code,term,credits,grade\n1,A\xFF,1092,3,80\n");
    CHECK(locs(ds) == std::vector<Loc>{{"R002", 2, 4}});
}

TEST_CASE("records: bad-byte columns count characters, not bytes") {
    // UTF-8: "學號,A" is 4 characters (8 bytes) before the bad byte.
    const auto ds = record_errors("student_id,code,term,credits,grade\n學號,A\xFF,1092,3,80\n");
    CHECK(locs(ds) == std::vector<Loc>{{"R002", 2, 5}});
    // Big5: the same prefix in Big5 (6 bytes) is still 4 characters.
    ReadOptions big5;
    big5.encoding = Encoding::big5;
    const std::string bytes = to_big5("student_id,code,term,credits,grade\n學號,A") + "\xFF,1092,3,80\n";
    CHECK(locs(record_errors(bytes, "r.csv", big5)) == std::vector<Loc>{{"R001", 2, 5}});
}

TEST_CASE("records: JSON is always UTF-8, even with --encoding big5") {
    ReadOptions big5;
    big5.encoding = Encoding::big5;
    const std::string json = R"([{"學號": "1", "科目代碼": "A", "科目名稱": "教育", "學年期": "1092", "學分": 3, "成績": ""}])";
    const auto rs = parse_records(json, "r.json", big5);
    REQUIRE(rs.size() == 1);
    CHECK(rs[0].title == "教育");
    CHECK(parse_profiles("\xEF\xBB\xBF{\"學號\": \"1\", \"姓名\": \"王大明\"}", "stdin", big5).at(0).name == "王大明");
}

TEST_CASE("records: an unterminated quote is R004") {
    const auto ds = record_errors("student_id,code,term,credits,grade\n1,A,1092,3,\"80\n");
    CHECK(locs(ds) == std::vector<Loc>{{"R004", 2, 5}});
}

// ---------------------------------------------------------------------------------------------
// CSV profiles

TEST_CASE("profiles: CSV with Chinese headers") {
    const std::string csv =
        "學號,姓名,英文姓名,身分證字號,電子信箱,手機,班別,入學學年度,在學學期數,教程待修,備註\n"
        "1123001,王大明,\"WANG, TA-MING\",A123456789,a1123001@grad.ntue.edu.tw,0912-345-678,EAM-MSE,113,3,否,x\n"
        "1123002,林小華,,,,,EAM-MSE,,,,\n";
    const auto ps = parse_profiles(csv, "profiles.csv");
    REQUIRE(ps.size() == 2);
    CHECK(ps[0].present);
    CHECK(ps[0].subject_id == "1123001");
    CHECK(ps[0].name == "王大明");
    CHECK(ps[0].english_name == "WANG, TA-MING");
    CHECK(ps[0].national_id == "A123456789");
    CHECK(ps[0].email == "a1123001@grad.ntue.edu.tw");
    CHECK(ps[0].mobile == "0912-345-678");
    CHECK(ps[0].programme == "EAM-MSE");
    CHECK(ps[0].entry_year == 113);
    CHECK(ps[0].semesters == 3);
    CHECK(ps[0].teacher_education_pending == false);
    CHECK(ps[0].extra.at("備註") == "x");
    CHECK_FALSE(ps[1].entry_year.has_value());
    CHECK_FALSE(ps[1].semesters.has_value());
    CHECK_FALSE(ps[1].teacher_education_pending.has_value());

    const auto english =
        parse_profiles("student_id,programme,entry_year,semesters,teacher_education_pending\n9,X,1,0,yes\n", "p.csv");
    REQUIRE(english.size() == 1);
    CHECK(english[0].entry_year == 1);
    CHECK(english[0].semesters == 0);
    CHECK(english[0].teacher_education_pending == true);
}

TEST_CASE("profiles: bad cells and duplicates") {
    const std::string csv =
        "student_id,entry_year,semesters,teacher_education_pending\n"  // 1
        "1,0,2,\n"                                                      // 2: R013
        "2,200,-1,\n"                                                   // 3: R013, R014
        "3,abc,x,maybe\n"                                               // 4: R013, R014, R012
        "4,113.5,2.0,\n"                                                // 5: R013, R014
        ",113,2,\n"                                                     // 6: R008
        "1,113,2,\n";                                                   // 7: R015
    const auto ds = profile_errors(csv);
    CHECK(locs(ds) == std::vector<Loc>{{"R013", 2, 2},
                                       {"R013", 3, 2},
                                       {"R014", 3, 3},
                                       {"R013", 4, 2},
                                       {"R014", 4, 3},
                                       {"R012", 4, 4},
                                       {"R013", 5, 2},
                                       {"R014", 5, 3},
                                       {"R008", 6, 1},
                                       {"R015", 7, 1}});
    CHECK(ds[0].message == "entry_year: expected an ROC year between 1 and 199, got '0'");
    CHECK(ds[2].message == "semesters: expected a whole number of semesters >= 0, got '-1'");
    CHECK(ds[9].message == "duplicate profile for student id '1' (first at line 2)");
}

TEST_CASE("profiles: only student_id is required") {
    const auto ds = profile_errors("姓名,班別\n王大明,X\n");
    CHECK(locs(ds) == std::vector<Loc>{{"R006", 1, 0}});
    CHECK(ds[0].message == "missing required column 'student_id' (accepted names: student_id, 學號, 教師編號)");
    CHECK(parse_profiles("學號\n1\n", "p.csv").size() == 1);
}

// ---------------------------------------------------------------------------------------------
// JSON

TEST_CASE("records: JSON array of objects") {
    const std::string json = R"([
  {"student_id": "1123001", "code": "EAM6001", "term": "109-2", "credits": 3, "grade": "85",
   "tags": ["研究方法", "a;b"], "selected": true, "approved": "是", "note": "x", "weight": 1.5, "meta": {"k": 1}},
  {"學號": 1123001, "課號": "EAM6101", "學年期": 1101, "學分": "2.5", "成績": 90, "勾選": 0, "標籤": "c、d"},
  {"student_id": "1123002", "code": "EAM6001", "term": null, "credits": 0, "grade": null, "school": null}
])";
    const auto rs = parse_records(json, "records.json");
    REQUIRE(rs.size() == 3);
    CHECK(rs[0].subject_id == "1123001");
    CHECK(*rs[0].term == Term{109, 2});
    CHECK(rs[0].credits == 3.0);
    CHECK(rs[0].tags == std::vector<std::string>{"研究方法", "a", "b"});
    CHECK(rs[0].selected);
    CHECK(rs[0].approved);
    CHECK(rs[0].extra == std::map<std::string, std::string>{{"meta", "{\"k\":1}"}, {"note", "x"}, {"weight", "1.5"}});
    CHECK(rs[0].source_row == 1);
    CHECK(rs[1].subject_id == "1123001");
    CHECK(*rs[1].term == Term{110, 1});
    CHECK(rs[1].credits == 2.5);
    CHECK(rs[1].grade == "90");
    CHECK_FALSE(rs[1].selected);
    CHECK(rs[1].tags == std::vector<std::string>{"c", "d"});
    CHECK(rs[1].source_row == 2);
    CHECK_FALSE(rs[2].term.has_value());
    CHECK(rs[2].grade.empty());
    CHECK(rs[2].source_row == 3);
}

TEST_CASE("records and profiles: one JSON document with a profile and records") {
    const std::string json = R"({
  "profile": {"student_id": "1123001", "english_name": "WANG, TA-MING", "entry_year": 113, "semesters": "2",
              "teacher_education_pending": false},
  "records": [{"student_id": "1123001", "code": "EAM6001", "term": "1092", "credits": 3, "grade": "W"}]
})";
    // Detected by content when the name has no .json extension.
    const auto rs = parse_records(json, "stdin");
    REQUIRE(rs.size() == 1);
    CHECK(rs[0].grade == "W");
    const auto ps = parse_profiles(json, "stdin");
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].present);
    CHECK(ps[0].english_name == "WANG, TA-MING");
    CHECK(ps[0].entry_year == 113);
    CHECK(ps[0].semesters == 2);
    CHECK(ps[0].teacher_education_pending == false);
}

TEST_CASE("profiles: JSON shapes") {
    CHECK(parse_profiles(R"({"學號": "1", "姓名": "王大明"})", "p.json").at(0).name == "王大明");
    CHECK(parse_profiles(R"([{"student_id": "1"}, {"student_id": "2"}])", "p.json").size() == 2);
    CHECK(parse_profiles(R"({"profiles": [{"student_id": "1"}, {"student_id": "2"}]})", "p.json").at(1).subject_id == "2");
    CHECK(parse_profiles(R"({"records": []})", "p.json").empty());
    const auto ds = diagnostics_of([] { parse_profiles(R"({"profiles": [{"student_id": "1"}, {"student_id": "1"}]})", "p.json"); });
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].code == "R015");
    CHECK(ds[0].where.path == "profiles[1]");
}

TEST_CASE("records: JSON syntax errors are R020 with line, column and the source line") {
    const std::string json = "[\n  {\"student_id\": \"1\",\n   \"code\": \"A\",}\n]";
    const auto ds = record_errors(json, "records.json");
    CHECK(locs(ds) == std::vector<Loc>{{"R020", 3, 16}});
    CHECK(ds[0].source_line == "   \"code\": \"A\",}");
    CHECK(format_diagnostic(ds[0]) ==
          "records.json:3:16: error[R020]: invalid JSON: syntax error\n"
          " |    \"code\": \"A\",}\n"
          " |                ^");
    // Columns count characters: "  {"學分": " is 9 characters (13 bytes, 11 display columns)
    // before the 'x'.
    const auto cjk = record_errors("[\n  {\"學分\": x}]", "r.json");
    CHECK(locs(cjk) == std::vector<Loc>{{"R020", 2, 10}});
    CHECK(format_diagnostic(cjk[0]) ==
          "r.json:2:10: error[R020]: invalid JSON: syntax error\n"
          " |   {\"學分\": x}]\n"
          " | " + std::string(11, ' ') + "^");
    // Truncated document: at the end.
    CHECK(locs(record_errors("[{\"a\": 1}", "r.json")) == std::vector<Loc>{{"R020", 1, 10}});
    // Trailing garbage.
    const auto trailing = record_errors("[]\n x", "r.json");
    CHECK(locs(trailing) == std::vector<Loc>{{"R020", 2, 2}});
    CHECK(trailing[0].message == "invalid JSON: unexpected text after the end of the document");
}

TEST_CASE("records: numbers outside their range are located errors, never sums that overflow") {
    // JSON's 1e999 is infinity; 1e15 and 1001 are finite but no course has them.
    const std::string json = R"({"records": [
  {"student_id": "1", "code": "A", "term": "1092", "credits": 1e999, "grade": "80"},
  {"student_id": "1", "code": "B", "term": "1092", "credits": 1e15, "grade": "80"},
  {"student_id": "1", "code": "C", "term": "1092", "credits": 1000.5, "grade": "80"},
  {"student_id": "1", "code": "D", "term": "1092", "credits": "99999999999999999999", "grade": "80"},
  {"student_id": "1", "code": "E", "term": "1092", "credits": 1000, "grade": "80"}
]})";
    const auto ds = record_errors(json, "records.json");
    REQUIRE(ds.size() == 4);
    for (std::size_t i = 0; i < ds.size(); ++i) {
        CHECK(ds[i].code == "R010");
        CHECK(ds[i].where.path == "records[" + std::to_string(i) + "].credits");
        CHECK(ds[i].message.find("from 0 to 1000") != std::string::npos);
    }
}

TEST_CASE("records: JSON type and value errors carry the path") {
    const std::string json = R"({"records": [
  {"student_id": "1", "code": "A", "term": "1092", "credits": 3, "grade": "80"},
  {"student_id": "1", "code": "B", "term": true, "credits": "abc", "grade": "80"},
  {"student_id": "1", "code": "C", "term": "1092", "credits": [3], "grade": {"x": 1}, "selected": "maybe"},
  {"code": "", "term": "1092", "grade": "80"},
  {"student_id": "", "code": "D", "課號": "D", "term": "xyz", "credits": -2, "grade": "80"},
  "not an object"
]})";
    const auto ds = record_errors(json, "records.json");
    std::vector<std::pair<std::string, std::string>> got;
    for (const Diagnostic& d : ds) {
        CHECK(d.where.line == 0);
        got.emplace_back(d.code, d.message);
    }
    CHECK(got == std::vector<std::pair<std::string, std::string>>{
                     {"R021", "records[1].term: expected a term, got true"},
                     {"R010", "records[1].credits: expected a number from 0 to 1000, got 'abc'"},
                     {"R021", "records[2].credits: expected a number, got an array"},
                     {"R021", "records[2].grade: expected a string, got an object"},
                     {"R012", "records[2].selected: expected yes or no (true/false, yes/no, y/n, 1/0, 是/否, V/✓), got 'maybe'"},
                     {"R008", "records[3]: missing \"student_id\" (or 學號)"},
                     {"R010", "records[3]: missing \"credits\" (or 學分, 學分數)"},
                     {"R009", "records[3].code: the course code is empty"},
                     {"R005", "records[4]: keys 'code' and '課號' both give 'code'"},
                     {"R011", "records[4].term: expected a term like 1092 or 109-2, got 'xyz'"},
                     {"R010", "records[4].credits: expected a number from 0 to 1000, got -2"},
                     {"R008", "records[4].student_id: the student id is empty"},
                     {"R021", "records[5]: expected an object, got a string"},
                 });
    CHECK(ds[1].where.path == "records[1].credits");
    CHECK(ds[1].where.field == "credits");
    CHECK(format_diagnostic(ds[1]) == "records.json: error[R010]: records[1].credits: expected a number from 0 to 1000, got 'abc'");
    // Every one is a catalogue message: Chinese in zh-TW, every placeholder filled.
    for (const Diagnostic& d : ds) {
        CHECK_MESSAGE(!d.message_code.empty(), d.code << ": " << d.message);
        const std::string zh = diagnostic_text(d, Language::zh_TW);
        CHECK_MESSAGE(zh != d.message, zh);
        const std::size_t brace = zh.find('{');  // an unfilled {placeholder}
        CHECK_MESSAGE((brace == std::string::npos || !(zh[brace + 1] >= 'a' && zh[brace + 1] <= 'z')), zh);
        CHECK(diagnostic_text(d, Language::en) == d.message);
    }
    CHECK(diagnostic_text(ds[5], Language::zh_TW) == "「records[3]」：缺少「student_id」（或 學號）");
}

TEST_CASE("records: JSON documents of the wrong shape") {
    auto ds = record_errors(R"({"student_id": "1"})", "r.json");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].code == "R021");
    CHECK(ds[0].message == "expected an array of records or an object with a \"records\" array, got an object");
    ds = record_errors(R"({"records": {"a": 1}})", "r.json");
    CHECK(ds.at(0).message == "records: expected an array, got an object");
    ds = record_errors(R"([1])", "r.json");
    CHECK(ds.at(0).message == "[0]: expected an object, got a number");
    CHECK(parse_records("[]", "r.json").empty());
}

// ---------------------------------------------------------------------------------------------
// Files

TEST_CASE("records: read_records and read_profiles from files") {
    const TempFile records("成績.csv", english_csv);
    CHECK(read_records(records.path.string()).size() == 3);
    const TempFile json("profile.json", R"({"student_id": "1"})");
    CHECK(read_profiles(json.path.string()).at(0).subject_id == "1");
    // Diagnostics carry the path as given.
    const TempFile bad("bad.csv", "student_id,code,term,credits,grade\n1,A,1092,x,80\n");
    const auto ds = diagnostics_of([&] { read_records(bad.path.string()); });
    CHECK(ds.at(0).where.file == bad.path.string());
}

TEST_CASE("records: unreadable files are IoError") {
    try {
        read_records("/nonexistent/records.csv");
        FAIL("expected IoError");
    } catch (const IoError& e) {
        CHECK(std::string(e.what()) == "cannot read /nonexistent/records.csv: no such file or folder");
        CHECK(e.code() == "io.no_such_path");
    }
    const TempFile dir("x.csv", "");
    CHECK_THROWS_AS(read_profiles(dir.dir.string()), IoError);
    // A typo in the name: the closest name in the same folder is suggested; nothing when none is close.
    try {
        read_records((dir.dir / "x.cvs").string());
        FAIL("expected IoError");
    } catch (const IoError& e) {
        CHECK(e.code() == "io.no_such_path.similar");
        CHECK(std::string(e.what()).find("did you mean " + (dir.dir / "x.csv").string()) != std::string::npos);
    }
    try {
        read_records((dir.dir / "transcript-of-2025.csv").string());
        FAIL("expected IoError");
    } catch (const IoError& e) {
        CHECK(e.code() == "io.no_such_path");
    }
}

// ---------------------------------------------------------------------------------------------
// Grouping

TEST_CASE("records: group_subjects") {
    std::vector<Record> rs(5);
    const char* ids[] = {"B", "A", "B", "C", "A"};
    for (std::size_t i = 0; i < rs.size(); ++i) {
        rs[i].subject_id = ids[i];
        rs[i].code = "X" + std::to_string(i);
    }
    Profile pa;
    pa.subject_id = "A";
    pa.name = "甲";
    Profile pz;
    pz.subject_id = "Z";  // no records: ignored
    const auto subjects = group_subjects(rs, {pz, pa});
    REQUIRE(subjects.size() == 3);
    CHECK(subjects[0].profile.subject_id == "B");
    CHECK_FALSE(subjects[0].profile.present);
    REQUIRE(subjects[0].records.size() == 2);
    CHECK(subjects[0].records[0].code == "X0");
    CHECK(subjects[0].records[1].code == "X2");
    CHECK(subjects[1].profile.subject_id == "A");
    CHECK(subjects[1].profile.present);
    CHECK(subjects[1].profile.name == "甲");
    CHECK(subjects[1].records.size() == 2);
    CHECK(subjects[2].profile.subject_id == "C");
    CHECK(subjects[2].records.size() == 1);
    CHECK(group_subjects({}, {pa}).empty());
}

// ---------------------------------------------------------------------------------------------
// The documented example (docs/records.md, section 7)

TEST_CASE("records: examples/grad/invalid-csv gives the diagnostics docs/records.md shows") {
    const std::string path = std::string(LIBAUDIT_SOURCE_DIR) + "/examples/grad/invalid-csv/transcript.csv";
    const auto ds = diagnostics_of([&] { read_records(path); });
    REQUIRE(ds.size() == 2);
    CHECK(format_diagnostic(ds[0]) ==
          path + ":4:6: error[R010]: 學分 (credits): expected a number from 0 to 1000, got '三'");
    CHECK(format_diagnostic(ds[1]) ==
          path + ":7:5: error[R011]: 學年期 (term): expected a term like 1092 or 109-2, got '1135'");
}

// ---------------------------------------------------------------------------------------------
// SubjectReader

namespace {

struct ReadBack {
    std::vector<std::string> ids;
    std::vector<std::size_t> sizes;
    std::vector<std::vector<Diagnostic>> problems;
    std::vector<bool> profiled;
};

ReadBack read_all(SubjectReader& reader) {
    ReadBack out;
    Subject s;
    std::vector<Diagnostic> problems;
    while (reader.next(s, problems)) {
        out.ids.push_back(s.profile.subject_id);
        out.sizes.push_back(s.records.size());
        out.problems.push_back(problems);
        out.profiled.push_back(s.profile.present);
    }
    return out;
}

}  // namespace

TEST_CASE("SubjectReader: a grouped file is streamed subject by subject, across chunk boundaries") {
    // ~3 MB: rows straddle the 1 MiB chunks, one of them with a quoted line break.
    std::string csv = "\xEF\xBB\xBF學號,科目代碼,科目名稱,學年期,學分,成績\r\n";
    const int students = 4000, rows = 9;
    for (int i = 0; i < students; ++i)
        for (int k = 0; k < rows; ++k)
            csv += "S" + std::to_string(100000 + i) + ",EAM6" + std::to_string(k) + "," +
                   (k == 4 ? "\"教育,行政\n專題\"" : std::string("教育行政專題研究與實務討論")) + ",113-1,3,85\r\n";
    const TempFile file("grouped.csv", csv);
    const std::string path = file.path.string();
    Profile p;
    p.subject_id = "S100007";
    p.name = "王";
    SubjectReader reader(path, {p});
    CHECK(reader.streaming());
    CHECK(reader.subjects() == static_cast<std::size_t>(students));
    const ReadBack got = read_all(reader);
    REQUIRE(got.ids.size() == static_cast<std::size_t>(students));
    for (int i = 0; i < students; ++i) {
        CHECK(got.ids[static_cast<std::size_t>(i)] == "S" + std::to_string(100000 + i));
        CHECK(got.sizes[static_cast<std::size_t>(i)] == static_cast<std::size_t>(rows));
        CHECK(got.problems[static_cast<std::size_t>(i)].empty());
        CHECK(got.profiled[static_cast<std::size_t>(i)] == (i == 7));
    }
    // Same records as the whole-file reader, line numbers included.
    const auto whole = group_subjects(read_records(path), {});
    SubjectReader again(path, {});
    Subject s;
    std::vector<Diagnostic> problems;
    for (const Subject& expected : whole) {
        REQUIRE(again.next(s, problems));
        REQUIRE(s.records.size() == expected.records.size());
        for (std::size_t k = 0; k < s.records.size(); ++k) {
            CHECK(s.records[k].source_row == expected.records[k].source_row);
            CHECK(s.records[k].title == expected.records[k].title);
            CHECK(s.records[k].term == expected.records[k].term);
        }
    }
    CHECK_FALSE(again.next(s, problems));
}

TEST_CASE("SubjectReader: a profiles file in the records' order, or both ascending, is merged as it is read") {
    const std::string records = "身分證字號,課程代碼,研習日期,時數\n";
    const auto rows = [&](std::initializer_list<const char*> ids) {
        std::string out = records;
        for (const char* id : ids) out += std::string(id) + ",1," + "2025-09-01,3\n" + id + ",2,2025-10-01,2\n";
        return out;
    };
    const auto names = [](SubjectReader& reader) {
        std::vector<std::string> out;
        Subject s;
        std::vector<Diagnostic> problems;
        while (reader.next(s, problems)) out.push_back(s.profile.subject_id + "=" + (s.profile.present ? s.profile.name : "-"));
        return out;
    };
    const std::string header = "身分證字號,姓名,身分別\n";
    // The same ids in the same order (not sorted): merged.
    const TempFile same_r("same.csv", rows({"Z1", "A1", "M1"}));
    const TempFile same_p("same-p.csv", header + "Z1,甲,teacher\nA1,乙,teacher\n\nM1,丙,counselling\n");
    SubjectReader same(same_r.path.string(), SubjectReader::ProfilesFile(same_p.path.string()));
    CHECK(same.profiles_streamed());
    CHECK(same.subjects() == 3);
    CHECK(names(same) == std::vector<std::string>{"Z1=甲", "A1=乙", "M1=丙"});
    // Both ascending, a profile missing (B1) and one without records (C1, E1): merged.
    const TempFile asc_r("asc.csv", rows({"A1", "B1", "D1"}));
    const TempFile asc_p("asc-p.csv", header + "A1,甲,teacher\nC1,乙,teacher\nD1,丙,teacher\nE1,丁,teacher\n");
    SubjectReader asc(asc_r.path.string(), SubjectReader::ProfilesFile(asc_p.path.string()));
    CHECK(asc.profiles_streamed());
    // Profiles without records are subjects too (audited with none), after the subject where the
    // merge passed them.
    CHECK(asc.subjects() == 5);
    CHECK(names(asc) == std::vector<std::string>{"A1=甲", "B1=-", "D1=丙", "C1=乙", "E1=丁"});
    // Another order: indexed whole, the same answer.
    const TempFile other_p("other-p.csv", header + "M1,丙,counselling\nZ1,甲,teacher\nA1,乙,teacher\n");
    SubjectReader other(same_r.path.string(), SubjectReader::ProfilesFile(other_p.path.string()));
    CHECK_FALSE(other.profiles_streamed());
    CHECK(names(other) == std::vector<std::string>{"Z1=甲", "A1=乙", "M1=丙"});
    // Ungrouped records: read whole, profiles indexed.
    const TempFile ungrouped("ungrouped-s.csv", records + "A1,1,2025-09-01,3\nZ1,1,2025-09-01,3\nA1,2,2025-10-01,3\n");
    SubjectReader mixed(ungrouped.path.string(), SubjectReader::ProfilesFile(other_p.path.string()));
    CHECK_FALSE(mixed.streaming());
    CHECK_FALSE(mixed.profiles_streamed());
    CHECK(mixed.subjects() == 3);
    CHECK(names(mixed) == std::vector<std::string>{"A1=乙", "Z1=甲", "M1=丙"});
    // Problems in the profiles file are reported as by read_profiles, located.
    const TempFile dup_p("dup-p.csv", header + "Z1,甲,teacher\nZ1,甲,teacher\nA1,乙,teacher\nM1,丙,counselling\n");
    const auto dup = diagnostics_of([&] { SubjectReader r(same_r.path.string(), SubjectReader::ProfilesFile(dup_p.path.string())); });
    REQUIRE(dup.size() == 1);
    CHECK(Loc{dup[0].code, dup[0].where.line, dup[0].where.column} == Loc{"R015", 3, 1});
    const TempFile bad_p("bad-p.csv", "身分證字號,姓名,身分別,到職日\nZ1,甲,teacher,2025-02-30\nA1,乙,teacher,\nM1,丙,teacher,\n");
    const auto bad = diagnostics_of([&] { SubjectReader r(same_r.path.string(), SubjectReader::ProfilesFile(bad_p.path.string())); });
    REQUIRE(bad.size() == 1);
    CHECK(Loc{bad[0].code, bad[0].where.line, bad[0].where.column} == Loc{"R016", 2, 4});
}

TEST_CASE("SubjectReader: rows not grouped by subject are read into memory, with the reason") {
    const TempFile file("ungrouped.csv", "學號,科目代碼,學年期,學分,成績\nA,C1,113-1,3,80\nB,C1,113-1,3,80\nA,C2,113-1,3,80\n");
    SubjectReader reader(file.path.string(), {});
    CHECK_FALSE(reader.streaming());
    CHECK(reader.why_not_streaming() == "the rows of A are not together (lines 2 and 4)");
    const ReadBack got = read_all(reader);
    CHECK(got.ids == std::vector<std::string>{"A", "B"});
    CHECK(got.sizes == std::vector<std::size_t>{2, 1});
    CHECK(reader.why_not_streaming(Language::zh_TW) == "A 的紀錄沒有排在一起（第 2 行與第 4 行）");
}

TEST_CASE("SubjectReader: why rows are read into memory never shows a national ID") {
    const TempFile file("ungrouped-ids.csv", "學號,科目代碼,學年期,學分,成績\nA123456789,C1,113-1,3,80\n"
                                             "B,C1,113-1,3,80\nA123456789,C2,113-1,3,80\n");
    SubjectReader reader(file.path.string(), {});
    CHECK(reader.why_not_streaming() == "the rows of A1234***** are not together (lines 2 and 4)");
    for (const Language language : {Language::zh_TW, Language::en})
        CHECK(reader.why_not_streaming(language).find("A123456789") == std::string::npos);
}

TEST_CASE("SubjectReader: a bad row makes only its subject invalid, located, a bad header throws") {
    const TempFile file("bad-row.csv", "學號,科目代碼,學年期,學分,成績\nA,C1,113-1,3,80\nB,C1,113-1,三,80\nB,C2,113-1\n\n,,,,\nC,C1,113-1,3,80\n");
    SubjectReader reader(file.path.string(), {});
    CHECK(reader.streaming());
    const ReadBack got = read_all(reader);
    CHECK(got.ids == std::vector<std::string>{"A", "B", "C"});
    CHECK(got.problems[0].empty());
    CHECK(got.problems[2].empty());
    std::vector<Loc> b;
    for (const auto& d : got.problems[1]) b.emplace_back(d.code, d.where.line, d.where.column);
    CHECK(b == std::vector<Loc>{{"R010", 3, 4}, {"R007", 4, 0}});

    const TempFile header("bad-header.csv", "學號,學年期,學分,成績\nA,113-1,3,80\n");
    const auto diags = diagnostics_of([&] { SubjectReader r(header.path.string(), {}); });
    REQUIRE(diags.size() == 1);
    CHECK(diags[0].code == "R006");

    const TempFile bad_utf8("bad-utf8.csv", "學號,科目代碼,學年期,學分,成績\nA,C1,113-1,3,80\nA,C\xB1,113-1,3,80\n");
    const auto enc = diagnostics_of([&] { SubjectReader r(bad_utf8.path.string(), {}); });
    REQUIRE(enc.size() == 1);
    CHECK(Loc{enc[0].code, enc[0].where.line, enc[0].where.column} == Loc{"R002", 3, 4});
}

TEST_CASE("SubjectReader over text: the same subjects and locations as the file, named as given") {
    const std::string csv = "\xEF\xBB\xBF學號,科目代碼,學年期,學分,成績\nA,C1,113-1,3,80\nA,C2,113-1,3,80\nB,C1,113-1,三,80\n";
    SubjectReader reader(TextInput{csv, "<records DataFrame>"}, {});
    CHECK(reader.streaming());
    CHECK(reader.subjects() == 2);
    const ReadBack got = read_all(reader);
    CHECK(got.ids == std::vector<std::string>{"A", "B"});
    CHECK(got.sizes[0] == 2);
    REQUIRE(got.problems[1].size() == 1);
    CHECK(got.problems[1][0].where.file == "<records DataFrame>");
    CHECK(Loc{got.problems[1][0].code, got.problems[1][0].where.line, got.problems[1][0].where.column} ==
          Loc{"R010", 4, 4});

    // Not grouped: read whole from the text, in order of first appearance.
    SubjectReader ungrouped(TextInput{"學號,科目代碼,學年期,學分,成績\nA,C1,113-1,3,80\nB,C1,113-1,3,80\nA,C2,113-1,3,80\n", "t"}, {});
    CHECK_FALSE(ungrouped.streaming());
    CHECK(read_all(ungrouped).sizes == std::vector<std::size_t>{2, 1});

    const auto diags = diagnostics_of([&] { SubjectReader r(TextInput{"學號,學年期\n", "t.csv"}, {}); });
    REQUIRE_FALSE(diags.empty());
    CHECK(diags[0].where.file == "t.csv");
}

TEST_CASE("SubjectReader: JSON is read whole, with its embedded profile") {
    const TempFile file("t.json", R"({"profile": {"student_id": "A", "name": "王"}, "records": [{"student_id": "A", "code": "C1", "term": "113-1", "credits": 3, "grade": "80"}]})");
    SubjectReader reader(file.path.string(), {});
    CHECK_FALSE(reader.streaming());
    const ReadBack got = read_all(reader);
    CHECK(got.ids == std::vector<std::string>{"A"});
    CHECK(got.profiled == std::vector<bool>{true});
}

// ---- training sessions (in-service hours) --------------------------------------------------

TEST_CASE("session file: platform headers, AD and ROC dates, hours or credits, no term/grade/credits columns") {
    const std::string csv =
        "身分證字號,課程代碼,研習名稱,研習日期,結束日期,時數,學分,類別,標籤\n"
        "A123456789,408783,課程設計與統合,2025-08-27,2025-08-27,3,,一般研習,\n"
        "A123456789,408790,學分班,114/09/01,115/01/15,,2,學分班,\n"
        "A123456789,408791,輔導知能,1141003,,0.5,,輔導知能,輔導;特教\n";
    const auto rs = parse_records(csv, "sessions.csv");
    REQUIRE(rs.size() == 3);
    CHECK(rs[0].subject_id == "A123456789");
    CHECK(format_date(*rs[0].date) == "2025-08-27");
    CHECK(format_date(*rs[0].end_date) == "2025-08-27");
    CHECK(*rs[0].hours == 3);
    CHECK(rs[0].credits == 0);
    CHECK(!rs[0].term);
    CHECK(format_date(*rs[1].date) == "2025-09-01");
    CHECK(format_date(*rs[1].end_date) == "2026-01-15");
    CHECK(!rs[1].hours);
    CHECK(rs[1].credits == 2);
    CHECK(format_date(*rs[2].date) == "2025-10-03");
    CHECK(!rs[2].end_date);
    CHECK(*rs[2].hours == 0.5);
    CHECK(rs[2].category == "輔導知能");
    CHECK(rs[2].tags == std::vector<std::string>{"輔導", "特教"});
}

TEST_CASE("session file: hours and credits read as from_chars reads them, tags split on semicolons and 、") {
    const char* cells[] = {"1.5", "0.75", ".5", "5.", "00.50", "999.25", "0.1", "3", "0.30000000000001", "999.123456789012345", "1000"};
    std::string csv = "教師編號,課程代碼,研習日期,時數,學分,標籤\n";
    for (const char* c : cells) csv += std::string("T1,C,2025-08-01,") + c + "," + c + ",甲、乙；丙;丁\n";
    const auto rs = parse_records(csv, "sessions.csv");
    REQUIRE(rs.size() == std::size(cells));
    for (std::size_t i = 0; i < rs.size(); ++i) {
        const std::string_view c = cells[i];
        double expected = 0;
        std::from_chars(c.data(), c.data() + c.size(), expected, std::chars_format::fixed);
        CHECK_MESSAGE(*rs[i].hours == expected, c);  // bit for bit
        CHECK_MESSAGE(rs[i].credits == expected, c);
        CHECK(rs[i].tags == std::vector<std::string>{"甲", "乙", "丙", "丁"});
    }
    for (const char* bad : {"1.2.3", "1e5", "-1", "1,5", "10000.5", "99999999999999999999"}) {
        const std::string row = std::string("教師編號,課程代碼,研習日期,時數\nT1,C,2025-08-01,\"") + bad + "\"\n";
        const std::vector<Loc> expected{{"R017", 2, 4}};
        CHECK_MESSAGE(locs(record_errors(row)) == expected, bad);
    }
}

TEST_CASE("session file: a bad or missing date and bad hours are located errors") {
    const std::string csv =
        "teacher_id,code,date,hours\n"   // teacher_id is not an alias: student_id missing
        "T1,C1,2025-08-01,1\n";
    CHECK(locs(record_errors(csv)) == std::vector<Loc>{{"R006", 1, 0}});
    const std::string bad =
        "教師編號,課程代碼,研習日期,時數\n"
        "T1,C1,2025-02-30,1\n"   // no such day
        "T1,C2,,2\n"             // no date
        "T1,C3,114/08/01,三\n";  // hours not a number
    const auto ds = record_errors(bad);
    CHECK(locs(ds) == std::vector<Loc>{{"R016", 2, 3}, {"R016", 3, 3}, {"R017", 4, 4}});
    CHECK(ds[0].message.find("研習日期 (date): expected a date") != std::string::npos);
}

TEST_CASE("session records in JSON: dates, hours, no credits key needed") {
    const std::string json = R"([
      {"student_id": "T1", "code": "C1", "date": "2026-07-31", "hours": 2},
      {"教師編號": "T1", "課程代碼": "C2", "研習日期": "115/08/01", "學分": 1},
      {"student_id": "T1", "code": "C3", "date": "yesterday", "hours": 1},
      {"student_id": "T1", "code": "C4", "date": "", "hours": 1}
    ])";
    const auto ds = record_errors(json, "s.json");
    REQUIRE(ds.size() == 2);
    CHECK(ds[0].code == "R016");
    CHECK(ds[0].where.path == "[2].date");
    CHECK(ds[1].code == "R016");
    const auto rs = parse_records(R"([{"student_id": "T1", "code": "C1", "date": "2026-07-31", "hours": 2},
      {"教師編號": "T1", "課程代碼": "C2", "研習日期": "115/08/01", "學分": 1}])", "s.json");
    CHECK(format_date(*rs[0].date) == "2026-07-31");
    CHECK(*rs[0].hours == 2);
    CHECK(format_date(*rs[1].date) == "2026-08-01");
    CHECK(rs[1].credits == 1);
}

TEST_CASE("teacher profiles: role, employment dates, keyed by national ID when there is no id column") {
    const auto ps = parse_profiles(std::string("身分證字號,姓名,身分別,到職日,離職日\n")+
                                   "A123456789,王小明,preschool,2025-03-15,\n", "p.csv");
    REQUIRE(ps.size() == 1);
    CHECK(ps[0].subject_id == "A123456789");
    CHECK(ps[0].role == "preschool");
    CHECK(format_date(*ps[0].employed_from) == "2025-03-15");
    CHECK(!ps[0].employed_to);
    CHECK(locs(profile_errors("教師編號,到職日\nT1,2025-13-01\n")) == std::vector<Loc>{{"R016", 2, 2}});
    const auto js = parse_profiles(R"({"national_id": "A123456789", "role": "teacher", "employed_to": "115/01/31"})", "p.json");
    CHECK(js[0].subject_id == "A123456789");
    CHECK(format_date(*js[0].employed_to) == "2026-01-31");
}

TEST_CASE("session file in Big5") {
    const std::string csv = "身分證字號,課程代碼,研習日期,時數\nA123456789,C1,114/08/01,3\n";
    const auto rs = parse_records(to_big5(csv), "big5.csv", ReadOptions{Encoding::big5});
    REQUIRE(rs.size() == 1);
    CHECK(format_date(*rs[0].date) == "2025-08-01");
}

TEST_CASE("SubjectReader: someone in the profiles without a single record is a subject with none") {
    // Streamed records with profiles indexed (another order), and records read whole: the roster's
    // extra people come last, in the profiles' order, each once.
    const TempFile recs("roster-r.csv", "身分證字號,課程代碼,研習日期,時數\nA1,1,2025-09-01,3\nB1,1,2025-09-01,3\n");
    std::vector<Profile> roster;
    for (const char* id : {"N1", "B1", "A1", "K1", "N1"}) {
        Profile p;
        p.subject_id = id;
        p.name = std::string("name-") + id;
        roster.push_back(p);
    }
    SubjectReader streamed(recs.path.string(), roster);
    CHECK(streamed.streaming());
    CHECK(streamed.subjects() == 4);
    const ReadBack got = read_all(streamed);
    CHECK(got.ids == std::vector<std::string>{"A1", "B1", "N1", "K1"});
    CHECK(got.sizes == std::vector<std::size_t>{1, 1, 0, 0});
    CHECK(got.profiled == std::vector<bool>{true, true, true, true});

    SubjectReader whole(TextInput{"身分證字號,課程代碼,研習日期,時數\nB1,1,2025-09-01,3\nA1,1,2025-09-01,3\nB1,2,2025-09-02,3\n", "t"},
                        roster);
    CHECK_FALSE(whole.streaming());
    CHECK(whole.subjects() == 4);
    CHECK(read_all(whole).ids == std::vector<std::string>{"B1", "A1", "N1", "K1"});
}

// The column aliases are data (libaudit/data/columns.txt): every field the file names exists in its
// table, and every alias it gives finds that field.
TEST_CASE("columns.txt: every field exists and every alias finds it") {
    std::ifstream in(std::string(LIBAUDIT_SOURCE_DIR) + "/libaudit/data/columns.txt");
    REQUIRE(in);
    const std::initializer_list<detail::InputFieldDef>* defs = nullptr;
    std::string line;
    int n = 0, fields = 0;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty() || line[0] == '#') continue;
        if (line == "[records]" || line == "[profiles]") {
            defs = line == "[records]" ? &detail::record_fields : &detail::profile_fields;
            continue;
        }
        const std::size_t eq = line.find(" = ");
        REQUIRE_MESSAGE((defs != nullptr && eq != std::string::npos), "columns.txt:" << n << ": " << line);
        const std::string field = line.substr(0, eq);
        const detail::InputFieldDef* def = nullptr;
        for (const auto& d : *defs)
            if (d.canonical == field) def = &d;
        REQUIRE_MESSAGE(def != nullptr, "columns.txt:" << n << ": no field " << field);
        ++fields;
        std::stringstream aliases(line.substr(eq + 3));
        std::string alias;
        while (std::getline(aliases, alias, ',')) {
            alias.erase(0, alias.find_first_not_of(' '));
            CHECK_MESSAGE(detail::find_field(*defs, alias) == def, "columns.txt:" << n << ": " << alias);
        }
    }
    CHECK(fields == 30);
    CHECK(detail::accepted_names(*detail::find_field(detail::record_fields, "學分")) == "credits, 學分, 學分數");
}
