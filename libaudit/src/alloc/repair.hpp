// A primal heuristic for the verdict search (decide.cpp): a bounded, deterministic local search
// that turns a placement which does not satisfy the root into one that does, when it can.
//
// The instances the verdict search used to hand to the exact fallback (CBC) are nearly all
// satisfiable: what took the time was finding a placement, not proving there is none
// (docs/allocation.md). This search only ever finds placements; it proves nothing, and what it
// finds is checked like any witness (the caller's greedy completion and evaluate()).
//
// Measure: the shortfall of the root, in units of the lightest record of the view: a node's own
// credit deficit plus its course deficit times that unit, plus what its children lack (all of
// them under `all`, the k smallest under `at_least k`, the smallest under `any`). It is 0
// exactly when the root is satisfied. Moves: one record to another eligible place (within every
// cap), ties by record and place order; a record just moved may not move again for a few moves
// (tabu), unless the move reaches a shortfall below the best seen. A count of moves, not the
// clock, stops it, so the same problem gives the same answer on every run.
#pragma once
#include "alloc/alloc.hpp"

#include <vector>

namespace libaudit { inline namespace v0 { namespace alloc { namespace detail {

// `start`: a leaf per item or -1, every cap respected (items that do not count in the view are
// ignored). True, with `witness` (leaf per item or -1) satisfying the root in the view, when the
// search reaches a shortfall of 0 within `max_moves` moves.
bool repair_placement(const Problem& p, bool passed_view, const std::vector<int>& start, long max_moves,
                      std::vector<int>& witness);

}}}}  // namespace libaudit::v0::alloc::detail
