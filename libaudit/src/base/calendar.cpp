// Date arithmetic on day numbers (days since 1970-01-01) with the civil-calendar conversion in
// closed form (400-year eras of 146,097 days), so every operation is O(1) and exact.
#include <libaudit/calendar.hpp>

#include "base/input_words.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <vector>

namespace libaudit { inline namespace v0 {

namespace {

constexpr long long seconds_per_day = 86400;

long long floor_div(long long a, long long b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

// Days since 1970-01-01 of a valid civil date. Years start in March inside the computation so
// that the leap day is the last day of the shifted year.
int to_days(int y, int m, int d) {
    y -= m <= 2;
    const int era = static_cast<int>(floor_div(y, 400));
    const int yoe = y - era * 400;                                  // [0, 399]
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;  // [0, 365]
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          // [0, 146096]
    return era * 146097 + doe - 719468;
}

YearMonthDay from_days(int z) {
    z += 719468;
    const int era = static_cast<int>(floor_div(z, 146097));
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    YearMonthDay r;
    r.day = doy - (153 * mp + 2) / 5 + 1;
    r.month = mp < 10 ? mp + 3 : mp - 9;
    r.year = yoe + era * 400 + (r.month <= 2);
    return r;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

// A year part: 4 digits is AD, 1-3 digits is ROC.
std::optional<int> ad_year(std::string_view s) {
    if (!all_digits(s) || s.size() > 4) return std::nullopt;
    const int v = to_int(s);
    if (s.size() == 4) return v;
    return v >= 1 ? std::optional<int>(v + 1911) : std::nullopt;
}

}  // namespace

std::optional<Date> make_date(int year, int month, int day) {
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
        return std::nullopt;
    return Date{to_days(year, month, day)};
}

YearMonthDay ymd(Date d) { return from_days(d.days); }

namespace {
std::optional<Date> parse_any_date(std::string_view text);
}

std::optional<Date> parse_date(std::string_view text) {
    const std::optional<Date> d = parse_any_date(text);
    if (!d) return d;
    const int year = ymd(*d).year;  // ROC years 1..999: "1000/01/01" would read back as AD 1000
    return year >= 1912 && year <= 2910 ? d : std::nullopt;
}

namespace {
std::optional<Date> parse_any_date(std::string_view text) {
    text = trim(text);
    // The common form of exports, 2025-08-01 (or 2025/08/01), read directly: a batch reads millions.
    const auto digit = [&text](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (text.size() == 10 && (text[4] == '-' || text[4] == '/') && text[7] == text[4] && digit(0) && digit(1) && digit(2) &&
        digit(3) && digit(5) && digit(6) && digit(8) && digit(9))
        return make_date(to_int(text.substr(0, 4)), to_int(text.substr(5, 2)), to_int(text.substr(8, 2)));
    // 民國114年8月1日 / 114年8月1日: rewritten to 114-8-1 (only text with non-ASCII bytes needs it;
    // the common numeric forms are split in place, without an allocation).
    std::string rewritten;
    if (std::any_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        rewritten = std::string(text);
        std::string& s = rewritten;
        // The words: libaudit/data/words.txt (date.era, date.year, date.month, date.day).
        for (std::string_view prefix : detail::input_words("date.era"))
            if (s.rfind(prefix, 0) == 0) s.erase(0, prefix.size());
        for (const char* name : {"date.year", "date.month"})
            for (std::string_view sep : detail::input_words(name))
                for (auto pos = s.find(sep); pos != std::string::npos; pos = s.find(sep)) s.replace(pos, sep.size(), "-");
        for (std::string_view day : detail::input_words("date.day"))
            if (s.size() >= day.size() && s.compare(s.size() - day.size(), day.size(), day) == 0) s.erase(s.size() - day.size());
        text = rewritten;
    }
    std::string_view parts[3];
    std::size_t count = 0, start = 0;
    char separator = 0;  // one kind in a date: 2025/09-03 is no documented form
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] != '-' && text[i] != '/' && text[i] != '.') continue;
        if (count == 3) return std::nullopt;  // more than three parts
        if (i < text.size() && separator != 0 && text[i] != separator) return std::nullopt;
        if (i < text.size()) separator = text[i];
        parts[count++] = text.substr(start, i - start);
        start = i + 1;
    }
    if (count == 3) {
        const auto y = ad_year(parts[0]);
        if (!y || !all_digits(parts[1]) || !all_digits(parts[2]) || parts[1].size() > 2 || parts[2].size() > 2)
            return std::nullopt;
        return make_date(*y, to_int(parts[1]), to_int(parts[2]));
    }
    if (count == 1 && all_digits(parts[0])) {
        const std::string_view p = parts[0];
        if (p.size() == 8) return make_date(to_int(p.substr(0, 4)), to_int(p.substr(4, 2)), to_int(p.substr(6, 2)));
        if (p.size() == 6 || p.size() == 7) {  // ROC yyMMdd / yyyMMdd
            const std::size_t y = p.size() - 4;
            return make_date(to_int(p.substr(0, y)) + 1911, to_int(p.substr(y, 2)), to_int(p.substr(y + 2, 2)));
        }
    }
    return std::nullopt;
}
}  // namespace

std::string format_date(Date d) {
    const YearMonthDay v = ymd(d);  // years 1..9999 (make_date); written without a format string: results print many
    std::string s(10, '-');
    const auto digits = [&s](std::size_t at, int value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10) s[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    };
    digits(0, v.year, 4);
    digits(5, v.month, 2);
    digits(8, v.day, 2);
    return s;
}

std::string format_roc_date(Date d) {
    const YearMonthDay v = ymd(d);
    return fmt::format("{}/{:02}/{:02}", v.year - 1911, v.month, v.day);
}

Date add_days(Date d, int days) { return Date{d.days + days}; }

Date add_months(Date d, int months) {
    const YearMonthDay v = ymd(d);
    const int index = v.year * 12 + (v.month - 1) + months;
    const int y = static_cast<int>(floor_div(index, 12));
    const int m = index - y * 12 + 1;
    return Date{to_days(y, m, std::min(v.day, days_in_month(y, m)))};
}

Date add_years(Date d, int years) { return add_months(d, years * 12); }

int days_between(Date a, Date b) { return b.days - a.days; }

int full_months(Date from, Date to) {
    if (to < from) return 0;
    const Date limit = add_days(to, 1);  // the m-th monthly anniversary must fall on or before it
    const YearMonthDay a = ymd(from), b = ymd(limit);
    int m = (b.year - a.year) * 12 + (b.month - a.month);
    while (m > 0 && limit < add_months(from, m)) --m;
    return std::max(m, 0);
}

Date DateTime::date() const { return Date{static_cast<int>(floor_div(seconds, seconds_per_day))}; }
int DateTime::hour() const { return static_cast<int>((seconds - floor_div(seconds, seconds_per_day) * seconds_per_day) / 3600); }
int DateTime::minute() const { return static_cast<int>((seconds - floor_div(seconds, 3600) * 3600) / 60); }
int DateTime::second() const { return static_cast<int>(seconds - floor_div(seconds, 60) * 60); }

DateTime at(Date d, int hour, int minute, int second) {
    return DateTime{d.days * seconds_per_day + hour * 3600LL + minute * 60LL + second};
}

std::optional<DateTime> parse_datetime(std::string_view text) {
    text = trim(text);
    const auto cut = text.find_first_of(" T");
    const auto date = parse_date(text.substr(0, cut));
    if (!date) return std::nullopt;
    if (cut == std::string_view::npos) return at(*date);
    const std::string_view time = trim(text.substr(cut + 1));
    if (!(time.size() == 5 || time.size() == 8) || time[2] != ':' || (time.size() == 8 && time[5] != ':'))
        return std::nullopt;
    const std::string_view hh = time.substr(0, 2), mm = time.substr(3, 2), ss = time.size() == 8 ? time.substr(6, 2) : "00";
    if (!all_digits(hh) || !all_digits(mm) || !all_digits(ss)) return std::nullopt;
    const int h = to_int(hh), m = to_int(mm), s = to_int(ss);
    if (h > 23 || m > 59 || s > 59) return std::nullopt;
    return at(*date, h, m, s);
}

std::string format_datetime(DateTime t) {
    std::string s = fmt::format("{} {:02}:{:02}", format_date(t.date()), t.hour(), t.minute());
    if (t.second() != 0) s += fmt::format(":{:02}", t.second());
    return s;
}

DateTime add_hours(DateTime t, long long hours) { return DateTime{t.seconds + hours * 3600}; }

DateTime ceil_to_hour(DateTime t) {
    const long long past = t.seconds - floor_div(t.seconds, 3600) * 3600;
    return past == 0 ? t : DateTime{t.seconds + 3600 - past};
}

DateTime shift(DateTime t, long long days, long long hours) {
    return DateTime{t.seconds + days * 86400 + hours * 3600};
}

Date end_day(DateTime end, bool half_open) {
    return half_open ? DateTime{end.seconds - 1}.date() : end.date();
}

namespace {

// The tokens of a date-time pattern, longest first; "MM" after "HH" (or "HH:") is minutes.
constexpr std::string_view pattern_tokens[] = {"YYYY", "RRR", "MM", "DD", "HH"};

bool is_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

}  // namespace

std::string datetime_pattern_problem(std::string_view pattern) {
    std::size_t i = 0;
    bool any = false;
    while (i < pattern.size()) {
        if (!is_letter(pattern[i])) {
            ++i;
            continue;
        }
        bool matched = false;
        for (std::string_view tok : pattern_tokens)
            if (pattern.substr(i, tok.size()) == tok) {
                i += tok.size();
                matched = any = true;
                break;
            }
        if (!matched) {
            std::size_t j = i;
            while (j < pattern.size() && is_letter(pattern[j])) ++j;
            return std::string(pattern.substr(i, j - i));
        }
    }
    return any ? "" : std::string(pattern);
}

std::string format_datetime_as(DateTime t, std::string_view pattern, bool end24) {
    const bool at24 = end24 && t.hour() == 0 && t.minute() == 0 && t.second() == 0;
    const YearMonthDay d = ymd(at24 ? add_days(t.date(), -1) : t.date());
    const int hour = at24 ? 24 : t.hour();
    std::string out;
    bool after_hour = false;
    for (std::size_t i = 0; i < pattern.size();) {
        const std::string_view rest = pattern.substr(i);
        if (rest.substr(0, 4) == "YYYY") out += fmt::format("{:04}", d.year), i += 4, after_hour = false;
        else if (rest.substr(0, 3) == "RRR") out += fmt::format("{:03}", d.year - 1911), i += 3, after_hour = false;
        else if (rest.substr(0, 2) == "MM") out += fmt::format("{:02}", after_hour ? t.minute() : d.month), i += 2, after_hour = false;
        else if (rest.substr(0, 2) == "DD") out += fmt::format("{:02}", d.day), i += 2, after_hour = false;
        else if (rest.substr(0, 2) == "HH") out += fmt::format("{:02}", hour), i += 2, after_hour = true;
        else {
            after_hour = after_hour && pattern[i] == ':';
            out += pattern[i++];
        }
    }
    return out;
}

DateRange school_year_range(int roc_year) {
    const int ad = roc_year + 1911;
    return {Date{to_days(ad, 8, 1)}, Date{to_days(ad + 1, 7, 31)}};
}

int school_year_of(Date d) {
    const YearMonthDay v = ymd(d);
    return (v.month >= 8 ? v.year : v.year - 1) - 1911;
}

std::optional<DateRange> term_range(Term t) {
    const DateRange year = school_year_range(t.year);
    const int ad = t.year + 1911;
    switch (t.semester) {
        case 0: return year;
        case 1: return DateRange{year.first, Date{to_days(ad + 1, 1, 31)}};
        case 2: return DateRange{Date{to_days(ad + 1, 2, 1)}, year.last};
        default: return std::nullopt;
    }
}

Term term_of(Date d) {
    const int month = ymd(d).month;
    return Term{school_year_of(d), month >= 8 || month == 1 ? 1 : 2};
}

DateRange calendar_year_range(int ad_year) { return {Date{to_days(ad_year, 1, 1)}, Date{to_days(ad_year, 12, 31)}}; }

DateRange school_years_ending(int last_roc_year, int years) {
    return {school_year_range(last_roc_year - std::max(years, 1) + 1).first, school_year_range(last_roc_year).last};
}

}}  // namespace libaudit::v0
