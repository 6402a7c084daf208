// Locale-independent number reading and writing on std::from_chars / std::to_chars.
#include "base/number.hpp"

#include <charconv>
#include <cmath>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; }

// Leading white space and one '+' (from_chars takes neither; '-' it takes itself).
std::string_view trim_lead(std::string_view t) {
    std::size_t i = 0;
    while (i < t.size() && space(t[i])) ++i;
    if (i < t.size() && t[i] == '+' && i + 1 < t.size() && t[i + 1] != '-' && t[i + 1] != '+') ++i;
    return t.substr(i);
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
    const std::string_view t = trim_lead(text);
    if (t.empty()) return std::nullopt;
    // from_chars also reads "inf", "nan" and "infinity": not numbers in a transcript or a rule file.
    const char c = t[0] == '-' && t.size() > 1 ? t[1] : t[0];
    if (!((c >= '0' && c <= '9') || c == '.')) return std::nullopt;
    double v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v, std::chars_format::general);
    if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
    return v;
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
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, precision);
    return std::string(buf, r.ptr);
}

std::string format_fixed(double v, int decimals) {
    char buf[400];  // the largest double in fixed notation has 309 digits
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals);
    return std::string(buf, r.ptr);
}

}}}  // namespace libaudit::v0::detail
