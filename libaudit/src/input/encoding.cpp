#include "input/encoding.hpp"

#include <libaudit/diagnostic.hpp>

#include "base/utf8.hpp"
#include "input/utf8_simd.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <utility>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

// cp950.inc defines cp950_data_text: libaudit/data/cp950.txt (libaudit/CMakeLists.txt).
#include <cp950.inc>

// Big5 as CP950 (Microsoft's Big5, what Excel on Traditional Chinese Windows writes), decoded with
// the table of data/cp950.txt rather than iconv: the same answers on every platform, glibc's
// (tests/unit/input/encoding_test.cpp compares them on every one- and two-byte sequence), and in
// the WebAssembly module none of the tables of every other encoding that musl's iconv carries.
constexpr unsigned cp950_first_lead = 0xA1;
constexpr unsigned cp950_last_lead = 0xF9;
constexpr std::size_t cp950_trails = 157;  // 40-7E, A1-FE

// The table's index of a trail byte, or cp950_trails when the byte is never a trail.
std::size_t cp950_trail_index(unsigned char t) noexcept {
    if (t >= 0x40 && t <= 0x7E) return t - 0x40u;
    if (t >= 0xA1 && t <= 0xFE) return t - 0xA1u + 0x3Fu;
    return cp950_trails;
}

// Code points by (lead - A1) * 157 + trail index; 0 where the two bytes are not a character.
const std::vector<std::uint16_t>& cp950_table() {
    static const std::vector<std::uint16_t> table = [] {
        std::vector<std::uint16_t> t((cp950_last_lead - cp950_first_lead + 1) * cp950_trails, 0);
        const std::string_view text = cp950_data_text;
        for (std::size_t pos = 0; pos < text.size();) {
            std::size_t end = text.find('\n', pos);
            if (end == std::string_view::npos) end = text.size();
            const std::string_view line = text.substr(pos, end - pos);
            pos = end + 1;
            if (line.size() < 3 || line[0] == '#') continue;
            const auto lead = static_cast<unsigned>(std::stoul(std::string(line.substr(0, 2)), nullptr, 16));
            std::size_t at = (lead - cp950_first_lead) * cp950_trails;
            for (std::size_t i = 3; i < line.size();) {
                const char32_t c = decode_utf8(line, i);
                t[at++] = c == U'-' ? 0 : static_cast<std::uint16_t>(c);
            }
        }
        return t;
    }();
    return table;
}

// Throws the diagnostic for a bad byte at `offset`. The column counts characters, as every
// libaudit column does: the bytes before `offset` decoded fine, so they are well-formed in `enc`.
[[noreturn]] void throw_bad_byte(std::string_view bytes, std::size_t offset, Encoding enc, const std::string& file_name,
                                 const char* code, const char* key, MessageParams params, int first_line = 1) {
    int line = first_line;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
        if (bytes[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    int column = 1;
    for (std::size_t i = line_start; i < offset; ++column) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (enc == Encoding::big5) {
            i += b >= 0x81 ? 2 : 1;  // a Big5 lead byte starts a two-byte character
        } else {
            ++i;
            while (i < offset && (static_cast<unsigned char>(bytes[i]) & 0xC0u) == 0x80u) ++i;
        }
    }
    Diagnostic d;
    d.code = code;
    d.message = message_text(Language::en, key, params);
    d.message_code = key;
    d.params = std::move(params);
    d.where.file = file_name;
    d.where.line = line;
    d.where.column = column;
    throw InputError({std::move(d)});
}

std::string hex_byte(unsigned char b) {
    constexpr char hex[] = "0123456789ABCDEF";
    std::string out = "0x";
    out += hex[b >> 4];
    out += hex[b & 0xF];
    return out;
}

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
    } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    }
    out += static_cast<char>(0x80 | (c & 0x3F));
}

