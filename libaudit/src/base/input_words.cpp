// Words read in input values (libaudit/data/words.txt, built into the library as text).
#include "base/input_words.hpp"

#include <unordered_map>

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

// words.inc defines words_data_text: libaudit/data/words.txt (libaudit/CMakeLists.txt).
#include <words.inc>

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

using Words = std::unordered_map<std::string_view, std::vector<std::string_view>>;

// `name = word, word` per line; `#` starts a comment line. Views into the static text.
Words parse(std::string_view text) {
    Words out;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = trimmed(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        const std::size_t eq = line.find('=');
        if (line.empty() || line.front() == '#' || eq == std::string_view::npos) continue;
        std::vector<std::string_view>& words = out[trimmed(line.substr(0, eq))];
        std::string_view rest = line.substr(eq + 1);
        while (!rest.empty()) {
            const std::size_t comma = rest.find(',');
            if (const std::string_view word = trimmed(rest.substr(0, comma)); !word.empty()) words.push_back(word);
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
    }
    return out;
}

}  // namespace

const std::vector<std::string_view>& input_words(std::string_view name) {
    static const Words words = parse(words_data_text);
    static const std::vector<std::string_view> none;
    const auto it = words.find(name);
    return it == words.end() ? none : it->second;
}

}}}  // namespace libaudit::v0::detail
