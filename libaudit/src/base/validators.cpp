#include <libaudit/validators.hpp>

#include <libaudit/calendar.hpp>

#include "base/id_tokens.hpp"
#include "base/number.hpp"
#include "base/utf8.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace libaudit { inline namespace v0 {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
bool is_alnum(char c) noexcept { return is_digit(c) || is_upper(c) || is_lower(c); }

// Area letter -> 10..35 in the order ABCDEFGHJKLMNPQRSTUVXYWZIO; -1 when not an upper-case letter.
int letter_value(char c) noexcept {
    constexpr std::string_view order = "ABCDEFGHJKLMNPQRSTUVXYWZIO";
    const std::size_t pos = order.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos) + 10;
}

// The shared checksum: the area letter expands to two digits (weights 1 and 9), then
// `second` (the 2nd character's digit value) with weight 8 and the last 8 digits with weights
// 7 6 5 4 3 2 1 1. Valid iff the sum is divisible by 10. id[2..9] must already be digits.
bool checksum_ok(std::string_view id, int second) noexcept {
    const int area = letter_value(id[0]);
    if (area < 0) return false;
    int sum = (area / 10) + (area % 10) * 9 + second * 8;
    constexpr int weights[8] = {7, 6, 5, 4, 3, 2, 1, 1};
    for (int k = 0; k < 8; ++k) sum += (id[static_cast<std::size_t>(k) + 2] - '0') * weights[k];
    return sum % 10 == 0;
}

bool tail_digits(std::string_view id) noexcept {
    for (std::size_t k = 2; k < id.size(); ++k)
        if (!is_digit(id[k])) return false;
    return true;
}

// [A-Z]+([ '-][A-Z]+)*
bool passport_part(std::string_view s) noexcept {
    if (s.empty()) return false;
    bool need_letter = true;
    for (char c : s) {
        if (is_upper(c)) {
            need_letter = false;
        } else if ((c == ' ' || c == '\'' || c == '-') && !need_letter) {
            need_letter = true;
        } else {
            return false;
        }
    }
    return !need_letter;
}

bool email_local_char(char c) noexcept {
    if (is_alnum(c)) return true;
    constexpr std::string_view specials = "!#$%&'*+/=?^_`{|}~-.";
    return specials.find(c) != std::string_view::npos;
}

}  // namespace

bool valid_national_id(std::string_view id) {
    if (id.size() != 10 || !is_upper(id[0]) || (id[1] != '1' && id[1] != '2') || !tail_digits(id)) return false;
    return checksum_ok(id, id[1] - '0');
}

bool valid_resident_id(std::string_view id) {
    if (id.size() != 10 || !is_upper(id[0]) || !tail_digits(id)) return false;
    if (id[1] == '8' || id[1] == '9') return checksum_ok(id, id[1] - '0');  // new form (2021-01-02 on)
    if (id[1] >= 'A' && id[1] <= 'D') return checksum_ok(id, id[1] - 'A');  // old form: A..D -> 10..13, units digit
    return false;
}

std::string mask_national_id(std::string_view id) {
    // Count code points so that a non-ASCII input is never cut inside a character.
    std::size_t count = 0;
    for (std::size_t i = 0; i < id.size(); ++count) detail::decode_utf8(id, i);
    const std::size_t keep = (count + 1) / 2;
    std::size_t i = 0;
    for (std::size_t k = 0; k < keep; ++k) detail::decode_utf8(id, i);
    std::string out(id.substr(0, i));
    out.append(count - keep, '*');
    return out;
}

std::string mask_if_national_id(std::string_view id) {
    // By shape, not checksum: a mistyped ID is still someone's ID. A letter, a letter or digit, and
    // eight digits (national IDs and both forms of resident certificate numbers).
    const auto letter = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    const auto digit = [](char c) { return c >= '0' && c <= '9'; };
    bool shaped = id.size() == 10 && letter(id[0]) && (letter(id[1]) || digit(id[1]));
    for (std::size_t i = 2; shaped && i < id.size(); ++i) shaped = digit(id[i]);
    return shaped ? mask_national_id(id) : std::string(id);
}

