// Strict reading of YAML into libaudit's own models: located diagnostics (1-based line, character
// column), duplicate and unknown keys (with a did-you-mean), type checks and YAML 1.1 traps.
// Shared by the rule loader (load.cpp) and the rule-test reader (ruletest.cpp). Internal.
#pragma once
#include <libaudit/diagnostic.hpp>

#include "base/number.hpp"
#include "base/edit_distance.hpp"
#include "input/encoding.hpp"

#include <fmt/format.h>

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// The YAML files under a path (the path itself when it is a file), sorted: rule files, or with
// `tests` the rule tests (*.test.yaml). Throws IoError when the path cannot be read. (load.cpp)
std::vector<std::string> yaml_files_under(const std::string& path, bool tests);

inline std::string suggest(const std::string& key, const std::vector<std::string>& allowed) {
    std::string best;
    std::size_t best_d = 3;
    for (const auto& k : allowed) {
        const std::size_t d = edit_distance(key, k);
        if (d < best_d || (d == best_d && best.empty())) {
            best_d = d;
            best = k;
        }
    }
    return best_d <= std::max<std::size_t>(2, key.size() / 3) ? best : std::string{};
}

inline bool valid_id(const std::string& s, bool allow_dots) {
    if (s.empty()) return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '-' || (allow_dots && c == '.');
        if (!ok) return false;
    }
    return true;
}

class YamlReader {
public:
    YamlReader(std::string file, const std::string& text) : file_(std::move(file)), lines_(lines_of(text)) {}

    // The text's lines as std::getline gives them (a last line without '\n' counts; no empty line
    // after a final '\n'), each without a trailing '\r'; split without an istringstream (a stream
    // and getline per line were a visible share of the WebAssembly module's first load).
    static std::vector<std::string> lines_of(const std::string& text) {
        std::vector<std::string> lines;
        for (std::size_t at = 0; at < text.size();) {
            const std::size_t end = std::min(text.find('\n', at), text.size());
            std::size_t stop = end;
            if (stop > at && text[stop - 1] == '\r') --stop;
            lines.emplace_back(text, at, stop - at);
            at = end + 1;
        }
        return lines;
    }

    std::vector<Diagnostic> diagnostics;
    bool has_errors() const {
        for (const auto& d : diagnostics)
            if (d.severity == Severity::error) return true;
        return false;
    }

    // A problem at a line and (byte) column, in the words of the message catalogue: `key` names
    // the entry "lint.<key>" (libaudit/messages/*/lint*.txt) and starts with the problem's code,
    // as in "E012.not_text"; `params` are its parameters (data: keys, values as written, bounds).
    void report(int line, int column, const std::string& key, MessageParams params,
                Severity severity = Severity::error) {
        Diagnostic d;
        d.severity = severity;
        d.code = key.substr(0, key.find('.'));
        d.message_code = "lint." + key;
        d.message = message_text(Language::en, d.message_code, params);
        d.params = std::move(params);
        d.where.file = file_;
        d.where.line = line;
        d.where.column = column;
        if (line >= 1 && line <= static_cast<int>(lines_.size())) {
            d.source_line = lines_[line - 1];
            // yaml-cpp counts bytes; users (and editors) count characters.
            int chars = 1;
            for (int b = 0; b < column - 1 && b < static_cast<int>(d.source_line.size()); ++b)
                if ((static_cast<unsigned char>(d.source_line[b]) & 0xC0) != 0x80) ++chars;
            d.where.column = column > 0 ? chars : 0;
        }
        diagnostics.push_back(std::move(d));
    }
    void report(const YAML::Node& at, const std::string& key, MessageParams params,
                Severity severity = Severity::error) {
        const YAML::Mark m = at.Mark();
        report(m.line + 1, m.column + 1, key, std::move(params), severity);
    }

    // The position of a node, as diagnostics report it (1-based line, character column).
    SourceLocation where(const YAML::Node& at) const {
        const YAML::Mark m = at.Mark();
        SourceLocation loc;
        loc.file = file_;
        loc.line = m.line + 1;
        loc.column = m.column + 1;
        if (loc.line <= static_cast<int>(lines_.size())) {
            const std::string& text = lines_[loc.line - 1];
            int chars = 1;
            for (int b = 0; b < loc.column - 1 && b < static_cast<int>(text.size()); ++b)
                if ((static_cast<unsigned char>(text[b]) & 0xC0) != 0x80) ++chars;
            loc.column = chars;
        }
        return loc;
    }
    const std::string& file() const { return file_; }
    const std::string& source_line(int line) const {
        static const std::string none;
        return line >= 1 && line <= static_cast<int>(lines_.size()) ? lines_[line - 1] : none;
    }
    void report_at(const SourceLocation& loc, const std::string& key, MessageParams params,
                   Severity severity = Severity::error) {
        Diagnostic d;
        d.severity = severity;
        d.code = key.substr(0, key.find('.'));
        d.message_code = "lint." + key;
        d.message = message_text(Language::en, d.message_code, params);
        d.params = std::move(params);
        d.where = loc;
        d.source_line = source_line(loc.line);
        diagnostics.push_back(std::move(d));
    }

