#include "input/encoding.hpp"

#include <libaudit/diagnostic.hpp>

#include "base/utf8.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <iconv.h>
#include <utility>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

// Owns an iconv descriptor.
class Iconv {
public:
    explicit Iconv(iconv_t cd) noexcept : cd_(cd) {}
    ~Iconv() {
        if (ok()) iconv_close(cd_);
    }
    Iconv(const Iconv&) = delete;
    Iconv& operator=(const Iconv&) = delete;
    bool ok() const noexcept { return cd_ != reinterpret_cast<iconv_t>(-1); }
    iconv_t get() const noexcept { return cd_; }

private:
    iconv_t cd_;
};

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

std::string big5_to_utf8(const std::string& bytes, const std::string& file_name) {
    // CP950 is Microsoft's Big5 (what Excel on Traditional Chinese Windows writes); plain
    // BIG5 is the fallback for an iconv without it.
    iconv_t cd = iconv_open("UTF-8", "CP950");
    if (cd == reinterpret_cast<iconv_t>(-1)) cd = iconv_open("UTF-8", "BIG5");
    const Iconv cv(cd);
    if (!cv.ok()) throw IoError("cannot decode Big5 input: iconv supports neither CP950 nor BIG5");
    std::string out;
    out.resize(bytes.size() * 3 / 2 + 16);
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    std::size_t out_used = 0;
    while (in_left > 0) {
        char* out_ptr = out.data() + out_used;
        std::size_t out_left = out.size() - out_used;
        const std::size_t rc = iconv(cv.get(), &in, &in_left, &out_ptr, &out_left);
        out_used = static_cast<std::size_t>(out_ptr - out.data());
        if (rc != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
            continue;
        }
        // EILSEQ (invalid sequence) or EINVAL (incomplete sequence at the end).
        const std::size_t offset = bytes.size() - in_left;
        // diag.R001[.incomplete][.utf8]: the byte, whether it ends the file, whether the file is UTF-8.
        std::string key = "diag.R001";
        if (errno == EINVAL) key += ".incomplete";
        if (valid_utf8(bytes)) key += ".utf8";
        throw_bad_byte(bytes, offset, Encoding::big5, file_name, "R001", key.c_str(),
                       {{"byte", hex_byte(static_cast<unsigned char>(bytes[offset]))}});
    }
    out.resize(out_used);
    return out;
}

}  // namespace

bool valid_utf8(std::string_view text, std::size_t* bad_offset) {
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

// One pass: true when `text` is well-formed UTF-8 without a NUL byte, `lines` then its line feeds.
// Sixteen bytes at a time while they are ASCII (line feeds counted from the comparison's mask);
// non-ASCII characters, which never contain an ASCII byte, one at a time.
bool utf8_text_lines(std::string_view text, std::size_t& lines) noexcept {
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

}  // namespace

std::size_t check_utf8_lines(std::string_view text, const std::string& file_name, int first_line) {
    std::size_t lines = 0;
    if (utf8_text_lines(text, lines)) return lines;
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
