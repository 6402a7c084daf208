// Numbers read and written without the C locale (base/number.hpp), and an audit that gives the
// same JSON whatever LC_NUMERIC the host process has set.
#include <doctest/doctest.h>
#include <libaudit/audit.hpp>
#include <libaudit/records.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include "base/number.hpp"
#include "rules/rule_reader.hpp"

#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

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

// The conversions used where the C++ library has no floating-point <charconv> (the WebAssembly
// build, docs/wasm.md) give what <charconv> gives: compared here, where both exist.
TEST_CASE("the portable conversions agree with <charconv>") {
    const char* const texts[] = {"0", "-0", "3", "1.5", "0.75", "88.5", ".5", "5.", "-2.25", "0.1", "1e3", "1E-7", "2.5e+10",
                                 "123456789012345678901234567890", "0.30000000000000004", "1e400", "1e", "1e+", "-", ".",
                                 "1..2", "1.2.3", "0x10", "inf", "nan", "12a", "1,5", "9007199254740993", "4.35", "1e-5"};
    for (const char* text : texts) {
        const std::string_view t = text;
        double g = 0, f = 0;
        const auto rg = std::from_chars(t.data(), t.data() + t.size(), g, std::chars_format::general);
        const auto rf = std::from_chars(t.data(), t.data() + t.size(), f, std::chars_format::fixed);
        const bool g_ok = rg.ec == std::errc() && rg.ptr == t.data() + t.size() && std::isfinite(g);
        const bool f_ok = rf.ec == std::errc() && rf.ptr == t.data() + t.size() && std::isfinite(f);
        CHECK_MESSAGE(detail::portable::parse_general(t) == (g_ok ? std::optional<double>(g) : std::nullopt), text);
        CHECK_MESSAGE(detail::portable::parse_fixed(t) == (f_ok ? std::optional<double>(f) : std::nullopt), text);
    }
    std::vector<double> values{0.0, -0.0, 0.5, 1.5, 18.0, 2.25, 1e-7, 123456789.0, 0.1 + 0.2, -2.5, 1e300, 70.0, 1234567.0,
                               99.99999, 1e22, 1e21, 1e15, 1.2345678901234568e+20, 123456.789, 5e-324, 1.7976931348623157e308,
                               0.001, 1e-5, 1234.5678, 2.0 / 3.0, 1e16 + 2, 4.35, 0.000123};
    std::mt19937_64 rng(22);
    for (int i = 0; i < 2000; ++i) {
        values.push_back(static_cast<double>(rng() % 100000) / 100.0);                      // transcript-like
        values.push_back(std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 200) - 120));  // any scale
    }
    for (double v : values) {
        char buf[400];
        const auto shortest = std::to_chars(buf, buf + sizeof buf, v);
        CHECK_MESSAGE(detail::portable::format_shortest(v) == std::string(buf, shortest.ptr), v);
        for (int p : {1, 6, 15, 17}) {
            const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, p);
            CHECK_MESSAGE(detail::portable::format_g(v, p) == std::string(buf, r.ptr), v);
        }
        for (int d : {0, 1, 2, 6}) {
            const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, d);
            CHECK_MESSAGE(detail::portable::format_fixed(v, d) == std::string(buf, r.ptr), v);
        }
        const std::string text = detail::format_shortest(v);
        CHECK_MESSAGE(detail::portable::parse_general(text) == v, text);
    }
}