std::string big5_to_utf8(const std::string& bytes, const std::string& file_name) {
    const std::vector<std::uint16_t>& table = cp950_table();
    std::string out;
    out.reserve(bytes.size() * 3 / 2 + 16);
    const std::size_t n = bytes.size();
    for (std::size_t i = 0; i < n;) {
        const auto b = static_cast<unsigned char>(bytes[i]);
        if (b < 0x80) {
            out += static_cast<char>(b);
            ++i;
            continue;
        }
        if (b == 0x80) {  // glibc's CP950 reads a lone 0x80 as U+0080
            append_utf8(out, 0x80);
            ++i;
            continue;
        }
        const bool lead = b >= cp950_first_lead && b <= cp950_last_lead;
        if (lead && i + 1 < n) {
            const std::size_t t = cp950_trail_index(static_cast<unsigned char>(bytes[i + 1]));
            const std::uint16_t c = t < cp950_trails ? table[(b - cp950_first_lead) * cp950_trails + t] : 0;
            if (c != 0) {
                append_utf8(out, c);
                i += 2;
                continue;
            }
        }
        // diag.R001[.incomplete][.utf8]: the byte, whether it ends the file, whether the file is UTF-8.
        std::string key = "diag.R001";
        if (lead && i + 1 == n) key += ".incomplete";
        if (valid_utf8(bytes)) key += ".utf8";
        throw_bad_byte(bytes, i, Encoding::big5, file_name, "R001", key.c_str(), {{"byte", hex_byte(b)}});
    }
    return out;
}

}  // namespace

bool valid_utf8_scalar(std::string_view text, std::size_t* bad_offset) noexcept {
    std::size_t i = 0;
    const std::size_t n = text.size();
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    while (i < n) {
        // Runs of ASCII skipped sixteen (or eight) bytes at a time.
#if defined(__SSE2__)
        if (i + 16 <= n) {
            const int high = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)));
            if (high == 0) {
                i += 16;
                continue;
            }
            i += static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(high)));  // the first non-ASCII byte
        } else
#endif
        if (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, p + i, 8);
            const std::uint64_t high = word & 0x8080808080808080ull;
            if (high == 0) {
                i += 8;
                continue;
            }
            i += static_cast<std::size_t>(__builtin_ctzll(high)) / 8;  // to the first non-ASCII byte
        } else if (p[i] < 0x80) {
            ++i;
            continue;
        }
        // Three-byte characters that cannot be overlong or surrogates (U+1000-U+CFFF,
        // U+E000-U+FFFF: all of CJK), the bulk of Chinese text, checked inline.
        const auto cjk = [&](std::size_t k) {
            return k + 3 <= n && ((p[k] >= 0xE1 && p[k] <= 0xEC) || p[k] == 0xEE || p[k] == 0xEF) &&
                   (p[k + 1] & 0xC0u) == 0x80u && (p[k + 2] & 0xC0u) == 0x80u;
        };
        if (cjk(i)) {
            do i += 3;
            while (cjk(i));  // a run of Chinese characters
            continue;
        }
        const std::size_t at = i;
        if (decode_utf8(text, i) == invalid_code_point) {
            if (bad_offset != nullptr) *bad_offset = at;
            return false;
        }
    }
    return true;
}

std::string strip_bom(std::string text) {
    if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    return text;
}

namespace {
// A NUL byte is valid UTF-8 but never text: a binary file, a UTF-16 export, or a cell that would
// make "A123456789" and "A123456789\0" two students.
void check_no_nul(std::string_view text, Encoding enc, const std::string& file_name, int first_line) {
    const void* nul = std::memchr(text.data(), 0, text.size());
    if (nul == nullptr) return;
    const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
    throw_bad_byte(text, at, enc, file_name, "R002", "diag.R002.nul", {}, first_line);
}
}  // namespace

void check_utf8(std::string_view text, const std::string& file_name, int first_line) {
    std::size_t bad = 0;
    if (!valid_utf8(text, &bad)) {
        throw_bad_byte(text, bad, Encoding::utf8, file_name, "R002", "diag.R002",
                       {{"byte", hex_byte(static_cast<unsigned char>(text[bad]))}}, first_line);
    }
    check_no_nul(text, Encoding::utf8, file_name, first_line);
}

