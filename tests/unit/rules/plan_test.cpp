// The planned-courses file of a what-if audit (docs/what-if.md): read by the transcript reader,
// every record marked planned, the transcript's columns only, no grade, every problem located; YAML
// plans by line and column; a course the rule sets do not have is an error unless ticked (P004).
#include <libaudit/diagnostic.hpp>
#include <libaudit/messages.hpp>
#include <libaudit/records.hpp>
#include <libaudit/ruleset.hpp>

#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

using namespace libaudit;

namespace {

using Loc = std::tuple<std::string, int, int>;

std::vector<Loc> locations(const PlanFile& f) {
    std::vector<Loc> out;
    for (const auto& d : f.diagnostics) out.emplace_back(d.code, d.where.line, d.where.column);
    return out;
}

}  // namespace

TEST_CASE("plan: the transcript's columns without a student id or grade, every record planned") {
    const PlanFile f = parse_plan("科目代碼,科目名稱,學年期,學分\nEAM6302,學校創新經營專題,1141,2\n\nEAM6303,教育科技,114-1,2\n",
                                  "plan.csv");
    REQUIRE(f.ok());
    REQUIRE(f.records.size() == 2);
    CHECK(f.records[0].code == "EAM6302");
    CHECK(f.records[0].subject_id.empty());  // for whichever student is audited
    CHECK(f.records[0].grade.empty());       // in progress
    CHECK(f.records[0].credits == 2);
    CHECK(f.records[0].planned);
    CHECK(f.records[1].planned);
    CHECK(f.records[1].source_row == 4);  // the file's own line, past the blank one
    CHECK(f.records[1].term->key() == 1141);
}

TEST_CASE("plan: a student id column makes rows for that student, TSV by extension") {
    const PlanFile f = parse_plan("student_id\tcode\tterm\tcredits\n211271003\tEAM6302\t1141\t2\n", "plan.tsv");
    REQUIRE(f.ok());
    REQUIRE(f.records.size() == 1);
    CHECK(f.records[0].subject_id == "211271003");
    CHECK(f.records[0].planned);
}

TEST_CASE("plan: an unknown column is located, with a did-you-mean, and nothing is read") {
    const PlanFile f = parse_plan("code,term,credit,remark\nEAM6302,1141,2,x\n", "plan.csv");
    CHECK_FALSE(f.ok());
    CHECK(f.records.empty());
    CHECK(locations(f) == std::vector<Loc>{{"P001", 1, 3}, {"P001", 1, 4}});
    CHECK(f.diagnostics[0].message == "column 'credit' is not a transcript column; did you mean 'credits'?");
    CHECK(message_text(Language::zh_TW, f.diagnostics[0].message_code, f.diagnostics[0].params) ==
          "「credit」不是成績單的欄位；是不是要寫 'credits'？");
}

TEST_CASE("plan: a grade, malformed credits or term are located errors in the file's own cells") {
    const PlanFile graded = parse_plan("code,term,credits,grade\nEAM6302,1141,2,90\nEAM6303,1141,2,\n", "plan.csv");
    CHECK(locations(graded) == std::vector<Loc>{{"P002", 2, 4}});
    CHECK(graded.records.empty());
    const PlanFile bad = parse_plan("code,term,credits\nEAM6302,1141,two\nEAM6303,114-5,2\n", "plan.csv");
    CHECK_FALSE(bad.ok());
    CHECK(bad.records.empty());
    REQUIRE(bad.diagnostics.size() == 2);
    CHECK(bad.diagnostics[0].code == "R010");
    CHECK(bad.diagnostics[0].where.line == 2);
    CHECK(bad.diagnostics[0].where.column == 3);
    CHECK(bad.diagnostics[1].code == "R011");
    CHECK(bad.diagnostics[1].where.line == 3);
    CHECK(bad.diagnostics[1].where.column == 2);
}

TEST_CASE("plan: a row of another width is said with its own counts") {
    const PlanFile f = parse_plan("code,term,credits\nEAM6302,1141\n", "plan.csv");
    CHECK(locations(f) == std::vector<Loc>{{"R007", 2, 0}});
    CHECK(f.diagnostics[0].message == "row has 2 cells, header has 3");
}

TEST_CASE("plan: JSON records checked as the CSV plan, read_plan throws every diagnostic") {
    const PlanFile ok = parse_plan("[{\"code\": \"EAM6302\", \"term\": \"114-1\", \"credits\": 2},\n"
                                   " {\"student_id\": \"211271003\", \"科目代碼\": \"EAM6303\", \"學分\": \"2\"}]",
                                   "plan.json");
    REQUIRE(ok.ok());
    REQUIRE(ok.records.size() == 2);
    CHECK(ok.records[0].code == "EAM6302");
    CHECK(ok.records[0].subject_id.empty());  // for the subject audited
    CHECK(ok.records[0].planned);
    CHECK(ok.records[1].subject_id == "211271003");
    CHECK(ok.records[1].credits == 2);
    const PlanFile wrapped = parse_plan("{\"records\": [{\"code\": \"EAM6302\", \"credits\": 2}]}", "p.txt");
    REQUIRE(wrapped.records.size() == 1);
    const PlanFile bad = parse_plan("[{\"code\": \"EAM6302\", \"credits\": 2, \"grade\": \"90\", \"cod\": 1},\n"
                                    " {\"code\": \"EAM6303\", \"credits\": \"x\"}]",
                                    "plan.json");
    CHECK_FALSE(bad.ok());
    CHECK(bad.records.empty());
    std::vector<std::string> codes;
    for (const auto& d : bad.diagnostics) codes.push_back(d.code + " " + d.where.path);
    // The plan's checks, then the transcript reader's, all of them.
    CHECK(codes == std::vector<std::string>{"P002 [0].grade", "P001 [0].cod", "R010 [1].credits"});
    const PlanFile syntax = parse_plan("[{\"code\": \"EAM6302\",\n  \"credits\": }]", "plan.json");
    CHECK(locations(syntax) == std::vector<Loc>{{"R020", 2, 14}});
    CHECK_THROWS_AS(read_plan(LIBAUDIT_TEST_DATA "/what-if/bad-columns.csv"), InputError);
    CHECK(read_plan(LIBAUDIT_TEST_DATA "/what-if/plan.tsv").size() == 1);
}

