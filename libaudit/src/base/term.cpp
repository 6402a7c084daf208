#include <libaudit/term.hpp>

#include <string>

namespace libaudit { inline namespace v0 {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

std::optional<Term> make(int year, int semester) {
    if (year < 1 || year > 199 || semester < 0 || semester > 3) return std::nullopt;
    return Term{year, semester};
}

}  // namespace

std::optional<Term> parse_term(std::string_view text) {
    const std::string_view s = trim(text);
    std::size_t i = 0;
    int year = 0;
    while (i < s.size() && is_digit(s[i])) {
        year = year * 10 + (s[i] - '0');
        if (++i > 4) return std::nullopt;
    }
    const std::size_t digits = i;
    if (digits == 0) return std::nullopt;
    if (i == s.size()) {
        // Compact forms: "1092" (year + semester) or "114" / "99" (whole year).
        if (digits == 4) return make(year / 10, year % 10);
        return make(year, 0);
    }
    if (digits > 3) return std::nullopt;
    // Separated forms: "109-2", "109/2", "109 2" (spaces allowed around '-' and '/').
    while (i < s.size() && s[i] == ' ') ++i;
    bool separated = i > digits;
    if (i < s.size() && (s[i] == '-' || s[i] == '/')) {
        ++i;
        separated = true;
        while (i < s.size() && s[i] == ' ') ++i;
    }
    if (!separated || i + 1 != s.size() || !is_digit(s[i])) return std::nullopt;
    return make(year, s[i] - '0');
}

std::string format_term(Term t) {
    std::string out = std::to_string(t.year);
    if (t.semester != 0) {
        out += '-';
        out += std::to_string(t.semester);
    }
    return out;
}

}}  // namespace libaudit::v0
