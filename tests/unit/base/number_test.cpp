// Numbers read and written without the C locale (base/number.hpp), and an audit that gives the
// same JSON whatever LC_NUMERIC the host process has set.
#include <doctest/doctest.h>
#include <libaudit/audit.hpp>
#include <libaudit/records.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include "base/number.hpp"
#include "rules/rule_reader.hpp"

#include <clocale>
#include <cstdio>
#include <string>

using namespace libaudit;

TEST_CASE("parse_number reads decimals whole, in any locale") {
    CHECK(detail::parse_number("88.5") == 88.5);
    CHECK(detail::parse_number("+2") == 2.0);
    CHECK(detail::parse_number("-0.25") == -0.25);
    CHECK(detail::parse_number(" 1e3") == 1000.0);
    CHECK(detail::parse_number(".5") == 0.5);
    for (const char* bad : {"", " ", "88,5", "88.5x", "0x10", "inf", "nan", "-inf", "1e999", "+-1", "++1", "1 "})
        CHECK_MESSAGE(!detail::parse_number(bad), bad);
    CHECK(detail::parse_integer("1092") == 1092LL);
    CHECK(detail::parse_integer("-7") == -7LL);
    CHECK_FALSE(detail::parse_integer("10.5"));
    CHECK_FALSE(detail::parse_integer("99999999999999999999"));
}

TEST_CASE("format_g and format_fixed write what printf writes in the C locale") {
    std::setlocale(LC_ALL, "C");
    for (double v : {0.0, 0.5, 1.5, 18.0, 2.25, 1e-7, 123456789.0, 0.1 + 0.2, -2.5, 1e300, 70.0, 1234567.0, 99.99999})
        for (int p : {6, 15}) {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.*g", p, v);
            CHECK_MESSAGE(detail::format_g(v, p) == buf, v);
        }
    CHECK(detail::format_fixed(3.0, 0) == "3");
    CHECK(detail::format_fixed(2.5, 1) == "2.5");
}

namespace {
std::string slurp(const std::string& path) { return detail::read_file(path); }

std::string audit_json() {
    const std::string dir = std::string(LIBAUDIT_SOURCE_DIR) + "/examples/grad/eam-met/";
    std::string transcript = slurp(dir + "transcript.csv");
    // A decimal grade and a decimal pass mark: both read through the number primitive.
    const auto at = transcript.find(",88,");
    REQUIRE(at != std::string::npos);
    transcript.replace(at, 4, ",88.5,");
    Subject s;
    s.records = parse_records(transcript, "transcript.csv");
    s.profile = parse_profiles(slurp(dir + "student.csv"), "student.csv").at(0);
    const RuleSet rules = load_ruleset(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/ntue-eam/eam-mse-112.yaml");
    return render_json(audit(rules, s));
}
}  // namespace

TEST_CASE("an audit gives identical JSON in the C locale and under a comma-decimal LC_NUMERIC") {
    std::setlocale(LC_ALL, "C");
    const std::string in_c = audit_json();
    CHECK(in_c.find("\"invalid_grade\"") == std::string::npos);
    if (!std::setlocale(LC_ALL, "de_DE.UTF-8")) {
        MESSAGE("locale de_DE.UTF-8 is not installed (bash .ci/install-deps generates it): skipped");
        std::setlocale(LC_ALL, "C");
        return;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%g", 1.5);
    REQUIRE(std::string(buf) == "1,5");  // the locale really is comma-decimal
    const std::string in_de = audit_json();
    std::setlocale(LC_ALL, "C");
    CHECK(in_de == in_c);
}
