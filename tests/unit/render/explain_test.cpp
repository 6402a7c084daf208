// explain (families/*/render.cpp, render/text.cpp): a readable outline of a rule set, in zh-TW and en.
#include <doctest/doctest.h>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include <string>

using namespace libaudit;

namespace {

const RuleSet& smoke() {
    static const RuleSet r = load_ruleset(std::string(LIBAUDIT_TEST_DATA) + "/smoke/rules.yaml");
    return r;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("explain: an outline of the rule set's requirements") {
    const std::string zh = explain(smoke());
    CHECK(has(zh, "核心課程"));
    CHECK(has(zh, "A1"));
    CHECK(has(zh, "12"));
    const std::string en = explain(smoke(), Language::en);
    CHECK(has(en, "12"));
    CHECK(en != zh);
}

TEST_CASE("explain: a checks rule set lists its rules") {
    const RuleSet pack = load_ruleset(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/tw-inservice-organiser/attendee-list.yaml");
    const std::string zh = explain(pack);
    CHECK(has(zh, "attendee-id"));
    CHECK(has(zh, "hours-unit"));
}
