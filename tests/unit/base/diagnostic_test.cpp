#include <libaudit/diagnostic.hpp>
#include <libaudit/text.hpp>

#include <doctest/doctest.h>

#include <cerrno>
#include <cstring>

using namespace libaudit;

namespace {
Diagnostic make(std::string file, int line, int column, std::string code, std::string message,
                std::string source_line = {}) {
    Diagnostic d;
    d.code = std::move(code);
    d.message = std::move(message);
    d.where.file = std::move(file);
    d.where.line = line;
    d.where.column = column;
    d.source_line = std::move(source_line);
    return d;
}
}  // namespace

TEST_CASE("diagnostic: location prefix") {
    CHECK(format_diagnostic(make("rules.yaml", 3, 7, "E101", "unknown key 'foo'")) ==
          "rules.yaml:3:7: error[E101]: unknown key 'foo'");
    CHECK(format_diagnostic(make("rules.yaml", 3, 0, "E101", "m")) == "rules.yaml:3: error[E101]: m");
    CHECK(format_diagnostic(make("rules.yaml", 0, 0, "E101", "m")) == "rules.yaml: error[E101]: m");
    CHECK(format_diagnostic(make("rules.yaml", 0, 5, "E101", "m")) == "rules.yaml: error[E101]: m");
    CHECK(format_diagnostic(make("", 0, 0, "E101", "m")) == "error[E101]: m");
    CHECK(format_diagnostic(make("f", 1, 1, "", "m")) == "f:1:1: error: m");

    Diagnostic w = make("a.yaml", 2, 1, "W001", "careful");
    w.severity = Severity::warning;
    CHECK(format_diagnostic(w) == "a.yaml:2:1: warning[W001]: careful");
    w.severity = Severity::note;
    CHECK(format_diagnostic(w) == "a.yaml:2:1: note[W001]: careful");
}

TEST_CASE("diagnostic: CSV locations print file:line:col only, the message names the column") {
    Diagnostic d = make("records.csv", 5, 3, "R003", "column 'grade' (成績): bad");
    d.where.field = "成績";
    d.where.path = "ignored";
    CHECK(format_diagnostic(d) == "records.csv:5:3: error[R003]: column 'grade' (成績): bad");
}

TEST_CASE("diagnostic: source line and caret") {
    const Diagnostic d = make("r.yaml", 4, 9, "E102", "expected a number", "credits: three");
    CHECK(format_diagnostic(d) ==
          "r.yaml:4:9: error[E102]: expected a number\n"
          " | credits: three\n"
          " |         ^");
    CHECK(format_diagnostic(d, false) == "r.yaml:4:9: error[E102]: expected a number");
    // Column 1 and a trailing CR/LF in the stored line.
    CHECK(format_diagnostic(make("r.yaml", 1, 1, "E1", "m", "x: 1\r\n")) == "r.yaml:1:1: error[E1]: m\n | x: 1\n | ^");
    // No column: the line without a caret.
    CHECK(format_diagnostic(make("r.yaml", 2, 0, "E1", "m", "abc")) == "r.yaml:2: error[E1]: m\n | abc");
    // A column past the end of the line puts the caret just after it.
    CHECK(format_diagnostic(make("r.yaml", 2, 40, "E1", "m", "abc")) == "r.yaml:2:40: error[E1]: m\n | abc\n |    ^");
    // No source line: nothing more.
    CHECK(format_diagnostic(make("r.yaml", 2, 3, "E1", "m", "")) == "r.yaml:2:3: error[E1]: m");
}

TEST_CASE("diagnostic: caret under CJK text counts display columns") {
    // "title: 教育行政 x": the column is a 1-based character column; "title: 教育行政 " is 12
    // characters and 8 + 8 display columns, so x is column 13 and the caret is indented 16.
    const std::string line = "title: 教育行政 x";
    const Diagnostic d = make("r.yaml", 7, 13, "E1", "m", line);
    CHECK(format_diagnostic(d) == "r.yaml:7:13: error[E1]: m\n | " + line + "\n | " + std::string(16, ' ') + "^");
    // Tabs in the prefix are kept so the caret lines up however they expand.
    const Diagnostic t = make("r.yaml", 1, 3, "E1", "m", "\t\tx");
    CHECK(format_diagnostic(t) == "r.yaml:1:3: error[E1]: m\n | \t\tx\n | \t\t^");
}

