// Checks violations in the user's language (families/checks/wording.cpp and the catalogues
// messages/<lang>/checks.txt): a violation carries a code and data, and reads fully in Chinese in
// zh-TW reports and in English in en ones.
#include <doctest/doctest.h>
#include <libaudit/dataset.hpp>
#include <libaudit/messages.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include "families/checks/wording.hpp"

#include <algorithm>
#include <string>

using namespace libaudit;

namespace {

AuditResult check(const std::string& pack, const std::string& text, const std::string& name) {
    const RuleSet rules = load_ruleset(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/" + pack);
    Dataset d;
    parse_dataset_input(rules, text, name, "", d);
    return audit_dataset(rules, d);
}

AuditResult students(const std::string& rows) {
    return check("ntue-identity/student-identity.yaml",
                 "學號,姓名,英文姓名,身分證統一編號,出生日期,外籍生,電子信箱,手機,新密碼\n" + rows, "students.csv");
}

const Violation& find(const AuditResult& r, const std::string& rule) {
    const auto it = std::find_if(r.violations.begin(), r.violations.end(), [&](const Violation& v) { return v.rule == rule; });
    REQUIRE(it != r.violations.end());
    return *it;
}

std::string param(const Violation& v, const std::string& name) {
    for (const auto& p : v.params)
        if (p.name == name) return p.value;
    return "(none)";
}

bool has_ascii_letter(const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); });
}

// The violation's sentence and what the rule wants, as the text report shows them.
std::string words(const Violation& v, Language language) {
    const MessageParams p = detail::shown_params(language, v.params, param(v, "value"), v.field_title);
    return detail::checks_expected(language, v.code, p) + " / " + detail::checks_text(language, v.code, p);
}

std::string report(const AuditResult& r, Language language) {
    RenderOptions o;
    o.language = language;
    return render_text(r, o);
}

const std::string ok_row = "113681001,王大明,\"WANG, TA-MING\",A123456789,1990-03-25,否,a113681001@grad.ntue.edu.tw,0912345678,";

}  // namespace

TEST_CASE("checks wording: a password policy violation, its codes and both languages") {
    const AuditResult r = students(ok_row + "Abcdefgh\n");
    const Violation& v = find(r, "password-policy");
    CHECK(v.code == "checks.password.missing_classes");
    CHECK(param(v, "missing") == "digit,symbol");
    CHECK(param(v, "min_length") == "8");
    CHECK(param(v, "value") == "********");  // personal: masked in the data too
    CHECK(v.expected == "a password with a digit, a symbol");  // the English members stay
    CHECK(words(v, Language::zh_TW) == "密碼須含數字、符號 / 密碼還需要數字、符號");
    CHECK(words(v, Language::en) == "a password with a digit, a symbol / the password needs a digit, a symbol");
    const std::string zh = report(r, Language::zh_TW);
    CHECK(zh.find("應為 密碼須含數字、符號") != std::string::npos);
    CHECK(zh.find("a password") == std::string::npos);
    CHECK(report(r, Language::en).find("expected a password with a digit, a symbol\n      the password needs a digit, a symbol") !=
          std::string::npos);
    // Too short as well: the length is a class of its own.
    const AuditResult short_one = students(ok_row + "ab1!\n");
    const Violation& w = find(short_one, "password-policy");
    CHECK(param(w, "missing") == "length");
    CHECK(detail::checks_text(Language::zh_TW, w.code, w.params) == "密碼還需要至少 8 個字元");
}

TEST_CASE("checks wording: an ID checksum violation") {
    const AuditResult r = students("113681001,王大明,\"WANG, TA-MING\",A123456788,1990-03-25,否,a113681001@grad.ntue.edu.tw,0912345678,\n");
    const Violation& v = find(r, "national-id");
    CHECK(v.code == "checks.id.checksum");
    CHECK(param(v, "field") == "national_id");
    CHECK(param(v, "value") == "A1234*****");
    const std::string zh = words(v, Language::zh_TW);
    CHECK_MESSAGE(!has_ascii_letter(zh), zh);
    CHECK(zh.find("檢查碼不符") != std::string::npos);
    CHECK(words(v, Language::en).find("national_id the check digit does not match") != std::string::npos);
    const std::string report_zh = report(r, Language::zh_TW);
    CHECK(report_zh.find("身分證統一編號檢查碼不符") != std::string::npos);
    CHECK(report_zh.find("check digit") == std::string::npos);
}

TEST_CASE("checks wording: a one-of violation") {
    const AuditResult r = check("k12-portfolio/portfolio-settings.yaml",
                                R"({"windows": [{"school_year": 110, "semester": 3, "item": "學生勾選多元表現時間",)"
                                R"( "start": "2021-08-01 00:00", "end": "2021-09-01 00:00"}]})",
                                "input.json");
    const Violation& v = find(r, "window-semester");
    CHECK(v.code == "checks.one_of");
    CHECK(param(v, "allowed") == "0, 1, 2");
    CHECK(param(v, "value") == "3");
    const std::string zh = words(v, Language::zh_TW);
    CHECK_MESSAGE(!has_ascii_letter(zh), zh);
    CHECK(zh == "0, 1, 2 其中之一 / 學期為「3」，只能填 0, 1, 2 其中之一");
    CHECK(words(v, Language::en) == "one of 0, 1, 2 / semester is '3', must be one of 0, 1, 2");
    CHECK(report(r, Language::zh_TW).find("one of") == std::string::npos);
}

TEST_CASE("checks wording: every `<code>.expected` has its sentence `<code>`") {
    for (const Language l : {Language::zh_TW, Language::en})
        for (const auto& code : message_codes(l)) {
            if (code.rfind("checks.", 0) != 0 || code.rfind("checks.report.", 0) == 0) continue;
            const std::string suffix = ".expected";
            if (code.size() > suffix.size() && code.compare(code.size() - suffix.size(), suffix.size(), suffix) == 0)
                CHECK_MESSAGE(has_message(l, code.substr(0, code.size() - suffix.size())), code);
        }
}
