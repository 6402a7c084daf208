// Audit semantics end to end through the library API: grades, repeats, flexible credits, caps,
// shared requirements, eligibility flags and determinism.
#include <doctest/doctest.h>
#include <libaudit/audit.hpp>
#include <libaudit/render.hpp>
#include <libaudit/validators.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <thread>

using namespace libaudit;

namespace {

const std::string kRules = R"(libaudit: 1
kind: programme
id: audit-test
version: "1"
title: 測試
applies_to: {programme: T, entry_years: [113]}
grading: {pass_mark: 70, repeats: REPEATS}
courses:
  - {code: R1, title: 必修一, credits: 3, type: required, domain: a}
  - {code: X, title: 兩領域, credits: 3, domain: [a, b]}
  - {code: Y, title: 甲領域, credits: 3, domain: a}
  - {code: Z, title: 自由選修, credits: 2, equivalents: [Z-OLD]}
domains:
  - {id: a, title: 甲, min_credits: 6}
  - {id: b, title: 乙, min_credits: 3}
total: {min_credits: 14}
flexible: {max_credits: 4, requires_approval: APPROVAL}
eligibility: {min_semesters: 2, max_years: 4, legacy_before: "2098"}
checks:
  - {field: english_name, validator: passport_name}
  - {field: email, validator: email, pattern: "a{student_id}@grad.ntue.edu.tw"}
  - {field: mobile, validator: tw_mobile, severity: warning}
)";

RuleSet rules(const std::string& repeats = "best", const std::string& approval = "false") {
    std::string y = kRules;
    y.replace(y.find("REPEATS"), 7, repeats);
    y.replace(y.find("APPROVAL"), 8, approval);
    return load_ruleset_from_string(y, "audit-test.yaml");
}

Record rec(const std::string& code, const std::string& term, double credits, const std::string& grade,
           bool selected = false) {
    static int row = 1;
    Record r;
    r.subject_id = "211300001";
    r.code = code;
    r.title = code;
    r.term = parse_term(term);
    r.credits = credits;
    r.grade = grade;
    r.selected = selected;
    r.source_row = ++row;
    return r;
}

Subject student(std::vector<Record> records) {
    Subject s;
    s.records = std::move(records);
    s.profile.present = true;
    s.profile.subject_id = "211300001";
    s.profile.programme = "T";
    s.profile.entry_year = 113;
    s.profile.semesters = 3;
    s.profile.english_name = "WANG, TA-MING";
    s.profile.email = "a211300001@grad.ntue.edu.tw";
    s.profile.mobile = "0912-345-678";
    return s;
}

// A transcript meeting everything: R1 + Y in a, X in b, Z elective, 3 + 3 + 3 + 2 = 11, + 3 flexible.
std::vector<Record> complete() {
    return {rec("R1", "1131", 3, "85"), rec("X", "1131", 3, "90"), rec("Y", "1132", 3, "77"),
            rec("Z", "1132", 2, "70"), rec("OUT1", "1141", 3, "88", true)};
}

const RequirementResult* find(const std::vector<RequirementResult>& rs, const std::string& id) {
    for (const auto& r : rs) {
        if (r.id == id) return &r;
        if (auto* c = find(r.children, id)) return c;
    }
    return nullptr;
}

std::vector<std::string> flag_codes(const AuditResult& r) {
    std::vector<std::string> out;
    for (const auto& f : r.flags) out.push_back(f.code);
    return out;
}

std::string reason_of(const AuditResult& r, const std::string& code) {
    for (const auto& e : r.excluded)
        if (e.record.code == code) return e.reason;
    return "";
}

}  // namespace

TEST_CASE("audit: a complete transcript is met, and X goes to the domain only it can satisfy") {
    const AuditResult r = audit(rules(), student(complete()));
    CHECK(r.status == Status::met);
    CHECK(flag_codes(r).empty());
    REQUIRE(find(r.requirements, "domain.b"));
    CHECK(find(r.requirements, "domain.b")->status == Status::met);
    CHECK(find(r.requirements, "domain.a")->status == Status::met);
    CHECK(*find(r.requirements, "total")->earned.credits == 14);
    CHECK(*find(r.requirements, "flexible")->earned.credits == 3);
    CHECK(r.excluded.empty());
    CHECK(r.as_of == parse_term("1141"));
    CHECK(exit_code(r.status) == 0);
}

