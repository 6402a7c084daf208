// The verdict search's primal heuristic (repair.hpp): a tabu local search on the root's shortfall.
#include "alloc/repair.hpp"

#include "alloc/node_rules.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <tuple>
#include <utility>
#include <vector>

namespace libaudit { inline namespace v0 { namespace alloc { namespace detail {

namespace {

// Evaluations of ejection chains allowed per move of the budget (a count: the same on every run).
constexpr long chain_evaluations_per_move = 100;
constexpr Weight huge = std::numeric_limits<Weight>::max() / 8;

Weight add_sat(Weight a, Weight b) { return std::min(huge, a + b); }

class Repair {
public:
    Repair(const Problem& problem, bool passed_view)
        : p(problem), passed_view_(passed_view), nodes_(static_cast<int>(p.nodes.size())) {
        prepare_tree();
        prepare_items();
    }

    // One pass from `start`: single moves only, or with ejection chains where no single move
    // lowers the weighted shortfall (`chains`).
    bool run(const std::vector<int>& start, long max_moves, bool chains, std::vector<int>& witness) {
        place_start(start);
        chain_left_ = chains ? chain_evaluations_per_move * max_moves : 0;
        Weight best_seen = d_[0];
        const long n = static_cast<long>(items_.size());
        const long lo = std::max<long>(3, n / 20), span = std::max<long>(4, n / 5);
        std::uint32_t lcg = 12345;  // a fixed sequence of tenures: the same moves on every run
        for (long move = 0; move < max_moves && d_[0] > 0; ++move) {
            Move m = best_move(move, best_seen);
            if (m.key.first >= d_[0] && chain_left_ > 0) {
                const Move c = best_chain(move, best_seen);
                if (c.i >= 0 && c.key < m.key) m = c;
            }
            if (m.i < 0) break;
            if (m.key.first >= d_[0]) bump_weights(best_seen);
            shift(m.i, m.to);
            lcg = lcg * 1664525u + 1013904223u;
            tabu_until_[m.i] = move + lo + static_cast<long>((lcg >> 16) % static_cast<std::uint32_t>(span));
            if (m.j >= 0) {
                shift(m.j, m.to2);
                tabu_until_[m.j] = tabu_until_[m.i];
            }
            best_seen = std::min(best_seen, d_[0]);
        }
        if (d_[0] > 0) return false;
        witness.assign(p.items.size(), -1);
        for (int i : items_)
            if (at_[i] >= 0) witness[i] = p.items[i].leaves[at_[i]];
        return true;
    }

    // A local minimum (no move lowers the weighted shortfall): every node short of something
    // weighs one more from now on (breakout), so that the search leaves it.
    void bump_weights(Weight& best_seen) {
        for (int m = 0; m < nodes_; ++m)
            if (own_[m] > 0 && !fixed_node(m)) pw_[m] += 1;
        for (int m : post_) d_[m] = deficit_of(m);
        best_seen = d_[0];
    }

private:
    const Problem& p;
    bool passed_view_;
    int nodes_;
    Weight unit_ = weight_unit;                             // the lightest record of the view
    std::vector<int> post_, depth_;
    std::vector<int> items_;                                // records that count in the view
    std::vector<std::vector<std::vector<int>>> caps_of_;    // [item][option] caps hit
    std::vector<int> at_;                                   // per item: option placed on, or -1
    std::vector<long> tabu_until_;
    std::vector<Weight> pw_;                                // per node: its weight in the shortfall
    std::vector<Weight> w_, c_, own_, d_, cap_w_, cap_c_;
    Weight total_own_ = 0;                                  // every node's own shortfall together
    std::vector<int> path_;                                 // scratch
    long chain_left_ = 0;                                   // evaluations of ejection chains still allowed
    std::vector<std::vector<int>> on_leaf_;                 // scratch: items per leaf
    mutable std::vector<Weight> kids_;                      // scratch

    void prepare_tree() {
        std::vector<int> pre{0};
        depth_.assign(nodes_, 0);
        for (std::size_t k = 0; k < pre.size(); ++k)
            for (int c : p.nodes[pre[k]].children) {
                depth_[c] = depth_[pre[k]] + 1;
                pre.push_back(c);
            }
        post_.assign(pre.rbegin(), pre.rend());
    }

    bool under(int node, int top) const {
        for (int a = node; a != -1; a = p.nodes[a].parent)
            if (a == top) return true;
        return false;
    }

