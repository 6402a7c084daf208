// Cell text as the record readers see it: trimming (also no-break and ideographic spaces and
// BOMs), ASCII case-insensitive comparison, plain numbers with a fast path, tag lists.
#include "records/cell_text.hpp"
#include "base/number.hpp"

#include <cmath>
#include <cstdint>

namespace libaudit { inline namespace v0 { namespace detail {

char ascii_lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty()) {
        const char c = s.front();
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') s.remove_prefix(1);
        else if (s.substr(0, 2) == "\xC2\xA0") s.remove_prefix(2);
        else if (s.substr(0, 3) == "\xE3\x80\x80" || s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
        else break;
    }
    while (!s.empty()) {
        const char c = s.back();
        const std::size_t n = s.size();
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') s.remove_suffix(1);
        else if (n >= 2 && s.substr(n - 2) == "\xC2\xA0") s.remove_suffix(2);
        else if (n >= 3 && (s.substr(n - 3) == "\xE3\x80\x80" || s.substr(n - 3) == "\xEF\xBB\xBF")) s.remove_suffix(3);
        else break;
    }
    return s;
}

std::optional<double> parse_plain_number(std::string_view s) {
    if (s.empty()) return std::nullopt;
    // Short plain decimals ("3", "1.5", "0.75"), the common case: the digits as an integer divided
    // by a power of ten. Both are exact doubles, so the one division is correctly rounded: the
    // same value from_chars gives.
    if (s.size() <= 15) {
        std::int64_t digits = 0;
        std::size_t decimals = 0;
        bool point = false, plain = s.front() != '.' && s.back() != '.';
        for (char c : s) {
            if (c >= '0' && c <= '9') {
                digits = digits * 10 + (c - '0');
                decimals += point ? 1 : 0;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                plain = false;
                break;
            }
        }
        if (plain) {
            static const double tens[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14};
            return static_cast<double>(digits) / tens[decimals];
        }
    }
    return parse_fixed(s);
}

void split_tags(std::string_view s, std::vector<std::string>& out) {
    std::size_t start = 0;
    std::size_t i = 0;
    const auto flush = [&](std::size_t end) {
        const std::string_view tag = trim(s.substr(start, end - start));
        if (!tag.empty()) out.emplace_back(tag);
    };
    while (i < s.size()) {
        std::size_t sep = 0;
        const auto lead = static_cast<unsigned char>(s[i]);
        if (lead == ';') sep = 1;
        else if ((lead == 0xE3 || lead == 0xEF) &&
                 (s.substr(i, 3) == "\xE3\x80\x81" /* 、 */ || s.substr(i, 3) == "\xEF\xBC\x9B" /* ； */))
            sep = 3;
        if (sep > 0) {
            flush(i);
            i += sep;
            start = i;
        } else {
            ++i;
        }
    }
    flush(s.size());
}

}}}  // namespace libaudit::v0::detail
