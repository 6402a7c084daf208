// Internal: input text encodings (UTF-8, Big5/CP950) -> UTF-8.
#pragma once
#include <libaudit/records.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace libaudit { inline namespace v0 { namespace detail {

// Converts `bytes` in `enc` to UTF-8. UTF-8 input is validated and returned unchanged.
// Throws InputError with one located diagnostic (file, 1-based line, 1-based character column of
// the first bad byte): R001 for invalid Big5, R002 for invalid UTF-8.
std::string to_utf8(std::string bytes, Encoding enc, const std::string& file_name);

// Throws R002 (as to_utf8 does) when `text` is not valid UTF-8; lines count from `first_line`, for a
// piece of a larger file.
void check_utf8(std::string_view text, const std::string& file_name, int first_line);

// check_utf8 and the NUL check in one pass over `text`, which also counts its line feeds: the
// number of '\n' bytes. Throws as check_utf8 does (the same diagnostic for the same text).
std::size_t check_utf8_lines(std::string_view text, const std::string& file_name, int first_line);

// Removes a leading UTF-8 byte-order mark, if any.
std::string strip_bom(std::string text);

// True when `text` is well-formed UTF-8 (no overlongs, surrogates or code points > U+10FFFF).
// Otherwise false and, when bad_offset is not null, the byte offset of the first bad sequence.
// This and check_utf8_lines use the CPU's SIMD check (input/utf8_simd.hpp) where there is one; the
// first bad byte is then found by the scalar code from the start of the character before the
// block where the SIMD check saw the error.
bool valid_utf8(std::string_view text, std::size_t* bad_offset = nullptr);

}}}  // namespace libaudit::v0::detail
