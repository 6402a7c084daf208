// UTF-8 validation sixteen (SSSE3) or thirty-two (AVX2) bytes at a time, after the lookup-table
// method of Keiser and Lemire ("Validating UTF-8 in less than one instruction per byte", 2021):
// every error of UTF-8 shows in a pair of adjacent bytes (the high nibble of the first, its low
// nibble, the high nibble of the second: three table look-ups whose AND is non-zero for a bad
// pair), except a missing or extra continuation byte two or three places after a lead byte,
// which is checked by comparing the bytes two and three places back. The build targets baseline
// x86-64 (SSE2), so these functions are compiled for their instruction sets alone and chosen at
// run time; other targets (and WebAssembly) keep the scalar code of encoding.cpp.
#include "input/utf8_simd.hpp"

#include <atomic>
#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__)
#define LIBAUDIT_UTF8_SIMD 1
#include <immintrin.h>
#endif

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

#if LIBAUDIT_UTF8_SIMD

// The classes of a bad pair of bytes (previous byte, this byte); a pair is bad when all three
// look-ups share a bit. A bit names one error.
constexpr std::uint8_t too_short = 1 << 0;   // a lead byte, then no continuation byte
constexpr std::uint8_t too_long = 1 << 1;    // ASCII, then a continuation byte
constexpr std::uint8_t overlong_3 = 1 << 2;  // E0 80-9F
constexpr std::uint8_t too_large = 1 << 3;   // F4 90-BF, F5-FF 90-BF: above U+10FFFF
constexpr std::uint8_t surrogate = 1 << 4;   // ED A0-BF
constexpr std::uint8_t overlong_2 = 1 << 5;  // C0-C1 80-BF
constexpr std::uint8_t large_1000 = 1 << 6;  // F5-FF 80-8F, and F0 80-8F (overlong, same bit)
constexpr std::uint8_t two_conts = 1 << 7;   // a continuation, then another: an error unless a lead
                                             // byte two or three places back asks for it
// The errors that depend on the high nibbles only: every low nibble of the first byte has them.
constexpr std::uint8_t any_low = too_short | too_long | two_conts;

#define LA_TABLE(...) static_cast<char>(__VA_ARGS__)
// Indexed by the previous byte's high nibble.
#define LA_FIRST_HIGH                                                                                  \
    LA_TABLE(too_long), LA_TABLE(too_long), LA_TABLE(too_long), LA_TABLE(too_long), LA_TABLE(too_long), \
        LA_TABLE(too_long), LA_TABLE(too_long), LA_TABLE(too_long), LA_TABLE(two_conts),                \
        LA_TABLE(two_conts), LA_TABLE(two_conts), LA_TABLE(two_conts), LA_TABLE(too_short | overlong_2), \
        LA_TABLE(too_short), LA_TABLE(too_short | overlong_3 | surrogate),                              \
        LA_TABLE(too_short | too_large | large_1000)
// Indexed by the previous byte's low nibble.
#define LA_FIRST_LOW                                                                                    \
    LA_TABLE(any_low | overlong_3 | overlong_2 | large_1000), LA_TABLE(any_low | overlong_2),            \
        LA_TABLE(any_low), LA_TABLE(any_low), LA_TABLE(any_low | too_large),                             \
        LA_TABLE(any_low | too_large | large_1000), LA_TABLE(any_low | too_large | large_1000),          \
        LA_TABLE(any_low | too_large | large_1000), LA_TABLE(any_low | too_large | large_1000),          \
        LA_TABLE(any_low | too_large | large_1000), LA_TABLE(any_low | too_large | large_1000),          \
        LA_TABLE(any_low | too_large | large_1000), LA_TABLE(any_low | too_large | large_1000),          \
        LA_TABLE(any_low | too_large | large_1000 | surrogate), LA_TABLE(any_low | too_large | large_1000), \
        LA_TABLE(any_low | too_large | large_1000)
