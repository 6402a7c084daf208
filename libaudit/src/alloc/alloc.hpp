// The allocation solver: places records into the requirement tree so that the most
// requirements are met. Independent of YAML and of the record model, so it can be tested
// on its own (tests/alloc_test.cpp cross-checks it against brute force).
//
// Problem. A tree of nodes (index 0 is the root). Items (records) are assigned to at most one
// leaf each among the leaves they are eligible for, or left unassigned (-1). A node's amounts
// are the sums over items assigned to leaves in its subtree. Each item is either passed or in
// progress; every amount exists in two views: `passed` (passed items only) and `all` (passed +
// in progress). A node is satisfied in a view when its own thresholds hold in that view and
// its children condition (all / any / at least k satisfied) holds. Caps are hard limits on the
// `all` view: the items assigned under `cap.node` that are members of `cap` must not exceed
// max_weight / max_count (an item that does not fit stays unassigned: whole records only).
//
// Objective, lexicographic, maximised:
//   root satisfied (passed), root satisfied (all), satisfied nodes (passed), satisfied nodes
//   (all), counted weight (passed), counted weight (all);
// ties are broken by the search order, which is deterministic for a given problem.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace libaudit { inline namespace v0 { namespace alloc {

using Weight = std::int64_t;  // fixed point: credits x 1000
inline constexpr Weight weight_unit = 1000;
inline constexpr Weight no_weight_cap = std::numeric_limits<Weight>::max() / 4;
inline constexpr int no_count_cap = std::numeric_limits<int>::max() / 4;

enum class NodeKind { all, any, at_least };

struct Node {
    NodeKind kind = NodeKind::all;
    int at_least = 0;            // for NodeKind::at_least
    int parent = -1;
    std::vector<int> children;
    Weight min_weight = 0;
    int min_count = 0;
    // A node evaluated elsewhere (a shared requirement): no items, satisfaction given per view.
    std::optional<bool> fixed_passed;
    std::optional<bool> fixed_all;
};

struct Item {
    Weight weight = 0;
    bool passed = true;          // false = in progress
    std::vector<int> leaves;     // eligible leaf nodes, in the rule set's order
};

struct Cap {
    int node = 0;
    std::vector<int> members;    // item indices the cap applies to (sorted)
    Weight max_weight = no_weight_cap;
    int max_count = no_count_cap;
};

struct Problem {
    std::vector<Node> nodes;     // nodes[0] is the root; children listed in order
    std::vector<Item> items;
    std::vector<Cap> caps;
    long max_steps = 200000;     // search budget (search nodes visited), verdict included
    // After the verdict search (its verdict proven or not), the search for the best placement by
    // the other criteria takes at most this many further steps (Solution::optimal says whether
    // they proved it best). 2,000 keeps a not-met 40 x 200 student at ~10-16 ms (5,000: 15-28).
    long max_improve_steps = 2000;
    // The verdict search (decide.hpp) takes at most this many of max_steps per view: its steps cost
    // more (two flows each), so that the step budget, not the time, is what stops it.
    long max_verdict_steps = 10000;
    // The verdict search's linear relaxation (lp_bound.hpp) takes at most this many simplex pivots
    // per view in all (a 40 x 200 relaxation takes ~1,000, ~50 ms); once they are spent, the search goes
    // on with the flows alone. A count, not a time, so that the verdict does not depend on speed.
    long max_lp_pivots = 20000;
    // The verdict search's primal heuristic (repair.hpp): at most this many local-search moves per
    // view, once, at the root of the search, to turn its greedy placement into one that satisfies
    // the root. A count, not a time; 0 turns it off. 1,000 (~3 ms at 20 x 60 when it finds
    // nothing): measured against 300, it placed more of the instances CBC was handed (docs/allocation.md).
    long max_repair_moves = 1000;
    // What the verdict search leaves open goes to the exact fallback (exact_ilp.hpp: the integer
    // program solved by CBC), in builds that have it (CMake option LIBAUDIT_EXACT_ILP), within this
    // many branch-and-bound nodes per view; 0 turns it off. A count, not a time.
    long max_exact_nodes = 100000;
    // In such a build, the verdict search takes at most this many steps before the fallback: its
    // flows-only phase (300 steps), then its relaxation phase for the rest; if the fallback reaches
    // its node limit, the search goes on with the rest of max_verdict_steps. 400 (measured back to
    // back against 300 and 600, docs/allocation.md): the relaxation's first 100 steps decide most
    // 20 x 60 instances CBC took 0.5-1 s over (p99 ~1 s -> ~30 ms there), and at 40 x 200 hand
    // CBC fewer instances (p99 -20 to -35%); 600 decides all of 20 x 60 alone but costs 40 x 200
    // more in relaxation steps (2-3 ms each) than it saves in CBC calls.
    long exact_after_steps = 400;
    // A safety stop, never the limit in a normal run: a search still going after this many
    // seconds stops and says so (Solution::time_stopped), whatever its steps.
    double max_seconds = 10.0;
};

struct Score {
    int root_passed = 0, root_all = 0;
    int sat_passed = 0, sat_all = 0;
    Weight counted_passed = 0, counted_all = 0;
};
bool operator<(const Score& a, const Score& b);
bool operator==(const Score& a, const Score& b);

struct NodeState {
    Weight weight_passed = 0, weight_all = 0;
    int count_passed = 0, count_all = 0;
    bool sat_passed = false, sat_all = false;
};

struct Evaluation {
    bool feasible = true;        // every cap respected and every assignment eligible
    Score score;
    std::vector<NodeState> nodes;
};

// Evaluates a complete assignment (assignment[i] = leaf index or -1). An item placed on a leaf it
// is not eligible for makes the assignment infeasible but is still counted there. Throws
// std::invalid_argument unless there is one entry per item.
Evaluation evaluate(const Problem& problem, const std::vector<int>& assignment);

struct Solution {
    std::vector<int> assignment;
    Evaluation evaluation;
    bool optimal = true;         // false when the step budget ran out before optimality was proved
    long steps = 0;
    std::vector<int> unresolved; // when !optimal: nodes not satisfied that might still be satisfiable
    // Whether any placement might satisfy the root (passed / all views), as far as the bounds
    // before the search can tell: false proves the root unsatisfiable whatever the budget.
    bool root_passed_possible = true;
    bool root_all_possible = true;
    // Whether the verdict (root satisfiable or not, in each view) is proven: by the placement, by
    // the bounds, or by the verdict search. False only when the step budget (or the time safety
    // stop) ran out first.
    bool verdict_proven = true;
    bool time_stopped = false;   // the time safety stop ended the search (output may depend on speed)
    // The exact fallback (Problem::max_exact_nodes), not the verdict search, proved the verdict of a view.
    bool verdict_by_ilp = false;
};

// The verdict first (decide.hpp), then exact branch and bound with flow-relaxation bounds for the
// other criteria, under problem.max_steps and max_improve_steps. Throws
// std::invalid_argument for a malformed problem (bad indices, non-leaf eligibility).
Solution solve(const Problem& problem);

}}}  // namespace libaudit::v0::alloc
