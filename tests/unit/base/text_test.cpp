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

TEST_CASE("text: wrap_columns breaks at a space near the end, else between characters") {
    using libaudit::wrap_columns;
    CHECK(wrap_columns("alpha beta gamma", 11) == std::vector<std::string>{"alpha beta", "gamma"});
    // CJK: two columns each, never split inside a character; an odd width leaves a column free.
    CHECK(wrap_columns("研習時數不得超過", 7) == std::vector<std::string>{"研習時", "數不得", "超過"});
    CHECK(wrap_columns("", 10) == std::vector<std::string>{""});
    CHECK(wrap_columns("short", 10) == std::vector<std::string>{"short"});
    // A space early in the line is not worth a half-empty line: the break falls between characters.
    CHECK(wrap_columns("a bcdefghijkl", 6) == std::vector<std::string>{"a bcde", "fghijk", "l"});
}

TEST_CASE("text: fit_width wraps long lines under their last column") {
    using libaudit::fit_width;
    CHECK(fit_width("short\nline\n", 10) == "short\nline\n");
    CHECK(fit_width("abc def ghi jkl\n", 0) == "abc def ghi jkl\n");
    // The continuation starts where the last column (after two spaces) does.
    CHECK(fit_width("  7  A1  reason one two three\n", 20) == "  7  A1  reason one\n         two three\n");
    // No column gap: the line's own indent plus two.
    CHECK(fit_width("  alpha beta gamma delta\n", 15) == "  alpha beta\n    gamma delta\n");
    for (const auto& line : {std::string("研習時數不得超過課程之研習時數與學分數的上限"), std::string("x  研習時數不得超過課程之研習時數")}) {
        const std::string out = fit_width(line, 12);
        std::size_t at = 0;
        while (at < out.size()) {
            const std::size_t end = std::min(out.find('\n', at), out.size());
            CHECK(libaudit::display_width(out.substr(at, end - at)) <= 12);
            at = end + 1;
        }
    }
}