TEST_CASE("diagnostic: Error carries every diagnostic and what() lists them without source") {
    std::vector<Diagnostic> list = {make("a.csv", 2, 4, "R010", "first", "src"), make("a.csv", 3, 0, "R007", "second")};
    const InputError e(list);
    CHECK(e.diagnostics().size() == 2);
    CHECK(std::string(e.what()) == "a.csv:2:4: error[R010]: first\na.csv:3: error[R007]: second");
    const Error& base = e;
    CHECK(base.diagnostics()[1].code == "R007");
    CHECK(std::string(RuleError(std::vector<Diagnostic>{}).what()).empty());
    const IoError io("cannot read x: No such file or directory");
    CHECK(std::string(io.what()) == "cannot read x: No such file or directory");
}

TEST_CASE("format_diagnostic in a language: catalogue message, location and severity words, else English") {
    Diagnostic d = make("records.csv", 5, 3, "R010", "學分 (credits): expected a number from 0 to 1000, got 'abc'");
    d.params = {{"at", "學分 (credits)"}, {"got", "'abc'"}, {"max", "1000"}};
    CHECK(format_diagnostic(d, Language::en) == format_diagnostic(d));
    CHECK(format_diagnostic(d, Language::zh_TW) ==
          "records.csv 第 5 行第 3 欄：錯誤[R010]：「學分 (credits)」：學分應為 0 到 1000 的數字，檔案中是 'abc'");
    CHECK(diagnostic_text(d, Language::zh_TW) == "「學分 (credits)」：學分應為 0 到 1000 的數字，檔案中是 'abc'");
    d.params = {{"at", "records[1].credits"}, {"got", "nothing"}, {"max", "1000"}};
    d.where = {};
    d.where.file = "r.json";
    CHECK(format_diagnostic(d, Language::zh_TW) == "r.json：錯誤[R010]：「records[1].credits」：學分應為 0 到 1000 的數字，檔案中是 空白");
    CHECK(diagnostic_text(d, Language::en) == "records[1].credits: expected a number from 0 to 1000, got nothing");
    // A row without a column; the source line and caret stay as they are.
    Diagnostic row = make("r.csv", 4, 0, "R007", "row has 5 cells, header has 7", "a,b");
    row.params = {{"cells", "5"}, {"width", "7"}};
    CHECK(format_diagnostic(row, Language::zh_TW) ==
          "r.csv 第 4 行：錯誤[R007]：這一列有 5 格，標題列有 7 格（含逗號的儲存格請加上雙引號）\n | a,b");
    CHECK(format_diagnostic(row, Language::zh_TW, false).find('\n') == std::string::npos);
    // No catalogue entry (a rule-file diagnostic): the English form, in every language.
    const Diagnostic lint = make("rules.yaml", 3, 7, "E101", "unknown key 'foo'");
    CHECK(format_diagnostic(lint, Language::zh_TW) == format_diagnostic(lint));
    // A note without a code, through its own entry.
    Diagnostic more;
    more.severity = Severity::note;
    more.where.file = "r.csv";
    more.message = "... and 3 more";
    more.message_code = "diag.more";
    more.params = {{"count", "3"}};
    CHECK(format_diagnostic(more, Language::en) == "r.csv: note: ... and 3 more");
    CHECK(format_diagnostic(more, Language::zh_TW) == "r.csv：附註：……另有 3 則問題未列出");
}