TEST_CASE("audit: grades") {
    SUBCASE("failed and withdrawn are listed with their reason") {
        auto recs = complete();
        recs.push_back(rec("Y", "1122", 3, "65"));
        recs.push_back(rec("NEW", "1141", 2, "停修"));
        const AuditResult r = audit(rules(), student(recs));
        CHECK(r.status == Status::met);
        CHECK(r.excluded.size() == 2);
        CHECK(reason_of(r, "NEW") == "withdrawn");
        CHECK(r.excluded.front().reason == "failed");  // 112-2 sorts first
    }
    SUBCASE("an in-progress course makes it met pending; W and empty grades are in progress") {
        auto recs = complete();
        recs[3].grade = "W";
        recs[2].grade = "";
        const AuditResult r = audit(rules(), student(recs));
        CHECK(r.status == Status::met_pending);
        CHECK(exit_code(r.status) == 4);
        CHECK(*find(r.requirements, "total")->pending.credits == 5);
        CHECK(find(r.requirements, "domain.a")->status == Status::met_pending);
    }
    SUBCASE("a grade the rule set does not know makes the input invalid, naming the row") {
        auto recs = complete();
        recs[1].grade = "A+";
        const AuditResult r = audit(rules(), student(recs));
        CHECK(r.status == Status::invalid);
        CHECK(reason_of(r, "X") == "invalid_grade");
        REQUIRE(!r.flags.empty());
        CHECK(r.flags.back().code == "invalid_grade");
    }
    SUBCASE("below the pass mark fails, at it passes") {
        auto recs = complete();
        recs[0].grade = "69.9";
        CHECK(audit(rules(), student(recs)).status == Status::not_met);
        recs[0].grade = "70";
        CHECK(audit(rules(), student(recs)).status == Status::met);
        recs[0].grade = "069";
        CHECK(audit(rules(), student(recs)).status == Status::not_met);
        recs[0].grade = "100";
        CHECK(audit(rules(), student(recs)).status == Status::met);
        recs[0].grade = "70.0";
        CHECK(audit(rules(), student(recs)).status == Status::met);
    }
    SUBCASE("a number above 100 or below 0 is not a grade") {
        for (const char* bad : {"101", "999", "-5", "100.5"}) {
            auto recs = complete();
            recs[0].grade = bad;
            CHECK_MESSAGE(audit(rules(), student(recs)).status == Status::invalid, bad);
        }
    }
}

TEST_CASE("audit: repeats count once, best or latest") {
    auto recs = complete();
    recs.push_back(rec("Y", "1141", 3, "W"));   // retaking Y this term
    SUBCASE("best keeps the passed attempt") {
        const AuditResult r = audit(rules("best"), student(recs));
        CHECK(r.status == Status::met);
        CHECK(reason_of(r, "Y") == "repeat");
    }
    SUBCASE("latest lets the in-progress retake decide") {
        const AuditResult r = audit(rules("latest"), student(recs));
        CHECK(r.status == Status::met_pending);
    }
    SUBCASE("an equivalent code is the same course") {
        auto more = complete();
        more.push_back(rec("Z-OLD", "1122", 2, "95"));
        const AuditResult r = audit(rules("best"), student(more));
        CHECK(r.excluded.size() == 1);
        CHECK(reason_of(r, "Z") == "repeat");  // Z-OLD's 95 beats Z's 70
    }
}

TEST_CASE("audit: attempts in the same term give the same result in any row order, and are flagged") {
    for (const std::string policy : {"best", "latest"}) {
        CAPTURE(policy);
        auto recs = complete();
        recs.push_back(rec("Y", "1132", 3, "W"));    // the same term as the passed Y (77)
        recs.push_back(rec("Y", "1132", 3, "65"));   // and a failed one
        std::vector<std::string> seen;
        std::sort(recs.begin(), recs.end(), [](const Record& a, const Record& b) { return a.source_row < b.source_row; });
        do {
            auto rows = recs;  // as a file in this order would number them
            for (std::size_t i = 0; i < rows.size(); ++i) rows[i].source_row = static_cast<int>(i) + 2;
            const AuditResult r = audit(rules(policy), student(rows));
            CHECK(r.status == Status::met);  // the pass counts, whatever the order of the rows
            const auto flags = flag_codes(r);
            CHECK(std::count(flags.begin(), flags.end(), "same_term_attempts") == 1);
            std::string excluded;
            for (const auto& e : r.excluded) excluded += e.record.code + "/" + e.record.grade + " ";
            seen.push_back(excluded);
        } while (std::next_permutation(recs.begin() + 2, recs.end(), [](const Record& a, const Record& b) {
            return a.source_row < b.source_row;
        }));
        CHECK(seen.size() == 120);
        CHECK(std::count(seen.begin(), seen.end(), seen.front()) == 120);
    }
}