    // Before YAML reads it: the text is UTF-8 without NUL bytes (titles are written into JSON and
    // reports as they are). False, with an E001 at the first bad byte, otherwise.
    bool text_ok(const std::string& text) {
        std::size_t bad = 0;
        const bool utf8 = valid_utf8(text, &bad);
        if (utf8) {
            const void* nul = std::memchr(text.data(), 0, text.size());
            if (nul == nullptr) return true;
            bad = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
        }
        int line = 1;
        std::size_t line_start = 0;
        for (std::size_t i = 0; i < bad; ++i)
            if (text[i] == '\n') ++line, line_start = i + 1;
        report(line, static_cast<int>(bad - line_start) + 1, utf8 ? "E001.nul" : "E001.not_utf8",
               {{"byte", fmt::format("0x{:02X}", static_cast<unsigned char>(text[bad]))}});
        diagnostics.back().source_line.clear();  // the line holds the bad bytes: never echoed into output
        return false;
    }

    // What YAML allows and a rule file must not hold: explicit tags (!!python/object, !!binary,
    // !!float): every value is read by its key, never by a tag. Reported once per node.
    void tags(const YAML::Node& n, int depth = 0) {
        if (depth > 64) return;  // YAML nesting this deep is reported by the keys it holds
        const std::string& tag = n.Tag();
        if (!tag.empty() && tag != "?" && tag != "!") report(n, "E001.tag", {{"tag", tag}});
        if (n.IsSequence() || n.IsMap())
            for (const auto& item : n) {
                if (n.IsMap()) {
                    tags(item.first, depth + 1);
                    tags(item.second, depth + 1);
                } else {
                    tags(item, depth + 1);
                }
            }
    }

    // A YAML syntax error, with a hint when the lines around it hold what Chinese input methods
    // produce and YAML does not accept: a full-width colon or comma, or a tab indent.
    // `explain` is yaml-cpp's message as a word of the catalogue group yaml.explain ("" = none).
    void syntax_error(const YAML::ParserException& e, const std::string& explain = {}) {
        const int line = e.mark.line + 1;
        std::string key = "E001.syntax";
        MessageParams params{{"detail", e.msg}, {"explain", explain}};
        for (int l = std::max(1, line - 2); l <= line && params.size() == 2; ++l) {
            const std::string& text = source_line(l);
            if (text.find("\xEF\xBC\x9A") != std::string::npos) key = "E001.syntax.fullwidth_colon";
            else if (text.find("\xEF\xBC\x8C") != std::string::npos && text.find('[') != std::string::npos)
                key = "E001.syntax.fullwidth_comma";
            else if (!text.empty() && text[0] == '\t') key = "E001.syntax.tab";
            else continue;
            params.push_back({"hint_line", std::to_string(l)});
        }
        report(line, e.mark.column + 1, key, std::move(params));
    }


    // The {fullwidth|lint.fullwidth} parameter of a message about a value that is not known: "comma"
    // or "colon" when it holds what a Chinese input method types for ',' or ':', else "" (no hint).
    static std::string fullwidth_hint(const std::string& value) {
        if (value.find("\xEF\xBC\x8C") != std::string::npos) return "comma";
        if (value.find("\xEF\xBC\x9A") != std::string::npos) return "colon";
        return {};
    }
    // The {hint|lint.hint} parameters for a did-you-mean: none when `suggestion` is empty.
    static void add_suggestion(MessageParams& params, const std::string& suggestion) {
        params.push_back({"hint", suggestion.empty() ? std::string() : "suggest"});
        params.push_back({"suggestion", suggestion});
    }

    // ---- scalar conversions -------------------------------------------------------------
    // What a node holds, as the {got|got} parameter of a message: the scalar as written in
    // quotes, or the catalogue's word for a list, a mapping or nothing.
    static std::string got(const YAML::Node& n) {
        if (n.IsScalar()) return "'" + n.Scalar() + "'";
        if (n.IsSequence()) return "list";
        if (n.IsMap()) return "mapping";
        return "nothing";
    }

