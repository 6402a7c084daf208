// The verdict of an allocation problem: can the root be satisfied at all, in one view (passed
// items only, or every item)? A feasibility search of its own (decide.cpp), run before the
// search for the best placement (alloc.cpp), so that the verdict never waits on the secondary
// criteria (how many requirements are met, how many credits counted).
#pragma once
#include "alloc/alloc.hpp"

#include <vector>

namespace libaudit { inline namespace v0 { namespace alloc { namespace detail {

struct Verdict {
    bool decided = false;      // false: the step budget ran out before a proof either way
    bool possible = false;     // when decided: some placement satisfies the root in the view
    long steps = 0;            // branching steps taken (the checks at the start are free)
    std::vector<int> witness;  // when possible: leaf per item or -1, satisfying the root in the view
    bool time_stopped = false; // the time safety stop, not the budget, ended the search
};

// Decides whether the root of `p` can be satisfied in the passed view (`passed_view`: only
// passed items count) or the all view, taking at most `max_steps` branching steps. What the
// bounds prove before any branching (propagation, two flows) is decided whatever the budget.
Verdict decide_root(const Problem& p, bool passed_view, long max_steps, double max_seconds);

}}}}  // namespace libaudit::v0::alloc::detail
