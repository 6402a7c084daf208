#include "base/json_writer.hpp"

#include <doctest/doctest.h>

#include <string>

using libaudit::detail::JsonWriter;

namespace {

// The escaping rules, one character at a time, as the reference.
std::string reference(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) {
        const auto u = static_cast<unsigned char>(ch);
        if (ch == '"') out += "\\\"";
        else if (ch == '\\') out += "\\\\";
        else if (ch == '\n') out += "\\n";
        else if (ch == '\r') out += "\\r";
        else if (ch == '\t') out += "\\t";
        else if (u < 0x20) out += fmt::format("\\u{:04x}", u);
        else out += ch;
    }
    return out + "\"";
}

}  // namespace

TEST_CASE("JsonWriter: strings are escaped wherever the special character falls (16-byte scans)") {
    for (const char special : {'"', '\\', '\n', '\x01', '\x1f', '\t'}) {
        for (std::size_t len = 0; len < 40; ++len) {
            for (std::size_t at = 0; at <= len; ++at) {
                std::string s(len, 'a');
                if (len > 2) s.replace(1, 1, "\xE6");  // a non-ASCII byte too (sign bit set)
                if (at < len) s[at] = special;
                JsonWriter w(true);
                w.string(s);
                CHECK(w.str() == reference(s));
                JsonWriter k(true);
                k.begin_object();
                k.key(s);
                k.null();
                k.end_object();
                CHECK(k.str() == "{" + reference(s) + ":null}");
            }
        }
    }
}

TEST_CASE("JsonWriter: text past the room made 4 KB at a time, copied values, str() then more writing") {
    JsonWriter w(true);
    w.reserve(10);
    std::string expected = "[";
    const std::size_t first = w.size();
    w.begin_array();
    const std::string piece(1000, 'b');
    for (int i = 0; i < 20; ++i) {
        w.string(piece);
        expected += (i ? "," : "") + ("\"" + piece + "\"");
    }
    CHECK(w.str() == expected);  // str() in the middle: writing goes on after it
    const std::size_t start = w.begin_object();
    w.key("k"), w.number(2.5);
    w.end_object();
    w.copy_value(start, w.size() - start);  // the bytes of the object, again, after the text may have moved
    w.number(1e300);
    w.boolean(false);
    w.end_array();
    expected += ",{\"k\":2.5},{\"k\":2.5},1e+300,false]";
    CHECK(first == 0);
    CHECK(w.size() == expected.size());
    CHECK(w.take() == expected);
}

TEST_CASE("JsonWriter: indented output keeps its newlines and indentation") {
    JsonWriter w;
    w.begin_object();
    w.key("a"), w.begin_array(), w.number(1), w.null(), w.end_array();
    w.key("b"), w.string("x");
    w.end_object();
    CHECK(w.str() == "{\n  \"a\": [\n    1,\n    null\n  ],\n  \"b\": \"x\"\n}");
}
