// The text parts every family's report shares (render/text.cpp): aligned tables by display width,
// outlines of requirement trees.
#include <doctest/doctest.h>

#include "render/text.hpp"

using namespace libaudit;
using namespace libaudit::detail;

TEST_CASE("format_table: columns aligned by display width, CJK counted as two columns") {
    const std::vector<TableRow> rows{{"要求", "應修", "狀態"}, {"total", "30", "✓"}, {"  共同必修", "6", ""}};
    const std::string out = format_table(rows, {false, true});
    CHECK(out ==
          "要求        應修  狀態\n"
          "total         30  ✓\n"
          "  共同必修     6\n");  // no line ends in spaces, the last column is not padded
}

TEST_CASE("format_table: left-aligned columns and rows of different lengths") {
    const std::string out = format_table({{"a", "bb", "c"}, {"ccc", "d", "e"}}, {false, false});
    CHECK(out == "a    bb  c\nccc  d   e\n");
}

TEST_CASE("outline: a tree drawn with its branches") {
    ReqNode root;
    root.id = "total";
    root.children.resize(2);
    root.children[0].id = "a";
    root.children[1].id = "b";
    root.children[0].children.resize(1);
    root.children[0].children[0].id = "a1";
    std::string out;
    outline(root, [](const ReqNode& n) { return n.id; }, out);
    CHECK(out == "total\n├─ a\n│  └─ a1\n└─ b\n");
}

TEST_CASE("status words and marks in both languages") {
    CHECK(status_label(Status::met_pending, true) == "符合（待本學期修課中課程及格）");
    CHECK(status_label(Status::not_met, false) == "not met");
    CHECK(mark(Status::not_met, true) == "✗");
    CHECK(mark(Status::not_applicable, false) == "n/a");
}
