// Internal: cell text as the record readers see it: trimming, ASCII case-insensitive names, plain
// numbers and tag lists.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

char ascii_lower(char c) noexcept;
bool iequals(std::string_view a, std::string_view b) noexcept;

// Trims ASCII white space, no-break spaces (U+00A0), ideographic spaces (U+3000) and BOMs.
std::string_view trim(std::string_view s) noexcept;

// Trims like trim(), checking first whether the ends can hold anything to trim at all.
inline std::string_view trim_fast(std::string_view s) noexcept {
    if (s.empty()) return s;
    const auto front = static_cast<unsigned char>(s.front());
    const auto back = static_cast<unsigned char>(s.back());
    const bool clean_front = front > 0x20 && front != 0xC2 && front != 0xE3 && front != 0xEF;
    const bool clean_back = back > 0x20 && back != 0xA0 && back != 0x80 && back != 0xBF;
    return clean_front && clean_back ? s : trim(s);
}

// Credits and hours as written in a cell: digits with at most one point and an optional '-'
// ("3", "1.5", ".5", "-2"), finite; nullopt otherwise. Not base/number.hpp's parse_number, which
// also takes a '+', an exponent ("1e3") and leading white space: a cell "1e3" or "+2" is an error.
std::optional<double> parse_plain_number(std::string_view s);

// Splits tags on ';', '；' and '、', trimming each and dropping empty ones.
void split_tags(std::string_view s, std::vector<std::string>& out);

}}}  // namespace libaudit::v0::detail