namespace {

// Whether text[i, i + 10) is an ID-shaped whole token (mask_ids_in_text).
bool id_token_at(std::string_view text, std::size_t i) noexcept {
    if (i + 10 > text.size() || (i > 0 && is_alnum(text[i - 1]))) return false;
    if (i + 10 < text.size() && is_alnum(text[i + 10])) return false;
    if (!is_upper(text[i])) return false;
    const char second = text[i + 1];
    const bool second_ok = second == '1' || second == '2' || second == '8' || second == '9' || (second >= 'A' && second <= 'D');
    if (!second_ok) return false;
    for (std::size_t k = i + 2; k < i + 10; ++k)
        if (!is_digit(text[k])) return false;
    return true;
}

}  // namespace

namespace detail {

std::size_t find_id_token(std::string_view text, std::size_t from) noexcept {
    if (text.size() < 10) return std::string_view::npos;
    const std::size_t last = text.size() - 10;  // the last offset a token can start at
    std::size_t i = from;
#if defined(__SSE2__)
    // A token starts with an upper-case letter: skip 16 bytes at a time that hold none.
    const __m128i below = _mm_set1_epi8('A' - 1), above = _mm_set1_epi8('Z' + 1);
    while (i + 16 <= last + 1) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
        unsigned hits = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(x, below), _mm_cmplt_epi8(x, above))));
        while (hits != 0) {
            const std::size_t at = i + static_cast<std::size_t>(__builtin_ctz(hits));
            if (id_token_at(text, at)) return at;
            hits &= hits - 1;
        }
        i += 16;
    }
#endif
    for (; i <= last; ++i)
        if (is_upper(text[i]) && id_token_at(text, i)) return i;
    return std::string_view::npos;
}

}  // namespace detail

std::string mask_ids_in_text(std::string_view text) {
    std::size_t i = detail::find_id_token(text);
    if (i == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    std::size_t copied = 0;  // text[0, copied) is in `out`
    for (; i != std::string_view::npos; i = detail::find_id_token(text, copied)) {
        out.append(text.substr(copied, i - copied));
        out += mask_national_id(text.substr(i, 10));
        copied = i + 10;
    }
    out.append(text.substr(copied));
    return out;
}

std::string mask_personal(std::string_view value) {
    if (value.empty()) return std::string();
    const std::string by_shape = mask_if_national_id(value);
    return by_shape != value ? by_shape : std::string(8, '*');
}

bool valid_passport_name(std::string_view name) {
    const std::size_t comma = name.find(',');
    if (comma == std::string_view::npos || comma + 1 >= name.size() || name[comma + 1] != ' ') return false;
    return passport_part(name.substr(0, comma)) && passport_part(name.substr(comma + 2));
}

bool valid_email(std::string_view email) {
    if (email.size() > 254) return false;
    const std::size_t at = email.find('@');
    if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos) return false;
    const std::string_view local = email.substr(0, at);
    const std::string_view domain = email.substr(at + 1);
    if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
        local.find("..") != std::string_view::npos)
        return false;
    for (char c : local)
        if (!email_local_char(c)) return false;
    // Domain: two or more labels of [A-Za-z0-9-] (no '-' at either end), the last alphabetic, >= 2 letters.
    std::size_t labels = 0;
    std::size_t start = 0;
    std::string_view last;
    while (true) {
        const std::size_t dot = domain.find('.', start);
        const std::string_view label = domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        for (char c : label)
            if (!is_alnum(c) && c != '-') return false;
        ++labels;
        last = label;
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    if (labels < 2 || last.size() < 2) return false;
    for (char c : last)
        if (!is_upper(c) && !is_lower(c)) return false;
    return true;
}

bool valid_tw_mobile(std::string_view mobile) {
    std::string_view s = mobile;
    std::string_view expected_start = "09";
    if (s.substr(0, 4) == "+886" || s.substr(0, 3) == "886") {
        s.remove_prefix(s.front() == '+' ? 4 : 3);
        if (!s.empty() && (s.front() == ' ' || s.front() == '-')) s.remove_prefix(1);
        expected_start = "9";
    }
    // Digits with single ' ' or '-' separators between them; no leading/trailing separator.
    std::string digits;
    bool after_digit = false;
    for (char c : s) {
        if (is_digit(c)) {
            digits += c;
            after_digit = true;
        } else if ((c == ' ' || c == '-') && after_digit) {
            after_digit = false;
        } else {
            return false;
        }
    }
    if (!after_digit) return false;
    return digits.size() == expected_start.size() + 8 && digits.compare(0, expected_start.size(), expected_start) == 0;
}

}}  // namespace libaudit::v0

