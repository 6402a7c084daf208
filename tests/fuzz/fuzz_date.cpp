// Dates and times (ISO "2025-08-01", ROC "114/08/01", "民國114年8月1日", "1140801" ...).
// Contracts: a date read is a real day of years 1..9999; format_date -> parse_date gives it back;
// so does format_roc_date for the ROC years the reader documents (1-3 digits: 1912-08.. to AD
// 2910); format_datetime -> parse_datetime gives the instant back.
#include "fuzz_contract.hpp"

#include <libaudit/calendar.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::text(data, size);
    if (const auto date = libaudit::parse_date(text)) {
        const libaudit::YearMonthDay day = libaudit::ymd(*date);
        fuzz::check(day.year >= 1 && day.year <= 9999, "parse_date read a year outside 1..9999");
        fuzz::check(libaudit::make_date(day.year, day.month, day.day) == *date, "parse_date read a day that does not exist");
        fuzz::check(libaudit::parse_date(libaudit::format_date(*date)) == *date,
                    "format_date -> parse_date gives another day");
        const int roc = day.year - 1911;
        if (roc >= 1 && roc <= 999)
            fuzz::check(libaudit::parse_date(libaudit::format_roc_date(*date)) == *date,
                        "format_roc_date -> parse_date gives another day");
        (void)libaudit::school_year_of(*date);
        (void)libaudit::term_of(*date);
    }
    if (const auto time = libaudit::parse_datetime(text)) {
        fuzz::check(libaudit::parse_datetime(libaudit::format_datetime(*time)) == *time,
                    "format_datetime -> parse_datetime gives another instant");
        (void)libaudit::ceil_to_hour(*time);
    }
    return 0;
}
