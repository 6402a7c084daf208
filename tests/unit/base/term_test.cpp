#include <libaudit/term.hpp>

#include <doctest/doctest.h>

using libaudit::format_term;
using libaudit::parse_term;
using libaudit::Term;

namespace {
Term t(int year, int semester) { return Term{year, semester}; }
}  // namespace

TEST_CASE("term: accepted forms") {
    CHECK(parse_term("1092") == t(109, 2));
    CHECK(parse_term("109-2") == t(109, 2));
    CHECK(parse_term("109/2") == t(109, 2));
    CHECK(parse_term("109 2") == t(109, 2));
    CHECK(parse_term("109 - 2") == t(109, 2));
    CHECK(parse_term("1093") == t(109, 3));
    CHECK(parse_term("114-0") == t(114, 0));
    CHECK(parse_term("114") == t(114, 0));
    CHECK(parse_term("1140") == t(114, 0));
    CHECK(parse_term("99-1") == t(99, 1));
    CHECK(parse_term("0992") == t(99, 2));
    CHECK(parse_term("99") == t(99, 0));
    CHECK(parse_term("1") == t(1, 0));
    CHECK(parse_term("199-3") == t(199, 3));
    CHECK(parse_term("  1092\t") == t(109, 2));
    CHECK(parse_term("\r\n109-1 ") == t(109, 1));
}

TEST_CASE("term: rejected forms") {
    for (const char* bad : {"", " ", "0", "000", "0-1", "0001", "200", "200-1", "2001", "1094", "109-4", "109-9",
                            "109-", "-2", "109--2", "109-2x", "x109", "10922", "109-22", "1 0 9", "109\t2",
                            "109.2", "１０９２", "109-2-1", "abc", "1092 1"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_term(bad).has_value());
    }
}

TEST_CASE("term: formatting and ordering") {
    CHECK(format_term(t(109, 2)) == "109-2");
    CHECK(format_term(t(114, 0)) == "114");
    CHECK(format_term(t(99, 3)) == "99-3");
    CHECK(parse_term(format_term(t(113, 1))) == t(113, 1));
    CHECK(t(114, 0) < t(114, 1));
    CHECK(t(113, 3) < t(114, 0));
    CHECK(t(109, 2) <= t(109, 2));
    CHECK(t(109, 2) != t(109, 1));
    CHECK(libaudit::roc_to_ad(114) == 2025);
    CHECK(libaudit::ad_to_roc(2025) == 114);
}
