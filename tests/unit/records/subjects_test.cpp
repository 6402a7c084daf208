// records/subjects: group_subjects, one Subject per student id with the first profile of that id.
#include <libaudit/records.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace libaudit;

namespace {

Record record(const std::string& id, const std::string& code) {
    Record r;
    r.subject_id = id;
    r.code = code;
    return r;
}

Profile profile(const std::string& id, const std::string& name) {
    Profile p;
    p.subject_id = id;
    p.name = name;
    return p;
}

}  // namespace

TEST_CASE("subjects: the first profile of an id wins, later ones are ignored") {
    const auto subjects = group_subjects({record("A", "X1"), record("A", "X2")},
                                         {profile("A", "first"), profile("A", "second")});
    REQUIRE(subjects.size() == 1);
    CHECK(subjects[0].profile.present);
    CHECK(subjects[0].profile.name == "first");
    CHECK(subjects[0].records.size() == 2);
}

TEST_CASE("subjects: order of first appearance, records in input order, ids compared exactly") {
    const auto subjects = group_subjects({record("b", "1"), record("B", "2"), record("", "3"), record("b", "4"),
                                          record("", "5")},
                                         {});
    REQUIRE(subjects.size() == 3);
    CHECK(subjects[0].profile.subject_id == "b");
    CHECK(subjects[1].profile.subject_id == "B");
    CHECK(subjects[2].profile.subject_id.empty());
    REQUIRE(subjects[0].records.size() == 2);
    CHECK(subjects[0].records[0].code == "1");
    CHECK(subjects[0].records[1].code == "4");
    CHECK(subjects[2].records.size() == 2);
    CHECK_FALSE(subjects[1].profile.present);
}
