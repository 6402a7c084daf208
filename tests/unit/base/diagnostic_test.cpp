#include <libaudit/diagnostic.hpp>

#include <doctest/doctest.h>

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

TEST_CASE("diagnostic: CSV locations print file:line:col only; the message names the column") {
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
