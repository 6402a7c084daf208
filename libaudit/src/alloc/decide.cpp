// The verdict search (decide.hpp): is there a placement that satisfies the root in one view?
//
// Only the items that count in the view take part; the others stay out (leaving an item out
// never breaks a cap). A search node is a partial placement: each item placed on one of its
// leaves, left out, or undecided with a set of leaves still open to it. At every node:
//
// * Propagation. An option that no longer fits a cap is closed; an undecided item with one open
//   leaf and no cap on the way is placed (placing never lowers a satisfaction: every node is
//   monotone in what it receives).
// * Optimistic bound. Every undecided item counted in every node it could still reach, less what
//   each cap makes impossible; a root that cannot be satisfied so ends the branch.
// * Needed nodes. Top-down from the root: every child of a needed `all` node, and every child
//   that can be satisfied of a needed `any` / `at_least` node that has no satisfiable child to
//   spare. Each needed node short of a threshold has two demands on the undecided items: a
//   number of items (its course deficit, or the fewest of the heaviest items that reach it that
//   cover its credit deficit) and a weight (its credit deficit, or the lightest items that cover
//   its course deficit). So credit and course requirements compete in both.
// * Two flows over the tree with those demands as lower bounds (items -> open leaves -> parents
//   -> root): one counting items (integral), one counting weight (fractional). If either has no
//   feasible flow, no placement exists below this node: infeasibility that a flow proves is
//   proven before any branching. The integral flow, completed greedily, is tried as a witness.
// * A linear relaxation (lp_bound.hpp) where both units and the caps compete for the same items,
//   built once per view at the root: x (item on a leaf) and y (a node satisfied) in [0, 1], one
//   row per item (placed at most once), per node and unit (its total x y <= what the x there add,
//   the total raised to what the root's demands imply), per parent (required x y <= satisfied
//   children) and per cap. A search node only sets bounds (placed: 1; closed: 0; needed: y = 1;
//   unsatisfiable: y = 0), and the simplex starts from the basis it last ended in, so a node costs
//   a few pivots. Infeasible (with a checked Farkas certificate over those bounds): no placement
//   below this node. Feasible: its solution, rounded (each item on its largest value) and
//   completed greedily, is tried as a witness. Its pivots come from a budget per view
//   (max_lp_pivots).
// * A primal heuristic (repair.hpp), once per view at the root, when the flows prove nothing and
//   their greedy placement does not satisfy the root: a bounded local search repairs it; what it
//   finds is checked like any witness.
// * Branching on requirements first: a needed `any` / `at_least` node with a satisfiable child to
//   spare asks nothing of its children, so its least-slack child is assumed unsatisfied (its
//   siblings may then become needed), then satisfied (requirement_branch).
// * Branching on items. The relaxation's fractional x of largest value, when it has one; otherwise the
//   needed node with the least slack (items that reach it less the items it
//   needs) picks an item (for credits the heaviest, for courses the one with the fewest other
//   places, ties by index): either it goes there, or it never does. In the second branch every
//   item it could swap with (same weight and caps, open to all its open leaves) is kept out of
//   there too: a placement using one of them there is, swapped, a placement using it there.
#include "alloc/decide.hpp"

#include "alloc/lp_bound.hpp"
#include "alloc/max_flow.hpp"
#include "alloc/node_rules.hpp"
#include "alloc/repair.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <numeric>
#include <tuple>
#include <utility>
#include <vector>

namespace libaudit { inline namespace v0 { namespace alloc { namespace detail {

namespace {

constexpr int undecided = -1;
constexpr int left_out = -2;
constexpr int max_options = 64;  // open leaves are a 64-bit set per item

struct Amt {
    Weight w = 0, c = 0;
};

struct State {
    std::vector<int> at;                 // per item: option placed on, undecided or left_out
    std::vector<std::uint64_t> open;     // per item: options still open
    // Per node, the requirement branch taken on it: 1 assumed satisfied (needed), -1 assumed not
    // (counted as unsatisfiable by the bounds), 0 neither.
    std::vector<signed char> force;
};

int popcount(std::uint64_t x) { return __builtin_popcountll(x); }

// Per-node figures of one search node, recomputed from the state.
struct Sums {
    std::vector<Amt> cur, rem, opt, cap_cur, cap_rem;
    std::vector<char> csat, osat, need;
    std::vector<std::vector<Weight>> reach;   // weights of undecided items that can reach a node
    std::vector<Weight> need_items, need_weight;
    std::vector<Weight> all_items, all_weight;  // item and weight demands of every node, needed or not
};

class Decider {
public:
    Decider(const Problem& problem, bool passed_view, long max_steps, double max_seconds)
        : p(problem), passed_view_(passed_view), max_steps_(max_steps), nodes_(static_cast<int>(p.nodes.size())),
          deadline_(std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                                  std::chrono::duration<double>(max_seconds))) {
        prepare_tree();
        prepare_items();
    }

