// Internal: a strict UTF-8 decoder shared by text width, encoding checks and masking.
#pragma once
#include <cstddef>
#include <string_view>

namespace libaudit { inline namespace v0 { namespace detail {

inline constexpr char32_t invalid_code_point = 0xFFFFFFFF;

// Decodes the code point starting at s[i] and advances i past it. On an invalid sequence
// (bad lead byte, missing continuation, overlong form, surrogate, > U+10FFFF) returns
// invalid_code_point and advances i by exactly one byte. Requires i < s.size().
inline char32_t decode_utf8(std::string_view s, std::size_t& i) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    std::size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        cp = b0 & 0x1Fu;
        min = 0x80;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        cp = b0 & 0x0Fu;
        min = 0x800;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        cp = b0 & 0x07u;
        min = 0x10000;
    } else {
        ++i;
        return invalid_code_point;
    }
    if (s.size() - i < len) {
        ++i;
        return invalid_code_point;
    }
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0u) != 0x80u) {
            ++i;
            return invalid_code_point;
        }
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return invalid_code_point;
    }
    i += len;
    return cp;
}

}}}  // namespace libaudit::v0::detail