TEST_CASE("IoError: a catalogue code and parameters, the English what(), the text in a language") {
    const IoError e = IoError::cannot_read("records.csv", EACCES);
    CHECK(e.code() == "io.cannot_read");
    CHECK(error_text(e, Language::en) == e.what());
    // A file that does not exist: io.no_such_path (with the closest name in its folder, when one is close).
    const IoError missing = IoError::cannot_read("/nonexistent-folder/records.csv", ENOENT);
    CHECK(missing.code() == "io.no_such_path");
    CHECK(std::string(missing.what()) == "cannot read /nonexistent-folder/records.csv: no such file or folder");
    CHECK(error_text(missing, Language::zh_TW) == "無法讀取 /nonexistent-folder/records.csv：沒有這個檔案或資料夾");
    // A reason without a word of its own is shown as the system says it, in both languages.
    const IoError io = IoError::cannot_read("r.csv", EIO);
    CHECK(error_text(io, Language::zh_TW) == std::string("無法讀取 r.csv：") + std::strerror(EIO));
    // Without a code: what() in every language.
    CHECK(error_text(IoError("cannot write out.csv"), Language::zh_TW) == "cannot write out.csv");
}

TEST_CASE("a long source line shows the part around the column, the caret under it") {
    std::string line;
    for (int i = 0; i < 1000; ++i) line += "<學員>" + std::to_string(i % 10) + "</學員>";
    // Column of the 500th row's '<' (each row is 10 characters).
    Diagnostic d = make("one.xml", 1, 4991, "R034", "bad", line);
    const std::string out = format_diagnostic(d);
    const std::size_t src = out.find("\n | ");
    const std::size_t caret = out.find("\n | ", src + 1);
    REQUIRE(caret != std::string::npos);
    const std::string shown = out.substr(src + 4, caret - src - 4);
    CHECK(shown.rfind("...", 0) == 0);
    CHECK(shown.size() - 6 < 121 * 3);  // about 120 characters, not the 10,000 of the line
    CHECK(shown.substr(shown.size() - 3) == "...");
    // The caret is under the column: the display width before it equals the caret's indent.
    const std::string caret_line = out.substr(caret + 4);
    const std::string before = shown.substr(0, shown.find("<學員>9"));  // the excerpt starts at row 493
    CHECK(caret_line.size() - 1 == static_cast<std::size_t>(display_width(before)));
    CHECK(caret_line.back() == '^');
    // A line of ordinary length is shown whole.
    d.source_line = "a,b,c";
    d.where.column = 3;
    CHECK(format_diagnostic(d) == "one.xml:1:3: error[R034]: bad\n | a,b,c\n |   ^");
}

// Diagnostics are where values leave the engine: every part (message, parameters, file name,
// echoed source line) is scanned for IDs whichever code path filled it, unless Ids::shown.
TEST_CASE("diagnostics mask national IDs and resident numbers unless Ids::shown") {
    Diagnostic d = make("A123456789.csv", 3, 5, "R010", "hours: expected a number of hours >= 0, got 'A123456789'",
                        "<list><a>A123456789</a><a>AC03095424</a></list>");
    d.params = {{"at", "hours"}, {"got", "'B223456788'"}, {"max", "1000"}};
    const std::string en = format_diagnostic(d);
    CHECK(en == "A1234*****.csv:3:5: error[R010]: hours: expected a number of hours >= 0, got 'A1234*****'\n"
                " | <list><a>A1234*****</a><a>AC030*****</a></list>\n |     ^");
    CHECK(format_diagnostic(d, true, Ids::shown).find("A123456789") != std::string::npos);
    const std::string zh = format_diagnostic(d, Language::zh_TW);
    CHECK(zh.find("B2234*****") != std::string::npos);
    CHECK(zh.find("B223456788") == std::string::npos);
    CHECK(zh.find("AC03095424") == std::string::npos);
    CHECK(format_diagnostic(d, Language::zh_TW, true, Ids::shown).find("B223456788") != std::string::npos);
    CHECK(diagnostic_text(d, Language::zh_TW).find("B223456788") == std::string::npos);
    CHECK(diagnostic_text(d, Language::zh_TW, Ids::shown).find("B223456788") != std::string::npos);
    CHECK(diagnostic_text(d, Language::en) == "hours: expected a number from 0 to 1000, got 'B2234*****'");
    // Error::what() too.
    CHECK(std::string(Error({d}).what()).find("A123456789") == std::string::npos);
}
