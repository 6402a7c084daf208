// Internal: UTF-8 validation with SIMD (SSSE3, AVX2) chosen once for the CPU, and the scalar code
// it is checked against. encoding.hpp's valid_utf8 and check_utf8_lines use the chosen one.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

enum class Utf8Impl { scalar, ssse3, avx2 };

// The implementations this build and CPU can run: scalar always, SSSE3 and AVX2 on x86-64 CPUs that
// have them (never in the WebAssembly build).
std::vector<Utf8Impl> utf8_impls_available();

// The implementation in use: the fastest available one unless a test chose another.
Utf8Impl utf8_impl() noexcept;

// For tests and benchmarks: use `impl` (one of utf8_impls_available()) from now on, in every
// thread; returns the one used before. Not for concurrent use with the checks themselves.
Utf8Impl use_utf8_impl(Utf8Impl impl) noexcept;

const char* utf8_impl_name(Utf8Impl impl) noexcept;

// The scalar reference (valid_utf8's contract): true when `text` is well-formed UTF-8, otherwise
// false and the offset of the first bad sequence in `bad_offset` (when not null).
bool valid_utf8_scalar(std::string_view text, std::size_t* bad_offset) noexcept;

// The scalar reference of the one-pass check: true when `text` is well-formed UTF-8 without a NUL
// byte, `lines` then its count of '\n' bytes.
bool utf8_text_lines_scalar(std::string_view text, std::size_t& lines) noexcept;

// The SIMD scan of `impl` (not scalar) over `text`: npos when it is well-formed UTF-8 (and, with
// `lines` not null, has no NUL byte: `*lines` is then its count of '\n'); otherwise the offset of
// the block where the first error was seen. Every byte before that block's start minus three
// belongs to well-formed characters; the first bad byte is at or after the start of the character
// that holds the byte before the block.
std::size_t utf8_simd_scan(Utf8Impl impl, std::string_view text, std::size_t* lines) noexcept;

}}}  // namespace libaudit::v0::detail
