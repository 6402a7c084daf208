#include <libaudit/text.hpp>

#include "base/utf8.hpp"

#include <algorithm>

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

std::vector<std::string> wrap_columns(std::string_view utf8, int width) {
    std::vector<std::string> lines;
    if (width < 2) width = 2;
    std::size_t start = 0, i = 0, space = std::string_view::npos;
    int used = 0, used_at_space = 0;
    while (i < utf8.size()) {
        const std::size_t at = i;
        const auto b = static_cast<unsigned char>(utf8[i]);
        const char32_t cp = b < 0x80 ? (++i, char32_t{b}) : detail::decode_utf8(utf8, i);
        const int w = cp == detail::invalid_code_point ? 1 : code_point_width(cp);
        if (used + w > width && at > start) {
            // Break at the last space when it keeps at least half the line, else before this character.
            const bool at_space = space != std::string_view::npos && space > start && used_at_space * 2 >= width;
            const std::size_t end = at_space ? space : at;
            std::string_view piece = utf8.substr(start, end - start);
            while (!piece.empty() && piece.back() == ' ') piece.remove_suffix(1);
            lines.emplace_back(piece);
            start = at_space ? space + 1 : at;
            used = display_width(utf8.substr(start, i - start));
            space = std::string_view::npos;
            continue;
        }
        used += w;
        if (cp == U' ') space = at, used_at_space = used - 1;
    }
    lines.emplace_back(utf8.substr(start));
    return lines;
}

namespace {

// Where a too-wide line's continuation lines start: the column after the last run of two or more
// spaces within the first half of the width (a table's last column), else the line's indent + 2.
int hanging_indent(std::string_view line, int width) {
    std::size_t lead = line.find_first_not_of(' ');
    if (lead == std::string_view::npos) lead = 0;
    int indent = static_cast<int>(lead) + 2;
    for (std::size_t i = lead; i + 1 < line.size(); ++i) {
        if (line[i] != ' ' || line[i + 1] != ' ') continue;
        std::size_t j = i;
        while (j < line.size() && line[j] == ' ') ++j;
        const int column = display_width(line.substr(0, j));
        if (column * 2 > width) break;
        if (j < line.size()) indent = column;
        i = j;
    }
    return indent;
}

}  // namespace

std::string fit_width(const std::string& text, int width) {
    if (width <= 0) return text;
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        const bool newline = end != std::string::npos;
        if (!newline) end = text.size();
        const std::string_view line(text.data() + pos, end - pos);
        if (display_width(line) <= width) {
            out.append(line);
        } else {
            const int indent = hanging_indent(line, width);
            const auto first = wrap_columns(line, width);
            out.append(first.front());
            std::string_view tail = line.substr(first.front().size());
            tail.remove_prefix(std::min(tail.size(), tail.find_first_not_of(' ')));
            for (const auto& piece : wrap_columns(tail, width - indent))
                if (!piece.empty()) out += "\n" + std::string(static_cast<std::size_t>(indent), ' ') + piece;
        }
        if (newline) out += '\n';
        pos = end + (newline ? 1 : 0);
    }
    return out;
}

}}  // namespace libaudit::v0
