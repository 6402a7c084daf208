// Dates and the school calendar, with the boundaries the rule families turn on.
#include <doctest/doctest.h>
#include <libaudit/calendar.hpp>

#include <random>

using namespace libaudit;

namespace {

Date D(int y, int m, int d) { return *make_date(y, m, d); }

}  // namespace

TEST_CASE("calendar: day numbers round-trip and respect month lengths and leap years") {
    CHECK(D(1970, 1, 1).days == 0);
    CHECK(D(2000, 3, 1).days - D(2000, 2, 28).days == 2);  // 2000 is a leap year
    CHECK(D(1900, 3, 1).days - D(1900, 2, 28).days == 1);  // 1900 is not
    CHECK_FALSE(make_date(2025, 2, 29));
    CHECK(make_date(2024, 2, 29));
    CHECK_FALSE(make_date(2025, 4, 31));
    CHECK_FALSE(make_date(2025, 13, 1));
    CHECK_FALSE(make_date(0, 1, 1));
    std::mt19937 rng(7);
    const int first = D(1, 1, 1).days, last = D(9999, 12, 31).days;
    CHECK(make_date(1, 1, 1));
    for (int i = 0; i < 20000; ++i) {
        const Date d{first + static_cast<int>(rng() % static_cast<unsigned>(last - first + 1))};
        const YearMonthDay v = ymd(d);
        REQUIRE(make_date(v.year, v.month, v.day) == d);
    }
}

TEST_CASE("calendar: AD and ROC date forms") {
    CHECK(parse_date("2025-08-01") == D(2025, 8, 1));
    CHECK(parse_date("2025/8/1") == D(2025, 8, 1));
    CHECK(parse_date("2025/08/01") == D(2025, 8, 1));
    CHECK_FALSE(parse_date("2025-08/01"));  // mixed separators: no documented form (issue 15)
    CHECK_FALSE(parse_date("114/08-01"));
    CHECK(parse_date("2024-02-29") == D(2024, 2, 29));
    CHECK(parse_date("20250801") == D(2025, 8, 1));
    CHECK(parse_date(" 114/08/01 ") == D(2025, 8, 1));
    CHECK(parse_date("114-8-1") == D(2025, 8, 1));
    CHECK(parse_date("114.08.01") == D(2025, 8, 1));
    CHECK(parse_date("1140801") == D(2025, 8, 1));
    CHECK(parse_date("990801") == D(2010, 8, 1));
    CHECK(parse_date("民國114年8月1日") == D(2025, 8, 1));
    CHECK(parse_date("114年8月1日") == D(2025, 8, 1));
    for (const char* bad : {"", "2025-02-30", "114/13/01", "2025-8", "8/1", "abc", "2025-08-01x", "0/01/01", "12345",
                            "2025-08-01-02", "114/08/01/", "0000-01-01", "2025-13-01", "2025-0a-01", "民國114年8月", "２０２５-08-01"})
        CHECK_MESSAGE(!parse_date(bad), bad);
    // Only dates both forms write and read back: ROC years 1..999, AD 1912..2910.
    CHECK(parse_date("1/01/01") == D(1912, 1, 1));
    CHECK(parse_date("999/12/31") == D(2910, 12, 31));
    for (const char* outside : {"1911-12-31", "2911-01-01", "1000/01/01", "0001-01-01", "9999-12-31", "1900/01/01"})
        CHECK_MESSAGE(!parse_date(outside), outside);
    for (Date d = D(1912, 1, 1); d <= D(2910, 12, 31); d = add_days(d, 97)) {
        CHECK(parse_date(format_roc_date(d)) == d);
        CHECK(parse_date(format_date(d)) == d);
    }
    CHECK(format_date(D(2025, 8, 1)) == "2025-08-01");
    CHECK(format_date(D(1, 1, 1)) == "0001-01-01");
    CHECK(format_date(D(9999, 12, 31)) == "9999-12-31");
    CHECK(format_date(D(1969, 12, 31)) == "1969-12-31");
    CHECK(format_roc_date(D(2025, 8, 1)) == "114/08/01");
}

TEST_CASE("calendar: the school year turns on 1 August") {
    CHECK(school_year_of(D(2026, 7, 31)) == 114);
    CHECK(school_year_of(D(2026, 8, 1)) == 115);
    const DateRange y114 = school_year_range(114);
    CHECK(y114.first == D(2025, 8, 1));
    CHECK(y114.last == D(2026, 7, 31));
    CHECK(y114.days() == 365);
    CHECK(term_of(D(2026, 1, 31)) == Term{114, 1});
    CHECK(term_of(D(2026, 2, 1)) == Term{114, 2});
    CHECK(term_of(D(2025, 8, 1)) == Term{114, 1});
    CHECK(term_range(Term{114, 1})->last == D(2026, 1, 31));
    CHECK(term_range(Term{114, 2})->first == D(2026, 2, 1));
    CHECK(term_range(Term{114, 0})->days() == 365);
    CHECK_FALSE(term_range(Term{114, 3}));
    CHECK(term_range(Term{112, 2})->last == D(2024, 7, 31));
    const DateRange five = school_years_ending(114, 5);
    CHECK(five.first == D(2021, 8, 1));
    CHECK(five.last == D(2026, 7, 31));
    CHECK(calendar_year_range(2025).contains(D(2025, 12, 31)));
    CHECK_FALSE(calendar_year_range(2025).contains(D(2026, 1, 1)));
    CHECK(school_year_range(114).contains(DateRange{D(2025, 9, 1), D(2026, 1, 31)}));
    CHECK_FALSE(school_year_range(114).contains(DateRange{D(2025, 9, 1), D(2026, 8, 1)}));
}

