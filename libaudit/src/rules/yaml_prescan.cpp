// The raw-text checks of a rule file before and after yaml-cpp (yaml_prescan.hpp).
#include "rules/yaml_prescan.hpp"

#include <yaml-cpp/exceptions.h>

#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

constexpr const char* ideographic_space = "\xE3\x80\x80";  // U+3000
constexpr const char* fullwidth_colon = "\xEF\xBC\x9A";    // U+FF1A
constexpr const char* left_double = "\xE2\x80\x9C";        // U+201C
constexpr const char* right_double = "\xE2\x80\x9D";       // U+201D
constexpr const char* left_single = "\xE2\x80\x98";        // U+2018
constexpr const char* right_single = "\xE2\x80\x99";       // U+2019

std::vector<std::string> lines_of(const std::string& text) { return YamlReader::lines_of(text); }

bool starts_at(const std::string& s, std::size_t at, const char* what) { return s.compare(at, std::strlen(what), what) == 0; }

// The indent of a line: spaces, tabs and full-width spaces; reports the first tab or U+3000 in it.
bool indent_ok(YamlReader& reader, const std::string& line, int number) {
    for (std::size_t i = 0; i < line.size();) {
        if (line[i] == ' ') {
            ++i;
        } else if (line[i] == '\t') {
            reader.report(number, static_cast<int>(i) + 1, "E001.yaml.tab", {});
            return false;
        } else if (starts_at(line, i, ideographic_space)) {
            reader.report(number, static_cast<int>(i) + 1, "E001.yaml.fullwidth_space", {});
            return false;
        } else {
            return true;
        }
    }
    return true;
}

// `key：` at the start of a line (after `- `): an ASCII key followed by a full-width colon.
bool key_colon_ok(YamlReader& reader, const std::string& line, int number) {
    std::size_t i = line.find_first_not_of(' ');
    if (i == std::string::npos || line[i] == '#') return true;
    if (line[i] == '-' && i + 1 < line.size() && line[i + 1] == ' ') i = line.find_first_not_of(' ', i + 1);
    const std::size_t key = i;
    while (i < line.size() && (std::isalnum(static_cast<unsigned char>(line[i])) || line[i] == '_' || line[i] == '-' || line[i] == '.'))
        ++i;
    if (i == key) return true;
    const std::size_t colon = line.find_first_not_of(' ', i);
    if (colon == std::string::npos || !starts_at(line, colon, fullwidth_colon)) return true;
    reader.report(number, static_cast<int>(colon) + 1, "E001.yaml.fullwidth_colon", {{"key", line.substr(key, i - key)}});
    return false;
}

// A value that starts with a smart quote right after `: `, `- `, `[` or `, ` and ends with its
// closing one (before a comment, `,`, `]` or `}`): YAML keeps the quotes as part of the text.
bool quotes_ok(YamlReader& reader, const std::string& line, int number) {
    for (const auto& [open, close] : {std::pair{left_double, right_double}, std::pair{left_single, right_single}}) {
        for (std::size_t at = line.find(open); at != std::string::npos; at = line.find(open, at + 1)) {
            const std::size_t before = at == 0 ? std::string::npos : line.find_last_not_of(' ', at - 1);
            if (before == std::string::npos || std::string(":-[,{").find(line[before]) == std::string::npos) continue;
            if (line[before] == ':' && before + 1 == at) continue;  // "a:“b”" is text, not a value
            const std::size_t end = line.find(close, at + 3);
            if (end == std::string::npos) continue;
            const std::size_t after = line.find_first_not_of(' ', end + 3);
            if (after != std::string::npos && std::string("#,]}").find(line[after]) == std::string::npos) continue;
            reader.report(number, static_cast<int>(at) + 1, "E001.yaml.smart_quotes",
                          {{"value", line.substr(at + 3, end - at - 3)}});
            return false;
        }
    }
    return true;
}

// Where a block scalar (`key: |`, `- >-`) starts its text, so that its lines are not read as YAML.
bool opens_block_scalar(const std::string& line) {
    std::size_t end = line.find(" #");
    std::string s = line.substr(0, end);
    while (!s.empty() && s.back() == ' ') s.pop_back();
    while (!s.empty() && (s.back() == '-' || s.back() == '+' || std::isdigit(static_cast<unsigned char>(s.back())))) s.pop_back();
    return s.size() >= 2 && (s.back() == '|' || s.back() == '>') && (s[s.size() - 2] == ' ' || s[s.size() - 2] == ':');
}

// A line that opens a block below it: `key:` with nothing after, or a list item `- ...`.
bool opens_block(const std::string& line, std::size_t first) {
    std::string s = line.substr(0, line.find(" #"));
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return (!s.empty() && s.back() == ':') || line.compare(first, 2, "- ") == 0 || line.substr(first) == "-";
}

