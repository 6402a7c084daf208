// Rendering (families/programme/render.cpp, render/json.cpp) of a programme audit of the smoke rule set:
// key facts in text and JSON, zh-TW vs en, ID masking and the unmask option.
#include <doctest/doctest.h>
#include <libaudit/audit.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include <string>

using namespace libaudit;

namespace {

const RuleSet& smoke() {
    static const RuleSet r = load_ruleset(std::string(LIBAUDIT_TEST_DATA) + "/smoke/rules.yaml");
    return r;
}

AuditResult result() {
    Subject s;
    s.profile.present = true;
    s.profile.subject_id = "211300001";
    s.profile.entry_year = 113;
    s.profile.semesters = 2;
    s.profile.english_name = "WANG, TA-MING";
    s.profile.national_id = "A123456789";
    for (auto [code, grade] : {std::pair{"A1", "85"}, std::pair{"B1", "80"}}) {
        Record r;
        r.subject_id = "211300001";
        r.code = code;
        r.term = parse_term("1131");
        r.credits = 3;
        r.grade = grade;
        s.records.push_back(r);
    }
    return audit(smoke(), s);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("render: text in zh-TW and en, with the key facts") {
    const AuditResult r = result();
    REQUIRE(r.status == Status::not_met);
    const std::string zh = render_text(r);
    CHECK(has(zh, "211300001"));
    CHECK(has(zh, "核心課程"));
    CHECK(has(zh, "測試碩專"));
    RenderOptions en;
    en.language = Language::en;
    const std::string e = render_text(r, en);
    CHECK(has(e, "211300001"));
    CHECK(e != zh);
    CHECK((has(e, "not met") || has(e, "NOT MET") || has(e, "Not met")));
}

TEST_CASE("render: JSON carries schema, status and requirements, IDs masked unless asked") {
    const AuditResult r = result();
    const std::string j = render_json(r);
    CHECK(has(j, result_schema_id));
    CHECK((has(j, "\"status\": \"not_met\"") || has(j, "\"status\":\"not_met\"")));
    CHECK(has(j, "domain.core"));
    CHECK_FALSE(has(j, "A123456789"));
    RenderOptions un;
    un.unmask_ids = true;
    CHECK(has(render_json(r, un), "A123456789"));
    RenderOptions compact;
    compact.compact = true;
    const std::string c = render_json(r, compact);
    CHECK(c.find('\n') == std::string::npos);
}
