// Dates, times and the Taiwanese school calendar: the date/period arithmetic the rule families
// share (deadlines in days, school years, calendar years, rolling windows, months employed,
// whole-hour defaults). Calendar facts only; policy numbers live in rule packs.
#pragma once
#include <libaudit/export.h>
#include <libaudit/term.hpp>

#include <optional>
#include <string>
#include <string_view>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// A day of the proleptic Gregorian calendar, counted from 1970-01-01 (day 0).
struct Date {
    int days = 0;

    friend bool operator==(Date a, Date b) noexcept { return a.days == b.days; }
    friend bool operator!=(Date a, Date b) noexcept { return a.days != b.days; }
    friend bool operator<(Date a, Date b) noexcept { return a.days < b.days; }
    friend bool operator<=(Date a, Date b) noexcept { return a.days <= b.days; }
    friend bool operator>(Date a, Date b) noexcept { return a.days > b.days; }
    friend bool operator>=(Date a, Date b) noexcept { return a.days >= b.days; }
};

struct YearMonthDay {
    int year = 1970;  // AD
    int month = 1;    // 1..12
    int day = 1;      // 1..31
};

// nullopt unless the day exists (2025-02-29 does not; 2024-02-29 does). Years 1..9999.
std::optional<Date> make_date(int year, int month, int day);
YearMonthDay ymd(Date d);

// AD dates "2025-08-01", "2025/8/1", "20250801"; ROC dates "114/08/01", "114-8-1", "114.08.01",
// "1140801", "民國114年8月1日" (a ROC year has 1-3 digits, an AD year 4). Only dates that both
// forms can write and read back: 1912-01-01 (ROC 1/01/01) to 2910-12-31 (ROC 999/12/31).
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);      // "2025-08-01"
std::string format_roc_date(Date d);  // "114/08/01"

Date add_days(Date d, int days);
// Same day of the month n months later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29).
Date add_months(Date d, int months);
Date add_years(Date d, int years);
// b - a in days (negative when b is earlier).
int days_between(Date a, Date b);

// Complete months from `from` up to and including `to`: a month counts once the same day of the
// month is reached (3/15 .. 4/14 is one month); less than one month is 0; `to` before `from` is 0.
int full_months(Date from, Date to);

// An instant to the second, without time zone (the school's local time).
struct DateTime {
    long long seconds = 0;  // since 1970-01-01 00:00:00

    Date date() const;
    int hour() const;
    int minute() const;
    int second() const;
    friend bool operator==(DateTime a, DateTime b) noexcept { return a.seconds == b.seconds; }
    friend bool operator<(DateTime a, DateTime b) noexcept { return a.seconds < b.seconds; }
    friend bool operator<=(DateTime a, DateTime b) noexcept { return a.seconds <= b.seconds; }
};

DateTime at(Date d, int hour = 0, int minute = 0, int second = 0);
// A date (any form parse_date takes), then optionally "HH:MM" or "HH:MM:SS" after a space or 'T'.
std::optional<DateTime> parse_datetime(std::string_view text);
std::string format_datetime(DateTime t);  // "2025-03-25 10:27" (":SS" added when not zero)
DateTime add_hours(DateTime t, long long hours);
// The whole hour at or after t: 10:27 -> 11:00, 10:00:00 -> 10:00.
DateTime ceil_to_hour(DateTime t);

// The one offset primitive of the rule families: t moved by whole days and hours (either may be
// negative; a day is 24 hours, the school's local time has no daylight saving).
DateTime shift(DateTime t, long long days, long long hours = 0);
// The day an end bound belongs to. An inclusive end `[.., end]` is on its own day; a half-open end
// `[.., end)` is the first instant outside, so its day is that of the instant before it: a window
// ending "111/04/10 24" (= 04/11 00:00) ends on 04/10, and 04/11 00:00 is outside.
Date end_day(DateTime end, bool half_open);
// `t` in a pattern of the form the platform uses: YYYY (AD year), RRR (ROC year, 3 digits), MM
// (month; minutes right after HH or HH:), DD, HH, and any other character but a letter as is:
// "YYYYMMDD HHMM" -> "20210326 1100", "RRR/MM/DD HH" -> "110/03/26 11". With `end24`, an instant
// at 00:00 is written as hour 24 of the day before ("20220410 2400"), as the platform writes the
// end of a window. Rule files' patterns are checked by datetime_pattern_problem when loaded.
std::string format_datetime_as(DateTime t, std::string_view pattern, bool end24 = false);
// "" when `pattern` is one format_datetime_as writes; else the offending part ("Q", "YY").
std::string datetime_pattern_problem(std::string_view pattern);

// A closed range of days [first, last].
struct DateRange {
    Date first, last;
    bool contains(Date d) const noexcept { return first <= d && d <= last; }
    bool contains(const DateRange& r) const noexcept { return first <= r.first && r.last <= last; }
    int days() const noexcept { return last.days - first.days + 1; }
};

// School year (學年度) n (ROC): 1 Aug of AD n+1911 to 31 Jul of the next year.
DateRange school_year_range(int roc_year);
// The school year a date falls in (1 Aug starts a new one).
int school_year_of(Date d);
// Semester 0 = the whole school year, 1 = 1 Aug - 31 Jan, 2 = 1 Feb - 31 Jul. Summer sessions
// (semester 3) have no fixed dates: nullopt.
std::optional<DateRange> term_range(Term t);
// The regular semester (1 or 2) a date falls in.
Term term_of(Date d);
// 1 Jan - 31 Dec of an AD year.
DateRange calendar_year_range(int ad_year);
// The `years` school years ending with school year `last_roc_year` (e.g. 5 years ending 114 =
// 110-08-01 .. 115-07-31).
DateRange school_years_ending(int last_roc_year, int years);

}}  // namespace libaudit::v0
LIBAUDIT_API_END