TEST_CASE("audit: flexible credits count only when ticked, up to the cap, whole courses") {
    auto recs = complete();
    recs[4].selected = false;
    SUBCASE("not ticked") {
        const AuditResult r = audit(rules(), student(recs));
        CHECK(r.status == Status::not_met);
        CHECK(reason_of(r, "OUT1") == "outside_framework");
        CHECK(*find(r.requirements, "total")->remaining.credits == 3);
    }
    SUBCASE("ticked from the command line by code") {
        AuditOptions o;
        o.selected = {"OUT1"};
        CHECK(audit(rules(), student(recs), o).status == Status::met);
    }
    SUBCASE("over the cap: 3 + 2 + 2 ticked, cap 4: the 2 + 2 count") {
        recs[4].selected = true;
        recs.push_back(rec("OUT2", "1141", 2, "80", true));
        recs.push_back(rec("OUT3", "1141", 2, "80", true));
        const AuditResult r = audit(rules(), student(recs));
        CHECK(*find(r.requirements, "flexible")->earned.credits == 4);
        CHECK(reason_of(r, "OUT1") == "over_cap");
        CHECK(r.status == Status::met);  // 11 + 4 = 15 >= 14
    }
}

TEST_CASE("audit: flexible credits needing approval") {
    auto recs = complete();
    SUBCASE("the result depends on unapproved ticks: needs review") {
        const AuditResult r = audit(rules("best", "true"), student(recs));
        CHECK(r.status == Status::needs_review);
        CHECK(flag_codes(r) == std::vector<std::string>{"flexible_needs_approval"});
    }
    SUBCASE("approved ticks count") {
        recs[4].approved = true;
        CHECK(audit(rules("best", "true"), student(recs)).status == Status::met);
    }
}

TEST_CASE("audit: eligibility and data flags") {
    SUBCASE("legacy cohort") {
        Subject s = student(complete());
        s.profile.subject_id = "209700001";
        s.profile.email = "a209700001@grad.ntue.edu.tw";
        const AuditResult r = audit(rules(), s);
        CHECK(r.status == Status::needs_review);
        CHECK(flag_codes(r) == std::vector<std::string>{"legacy_cohort"});
    }
    SUBCASE("extension required in year 4 when not met, not when met") {
        auto recs = complete();
        recs.pop_back();
        AuditOptions o;
        o.as_of = parse_term("1161");
        CHECK(flag_codes(audit(rules(), student(recs), o)) == std::vector<std::string>{"extension_required"});
        o.as_of = parse_term("1151");
        CHECK(flag_codes(audit(rules(), student(recs), o)).empty());
        CHECK(flag_codes(audit(rules(), student(complete()), AuditOptions{parse_term("1161"), {}, 0, {}, {}, {}, {}, {}})).empty());
    }
    SUBCASE("too few semesters") {
        Subject s = student(complete());
        s.profile.semesters = 1;
        const AuditResult r = audit(rules(), s);
        CHECK(r.status == Status::not_met);
        CHECK(find(r.requirements, "semesters")->status == Status::not_met);
    }
    SUBCASE("semesters derived from the transcript when the profile has none") {
        Subject s = student(complete());
        s.profile.semesters.reset();
        const AuditResult r = audit(rules(), s);
        CHECK(*find(r.requirements, "semesters")->earned.semesters == 3);
        CHECK(flag_codes(r) == std::vector<std::string>{"semesters_from_records"});
    }
    SUBCASE("profile checks do not change the status") {
        Subject s = student(complete());
        s.profile.english_name = "Wang Ta-Ming";
        s.profile.email = "wang@example.com";
        s.profile.mobile = "";
        s.profile.teacher_education_pending = true;
        const AuditResult r = audit(rules(), s);
        CHECK(r.status == Status::met);
        CHECK(flag_codes(r) == std::vector<std::string>{"teacher_education_pending", "invalid_english_name",
                                                        "invalid_email", "missing_mobile"});
        CHECK(r.flags[3].severity == "warning");
    }
    SUBCASE("a rule set for another programme or entry year") {
        Subject s = student(complete());
        s.profile.entry_year = 112;
        const AuditResult r = audit(rules(), s);
        CHECK(r.status == Status::needs_review);
        CHECK(flag_codes(r) == std::vector<std::string>{"ruleset_mismatch"});
    }
    SUBCASE("no profile") {
        Subject s = student(complete());
        s.profile = Profile{};
        const AuditResult r = audit(rules(), s);
        CHECK(flag_codes(r) == std::vector<std::string>{"semesters_from_records", "no_profile"});
        CHECK(r.subject.id == "211300001");
    }
}

