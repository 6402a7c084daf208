// The message catalogues (libaudit/messages/<language>.txt, built into the library as text) and
// filling in a message's parameters. Each catalogue is parsed once, on first use.
#include <libaudit/messages.hpp>

#include "base/message_text.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

namespace libaudit { inline namespace v0 {

namespace {

// catalogue.inc defines catalogue_zh_TW and catalogue_en: each file's text (libaudit/CMakeLists.txt).
#include <catalogue.inc>

// A message split once, when the catalogue is read, into literal pieces and placeholders, so that
// writing one is a concatenation (an audit writes a message per record not counted). The pieces
// are views into the catalogue text, which is static, and every message's pieces lie in one array:
// reading a catalogue allocates little more than the map, which matters because loading a rule
// file asks for messages in both languages (implied titles).
struct Part {
    std::string_view text;   // a literal piece; empty for a placeholder
    std::string_view name;   // a placeholder's parameter
    std::string_view group;  // {name|group}: the catalogue word group.<value>; {name|plural:one|other}: "one|other"
    bool line_breaks = false;  // the piece holds `\n`, a line break
    bool plural = false;       // {name|plural:one|other}: `one` when the value is 1, else `other`
};
struct Message {
    std::uint32_t first = 0, count = 0;  // its parts in Catalogue::parts
};
// Keyed by views into the catalogue text: a code is looked up without building a string.
struct Catalogue {
    std::unordered_map<std::string_view, Message> codes;
    std::vector<Part> parts;
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Calls `on_text(piece)` and `on_placeholder(name, group)` along a message text.
template <class Text, class Placeholder>
void scan(std::string_view text, Text on_text, Placeholder on_placeholder) {
    // The next '{' and '}' at or after i, each found again only once passed (find_first_of("{}")
    // calls memchr per character: a visible share of a first load in the WebAssembly module).
    std::size_t open = text.find('{'), shut = text.find('}');
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (open < i) open = text.find('{', i);
        if (shut < i) shut = text.find('}', i);
        // The plain run up to the next brace in one piece.
        const std::size_t brace = std::min(open, shut);
        if (brace != i) {
            const std::size_t end = brace == std::string_view::npos ? text.size() : brace;
            on_text(text.substr(i, end - i));
            i = end - 1;
            continue;
        }
        const char c = text[i];
        if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
            on_text(text.substr(i, 1));
            ++i;
            continue;
        }
        if (c == '{') {
            const std::size_t close = text.find('}', i);
            if (close != std::string_view::npos) {
                const std::string_view inside = text.substr(i + 1, close - i - 1);
                const std::size_t bar = inside.find('|');
                on_placeholder(inside.substr(0, bar), bar == std::string_view::npos ? std::string_view() : inside.substr(bar + 1));
                i = close;
                continue;
            }
        }
        on_text(text.substr(i, 1));
    }
}

// A literal piece of a message: `\n` in the catalogue is a line break.
void append_literal(std::string& out, std::string_view piece) {
    for (std::size_t at = piece.find("\\n"); at != std::string_view::npos; at = piece.find("\\n")) {
        out.append(piece.data(), at);
        out += '\n';
        piece.remove_prefix(at + 2);
    }
    out.append(piece.data(), piece.size());
}

// `code = text` per line; `#` starts a comment line; `\n` in a text is a line break.
void parse(std::string_view text, Catalogue& out) {
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = trim(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (line.empty() || line.front() == '#') continue;
        const std::size_t eq = line.find(" = ");
        if (eq == std::string_view::npos) continue;  // the catalogue test rejects such lines
        Message m;
        m.first = static_cast<std::uint32_t>(out.parts.size());
        scan(
            line.substr(eq + 3),
            [&](std::string_view piece) {
                out.parts.push_back({piece, {}, {}, piece.find("\\n") != std::string_view::npos});
            },
            [&](std::string_view name, std::string_view group) {
                constexpr std::string_view plural = "plural:";
                const bool forms = group.substr(0, plural.size()) == plural;
                out.parts.push_back({{}, name, forms ? group.substr(plural.size()) : group, false, forms});
            });
        m.count = static_cast<std::uint32_t>(out.parts.size()) - m.first;
        if (!out.codes.emplace(trim(line.substr(0, eq)), m).second) out.parts.resize(m.first);
    }
}

// A language's catalogue: its files' texts, in file order.
template <std::size_t N>
Catalogue parse(const char* const (&files)[N]) {
    // Room for every line's entry and about two pieces each, so that neither the map nor the
    // pieces grow (and rehash or move) while the catalogue is read.
    std::size_t lines = 0;
    for (const char* text : files) {
        const std::string_view s(text);
        for (std::size_t at = s.find('\n'); at != std::string_view::npos; at = s.find('\n', at + 1)) ++lines;
    }
    Catalogue out;
    out.codes.reserve(lines);
    out.parts.reserve(2 * lines);
    for (const char* text : files) parse(text, out);
    return out;
}

// Each language is parsed on its own first use: a run in one language never parses the other
// (a visible share of the WebAssembly module's first audit).
const Catalogue& catalogue(Language language) {
    if (language == Language::en) {
        static const Catalogue en = parse(catalogue_en);
        return en;
    }
    static const Catalogue zh = parse(catalogue_zh_TW);
    return zh;
}

// A message's parts, or nullptr (and *count 0) when the catalogue has no such code.
const Part* find(Language language, std::string_view code, std::size_t* count) {
    const Catalogue& c = catalogue(language);
    const auto it = c.codes.find(code);
    *count = it == c.codes.end() ? 0 : it->second.count;
    return it == c.codes.end() ? nullptr : c.parts.data() + it->second.first;
}

const std::string* param(const MessageParams& params, std::string_view name) {
    for (const auto& p : params)
        if (p.name == name) return &p.value;
    return nullptr;
}

}  // namespace

std::optional<Language> parse_language(std::string_view word) noexcept {
    std::string w;
    for (char c : word) w += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c == '_' ? '-' : c;
    if (w == "zh-tw" || w == "zh" || w == "zh-hant" || w == "zh-hant-tw") return Language::zh_TW;
    if (w == "en" || w.rfind("en-", 0) == 0) return Language::en;
    return std::nullopt;
}

const char* to_string(Language language) noexcept { return language == Language::en ? "en" : "zh-TW"; }

Language default_language() {
    const char* env = std::getenv("LIBAUDIT_LANG");
    if (env)
        if (const auto l = parse_language(env)) return *l;
    return Language::zh_TW;
}

namespace {

// Fills in a message; a `{name|group}` word is itself filled in with the same parameters, to a
// depth of three (a catalogue that refers to itself ends there). `extra` (may be null) comes after
// `params`: found only when they have no parameter of its name.
void fill(Language language, const Part* parts, std::size_t count, const MessageParams& params,
          const MessageParam* extra, int depth, std::string& out) {
    for (const Part* part = parts; part != parts + count; ++part) {
        if (part->name.empty()) {
            if (part->line_breaks) append_literal(out, part->text);
            else out.append(part->text.data(), part->text.size());
            continue;
        }
        const std::string* value = param(params, part->name);
        if (!value && extra && extra->name == part->name) value = &extra->value;
        if (!value) {
            out += '{';
            out.append(part->name.data(), part->name.size());
            out += '}';
            continue;
        }
        if (part->plural) {
            // English: the singular for exactly 1 ("1 course", "1.0 courses"), the plural otherwise.
            const std::size_t bar = part->group.find('|');
            const std::string_view form = *value == "1" || bar == std::string_view::npos ? part->group.substr(0, bar)
                                                                                          : part->group.substr(bar + 1);
            out.append(form.data(), form.size());
            continue;
        }
        std::size_t word_count = 0;
        const Part* word = nullptr;
        if (!part->group.empty()) {
            // "<group>.<value>" without a string allocated for it (the common, short case).
            char key[128];
            const std::size_t n = part->group.size() + 1 + value->size();
            if (n <= sizeof key) {
                std::memcpy(key, part->group.data(), part->group.size());
                key[part->group.size()] = '.';
                std::memcpy(key + part->group.size() + 1, value->data(), value->size());
                word = find(language, std::string_view(key, n), &word_count);
            } else {
                word = find(language, std::string(part->group) + "." + *value, &word_count);
            }
        }
        if (word && depth < 3) fill(language, word, word_count, params, extra, depth + 1, out);
        else out += *value;
    }
}

void append_text(std::string& out, Language language, std::string_view code, const MessageParams& params,
                 const MessageParam* extra) {
    std::size_t count = 0;
    const Part* parts = find(language, code, &count);
    if (!parts) {
        out += code;
        for (const auto& p : params) out += " " + p.name + "=" + p.value;
        if (extra) out += " " + extra->name + "=" + extra->value;
        return;
    }
    fill(language, parts, count, params, extra, 0, out);
}

}  // namespace

std::string message_text(Language language, std::string_view code, const MessageParams& params) {
    std::string out;
    append_text(out, language, code, params, nullptr);
    return out;
}

void detail::append_message_text(std::string& out, Language language, std::string_view code, const MessageParams& params,
                                 const MessageParam* extra) {
    append_text(out, language, code, params, extra);
}

bool has_message(Language language, std::string_view code) {
    std::size_t count = 0;
    return find(language, code, &count) != nullptr;
}

std::vector<std::string> message_codes(Language language) {
    std::vector<std::string> out;
    for (const auto& [code, message] : catalogue(language).codes) out.emplace_back(code);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> message_placeholders(Language language, std::string_view code) {
    std::vector<std::string> out;
    std::size_t count = 0;
    const Part* parts = find(language, code, &count);
    for (std::size_t i = 0; i < count; ++i)
        if (!parts[i].name.empty() && std::find(out.begin(), out.end(), parts[i].name) == out.end())
            out.emplace_back(parts[i].name);
    return out;
}

}}  // namespace libaudit::v0
