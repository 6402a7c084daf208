// A small streaming JSON writer with deterministic output: keys in the order written, numbers
// in their shortest round-trip form (3, 2.5), two-space indentation, UTF-8 passed through.
#pragma once
#include <libaudit/validators.hpp>

#include "base/id_tokens.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

class JsonWriter {
public:
    // compact: one line, no indentation (JSON Lines). mask_ids: see mask_ids().
    explicit JsonWriter(bool compact = false, bool mask_ids = false) : compact_(compact), mask_ids_(mask_ids) {}

    // Returns the offset of the '{' in the text (see copy_value).
    std::size_t begin_object() {
        open('{');
        return len_ - 1;
    }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    // A key written as a string literal: our literals are plain ASCII names (no escapes), copied
    // with their length known at compile time.
    template <std::size_t N> void key(const char (&k)[N]) {
        static_assert(N >= 1 && N <= 64, "a short literal key");
        separate();
        after_key_ = true;
        char* p = room(N + 2);
        p[0] = '"';
        std::memcpy(p + 1, k, N - 1);
        p[N] = '"';
        p[N + 1] = ':';
        len_ += N + 2;
        if (!compact_) put(' ');
    }
    void key(std::string_view k) {
        if (mask_ids_ && find_id_token(k) != std::string_view::npos) {
            write_key(mask_ids_in_text(k));
        } else {
            write_key(k);
        }
    }
    void write_key(std::string_view k) {
        separate();
        after_key_ = true;
        quote(k);
        put(':');
        if (!compact_) put(' ');
    }
    void string(std::string_view s) {
        value_prefix();
        if (mask_ids_ && find_id_token(s) != std::string_view::npos) {
            quote(mask_ids_in_text(s));
        } else {
            quote(s);
        }
    }
    // Every string written from now on (values and keys that are not literals) with its
    // ID-shaped tokens masked (mask_ids_in_text): on unless --unmask-ids.
    void mask_ids(bool on) noexcept { mask_ids_ = on; }
    void number(double v) {
        value_prefix();
        if (!std::isfinite(v)) {
            append("null", 4);
        } else if (v == std::floor(v) && std::fabs(v) < 1e15) {
            const fmt::format_int digits(static_cast<long long>(v));  // no format string to parse
            append(digits.data(), digits.size());
        } else {
            char buf[64];  // the shortest round-trip form of a double is at most 24 characters
            const auto r = fmt::format_to_n(buf, sizeof buf, "{}", v);
            append(buf, r.size);
        }
    }
    void boolean(bool b) {
        value_prefix();
        if (b) append("true", 4);
        else append("false", 5);
    }
    void null() {
        value_prefix();
        append("null", 4);
    }
    // A value already written at text()[offset, offset + size), written again (compact mode: the
    // same bytes wherever it appears).
    void copy_value(std::size_t offset, std::size_t size) {
        value_prefix();
        char* p = room(size);  // first: room() may move the text
        std::memcpy(p, out_.data() + offset, size);  // [offset, offset + size) ends before len_: no overlap
        len_ += size;
    }
    bool compact() const noexcept { return compact_; }
    std::size_t size() const noexcept { return len_; }
    const std::string& str() const {
        out_.resize(len_);  // shrinking keeps the capacity
        return out_;
    }
    // The text, moved out (the writer is empty afterwards).
    std::string take() {
        out_.resize(len_);
        len_ = 0;
        return std::move(out_);
    }
    // Capacity only: the room is made addressable (and zeroed) 4 KB at a time as it is written.
    void reserve(std::size_t bytes) { out_.reserve(bytes); }

private:
    // The text is out_[0, len_); out_'s size beyond len_ is room already allocated, written through
    // a pointer without std::string's per-append checks and calls (a result writes ~3,000 pieces).
    mutable std::string out_;
    std::size_t len_ = 0;
    bool compact_ = false;
    std::vector<int> counts_;  // items written per open container
    bool after_key_ = false;
    bool mask_ids_ = false;

    // Room for n more bytes at out_.data() + len_ (len_ unchanged).
    char* room(std::size_t n) {
        if (__builtin_expect(len_ + n > out_.size(), 0)) grow(n);
        return out_.data() + len_;
    }
    // resize() zeroes what it adds: add 4 KB (or n) at a time, not the whole reserve; the capacity
    // still grows geometrically.
    void grow(std::size_t n) { out_.resize(len_ + std::max<std::size_t>(n, 4096)); }
    void put(char c) {
        *room(1) = c;
        ++len_;
    }
    void append(const char* s, std::size_t n) {
        std::memcpy(room(n), s, n);
        len_ += n;
    }
    void newline() {
        if (compact_) return;
        const std::size_t indent = counts_.size() * 2;
        char* p = room(indent + 1);
        p[0] = '\n';
        std::memset(p + 1, ' ', indent);
        len_ += indent + 1;
    }
    void separate() {
        if (!counts_.empty()) {
            if (counts_.back()++ > 0) put(',');
            newline();
        }
    }
    void value_prefix() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        separate();
    }
    void open(char c) {
        value_prefix();
        put(c);
        counts_.push_back(0);
    }
    void close(char c) {
        const int n = counts_.back();
        counts_.pop_back();
        if (n > 0) newline();
        put(c);
    }
    // No character that needs an escape.
    static bool plain(std::string_view s) noexcept { return next_escape(s, 0) == s.size(); }
    // The first character at or after `i` that needs an escape, or s.size().
    static std::size_t next_escape(std::string_view s, std::size_t i) noexcept {
#if defined(__SSE2__)
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
        const __m128i sign = _mm_set1_epi8(static_cast<char>(0x80));
        while (i + 16 <= s.size()) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
            // Unsigned x < 0x20 as a signed comparison after flipping the sign bits.
            const __m128i control = _mm_cmplt_epi8(_mm_xor_si128(x, sign), _mm_xor_si128(space, sign));
            const int hit = _mm_movemask_epi8(
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)), control));
            if (hit != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(hit)));
            i += 16;
        }
#endif
        for (; i < s.size(); ++i) {
            const auto u = static_cast<unsigned char>(s[i]);
            if (u < 0x20 || u == '"' || u == '\\') return i;
        }
        return i;
    }

    void quote(std::string_view s) {
        // The common case, no escape: the quotes and the text in one copy.
        std::size_t i = next_escape(s, 0);
        if (i == s.size()) {
            char* p = room(s.size() + 2);
            p[0] = '"';
            std::memcpy(p + 1, s.data(), s.size());
            p[s.size() + 1] = '"';
            len_ += s.size() + 2;
            return;
        }
        put('"');
        // Runs of characters that need no escape are appended at once.
        std::size_t run = 0;
        for (; i < s.size(); i = next_escape(s, i + 1)) {
            const auto u = static_cast<unsigned char>(s[i]);
            append(s.data() + run, i - run);
            run = i + 1;
            switch (s[i]) {
                case '"': append("\\\"", 2); break;
                case '\\': append("\\\\", 2); break;
                case '\n': append("\\n", 2); break;
                case '\r': append("\\r", 2); break;
                case '\t': append("\\t", 2); break;
                default: {
                    char buf[8];
                    const auto r = fmt::format_to_n(buf, sizeof buf, "\\u{:04x}", u);
                    append(buf, r.size);
                }
            }
        }
        append(s.data() + run, s.size() - run);
        put('"');
    }
};

}}}  // namespace libaudit::v0::detail