    Verdict run() {
        Verdict v;
        if (too_wide_) return v;  // undecided: the caller's search decides
        State s;
        s.at.assign(p.items.size(), left_out);
        s.open.assign(p.items.size(), 0);
        s.force.assign(nodes_, 0);
        for (int i : items_) {
            s.at[i] = undecided;
            const int k = static_cast<int>(p.items[i].leaves.size());
            s.open[i] = k == max_options ? ~std::uint64_t{0} : (std::uint64_t{1} << k) - 1;
        }
        const bool found = two_passes(s);
        v.decided = found || !out_of_budget_;
        v.possible = found;
        v.steps = steps_;
        v.time_stopped = time_stopped_;
        if (found) v.witness = witness_;
        return v;
    }

private:
    // Steps of the first pass, without the relaxation: its steps are cheap and settle most
    // instances. Measured (bench_alloc, 50 instances each at 20 x 60): the relaxation from the
    // first step, or after 30, leaves instances undecided that this order decides; its
    // largest-fraction branching finds witnesses and proofs more slowly than the flows' own.
    static constexpr long flow_only_steps = 300;

    // The search with the flows alone for at most flow_only_steps, then, if that did not decide,
    // again from the start with the relaxation as well, within what is left of the budget.
    bool two_passes(const State& start) {
        const long budget = max_steps_;
        const long pivots = lp_budget_;
        max_steps_ = std::min(budget, flow_only_steps);
        lp_budget_ = 0;
        const bool found = search(start);
        max_steps_ = budget;
        lp_budget_ = pivots;
        if (found || !out_of_budget_ || time_stopped_ || steps_ >= budget) return found;
        out_of_budget_ = false;
        return search(start);
    }

    const Problem& p;
    bool passed_view_;
    long max_steps_;
    int nodes_;
    long steps_ = 0;
    bool out_of_budget_ = false;
    bool too_wide_ = false;
    bool time_stopped_ = false;
    std::chrono::steady_clock::time_point deadline_;
    std::vector<int> post_, pre_;
    std::vector<std::vector<int>> caps_at_;
    std::vector<int> items_;                                 // items that count in the view, heaviest first
    std::vector<std::vector<std::vector<int>>> option_caps_;  // [item][option] caps hit
    std::vector<std::vector<int>> item_caps_;                 // [item] caps it is a member of (any node)
    std::vector<int> witness_;
    std::vector<int> last_try_;  // the last greedy placement tried that failed (option per item)
    bool repair_tried_ = false;
    Sums s_;
    std::vector<double> lp_x_;   // the relaxation's solution at this search node (empty: none)
    std::vector<std::pair<int, int>> lp_map_;  // the relaxation's x variables' (item, option)
    FeasibilityLp lp_;                         // the relaxation, built at the root, warm-started
    bool lp_built_ = false;
    std::vector<int> lp_y_;                    // per node: its y variable (-1: a fixed node)
    std::vector<char> lp_y_never_;             // per node: not satisfiable below the root
    std::vector<int> lp_row_w_, lp_row_c_;     // per node: its total rows (-1: none)
    std::vector<Weight> lp_total_w_, lp_total_c_;  // per node: the totals those rows ask at the root
    long lp_budget_ = p.max_lp_pivots;  // simplex pivots left for the relaxation in this view
    std::vector<int> mark_;
    int stamp_ = 0;

    bool counts(const Item& item) const { return !passed_view_ || item.passed; }

    void prepare_tree() {
        pre_.push_back(0);
        for (std::size_t k = 0; k < pre_.size(); ++k)
            for (int c : p.nodes[pre_[k]].children) pre_.push_back(c);
        post_.assign(pre_.rbegin(), pre_.rend());
        caps_at_.assign(nodes_, {});
        for (std::size_t c = 0; c < p.caps.size(); ++c) caps_at_[p.caps[c].node].push_back(static_cast<int>(c));
        mark_.assign(nodes_, -1);
    }

    bool under(int node, int top) const {
        for (int a = node; a != -1; a = p.nodes[a].parent)
            if (a == top) return true;
        return false;
    }

    void prepare_items() {
        const std::size_t n = p.items.size();
        option_caps_.assign(n, {});
        item_caps_.assign(n, {});
        for (std::size_t c = 0; c < p.caps.size(); ++c)
            for (int m : p.caps[c].members) item_caps_[m].push_back(static_cast<int>(c));
        for (std::size_t i = 0; i < n; ++i) {
            const Item& item = p.items[i];
            if (item.leaves.empty() || !counts(item)) continue;
            if (item.leaves.size() > static_cast<std::size_t>(max_options)) too_wide_ = true;
            for (int l : item.leaves) {
                std::vector<int> hit;
                for (int c : item_caps_[i])
                    if (under(l, p.caps[c].node)) hit.push_back(c);
                option_caps_[i].push_back(std::move(hit));
            }
            items_.push_back(static_cast<int>(i));
        }
        std::stable_sort(items_.begin(), items_.end(),
                         [&](int a, int b) { return p.items[a].weight > p.items[b].weight; });
    }

    int leaf_of(int i, int option) const { return p.items[i].leaves[option]; }

    bool fits(int i, int option, const std::vector<Amt>& cap_amounts) const {
        const Weight w = p.items[i].weight;
        for (int c : option_caps_[i][option])
            if (cap_amounts[c].w + w > p.caps[c].max_weight || cap_amounts[c].c + 1 > p.caps[c].max_count) return false;
        return true;
    }

    void add_placed(int i, int option, std::vector<Amt>& node_amounts, std::vector<Amt>& cap_amounts) const {
        const Weight w = p.items[i].weight;
        for (int a = leaf_of(i, option); a != -1; a = p.nodes[a].parent) {
            node_amounts[a].w += w;
            node_amounts[a].c += 1;
        }
        for (int c : option_caps_[i][option]) {
            cap_amounts[c].w += w;
            cap_amounts[c].c += 1;
        }
    }