// Indexed by this byte's high nibble.
#define LA_SECOND_HIGH                                                                                   \
    LA_TABLE(too_short), LA_TABLE(too_short), LA_TABLE(too_short), LA_TABLE(too_short), LA_TABLE(too_short), \
        LA_TABLE(too_short), LA_TABLE(too_short), LA_TABLE(too_short),                                    \
        LA_TABLE(too_long | overlong_2 | two_conts | overlong_3 | large_1000),                           \
        LA_TABLE(too_long | overlong_2 | two_conts | overlong_3 | too_large),                            \
        LA_TABLE(too_long | overlong_2 | two_conts | surrogate | too_large),                             \
        LA_TABLE(too_long | overlong_2 | two_conts | surrogate | too_large), LA_TABLE(too_short),        \
        LA_TABLE(too_short), LA_TABLE(too_short), LA_TABLE(too_short)

// A block's last bytes that start a character the block does not finish: byte 15 (31) a lead
// byte, byte 14 (30) the lead of three or four bytes, byte 13 (29) of four. Saturated subtraction
// of these leaves a non-zero byte there.
#define LA_INCOMPLETE_TAIL static_cast<char>(0xEF), static_cast<char>(0xDF), static_cast<char>(0xBF)
#define LA_FF13                                                                                          \
    static_cast<char>(0xFF), static_cast<char>(0xFF), static_cast<char>(0xFF), static_cast<char>(0xFF),  \
        static_cast<char>(0xFF), static_cast<char>(0xFF), static_cast<char>(0xFF), static_cast<char>(0xFF), \
        static_cast<char>(0xFF), static_cast<char>(0xFF), static_cast<char>(0xFF), static_cast<char>(0xFF), \
        static_cast<char>(0xFF)

#define LA_SSSE3 __attribute__((target("ssse3")))
#define LA_AVX2 __attribute__((target("avx2")))

// ---- SSSE3: 16 bytes ----

// Zeroed by the scan (a member initializer would make a constructor without SSSE3).
struct Sse {
    __m128i prev;        // the block before
    __m128i incomplete;  // its unfinished last character, if any
    __m128i feeds8;      // line feeds per byte lane, up to 255 blocks
    std::size_t feeds;
    unsigned blocks;
};

// Non-zero bytes where `in` (after `prev`) is not UTF-8.
LA_SSSE3 inline __m128i sse_errors(__m128i in, __m128i prev) {
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i prev1 = _mm_alignr_epi8(in, prev, 15);
    const __m128i first_high = _mm_shuffle_epi8(_mm_setr_epi8(LA_FIRST_HIGH), _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble));
    const __m128i first_low = _mm_shuffle_epi8(_mm_setr_epi8(LA_FIRST_LOW), _mm_and_si128(prev1, nibble));
    const __m128i second_high = _mm_shuffle_epi8(_mm_setr_epi8(LA_SECOND_HIGH), _mm_and_si128(_mm_srli_epi16(in, 4), nibble));
    const __m128i pairs = _mm_and_si128(_mm_and_si128(first_high, first_low), second_high);
    // 0x80 where the byte two places back is E0-FF or three places back F0-FF: a continuation is due.
    const __m128i third = _mm_subs_epu8(_mm_alignr_epi8(in, prev, 14), _mm_set1_epi8(static_cast<char>(0xE0 - 0x80)));
    const __m128i fourth = _mm_subs_epu8(_mm_alignr_epi8(in, prev, 13), _mm_set1_epi8(static_cast<char>(0xF0 - 0x80)));
    const __m128i due = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8(static_cast<char>(0x80)));
    return _mm_xor_si128(due, pairs);
}