    void prepare_items() {
        std::vector<std::vector<int>> member(p.items.size());
        for (std::size_t c = 0; c < p.caps.size(); ++c)
            for (int m : p.caps[c].members) member[m].push_back(static_cast<int>(c));
        caps_of_.assign(p.items.size(), {});
        Weight lightest = 0;
        for (std::size_t i = 0; i < p.items.size(); ++i) {
            const Item& item = p.items[i];
            if (item.leaves.empty() || (passed_view_ && !item.passed)) continue;
            items_.push_back(static_cast<int>(i));
            if (item.weight > 0 && (lightest == 0 || item.weight < lightest)) lightest = item.weight;
            for (int l : item.leaves) {
                std::vector<int> hit;
                for (int c : member[i])
                    if (under(l, p.caps[c].node)) hit.push_back(c);
                caps_of_[i].push_back(std::move(hit));
            }
        }
        if (lightest > 0) unit_ = lightest;
    }

    bool fixed_node(int n) const { return p.nodes[n].fixed_passed || p.nodes[n].fixed_all; }

    bool fixed_sat(const Node& node) const {
        const bool sp = node.fixed_passed.value_or(node.fixed_all.value_or(false));
        return passed_view_ ? sp : node.fixed_all.value_or(sp);
    }

    Weight own_of(int n) const {
        const Node& node = p.nodes[n];
        if (fixed_node(n)) return fixed_sat(node) ? 0 : huge;
        const Weight wdef = std::max<Weight>(0, node.min_weight - w_[n]);
        const Weight cdef = std::max<Weight>(0, node.min_count - c_[n]);
        return add_sat(wdef, std::min(huge, cdef * unit_));
    }

    // Own shortfall plus the shortfall of the children the node needs, the smallest first.
    Weight deficit_of(int n) const {
        const Node& node = p.nodes[n];
        const Weight mine = own_[n] >= huge ? huge : std::min(huge, own_[n] * pw_[n]);
        if (fixed_node(n) || node.children.empty()) return mine;
        const auto need = static_cast<std::size_t>(std::max(0, required_children(node)));
        std::vector<Weight>& kids = kids_;
        kids.clear();
        for (int c : node.children) kids.push_back(d_[c]);
        if (need < kids.size()) std::nth_element(kids.begin(), kids.begin() + static_cast<long>(need), kids.end());
        Weight sum = mine;
        for (std::size_t k = 0; k < need && k < kids.size(); ++k) sum = add_sat(sum, kids[k]);
        return sum;
    }

    void place_start(const std::vector<int>& start) {
        w_.assign(nodes_, 0);
        c_.assign(nodes_, 0);
        cap_w_.assign(p.caps.size(), 0);
        cap_c_.assign(p.caps.size(), 0);
        at_.assign(p.items.size(), -1);
        tabu_until_.assign(p.items.size(), -1);
        for (int i : items_) {
            const std::vector<int>& leaves = p.items[i].leaves;
            const auto it = std::find(leaves.begin(), leaves.end(), start[i]);
            if (it == leaves.end()) continue;
            const int o = static_cast<int>(it - leaves.begin());
            if (fits(i, o)) add(i, o, +1);
        }
        own_.assign(nodes_, 0);
        d_.assign(nodes_, 0);
        pw_.assign(nodes_, 1);
        total_own_ = 0;
        for (int n : post_) {
            own_[n] = own_of(n);
            if (!fixed_node(n)) total_own_ = add_sat(total_own_, own_[n]);
            d_[n] = deficit_of(n);
        }
    }

    // Whether item i fits option `to` (-1: out) once taken off where it is.
    bool fits(int i, int to) const {
        if (to < 0) return true;
        const Weight w = p.items[i].weight;
        const std::vector<int>* from = at_[i] >= 0 ? &caps_of_[i][at_[i]] : nullptr;
        for (int c : caps_of_[i][to]) {
            const bool there = from && std::find(from->begin(), from->end(), c) != from->end();
            const Weight cw = cap_w_[c] - (there ? w : 0) + w;
            const Weight cc = cap_c_[c] - (there ? 1 : 0) + 1;
            if (cw > p.caps[c].max_weight || cc > p.caps[c].max_count) return false;
        }
        return true;
    }

    // Adds (sign +1) or removes (-1) item i on option o: amounts and caps only.
    void add(int i, int o, int sign) {
        const Weight w = p.items[i].weight * sign;
        for (int a = p.items[i].leaves[o]; a != -1; a = p.nodes[a].parent) {
            w_[a] += w;
            c_[a] += sign;
        }
        for (int c : caps_of_[i][o]) {
            cap_w_[c] += w;
            cap_c_[c] += sign;
        }
        if (sign > 0) at_[i] = o;
        else at_[i] = -1;
    }

