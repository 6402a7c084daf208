// Exact decimal multiples for `multiple_of` (hours in 0.5 units): compared on the digits as
// written, so 0.75 is never taken for a multiple of 0.5 through binary rounding.
#include "base/number.hpp"
#include "base/decimal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

struct Decimal {
    std::string digits;  // integer and fraction digits, leading zeros removed
    int scale = 0;       // digits after the point
};

std::optional<Decimal> split(const std::string& s) {
    if (!decimal_digits(s)) return std::nullopt;
    Decimal d;
    bool point = false;
    for (char c : s) {
        if (c == '.') point = true;
        else if (c >= '0' && c <= '9') {
            d.digits += c;
            if (point) ++d.scale;
        }
    }
    return d;
}

// The digits scaled to `scale` fraction digits, as an integer; nullopt when it would not fit.
std::optional<long long> scaled(const Decimal& d, int scale) {
    std::string all = d.digits + std::string(static_cast<std::size_t>(scale - d.scale), '0');
    const std::size_t nz = all.find_first_not_of('0');
    all = nz == std::string::npos ? "0" : all.substr(nz);
    if (all.size() > 18) return std::nullopt;
    return std::stoll(all);
}

}  // namespace

bool decimal_digits(const std::string& s) {
    std::size_t i = s.size() > 0 && (s[0] == '-' || s[0] == '+') ? 1 : 0;
    bool digit = false, point = false;
    for (; i < s.size(); ++i) {
        if (s[i] >= '0' && s[i] <= '9') digit = true;
        else if (s[i] == '.' && !point) point = true;
        else return false;
    }
    return digit;
}

bool decimal_multiple(const std::string& value, const std::string& step) {
    const auto v = split(value), st = split(step);
    if (v && st) {
        const int scale = std::max(v->scale, st->scale);
        const auto a = scaled(*v, scale), b = scaled(*st, scale);
        if (a && b && *b != 0) return *a % *b == 0;
    }
    const double x = parse_number(value).value_or(0), y = parse_number(step).value_or(0);
    if (y == 0) return false;
    const double q = x / y;
    return std::fabs(q - std::round(q)) < 1e-9;
}

}}}  // namespace libaudit::v0::detail
