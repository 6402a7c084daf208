// Exact decimal arithmetic on numbers as written (multiple_of: hours in 0.5 units).
#pragma once
#include <string>

namespace libaudit { inline namespace v0 { namespace detail {

// A plain decimal number as written: optional sign, digits, at most one point ("0.5", "-2", "1.50").
bool decimal_digits(const std::string& s);
// Whether `value` is a whole multiple of `step`, exactly for plain decimals ("0.75" of "0.5": no;
// "1.5": yes); other forms ("1e1") are compared as doubles, to 1e-9. Both must be numbers.
bool decimal_multiple(const std::string& value, const std::string& step);

}}}  // namespace libaudit::v0::detail
