// Numbers read and written the same on every host: never through the C locale (strtod, printf
// and iostreams follow LC_NUMERIC, so a host that sets a comma-decimal locale would read "88.5"
// as 88 and print 1,5). Internal.
//
// The functions below use the floating-point std::from_chars / std::to_chars where the C++ library
// has them (LIBAUDIT_HAVE_FLOAT_CHARCONV, found at configure time); a library without them
// (emscripten 3.1.6's libc++, docs/wasm.md) gets the same answers from the `portable` ones, which
// convert through streams imbued with the classic locale.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace libaudit { inline namespace v0 { namespace detail {

// The whole of `text` as a finite decimal number: optional leading white space and sign, digits
// with at most one point, an optional exponent ("88.5", "+2", "1e3", " 0.5"); nullopt otherwise
// (also for hex, inf, nan, a comma or trailing characters).
std::optional<double> parse_number(std::string_view text);
// The whole of `text` as a whole number (optional sign, digits); nullopt otherwise or out of range.
std::optional<long long> parse_integer(std::string_view text);
// The whole of `text` as a finite decimal without exponent, as from_chars(chars_format::fixed)
// reads it: an optional '-', digits with at most one point ("1.5", "-3", ".5"); nullopt otherwise.
std::optional<double> parse_fixed(std::string_view text);

// As printf's "%.<precision>g" in the C locale: 1.5 -> "1.5", 18 -> "18", 1e-07 -> "1e-07".
std::string format_g(double v, int precision = 6);
// As printf's "%.<decimals>f" in the C locale.
std::string format_fixed(double v, int decimals);
// The shortest text that reads back as `v`, as std::to_chars(first, last, v) writes it: fixed or
// scientific, whichever is shorter (fixed on a tie): 0.1 -> "0.1", 1e+22 -> "1e+22".
std::string format_shortest(double v);

// The conversions without floating-point <charconv>; exposed so that native tests compare them
// with the <charconv> ones.
namespace portable {
std::optional<double> parse_general(std::string_view t);  // from_chars(general) of all of t
std::optional<double> parse_fixed(std::string_view t);    // from_chars(fixed) of all of t
std::string format_g(double v, int precision);
std::string format_fixed(double v, int decimals);
std::string format_shortest(double v);
}  // namespace portable

}}}  // namespace libaudit::v0::detail
