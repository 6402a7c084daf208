// The exact fallback of the verdict (docs/allocation.md, "When the search leaves the verdict
// open"): the integer program "some placement satisfies the root in this view", solved in-process
// by COIN-OR CBC (Debian's coinor-libcbc-dev, EPL-1.0), for what the verdict search (decide.hpp)
// leaves open after its own budget. Built only with the CMake option LIBAUDIT_EXACT_ILP (ON by
// default, OFF for emscripten, which has no CBC); without it, exact_ilp_available() is false and
// the verdict search's budget is the last word, as before.
//
// The model is the one tests/unit/alloc/alloc_ilp_check.cpp writes for glpsol: a 0/1 x per item
// (counting in the view) and eligible leaf, a 0/1 y per node that is not fixed; one row per item
// (placed at most once), per node and unit (threshold x y <= what the x under it add), per parent
// (children required x y <= satisfied children, fixed ones included) and per cap; y of the root 1.
// Weights are divided by their greatest common divisor so that every coefficient is a small
// integer.
//
// Deterministic: one thread, CBC's fixed default seeds, a node limit (max_nodes), no time limit
// but the safety stop (max_seconds, reported as time_stopped). A placement CBC finds is trusted
// only after evaluate() confirms it satisfies the root in the view with every cap respected;
// "infeasible" is trusted when CBC proves it (search finished, no node or time limit reached).
#pragma once
#include "alloc/alloc.hpp"

#include <vector>

namespace libaudit { inline namespace v0 { namespace alloc { namespace detail {

struct ExactVerdict {
    bool decided = false;      // false: no fallback built, node limit or safety stop reached, or a rejected placement
    bool possible = false;     // when decided: some placement satisfies the root in the view
    std::vector<int> witness;  // when possible: leaf per item or -1, checked by evaluate()
    long nodes = 0;            // branch-and-bound nodes CBC took
    bool time_stopped = false; // the safety stop ended CBC
};

// Whether this build has the exact fallback (CMake option LIBAUDIT_EXACT_ILP).
bool exact_ilp_available();

// Decides whether the root of `p` can be satisfied in the passed view (`passed_view`) or the all
// view, within `max_nodes` branch-and-bound nodes.
ExactVerdict decide_by_ilp(const Problem& p, bool passed_view, long max_nodes, double max_seconds);

}}}}  // namespace libaudit::v0::alloc::detail