// A line of structure (a key or a list item), not the continuation of a plain text value.
bool structure(const std::string& line, std::size_t first) {
    return line.compare(first, 2, "- ") == 0 || line.find(": ") != std::string::npos ||
           (!line.empty() && line.back() == ':');
}

}  // namespace

bool prescan_yaml(YamlReader& reader, const std::string& text) {
    const std::vector<std::string> lines = lines_of(text);
    bool found = false;
    int block_indent = -1;  // inside a block scalar: its key's indent
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::string& line = lines[n];
        const int number = static_cast<int>(n) + 1;
        const std::size_t first = line.find_first_not_of(' ');
        if (block_indent >= 0) {
            if (first == std::string::npos || static_cast<int>(first) > block_indent) continue;
            block_indent = -1;
        }
        const bool ok = indent_ok(reader, line, number) && key_colon_ok(reader, line, number) && quotes_ok(reader, line, number);
        found = found || !ok;
        if (first != std::string::npos && opens_block_scalar(line)) block_indent = static_cast<int>(first);
    }
    return found;
}

bool indentation_problems(YamlReader& reader, const std::string& text) {
    const std::vector<std::string> lines = lines_of(text);
    std::vector<int> levels;  // indents of the blocks open above the current line
    int block_indent = -1, depth = 0, previous = -1;
    bool found = false, opens = false;  // opens: the line above opens a block (ends with ':' or is '- ')
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::string& line = lines[n];
        const std::size_t first = line.find_first_not_of(' ');
        if (first == std::string::npos || line[first] == '#') continue;
        const int indent = static_cast<int>(first);
        if (block_indent >= 0 && indent > block_indent) continue;
        block_indent = -1;
        if (depth > 0) {  // inside a flow collection spread over lines: not an indentation
            for (char c : line) depth += (c == '[' || c == '{') - (c == ']' || c == '}');
            continue;
        }
        int closed = -1;  // the innermost block this line closes
        while (!levels.empty() && levels.back() > indent) closed = levels.back(), levels.pop_back();
        if (!levels.empty() && levels.back() < indent && previous >= 0 && indent < previous) {
            MessageParams p{{"spaces", std::to_string(indent)}, {"expected", std::to_string(closed)},
                            {"outer", std::to_string(levels.back())}};
            reader.report(static_cast<int>(n) + 1, indent + 1, "E001.yaml.indent_between", std::move(p));
            found = true;
        } else if (previous >= 0 && indent > previous && !opens && structure(line, first)) {
            MessageParams p{{"spaces", std::to_string(indent)}, {"expected", std::to_string(previous)}};
            reader.report(static_cast<int>(n) + 1, indent + 1, "E001.yaml.indent_deeper", std::move(p));
            found = true;
        }
        previous = indent;
        opens = opens_block(line, first);
        if (levels.empty() || levels.back() < indent) levels.push_back(indent);
        // `- key: value`: the item's keys line up with `key`.
        if (line.compare(first, 2, "- ") == 0) {
            const std::size_t content = line.find_first_not_of(' ', first + 1);
            if (content != std::string::npos && line.find(": ", content) != std::string::npos) levels.push_back(static_cast<int>(content));
        }
        for (char c : line) depth += (c == '[' || c == '{') - (c == ']' || c == '}');
        if (depth < 0) depth = 0;
        if (opens_block_scalar(line)) block_indent = indent;
    }
    return found;
}

std::string yaml_message_key(const std::string& message) {
    namespace M = YAML::ErrorMsg;
    const std::pair<const char*, const char*> known[] = {
        {M::END_OF_MAP, "end_of_map"}, {M::END_OF_SEQ, "end_of_seq"}, {M::END_OF_MAP_FLOW, "end_of_map_flow"},
        {M::END_OF_SEQ_FLOW, "end_of_seq_flow"}, {M::MAP_VALUE, "map_value"}, {M::MAP_KEY, "map_key"},
        {M::BLOCK_ENTRY, "block_entry"}, {M::UNKNOWN_TOKEN, "unknown_token"}, {M::EOF_IN_SCALAR, "eof_in_scalar"},
        {M::FLOW_END, "flow_end"}, {M::TAB_IN_INDENTATION, "tab"}, {M::ALIAS_NOT_FOUND, "alias"},
        {M::CHAR_IN_SCALAR, "char_in_scalar"}};
    for (const auto& [text, key] : known)
        if (message.rfind(text, 0) == 0) return key;
    return {};
}

}}}  // namespace libaudit::v0::detail
