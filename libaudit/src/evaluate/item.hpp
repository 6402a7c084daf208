// A record as the rules see it: its framework course (if any), the code it counts as, its grade,
// whether it is ticked, and whether it can count at all (with why not). Every family classifies its
// records into these; filters, leaves and the evaluator read nothing else. Internal.
#pragma once
#include <libaudit/records.hpp>
#include <libaudit/result.hpp>

#include "rules/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

enum class Grade { passed, in_progress, failed, withdrawn, unreadable };

struct Classified {
    const Record* record = nullptr;
    const Course* course = nullptr;  // framework course, if any
    std::string canonical;           // framework code, or the record's own code
    Grade grade = Grade::passed;
    double grade_value = 0;          // numeric grade for "best"
    bool selected = false;
    bool countable = false;          // passed or in progress, the counting attempt, not after as_of
    std::string exclusion;           // reason when not countable
    const char* message = "";        // ... and why, as a catalogue message (static text) with its parameters
    MessageParams params;
    double hours = 0;                // a session's hours after the rule set's rounding policy
    // Exceptions (evaluate/exceptions.hpp): leaves that also accept the record (a substitution),
    // or, with `only_extra`, the only leaves that do (a forced or preferred placement).
    std::vector<const ReqNode*> extra_leaves;
    bool only_extra = false;
};

bool contains(const std::vector<std::string>& v, const std::string& s);

// A filter's conditions over the record's fields and what classification found (framework
// domain, type, membership, tick): the one vocabulary of leaves, caps and flexible credits.
bool matches(const Filter& f, const Classified& c);

// Whether a leaf lists this course or its filter selects it.
bool leaf_accepts(const ReqNode& n, const Classified& c);

// The record as a result shows it; `hours` replaces the record's own hours when a leaf measures it.
RecordRef ref(const Classified& c, std::optional<double> hours = std::nullopt);

}}}  // namespace libaudit::v0::detail
