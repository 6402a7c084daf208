#include <libaudit/validators.hpp>

#include "utf8.hpp"

namespace libaudit {
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

}  // namespace libaudit
