// Seeded random allocation instances of the shapes the verdict must decide (docs/allocation.md):
// requirement trees with course-count and credit thresholds, caps at any node over subsets of the
// records, no sharing, each record eligible for several requirements. Used by the brute-force and
// ILP cross-checks (alloc_test.cpp, alloc_ilp_check.cpp) and the benchmarks (tests/bench).
//
// Thresholds are planted: a random placement gives each requirement its amounts, and each
// threshold is that amount times a factor drawn around 1, so that instances fall on both sides of
// feasibility (and near it, where the search is hard). Nothing here calls solve().
#pragma once
#include "alloc/alloc.hpp"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace alloc_instances {

namespace A = libaudit::alloc;

enum class Shape { count, credit, mixed, capped };

inline const char* shape_name(Shape s) {
    switch (s) {
        case Shape::count: return "count";
        case Shape::credit: return "credit";
        case Shape::mixed: return "mixed";
        case Shape::capped: return "capped";
    }
    return "?";
}

struct Spec {
    Shape shape = Shape::mixed;
    int requirements = 20;  // leaves
    int courses = 60;
    int min_eligible = 3, max_eligible = 6;
    double in_progress = 0.15;        // share of records in progress
    double low = 0.75, high = 1.2;    // threshold = planted amount x a factor in [low, high]
    bool groups = true;               // a middle level of groups (some `at_least`) under the root
};

inline int pick(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
inline double real(std::mt19937& rng, double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); }

inline int add_node(A::Problem& p, int parent, A::NodeKind kind = A::NodeKind::all, int at_least = 0) {
    A::Node n;
    n.parent = parent;
    n.kind = kind;
    n.at_least = at_least;
    p.nodes.push_back(n);
    const int id = static_cast<int>(p.nodes.size()) - 1;
    if (parent >= 0) p.nodes[parent].children.push_back(id);
    return id;
}

// Root, optional groups, leaves; returns the leaves.
inline std::vector<int> build_tree(A::Problem& p, const Spec& s, std::mt19937& rng) {
    add_node(p, -1);
    std::vector<int> leaves;
    if (!s.groups || s.requirements < 6) {
        for (int l = 0; l < s.requirements; ++l) leaves.push_back(add_node(p, 0));
        return leaves;
    }
    int left = s.requirements;
    while (left > 0) {
        const int size = std::min(left, pick(rng, 2, 6));
        const bool at_least = size >= 3 && pick(rng, 0, 3) == 0;
        const int g = add_node(p, 0, at_least ? A::NodeKind::at_least : A::NodeKind::all, at_least ? size - 1 : 0);
        for (int k = 0; k < size; ++k) leaves.push_back(add_node(p, g));
        left -= size;
    }
    return leaves;
}

inline void add_items(A::Problem& p, const Spec& s, const std::vector<int>& leaves, std::mt19937& rng) {
    const int max_e = std::min<int>(s.max_eligible, static_cast<int>(leaves.size()));
    const int min_e = std::min(s.min_eligible, max_e);
    for (int i = 0; i < s.courses; ++i) {
        A::Item it;
        const int credits[] = {1, 2, 2, 3, 3, 3, 4};
        it.weight = credits[pick(rng, 0, 6)] * A::weight_unit;
        it.passed = real(rng, 0, 1) >= s.in_progress;
        std::vector<int> pool = leaves;
        std::shuffle(pool.begin(), pool.end(), rng);
        const int eligible = pick(rng, min_e, max_e);
        for (int k = 0; k < eligible; ++k) it.leaves.push_back(pool[k]);
        std::sort(it.leaves.begin(), it.leaves.end());
        p.items.push_back(it);
    }
}

// Amounts per node of a planted placement (every record on a random eligible leaf).
struct Planted {
    std::vector<A::Weight> weight;
    std::vector<int> count;
    std::vector<int> leaf_of;
};

inline Planted plant(const A::Problem& p, std::mt19937& rng) {
    Planted pl;
    pl.weight.assign(p.nodes.size(), 0);
    pl.count.assign(p.nodes.size(), 0);
    for (const A::Item& it : p.items) {
        const int leaf = it.leaves[pick(rng, 0, static_cast<int>(it.leaves.size()) - 1)];
        pl.leaf_of.push_back(leaf);
        for (int a = leaf; a != -1; a = p.nodes[a].parent) {
            pl.weight[a] += it.weight;
            pl.count[a] += 1;
        }
    }
    return pl;
}

inline A::Weight scaled_credits(A::Weight w, double f) {
    return static_cast<A::Weight>(static_cast<double>(w) * f / A::weight_unit + 0.5) * A::weight_unit;
}

inline void set_thresholds(A::Problem& p, const Spec& s, const Planted& pl, std::mt19937& rng) {
    for (std::size_t n = 1; n < p.nodes.size(); ++n) {
        A::Node& node = p.nodes[n];
        const double f = real(rng, s.low, s.high);
        const bool leaf = node.children.empty();
        const bool credits = s.shape == Shape::credit || (s.shape != Shape::count && pick(rng, 0, 2) == 0);
        if (!leaf && pick(rng, 0, 2) != 0) continue;  // most groups only need their children
        if (credits) node.min_weight = scaled_credits(pl.weight[n], f);
        else node.min_count = static_cast<int>(pl.count[n] * f + 0.5);
    }
    if (s.shape != Shape::count && pick(rng, 0, 1) == 0)
        p.nodes[0].min_weight = scaled_credits(pl.weight[0], real(rng, s.low, 1.0));
}

// Caps over random subsets of the records at random nodes, around the planted amounts.
inline void add_caps(A::Problem& p, const Planted& pl, std::mt19937& rng) {
    const int caps = pick(rng, 1, 4);
    for (int c = 0; c < caps; ++c) {
        A::Cap cap;
        cap.node = pick(rng, 0, static_cast<int>(p.nodes.size()) - 1);
        A::Weight w = 0;
        int n = 0;
        for (int i = 0; i < static_cast<int>(p.items.size()); ++i) {
            if (pick(rng, 0, 1) == 0) continue;
            cap.members.push_back(i);
            for (int a = pl.leaf_of[i]; a != -1; a = p.nodes[a].parent)
                if (a == cap.node) {
                    w += p.items[i].weight;
                    ++n;
                }
        }
        if (pick(rng, 0, 1) == 0) cap.max_weight = scaled_credits(w, real(rng, 0.8, 1.2));
        else cap.max_count = static_cast<int>(n * real(rng, 0.8, 1.2) + 0.5);
        p.caps.push_back(cap);
    }
}

inline A::Problem make_instance(const Spec& s, unsigned seed) {
    std::mt19937 rng(seed);
    A::Problem p;
    const std::vector<int> leaves = build_tree(p, s, rng);
    add_items(p, s, leaves, rng);
    const Planted pl = plant(p, rng);
    set_thresholds(p, s, pl, rng);
    if (s.shape == Shape::capped) add_caps(p, pl, rng);
    return p;
}

}  // namespace alloc_instances
