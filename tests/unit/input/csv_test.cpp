#include "input/csv.hpp"

#include <libaudit/diagnostic.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using libaudit::InputError;
using libaudit::detail::CsvRow;
using libaudit::detail::parse_csv;

namespace {
using Cells = std::vector<std::string>;
}

TEST_CASE("csv: simple rows, LF and CRLF, optional final newline") {
    for (const char* text : {"a,b,c\n1,2,3\n", "a,b,c\r\n1,2,3\r\n", "a,b,c\n1,2,3", "a,b,c\r1,2,3\r"}) {
        CAPTURE(text);
        const auto rows = parse_csv(text, "t.csv");
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].line == 1);
        CHECK(rows[0].cells == Cells{"a", "b", "c"});
        CHECK(rows[1].line == 2);
        CHECK(rows[1].cells == Cells{"1", "2", "3"});
    }
    CHECK(parse_csv("", "t.csv").empty());
    CHECK(parse_csv("\n\r\n", "t.csv").empty());
}

TEST_CASE("csv: empty cells and nothing trimmed") {
    const auto rows = parse_csv(",a, b ,\n", "t.csv");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].cells == Cells{"", "a", " b ", ""});
    CHECK(parse_csv("a,", "t.csv")[0].cells == Cells{"a", ""});
    CHECK(parse_csv(" ", "t.csv")[0].cells == Cells{" "});
}

TEST_CASE("csv: blank lines are skipped but line numbers keep counting") {
    const auto rows = parse_csv("h1,h2\n\n1,2\r\n\r\n\r\n3,4\n\n", "t.csv");
    REQUIRE(rows.size() == 3);
    CHECK(rows[0].line == 1);
    CHECK(rows[1].line == 3);
    CHECK(rows[2].line == 6);
    CHECK(rows[2].cells == Cells{"3", "4"});
}

TEST_CASE("csv: quoted fields") {
    const auto rows = parse_csv("\"a,b\",\"say \"\"hi\"\"\",\"\",x\n", "t.csv");
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].cells == Cells{"a,b", "say \"hi\"", "", "x"});
    CHECK(parse_csv("\"\"\"\"", "t.csv")[0].cells == Cells{"\""});
    CHECK(parse_csv("\"教育,行政\",學分", "t.csv")[0].cells == Cells{"教育,行政", "學分"});
}

TEST_CASE("csv: newlines inside quotes, a row's line is where it starts") {
    const auto rows = parse_csv("h1,h2\n\"line one\nline two\",b\n\"x\r\ny\r\nz\",c\nlast,row\n", "t.csv");
    REQUIRE(rows.size() == 4);
    CHECK(rows[1].line == 2);
    CHECK(rows[1].cells == Cells{"line one\nline two", "b"});
    CHECK(rows[2].line == 4);
    CHECK(rows[2].cells == Cells{"x\r\ny\r\nz", "c"});
    CHECK(rows[3].line == 7);
}

TEST_CASE("csv: lenient about stray quotes") {
    CHECK(parse_csv("ab\"c,d", "t.csv")[0].cells == Cells{"ab\"c", "d"});
    CHECK(parse_csv("\"abc\"def,g", "t.csv")[0].cells == Cells{"abcdef", "g"});
}

TEST_CASE("csv: other delimiters") {
    const auto rows = parse_csv("a\tb,c\n1\t\"2\t3\"\n", "t.tsv", '\t');
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].cells == Cells{"a", "b,c"});
    CHECK(rows[1].cells == Cells{"1", "2\t3"});
    CHECK(parse_csv("a;b", "t.csv", ';')[0].cells == Cells{"a", "b"});
}

TEST_CASE("csv: unterminated quote is R004 at the row's line and the cell's column") {
    try {
        parse_csv("h1,h2,h3\n1,2,3\n\n4,\"open\n5,6\n", "bad.csv");
        FAIL("expected InputError");
    } catch (const InputError& e) {
        REQUIRE(e.diagnostics().size() == 1);
        const auto& d = e.diagnostics()[0];
        CHECK(d.code == "R004");
        CHECK(d.where.file == "bad.csv");
        CHECK(d.where.line == 4);
        CHECK(d.where.column == 2);
        CHECK(std::string(e.what()).rfind("bad.csv:4:2: error[R004]: unterminated quoted field", 0) == 0);
    }
    // A quote opened on a later line of a multi-line row is reported on the line it opens.
    try {
        parse_csv("\"a\nb\",\"c\nd", "bad.csv");
        FAIL("expected InputError");
    } catch (const InputError& e) {
        CHECK(e.diagnostics()[0].where.line == 2);
        CHECK(e.diagnostics()[0].where.column == 2);
    }
}