    // Closes options that no longer fit a cap; places items with one open option and no cap.
    void propagate(State& s) {
        std::vector<Amt> nodes_unused(nodes_), cap_cur(p.caps.size());
        for (int i : items_)
            if (s.at[i] >= 0) add_placed(i, s.at[i], nodes_unused, cap_cur);
        for (int i : items_) {
            if (s.at[i] != undecided) continue;
            for (std::uint64_t bits = s.open[i]; bits != 0; bits &= bits - 1) {
                const int k = __builtin_ctzll(bits);
                if (!fits(i, k, cap_cur)) s.open[i] &= ~(std::uint64_t{1} << k);
            }
            if (s.open[i] == 0) {
                s.at[i] = left_out;
            } else if (popcount(s.open[i]) == 1) {
                const int k = __builtin_ctzll(s.open[i]);
                if (option_caps_[i][k].empty()) s.at[i] = k;  // no cap: cap_cur unchanged
            }
        }
    }

    // What is placed (cur, cap_cur) and what undecided items could still add (rem, cap_rem, reach).
    void sum_up(const State& s) {
        s_.cur.assign(nodes_, {});
        s_.rem.assign(nodes_, {});
        s_.cap_cur.assign(p.caps.size(), {});
        s_.cap_rem.assign(p.caps.size(), {});
        s_.reach.resize(nodes_);
        for (auto& r : s_.reach) r.clear();
        for (int i : items_) {
            if (s.at[i] >= 0) {
                add_placed(i, s.at[i], s_.cur, s_.cap_cur);
            } else if (s.at[i] == undecided) {
                add_open(i, s.open[i]);
            }
        }
    }

    void add_open(int i, std::uint64_t open) {
        const Weight w = p.items[i].weight;
        ++stamp_;
        std::vector<int> caps_hit;
        for (std::uint64_t bits = open; bits != 0; bits &= bits - 1) {
            const int k = __builtin_ctzll(bits);
            for (int a = leaf_of(i, k); a != -1 && mark_[a] != stamp_; a = p.nodes[a].parent) {
                mark_[a] = stamp_;
                s_.rem[a].w += w;
                s_.rem[a].c += 1;
                s_.reach[a].push_back(w);
            }
            for (int c : option_caps_[i][k])
                if (std::find(caps_hit.begin(), caps_hit.end(), c) == caps_hit.end()) caps_hit.push_back(c);
        }
        for (int c : caps_hit) {
            s_.cap_rem[c].w += w;
            s_.cap_rem[c].c += 1;
        }
    }

    bool fixed_sat(const Node& node) const {
        const bool sp = node.fixed_passed.value_or(node.fixed_all.value_or(false));
        return passed_view_ ? sp : node.fixed_all.value_or(sp);
    }

    // `dropped` (a State's force, or null): nodes counted as unsatisfied whatever their amounts.
    void satisfy(const std::vector<Amt>& amounts, std::vector<char>& sat,
                 const std::vector<signed char>* dropped = nullptr) const {
        sat.assign(nodes_, 0);
        for (int n : post_) {
            const Node& node = p.nodes[n];
            if (dropped && (*dropped)[n] < 0) continue;
            if (node.fixed_passed || node.fixed_all) {
                sat[n] = fixed_sat(node);
                continue;
            }
            int k = 0;
            for (int c : node.children) k += sat[c];
            sat[n] = amounts[n].w >= node.min_weight && amounts[n].c >= node.min_count && children_ok(node, k);
        }
    }

    // Optimistic amounts: placed plus reachable, less the largest single cap excess, and never
    // more than the children's together.
    void optimistic() {
        s_.opt.assign(nodes_, {});
        for (int n : post_) {
            Amt o{s_.cur[n].w + s_.rem[n].w, s_.cur[n].c + s_.rem[n].c};
            Amt excess;
            for (int c : caps_at_[n]) {
                const Cap& cap = p.caps[c];
                excess.w = std::max(excess.w, s_.cap_cur[c].w + s_.cap_rem[c].w - cap.max_weight);
                excess.c = std::max(excess.c, s_.cap_cur[c].c + s_.cap_rem[c].c - cap.max_count);
            }
            o.w -= excess.w;
            o.c -= excess.c;
            if (!p.nodes[n].children.empty()) {
                Amt sum;
                for (int c : p.nodes[n].children) {
                    sum.w += s_.opt[c].w;
                    sum.c += s_.opt[c].c;
                }
                o.w = std::min(o.w, sum.w);
                o.c = std::min(o.c, sum.c);
            }
            s_.opt[n] = o;
        }
    }

    void find_needed(const State& s) {
        s_.need.assign(nodes_, 0);
        s_.need[0] = 1;
        for (int n : pre_) {
            const Node& node = p.nodes[n];
            if (s.force[n] > 0) s_.need[n] = 1;
            if (!s_.need[n] || node.children.empty()) continue;
            int can = 0;
            for (int c : node.children) can += s_.osat[c];
            const int required = required_children(node);
            if (can > required) continue;  // a satisfiable child to spare: none is needed
            for (int c : node.children) s_.need[c] = s_.osat[c];
        }
    }

