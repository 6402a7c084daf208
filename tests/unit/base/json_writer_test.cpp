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