TEST_CASE("audit: records after the as-of term are not counted") {
    AuditOptions o;
    o.as_of = parse_term("1132");
    const AuditResult r = audit(rules(), student(complete()), o);
    CHECK(reason_of(r, "OUT1") == "after_as_of");
    CHECK(r.status == Status::not_met);
}

TEST_CASE("audit: shared requirements count records that also count elsewhere") {
    std::string y = kRules;
    y.replace(y.find("REPEATS"), 7, "best");
    y.replace(y.find("APPROVAL"), 8, "false");
    y += "requirements:\n  - {id: core-pair, title: 核心二門, courses: [R1, X], share: true}\n";
    const AuditResult r = audit(load_ruleset_from_string(y, "s.yaml"), student(complete()));
    CHECK(r.status == Status::met);
    const auto* pair = find(r.requirements, "core-pair");
    REQUIRE(pair);
    CHECK(pair->status == Status::met);
    CHECK(pair->counted.size() == 2);
    CHECK(*find(r.requirements, "total")->earned.credits == 14);  // not counted twice
}

// A record counted by a shared requirement only (the main tree has no place for it) is counted,
// never listed as excluded at the same time.
TEST_CASE("audit: a record counted only by a shared requirement is not excluded") {
    std::string y = kRules;
    y.replace(y.find("REPEATS"), 7, "best");
    y.replace(y.find("APPROVAL"), 8, "false");
    y += "requirements:\n  - {id: english-taught, title: 英語授課, where: {code: [EN1]}, min_courses: 1, share: true}\n";
    auto recs = complete();
    recs.push_back(rec("EN1", "1132", 2, "80"));  // not in the framework, not ticked
    const AuditResult r = audit(load_ruleset_from_string(y, "s.yaml"), student(recs));
    const auto* english = find(r.requirements, "english-taught");
    REQUIRE(english);
    CHECK(english->status == Status::met);
    REQUIRE(english->counted.size() == 1);
    CHECK(english->counted[0].code == "EN1");
    CHECK(reason_of(r, "EN1").empty());
}

TEST_CASE("audit: the result does not depend on the order of the records") {
    auto recs = complete();
    recs.push_back(rec("Y", "1122", 3, "65"));
    recs.push_back(rec("OUT2", "1141", 2, "80", true));
    const std::string expected = render_json(audit(rules(), student(recs)));
    std::mt19937 rng(7);
    for (int i = 0; i < 20; ++i) {
        std::shuffle(recs.begin(), recs.end(), rng);
        CHECK(render_json(audit(rules(), student(recs))) == expected);
    }
}

TEST_CASE("audit: summer programmes count summer sessions as enrolled semesters") {
    std::string y = kRules;
    y.replace(y.find("REPEATS"), 7, "best");
    y.replace(y.find("APPROVAL"), 8, "false");
    Subject s = student({rec("R1", "1123", 3, "85"), rec("X", "1133", 3, "90"), rec("Y", "1133", 3, "77"),
                         rec("Z", "1143", 2, "70"), rec("OUT1", "1143", 3, "88", true)});
    s.profile.semesters.reset();
    auto semesters = [&](const std::string& rules) {
        const AuditResult r = audit(load_ruleset_from_string(rules, "s.yaml"), s);
        return *find(r.requirements, "semesters")->earned.semesters;
    };
    CHECK(semesters(y) == 0);
    y.replace(y.find("legacy_before: \"2098\"}"), 22, "legacy_before: \"2098\", count_summer: true}");
    CHECK(semesters(y) == 3);
}

