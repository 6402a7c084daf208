// Terms (學年期: "1092", "109-2", "114"). Contracts: a term read is within the documented range
// (ROC years 1-199, semesters 0-3) and format_term -> parse_term gives it back.
#include "fuzz_contract.hpp"

#include <libaudit/term.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text = fuzz::text(data, size);
    const auto term = libaudit::parse_term(text);
    if (!term)
        return 0;
    fuzz::check(term->year >= 1 && term->year <= 199, "parse_term read a year outside 1..199");
    fuzz::check(term->semester >= 0 && term->semester <= 3, "parse_term read a semester outside 0..3");
    const std::string formatted = libaudit::format_term(*term);
    const auto again = libaudit::parse_term(formatted);
    fuzz::check(again.has_value(), "parse_term cannot read what format_term wrote");
    fuzz::check(*again == *term, "format_term -> parse_term gives another term");
    return 0;
}
