// Reading datasets (families/checks/dataset.cpp): CSV by header and by position, JSON, XML,
// located input errors and unknown tables.
#include <doctest/doctest.h>
#include <libaudit/dataset.hpp>
#include <libaudit/ruleset.hpp>

#include <string>

using namespace libaudit;

namespace {

const RuleSet& rules() {
    static const RuleSet r = load_ruleset_from_string(R"(libaudit: 1
kind: checks
id: ds
version: "1"
title: ds
tables:
  people:
    title: 人員
    fields:
      name: {title: 姓名, type: text, required: true}
      age: {title: 年齡, aliases: [歲], type: integer}
  pos:
    title: 名單
    columns: [pid, amount]
    fields:
      pid: {title: 代號, type: text}
      amount: {title: 數量, type: number}
rules:
  - {id: adult, title: 成年, table: people, field: age, min: 18}
)", "ds.yaml");
    return r;
}

Diagnostic problem(const std::string& content, const std::string& name, const std::string& table = "") {
    Dataset d;
    try {
        parse_dataset_input(rules(), content, name, table, d);
    } catch (const InputError& e) {
        REQUIRE_FALSE(e.diagnostics().empty());
        return e.diagnostics().front();
    }
    FAIL("expected an InputError");
    return {};
}

}  // namespace

TEST_CASE("dataset: CSV by header (title and alias), rows keep line and column") {
    Dataset d;
    parse_dataset_input(rules(), "歲,姓名\n20,王\n17,李\n", "people.csv", "", d);
    const DataTable* t = d.table("people");
    REQUIRE(t);
    REQUIRE(t->rows.size() == 2);
    CHECK(t->rows[0].values.at("name") == "王");
    CHECK(t->rows[0].values.at("age") == "20");
    CHECK(t->rows[1].line == 3);
    CHECK(t->rows[1].columns.at("name") == 2);
    CHECK(t->rows[1].file == "people.csv");
    CHECK(d.table("nope") == nullptr);
    const AuditResult r = audit_dataset(rules(), d);
    REQUIRE(r.violations.size() == 1);
    CHECK(r.violations[0].rule == "adult");
    CHECK(r.violations[0].line == 3);
    CHECK(r.violations[0].column == 1);
    CHECK(r.violations[0].value == "17");
}

TEST_CASE("dataset: CSV by position: a first row of field titles is skipped, any other row is data") {
    Dataset h;
    parse_dataset_input(rules(), "代號,數量\nA1,1.5\n", "list.csv", "pos", h);
    REQUIRE(h.table("pos"));
    CHECK(h.table("pos")->rows.size() == 1);
    CHECK(h.table("pos")->rows[0].line == 2);
    Dataset d;
    parse_dataset_input(rules(), "A1,1.5\nB2,2\n", "list.csv", "pos", d);
    const DataTable* t = d.table("pos");
    REQUIRE(t);
    REQUIRE(t->rows.size() == 2);
    CHECK(t->rows[0].values.at("pid") == "A1");
    CHECK(t->rows[1].values.at("amount") == "2");
}

TEST_CASE("dataset: JSON tables with paths") {
    Dataset d;
    parse_dataset_input(rules(), R"({"name": "S", "people": [{"name": "王", "age": 30}, {"姓名": "李", "age": "x"}]})",
                        "in.json", "", d);
    CHECK(d.name == "S");
    const DataTable* t = d.table("people");
    REQUIRE(t);
    REQUIRE(t->rows.size() == 2);
    CHECK(t->rows[1].values.at("name") == "李");
    CHECK(t->rows[1].path == "people[1]");
    const AuditResult r = audit_dataset(rules(), d);
    REQUIRE(r.violations.size() == 1);
    CHECK(r.violations[0].kind == "type");
    CHECK(r.violations[0].rule == "people.age");
    CHECK(r.violations[0].path == "people[1].age");
}

TEST_CASE("dataset: XML rows") {
    Dataset d;
    parse_dataset_input(rules(), "<名單>\n  <row><代號>A1</代號><數量>1.5</數量></row>\n  <row><代號>B2</代號><數量>3</數量></row>\n</名單>\n",
                        "list.xml", "pos", d);
    const DataTable* t = d.table("pos");
    REQUIRE(t);
    REQUIRE(t->rows.size() == 2);
    CHECK(t->rows[0].values.at("pid") == "A1");
    CHECK(t->rows[1].values.at("amount") == "3");
    CHECK(t->rows[1].line == 3);
}

TEST_CASE("dataset: located errors") {
    const Diagnostic unknown_col = problem("姓名,體重\n王,60\n", "people.csv");
    CHECK(unknown_col.where.line == 1);
    CHECK(unknown_col.where.column == 2);
    const Diagnostic missing = problem("年齡\n20\n", "people.csv");
    CHECK(missing.where.line == 1);
    const Diagnostic json = problem("{\n  \"people\": [}\n", "in.json");
    CHECK(json.where.line == 2);
}

TEST_CASE("dataset: unknown table") {
    const Diagnostic t = problem(R"({"peple": []})", "in.json");
    CHECK(t.message.find("peple") != std::string::npos);
    CHECK(t.message.find("people") != std::string::npos);
    const Diagnostic csv = problem("a,b\n1,2\n", "other.csv", "nosuch");
    CHECK(csv.message.find("nosuch") != std::string::npos);
}

// Data-file problems are catalogue messages (records.txt): Chinese by default, English unchanged.
TEST_CASE("dataset: diagnostics in both languages") {
    const Diagnostic unknown_col = problem("姓名,體重\n王,60\n", "people.csv");
    CHECK(unknown_col.message_code.rfind("diag.R030.column.", 0) == 0);
    CHECK(diagnostic_text(unknown_col, Language::en) == unknown_col.message);
    CHECK(diagnostic_text(unknown_col, Language::zh_TW).find("資料表「people」沒有「體重」這個欄位") != std::string::npos);
    const Diagnostic t = problem(R"({"peple": []})", "in.json");
    CHECK(diagnostic_text(t, Language::zh_TW) == "「peple」：沒有這個資料表；是不是「people」？");
    CHECK(t.message == "peple: unknown table; did you mean 'people'?");
}