// A search that runs out of budget sends the student to manual review only when another
// placement could change the verdict.
TEST_CASE("audit: an exhausted search asks for review only when the verdict is open") {
    // Ten domains; ten 3-credit courses each fitting two neighbouring domains.
    std::string y = "libaudit: 1\nkind: programme\nid: budget\nversion: '1'\ntitle: t\ncourses:\n";
    for (int d = 0; d < 10; ++d)
        y += "  - {code: C" + std::to_string(d) + ", title: t, credits: 3, domain: [d" + std::to_string(d) + ", d" +
             std::to_string((d + 1) % 10) + "]}\n";
    y += "domains:\n";
    for (int d = 0; d < 10; ++d) y += "  - {id: d" + std::to_string(d) + ", title: D, min_credits: 3}\n";
    Subject s;
    s.profile.subject_id = "1";
    for (int d = 0; d < 10; ++d) s.records.push_back(rec("C" + std::to_string(d), "1131", 3, "80"));
    AuditOptions tiny;
    tiny.max_steps = 1;
    SUBCASE("proven unreachable total: not_met stays, the flag is informative") {
        const AuditResult r = audit(load_ruleset_from_string(y + "total: {min_credits: 60}\n", "b.yaml"), s, tiny);
        CHECK(r.status == Status::not_met);
        for (const auto& f : r.flags)
            if (f.code == "allocation_incomplete") CHECK(f.severity == "info");
    }
    SUBCASE("a verdict the search could still change: needs review") {
        // All ten courses: every domain can be met (course d to domain d), so unless the cut-short
        // search found that placement, the verdict is open.
        const RuleSet rules = load_ruleset_from_string(y + "total: {min_credits: 30}\n", "b.yaml");
        const AuditResult full = audit(rules, s);
        CHECK(full.allocation.optimal);
        CHECK(full.status == Status::met);
        const AuditResult cut = audit(rules, s, tiny);
        if (!cut.allocation.optimal && cut.status != Status::met) {
            CHECK(cut.status == Status::needs_review);
        } else {
            CHECK(cut.status == full.status);
        }
    }
}

// One loaded rule set shared by concurrent audits gives every thread the same results as a
// single-threaded run (the model is immutable; audits keep their state on their own stacks).
TEST_CASE("audit: a rule set is shared safely by concurrent audits") {
    const RuleSet shared = load_ruleset(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/ntue-eam/eam-mse-113.yaml");
    const std::string dir = std::string(LIBAUDIT_SOURCE_DIR) + "/examples/grad/";
    std::vector<Subject> students;
    for (const char* c : {"eam-met-pending", "eam-semesters", "eam-teacher-education"}) {
        auto s = group_subjects(read_records(dir + c + "/transcript.csv"), read_profiles(dir + c + "/student.csv"));
        students.push_back(s.front());
    }
    std::vector<std::string> expected;
    for (const auto& s : students) expected.push_back(render_json(audit(shared, s)));
    std::vector<std::string> mismatches(4);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 50; ++round) {
                const std::size_t k = static_cast<std::size_t>(round + t) % students.size();
                if (render_json(audit(shared, students[k])) != expected[k]) mismatches[t] = "thread " + std::to_string(t);
            }
        });
    }
    for (auto& th : threads) th.join();
    for (const auto& m : mismatches) CHECK(m.empty());
}

TEST_CASE("audit: audit_many keeps input order and equals one-by-one audits, whatever the threads") {
    const std::vector<RuleSet> rules = load_rulesets(std::string(LIBAUDIT_SOURCE_DIR) + "/rules");
    const std::string dir = std::string(LIBAUDIT_SOURCE_DIR) + "/tests/data/cohort/";
    const std::vector<Subject> cohort = group_subjects(read_records(dir + "transcripts.csv"), read_profiles(dir + "students.csv"));
    REQUIRE(cohort.size() == 8);
    std::vector<std::string> expected;
    for (const auto& s : cohort) {
        std::string why;
        const auto r = choose_ruleset(rules, s.profile, &why);
        expected.push_back(r ? render_json(audit(*r, s)) : "no rule set: " + why);
    }
    for (unsigned jobs : {1u, 2u, 4u, 16u}) {
        std::size_t last_progress = 0;
        const auto items = audit_many(rules, cohort, {}, jobs, [&](std::size_t done) { last_progress = done; });
        REQUIRE(items.size() == cohort.size());
        CHECK(last_progress == cohort.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
            CHECK(items[i].subject_id == cohort[i].profile.subject_id);
            CHECK((items[i].result ? render_json(*items[i].result) : "no rule set: " + items[i].error) == expected[i]);
        }
    }
    CHECK(audit_many(rules, {}, {}, 4).empty());
}

