// What a requirement still needs, in words: the line of a report's "still needed" section, the
// sentence of the JSON's `still_needed.text`, and the cell of the CSV summary. Words come from the
// catalogue (libaudit/messages/*/still_needed.txt). Internal.
#pragma once
#include <libaudit/messages.hpp>
#include <libaudit/result.hpp>

#include <map>
#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// "3 學分 1 門" / "3 cr 1 crs": every part of the amount with its unit ("" when it has none).
std::string amount_with_units(const Amount& a, Language language);

// What `r` still needs, without its title: "尚缺 3 學分 1 門；可修 EAM6302 …"; `titles` names the
// sub-requirements it waits on by id; at most `max_courses` courses are named (0: every one).
std::string still_needed_text(const RequirementResult& r, Language language,
                              const std::map<std::string, std::string>& titles, std::size_t max_courses = 0);

// A table row's status cell: "不需要" for a branch not needed, the mark with why for a requirement
// not met with nothing missing of its own ("✗ 子項未符合"), else the status mark.
std::string row_mark(const RequirementResult& r, Language language);
// Whether nothing is missing in the requirement's own units (a remaining cell would read 0 or -).
bool nothing_missing(const RequirementResult& r);

// The report's section: one line per requirement still needed, "" when there is none.
std::string still_needed_section(const std::vector<RequirementResult>& requirements, Language language);

// The CSV summary's cell: every requirement missing something in its own units, with what it
// misses ("創新經營與評鑑 尚缺 3 學分 1 門；…"), "" when none.
std::string still_needed_summary(const std::vector<RequirementResult>& requirements, Language language);

}}}  // namespace libaudit::v0::detail