// One block: false when it (or the character the block before left unfinished) is bad, or, with
// Lines, holds a NUL byte.
template <bool Lines>
LA_SSSE3 inline bool sse_block(Sse& s, __m128i in) {
    __m128i error;
    if (_mm_movemask_epi8(in) == 0) {  // ASCII: only what the block before left unfinished
        error = s.incomplete;
        s.incomplete = _mm_setzero_si128();
    } else {
        error = sse_errors(in, s.prev);
        s.incomplete = _mm_subs_epu8(in, _mm_setr_epi8(LA_FF13, LA_INCOMPLETE_TAIL));
    }
    s.prev = in;
    if (Lines) {
        error = _mm_or_si128(error, _mm_cmpeq_epi8(in, _mm_setzero_si128()));
        s.feeds8 = _mm_sub_epi8(s.feeds8, _mm_cmpeq_epi8(in, _mm_set1_epi8('\n')));
        if (++s.blocks == 255) {
            const __m128i sums = _mm_sad_epu8(s.feeds8, _mm_setzero_si128());
            s.feeds += static_cast<std::size_t>(_mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
            s.feeds8 = _mm_setzero_si128();
            s.blocks = 0;
        }
    }
    return _mm_movemask_epi8(_mm_cmpeq_epi8(error, _mm_setzero_si128())) == 0xFFFF;
}

template <bool Lines>
LA_SSSE3 std::size_t sse_scan(const unsigned char* p, std::size_t n, std::size_t* lines) {
    Sse s;
    s.prev = s.incomplete = s.feeds8 = _mm_setzero_si128();
    s.feeds = 0;
    s.blocks = 0;
    std::size_t i = 0;
    for (; i + 16 <= n; i += 16)
        if (!sse_block<Lines>(s, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)))) return i;
    // The rest, padded with spaces: also ends a character the last block left unfinished.
    alignas(16) unsigned char last[16];
    std::memset(last, ' ', sizeof last);
    if (n > i) std::memcpy(last, p + i, n - i);  // never from a null pointer (an empty view's)
    if (!sse_block<Lines>(s, _mm_load_si128(reinterpret_cast<const __m128i*>(last)))) return i;
    if (Lines) {
        const __m128i sums = _mm_sad_epu8(s.feeds8, _mm_setzero_si128());
        *lines = s.feeds + static_cast<std::size_t>(_mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
    }
    return std::string_view::npos;
}

// ---- AVX2: 32 bytes ----

struct Avx {  // as Sse, zeroed by the scan
    __m256i prev;
    __m256i incomplete;
    __m256i feeds8;
    std::size_t feeds;
    unsigned blocks;
};

// The 32 bytes that end `n` places before `in`'s last byte: `prev`'s last n, then `in`'s first 32 - n.
template <int N>
LA_AVX2 inline __m256i avx_back(__m256i in, __m256i prev) {
    return _mm256_alignr_epi8(in, _mm256_permute2x128_si256(prev, in, 0x21), 16 - N);
}

LA_AVX2 inline __m256i avx_table(__m128i t) { return _mm256_broadcastsi128_si256(t); }

LA_AVX2 inline __m256i avx_errors(__m256i in, __m256i prev) {
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    const __m256i prev1 = avx_back<1>(in, prev);
    const __m256i first_high = _mm256_shuffle_epi8(avx_table(_mm_setr_epi8(LA_FIRST_HIGH)), _mm256_and_si256(_mm256_srli_epi16(prev1, 4), nibble));
    const __m256i first_low = _mm256_shuffle_epi8(avx_table(_mm_setr_epi8(LA_FIRST_LOW)), _mm256_and_si256(prev1, nibble));
    const __m256i second_high = _mm256_shuffle_epi8(avx_table(_mm_setr_epi8(LA_SECOND_HIGH)), _mm256_and_si256(_mm256_srli_epi16(in, 4), nibble));
    const __m256i pairs = _mm256_and_si256(_mm256_and_si256(first_high, first_low), second_high);
    const __m256i third = _mm256_subs_epu8(avx_back<2>(in, prev), _mm256_set1_epi8(static_cast<char>(0xE0 - 0x80)));
    const __m256i fourth = _mm256_subs_epu8(avx_back<3>(in, prev), _mm256_set1_epi8(static_cast<char>(0xF0 - 0x80)));
    const __m256i due = _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
    return _mm256_xor_si256(due, pairs);
}

LA_AVX2 inline std::size_t avx_sum(__m256i feeds8) {
    const __m256i sums = _mm256_sad_epu8(feeds8, _mm256_setzero_si256());
    const __m128i half = _mm_add_epi64(_mm256_castsi256_si128(sums), _mm256_extracti128_si256(sums, 1));
    return static_cast<std::size_t>(_mm_cvtsi128_si64(half) + _mm_cvtsi128_si64(_mm_unpackhi_epi64(half, half)));
}

