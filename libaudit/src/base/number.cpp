// Locale-independent number reading and writing on std::from_chars / std::to_chars, or where the
// C++ library lacks their floating-point overloads, on streams in the classic locale (number.hpp).
#include "base/number.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <locale>
#include <sstream>

#ifndef LIBAUDIT_HAVE_FLOAT_CHARCONV
#define LIBAUDIT_HAVE_FLOAT_CHARCONV 1
#endif

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

// Leading white space and one '+' (from_chars takes neither; '-' it takes itself).
std::string_view trim_lead(std::string_view t) {
    std::size_t i = 0;
    while (i < t.size() && space(t[i])) ++i;
    if (i < t.size() && t[i] == '+' && i + 1 < t.size() && t[i + 1] != '-' && t[i + 1] != '+') ++i;
    return t.substr(i);
}

// The length of the longest prefix of `t` that from_chars reads as a decimal: -?(d+(.d*)?|.d+),
// then with `exponent` an optional [eE][+-]?d+; 0 when there is none.
std::size_t decimal_length(std::string_view t, bool exponent) {
    std::size_t i = t.size() > 0 && t[0] == '-' ? 1 : 0;
    std::size_t digits = 0;
    while (i < t.size() && digit(t[i])) ++i, ++digits;
    if (i < t.size() && t[i] == '.') {
        std::size_t j = i + 1;
        while (j < t.size() && digit(t[j])) ++j, ++digits;
        if (digits > 0) i = j;
    }
    if (digits == 0) return 0;
    if (exponent && i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        std::size_t j = i + 1;
        if (j < t.size() && (t[j] == '+' || t[j] == '-')) ++j;
        std::size_t k = j;
        while (k < t.size() && digit(t[k])) ++k;
        if (k > j) i = k;
    }
    return i;
}

// A decimal already checked by decimal_length, converted in the classic locale (correctly
// rounded, as strtod is); nullopt when out of range.
std::optional<double> stream_double(std::string_view t) {
    std::istringstream in{std::string(t)};
    in.imbue(std::locale::classic());
    double v = 0;
    in >> v;
    if (in.fail() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::string stream_format(double v, int precision, std::ios_base::fmtflags style) {
    std::ostringstream out;
    out.imbue(std::locale::classic());
    out.setf(style, std::ios_base::floatfield);
    out.precision(precision);
    out << v;
    return out.str();
}

// The shortest digits that read back as `v` (v finite, not zero): "12", exponent of the first.
struct Shortest {
    std::string digits;
    int exponent = 0;
};
Shortest shortest_digits(double v) {
    std::string s;
    for (int precision = 0; precision <= 16; ++precision) {  // 1 to 17 significant digits
        s = stream_format(v, precision, std::ios_base::scientific);
        if (stream_double(s) == v) break;
    }
    const std::size_t e = s.find('e');
    Shortest d;
    for (std::size_t i = 0; i < e; ++i)
        if (digit(s[i])) d.digits += s[i];
    while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
    d.exponent = std::atoi(s.c_str() + e + 1);
    return d;
}

}  // namespace

namespace portable {

std::optional<double> parse_general(std::string_view t) {
    if (t.empty() || decimal_length(t, true) != t.size()) return std::nullopt;
    return stream_double(t);
}

std::optional<double> parse_fixed(std::string_view t) {
    if (t.empty() || decimal_length(t, false) != t.size()) return std::nullopt;
    return stream_double(t);
}

std::string format_g(double v, int precision) { return stream_format(v, precision, std::ios_base::fmtflags()); }

std::string format_fixed(double v, int decimals) { return stream_format(v, decimals, std::ios_base::fixed); }

std::string format_shortest(double v) {
    if (v == 0 || !std::isfinite(v)) return stream_format(v, 0, std::ios_base::fmtflags());  // "0", "-0", "inf", "nan"
    const Shortest d = shortest_digits(v);
    const std::string sign = v < 0 ? "-" : "";
    const int n = static_cast<int>(d.digits.size());
    const int e = d.exponent;
    const int magnitude = e < 0 ? -e : e;
    std::string scientific = sign + d.digits.substr(0, 1) + (n > 1 ? "." + d.digits.substr(1) : "") + (e < 0 ? "e-" : "e+") +
                             (magnitude < 10 ? "0" : "") + std::to_string(magnitude);
    std::string fixed;
    if (e >= n - 1) fixed = format_fixed(v, 0);  // a whole number: to_chars writes its exact digits
    else if (e >= 0) fixed = sign + d.digits.substr(0, static_cast<std::size_t>(e) + 1) + "." + d.digits.substr(static_cast<std::size_t>(e) + 1);
    else fixed = sign + "0." + std::string(static_cast<std::size_t>(-e - 1), '0') + d.digits;
    return fixed.size() <= scientific.size() ? fixed : scientific;
}

}  // namespace portable

std::optional<double> parse_number(std::string_view text) {
    const std::string_view t = trim_lead(text);
    if (t.empty()) return std::nullopt;
    // from_chars also reads "inf", "nan" and "infinity": not numbers in a transcript or a rule file.
    const char c = t[0] == '-' && t.size() > 1 ? t[1] : t[0];
    if (!(digit(c) || c == '.')) return std::nullopt;
#if LIBAUDIT_HAVE_FLOAT_CHARCONV
    double v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v, std::chars_format::general);
    if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
    return v;
#else
    return portable::parse_general(t);
#endif
}

std::optional<double> parse_fixed(std::string_view s) {
#if LIBAUDIT_HAVE_FLOAT_CHARCONV
    double value = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::fixed);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
    return value;
#else
    return portable::parse_fixed(s);
#endif
}

std::optional<long long> parse_integer(std::string_view text) {
    const std::string_view t = trim_lead(text);
    if (t.empty()) return std::nullopt;
    long long v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v, 10);
    if (ec != std::errc() || end != t.data() + t.size()) return std::nullopt;
    return v;
}

std::string format_g(double v, int precision) {
#if LIBAUDIT_HAVE_FLOAT_CHARCONV
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, precision);
    return std::string(buf, r.ptr);
#else
    return portable::format_g(v, precision);
#endif
}

std::string format_fixed(double v, int decimals) {
#if LIBAUDIT_HAVE_FLOAT_CHARCONV
    char buf[400];  // the largest double in fixed notation has 309 digits
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    return std::string(buf, r.ptr);
#else
    return portable::format_fixed(v, decimals);
#endif
}

std::string format_shortest(double v) {
#if LIBAUDIT_HAVE_FLOAT_CHARCONV
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
#else
    return portable::format_shortest(v);
#endif
}

}}}  // namespace libaudit::v0::detail
