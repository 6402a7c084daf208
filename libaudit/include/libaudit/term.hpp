// Academic terms and the Taiwanese school calendar (ROC years, 1 Aug - 31 Jul school years).
#pragma once
#include <libaudit/export.h>
#include <optional>
#include <string>
#include <string_view>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// A term of a school year. semester: 0 = the whole school year, 1 = first (Aug-Jan),
// 2 = second (Feb-Jul), 3 = summer session (belongs to the school year that is ending).
struct Term {
    int year = 0;      // ROC school year, e.g. 114 for 2025-08-01 .. 2026-07-31
    int semester = 0;

    // Ordering key: whole-year (0) sorts before its semesters.
    int key() const noexcept { return year * 10 + semester; }
    friend bool operator==(Term a, Term b) noexcept { return a.key() == b.key(); }
    friend bool operator!=(Term a, Term b) noexcept { return a.key() != b.key(); }
    friend bool operator<(Term a, Term b) noexcept { return a.key() < b.key(); }
    friend bool operator<=(Term a, Term b) noexcept { return a.key() <= b.key(); }
};

// Accepts "1092", "109-2", "109/2", "109 2", "1093" (summer), "114-0" and "114" (whole year).
// Years 1..199 (ROC). Returns nullopt for anything else.
std::optional<Term> parse_term(std::string_view text);

// "109-2"; the whole year prints as "109".
std::string format_term(Term t);

// ROC <-> AD year of the school year's start (114 <-> 2025).
constexpr int roc_to_ad(int roc_year) noexcept { return roc_year + 1911; }
constexpr int ad_to_roc(int ad_year) noexcept { return ad_year - 1911; }

}}  // namespace libaudit::v0
LIBAUDIT_API_END
