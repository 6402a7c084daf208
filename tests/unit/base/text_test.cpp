#include <libaudit/text.hpp>

#include <doctest/doctest.h>

using libaudit::display_width;
using libaudit::pad;

TEST_CASE("text: display width") {
    CHECK(display_width("") == 0);
    CHECK(display_width("abc") == 3);
    CHECK(display_width("學分") == 4);
    CHECK(display_width("EAM6001 教育行政") == 16);
    CHECK(display_width("（113 學年度）") == 14);     // full-width parentheses U+FF08/U+FF09
    CHECK(display_width("\xE3\x80\x80") == 2);          // ideographic space U+3000
    CHECK(display_width("\xE3\x80\xBF") == 1);          // U+303F is the exception in the CJK block
    CHECK(display_width("한글") == 4);                  // Hangul syllables
    CHECK(display_width("\xE1\x84\x80") == 2);          // Hangul Jamo U+1100
    CHECK(display_width("ＡＢ") == 4);                  // fullwidth Latin
    CHECK(display_width("\xEF\xBF\xA5") == 2);          // fullwidth yen U+FFE5
    CHECK(display_width("\xEF\xBD\xA1") == 1);          // halfwidth ideographic full stop U+FF61
    CHECK(display_width("✓✗") == 2);
    CHECK(display_width("\xF0\x9F\x98\x80") == 2);      // emoji U+1F600
    CHECK(display_width("\xF0\xA0\x80\x80") == 2);      // CJK extension B U+20000
    CHECK(display_width("e\xCC\x81") == 1);             // e + combining acute
    CHECK(display_width("a\xE2\x80\x8B" "b") == 2);     // zero-width space
    CHECK(display_width("\xEF\xB8\x8F") == 0);          // variation selector 16
    CHECK(display_width("é") == 1);                     // precomposed Latin
}

TEST_CASE("text: invalid UTF-8 counts one column per bad byte") {
    CHECK(display_width("\xFF") == 1);
    CHECK(display_width("a\xC3") == 2);                 // truncated sequence at the end
    CHECK(display_width("\xE5\xAD") == 2);              // truncated 3-byte sequence: 2 bad bytes
    CHECK(display_width("\xC0\xAF") == 2);              // overlong '/'
    CHECK(display_width("\xED\xA0\x80") == 3);          // UTF-16 surrogate
    CHECK(display_width("\xB8學") == 3);
}

TEST_CASE("text: pad") {
    CHECK(pad("ab", 5) == "ab   ");
    CHECK(pad("ab", 5, true) == "   ab");
    CHECK(pad("學分", 6) == "學分  ");
    CHECK(pad("學分", 6, true) == "  學分");
    CHECK(pad("學分", 3) == "學分");  // never truncates
    CHECK(pad("", 2) == "  ");
    CHECK(pad("abc", 0) == "abc");
    CHECK(pad("abc", -4) == "abc");
    CHECK(display_width(pad("教育行政 ✓", 20)) == 20);
}
