#include "input/encoding.hpp"

#include <libaudit/diagnostic.hpp>

#include <doctest/doctest.h>

#include "../big5.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <string>

using namespace libaudit;
using namespace libaudit::detail;

namespace {

using libaudit_test::to_big5;

Diagnostic only_diagnostic(const std::string& bytes, Encoding enc) {
    try {
        to_utf8(bytes, enc, "in.csv");
    } catch (const InputError& e) {
        REQUIRE(e.diagnostics().size() == 1);
        return e.diagnostics()[0];
    }
    FAIL("expected InputError");
    return {};
}

}  // namespace

TEST_CASE("encoding: Big5 round trip through iconv") {
    const std::string text = "學號,科目名稱\n";
    const std::string big5 = to_big5(text);
    CHECK(big5 != text);
    CHECK(big5.size() == 14);  // 6 two-byte characters + ',' + '\n'
    CHECK(to_utf8(big5, Encoding::big5, "in.csv") == text);
    // CP950 extensions (e.g. the euro sign 0xA3E1) and ASCII pass through.
    CHECK(to_utf8(to_big5("€ 教育經營與管理碩士在職專班 abc"), Encoding::big5, "in.csv") ==
          "€ 教育經營與管理碩士在職專班 abc");
    CHECK(to_utf8("", Encoding::big5, "in.csv").empty());
}

TEST_CASE("encoding: invalid Big5 is R001 at the bad byte's line and column") {
    std::string bytes = to_big5("學號,科目名稱\n") + "ab" + to_big5("學") + "\xFF" + "x\n";
    const Diagnostic d = only_diagnostic(bytes, Encoding::big5);
    CHECK(d.code == "R001");
    CHECK(d.where.file == "in.csv");
    CHECK(d.where.line == 2);
    CHECK(d.where.column == 4);  // 'a', 'b', 學 (two bytes, one character), then 0xFF
    CHECK(d.message.find("not valid Big5") == 0);
    CHECK(d.message.find("0xFF") != std::string::npos);
}

TEST_CASE("encoding: truncated Big5 at the end of the file") {
    const std::string bytes = "ab\n" + to_big5("學").substr(0, 1);
    const Diagnostic d = only_diagnostic(bytes, Encoding::big5);
    CHECK(d.code == "R001");
    CHECK(d.where.line == 2);
    CHECK(d.where.column == 1);
    CHECK(d.message.find("incomplete") != std::string::npos);
}

TEST_CASE("encoding: UTF-8 read as Big5 gets a hint") {
    // "學號" in UTF-8 is E5 AD B8 E8 99 9F; E5AD decodes in CP950, B8E8 too, but 99 9F does not.
    const Diagnostic d = only_diagnostic("學號,科目名稱\n", Encoding::big5);
    CHECK(d.code == "R001");
    CHECK(d.message.find("looks like UTF-8") != std::string::npos);
}

TEST_CASE("encoding: UTF-8 validation") {
    CHECK(to_utf8("學號,code\n", Encoding::utf8, "in.csv") == "學號,code\n");
    const std::string big5 = "code\n" + to_big5("學號");
    const Diagnostic d = only_diagnostic(big5, Encoding::utf8);
    CHECK(d.code == "R002");
    CHECK(d.where.line == 2);
    CHECK(d.where.column == 1);
    CHECK(d.message.find("not valid UTF-8") == 0);
    CHECK(d.message.find("save the file as UTF-8") != std::string::npos);
    CHECK(format_diagnostic(d).rfind("in.csv:2:1: error[R002]: not valid UTF-8", 0) == 0);
    // The column counts characters: "學號," is 3 characters before the bad byte.
    CHECK(only_diagnostic("學號,\xC0x", Encoding::utf8).where.column == 4);
}

TEST_CASE("encoding: valid_utf8 and strip_bom") {
    std::size_t bad = 99;
    CHECK(valid_utf8("", &bad));
    CHECK(valid_utf8("abc 學 ✓ \xF0\x9F\x98\x80", &bad));
    CHECK(bad == 99);
    CHECK_FALSE(valid_utf8("ab\xC0\xAF", &bad));  // overlong
    CHECK(bad == 2);
    CHECK_FALSE(valid_utf8("\xED\xA0\x80", &bad));  // surrogate
    CHECK(bad == 0);
    CHECK_FALSE(valid_utf8("a\xF4\x90\x80\x80", &bad));  // > U+10FFFF
    CHECK(bad == 1);
    CHECK_FALSE(valid_utf8("abc\xE5\xAD", &bad));  // truncated
    CHECK(bad == 3);
    CHECK_FALSE(valid_utf8("\x80"));
    CHECK(strip_bom("\xEF\xBB\xBF" "a,b") == "a,b");
    CHECK(strip_bom("a,b") == "a,b");
    CHECK(strip_bom("\xEF\xBB") == "\xEF\xBB");
    CHECK(strip_bom("") == "");
}

