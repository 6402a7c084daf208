#include <libaudit/text.hpp>

#include "base/utf8.hpp"

namespace libaudit { inline namespace v0 {
namespace {

// Display columns of one code point (East Asian Wide/Fullwidth = 2, combining marks and
// zero-width characters = 0, everything else 1).
int code_point_width(char32_t cp) noexcept {
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0xFE00 && cp <= 0xFE0F))
        return 0;
    if (cp < 0x1100) return 1;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

}  // namespace

int display_width(std::string_view utf8) {
    int width = 0;
    std::size_t i = 0;
    while (i < utf8.size()) {
        const auto b = static_cast<unsigned char>(utf8[i]);
        if (b < 0x80) {  // fast path for ASCII
            ++width;
            ++i;
            continue;
        }
        const char32_t cp = detail::decode_utf8(utf8, i);
        width += cp == detail::invalid_code_point ? 1 : code_point_width(cp);
    }
    return width;
}

std::string pad(std::string_view utf8, int width, bool right) {
    const int w = display_width(utf8);
    std::string out;
    if (w >= width) {
        out.assign(utf8);
        return out;
    }
    const auto fill = static_cast<std::size_t>(width - w);
    out.reserve(utf8.size() + fill);
    if (right) out.append(fill, ' ');
    out.append(utf8);
    if (!right) out.append(fill, ' ');
    return out;
}

}}  // namespace libaudit::v0