namespace libaudit { inline namespace v0 {

std::string person_id_problem_code(std::string_view id) {
    if (id.size() != 10) return "length";
    if (is_lower(id[0])) return "lower_case";
    if (!is_upper(id[0])) return "first_letter";
    const char second = id[1];
    const bool national = second == '1' || second == '2';
    const bool resident_new = second == '8' || second == '9';
    const bool resident_old = second >= 'A' && second <= 'D';
    if (!national && !resident_new && !resident_old) return "second_char";
    if (!tail_digits(id)) return "digits";
    const int value = resident_old ? second - 'A' : second - '0';
    if (!checksum_ok(id, value)) return "checksum";
    return {};
}

std::string person_id_problem(std::string_view id) {
    const std::string code = person_id_problem_code(id);
    if (code == "length") return "must be 10 characters (1 letter + 9), got " + std::to_string(id.size());
    if (code == "lower_case") return "the first letter must be upper case";
    if (code == "first_letter") return "must start with a letter A-Z";
    if (code == "second_char")
        return "the 2nd character must be 1 or 2 (national ID), 8 or 9 (resident certificate) or A-D (old "
               "resident certificate), got '" +
               std::string(1, id[1]) + "'";
    if (code == "digits") return "characters 3-10 must be digits";
    if (code == "checksum") return "the check digit does not match";
    return {};
}

bool valid_person_id(std::string_view id) { return person_id_problem(id).empty(); }

namespace {
bool national_only(std::string_view id) { return valid_person_id(id) && (id[1] == '1' || id[1] == '2'); }
bool resident_only(std::string_view id) { return valid_person_id(id) && id[1] != '1' && id[1] != '2'; }
}  // namespace

ValueCheck find_validator(std::string_view name) {
    static const std::pair<std::string_view, ValueCheck> known[] = {
        {"national_id", national_only},      {"resident_id", resident_only}, {"person_id", valid_person_id},
        {"passport_name", valid_passport_name}, {"email", valid_email},      {"tw_mobile", valid_tw_mobile},
    };
    for (const auto& [n, f] : known)
        if (n == name) return f;
    return nullptr;
}

bool same_email(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::vector<std::string> password_missing_classes(std::string_view password, const PasswordPolicy& policy) {
    std::vector<std::string> out;
    std::size_t chars = 0;
    bool letter = false, upper = false, lower = false, digit = false, symbol = false;
    for (std::size_t i = 0; i < password.size();) {
        const char c = password[i];
        detail::decode_utf8(password, i);
        ++chars;
        upper |= is_upper(c);
        lower |= is_lower(c);
        digit |= is_digit(c);
        symbol |= c > ' ' && c < 0x7f && !is_alnum(c);
    }
    letter = upper || lower;
    if (chars < static_cast<std::size_t>(policy.min_length)) out.push_back("length");
    if (policy.letter && !letter) out.push_back("letter");
    if (policy.upper && !upper) out.push_back("upper");
    if (policy.lower && !lower) out.push_back("lower");
    if (policy.digit && !digit) out.push_back("digit");
    if (policy.symbol && !symbol) out.push_back("symbol");
    return out;
}

std::vector<std::string> password_problems(std::string_view password, const PasswordPolicy& policy) {
    static const std::pair<const char*, const char*> words[] = {
        {"letter", "a letter"}, {"upper", "an upper-case letter"}, {"lower", "a lower-case letter"},
        {"digit", "a digit"},   {"symbol", "a symbol"}};
    std::vector<std::string> out;
    for (const auto& code : password_missing_classes(password, policy)) {
        if (code == "length") out.push_back("at least " + std::to_string(policy.min_length) + " characters");
        for (const auto& [c, w] : words)
            if (code == c) out.push_back(w);
    }
    return out;
}

std::string forbidden_in_file_name(std::string_view file_name, std::string_view forbidden) {
    const std::size_t dot = file_name.rfind('.');
    const std::string_view stem = dot == std::string_view::npos || dot == 0 ? file_name : file_name.substr(0, dot);
    std::string found;
    for (char c : stem)
        if (forbidden.find(c) != std::string_view::npos && found.find(c) == std::string::npos) found += c;
    return found;
}

std::optional<double> parse_size(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t start = i;
    bool dot = false;
    while (i < text.size() && (is_digit(text[i]) || (text[i] == '.' && !dot))) dot |= text[i++] == '.';
    if (i == start) return std::nullopt;
    const auto parsed = detail::parse_number(text.substr(start, i - start));
    if (!parsed) return std::nullopt;
    const double number = *parsed;
    while (i < text.size() && text[i] == ' ') ++i;
    std::string unit;
    for (; i < text.size(); ++i) unit += static_cast<char>(text[i] >= 'a' && text[i] <= 'z' ? text[i] - 32 : text[i]);
    while (!unit.empty() && unit.back() == ' ') unit.pop_back();
    double scale = 1;
    if (unit.empty() || unit == "B") scale = 1;
    else if (unit == "KB" || unit == "K" || unit == "KIB") scale = 1024;
    else if (unit == "MB" || unit == "M" || unit == "MIB") scale = 1024.0 * 1024;
    else if (unit == "GB" || unit == "G" || unit == "GIB") scale = 1024.0 * 1024 * 1024;
    else return std::nullopt;
    return number * scale;
}

namespace {

std::optional<std::string> apply_filter(std::string value, const std::string& filter, std::string* problem) {
    auto fail = [&](const std::string& why) -> std::optional<std::string> {
        if (problem) *problem = why;
        return std::nullopt;
    };
    if (filter == "upper" || filter == "lower") {
        for (char& c : value)
            c = filter == "upper" ? (is_lower(c) ? static_cast<char>(c - 32) : c) : (is_upper(c) ? static_cast<char>(c + 32) : c);
        return value;
    }
    if (filter == "digits") {
        std::string out;
        for (char c : value)
            if (is_digit(c)) out += c;
        return out;
    }
    const std::size_t colon = filter.find(':');
    if (colon != std::string::npos) {
        const std::string name = filter.substr(0, colon);
        const std::string arg = filter.substr(colon + 1);
        if ((name == "first" || name == "last") && !arg.empty() && arg.size() <= 3 &&
            arg.find_first_not_of("0123456789") == std::string::npos) {
            const std::size_t n = std::stoul(arg);
            if (n > value.size()) return fail("'" + value + "' has fewer than " + arg + " characters");
            return name == "first" ? value.substr(0, n) : value.substr(value.size() - n);
        }
        return fail("unknown filter '" + filter + "'");
    }
    if (filter == "mmdd" || filter == "yyyymmdd" || filter == "rocdate") {
        const auto d = parse_date(value);
        if (!d) return fail("'" + value + "' is not a date");
        const YearMonthDay x = ymd(*d);
        char buf[16];
        if (filter == "mmdd") std::snprintf(buf, sizeof buf, "%02d%02d", x.month, x.day);
        else if (filter == "yyyymmdd") std::snprintf(buf, sizeof buf, "%04d%02d%02d", x.year, x.month, x.day);
        else std::snprintf(buf, sizeof buf, "%03d%02d%02d", x.year - 1911, x.month, x.day);
        return std::string(buf);
    }
    return fail("unknown filter '" + filter + "'");
}

}  // namespace

std::optional<std::string> expand_template(std::string_view tpl,
                                           const std::function<std::optional<std::string>(const std::string&)>& field,
                                           std::string* problem) {
    std::string out;
    std::size_t i = 0;
    while (i < tpl.size()) {
        const std::size_t open = tpl.find('{', i);
        if (open == std::string_view::npos) {
            out.append(tpl.substr(i));
            break;
        }
        out.append(tpl.substr(i, open - i));
        const std::size_t close = tpl.find('}', open);
        if (close == std::string_view::npos) {
            if (problem) *problem = "unclosed '{' in the template";
            return std::nullopt;
        }
        std::string inner(tpl.substr(open + 1, close - open - 1));
        std::vector<std::string> parts;
        for (std::size_t p = 0;;) {
            const std::size_t bar = inner.find('|', p);
            parts.push_back(inner.substr(p, bar == std::string::npos ? std::string::npos : bar - p));
            if (bar == std::string::npos) break;
            p = bar + 1;
        }
        auto value = field(parts[0]);
        if (!value || value->empty()) {
            if (problem) *problem = "'" + parts[0] + "' is blank";
            return std::nullopt;
        }
        std::string v = *value;
        for (std::size_t k = 1; k < parts.size(); ++k) {
            auto next = apply_filter(v, parts[k], problem);
            if (!next) return std::nullopt;
            v = *next;
        }
        out += v;
        i = close + 1;
    }
    return out;
}

}}  // namespace libaudit::v0
