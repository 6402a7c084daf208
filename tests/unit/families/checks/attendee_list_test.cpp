// Attendee-list uploads: the XML reader (locations, malformed documents), positional columns,
// multiple_of at its decimal boundaries, unique, conditions on a one-row table, per-row verdicts
// and the loader's errors for the new keys; the numbers are the bundled pack's where it is used.
#include <doctest/doctest.h>
#include <libaudit/dataset.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include "families/checks/model.hpp"
#include "input/xml_input.hpp"

#include <string>

using namespace libaudit;

namespace {

const RuleSet& pack() {
    static const RuleSet r =
        load_ruleset(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/tw-inservice-organiser/attendee-list.yaml");
    return r;
}

AuditResult check(const std::string& content, const std::string& name, const std::string& course = {}) {
    Dataset d;
    if (!course.empty()) parse_dataset_input(pack(), course, "course.csv", "course", d);
    parse_dataset_input(pack(), content, name, "", d);
    return audit_dataset(pack(), d);
}

Diagnostic input_problem(const std::string& content, const std::string& name) {
    Dataset d;
    try {
        parse_dataset_input(pack(), content, name, "", d);
    } catch (const InputError& e) {
        return e.diagnostics().front();
    }
    return {};
}

const RowReport& report(const AuditResult& r) { return r.row_reports.at(0); }

bool rejected_for(const AuditResult& r, int line, const std::string& rule) {
    for (const auto& v : report(r).verdicts)
        if (v.line == line && !v.accepted)
            for (const auto& why : v.reasons)
                if (why.rule == rule) return true;
    return false;
}

Diagnostic lint_error(const std::string& tail) {
    const std::string base = "libaudit: 1\nkind: checks\nid: t\nversion: \"1\"\ntitle: t\n";
    LintResult r = lint_ruleset_from_string(base + tail, "t.yaml");
    for (const auto& d : r.diagnostics)
        if (d.severity == Severity::error) return d;
    return {};
}

}  // namespace

TEST_CASE("xml: elements keep their line and column, entities and CDATA are expanded") {
    const auto root = detail::parse_xml("<?xml version=\"1.0\"?>\n<!-- list -->\n<名單>\n  <學員 id=\"a&amp;b\">\n"
                                        "    <時數><![CDATA[1.5]]></時數>\n  </學員>\n  <學員/>\n</名單>\n",
                                        "x.xml");
    CHECK(root.name == "名單");
    CHECK(root.line == 3);
    REQUIRE(root.children.size() == 2);
    CHECK(root.children[0].line == 4);
    CHECK(root.children[0].column == 3);
    CHECK(root.children[0].attributes.at(0).second == "a&b");
    CHECK(root.children[0].children.at(0).text == "1.5");
    CHECK(root.children[0].children.at(0).line == 5);
    CHECK(root.children[1].leaf());
    CHECK(detail::parse_xml("<a>&#x5B78;&#21729;&lt;</a>", "x.xml").text == "學員<");
}

TEST_CASE("xml: malformed documents are located errors (R034), never a crash") {
    const std::vector<std::tuple<std::string, int, int>> cases{
        {"<a>\n  <b>1</c>\n</a>", 2, 7},     // mismatched close tag, at '</c>'
        {"<a>\n<b>", 2, 1},                  // never closed: at the innermost unclosed start tag
        {"<a x=1/>", 1, 6},                  // unquoted attribute
        {"<a>&nbsp;</a>", 1, 4},             // unknown entity
        {"<a></a>\n<b/>", 2, 1},             // two roots
        {"", 1, 1},                          // empty
    };
    for (const auto& [text, line, column] : cases) {
        const auto& input = text;  // CAPTURE's lambda cannot capture a structured binding (clang, C++17)
        CAPTURE(input);
        try {
            detail::parse_xml(text, "bad.xml");
            FAIL("no error");
        } catch (const InputError& e) {
            const Diagnostic& d = e.diagnostics().front();
            CHECK(d.code == "R034");
            CHECK(d.where.file == "bad.xml");
            CHECK(d.where.line == line);
            CHECK(d.where.column == column);
        }
    }
    std::string deep;
    for (int i = 0; i < 1000; ++i) deep += "<a>";
    CHECK_THROWS_AS(detail::parse_xml(deep, "deep.xml"), InputError);
}

TEST_CASE("xml input: rows by position, located at line and path, unknown groups are located errors") {
    const std::string xml = "<dataroot>\n  <研習教師資料>\n    <身分證字號>A123456789</身分證字號>\n    <時數>3</時數>\n"
                            "  </研習教師資料>\n  <研習教師資料>\n    <x>A123456788</x>\n    <y>2</y>\n  </研習教師資料>\n</dataroot>\n";
    const AuditResult r = check(xml, "list.xml");
    CHECK(report(r).rows == 2);
    CHECK(report(r).accepted == 1);
    REQUIRE(report(r).verdicts.size() == 1);
    CHECK(report(r).verdicts[0].line == 6);
    CHECK(report(r).verdicts[0].path == "/dataroot/研習教師資料[2]");
    CHECK(rejected_for(r, 6, "attendee-id"));
    bool located = false;
    for (const auto& v : r.violations)
        located |= v.rule == "attendee-id" && v.path == "/dataroot/研習教師資料[2]/national_id" && v.line == 6;
    CHECK(located);
    // An element holding elements that names no table.
    const Diagnostic d = input_problem("<root>\n  <group><row><a>1</a></row></group>\n</root>", "list.xml");
    CHECK(d.code == "R035");
    CHECK(d.where.line == 2);
    CHECK(d.where.path == "/root/group[1]");
    // More values than columns.
    CHECK(input_problem("<r><row><a>A123456789</a><b>3</b><c>x</c></row></r>", "list.xml").code == "R007");
}

TEST_CASE("xml input: a document on one line keeps every element's column, and each row its own reasons") {
    // Exporters often write no newline: every row is on line 1, told apart by column and path.
    const std::string row_ok = "<研習教師資料><身分證字號>A123456789</身分證字號><時數>3</時數></研習教師資料>";
    const std::string row_bad = "<研習教師資料><身分證字號>A123456788</身分證字號><時數>3</時數></研習教師資料>";
    std::string xml = "<dataroot>";
    const int rows = 3000;
    for (int i = 0; i < rows; ++i) xml += i % 3 == 2 ? row_bad : row_ok;
    xml += "</dataroot>";
    const auto root = detail::parse_xml(xml, "one-line.xml");
    REQUIRE(root.children.size() == static_cast<std::size_t>(rows));
    int width = 0;  // characters (code points) of one row
    for (char c : row_ok) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    for (int i = 0; i < rows; i += 997) {
        CHECK(root.children[static_cast<std::size_t>(i)].line == 1);
        CHECK(root.children[static_cast<std::size_t>(i)].column == 11 + i * width);
    }
    const AuditResult r = check(xml, "one-line.xml");
    CHECK(report(r).rows == rows);
    CHECK(report(r).rejected == rows - 1);  // a bad checksum, or A123456789 again
    for (const auto& v : report(r).verdicts)
        for (const auto& why : v.reasons) CHECK(why.rule != "");
    std::size_t reasons = 0;
    for (const auto& v : report(r).verdicts) reasons += v.reasons.size();
    std::size_t violations = 0;
    for (const auto& v : r.violations) violations += v.table == report(r).table ? 1 : 0;
    CHECK(reasons == violations);  // each violation in exactly one row
}

TEST_CASE("xml input: an Access export (namespaced root attributes), attribute rows, an empty list") {
    const std::string access = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<dataroot xmlns:od=\"urn:schemas-microsoft-com:officedata\" generated=\"2025-09-01T10:00:00\">\n"
                               "<研習教師資料>\n<身分證字號>A123456789</身分證字號>\n<研習時數>3</研習時數>\n</研習教師資料>\n"
                               "</dataroot>\n";
    const AuditResult r = check(access, "export.xml");
    CHECK(report(r).rows == 1);
    CHECK(report(r).accepted == 1);
    const AuditResult attrs =
        check("<名單><學員 身分證字號=\"A123456789\" 研習時數=\"3\"/><學員 身分證字號=\"A123456788\" 研習時數=\"3\"/></名單>",
              "list.xml");
    CHECK(report(attrs).rows == 2);
    CHECK(rejected_for(attrs, 1, "attendee-id"));
    const AuditResult empty = check("<名單/>", "list.xml");
    CHECK(report(empty).rows == 0);
    CHECK(empty.status == Status::met);
    // A field element holding elements is a located error.
    const Diagnostic d = input_problem("<r>\n<row><a>A123456789</a><b><c>3</c></b></row></r>", "list.xml");
    CHECK(d.code == "R021");
    CHECK(d.where.line == 2);
    CHECK(d.where.path == "/r/row[1]/b");
}

TEST_CASE("positional CSV: a header naming a field is skipped, any other first row is data") {
    CHECK(report(check("身分證字號,研習時數\nA123456789,3\n", "list.csv")).rows == 1);
    CHECK(report(check("ID,Hours\nA123456789,3\n", "list.csv")).rows == 2);  // not a known header: a rejected row
    CHECK(report(check("A123456789,3\nI100000003,2\n", "list.csv")).accepted == 2);
    // Header names do not matter, positions do: hours first is read as the ID.
    CHECK(rejected_for(check("研習時數,身分證字號\n3,A123456789\n", "list.csv"), 2, "attendee-id"));
    const Diagnostic d = input_problem("A123456789,3,王小明\n", "list.csv");
    CHECK(d.code == "R007");
    CHECK(d.where.line == 1);
    CHECK(d.where.column == 3);
}

TEST_CASE("multiple_of is exact for decimals: 0.75 is not a multiple of 0.5, 1.5 is") {
    CHECK(detail::decimal_multiple("1.5", "0.5"));
    CHECK(detail::decimal_multiple("1.50", "0.5"));
    CHECK(detail::decimal_multiple("2", "0.5"));
    CHECK_FALSE(detail::decimal_multiple("0.75", "0.5"));
    CHECK_FALSE(detail::decimal_multiple("1.0000001", "0.5"));
    CHECK(detail::decimal_multiple("0.3", "0.1"));  // 0.3 / 0.1 in binary is 2.9999999999999996
    CHECK(detail::decimal_multiple("1e1", "0.5"));  // not plain decimal: compared as doubles
    const AuditResult r = check("A123456789,1.5\nI100000003,0.75\nO158238845,0.5\nAC03095424,1\n", "list.csv");
    CHECK_FALSE(rejected_for(r, 1, "hours-unit"));
    CHECK(rejected_for(r, 2, "hours-unit"));
    CHECK(rejected_for(r, 2, "hours-min"));   // both reasons of a row are given
    CHECK_FALSE(rejected_for(r, 3, "hours-unit"));
    CHECK(rejected_for(r, 3, "hours-min"));   // under 1 hour earns nothing: rejected
    CHECK(report(r).accepted == 2);
    CHECK(report(r).rejected == 2);
}

TEST_CASE("unique: the second row with an ID is rejected, the first is not, blanks are not duplicates") {
    const AuditResult r = check("A123456789,2\n,2\nA123456789,3\n,2\nA123456789,1\n", "list.csv");
    CHECK_FALSE(rejected_for(r, 1, "attendee-once"));
    CHECK(rejected_for(r, 3, "attendee-once"));
    CHECK(rejected_for(r, 5, "attendee-once"));
    CHECK_FALSE(rejected_for(r, 4, "attendee-once"));
    CHECK(rejected_for(r, 4, "attendees.national_id"));  // blank: required
}

TEST_CASE("credit classes: the course's class type (a one-row table) chooses hours or credits rules") {
    const std::string list = "A123456789,0.75\nI100000003,54\n";
    const AuditResult hours = check(list, "list.csv");  // no course given: a non-credit class
    CHECK(rejected_for(hours, 1, "hours-unit"));
    const AuditResult credits = check(list, "list.csv", "課程類別,學分數\n學分班,3\n");
    CHECK_FALSE(rejected_for(credits, 1, "hours-unit"));
    CHECK(rejected_for(credits, 2, "credits-max"));
    CHECK(report(credits).accepted == 1);
    const AuditResult capped = check("A123456789,3\nI100000003,2\n", "list.csv", "課程類別,研習時數\n非學分班,2\n");
    CHECK(rejected_for(capped, 1, "hours-max"));
    CHECK(report(capped).accepted == 1);
}

TEST_CASE("row report: counts, masked values and reasons in text and JSON, exit status not met") {
    const AuditResult r = check("身分證字號,研習時數/學分數\nA123456789,3\nA123456788,2\n", "名單.csv");
    CHECK(r.status == Status::not_met);
    const std::string zh = render_text(r);
    CHECK(zh.find("共 2 列，成功 1 列，失敗 1 列") != std::string::npos);
    CHECK(zh.find("A1234*****") != std::string::npos);
    CHECK(zh.find("A123456788") == std::string::npos);
    CHECK(zh.find("檢查碼不符") != std::string::npos);
    RenderOptions en;
    en.language = Language::en;
    CHECK(render_text(r, en).find("2 rows, 1 accepted, 1 rejected") != std::string::npos);
    const std::string json = render_json(r);
    CHECK(json.find("\"row_reports\"") != std::string::npos);
    CHECK(json.find("\"rejected\": 1") != std::string::npos);
    RenderOptions unmasked;
    unmasked.unmask_ids = true;
    CHECK(render_json(r, unmasked).find("A123456788") != std::string::npos);
    // A list whose rows all pass.
    const AuditResult ok = check("A123456789,3\n", "名單.csv");
    CHECK(ok.status == Status::met);
    CHECK(report(ok).verdicts.empty());
}

TEST_CASE("loader: the new keys' errors are located") {
    const std::string table = "tables:\n  t:\n    fields:\n      a: number\n      b: text\n";
    Diagnostic d = lint_error(table + "    columns: [a, c]\nrules: []\n");
    CHECK(d.code == "E021");
    CHECK(d.where.line == 11);
    d = lint_error(table + "    report: all\nrules: []\n");
    CHECK(d.code == "E012");
    CHECK(d.where.line == 11);
    d = lint_error(table + "rules:\n  - {id: r, title: r, table: t, field: b, multiple_of: 0.5}\n");
    CHECK(d.code == "E012");
    CHECK(d.where.line == 12);
    d = lint_error(table + "rules:\n  - {id: r, title: r, table: t, field: a, multiple_of: -1}\n");
    CHECK(d.code == "E012");
    d = lint_error(table + "rules:\n  - {id: r, title: r, table: t, field: a, multiple_of: x}\n");
    CHECK(d.code == "E012");
    d = lint_error(table + "rules:\n  - {id: r, title: r, table: t, where: {course.kind: x}, field: a, unique: true}\n");
    CHECK(d.code == "E021");
    CHECK(d.where.line == 12);
    d = lint_error(table + "rules:\n  - {id: r, title: r, table: t, where: {t.b: x}, field: a, unique: true}\n");
    CHECK(d.code == "E012");  // t is not a one-row table
    d = lint_error(table + "rules:\n  - {id: r, title: r, table: t, group_by: [b], max: 1, unique: true}\n");
    CHECK(d.code == "E012");
}
