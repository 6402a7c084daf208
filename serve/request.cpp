// The target and language of a request (request.hpp).
#include "request.hpp"

#include "base/utf8.hpp"


namespace libaudit_serve {
namespace {

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Percent-decoding, '+' as a space (form encoding); false on a bad escape.
bool decode(std::string_view text, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] != '%') {
            out += text[i];
        } else {
            if (i + 2 >= text.size()) return false;
            const int hi = hex_digit(text[i + 1]), lo = hex_digit(text[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out += static_cast<char>(hi * 16 + lo);
            i += 2;
        }
    }
    out = valid_utf8_text(out);
    return true;
}

}  // namespace

std::string valid_utf8_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        if (libaudit::detail::decode_utf8(text, i) == libaudit::detail::invalid_code_point) out += "\xEF\xBF\xBD";
        else out.append(text.substr(start, i - start));
    }
    return out;
}

std::optional<std::string> Target::get(std::string_view key) const {
    std::optional<std::string> found;
    for (const auto& [k, v] : query)
        if (k == key) found = v;
    return found;
}

Target parse_target(std::string_view target) {
    Target out;
    const std::size_t q = target.find('?');
    out.valid = decode(target.substr(0, q), out.path);
    if (q == std::string_view::npos) return out;
    std::string_view rest = target.substr(q + 1);
    while (!rest.empty()) {
        const std::size_t amp = rest.find('&');
        const std::string_view part = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (part.empty()) continue;
        const std::size_t eq = part.find('=');
        std::string key, value;
        out.valid = decode(part.substr(0, eq), key) && out.valid;
        if (eq != std::string_view::npos) out.valid = decode(part.substr(eq + 1), value) && out.valid;
        out.query.emplace_back(std::move(key), std::move(value));
    }
    return out;
}

libaudit::Language request_language(const Target& target, std::string_view accept_language) {
    if (const auto lang = target.get("lang"))
        if (const auto language = libaudit::parse_language(*lang)) return *language;
    // "en-US,en;q=0.9,zh-TW;q=0.8": the first tag that names a catalogue's language (weights are
    // in the order browsers send them).
    while (!accept_language.empty()) {
        const std::size_t comma = accept_language.find(',');
        std::string_view tag = accept_language.substr(0, comma);
        accept_language = comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
        tag = tag.substr(0, tag.find(';'));
        while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
        if (const auto language = libaudit::parse_language(tag)) return *language;
    }
    return libaudit::default_language();
}

}  // namespace libaudit_serve