template <bool Lines>
LA_AVX2 inline bool avx_block(Avx& s, __m256i in) {
    __m256i error;
    if (_mm256_movemask_epi8(in) == 0) {
        error = s.incomplete;
        s.incomplete = _mm256_setzero_si256();
    } else {
        error = avx_errors(in, s.prev);
        s.incomplete = _mm256_subs_epu8(in, _mm256_setr_epi8(LA_FF13, LA_FF13, static_cast<char>(0xFF),
                                                             static_cast<char>(0xFF), static_cast<char>(0xFF),
                                                             LA_INCOMPLETE_TAIL));
    }
    s.prev = in;
    if (Lines) {
        error = _mm256_or_si256(error, _mm256_cmpeq_epi8(in, _mm256_setzero_si256()));
        s.feeds8 = _mm256_sub_epi8(s.feeds8, _mm256_cmpeq_epi8(in, _mm256_set1_epi8('\n')));
        if (++s.blocks == 255) {
            s.feeds += avx_sum(s.feeds8);
            s.feeds8 = _mm256_setzero_si256();
            s.blocks = 0;
        }
    }
    return _mm256_testz_si256(error, error) != 0;
}

template <bool Lines>
LA_AVX2 std::size_t avx_scan(const unsigned char* p, std::size_t n, std::size_t* lines) {
    Avx s;
    s.prev = s.incomplete = s.feeds8 = _mm256_setzero_si256();
    s.feeds = 0;
    s.blocks = 0;
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32)
        if (!avx_block<Lines>(s, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i)))) return i;
    alignas(32) unsigned char last[32];
    std::memset(last, ' ', sizeof last);
    if (n > i) std::memcpy(last, p + i, n - i);  // never from a null pointer (an empty view's)
    if (!avx_block<Lines>(s, _mm256_load_si256(reinterpret_cast<const __m256i*>(last)))) return i;
    if (Lines) *lines = s.feeds + avx_sum(s.feeds8);
    return std::string_view::npos;
}

Utf8Impl best_impl() noexcept {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) return Utf8Impl::avx2;
    if (__builtin_cpu_supports("ssse3")) return Utf8Impl::ssse3;
    return Utf8Impl::scalar;
}

#else

Utf8Impl best_impl() noexcept { return Utf8Impl::scalar; }

#endif

std::atomic<Utf8Impl>& current() noexcept {
    static std::atomic<Utf8Impl> impl{best_impl()};
    return impl;
}

}  // namespace

std::vector<Utf8Impl> utf8_impls_available() {
    std::vector<Utf8Impl> out{Utf8Impl::scalar};
    const Utf8Impl best = best_impl();
    if (best == Utf8Impl::ssse3 || best == Utf8Impl::avx2) out.push_back(Utf8Impl::ssse3);
    if (best == Utf8Impl::avx2) out.push_back(Utf8Impl::avx2);
    return out;
}

Utf8Impl utf8_impl() noexcept { return current().load(std::memory_order_relaxed); }

Utf8Impl use_utf8_impl(Utf8Impl impl) noexcept { return current().exchange(impl); }

const char* utf8_impl_name(Utf8Impl impl) noexcept {
    switch (impl) {
        case Utf8Impl::ssse3: return "ssse3";
        case Utf8Impl::avx2: return "avx2";
        case Utf8Impl::scalar: break;
    }
    return "scalar";
}

std::size_t utf8_simd_scan(Utf8Impl impl, std::string_view text, std::size_t* lines) noexcept {
#if LIBAUDIT_UTF8_SIMD
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    if (impl == Utf8Impl::avx2)
        return lines != nullptr ? avx_scan<true>(p, text.size(), lines) : avx_scan<false>(p, text.size(), nullptr);
    if (impl == Utf8Impl::ssse3)
        return lines != nullptr ? sse_scan<true>(p, text.size(), lines) : sse_scan<false>(p, text.size(), nullptr);
#endif
    (void)impl;
    (void)lines;
    // Scalar is never scanned here; were it, "a bad block at 0" sends valid_utf8 to the scalar code.
    return text.empty() ? std::string_view::npos : 0;
}

}}}  // namespace libaudit::v0::detail