TEST_CASE("calendar: day differences at deadline boundaries") {
    const Date start = D(2025, 10, 20);
    CHECK(days_between(D(2025, 10, 6), start) == 14);   // registered 14 days before: on time
    CHECK(days_between(D(2025, 10, 7), start) == 13);   // 13 days: too late
    const Date end = D(2025, 10, 24);
    CHECK(days_between(end, D(2025, 10, 31)) == 7);     // hours issued 7 days after the end
    CHECK(days_between(end, D(2025, 11, 1)) == 8);      // 8 days: overdue
    CHECK(add_days(D(2024, 2, 28), 1) == D(2024, 2, 29));
    CHECK(add_months(D(2025, 1, 31), 1) == D(2025, 2, 28));
    CHECK(add_months(D(2024, 1, 31), 1) == D(2024, 2, 29));
    CHECK(add_years(D(2024, 2, 29), 1) == D(2025, 2, 28));
    CHECK(add_months(D(2025, 11, 15), 3) == D(2026, 2, 15));
    CHECK(add_months(D(2025, 2, 15), -3) == D(2024, 11, 15));
}

TEST_CASE("calendar: full months employed") {
    CHECK(full_months(D(2025, 1, 1), D(2025, 12, 31)) == 12);
    CHECK(full_months(D(2025, 8, 1), D(2025, 12, 31)) == 5);
    CHECK(full_months(D(2025, 3, 15), D(2025, 4, 14)) == 1);
    CHECK(full_months(D(2025, 3, 15), D(2025, 4, 13)) == 0);  // less than one month counts as zero
    CHECK(full_months(D(2025, 3, 15), D(2025, 12, 31)) == 9);
    CHECK(full_months(D(2025, 12, 1), D(2025, 12, 31)) == 1);
    CHECK(full_months(D(2025, 12, 2), D(2025, 12, 31)) == 0);
    CHECK(full_months(D(2025, 5, 1), D(2025, 4, 1)) == 0);
    // From 31 Jan the one-month anniversary is the month's last day (29 Feb 2024), so employment
    // through the day before it is one full month, as 15 Mar .. 14 Apr is.
    CHECK(full_months(D(2024, 1, 31), D(2024, 2, 27)) == 0);
    CHECK(full_months(D(2024, 1, 31), D(2024, 2, 28)) == 1);
}

TEST_CASE("calendar: date-times and whole hours") {
    const DateTime imported = *parse_datetime("2025-03-25 10:27");
    CHECK(format_datetime(imported) == "2025-03-25 10:27");
    // Receipt-confirmation style defaults: the whole hour after the import, plus a day / three days.
    CHECK(format_datetime(add_hours(ceil_to_hour(imported), 24)) == "2025-03-26 11:00");
    CHECK(format_datetime(add_hours(ceil_to_hour(imported), 72)) == "2025-03-28 11:00");
    const DateTime sharp = *parse_datetime("2025-03-25 10:00");
    CHECK(ceil_to_hour(sharp) == sharp);  // 10:00 sharp is already a whole hour
    CHECK(ceil_to_hour(*parse_datetime("2025-03-25 10:00:01")) == *parse_datetime("2025-03-25 11:00"));
    CHECK(ceil_to_hour(*parse_datetime("2025-12-31 23:30")) == *parse_datetime("2026-01-01 00:00"));
    CHECK(parse_datetime("114/03/25 10:27") == imported);
    CHECK(parse_datetime("2025-03-25T10:27:00") == imported);
    CHECK(parse_datetime("2025-03-25")->hour() == 0);
    CHECK(format_datetime(*parse_datetime("2025-03-25 10:27:05")) == "2025-03-25 10:27:05");
    for (const char* bad : {"2025-03-25 24:00", "2025-03-25 10:60", "2025-03-25 1:00", "2025-03-25 10:27:61", "10:27"})
        CHECK_MESSAGE(!parse_datetime(bad), bad);
    const DateTime t = *parse_datetime("1969-12-31 23:59:59");  // before the epoch
    CHECK(t.date() == D(1969, 12, 31));
    CHECK(t.hour() == 23);
    CHECK(t.minute() == 59);
    CHECK(t.second() == 59);
}