    // Item and weight demands, bottom-up: a node's own deficits (course deficit, or the fewest of
    // the heaviest items that reach it to cover its credit deficit; credit deficit, or the
    // lightest items that cover its course deficit), and what its children need together (all:
    // the sum; any / at_least k: the k smallest). Only needed nodes keep theirs, as lower bounds
    // of the flows; false when a needed node cannot be covered at all.
    bool demands() {
        s_.need_items.assign(nodes_, 0);
        s_.need_weight.assign(nodes_, 0);
        for (int n : post_) {
            const Node& node = p.nodes[n];
            if (node.fixed_passed || node.fixed_all || !s_.osat[n]) {
                const Weight d = (node.fixed_passed || node.fixed_all) && fixed_sat(node) ? 0 : impossible;
                s_.need_items[n] = s_.need_weight[n] = d;
                continue;
            }
            own_demand(n);
            children_demand(n, s_.need_items);
            children_demand(n, s_.need_weight);
        }
        s_.all_items = s_.need_items;
        s_.all_weight = s_.need_weight;
        for (int n = 0; n < nodes_; ++n) {
            if (!s_.need[n]) s_.need_items[n] = s_.need_weight[n] = 0;
            else if (s_.need_items[n] >= impossible || s_.need_weight[n] >= impossible) return false;
        }
        return true;
    }

