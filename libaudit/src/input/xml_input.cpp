// A small XML reader with located errors (see xml_input.hpp). Boost.PropertyTree's parser would
// read the same documents but keeps no line numbers for elements, and reports would then point at
// nothing better than a path; this reader keeps both.
#include "input/xml_input.hpp"

#include <libaudit/diagnostic.hpp>

#include <algorithm>
#include <cstdint>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

class XmlParser {
public:
    XmlParser(std::string_view text, const std::string& file) : s_(text), file_(file) {}

    XmlElement document() {
        misc(true);
        if (!at('<')) fail("expected the root element ('<name>')");
        XmlElement root = element();
        misc(false);
        if (p_ < s_.size()) fail("unexpected text after the root element </" + root.name + ">");
        return root;
    }

private:
    std::string_view s_;
    const std::string& file_;
    std::size_t p_ = 0;

    [[noreturn]] void fail(const std::string& message, std::size_t at = std::string_view::npos) const {
        const std::size_t pos = at == std::string_view::npos ? std::min(p_, s_.size()) : at;
        int line = 1;
        std::size_t line_start = 0;
        for (std::size_t i = 0; i < pos; ++i)
            if (s_[i] == '\n') ++line, line_start = i + 1;
        std::size_t line_end = s_.find('\n', line_start);
        if (line_end == std::string_view::npos) line_end = s_.size();
        Diagnostic d;
        d.code = "R034";
        // The reason stays English (the parser's words); the catalogue says what it is about.
        d.message_code = "diag.R034";
        d.params = {{"reason", message}};
        d.message = message_text(Language::en, d.message_code, d.params);
        d.where.file = file_;
        d.where.line = line;
        d.where.column = column_of(line_start, pos);
        std::string src(s_.substr(line_start, line_end - line_start));
        if (!src.empty() && src.back() == '\r') src.pop_back();
        d.source_line = src;
        throw InputError({d});
    }

    int column_of(std::size_t line_start, std::size_t pos) const {
        int column = 1;
        for (std::size_t i = line_start; i < pos && i < s_.size(); ++i)
            if ((static_cast<unsigned char>(s_[i]) & 0xC0u) != 0x80u) ++column;
        return column;
    }

    void locate(XmlElement& e, std::size_t pos) const {
        // Elements are read in order: count lines and columns on from the last element located,
        // so that a document on one line (exporters often write no newlines) stays linear.
        for (; counted_ < pos; ++counted_) {
            const unsigned char c = static_cast<unsigned char>(s_[counted_]);
            if (c == '\n') ++line_, column_ = 1;
            else if ((c & 0xC0u) != 0x80u) ++column_;
        }
        e.line = line_;
        e.column = column_;
    }
    mutable std::size_t counted_ = 0;
    mutable int line_ = 1, column_ = 1;

    bool at(char c) const { return p_ < s_.size() && s_[p_] == c; }
    bool at(std::string_view w) const { return s_.substr(p_, w.size()) == w; }
    static bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
    void skip_space() {
        while (p_ < s_.size() && space(s_[p_])) ++p_;
    }

    void skip_past(std::string_view end, const char* what) {
        const std::size_t start = p_;
        const std::size_t e = s_.find(end, p_);
        if (e == std::string_view::npos) fail(std::string("unterminated ") + what + " (no '" + std::string(end) + "')", start);
        p_ = e + end.size();
    }

    // Whitespace, comments, processing instructions and (before the root) a DOCTYPE.
    void misc(bool prolog) {
        for (;;) {
            skip_space();
            if (at("<!--")) skip_past("-->", "comment");
            else if (at("<?")) skip_past("?>", "processing instruction");
            else if (prolog && at("<!DOCTYPE")) doctype();
            else return;
        }
    }

    void doctype() {
        const std::size_t start = p_;
        int depth = 0;
        for (; p_ < s_.size(); ++p_) {
            if (s_[p_] == '[') ++depth;
            else if (s_[p_] == ']') --depth;
            else if (s_[p_] == '>' && depth == 0) {
                ++p_;
                return;
            }
        }
        fail("unterminated DOCTYPE", start);
    }

    std::string name() {
        const std::size_t start = p_;
        while (p_ < s_.size() && !space(s_[p_]) && s_[p_] != '/' && s_[p_] != '>' && s_[p_] != '=' && s_[p_] != '<' &&
               s_[p_] != '"' && s_[p_] != '\'')
            ++p_;
        if (p_ == start) fail("expected a name");
        const char c = s_[start];
        if ((c >= '0' && c <= '9') || c == '-' || c == '.') fail("a name cannot start with '" + std::string(1, c) + "'", start);
        return std::string(s_.substr(start, p_ - start));
    }

