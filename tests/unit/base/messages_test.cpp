// The message catalogues (libaudit/messages/*.txt) and filling in parameters (base/messages.cpp).
#include <doctest/doctest.h>
#include <libaudit/messages.hpp>

#include "base/message_text.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace libaudit;

namespace {

std::vector<std::filesystem::path> catalogue_files(const char* language) {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(std::string(LIBAUDIT_SOURCE_DIR) + "/libaudit/messages/" + language))
        if (e.path().extension() == ".txt") out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string file_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("catalogues: every line is a comment, blank or `code = text`, each code once") {
    // `code = text`: the code of [a-z][A-Za-z0-9_.-]*, then the text, which may start with a space the
    // report needs but not end in one. (No std::regex: g++ 12 warns inside it under the sanitizers.)
    const auto entry = [](const std::string& line) {
        const std::size_t eq = line.find(" = ");
        if (eq == std::string::npos || eq == 0 || !(line[0] >= 'a' && line[0] <= 'z')) return false;
        for (std::size_t i = 0; i < eq; ++i) {
            const char c = line[i];
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                            c == '.' || c == '-';
            if (!ok) return false;
        }
        const char last = line.back();
        return line.size() > eq + 3 && last != ' ' && last != '\t' && last != '\r';
    };
    for (const char* language : {"zh-TW", "en"}) {
      std::set<std::string> codes;  // across the language's files
      const auto files = catalogue_files(language);
      REQUIRE_MESSAGE(!files.empty(), language);
      for (const auto& path : files) {
        const std::string name = path.filename().string();
        std::istringstream lines(file_text(path));
        std::string line;
        int n = 0;
        while (std::getline(lines, line)) {
            ++n;
            if (line.empty() || line[0] == '#') continue;
            CHECK_MESSAGE(entry(line), name << ":" << n << ": " << line);
            const std::string code = line.substr(0, line.find(" = "));
            CHECK_MESSAGE(codes.insert(code).second, name << ":" << n << ": " << code << " twice");
        }
      }
    }
}

// The English message declares a code's parameters (it names each one); the Chinese may leave some
// out, never add one, except the parameters a report fills in itself in its own language.
TEST_CASE("catalogues: every code in both languages, the Chinese uses only declared parameters") {
    const std::set<std::string> filled_by_reports{"requirement_title"};
    const auto zh = message_codes(Language::zh_TW);
    const auto en = message_codes(Language::en);
    CHECK(zh.size() > 10);
    for (const auto& code : zh) CHECK_MESSAGE(has_message(Language::en, code), "en lacks " << code);
    for (const auto& code : en) CHECK_MESSAGE(has_message(Language::zh_TW, code), "zh-TW lacks " << code);
    for (const auto& code : zh) {
        const auto declared = message_placeholders(Language::en, code);
        for (const auto& p : message_placeholders(Language::zh_TW, code))
            CHECK_MESSAGE((std::find(declared.begin(), declared.end(), p) != declared.end() || filled_by_reports.count(p)),
                          code << ": {" << p << "} is not a parameter of the English message");
    }
}

TEST_CASE("message_text: parameters, words from the catalogue, braces, unknown codes") {
    CHECK(message_text(Language::zh_TW, "status.not_met") == "未符合");
    CHECK(message_text(Language::en, "status.not_met") == "not_met");
    CHECK(message_text(Language::zh_TW, "csv.status") == "審核結果");
    // An unknown code never throws: it shows itself and its parameters.
    CHECK(message_text(Language::en, "no.such.code", {{"a", "1"}}) == "no.such.code a=1");
    // {name|group}: the catalogue's word for the value, or the value itself.
    CHECK(message_text(Language::zh_TW, "flag.missing_value", {{"field", "email"}}) == "電子信箱未填寫");
    CHECK(message_text(Language::zh_TW, "flag.missing_value", {{"field", "shoe_size"}}) == "shoe_size未填寫");
    CHECK(message_text(Language::en, "flag.missing_value", {{"field", "email"}}) == "email is empty");
    // A parameter not given stays visible as a placeholder (tests of reports look for these).
    CHECK(message_text(Language::en, "flag.missing_value") == "{field} is empty");
    CHECK_FALSE(has_message(Language::zh_TW, "no.such.code"));
    // {name|plural:one|other}: English singular for exactly 1, plural otherwise; Chinese has none.
    CHECK(message_text(Language::en, "report.unit.courses", {{"n", "1"}}) == "1 course");
    CHECK(message_text(Language::en, "report.unit.courses", {{"n", "3"}}) == "3 courses");
    CHECK(message_text(Language::en, "report.unit.courses", {{"n", "0"}}) == "0 courses");
    CHECK(message_text(Language::zh_TW, "report.unit.courses", {{"n", "1"}}) == "1 門");
}

TEST_CASE("parse_language and LIBAUDIT_LANG") {
    CHECK(parse_language("zh-TW") == Language::zh_TW);
    CHECK(parse_language("zh_tw") == Language::zh_TW);
    CHECK(parse_language("en") == Language::en);
    CHECK(parse_language("en-US") == Language::en);
    CHECK_FALSE(parse_language("fr").has_value());
    CHECK(std::string(to_string(Language::zh_TW)) == "zh-TW");
    ::setenv("LIBAUDIT_LANG", "en", 1);
    CHECK(default_language() == Language::en);
    ::setenv("LIBAUDIT_LANG", "klingon", 1);
    CHECK(default_language() == Language::zh_TW);
    ::unsetenv("LIBAUDIT_LANG");
    CHECK(default_language() == Language::zh_TW);
}

TEST_CASE("append_message_text: the text of message_text with the extra parameter after the given ones") {
    const MessageParam extra{"field", "email"};
    std::string out = "kept ";
    detail::append_message_text(out, Language::zh_TW, "flag.missing_value", {}, &extra);
    CHECK(out == "kept " + message_text(Language::zh_TW, "flag.missing_value", {{"field", "email"}}));
    // A given parameter of the same name wins, as the first of two equal names does in message_text.
    out.clear();
    detail::append_message_text(out, Language::en, "flag.missing_value", {{"field", "mobile"}}, &extra);
    CHECK(out == message_text(Language::en, "flag.missing_value", {{"field", "mobile"}, {"field", "email"}}));
    CHECK(out == "mobile is empty");
    // Unknown codes list the extra parameter last; no extra is message_text itself.
    out.clear();
    detail::append_message_text(out, Language::en, "no.such.code", {{"a", "1"}}, &extra);
    CHECK(out == "no.such.code a=1 field=email");
    out.clear();
    detail::append_message_text(out, Language::en, "flag.missing_value", {});
    CHECK(out == "{field} is empty");
    // A catalogue key longer than the stack buffer for "<group>.<value>" takes the other path.
    const std::string long_value(300, 'x');
    CHECK(message_text(Language::zh_TW, "flag.missing_value", {{"field", long_value}}) == long_value + "未填寫");
}
