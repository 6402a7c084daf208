#include <libaudit/audit.hpp>
#include <libaudit/diff.hpp>
#include <libaudit/records.hpp>
#include <libaudit/ruleset.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace libaudit;

namespace {
const std::string root = LIBAUDIT_SOURCE_DIR;
const std::string records = root + "/tests/data/diff/cohort/transcripts.csv";
const std::string profiles = root + "/tests/data/diff/cohort/students.csv";

// Each subject's items from a one-audit stream over `rules`.
std::vector<BatchItem> one_pass(const std::vector<RuleSet>& rules) {
    SubjectReader reader(records, SubjectReader::ProfilesFile(profiles));
    std::vector<BatchItem> items;
    audit_stream(
        rules, [&](Subject& s, std::vector<Diagnostic>& p) { return reader.next(s, p); },
        [&](BatchItem& item, const std::string&) { items.push_back(std::move(item)); });
    return items;
}
}  // namespace

TEST_CASE("diff: audit_stream_twice gives each subject the results of two separate streams") {
    const std::vector<RuleSet> old_rules = load_rulesets(root + "/rules/ntue-eam");
    const std::vector<RuleSet> new_rules = load_rulesets(root + "/tests/data/diff/ntue-eam-next");
    const std::vector<BatchItem> a = one_pass(old_rules), b = one_pass(new_rules);
    SubjectReader reader(records, SubjectReader::ProfilesFile(profiles));
    std::size_t i = 0;
    StreamOptions so;
    so.jobs = 2;
    so.max_in_flight = 3;  // the ring wraps around many times
    const std::size_t n = audit_stream_twice(
        old_rules, new_rules, [&](Subject& s, std::vector<Diagnostic>& p) { return reader.next(s, p); },
        [&](BatchItem& x, BatchItem& y) {
            REQUIRE(i < a.size());
            CHECK(x.subject_id == a[i].subject_id);
            CHECK(y.subject_id == b[i].subject_id);
            REQUIRE(x.result);
            REQUIRE(y.result);
            CHECK(x.result->status == a[i].result->status);
            CHECK(y.result->status == b[i].result->status);
            CHECK(x.result->ruleset.version == a[i].result->ruleset.version);
            CHECK(y.result->ruleset.version == b[i].result->ruleset.version);
            ++i;
        },
        {}, so);
    CHECK(n == 16);
    CHECK(i == 16);
}

TEST_CASE("diff: compare_items names the status, the figures and the records that move") {
    const std::vector<RuleSet> old_rules = load_rulesets(root + "/rules/ntue-eam");
    const std::vector<RuleSet> new_rules = load_rulesets(root + "/tests/data/diff/ntue-eam-next");
    const std::vector<BatchItem> a = one_pass(old_rules), b = one_pass(new_rules);
    REQUIRE(a.size() == b.size());
    int status_changes = 0;
    bool saw_move = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK_FALSE(compare_items(a[i], a[i]));  // the same audit twice: nothing differs
        const std::optional<SubjectChange> c = compare_items(a[i], b[i]);
        REQUIRE(c);  // total 30 -> 32 changes every 112/113 student's figures (the cohort has no 097 student)
        CHECK(c->old_outcome == to_string(a[i].result->status));
        CHECK(c->new_outcome == to_string(b[i].result->status));
        status_changes += c->status_changed();
        bool total = false;
        for (const RequirementChange& r : c->requirements)
            if (r.id == "total") {
                total = true;
                CHECK(r.unit == "credits");
                CHECK(r.old_required == 30);
                CHECK(r.new_required == 32);
                CHECK(r.old_earned == r.new_earned);
            }
        CHECK(total);
        for (const RecordMove& m : c->records)
            if (m.code == "EAM6203") {
                saw_move = true;
                CHECK(m.old_place.requirements == std::vector<std::string>{"domain.leadership.electives"});
                CHECK(m.new_place.requirements == std::vector<std::string>{"domain.innovation.electives"});
            }
    }
    CHECK(status_changes == 3);
    CHECK(saw_move);
}

TEST_CASE("diff: two versions for different programmes or kinds are a usage error") {
    DiffRequest r;
    r.records = records;
    r.profiles = profiles;
    r.old_rules = root + "/rules/ntue-eam";
    r.new_rules = root + "/rules/ntue-summer";
    CHECK_THROWS_AS(diff_rules(r), InputError);
    r.new_rules = root + "/rules/tw-inservice/counselling.yaml";
    CHECK_THROWS_AS(diff_rules(r), InputError);
    r.new_rules = root + "/tests/data/diff/ntue-eam-next";
    const DiffReport report = diff_rules(r);
    CHECK(report.subjects == 16);
    CHECK(report.status_changes() == 3);
    CHECK(diff_exit_code(report) == 1);
    const std::string csv = render_diff_csv(report, Language::en);
    CHECK(csv.rfind("student_id,programme,entry_year,change,", 0) == 0);
}