TEST_CASE("plan: YAML records, each problem at its value's line and column, nothing read from a bad file") {
    const PlanFile ok = parse_plan("records:\n  - code: EAM6302\n    term: \"114-1\"\n    credits: 2\n"
                                   "  - {科目代碼: EAM6303, 學年期: 1141, 學分: 2, tags: [a, b]}\n",
                                   "plan.yaml");
    REQUIRE(ok.ok());
    REQUIRE(ok.records.size() == 2);
    CHECK(ok.records[0].code == "EAM6302");
    CHECK(ok.records[0].source_row == 2);  // the record's line in the YAML file
    CHECK(ok.records[0].planned);
    CHECK(ok.records[0].subject_id.empty());
    CHECK(ok.records[1].credits == 2);
    CHECK(ok.records[1].tags == std::vector<std::string>{"a", "b"});
    CHECK(ok.records[1].term.has_value());
    const PlanFile bad = parse_plan("- code: EAM6302\n  credits: 2\n"
                                    "- code: EAM6303\n  term: 1141\n  credits: 2\n  grade: A\n"
                                    "- code: EAM6304\n  term: 1141\n  credit: 2\n"
                                    "- code: EAM6305\n  term: 1141\n  credits: two\n",
                                    "plan.yml");
    CHECK_FALSE(bad.ok());
    CHECK(bad.records.empty());
    // The plan's own checks first (P), then the transcript reader's (R), moved onto the YAML.
    CHECK(locations(bad) == std::vector<Loc>{{"P002", 6, 3}, {"P001", 9, 3}});
    const PlanFile cells = parse_plan("- code: EAM6302\n  term: 11413\n  credits: 2\n- code: EAM6305\n  term: 1141\n  credits: two\n",
                                      "plan.yaml");
    CHECK(locations(cells) == std::vector<Loc>{{"R011", 2, 9}, {"R010", 6, 12}});
    // A record without credits (another one has them): at the record.
    CHECK(locations(parse_plan("- {code: A, term: 1141, credits: 2}\n- {code: B, term: 1141}\n", "p.yaml")) ==
          std::vector<Loc>{{"R010", 2, 3}});
    // No record has a term: the transcript reader's missing column, at the first record.
    CHECK(locations(parse_plan("- {code: A, credits: 2}\n", "p.yaml")) == std::vector<Loc>{{"R006", 1, 3}});
    CHECK(locations(parse_plan("code: EAM6302\n", "p.yaml")) == std::vector<Loc>{{"P003", 1, 1}});
    CHECK(locations(parse_plan("- [EAM6302]\n", "p.yaml")) == std::vector<Loc>{{"P003", 1, 3}});
    CHECK(locations(parse_plan("- code: A\n  code: B\n", "p.yaml")) == std::vector<Loc>{{"E011", 2, 3}});
    CHECK(locations(parse_plan("- code: [A\n", "p.yaml")).size() == 1);
}

TEST_CASE("plan: a course no programme rule set has is P004, located, unless ticked as an outside course") {
    const RuleSet rules = load_ruleset(LIBAUDIT_SOURCE_DIR "/rules/ntue-eam/eam-mse-112.yaml");
    const std::string csv = "code,term,credits,selected\nEAM6302,1141,2,\nEAM6399,1141,2,\nEDU7001,1141,3,Y\n";
    CHECK(parse_plan(csv, "plan.csv").ok());  // without rule sets: not checked
    const PlanFile f = parse_plan(csv, "plan.csv", {}, {rules});
    CHECK(locations(f) == std::vector<Loc>{{"P004", 3, 1}});
    CHECK(f.records.empty());
    CHECK(f.diagnostics[0].message.find("EAM6399 is not a course of ntue-eam-mse-112") != std::string::npos);
    const PlanFile json = parse_plan("{\"records\": [{\"code\": \"EAM6399\", \"term\": \"1141\", \"credits\": 2}]}",
                                     "plan.json", {}, {rules});
    REQUIRE(json.diagnostics.size() == 1);
    CHECK(json.diagnostics[0].where.path == "records[0]");
    const PlanFile yaml = parse_plan("- code: EAM6302\n  term: 1141\n  credits: 2\n- term: 1141\n  credits: 2\n  code: EAM6399\n",
                                     "plan.yaml", {}, {rules});
    CHECK(locations(yaml) == std::vector<Loc>{{"P004", 6, 9}});
    const PlanFile ticked = parse_plan("- {code: EDU7001, term: 1141, credits: 3, 勾選: Y}\n", "plan.yaml", {}, {rules});
    CHECK(ticked.ok());
    CHECK(ticked.records.size() == 1);
    CHECK_THROWS_AS(read_plan(LIBAUDIT_TEST_DATA "/what-if/unknown-course.csv", {}, {rules}), InputError);
}
