// Per-row verdicts (families/checks/row_report.cpp) with the bundled attendee-list pack:
// accepted and rejected counts, the reasons of a rejected row, masking of personal values.
#include <doctest/doctest.h>
#include <libaudit/dataset.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include "families/checks/row_report.hpp"

#include <string>

using namespace libaudit;

namespace {

AuditResult check(const std::string& csv) {
    static const RuleSet pack =
        load_ruleset(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/tw-inservice-organiser/attendee-list.yaml");
    Dataset d;
    parse_dataset_input(pack, csv, "list.csv", "", d);
    return audit_dataset(pack, d);
}

}  // namespace

TEST_CASE("row_report: counts and the reasons of rejected rows") {
    const AuditResult r = check("A123456789,3\nA123456788,2\nA123456789,0.75\n");
    REQUIRE(r.row_reports.size() == 1);
    const RowReport& rep = r.row_reports[0];
    CHECK(rep.table == "attendees");
    CHECK(rep.rows == 3);
    CHECK(rep.accepted == 1);
    CHECK(rep.rejected == 2);
    bool bad_id = false, unit = false;
    for (const auto& v : rep.verdicts) {
        if (v.accepted) continue;
        for (const auto& why : v.reasons) {
            if (v.line == 2 && why.rule == "attendee-id") bad_id = true;
            if (v.line == 3 && why.rule == "hours-unit") unit = true;
        }
    }
    CHECK(bad_id);
    CHECK(unit);
}

TEST_CASE("row_report: personal values are masked unless unmasked") {
    RenderOptions o;
    CHECK(detail::mask_value("A123456789", true, o) == "A1234*****");
    CHECK(detail::mask_value("3", false, o) == "3");
    o.unmask_ids = true;
    CHECK(detail::mask_value("A123456789", true, o) == "A123456789");
    const AuditResult r = check("A123456788,2\n");
    const std::string masked = render_text(r);
    CHECK(masked.find("A1234*****") != std::string::npos);
    CHECK(masked.find("A123456788") == std::string::npos);
    RenderOptions un;
    un.unmask_ids = true;
    CHECK(render_text(r, un).find("A123456788") != std::string::npos);
    CHECK(render_json(r).find("A123456788") == std::string::npos);
}

// --unmask-ids shows national IDs, as documented, never passwords or other secrets; those are
// eight stars whatever their length.
TEST_CASE("mask_value: --unmask-ids shows IDs, never passwords") {
    RenderOptions masked;
    RenderOptions unmasked;
    unmasked.unmask_ids = true;
    CHECK(detail::mask_value("A123456789", true, masked) == "A1234*****");
    CHECK(detail::mask_value("A123456789", true, unmasked) == "A123456789");
    CHECK(detail::mask_value("Ntue@2025pw", true, masked) == "********");
    CHECK(detail::mask_value("Ntue@2025pw", true, unmasked) == "********");
    CHECK(detail::mask_value("56789@Ntue", true, unmasked) == "********");
    CHECK(detail::mask_value("x", true, unmasked) == "********");
    CHECK(detail::mask_value("plain", false, masked) == "plain");
}