    static void utf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) out += static_cast<char>(cp);
        else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    // At '&': appends the character it stands for.
    void entity(std::string& out) {
        const std::size_t start = p_;
        const std::size_t semi = s_.find(';', p_);
        if (semi == std::string_view::npos || semi - p_ > 12) fail("'&' starts no entity (write &amp; for '&')", start);
        const std::string_view e = s_.substr(p_ + 1, semi - p_ - 1);
        p_ = semi + 1;
        if (e == "lt") out += '<';
        else if (e == "gt") out += '>';
        else if (e == "amp") out += '&';
        else if (e == "quot") out += '"';
        else if (e == "apos") out += '\'';
        else if (e.size() > 1 && e[0] == '#') {
            const bool hex = e[1] == 'x' || e[1] == 'X';
            const std::string_view digits = e.substr(hex ? 2 : 1);
            std::uint32_t cp = 0;
            if (digits.empty()) fail("empty character reference", start);
            for (char c : digits) {
                int d = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                                                         : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0 || cp > 0x10FFFF) fail("bad character reference '&" + std::string(e) + ";'", start);
                cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(d);
            }
            if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                fail("character reference '&" + std::string(e) + ";' is not a character", start);
            utf8(out, cp);
        } else {
            fail("unknown entity '&" + std::string(e) + ";' (known: &lt; &gt; &amp; &quot; &apos; and &#...;)", start);
        }
    }

    int depth_ = 0;

    XmlElement element() {
        if (++depth_ > 256) fail("elements nested more than 256 deep");
        XmlElement e;
        locate(e, p_);
        const std::size_t open = p_;
        ++p_;  // '<'
        e.name = name();
        for (;;) {
            const bool had_space = p_ < s_.size() && space(s_[p_]);
            skip_space();
            if (p_ >= s_.size()) fail("unterminated start tag <" + e.name + ">", open);
            if (at("/>")) {
                p_ += 2;
                --depth_;
                return e;
            }
            if (at('>')) {
                ++p_;
                break;
            }
            if (!had_space) fail("expected a space, '>' or '/>' in the start tag of <" + e.name + ">");
            const std::size_t attr_at = p_;
            std::string key = name();
            for (const auto& a : e.attributes)
                if (a.first == key) fail("attribute '" + key + "' given twice", attr_at);
            skip_space();
            if (!at('=')) fail("expected '=' after attribute '" + key + "'");
            ++p_;
            skip_space();
            if (!at('"') && !at('\'')) fail("expected a quoted value for attribute '" + key + "'");
            const char q = s_[p_++];
            std::string value;
            for (;;) {
                if (p_ >= s_.size()) fail("unterminated value of attribute '" + key + "'", attr_at);
                const char c = s_[p_];
                if (c == q) break;
                if (c == '<') fail("'<' in the value of attribute '" + key + "' (write &lt;)");
                if (c == '&') entity(value);
                else value += c, ++p_;
            }
            ++p_;
            e.attributes.emplace_back(std::move(key), std::move(value));
        }
        // Content.
        for (;;) {
            if (p_ >= s_.size()) fail("element <" + e.name + "> is not closed (expected </" + e.name + ">)", open);
            if (at("</")) {
                const std::size_t close = p_;
                p_ += 2;
                const std::string n = name();
                skip_space();
                if (!at('>')) fail("expected '>' to end </" + n + ">");
                ++p_;
                if (n != e.name) fail("</" + n + "> closes <" + e.name + "> (opened at line " + std::to_string(e.line) + ")", close);
                --depth_;
                return e;
            }
            if (at("<!--")) skip_past("-->", "comment");
            else if (at("<![CDATA[")) {
                const std::size_t start = p_;
                p_ += 9;
                const std::size_t end = s_.find("]]>", p_);
                if (end == std::string_view::npos) fail("unterminated CDATA section", start);
                e.text += std::string(s_.substr(p_, end - p_));
                p_ = end + 3;
            } else if (at("<?")) skip_past("?>", "processing instruction");
            else if (at("<!")) fail("unexpected markup declaration inside <" + e.name + ">");
            else if (at('<')) e.children.push_back(element());
            else if (at('&')) entity(e.text);
            else e.text += s_[p_++];
        }
    }
};

}  // namespace

XmlElement parse_xml(std::string_view text, const std::string& file_name) {
    return XmlParser(text, file_name).document();
}

bool input_is_xml(const std::string& name, std::string_view text) {
    const std::size_t dot = name.rfind('.');
    if (dot != std::string::npos) {
        std::string ext(name.substr(dot + 1));
        for (char& c : ext)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (ext == "xml") return true;
        if (ext == "csv" || ext == "tsv" || ext == "json") return false;
    }
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && text[first] == '<';
}

}}}  // namespace libaudit::v0::detail