    // Item demands for a witness: as if each `any` / `at_least` node needed the children it can
    // satisfy with the fewest items (ties by order), so that an integral flow meeting them
    // satisfies the children it picked, not only their total.
    std::vector<Weight> witness_demands() const {
        std::vector<char> want(nodes_, 0);
        want[0] = 1;
        for (int n : pre_) {
            const Node& node = p.nodes[n];
            if (!want[n] || node.children.empty()) continue;
            std::vector<std::pair<Weight, int>> kids;
            for (int c : node.children)
                if (s_.osat[c]) kids.emplace_back(s_.all_items[c], c);
            std::stable_sort(kids.begin(), kids.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            const auto take = static_cast<std::size_t>(std::max(0, required_children(node)));
            for (std::size_t k = 0; k < take && k < kids.size(); ++k) want[kids[k].second] = 1;
        }
        std::vector<Weight> d(nodes_, 0);
        for (int n = 0; n < nodes_; ++n)
            if (want[n] && s_.all_items[n] < impossible) d[n] = s_.all_items[n];
        return d;
    }

    static constexpr Weight impossible = no_weight_cap;

    void own_demand(int n) {
        const Node& node = p.nodes[n];
        const Weight wdef = std::max<Weight>(0, node.min_weight - s_.cur[n].w);
        const Weight cdef = std::max<Weight>(0, node.min_count - s_.cur[n].c);
        if (wdef == 0 && cdef == 0) return;
        std::vector<Weight>& r = s_.reach[n];
        std::sort(r.begin(), r.end(), std::greater<>());
        Weight k = 0, sum = 0;
        while (sum < wdef && k < static_cast<Weight>(r.size())) sum += r[static_cast<std::size_t>(k++)];
        if (cdef > static_cast<Weight>(r.size()) || sum < wdef) {
            s_.need_items[n] = s_.need_weight[n] = impossible;
            return;
        }
        Weight lightest = 0;
        for (Weight j = 0; j < cdef; ++j) lightest += r[r.size() - 1 - static_cast<std::size_t>(j)];
        s_.need_items[n] = std::max(cdef, k);
        s_.need_weight[n] = std::max(wdef > 0 ? least_sum_from(r, wdef) : 0, lightest);
    }

    // The least sum of some of the weights `r` that reaches `target` (whole courses cannot make
    // up the sums in between): a subset-sum over the weights in units of their common divisor.
    static Weight least_sum_from(const std::vector<Weight>& r, Weight target) {
        Weight g = 0;
        for (Weight w : r) g = std::gcd(g, w);
        if (g <= 0) return target;
        const Weight t = (target + g - 1) / g;
        const auto limit = static_cast<std::size_t>(t + r.front() / g);  // r is sorted, heaviest first
        if (limit > 1u << 16) return target;  // too wide to be worth it: the plain deficit
        std::vector<char> reach(limit + 1, 0);
        reach[0] = 1;
        for (Weight w : r) {
            const auto u = static_cast<std::size_t>(w / g);
            for (std::size_t v = limit; v >= u; --v) reach[v] = reach[v] || reach[v - u];
        }
        for (auto v = static_cast<std::size_t>(t); v <= limit; ++v)
            if (reach[v]) return static_cast<Weight>(v) * g;
        return target;
    }

    void children_demand(int n, std::vector<Weight>& demand) const {
        const Node& node = p.nodes[n];
        if (node.children.empty() || demand[n] >= impossible) return;
        std::vector<Weight> kids;
        for (int c : node.children) kids.push_back(demand[c]);
        std::sort(kids.begin(), kids.end());
        const auto take = static_cast<std::size_t>(std::max(0, required_children(node)));
        Weight sum = 0;
        for (std::size_t k = 0; k < take && k < kids.size(); ++k) sum = std::min(impossible, sum + kids[k]);
        demand[n] = std::max(demand[n], sum);
    }

    struct FlowEdge {
        int item, option, edge;
        Weight amount = 0;  // the flow it carries, once the flow has run
    };

    // A flow over the tree with the demands as lower bounds: feasible or not, and (in items) the
    // edges it used.
    bool tree_flow(const State& s, const std::vector<Weight>& demand, bool by_items, std::vector<FlowEdge>* used) const {
        if (std::all_of(demand.begin(), demand.end(), [](Weight d) { return d == 0; })) return true;
        const int source = 0, sink = 1, s2 = 2, t2 = 3, first_node = 4;
        const int first_item = first_node + nodes_;
        MaxFlow flow(first_item + static_cast<int>(items_.size()));
        std::vector<Weight> excess(first_item, 0);
        auto lower = [&](int from, int to, Weight low) {
            flow.add(from, to, no_weight_cap);
            excess[to] += low;
            excess[from] -= low;
        };
        for (int n = 1; n < nodes_; ++n) lower(first_node + n, first_node + p.nodes[n].parent, demand[n]);
        lower(first_node, sink, demand[0]);
        flow.add(sink, source, no_weight_cap);
        for (std::size_t k = 0; k < items_.size(); ++k) {
            const int i = items_[k];
            if (s.at[i] != undecided) continue;
            const Weight supply = by_items ? 1 : p.items[i].weight;
            const int v = first_item + static_cast<int>(k);
            flow.add(source, v, supply);
            for (std::uint64_t bits = s.open[i]; bits != 0; bits &= bits - 1) {
                const int o = __builtin_ctzll(bits);
                const int e = flow.add(v, first_node + leaf_of(i, o), supply);
                if (used) used->push_back({i, o, e});
            }
        }
        Weight need = 0;
        for (int v = 0; v < first_item; ++v) {
            if (excess[v] > 0) {
                flow.add(s2, v, excess[v]);
                need += excess[v];
            } else if (excess[v] < 0) {
                flow.add(v, t2, -excess[v]);
            }
        }
        const bool feasible = flow.run(s2, t2) >= need;
        if (used) {
            std::vector<FlowEdge> kept;
            for (const FlowEdge& fe : *used)
                if (feasible && flow.flow(fe.edge) > 0) kept.push_back({fe.item, fe.option, fe.edge, flow.flow(fe.edge)});
            *used = std::move(kept);
        }
        return feasible;
    }

    // The item flow's placement, completed greedily (each other item where the need it serves
    // is largest), every cap respected: does it satisfy the root?
    bool try_witness(const State& s, const std::vector<FlowEdge>& used) {
        std::vector<int> at = s.at;
        std::vector<Amt> amounts = s_.cur, caps = s_.cap_cur;
        for (const FlowEdge& fe : used) {
            if (!fits(fe.item, fe.option, caps)) continue;
            at[fe.item] = fe.option;
            add_placed(fe.item, fe.option, amounts, caps);
        }
        for (int i : items_) {
            if (at[i] != undecided) continue;
            const int k = best_option(i, s.open[i], amounts, caps);
            if (k < 0) continue;
            at[i] = k;
            add_placed(i, k, amounts, caps);
        }
        std::vector<char> sat;
        satisfy(amounts, sat);
        if (!sat[0]) {
            last_try_ = std::move(at);
            return false;
        }
        keep_witness(at);
        return true;
    }

    // The primal heuristic (repair.hpp), once per view, at the root, once its flows have not
    // proven the root impossible: the greedy placement just tried, repaired by a bounded local
    // search. What it finds is checked here like any witness.
    bool try_repair() {
        if (repair_tried_ || p.max_repair_moves <= 0 || last_try_.empty()) return false;
        repair_tried_ = true;
        std::vector<int> start(p.items.size(), -1);
        for (int i : items_)
            if (last_try_[i] >= 0) start[i] = leaf_of(i, last_try_[i]);
        std::vector<int> found;
        if (!repair_placement(p, passed_view_, start, p.max_repair_moves, found)) return false;
        std::vector<Amt> amounts(nodes_), caps(p.caps.size());
        std::vector<int> at(p.items.size(), left_out);
        for (int i : items_) {
            const std::vector<int>& leaves = p.items[i].leaves;
            const auto it = std::find(leaves.begin(), leaves.end(), found[i]);
            if (it == leaves.end()) continue;
            const int o = static_cast<int>(it - leaves.begin());
            if (!fits(i, o, caps)) return false;
            at[i] = o;
            add_placed(i, o, amounts, caps);
        }
        std::vector<char> sat;
        satisfy(amounts, sat);
        if (!sat[0]) return false;
        keep_witness(at);
        return true;
    }

    int best_option(int i, std::uint64_t open, const std::vector<Amt>& amounts, const std::vector<Amt>& caps) const {
        int best = -1;
        Weight best_need = -1;
        const Weight w = p.items[i].weight;
        for (std::uint64_t bits = open; bits != 0; bits &= bits - 1) {
            const int k = __builtin_ctzll(bits);
            if (!fits(i, k, caps)) continue;
            Weight d = 0;
            for (int a = leaf_of(i, k); a != -1; a = p.nodes[a].parent) {
                d = std::max(d, p.nodes[a].min_weight - amounts[a].w);
                d = std::max(d, (p.nodes[a].min_count - amounts[a].c) * w);
            }
            if (d > best_need) {
                best_need = d;
                best = k;
            }
        }
        return best;
    }

    void keep_witness(const std::vector<int>& at) {
        witness_.assign(p.items.size(), -1);
        for (int i : items_)
            if (at[i] >= 0) witness_[i] = leaf_of(i, at[i]);
    }

    // The bounds at a search node; false when they prove that no placement below it exists.
    // `witnessed` is set when a placement satisfying the root was found.
    bool bounds(State& s, bool& witnessed) {
        witnessed = false;
        lp_x_.clear();
        propagate(s);
        sum_up(s);
        satisfy(s_.cur, s_.csat);
        if (s_.csat[0]) {
            keep_witness(s.at);
            witnessed = true;
            return true;
        }
        optimistic();
        satisfy(s_.opt, s_.osat, &s.force);
        if (!s_.osat[0]) return false;
        for (int n = 0; n < nodes_; ++n)
            if (s.force[n] > 0 && !s_.osat[n]) return false;  // assumed satisfied, and cannot be
        find_needed(s);
        if (!demands()) return false;
        std::vector<FlowEdge> used;
        if (!tree_flow(s, s_.need_items, true, &used)) return false;
        const std::vector<Weight> wanted = witness_demands();
        if (wanted != s_.need_items) {
            std::vector<FlowEdge> picked;
            if (tree_flow(s, wanted, true, &picked)) used = std::move(picked);
        }
        if (try_witness(s, used)) {
            witnessed = true;
            return true;
        }
        if (!tree_flow(s, s_.need_weight, false, nullptr)) return false;
        if (try_repair()) {
            witnessed = true;
            return true;
        }
        return lp_bound(s, witnessed);
    }

    // The linear relaxation over both units and the caps at once (lp_bound.hpp), built once per
    // view at the root and warm-started from node to node: false when its certificate proves that
    // no placement below this node exists; otherwise its solution, rounded and completed greedily,
    // is tried as a witness.
    bool lp_bound(const State& s, bool& witnessed) {
        if (lp_budget_ <= 0) return true;
        if (!lp_built_) build_relaxation();
        set_lp_bounds(s);
        std::vector<double> x;
        const FeasibilityLp::Result r = lp_.solve(lp_budget_, &x);
        if (r == FeasibilityLp::Result::infeasible) return false;
        if (r != FeasibilityLp::Result::feasible) return true;
        // Each undecided item on its open option of largest value, the most certain first.
        std::vector<std::pair<double, FlowEdge>> picks;
        lp_x_.assign(lp_map_.size(), 0.0);
        for (std::size_t v = 0; v < lp_map_.size(); ++v) {
            const auto [i, o] = lp_map_[v];
            const double xv = x[v];
            if (s.at[i] != undecided || (s.open[i] >> o & 1) == 0) continue;
            lp_x_[v] = xv;
            if (xv <= 1e-6) continue;
            if (!picks.empty() && picks.back().second.item == i) {
                if (xv > picks.back().first) picks.back() = {xv, FlowEdge{i, o, -1}};
                continue;
            }
            picks.push_back({xv, FlowEdge{i, o, -1}});
        }
        std::stable_sort(picks.begin(), picks.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        std::vector<FlowEdge> used;
        for (const auto& pk : picks) used.push_back(pk.second);
        if (try_witness(s, used)) witnessed = true;
        return true;
    }

    // The relaxation of the whole view, from the root's figures (s_ at the root): x per item and
    // option (variables 0..), y per node that is not fixed. Rows: each item placed at most once;
    // per node and unit, its total times y at most what its x add, the total raised to what the
    // root's demands imply (placed + demand on the undecided: a lower bound of what any satisfying
    // placement gives it); per parent, the children it requires times y at most its satisfied
    // children; per cap, at most its limit. A search node only narrows bounds (set_lp_bounds).
    void build_relaxation() {
        lp_built_ = true;
        lp_map_.clear();
        std::vector<std::vector<std::pair<int, double>>> wt(nodes_), ct(nodes_), capw(p.caps.size()), capc(p.caps.size());
        for (int i : items_) {
            const double w = static_cast<double>(p.items[i].weight) / weight_unit;
            std::vector<std::pair<int, double>> one;
            for (std::size_t o = 0; o < p.items[i].leaves.size(); ++o) {
                const int v = lp_.add_variable();
                lp_map_.emplace_back(i, static_cast<int>(o));
                one.emplace_back(v, 1.0);
                for (int a = leaf_of(i, static_cast<int>(o)); a != -1; a = p.nodes[a].parent) {
                    wt[a].emplace_back(v, -w);
                    ct[a].emplace_back(v, -1.0);
                }
                for (int c : option_caps_[i][o]) {
                    capw[c].emplace_back(v, w);
                    capc[c].emplace_back(v, 1.0);
                }
            }
            if (one.size() > 1) lp_.add_row(std::move(one), 1.0);
        }
        lp_y_.assign(nodes_, -1);
        lp_y_never_.assign(nodes_, 0);
        lp_row_w_.assign(nodes_, -1);
        lp_row_c_.assign(nodes_, -1);
        lp_total_w_.assign(nodes_, 0);
        lp_total_c_.assign(nodes_, 0);
        for (int n = 0; n < nodes_; ++n)
            if (!p.nodes[n].fixed_passed && !p.nodes[n].fixed_all) lp_y_[n] = lp_.add_variable();
        for (int n = 0; n < nodes_; ++n) {
            if (lp_y_[n] < 0) continue;
            const Node& node = p.nodes[n];
            if (!s_.osat[n] || s_.all_weight[n] >= impossible || s_.all_items[n] >= impossible) {
                lp_y_never_[n] = 1;  // no placement below the root satisfies it
                continue;
            }
            const Weight w = std::max(node.min_weight, s_.cur[n].w + s_.all_weight[n]);
            const Weight c = std::max<Weight>(node.min_count, s_.cur[n].c + s_.all_items[n]);
            lp_total_w_[n] = w;
            lp_total_c_[n] = c;
            lp_row_w_[n] = total_row(lp_y_[n], static_cast<double>(w) / weight_unit, wt[n]);
            lp_row_c_[n] = total_row(lp_y_[n], static_cast<double>(c), ct[n]);
            children_row(n);
        }
        for (std::size_t c = 0; c < p.caps.size(); ++c) {
            const Cap& cap = p.caps[c];
            if (cap.max_weight < no_weight_cap && !capw[c].empty())
                lp_.add_row(std::move(capw[c]), static_cast<double>(cap.max_weight) / weight_unit);
            if (cap.max_count < no_count_cap && !capc[c].empty())
                lp_.add_row(std::move(capc[c]), static_cast<double>(cap.max_count));
        }
    }

    // total * y <= what the items placed there add (`terms`, negated); -1 when no row.
    int total_row(int y, double total, std::vector<std::pair<int, double>>& terms) {
        if (total <= 0) return -1;
        terms.emplace_back(y, total);
        return lp_.add_row(std::move(terms), 0);
    }

    // required * y <= satisfied children (fixed ones as constants).
    void children_row(int n) {
        const Node& node = p.nodes[n];
        if (node.children.empty()) return;
        std::vector<std::pair<int, double>> kids;
        double sure = 0;
        for (int c : node.children) {
            if (lp_y_[c] >= 0) kids.emplace_back(lp_y_[c], -1.0);
            else sure += fixed_sat(p.nodes[c]) ? 1 : 0;
        }
        kids.emplace_back(lp_y_[n], static_cast<double>(required_children(node)));
        lp_.add_row(std::move(kids), sure);
    }

    // The search node's bounds: an item placed has its option at 1 and the others at 0, an option
    // closed is 0; a needed node's y is 1, an unsatisfiable one's 0.
    void set_lp_bounds(const State& s) {
        for (std::size_t v = 0; v < lp_map_.size(); ++v) {
            const auto [i, o] = lp_map_[v];
            const int vi = static_cast<int>(v);
            if (s.at[i] == o) lp_.set_bounds(vi, 1, 1);
            else if (s.at[i] != undecided || (s.open[i] >> o & 1) == 0) lp_.set_bounds(vi, 0, 0);
            else lp_.set_bounds(vi, 0, 1);
        }
        for (int n = 0; n < nodes_; ++n) {
            if (lp_y_[n] < 0) continue;
            if (lp_y_never_[n] || !s_.osat[n]) lp_.set_bounds(lp_y_[n], 0, 0);
            else if (s_.need[n]) lp_.set_bounds(lp_y_[n], 1, 1);
            else lp_.set_bounds(lp_y_[n], 0, 1);
            raise_total(n, lp_row_w_[n], lp_total_w_[n], s_.cur[n].w + s_.need_weight[n], weight_unit);
            raise_total(n, lp_row_c_[n], lp_total_c_[n], s_.cur[n].c + s_.need_items[n], 1);
        }
    }

    // A needed node (y = 1) must get at least what is placed there plus its demand at this search
    // node (raised to what whole courses can make): the row `total y - x <= 0` gets the right-hand
    // side total - that (the rows stay, only b moves). Other nodes keep b = 0.
    void raise_total(int n, int row, Weight total, Weight here, Weight unit) {
        if (row < 0) return;
        const Weight extra = s_.need[n] && here > total ? here - total : 0;
        lp_.set_rhs(row, -static_cast<double>(extra) / static_cast<double>(unit));
    }
    // The node to work on: the needed one short of a demand with the least slack, those short of
    // credits first (the item flow is exact for course counts; credits are where it is not),
    // leaves first.
    int target() const {
        int best = -1;
        std::tuple<int, int, Weight, int> best_key{};
        for (int n = 0; n < nodes_; ++n) {
            if (s_.need_items[n] == 0) continue;
            const int counts_only = p.nodes[n].min_weight > s_.cur[n].w ? 0 : 1;
            const int inner = p.nodes[n].children.empty() ? 0 : 1;
            const Weight slack = static_cast<Weight>(s_.reach[n].size()) - s_.need_items[n];
            const auto key = std::make_tuple(counts_only, inner, slack, n);
            if (best < 0 || key < best_key) {
                best = n;
                best_key = key;
            }
        }
        return best;
    }

    // The item and option to branch on for node `t`: -1 when no open option reaches it.
    std::pair<int, int> choose_for(const State& s, int t) const {
        const bool by_weight = p.nodes[t].min_weight > s_.cur[t].w;
        std::pair<int, int> best{-1, -1};
        std::tuple<Weight, int, Weight, int> best_key{};
        for (int i : items_) {
            if (s.at[i] != undecided) continue;
            int option = -1;
            for (std::uint64_t bits = s.open[i]; bits != 0 && option < 0; bits &= bits - 1) {
                const int k = __builtin_ctzll(bits);
                if (under(leaf_of(i, k), t)) option = k;
            }
            if (option < 0) continue;
            const Weight w = p.items[i].weight;
            const int places = popcount(s.open[i]);
            const auto key = by_weight ? std::make_tuple(-w, places, Weight{0}, i) : std::make_tuple(Weight{0}, places, w, i);
            if (best.first < 0 || key < best_key) {
                best = {i, option};
                best_key = key;
            }
        }
        return best;
    }

    // The relaxation's fractional placement of largest value (ties by item order): placing it
    // is the likeliest way to a witness, and leaving it changes the relaxation.
    std::pair<int, int> lp_branch() const {
        std::pair<int, int> best{-1, -1};
        double best_x = 1e-6;
        for (std::size_t v = 0; v < lp_x_.size(); ++v) {
            if (lp_x_[v] > best_x && lp_x_[v] < 1 - 1e-6) {
                best_x = lp_x_[v];
                best = lp_map_[v];
            }
        }
        return best;
    }

    // Without a needed node short of a demand: the first undecided item (heaviest first) with an
    // open option towards a node not yet satisfied.
    std::pair<int, int> fallback(const State& s) const {
        for (int i : items_) {
            if (s.at[i] != undecided) continue;
            for (std::uint64_t bits = s.open[i]; bits != 0; bits &= bits - 1) {
                const int k = __builtin_ctzll(bits);
                for (int a = leaf_of(i, k); a != -1; a = p.nodes[a].parent)
                    if (!s_.csat[a]) return {i, k};
            }
        }
        return {-1, -1};
    }

    bool search(State s) {
        bool witnessed = false;
        if (!bounds(s, witnessed)) return false;
        if (witnessed) return true;
        if (steps_ >= max_steps_ || ((steps_ & 255) == 255 && std::chrono::steady_clock::now() > deadline_)) {
            time_stopped_ = steps_ < max_steps_;
            out_of_budget_ = true;
            return false;
        }
        ++steps_;
        const int r = requirement_branch(s);
        if (r >= 0) {
            State dropped = s;
            dropped.force[r] = -1;
            if (search(std::move(dropped))) return true;
            if (out_of_budget_) return false;
            s.force[r] = 1;
            return search(std::move(s));
        }
        const int t = target();
        auto [i, k] = lp_branch();
        if (i < 0) std::tie(i, k) = t >= 0 ? choose_for(s, t) : fallback(s);
        if (i < 0) std::tie(i, k) = fallback(s);
        if (i < 0) return false;  // nothing left to place and the root is not satisfied
        State placed = s;
        placed.at[i] = k;
        if (search(std::move(placed))) return true;
        if (out_of_budget_) return false;
        close_for_class(s, i, k);
        return search(std::move(s));
    }

    // Branching on requirements before records: a needed `any` / `at_least` node with a
    // satisfiable child to spare leaves every child unneeded, so the flows and the relaxation ask
    // nothing of them. Its child with the least slack (items that reach it less the items it
    // needs; ties by index) is either assumed unsatisfied (first: the likeliest one to go without,
    // and then its siblings may all become needed) or assumed satisfied. Every placement falls in
    // one of the two. -1 when no such node.
    int requirement_branch(const State& s) const {
        for (int n : pre_) {
            const Node& node = p.nodes[n];
            if (!s_.need[n] || node.children.empty() || node.kind == NodeKind::all) continue;
            int can = 0, assumed = 0;
            for (int c : node.children) {
                can += s_.osat[c];
                assumed += s.force[c] > 0 || s_.csat[c] ? 1 : 0;
            }
            if (can <= required_children(node) || assumed >= required_children(node)) continue;
            int best = -1;
            Weight best_slack = 0;
            for (int c : node.children) {
                if (!s_.osat[c] || s.force[c] != 0 || s_.csat[c]) continue;
                const Weight slack = static_cast<Weight>(s_.reach[c].size()) - s_.all_items[c];
                if (best < 0 || slack < best_slack) {
                    best = c;
                    best_slack = slack;
                }
            }
            if (best >= 0) return best;
        }
        return -1;
    }

    // Closes option `k` of item `i`, and the same leaf for every undecided item that `i` could
    // swap with: the same weight and caps, and open to every leaf still open to `i`. A placement
    // with such an item there and `i` elsewhere (or out) becomes, swapped, one with `i` there.
    void close_for_class(State& s, int i, int k) const {
        const int leaf = leaf_of(i, k);
        const std::vector<int> mine = open_leaves(i, s.open[i]);
        for (int j : items_) {
            if (j != i && (s.at[j] != undecided || p.items[j].weight != p.items[i].weight ||
                           item_caps_[j] != item_caps_[i]))
                continue;
            const std::vector<int> theirs = open_leaves(j, s.open[j]);
            if (!std::includes(theirs.begin(), theirs.end(), mine.begin(), mine.end())) continue;
            for (std::size_t o = 0; o < p.items[j].leaves.size(); ++o)
                if (p.items[j].leaves[o] == leaf) s.open[j] &= ~(std::uint64_t{1} << o);
        }
    }

    std::vector<int> open_leaves(int i, std::uint64_t open) const {
        std::vector<int> leaves;
        for (std::uint64_t bits = open; bits != 0; bits &= bits - 1) leaves.push_back(leaf_of(i, __builtin_ctzll(bits)));
        std::sort(leaves.begin(), leaves.end());
        return leaves;
    }
};

}  // namespace

Verdict decide_root(const Problem& p, bool passed_view, long max_steps, double max_seconds) {
    Decider d(p, passed_view, max_steps, max_seconds);
    return d.run();
}

}}}}  // namespace libaudit::v0::alloc::detail