TEST_CASE("audit: audit_stream writes in input order with a bounded ring, and passes input problems through") {
    const std::vector<RuleSet> rules = load_rulesets(std::string(LIBAUDIT_SOURCE_DIR) + "/rules");
    const std::string dir = std::string(LIBAUDIT_SOURCE_DIR) + "/tests/data/cohort/";
    const std::vector<Subject> cohort = group_subjects(read_records(dir + "transcripts.csv"), read_profiles(dir + "students.csv"));
    const auto expected = audit_many(rules, cohort, {}, 1);
    for (unsigned jobs : {1u, 2u, 3u}) {
        for (std::size_t ring : {1u, 2u, 5u, 0u}) {
            std::size_t i = 0;
            std::vector<std::string> got;
            StreamOptions so;
            so.jobs = jobs;
            so.max_in_flight = ring;
            so.render = [](const BatchItem& item) { return item.result ? render_json(*item.result) : "problems"; };
            const auto next = [&](Subject& s, std::vector<Diagnostic>& problems) {
                if (i >= cohort.size()) return false;
                s = cohort[i];
                problems.clear();
                if (i == 3) problems.push_back(Diagnostic{});  // a bad row in this subject's input
                ++i;
                return true;
            };
            const std::size_t n = audit_stream(rules, next, [&](const BatchItem& item, const std::string& text) {
                got.push_back(item.subject_id + ":" + text);
                CHECK(item.problems.size() == (got.size() == 4 ? 1u : 0u));
            }, {}, so);
            REQUIRE(n == cohort.size());
            for (std::size_t k = 0; k < n; ++k) {
                const auto& e = expected[k];
                CHECK(got[k] == e.subject_id + ":" + (k == 3 ? "problems" : e.result ? render_json(*e.result) : "problems"));
            }
        }
    }
    // An exception from the reader stops the batch and reaches the caller.
    const auto failing = [](Subject&, std::vector<Diagnostic>&) -> bool { throw IoError("disk gone"); };
    CHECK_THROWS_AS(audit_stream(rules, failing, [](const BatchItem&, const std::string&) {}), IoError);
}

// One meaning per validator name in every family: `national_id` is a national ID only (it used to
// accept resident certificate numbers in programme profile checks but not in checks rules);
// `person_id` is either; the e-mail pattern compares without regard to case in both families.
TEST_CASE("profile checks: validator names mean what they mean in checks rules") {
    std::string y = kRules;
    y.replace(y.find("REPEATS"), 7, "best");
    y.replace(y.find("APPROVAL"), 8, "false");
    auto with_check = [&](const std::string& validator) {
        std::string t = y;
        t += "  - {field: national_id, validator: " + validator + "}\n";
        return load_ruleset_from_string(t, "v.yaml");
    };
    Subject s;
    s.profile.present = true;
    s.profile.subject_id = "211300001";
    s.profile.programme = "T";
    s.profile.entry_year = 113;
    s.profile.english_name = "WANG, TA-MING";
    s.profile.email = "A211300001@GRAD.NTUE.EDU.TW";  // the pattern's address in capitals
    s.profile.mobile = "0912345678";
    s.profile.national_id = "AC01234567";  // a valid resident certificate number (old form)
    REQUIRE(valid_resident_id(s.profile.national_id));
    auto flagged = [](const AuditResult& r, const std::string& code) {
        return std::any_of(r.flags.begin(), r.flags.end(), [&](const Flag& f) { return f.code == code; });
    };
    const AuditResult national = audit(with_check("national_id"), s);
    CHECK(flagged(national, "invalid_national_id"));
    CHECK_FALSE(flagged(national, "invalid_email"));
    CHECK_FALSE(flagged(audit(with_check("person_id"), s), "invalid_national_id"));
    CHECK_FALSE(flagged(audit(with_check("resident_id"), s), "invalid_national_id"));
    const LintResult typo = lint_ruleset_from_string(y + "  - {field: national_id, validator: natonal_id}\n", "t.yaml");
    REQUIRE(typo.has_errors());
    CHECK(typo.diagnostics.front().message.find("did you mean 'national_id'") != std::string::npos);
}