TEST_CASE("csv: a large input") {
    std::string text = "a,b,c\n";
    for (int i = 0; i < 20000; ++i) text += std::to_string(i) + ",\"x,y\",z\n";
    const auto rows = parse_csv(text, "big.csv");
    REQUIRE(rows.size() == 20001);
    CHECK(rows.back().line == 20001);
    CHECK(rows.back().cells == Cells{"19999", "x,y", "z"});
}

TEST_CASE("csv: the cursor leaves a row cut by the end of a chunk unread, then reads it whole") {
    using libaudit::detail::CsvCursor;
    const std::string file = "t.csv";
    const std::string text = "a,\"b\nc\",d\r\ne,f\n";
    std::vector<std::string_view> cells;
    int line = 0;
    // Every cut of the text: the rows before the cut are read, the cut one is incomplete.
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        CsvCursor cursor(std::string_view(text).substr(0, cut), file, ',');
        std::vector<std::vector<std::string>> rows;
        CsvCursor::Status st;
        while ((st = cursor.next(cells, line, false)) == CsvCursor::Status::row) rows.emplace_back(cells.begin(), cells.end());
        const std::string rest = text.substr(cursor.offset());
        CsvCursor more(rest, file, ',', cursor.line());
        while (more.next(cells, line, true) == CsvCursor::Status::row) rows.emplace_back(cells.begin(), cells.end());
        CHECK(rows == std::vector<std::vector<std::string>>{{"a", "b\nc", "d"}, {"e", "f"}});
        CHECK(line == 3);
    }
}

TEST_CASE("csv: a cursor that wants the first cells only skips the rest of each row, quotes respected") {
    using libaudit::detail::CsvCursor;
    const std::string file = "t.csv";
    const std::string text = "a,b,c\nd,\"x\ny,\",z\r\ne,f\"g,h\n\"i\",j\n";
    std::vector<std::string_view> cells;
    int line = 0;
    CsvCursor cursor(text, file, ',');
    std::vector<std::pair<std::string, int>> got;
    while (cursor.next(cells, line, true, 1) == CsvCursor::Status::row) {
        REQUIRE(cells.size() == 1);
        got.emplace_back(std::string(cells[0]), line);
    }
    CHECK(got == std::vector<std::pair<std::string, int>>{{"a", 1}, {"d", 2}, {"e", 4}, {"i", 5}});
    CHECK_THROWS_AS(CsvCursor("a,\"b\n", file, ',').next(cells, line, true, 1), InputError);
}

// The one-scan reader of plain rows (every cell wanted) against the general reader (a cursor told
// to split out all but an unreachable last cell takes the general path): the same rows, cells and
// line numbers on random text made of the characters that matter, complete or cut into chunks.
TEST_CASE("csv: the plain-row scan and the general reader agree on random text") {
    using libaudit::detail::CsvCursor;
    const char* const pieces[] = {",", ",", "\n", "\r\n", "\r", "\"", "\"\"", "a", "bc", "1234567", "\xE6\x95\x99\xE8\x82\xB2", " ", "\t"};
    std::uint64_t seed = 42;
    const auto next = [&] { return (seed = seed * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const std::size_t parts = 1 + next() % 120;
        for (std::size_t k = 0; k < parts; ++k) text += pieces[next() % (sizeof pieces / sizeof *pieces)];
        const std::string name = "random.csv";
        for (const bool final : {true, false}) {
            CsvCursor fast(text, name, ','), general(text, name, ',');
            std::vector<std::string_view> a, b;
            int line_a = 0, line_b = 0;
            while (true) {
                CsvCursor::Status sa{}, sb{};
                bool threw_a = false, threw_b = false;
                try { sa = fast.next(a, line_a, final); } catch (const InputError&) { threw_a = true; }
                try { sb = general.next(b, line_b, final, CsvCursor::max_columns + 1); } catch (const InputError&) { threw_b = true; }
                REQUIRE(threw_a == threw_b);
                if (threw_a) break;
                REQUIRE(sa == sb);
                if (sa != CsvCursor::Status::row) break;
                CHECK(line_a == line_b);
                REQUIRE(a == b);
                CHECK(fast.offset() == general.offset());
                CHECK(fast.line() == general.line());
            }
        }
    }
}