// The one-pass check (UTF-8, NUL, line feeds) against the separate ones, on random bytes around
// the boundaries that matter: ASCII runs longer than 16, CJK, 2- and 4-byte characters, bad bytes.
TEST_CASE("encoding: check_utf8_lines agrees with check_utf8 and a count of line feeds") {
    const char* const pieces[] = {"a", "\n", "0123456789abcdefghij", "\xE6\x95\x99", "\xC3\xA9", "\xF0\x9F\x98\x80",
                                  "\xE0\xA4\x85", "\xED\x9F\xBF", "(NUL)", "\xFF", "\xC0\xAF",
                                  "\xED\xA0\x80", "\xE6\x95", "\x80"};
    std::uint64_t seed = 7;
    const auto next = [&] { return (seed = seed * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
    for (int round = 0; round < 5000; ++round) {
        std::string text;
        const std::size_t parts = 1 + next() % 60;
        for (std::size_t k = 0; k < parts; ++k) {
            const std::size_t p = next() % (sizeof pieces / sizeof *pieces);
            if (p == 8) text += '\0';
            else if (p >= 9 && next() % 4 != 0) text += "x";  // bad bytes in a quarter of the places only
            else text += pieces[p];
        }
        std::string want, got;
        std::size_t want_lines = 0, got_lines = 0;
        try {
            check_utf8(text, "f.csv", 3);
            want_lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
        } catch (const InputError& e) {
            want = e.diagnostics().front().message + ":" + std::to_string(e.diagnostics().front().where.line) + ":" +
                   std::to_string(e.diagnostics().front().where.column);
        }
        try {
            got_lines = check_utf8_lines(text, "f.csv", 3);
        } catch (const InputError& e) {
            got = e.diagnostics().front().message + ":" + std::to_string(e.diagnostics().front().where.line) + ":" +
                  std::to_string(e.diagnostics().front().where.column);
        }
        CHECK(got == want);
        CHECK(got_lines == want_lines);
    }
}

namespace {

// glibc's CP950 on `bytes`: the UTF-8 text, or "error KEY at OFFSET" as the library reports it
// (EINVAL: the file ends inside a character).
std::string glibc_cp950(const std::string& bytes) {
    iconv_t cd = iconv_open("UTF-8", "CP950");
    REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
    std::string out(bytes.size() * 4 + 8, '\0');
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* op = out.data();
    std::size_t out_left = out.size();
    const std::size_t rc = iconv(cd, &in, &in_left, &op, &out_left);
    const int err = errno;
    iconv_close(cd);
    if (rc == static_cast<std::size_t>(-1)) {
        return std::string("error diag.R001") + (err == EINVAL ? ".incomplete" : "") + " at " +
               std::to_string(bytes.size() - in_left);
    }
    out.resize(out.size() - out_left);
    return out;
}

std::string builtin_cp950(const std::string& bytes) {
    try {
        return to_utf8(bytes, Encoding::big5, "in.csv");
    } catch (const InputError& e) {
        const Diagnostic& d = e.diagnostics().at(0);
        // One line: the column counts characters, two bytes for a lead byte (0x81 and up).
        std::size_t offset = 0;
        for (int col = 1; col < d.where.column; ++col) offset += static_cast<unsigned char>(bytes[offset]) >= 0x81 ? 2 : 1;
        return "error " + d.message_code + " at " + std::to_string(offset);
    }
}

}  // namespace

TEST_CASE("encoding: the built-in CP950 table decodes every byte and byte pair as glibc's iconv does") {
    // The library's key ends in ".utf8" when the bytes are valid UTF-8 (a hint iconv cannot give):
    // compared without it.
    const auto plain = [](std::string s) {
        const auto at = s.find(".utf8");
        if (at != std::string::npos) s.erase(at, 5);
        return s;
    };
    int compared = 0;
    for (int lead = 0; lead < 256; ++lead) {
        const std::string one(1, static_cast<char>(lead));
        if (lead != 0) CHECK(plain(builtin_cp950(one)) == glibc_cp950(one));
        for (int trail = lead >= 0x80 ? 1 : 256; trail < 256; ++trail) {
            const std::string two = one + static_cast<char>(trail);
            const std::string mine = plain(builtin_cp950(two));
            const std::string theirs = glibc_cp950(two);
            if (mine != theirs) CHECK_MESSAGE(mine == theirs, "bytes ", lead, " ", trail);
            ++compared;
        }
        ++compared;
    }
    CHECK(compared == 128 * 255 + 256);
}
