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
//
// Two passes from the same start: single moves only, then, only if that one fails, the same
// search where no single move lowers the shortfall also weighs ejection chains (a record to a
// place, then a record already on that leaf to another of its places, or out): a swap of courses
// of unequal credits between two requirements, which single moves reach only through a worse
// placement that the search rarely takes. Chains cost more per move, so their evaluations are
// counted too (at most 100 per move of the budget). The single pass first keeps every placement
// it found before the chains existed (same witnesses); the chains only add placements.
#pragma once
#include "alloc/alloc.hpp"

#include <vector>

namespace libaudit { inline namespace v0 { namespace alloc { namespace detail {

// `start`: a leaf per item or -1, every cap respected (items that do not count in the view are
// ignored). True, with `witness` (leaf per item or -1) satisfying the root in the view, when the
// search reaches a shortfall of 0 within `max_moves` moves of either pass (so at most 2 x
// `max_moves` moves in all).
bool repair_placement(const Problem& p, bool passed_view, const std::vector<int>& start, long max_moves,
                      std::vector<int>& witness);

}}}}  // namespace libaudit::v0::alloc::detail
