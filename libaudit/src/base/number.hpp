// Numbers read and written the same on every host: never through the C locale (strtod, printf
// and iostreams follow LC_NUMERIC, so a host that sets a comma-decimal locale would read "88.5"
// as 88 and print 1,5). Internal.
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

// As printf's "%.<precision>g" in the C locale: 1.5 -> "1.5", 18 -> "18", 1e-07 -> "1e-07".
std::string format_g(double v, int precision = 6);
// As printf's "%.<decimals>f" in the C locale.
std::string format_fixed(double v, int decimals);

}}}  // namespace libaudit::v0::detail