    std::optional<std::string> string(const YAML::Node& n, const std::string& key) {
        if (!n.IsScalar()) {
            report(n, "E012.not_text", {{"key", key}, {"got", got(n)}});
            return std::nullopt;
        }
        // YAML 1.1 readers (and JSON Schema tools) read these as booleans: make the author quote them.
        static const std::set<std::string> traps{"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off",
                                                 "YES", "NO", "ON", "OFF", "true", "false", "True", "False"};
        if (n.Tag() != "!" && traps.count(n.Scalar())) {
            report(n, "E014.yaml_boolean", {{"key", key}, {"value", n.Scalar()}});
            return std::nullopt;
        }
        if (n.Tag() != "!" && changes_as_number(n.Scalar()))
            report(n, "W041.number_like", {{"key", key}, {"value", n.Scalar()}}, Severity::warning);
        return n.Scalar();
    }

    // Text that YAML 1.1 tools read as a number written differently: leading zeros (0648, octal
    // in YAML 1.1), trailing decimal zeros (2024.10 -> 2024.1), exponents (1e3).
    static bool changes_as_number(const std::string& s) {
        std::size_t i = s[0] == '-' || s[0] == '+' ? 1 : 0;
        if (i >= s.size()) return false;
        bool digits = false, dot = false, exponent = false;
        for (std::size_t k = i; k < s.size(); ++k) {
            const char c = s[k];
            if (c >= '0' && c <= '9') digits = true;
            else if (c == '.' && !dot && !exponent) dot = true;
            else if ((c == 'e' || c == 'E') && digits && !exponent) exponent = true;
            else if ((c == '-' || c == '+') && k > 0 && (s[k - 1] == 'e' || s[k - 1] == 'E')) continue;
            else return false;
        }
        if (!digits) return false;
        if (exponent) return true;
        if (s.size() - i > 1 && s[i] == '0' && s[i + 1] != '.') return true;  // leading zero
        return dot && s.back() == '0';                                          // 2024.10
    }

    // Every number of a rule file (credits, hours, caps, marks) is from 0 to this: far above any
    // real rule, far below what would overflow sums in the allocator (docs/rule-language.md).
    static constexpr double max_number = 100000;

    std::optional<double> number(const YAML::Node& n, const std::string& key) {
        if (n.IsScalar() && n.Tag() != "!") {
            const std::string& s = n.Scalar();
            if (const auto v = parse_number(s); v && *v >= 0 && *v <= max_number) return *v;
        }
        report(n, "E012.number_range", {{"key", key}, {"max", format_g(max_number)}, {"got", got(n)}});
        return std::nullopt;
    }

    std::optional<int> integer(const YAML::Node& n, const std::string& key, int lo, int hi) {
        if (n.IsScalar() && n.Tag() != "!") {
            const std::string& s = n.Scalar();
            if (const auto v = parse_integer(s); v && *v >= lo && *v <= hi) return static_cast<int>(*v);
        }
        report(n, "E012.not_whole",
               {{"key", key}, {"min", std::to_string(lo)}, {"max", std::to_string(hi)}, {"got", got(n)}});
        return std::nullopt;
    }

    std::optional<bool> boolean(const YAML::Node& n, const std::string& key) {
        if (n.IsScalar() && n.Tag() != "!") {
            const std::string& s = n.Scalar();
            if (s == "true" || s == "True") return true;
            if (s == "false" || s == "False") return false;
        }
        report(n, "E012.not_boolean", {{"key", key}, {"got", got(n)}});
        return std::nullopt;
    }

