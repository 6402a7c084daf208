// Test helpers for the allocation solver (alloc.hpp): an independent reference evaluator, a
// brute-force optimum, a printable form of a problem and a seeded random problem generator.
// Nothing here calls solve(): it is the ground truth solve() is checked against.
#pragma once
#include "alloc/alloc.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

namespace alloc_test {

namespace A = libaudit::alloc;

inline constexpr A::Weight cr(int credits) { return A::Weight{credits} * A::weight_unit; }

// ---- Scores, compared here rather than with the library's operators -----------------------

inline auto score_tuple(const A::Score& s) {
    return std::make_tuple(s.root_passed, s.root_all, s.sat_passed, s.sat_all, s.counted_passed,
                           s.counted_all);
}
inline bool score_less(const A::Score& a, const A::Score& b) { return score_tuple(a) < score_tuple(b); }
inline bool score_equal(const A::Score& a, const A::Score& b) { return score_tuple(a) == score_tuple(b); }

inline std::string to_string(const A::Score& s) {
    std::ostringstream os;
    os << "{root " << s.root_passed << "/" << s.root_all << ", sat " << s.sat_passed << "/"
       << s.sat_all << ", counted " << s.counted_passed << "/" << s.counted_all << "}";
    return os.str();
}

inline std::string to_string(const std::vector<int>& v) {
    std::ostringstream os;
    os << "{";
    for (std::size_t i = 0; i < v.size(); ++i) os << (i ? ", " : "") << v[i];
    os << "}";
    return os.str();
}

// ---- Reference evaluator ---------------------------------------------------------------------
// Written from the header's semantics, independently of alloc.cpp:
//  * a node's amounts are the sums over items assigned to leaves in its subtree, in the passed
//    view (passed items only) and the all view (every item);
//  * a node is satisfied in a view when weight >= min_weight, count >= min_count and its
//    children condition holds (all: every child; any: >= 1; at_least k: >= k); a node without
//    children has no children condition; a fixed node's satisfaction is given per view;
//  * caps limit the all view of cap.members assigned anywhere under cap.node;
//  * feasible = every cap respected and every assigned item assigned to one of its leaves;
//  * the score counts satisfied nodes over all nodes, root included. The counted weights are
//    taken to be the root's (i.e. the total assigned) weights.
inline bool in_subtree(const A::Problem& p, int node, int ancestor) {
    for (int n = node; n >= 0; n = p.nodes[n].parent)
        if (n == ancestor) return true;
    return false;
}

inline A::Evaluation reference_evaluate(const A::Problem& p, const std::vector<int>& assignment) {
    const int n = static_cast<int>(p.nodes.size());
    A::Evaluation ev;
    ev.nodes.assign(p.nodes.size(), A::NodeState{});
    for (std::size_t i = 0; i < p.items.size(); ++i) {
        const int leaf = assignment[i];
        if (leaf < 0) continue;
        const A::Item& item = p.items[i];
        if (std::find(item.leaves.begin(), item.leaves.end(), leaf) == item.leaves.end())
            ev.feasible = false;
        if (leaf >= n) continue;
        for (int a = leaf; a >= 0; a = p.nodes[a].parent) {
            A::NodeState& s = ev.nodes[a];
            s.weight_all += item.weight;
            s.count_all += 1;
            if (item.passed) {
                s.weight_passed += item.weight;
                s.count_passed += 1;
            }
        }
    }
    // Satisfaction, children before parents (post-order by explicit recursion).
    std::function<void(int)> sat = [&](int v) {
        const A::Node& node = p.nodes[v];
        int kids_p = 0, kids_a = 0;
        for (int c : node.children) {
            sat(c);
            kids_p += ev.nodes[c].sat_passed ? 1 : 0;
            kids_a += ev.nodes[c].sat_all ? 1 : 0;
        }
        const int k = static_cast<int>(node.children.size());
        auto children_ok = [&](int satisfied) {
            if (k == 0) return true;
            switch (node.kind) {
                case A::NodeKind::all: return satisfied == k;
                case A::NodeKind::any: return satisfied >= 1;
                case A::NodeKind::at_least: return satisfied >= node.at_least;
            }
            return false;
        };
        A::NodeState& s = ev.nodes[v];
        s.sat_passed = s.weight_passed >= node.min_weight && s.count_passed >= node.min_count &&
                       children_ok(kids_p);
        s.sat_all = s.weight_all >= node.min_weight && s.count_all >= node.min_count &&
                    children_ok(kids_a);
        if (node.fixed_passed) s.sat_passed = *node.fixed_passed;
        if (node.fixed_all) s.sat_all = *node.fixed_all;
    };
    if (n > 0) sat(0);
    for (const A::Cap& cap : p.caps) {
        A::Weight w = 0;
        int c = 0;
        for (int m : cap.members) {
            const int leaf = assignment[m];
            if (leaf < 0 || leaf >= n || !in_subtree(p, leaf, cap.node)) continue;
            w += p.items[m].weight;
            c += 1;
        }
        if (w > cap.max_weight || c > cap.max_count) ev.feasible = false;
    }
    if (n > 0) {
        ev.score.root_passed = ev.nodes[0].sat_passed ? 1 : 0;
        ev.score.root_all = ev.nodes[0].sat_all ? 1 : 0;
        ev.score.counted_passed = ev.nodes[0].weight_passed;
        ev.score.counted_all = ev.nodes[0].weight_all;
    }
    for (const A::NodeState& s : ev.nodes) {
        ev.score.sat_passed += s.sat_passed ? 1 : 0;
        ev.score.sat_all += s.sat_all ? 1 : 0;
    }
    return ev;
}

// ---- Brute force -------------------------------------------------------------------------------

struct BruteForce {
    A::Score best;
    std::vector<int> first_best;   // the first optimal assignment in enumeration order
    long optimal_assignments = 0;  // how many feasible assignments reach `best`
    long feasible = 0;             // how many assignments are feasible
    long total = 0;                // how many assignments were enumerated
};

// Enumerates every assignment (each item: -1 or any of its eligible leaves), scores it with
// `eval`, skips infeasible ones and keeps the maximum score.
template <class Eval>
BruteForce brute_force_with(const A::Problem& p, Eval&& eval) {
    BruteForce bf;
    std::vector<int> assignment(p.items.size(), -1);
    bool have = false;
    std::function<void(std::size_t)> rec = [&](std::size_t i) {
        if (i == p.items.size()) {
            ++bf.total;
            const A::Evaluation ev = eval(p, assignment);
            if (!ev.feasible) return;
            ++bf.feasible;
            if (!have || score_less(bf.best, ev.score)) {
                have = true;
                bf.best = ev.score;
                bf.first_best = assignment;
                bf.optimal_assignments = 1;
            } else if (score_equal(bf.best, ev.score)) {
                ++bf.optimal_assignments;
            }
            return;
        }
        assignment[i] = -1;
        rec(i + 1);
        for (int leaf : p.items[i].leaves) {
            assignment[i] = leaf;
            rec(i + 1);
        }
        assignment[i] = -1;
    };
    rec(0);
    return bf;
}

inline BruteForce brute_force(const A::Problem& p) {
    return brute_force_with(p, [](const A::Problem& q, const std::vector<int>& a) {
        return A::evaluate(q, a);
    });
}

// The ground truth: the best score over every feasible assignment, scored by evaluate().
inline A::Score best_score(const A::Problem& p) { return brute_force(p).best; }

// ---- Building problems ---------------------------------------------------------------------------

inline constexpr bool kPassed = true;
inline constexpr bool kInProgress = false;

// Adds a node under `parent` (-1 for the root) and returns its index.
inline int add_node(A::Problem& p, int parent, A::NodeKind kind = A::NodeKind::all, int at_least = 0,
                    A::Weight min_weight = 0, int min_count = 0) {
    A::Node n;
    n.kind = kind;
    n.at_least = at_least;
    n.parent = parent;
    n.min_weight = min_weight;
    n.min_count = min_count;
    p.nodes.push_back(n);
    const int id = static_cast<int>(p.nodes.size()) - 1;
    if (parent >= 0) p.nodes[parent].children.push_back(id);
    return id;
}

// Adds an item and returns its index.
inline int add_item(A::Problem& p, A::Weight weight, std::vector<int> leaves, bool passed = kPassed) {
    A::Item it;
    it.weight = weight;
    it.passed = passed;
    it.leaves = std::move(leaves);
    p.items.push_back(it);
    return static_cast<int>(p.items.size()) - 1;
}

inline void add_cap(A::Problem& p, int node, std::vector<int> members, A::Weight max_weight = A::no_weight_cap,
                    int max_count = A::no_count_cap) {
    A::Cap c;
    c.node = node;
    c.members = std::move(members);
    c.max_weight = max_weight;
    c.max_count = max_count;
    p.caps.push_back(c);
}

// ---- Printing ----------------------------------------------------------------------------------
// A problem as C++ that rebuilds it with the helpers above (paste into a test to reproduce a
// failure; nodes are listed in index order and each parent's children in creation order).

inline std::string describe(const A::Problem& p) {
    std::ostringstream os;
    auto kind = [](A::NodeKind k) {
        switch (k) {
            case A::NodeKind::all: return "all";
            case A::NodeKind::any: return "any";
            case A::NodeKind::at_least: return "at_least";
        }
        return "?";
    };
    auto weight = [](A::Weight w) {
        std::ostringstream ws;
        if (w % A::weight_unit == 0) ws << "cr(" << w / A::weight_unit << ")"; else ws << w;
        return ws.str();
    };
    os << "Problem p;\np.max_steps = " << p.max_steps << ";\n";
    for (std::size_t i = 0; i < p.nodes.size(); ++i) {
        const A::Node& n = p.nodes[i];
        os << "add_node(p, " << n.parent << ", NodeKind::" << kind(n.kind) << ", " << n.at_least
           << ", " << weight(n.min_weight) << ", " << n.min_count << ");  // " << i
           << " children " << to_string(n.children) << "\n";
        if (n.fixed_passed) os << "p.nodes[" << i << "].fixed_passed = " << *n.fixed_passed << ";\n";
        if (n.fixed_all) os << "p.nodes[" << i << "].fixed_all = " << *n.fixed_all << ";\n";
    }
    for (std::size_t i = 0; i < p.items.size(); ++i) {
        const A::Item& it = p.items[i];
        os << "add_item(p, " << weight(it.weight) << ", " << to_string(it.leaves) << ", "
           << (it.passed ? "kPassed" : "kInProgress") << ");  // " << i << "\n";
    }
    for (const A::Cap& c : p.caps) {
        os << "add_cap(p, " << c.node << ", " << to_string(c.members) << ", ";
        if (c.max_weight == A::no_weight_cap) os << "no_weight_cap"; else os << weight(c.max_weight);
        os << ", ";
        if (c.max_count == A::no_count_cap) os << "no_count_cap"; else os << c.max_count;
        os << ");\n";
    }
    return os.str();
}

// ---- Random problems -----------------------------------------------------------------------------

struct GenOptions {
    int min_levels = 2, max_levels = 4;   // levels including the root and the leaves
    int min_leaves = 2, max_leaves = 6;
    int min_items = 3, max_items = 8;
    int min_eligible = 1, max_eligible = 3;
    double cap_probability = 0.3;         // chance that an instance has caps (1 to max_caps)
    int max_caps = 2;
    double fixed_probability = 0.1;       // chance that an instance has a fixed (shared) node
};

inline int uniform(std::mt19937& rng, int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
}
inline bool chance(std::mt19937& rng, double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

inline A::Problem random_problem(std::mt19937& rng, const GenOptions& o = {}) {
    A::Problem p;
    const int levels = uniform(rng, o.min_levels, o.max_levels);
    const int leaves_wanted = uniform(rng, o.min_leaves, o.max_leaves);
    std::vector<int> leaves;
    std::vector<int> inner;

    // Builds a subtree with exactly `n` leaves at depth `depth` (root = 1).
    std::function<void(int, int, int)> build = [&](int parent, int depth, int n) {
        const int id = add_node(p, parent);
        const bool must_split = parent < 0;  // the root is never a leaf
        if (!must_split && (n == 1 || depth == levels)) {
            leaves.push_back(id);
            return;
        }
        inner.push_back(id);
        if (depth + 1 == levels) {
            for (int i = 0; i < n; ++i) build(id, depth + 1, 1);
            return;
        }
        // Split n leaves over k >= 1 children (k >= 2 when possible).
        int k = n >= 2 ? uniform(rng, 2, std::min(n, 4)) : 1;
        std::vector<int> parts(k, 1);
        for (int extra = n - k; extra > 0; --extra) parts[uniform(rng, 0, k - 1)] += 1;
        for (int part : parts) build(id, depth + 1, part);
    };
    build(-1, 1, leaves_wanted);

    // Occasionally a fixed (shared) node under some inner node.
    if (chance(rng, o.fixed_probability)) {
        const int parent = inner[uniform(rng, 0, static_cast<int>(inner.size()) - 1)];
        const int id = add_node(p, parent);
        const bool all = chance(rng, 0.6);
        const bool passed = all && chance(rng, 0.6);  // passed => all
        p.nodes[id].fixed_passed = passed;
        p.nodes[id].fixed_all = all;
    }

    // Kinds and thresholds.
    for (int id : inner) {
        A::Node& n = p.nodes[id];
        const int k = static_cast<int>(n.children.size());
        switch (uniform(rng, 0, 2)) {
            case 0: n.kind = A::NodeKind::all; break;
            case 1: n.kind = A::NodeKind::any; break;
            default: n.kind = A::NodeKind::at_least; n.at_least = uniform(rng, 1, k); break;
        }
        if (chance(rng, 0.4)) n.min_weight = cr(uniform(rng, 0, 9));
        if (chance(rng, 0.25)) n.min_count = uniform(rng, 0, 3);
    }
    for (int id : leaves) {
        A::Node& n = p.nodes[id];
        if (chance(rng, 0.7)) n.min_weight = cr(uniform(rng, 0, 9));
        if (chance(rng, 0.35)) n.min_count = uniform(rng, 0, 3);
    }

    // Items.
    const int items = uniform(rng, o.min_items, o.max_items);
    for (int i = 0; i < items; ++i) {
        A::Item it;
        it.weight = cr(uniform(rng, 1, 4));
        it.passed = chance(rng, 0.7);
        std::vector<int> pool = leaves;
        std::shuffle(pool.begin(), pool.end(), rng);
        const int e = std::min(uniform(rng, o.min_eligible, o.max_eligible), static_cast<int>(pool.size()));
        it.leaves.assign(pool.begin(), pool.begin() + e);
        p.items.push_back(it);
    }

    // Occasionally caps, on the root or an inner node, over a random subset of the items.
    if (chance(rng, o.cap_probability)) {
        const int ncaps = uniform(rng, 1, o.max_caps);
        for (int c = 0; c < ncaps; ++c) {
            A::Cap cap;
            cap.node = chance(rng, 0.4) ? 0 : inner[uniform(rng, 0, static_cast<int>(inner.size()) - 1)];
            for (int i = 0; i < items; ++i)
                if (chance(rng, 0.7)) cap.members.push_back(i);
            if (cap.members.empty()) cap.members.push_back(uniform(rng, 0, items - 1));
            switch (uniform(rng, 0, 2)) {
                case 0: cap.max_weight = cr(uniform(rng, 2, 8)); break;
                case 1: cap.max_count = uniform(rng, 1, 3); break;
                default:
                    cap.max_weight = cr(uniform(rng, 2, 8));
                    cap.max_count = uniform(rng, 1, 3);
                    break;
            }
            p.caps.push_back(cap);
        }
    }
    return p;
}

}  // namespace alloc_test
