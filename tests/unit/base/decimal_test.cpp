// Exact decimal arithmetic (base/decimal.hpp): which strings are plain decimals, and multiples
// compared on the digits as written rather than through binary doubles.
#include <doctest/doctest.h>

#include "base/decimal.hpp"

using libaudit::detail::decimal_digits;
using libaudit::detail::decimal_multiple;

TEST_CASE("decimal_digits: sign, digits and at most one point") {
    CHECK(decimal_digits("0"));
    CHECK(decimal_digits("0.5"));
    CHECK(decimal_digits("-2"));
    CHECK(decimal_digits("+2"));
    CHECK(decimal_digits("1.50"));
    CHECK(decimal_digits(".5"));
    CHECK(decimal_digits("1."));
    CHECK_FALSE(decimal_digits(""));
    CHECK_FALSE(decimal_digits("-"));
    CHECK_FALSE(decimal_digits("."));
    CHECK_FALSE(decimal_digits("-."));
    CHECK_FALSE(decimal_digits("1.2.3"));
    CHECK_FALSE(decimal_digits("1e1"));
    CHECK_FALSE(decimal_digits(" 1"));
    CHECK_FALSE(decimal_digits("1,5"));
    CHECK_FALSE(decimal_digits("--1"));
    CHECK_FALSE(decimal_digits("abc"));
}

TEST_CASE("decimal_multiple: half-hour steps are exact") {
    CHECK(decimal_multiple("1.5", "0.5"));
    CHECK(decimal_multiple("2", "0.5"));
    CHECK(decimal_multiple("0", "0.5"));
    CHECK(decimal_multiple("1.50", "0.5"));
    CHECK(decimal_multiple("1.5", "0.50"));
    CHECK_FALSE(decimal_multiple("0.75", "0.5"));
    CHECK_FALSE(decimal_multiple("1.25", "0.5"));
    CHECK_FALSE(decimal_multiple("0.3", "0.5"));
}

TEST_CASE("decimal_multiple: steps that binary doubles cannot represent") {
    // 0.3 / 0.1 is 2.9999999999999996 in doubles; on the digits it is exactly 3.
    CHECK(decimal_multiple("0.3", "0.1"));
    CHECK(decimal_multiple("0.7", "0.1"));
    CHECK(decimal_multiple("12.34", "0.01"));
    CHECK_FALSE(decimal_multiple("12.345", "0.01"));
    CHECK(decimal_multiple("6", "3"));
    CHECK_FALSE(decimal_multiple("7", "3"));
}

TEST_CASE("decimal_multiple: signs and other number forms") {
    CHECK(decimal_multiple("-1.5", "0.5"));
    CHECK_FALSE(decimal_multiple("-0.75", "0.5"));
    // Not plain decimals: compared as doubles.
    CHECK(decimal_multiple("1e1", "5"));
    CHECK(decimal_multiple("1.5e0", "0.5"));
    CHECK_FALSE(decimal_multiple("1e1", "3"));
}

TEST_CASE("decimal_multiple: a zero step is never a multiple") {
    CHECK_FALSE(decimal_multiple("0", "0"));
    CHECK_FALSE(decimal_multiple("1", "0"));
    CHECK_FALSE(decimal_multiple("1", "0.0"));
}

TEST_CASE("decimal_multiple: more digits than fit in 64 bits fall back to doubles") {
    CHECK(decimal_multiple("1000000000000000000000", "0.5"));
    CHECK(decimal_multiple("0.5", "0.0000000000000000001") == true);
}