    // Text a rule pack gives in two languages (docs/rule-language.md, "Text in two languages"):
    // a plain string, in the pack's own language (Chinese in practice), or a mapping with `zh-TW`
    // and/or `en`. `text` is the pack's text (zh-TW, else en), what reports show by default and
    // what a field title is matched against as a column name; `en` the English text ("" = none).
    struct Bilingual {
        std::string text;
        std::string en;
    };
    std::optional<Bilingual> bilingual(const YAML::Node& n, const std::string& key) {
        if (!n.IsMap()) {
            auto s = string(n, key);
            if (!s) return std::nullopt;
            return Bilingual{*s, {}};
        }
        Bilingual out;
        bool any = false, ok = true;
        std::set<std::string> seen;
        for (const auto& kv : n) {
            const std::string lang = kv.first.Scalar();
            MessageParams where{{"key", lang}, {"context", "key"}, {"context_key", key}};
            if (!seen.insert(lang).second) {
                report(kv.first, "E011.duplicate_key", std::move(where)), ok = false;
            } else if (lang == "zh-TW" || lang == "en") {
                const auto s = string(kv.second, key + "." + lang);
                if (!s) ok = false;
                else (lang == "en" ? out.en : out.text) = *s, any = true;
            } else {
                where.insert(where.begin() + 1, {"suggestion", language_hint(lang)});
                report(kv.first, "E010.unknown_key.hint", std::move(where)), ok = false;
            }
        }
        if (!any && ok) report(n, "E013.no_language", {{"key", key}});
        if (!any || !ok) return std::nullopt;
        if (out.text.empty()) out.text = out.en;
        return out;
    }
    // The language key meant by an unknown one: zh, zh_TW, zh-Hant, tw, chinese -> zh-TW, else en.
    static std::string language_hint(std::string lang) {
        for (auto& c : lang) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const bool zh = lang.rfind("zh", 0) == 0 || lang == "tw" || lang == "chinese" || lang == "cn";
        return zh ? "zh-TW" : "en";
    }

    // A string or a list of strings.
    std::vector<std::string> strings(const YAML::Node& n, const std::string& key) {
        std::vector<std::string> out;
        if (n.IsSequence()) {
            for (std::size_t i = 0; i < n.size(); ++i) {
                const YAML::Node item = n[i];
                if (auto s = string(item, key)) out.push_back(*s);
            }
        } else if (auto s = string(n, key)) {
            out.push_back(*s);
        }
        return out;
    }

    // ---- mappings ------------------------------------------------------------------------
    class Map {
    public:
        // `context` says what the mapping is in messages: a quoted key ("'where'", shown as it
        // is) or a word of the catalogue (lint.ctx.<context>, e.g. "table" for "table '{table}'"),
        // whose parameters are `context_params`.
        Map(YamlReader& l, const YAML::Node& node, std::vector<std::string> allowed, std::string context,
            MessageParams context_params = {})
            : l_(l), node_(node), allowed_(std::move(allowed)), context_(std::move(context)),
              context_params_(std::move(context_params)) {
            if (!node.IsMap()) {
                l_.report(node, "E012.not_mapping", with_context({{"got", got(node)}}));
                ok_ = false;
                return;
            }
            std::set<std::string> seen;
            for (const auto& kv : node) {
                const std::string key = kv.first.Scalar();
                if (!seen.insert(key).second) {
                    l_.report(kv.first, "E011.duplicate_key", with_context({{"key", key}}));
                    continue;
                }
                if (std::find(allowed_.begin(), allowed_.end(), key) == allowed_.end()) {
                    const std::string hint = suggest(key, allowed_);
                    if (hint.empty()) l_.report(kv.first, "E010.unknown_key", with_context({{"key", key}}));
                    else l_.report(kv.first, "E010.unknown_key.hint", with_context({{"key", key}, {"suggestion", hint}}));
                    continue;
                }
                entries_.emplace_back(key, kv.second);
            }
        }
        bool ok() const { return ok_; }
        const YAML::Node& node() const { return node_; }
        const YAML::Node* get(const std::string& key) const {
            for (const auto& e : entries_)
                if (e.first == key) return &e.second;
            return nullptr;
        }
        bool has(const std::string& key) const { return get(key) != nullptr; }
        const YAML::Node* required(const std::string& key) const {
            const YAML::Node* n = get(key);
            if (!n && ok_) l_.report(node_, "E013.missing_key", with_context({{"key", key}}));
            return n;
        }
        // A message's parameters and the mapping's context: {context|ctx} and its own.
        MessageParams with_context(MessageParams params) const {
            if (context_.size() > 2 && context_.front() == '\'' && context_.back() == '\'') {  // a key: ctx.key
                params.push_back({"context", "key"});
                params.push_back({"context_key", context_.substr(1, context_.size() - 2)});
            } else {
                params.push_back({"context", context_});
            }
            params.insert(params.end(), context_params_.begin(), context_params_.end());
            return params;
        }

    private:
        YamlReader& l_;
        const YAML::Node& node_;
        std::vector<std::string> allowed_;
        std::string context_;
        MessageParams context_params_;
        std::vector<std::pair<std::string, YAML::Node>> entries_;
        bool ok_ = true;
    };

private:
    std::string file_;
    std::vector<std::string> lines_;
};

}}}  // namespace libaudit::v0::detail