    // Moves item i to option `to` (-1: out) and updates the shortfalls on the paths touched.
    void shift(int i, int to) {
        path_.clear();
        const int from = at_[i];
        if (from >= 0) {
            for (int a = p.items[i].leaves[from]; a != -1; a = p.nodes[a].parent) path_.push_back(a);
            add(i, from, -1);
        }
        if (to >= 0) {
            for (int a = p.items[i].leaves[to]; a != -1; a = p.nodes[a].parent) path_.push_back(a);
            add(i, to, +1);
        }
        std::sort(path_.begin(), path_.end(), [&](int a, int b) { return std::tie(depth_[b], a) < std::tie(depth_[a], b); });
        path_.erase(std::unique(path_.begin(), path_.end()), path_.end());
        for (int n : path_) {
            const Weight o = own_of(n);
            if (!fixed_node(n)) total_own_ += o - own_[n];
            own_[n] = o;
        }
        for (int n : path_) d_[n] = deficit_of(n);
    }

    bool helps(int i, int o) const {
        for (int a = p.items[i].leaves[o]; a != -1; a = p.nodes[a].parent)
            if (own_[a] > 0) return true;
        return false;
    }

    struct Move {
        int i = -1, to = -1, j = -1, to2 = -1;  // item i to option `to`, then item j (if any) to `to2`
        std::pair<Weight, Weight> key{huge, huge};
    };

    // The move of least (weighted root shortfall, total shortfall), ties by item then option
    // order; a tabu item only when its move reaches below the best shortfall seen. Moves towards
    // a node short of something, or out of a cap (to make room). Item -1: none.
    Move best_move(long move, Weight best_seen) {
        Move best;
        for (int i : items_) {
            const int from = at_[i];
            const int options = static_cast<int>(p.items[i].leaves.size());
            for (int to = -1; to < options; ++to) {
                if (to == from) continue;
                if (to < 0 ? (from < 0 || caps_of_[i][from].empty()) : !helps(i, to)) continue;
                if (!fits(i, to)) continue;
                shift(i, to);
                const std::pair<Weight, Weight> key{d_[0], total_own_};
                shift(i, from);
                if (tabu_until_[i] > move && key.first >= best_seen) continue;
                if (key < best.key) best = Move{i, to, -1, -1, key};
            }
        }
        return best;
    }

    // An ejection chain, tried where no single move lowers the weighted shortfall: item i to an
    // option towards a node short of something, then an item j already on that leaf to another
    // of its options (or out). This swaps courses of unequal credits between two requirements,
    // which single moves only reach through a worse placement. Same key, ties and tabu rule.
    Move best_chain(long move, Weight best_seen) {
        Move best;
        on_leaf_.assign(nodes_, {});
        for (int j : items_)
            if (at_[j] >= 0) on_leaf_[p.items[j].leaves[at_[j]]].push_back(j);
        for (int i : items_) {
            const int from = at_[i];
            const int options = static_cast<int>(p.items[i].leaves.size());
            for (int to = 0; to < options; ++to) {
                if (to == from || !helps(i, to) || !fits(i, to)) continue;
                const int leaf = p.items[i].leaves[to];
                shift(i, to);
                for (int j : on_leaf_[leaf]) {
                    if (j == i) continue;
                    const int back = at_[j];
                    const int options_j = static_cast<int>(p.items[j].leaves.size());
                    for (int to2 = -1; to2 < options_j; ++to2) {
                        if (to2 == back) continue;
                        if (to2 < 0 ? caps_of_[j][back].empty() : !helps(j, to2)) continue;
                        if (!fits(j, to2)) continue;
                        shift(j, to2);
                        --chain_left_;
                        const std::pair<Weight, Weight> key{d_[0], total_own_};
                        shift(j, back);
                        const bool tabu = tabu_until_[i] > move || tabu_until_[j] > move;
                        if (tabu && key.first >= best_seen) continue;
                        if (key < best.key) best = Move{i, to, j, to2, key};
                    }
                }
                shift(i, from);
            }
        }
        return best;
    }
};

}  // namespace

bool repair_placement(const Problem& p, bool passed_view, const std::vector<int>& start, long max_moves,
                      std::vector<int>& witness) {
    if (start.size() != p.items.size() || max_moves <= 0) return false;
    Repair r(p, passed_view);
    // Single moves first: what they place, they place as before the chains existed (the same
    // witnesses, so the same goldens); only where they fail, a second pass with chains.
    return r.run(start, max_moves, false, witness) || r.run(start, max_moves, true, witness);
}

}}}}  // namespace libaudit::v0::alloc::detail