namespace {

// Three-byte characters that cannot be overlong or surrogates (U+1000-U+CFFF, U+E000-U+FFFF: all
// of CJK), the bulk of Chinese text.
inline bool cjk_at(const unsigned char* p, std::size_t k, std::size_t n) noexcept {
    return k + 3 <= n && ((p[k] >= 0xE1 && p[k] <= 0xEC) || p[k] == 0xEE || p[k] == 0xEF) &&
           (p[k + 1] & 0xC0u) == 0x80u && (p[k + 2] & 0xC0u) == 0x80u;
}

}  // namespace

// One pass: true when `text` is well-formed UTF-8 without a NUL byte, `lines` then its line feeds.
// Sixteen bytes at a time while they are ASCII (line feeds counted from the comparison's mask);
// non-ASCII characters, which never contain an ASCII byte, one at a time.
bool utf8_text_lines_scalar(std::string_view text, std::size_t& lines) noexcept {
    const std::size_t n = text.size();
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    std::size_t i = 0, count = 0;
    while (i < n) {
#if defined(__SSE2__)
        if (i + 16 <= n) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
            if (_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_setzero_si128())) != 0) return false;
            const auto feeds = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n'))));
            const auto high = static_cast<unsigned>(_mm_movemask_epi8(x));
            if (high == 0) {
                count += static_cast<std::size_t>(__builtin_popcount(feeds));
                i += 16;
                continue;
            }
            const unsigned ascii = static_cast<unsigned>(__builtin_ctz(high));  // bytes before the first non-ASCII one
            count += static_cast<std::size_t>(__builtin_popcount(feeds & ((1u << ascii) - 1u)));
            i += ascii;
        } else
#endif
        if (p[i] < 0x80) {
            if (p[i] == 0) return false;
            count += p[i] == '\n' ? 1 : 0;
            ++i;
            continue;
        }
        if (cjk_at(p, i, n)) {
            do i += 3;
            while (cjk_at(p, i, n));
            continue;
        }
        if (decode_utf8(text, i) == invalid_code_point) return false;
    }
    lines = count;
    return true;
}

bool valid_utf8(std::string_view text, std::size_t* bad_offset) {
    const Utf8Impl impl = utf8_impl();
    if (impl == Utf8Impl::scalar) return valid_utf8_scalar(text, bad_offset);
    const std::size_t block = utf8_simd_scan(impl, text, nullptr);
    if (block == std::string_view::npos) return true;
    // Everything before the block is well-formed but for a character that the block's first
    // bytes may finish (or not): the scalar code from that character's start finds the first bad
    // byte, as it would from the start of the text.
    std::size_t from = block;
    if (from > 0) {
        from = block - 1;
        while (from > 0 && block - from < 4 && (static_cast<unsigned char>(text[from]) & 0xC0u) == 0x80u) --from;
    }
    std::size_t bad = 0;
    if (valid_utf8_scalar(text.substr(from), &bad)) return true;  // not reached: the scan was right
    if (bad_offset != nullptr) *bad_offset = from + bad;
    return false;
}

std::size_t check_utf8_lines(std::string_view text, const std::string& file_name, int first_line) {
    std::size_t lines = 0;
    const Utf8Impl impl = utf8_impl();
    if (impl == Utf8Impl::scalar ? utf8_text_lines_scalar(text, lines)
                                 : utf8_simd_scan(impl, text, &lines) == std::string_view::npos)
        return lines;
    check_utf8(text, file_name, first_line);  // throws, with the diagnostic of the slower path
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));  // not reached
}

std::string to_utf8(std::string bytes, Encoding enc, const std::string& file_name) {
    if (enc == Encoding::big5) {
        check_no_nul(bytes, Encoding::big5, file_name, 1);
        return big5_to_utf8(bytes, file_name);
    }
    check_utf8(bytes, file_name, 1);
    return bytes;
}

}}}  // namespace libaudit::v0::detail
