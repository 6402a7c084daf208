#include "input/encoding.hpp"

#include <libaudit/diagnostic.hpp>

#include <doctest/doctest.h>

#include "../big5.hpp"

#include <iconv.h>

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
    CHECK(d.message.find("use --encoding big5") != std::string::npos);
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
