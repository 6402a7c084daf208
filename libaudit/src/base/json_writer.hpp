// A small streaming JSON writer with deterministic output: keys in the order written, numbers
// in their shortest round-trip form (3, 2.5), two-space indentation, UTF-8 passed through.
#pragma once
#include <libaudit/validators.hpp>

#include "base/id_tokens.hpp"

#include <fmt/format.h>

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
        return out_.size() - 1;
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
        char buf[N + 3];
        buf[0] = '"';
        std::memcpy(buf + 1, k, N - 1);
        buf[N] = '"';
        buf[N + 1] = ':';
        buf[N + 2] = ' ';
        out_.append(buf, compact_ ? N + 2 : N + 3);
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
        // Keys are nearly always short literals: "key": in one append.
        char buf[72];
        if (k.size() <= 64 && plain(k)) {
            buf[0] = '"';
            std::memcpy(buf + 1, k.data(), k.size());
            std::size_t n = k.size() + 1;
            buf[n++] = '"';
            buf[n++] = ':';
            if (!compact_) buf[n++] = ' ';
            out_.append(buf, n);
            return;
        }
        quote(k);
        out_ += compact_ ? ":" : ": ";
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
            out_ += "null";
        } else if (v == std::floor(v) && std::fabs(v) < 1e15) {
            const fmt::format_int digits(static_cast<long long>(v));  // no format string to parse
            out_.append(digits.data(), digits.size());
        } else {
            fmt::format_to(std::back_inserter(out_), "{}", v);
        }
    }
    void boolean(bool b) {
        value_prefix();
        out_ += b ? "true" : "false";
    }
    void null() {
        value_prefix();
        out_ += "null";
    }
    // A value already written at text()[offset, offset + size), written again (compact mode: the
    // same bytes wherever it appears).
    void copy_value(std::size_t offset, std::size_t size) {
        value_prefix();
        out_.reserve(out_.size() + size);  // no reallocation while copying from the text itself
        out_.append(out_.data() + offset, size);
    }
    bool compact() const noexcept { return compact_; }
    std::size_t size() const noexcept { return out_.size(); }
    const std::string& str() const { return out_; }
    // The text, moved out (the writer is empty afterwards).
    std::string take() { return std::move(out_); }
    void reserve(std::size_t bytes) { out_.reserve(bytes); }

private:
    std::string out_;
    bool compact_ = false;
    std::vector<int> counts_;  // items written per open container
    bool after_key_ = false;
    bool mask_ids_ = false;

    void newline() {
        if (compact_) return;
        out_ += '\n';
        out_.append(counts_.size() * 2, ' ');
    }
    void separate() {
        if (!counts_.empty()) {
            if (counts_.back()++ > 0) out_ += ',';
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
        out_ += c;
        counts_.push_back(0);
    }
    void close(char c) {
        const int n = counts_.back();
        counts_.pop_back();
        if (n > 0) newline();
        out_ += c;
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
        out_ += '"';
        // Runs of characters that need no escape are appended at once.
        std::size_t run = 0;
        for (std::size_t i = next_escape(s, 0); i < s.size(); i = next_escape(s, i + 1)) {
            const auto u = static_cast<unsigned char>(s[i]);
            out_.append(s.data() + run, i - run);
            run = i + 1;
            switch (s[i]) {
                case '"': out_ += "\\\""; break;
                case '\\': out_ += "\\\\"; break;
                case '\n': out_ += "\\n"; break;
                case '\r': out_ += "\\r"; break;
                case '\t': out_ += "\\t"; break;
                default: fmt::format_to(std::back_inserter(out_), "\\u{:04x}", u);
            }
        }
        out_.append(s.data() + run, s.size() - run);
        out_ += '"';
    }
};

}}}  // namespace libaudit::v0::detail
