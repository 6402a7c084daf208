// Exact allocation by branch and bound. See alloc.hpp for the problem and the objective.
//
// Search. Items that have one eligible leaf and are under no cap are placed up front (placing
// an item never lowers any term of the objective, because every node's satisfaction is
// monotone in its amounts). The others are branched on, one at a time: each eligible leaf,
// and "unassigned" when a cap could make that necessary. Identical items (same weight, view,
// leaves and caps) are interchangeable: among them only non-decreasing choices are explored.
//
// Bounds. At each search node the best score any completion could reach is bounded by giving
// every undecided item to every node it could reach at once (amounts can only grow), less what
// caps make impossible. When that bound does not prune, a max-flow relaxation refines it: the
// deepest nodes still short of a threshold but reachable by the optimistic bound must be served
// by disjoint sets of the undecided items; if even a fractional flow cannot cover their deficits,
// at least one of them fails (and the root fails if it needs them all).
#include "alloc/alloc.hpp"
#include "alloc/decide.hpp"
#include "alloc/exact_ilp.hpp"
#include "alloc/max_flow.hpp"
#include "alloc/node_rules.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <cstring>
#include <string>
#include <tuple>

namespace libaudit { inline namespace v0 { namespace alloc {

namespace {

using detail::children_ok;
using Key = std::tuple<int, int, int, int, Weight, Weight>;
Key key(const Score& s) {
    return {s.root_passed, s.root_all, s.sat_passed, s.sat_all, s.counted_passed, s.counted_all};
}

struct Amounts {
    Weight wp = 0, wa = 0;
    Weight cp = 0, ca = 0;  // counts kept as Weight to share arithmetic
};

// Per-view satisfaction of every node from per-node amounts; nodes in post-order.
void satisfy(const Problem& p, const std::vector<int>& post, const std::vector<Amounts>& amounts,
             std::vector<char>& sp, std::vector<char>& sa) {
    for (int n : post) {
        const Node& node = p.nodes[n];
        if (node.fixed_passed || node.fixed_all) {
            sp[n] = node.fixed_passed.value_or(node.fixed_all.value_or(false));
            sa[n] = node.fixed_all.value_or(sp[n] != 0);
            continue;
        }
        int kp = 0, ka = 0;
        for (int c : node.children) {
            kp += sp[c];
            ka += sa[c];
        }
        const Amounts& a = amounts[n];
        sp[n] = a.wp >= node.min_weight && a.cp >= node.min_count && children_ok(node, kp);
        sa[n] = a.wa >= node.min_weight && a.ca >= node.min_count && children_ok(node, ka);
    }
}

struct Prepared {
    const Problem& p;
    int nodes = 0;
    std::vector<int> post;                          // children before parents
    std::vector<char> leaf;
    std::vector<char> needed_by_root;               // every ancestor is an `all` node
    std::vector<std::vector<int>> caps_at;          // caps by node
    std::vector<std::vector<int>> item_nodes;       // nodes an item could be counted in
    std::vector<std::vector<int>> item_caps;        // caps an item could count against
    std::vector<std::vector<std::vector<int>>> option_caps;  // [item][option] caps hit
    std::vector<char> may_skip;                     // a cap could make leaving it out useful
    std::vector<int> item_top;                      // lowest common ancestor of an item's leaves (-1: none)

    explicit Prepared(const Problem& problem) : p(problem) {
        nodes = static_cast<int>(p.nodes.size());
        if (nodes == 0) throw std::invalid_argument("allocation problem without nodes");
        if (p.nodes[0].parent != -1) throw std::invalid_argument("node 0 must be the root");
        order_nodes();
        classify_nodes();
        index_caps();
        index_items();
        find_item_tops();
    }

private:
    // `post`, after checking that the nodes form one tree under node 0.
    void order_nodes() {
        std::vector<char> seen(nodes, 0);
        std::vector<int> pre{0};
        seen[0] = 1;
        for (std::size_t i = 0; i < pre.size(); ++i) {
            const int n = pre[i];
            for (int c : p.nodes[n].children) {
                if (c <= 0 || c >= nodes || seen[c] || p.nodes[c].parent != n)
                    throw std::invalid_argument("malformed requirement tree at node " + std::to_string(n));
                seen[c] = 1;
                pre.push_back(c);
            }
        }
        if (static_cast<int>(pre.size()) != nodes) throw std::invalid_argument("unreachable nodes in tree");
        post.assign(pre.rbegin(), pre.rend());
    }

    // `leaf` and `needed_by_root` of every node.
    void classify_nodes() {
        leaf.assign(nodes, 0);
        needed_by_root.assign(nodes, 0);
        for (int n = 0; n < nodes; ++n) {
            const Node& node = p.nodes[n];
            leaf[n] = node.children.empty() && !node.fixed_passed && !node.fixed_all;
            bool needed = true;
            for (int a = n; a != 0; a = p.nodes[a].parent)
                needed = needed && p.nodes[p.nodes[a].parent].kind == NodeKind::all;
            needed_by_root[n] = needed;
        }
    }

    // `caps_at`, after checking each cap's node and members.
    void index_caps() {
        caps_at.assign(nodes, {});
        for (std::size_t c = 0; c < p.caps.size(); ++c) {
            const Cap& cap = p.caps[c];
            if (cap.node < 0 || cap.node >= nodes) throw std::invalid_argument("cap on unknown node");
            for (int m : cap.members)
                if (m < 0 || m >= static_cast<int>(p.items.size()))
                    throw std::invalid_argument("cap member out of range");
            caps_at[cap.node].push_back(static_cast<int>(c));
        }
    }

    // Per item: the nodes it could count in, the caps it could count against, the caps each of
    // its options hits, and whether leaving it out could be useful.
    void index_items() {
        const std::size_t items = p.items.size();
        item_nodes.assign(items, {});
        item_caps.assign(items, {});
        option_caps.assign(items, {});
        may_skip.assign(items, 0);
        std::vector<std::vector<int>> member_of(items);
        for (std::size_t c = 0; c < p.caps.size(); ++c)
            for (int m : p.caps[c].members) member_of[m].push_back(static_cast<int>(c));
        std::vector<int> mark(nodes, -1);
        for (std::size_t i = 0; i < items; ++i) {
            const Item& item = p.items[i];
            for (int l : item.leaves) {
                if (l < 0 || l >= nodes || !leaf[l])
                    throw std::invalid_argument("item " + std::to_string(i) + " eligible for a non-leaf");
                std::vector<int> hit;
                for (int a = l; a != -1; a = p.nodes[a].parent) {
                    if (mark[a] != static_cast<int>(i)) {
                        mark[a] = static_cast<int>(i);
                        item_nodes[i].push_back(a);
                    }
                    for (int c : member_of[i])
                        if (p.caps[c].node == a) hit.push_back(c);
                }
                if (!hit.empty()) may_skip[i] = 1;
                option_caps[i].push_back(std::move(hit));
            }
            for (int c : member_of[i])
                if (mark[p.caps[c].node] == static_cast<int>(i)) item_caps[i].push_back(c);
        }
    }

    // The lowest node above every leaf of an item: a need at or above it is the same whichever
    // leaf the item takes.
    void find_item_tops() {
        const std::size_t items = p.items.size();
        item_top.assign(items, -1);
        std::vector<int> below(nodes, 0);  // how many of the item's leaves lie under a node
        for (std::size_t i = 0; i < items; ++i) {
            const std::vector<int>& leaves = p.items[i].leaves;
            if (leaves.empty()) continue;
            for (int l : leaves)
                for (int a = l; a != -1; a = p.nodes[a].parent) ++below[a];
            for (int a = leaves.front(); a != -1; a = p.nodes[a].parent) {
                if (below[a] == static_cast<int>(leaves.size())) {
                    item_top[i] = a;
                    break;
                }
            }
            for (int a : item_nodes[i]) below[a] = 0;
        }
    }
};

// evaluate() for a problem already prepared (the search has one; preparing again cost ~5% of an audit).
Evaluation evaluate_prepared(const Prepared& prep, const std::vector<int>& assignment);

class Search {
public:
    explicit Search(const Prepared& prep) : P(prep), p(prep.p) {
        const int n = P.nodes;
        cur.assign(n, {});
        rem.assign(n, {});
        cap_cur.assign(p.caps.size(), {});
        cap_rem.assign(p.caps.size(), {});
        assignment.assign(p.items.size(), -1);
        choice.assign(p.items.size(), -1);
        sp.assign(n, 0);
        sa.assign(n, 0);
        opt.assign(n, {});
        osp.assign(n, 0);
        osa.assign(n, 0);
        flow_mark.assign(n, -1);
    }

    Solution run() {
        step_limit = p.max_steps;
        prepare_branching();
        root_bound = bound_score();
        {
            const Key refined = refined_bound(0);
            root_passed_possible = std::get<0>(refined) != 0;
            root_all_possible = std::get<1>(refined) != 0;
        }
        greedy();
        if (!(have_best && best == root_bound)) {
            decide_verdict();
            if (!(have_best && best == root_bound)) dfs(0);
        }
        return result();
    }

private:
    // Places forced items; collects and orders the rest for branching.
    void prepare_branching() {
        // Place forced items; collect the rest for branching.
        for (std::size_t i = 0; i < p.items.size(); ++i) {
            const Item& item = p.items[i];
            if (item.leaves.empty()) continue;
            if (item.leaves.size() == 1 && !P.may_skip[i]) {
                place(static_cast<int>(i), 0);
            } else {
                branch.push_back(static_cast<int>(i));
                add_remaining(static_cast<int>(i), +1);
            }
        }
        // Heavier and more constrained items first; identical items next to each other.
        std::stable_sort(branch.begin(), branch.end(), [&](int a, int b) {
            const Item& x = p.items[a];
            const Item& y = p.items[b];
            if (x.weight != y.weight) return x.weight > y.weight;
            if (x.leaves.size() != y.leaves.size()) return x.leaves.size() < y.leaves.size();
            if (x.passed != y.passed) return x.passed;
            if (x.leaves != y.leaves) return x.leaves < y.leaves;
            return P.item_caps[a] < P.item_caps[b];
        });
        same_as_prev.assign(branch.size(), 0);
        for (std::size_t k = 1; k < branch.size(); ++k) {
            const Item& x = p.items[branch[k - 1]];
            const Item& y = p.items[branch[k]];
            same_as_prev[k] = x.weight == y.weight && x.passed == y.passed && x.leaves == y.leaves &&
                              P.item_caps[branch[k - 1]] == P.item_caps[branch[k]] &&
                              P.may_skip[branch[k - 1]] == P.may_skip[branch[k]];
        }
    }

    Solution result() const {
        Solution s;
        s.assignment = best_assignment;
        s.evaluation = evaluate_prepared(P, best_assignment);
        s.optimal = !out_of_budget;
        s.verdict_proven = verdict_proven;
        s.time_stopped = time_stopped;
        s.verdict_by_ilp = verdict_by_ilp;
        s.steps = steps;
        s.root_passed_possible = root_passed_possible || s.evaluation.score.root_passed;
        s.root_all_possible = root_all_possible || s.evaluation.score.root_all;
        if (out_of_budget) {
            for (int n = 0; n < P.nodes; ++n)
                if (root_osa[n] && !s.evaluation.nodes[n].sat_all) s.unresolved.push_back(n);
        }
        return s;
    }

    // The verdict, per view, unless the placement found or the bounds already prove it: a
    // feasibility search of its own (decide.hpp) whose witness becomes the best placement so far.
    // Then the search for the other criteria gets max_improve_steps more steps.
    void decide_verdict() {
        for (int view = 0; view < 2 && verdict_proven; ++view) {
            const int got = view == 0 ? std::get<0>(best) : std::get<1>(best);
            bool& possible = view == 0 ? root_passed_possible : root_all_possible;
            if (got == 1 || !possible) continue;
            const detail::Verdict v = verdict_of(view == 0);
            if (!v.decided) verdict_proven = false;
            else if (v.possible) adopt(v.witness);
            else possible = false;
        }
        if (!root_passed_possible) std::get<0>(root_bound) = 0;
        if (!root_all_possible) std::get<1>(root_bound) = 0;
        step_limit = std::min(p.max_steps, steps + p.max_improve_steps);
    }

    // The verdict of one view: the verdict search within its budget. In a build with the exact
    // fallback, the search first takes at most exact_after_steps steps (its flows-only phase, then
    // the start of its relaxation phase); what it leaves open goes to
    // the fallback, and what that leaves open (node limit) back to the search, with the rest of its budget.
    detail::Verdict verdict_of(bool passed_view) {
        const long budget = std::clamp(p.max_steps - steps, 0L, p.max_verdict_steps);
        const bool exact = p.max_exact_nodes > 0 && detail::exact_ilp_available();
        const long first = exact ? std::min(budget, p.exact_after_steps) : budget;
        detail::Verdict v = detail::decide_root(p, passed_view, first, seconds_left());
        steps += v.steps;
        time_stopped = time_stopped || v.time_stopped;
        if (v.decided || v.time_stopped || !exact) return v;
        exact_fallback(passed_view, v);
        if (v.decided || budget <= first) return v;
        v = detail::decide_root(p, passed_view, budget - first, seconds_left());
        steps += v.steps;
        time_stopped = time_stopped || v.time_stopped;
        return v;
    }

    // What the verdict search left open, to the exact fallback (exact_ilp.hpp), when this build has
    // it: its verdict replaces the open one; its nodes are not search steps.
    void exact_fallback(bool passed_view, detail::Verdict& v) {
        detail::ExactVerdict e = detail::decide_by_ilp(p, passed_view, p.max_exact_nodes, seconds_left());
        time_stopped = time_stopped || e.time_stopped;
        if (!e.decided) return;
        v.decided = true;
        v.possible = e.possible;
        v.witness = std::move(e.witness);
        verdict_by_ilp = true;
    }

    double seconds_left() const {
        return p.max_seconds - std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    }

    // A placement of the verdict search, completed greedily, as a candidate for the best.
    void adopt(const std::vector<int>& witness) { try_placement(&witness); }

    // A complete placement as a candidate for the best, then undone: the items of `witness` (if
    // any) on their leaves where they fit, then every other item, in search order, on the fitting
    // place with the largest unmet need.
    void try_placement(const std::vector<int>* witness) {
        std::vector<std::pair<int, int>> placed;
        std::vector<char> done(p.items.size(), 0);
        for (const int i : branch) add_remaining(i, -1);
        for (const int i : branch) {
            if (!witness) break;
            const auto& leaves = p.items[i].leaves;
            const auto it = std::find(leaves.begin(), leaves.end(), (*witness)[i]);
            const int option = it == leaves.end() ? -1 : static_cast<int>(it - leaves.begin());
            if (option < 0 || !fits(i, option)) continue;
            place(i, option);
            placed.emplace_back(i, option);
            done[i] = 1;
        }
        for (const int i : branch) {
            if (done[i]) continue;
            for (const int option : options_for(i, true)) {
                if (option >= 0 && fits(i, option)) {
                    place(i, option);
                    placed.emplace_back(i, option);
                    break;
                }
            }
        }
        record_if_better();
        for (auto it = placed.rbegin(); it != placed.rend(); ++it) place(it->first, it->second, -1);
        for (const int i : branch) add_remaining(i, +1);
    }

    const Prepared& P;
    const Problem& p;
    std::vector<Amounts> cur, rem, cap_cur, cap_rem, opt;
    std::vector<int> assignment, choice, branch;
    std::vector<char> same_as_prev, sp, sa, osp, osa, root_osa;
    std::vector<int> flow_mark;
    std::vector<int> best_assignment;
    Key best{-1, -1, -1, -1, -1, -1};
    bool have_best = false;
    Key root_bound{};
    long steps = 0;
    bool out_of_budget = false;
    bool root_passed_possible = true, root_all_possible = true;
    bool verdict_proven = true, time_stopped = false, verdict_by_ilp = false;
    long step_limit = 0;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    static void add(Amounts& a, const Item& item, int sign) {
        const Weight w = sign * item.weight;
        a.wa += w;
        a.ca += sign;
        if (item.passed) {
            a.wp += w;
            a.cp += sign;
        }
    }

    void add_remaining(int i, int sign) {
        const Item& item = p.items[i];
        for (int n : P.item_nodes[i]) add(rem[n], item, sign);
        for (int c : P.item_caps[i]) add(cap_rem[c], item, sign);
    }

    bool fits(int i, int option) const {
        const Item& item = p.items[i];
        for (int c : P.option_caps[i][option]) {
            const Cap& cap = p.caps[c];
            if (cap_cur[c].wa + item.weight > cap.max_weight || cap_cur[c].ca + 1 > cap.max_count) return false;
        }
        return true;
    }

    void place(int i, int option, int sign = +1) {
        const Item& item = p.items[i];
        const int leaf = item.leaves[option];
        for (int a = leaf; a != -1; a = p.nodes[a].parent) add(cur[a], item, sign);
        for (int c : P.option_caps[i][option]) add(cap_cur[c], item, sign);
        assignment[i] = sign > 0 ? leaf : -1;
    }

    // The objective for per-node satisfaction and amounts (current or optimistic).
    Key score_of(const std::vector<char>& passed, const std::vector<char>& all, const Amounts& root) const {
        Score s;
        s.root_passed = passed[0];
        s.root_all = all[0];
        for (int n = 0; n < P.nodes; ++n) {
            s.sat_passed += passed[n];
            s.sat_all += all[n];
        }
        s.counted_passed = root.wp;
        s.counted_all = root.wa;
        return key(s);
    }

    Key current_score() {
        satisfy(p, P.post, cur, sp, sa);
        return score_of(sp, sa, cur[0]);
    }

    // Optimistic amounts and satisfaction for every node given the undecided items.
    Key bound_score() {
        for (int n : P.post) {
            Amounts o = cur[n];
            o.wp += rem[n].wp;
            o.wa += rem[n].wa;
            o.cp += rem[n].cp;
            o.ca += rem[n].ca;
            // Each cap alone bounds the node: its members cannot contribute more than the cap.
            // Caps may overlap, so only the largest single excess may be taken off, not the sum.
            Amounts excess;
            for (int c : P.caps_at[n]) {
                const Cap& cap = p.caps[c];
                const Amounts& cc = cap_cur[c];
                const Amounts& cr = cap_rem[c];
                excess.wa = std::max(excess.wa, cc.wa + cr.wa - cap.max_weight);
                excess.wp = std::max(excess.wp, cc.wp + cr.wp - cap.max_weight);
                excess.ca = std::max(excess.ca, cc.ca + cr.ca - cap.max_count);
                excess.cp = std::max(excess.cp, cc.cp + cr.cp - cap.max_count);
            }
            o.wa -= excess.wa;
            o.wp -= excess.wp;
            o.ca -= excess.ca;
            o.cp -= excess.cp;
            const Node& node = p.nodes[n];
            if (!node.children.empty()) {
                Amounts sum;
                for (int c : node.children) {
                    sum.wp += opt[c].wp;
                    sum.wa += opt[c].wa;
                    sum.cp += opt[c].cp;
                    sum.ca += opt[c].ca;
                }
                o.wp = std::min(o.wp, sum.wp);
                o.wa = std::min(o.wa, sum.wa);
                o.cp = std::min(o.cp, sum.cp);
                o.ca = std::min(o.ca, sum.ca);
            }
            opt[n] = o;
        }
        satisfy(p, P.post, opt, osp, osa);
        if (root_osa.empty()) root_osa = osa;
        return score_of(osp, osa, opt[0]);
    }

    // Can the undecided items cover the deficits of the deepest nodes that are short of a
    // threshold but optimistically satisfiable? Returns {feasible, all deficient nodes needed by root}.
    std::pair<bool, bool> flow_check(bool passed_view, bool by_weight, std::size_t depth) {
        const std::vector<char>& now = passed_view ? sp : sa;
        const std::vector<char>& can = passed_view ? osp : osa;
        std::vector<int> deficient;
        std::vector<Weight> need;
        std::fill(flow_mark.begin(), flow_mark.end(), -1);
        std::vector<char> has_deficient_below(P.nodes, 0);
        for (int n : P.post) {
            const Node& node = p.nodes[n];
            bool below = false;
            for (int c : node.children) below = below || has_deficient_below[c];
            const Weight have = by_weight ? (passed_view ? cur[n].wp : cur[n].wa)
                                          : (passed_view ? cur[n].cp : cur[n].ca);
            const Weight threshold = by_weight ? node.min_weight : node.min_count;
            const bool short_here = !now[n] && can[n] && have < threshold;
            if (short_here && !below) {
                flow_mark[n] = static_cast<int>(deficient.size());
                deficient.push_back(n);
                need.push_back(threshold - have);
            }
            has_deficient_below[n] = below || short_here;
        }
        if (deficient.empty()) return {true, false};
        const int items = static_cast<int>(branch.size() - depth);
        const int source = 0, sink = 1, first_item = 2, first_node = 2 + items;
        MaxFlow flow(first_node + static_cast<int>(deficient.size()));
        Weight total_need = 0;
        for (std::size_t d = 0; d < deficient.size(); ++d) {
            flow.add(first_node + static_cast<int>(d), sink, need[d]);
            total_need += need[d];
        }
        for (int k = 0; k < items; ++k) {
            const int i = branch[depth + k];
            const Item& item = p.items[i];
            if (passed_view && !item.passed) continue;
            bool used = false;
            for (int l : item.leaves) {
                for (int a = l; a != -1; a = p.nodes[a].parent) {
                    if (flow_mark[a] >= 0) {
                        flow.add(first_item + k, first_node + flow_mark[a], no_weight_cap);
                        used = true;
                        break;
                    }
                }
            }
            if (used) flow.add(source, first_item + k, by_weight ? item.weight : 1);
        }
        if (flow.run(source, sink) >= total_need) return {true, false};
        bool all_needed = true;
        for (int n : deficient) all_needed = all_needed && P.needed_by_root[n];
        return {false, all_needed};
    }

    // The bound with the flow refinements; stops refining once it cannot beat the best found.
    Key refined_bound(std::size_t depth) {
        satisfy(p, P.post, cur, sp, sa);  // what is met now, for the flow checks
        Key b = bound_score();
        if (!root_passed_possible) std::get<0>(b) = 0;
        if (!root_all_possible) std::get<1>(b) = 0;
        if (have_best && !(best < b)) return b;
        for (int view = 0; view < 2; ++view) {
            for (int measure = 0; measure < 2; ++measure) {
                auto [feasible, root_needs_all] = flow_check(view == 0, measure == 0, depth);
                if (feasible) continue;
                if (view == 0) {
                    std::get<2>(b) -= 1;
                    if (root_needs_all) std::get<0>(b) = 0;
                } else {
                    std::get<3>(b) -= 1;
                    if (root_needs_all) std::get<1>(b) = 0;
                }
                break;  // one failing node per view is all this relaxation proves
            }
            if (have_best && !(best < b)) return b;
        }
        return b;
    }

    bool worth_exploring(std::size_t depth) {
        const Key b = refined_bound(depth);
        return !have_best || best < b;
    }

    void record_if_better() {
        Key s = current_score();
        if (!have_best || best < s) {
            best = s;
            best_assignment = assignment;
            have_best = true;
        }
    }

    // Option order for an item: unassigned-with-deficit leaves first (largest deficit), then
    // the others in rule order, then "leave out" when a cap makes that possible.
    std::vector<int> options_for(int i, bool dynamic) {
        const Item& item = p.items[i];
        std::vector<int> order(item.leaves.size());
        for (std::size_t k = 0; k < order.size(); ++k) order[k] = static_cast<int>(k);
        if (dynamic) {
            // The largest unmet need a place would serve, measured below the item's common ancestor:
            // the needs above it (e.g. the total credits at the root) are the same for every place and,
            // being the largest, would hide the differences between places (docs/performance.md).
            const int top = P.item_top[i];
            auto deficit = [&](int k) {
                const int l = item.leaves[k];
                Weight d = 0;
                for (int a = l; a != top; a = p.nodes[a].parent) {
                    const Node& node = p.nodes[a];
                    d = std::max(d, node.min_weight - cur[a].wa);
                    d = std::max(d, (node.min_count - cur[a].ca) * item.weight);
                }
                return d;
            };
            std::vector<Weight> d(order.size());
            for (std::size_t k = 0; k < order.size(); ++k) d[k] = deficit(static_cast<int>(k));
            std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return d[a] > d[b]; });
        }
        if (P.may_skip[i]) order.push_back(-1);
        return order;
    }

    // A first complete placement, whatever the budget: each item, in search order, goes to the
    // fitting place with the largest unmet need. The search then only has to improve on it.
    void greedy() {
        ++steps;
        try_placement(nullptr);
    }

    void dfs(std::size_t depth) {
        if (out_of_budget) return;
        if (++steps > step_limit || ((steps & 1023) == 0 && seconds_left() < 0)) {
            time_stopped = time_stopped || steps <= step_limit;
            out_of_budget = true;
            return;
        }
        if (depth == branch.size()) {
            record_if_better();
            return;
        }
        if (!worth_exploring(depth)) return;
        const int i = branch[depth];
        const bool symmetric = same_as_prev[depth] || (depth + 1 < branch.size() && same_as_prev[depth + 1]);
        const std::vector<int> options = options_for(i, !symmetric);
        const int floor = same_as_prev[depth] ? choice[branch[depth - 1]] : -2;
        add_remaining(i, -1);
        for (std::size_t k = 0; k < options.size(); ++k) {
            const int option = options[k];
            // Symmetry: identical items take non-decreasing positions in the (static) option list.
            const int position = static_cast<int>(k);
            if (floor != -2 && position < floor) continue;
            choice[i] = position;
            if (option >= 0) {
                if (!fits(i, option)) continue;
                place(i, option);
                dfs(depth + 1);
                place(i, option, -1);
            } else {
                dfs(depth + 1);
            }
            if (out_of_budget || (have_best && best == root_bound)) break;
        }
        add_remaining(i, +1);
        choice[i] = -1;
    }
};

// Polynomial path. When every threshold counts courses (or every eligible item has the same
// weight, so credit thresholds are course counts), every node is an `all` node, and there are no
// caps or fixed nodes, "everything met" is a flow problem with lower bounds on the laminar tree:
// source -> item (1) -> eligible leaf (1) -> parent ... -> root -> sink, where the edge leaving
// node n must carry at least its demand. If such a flow exists for the passed items, placing them
// by it (and every other item anywhere it fits) meets every node and counts every item: the
// optimum of every criterion. Otherwise the general search decides.
std::optional<Solution> solve_by_flow(const Prepared& P) {
    const Problem& p = P.p;
    if (!p.caps.empty()) return std::nullopt;
    Weight unit = 0;
    bool weights_needed = false;
    for (const Node& node : p.nodes) {
        if (node.fixed_passed || node.fixed_all) return std::nullopt;
        if (!node.children.empty() && node.kind != NodeKind::all) return std::nullopt;
        weights_needed = weights_needed || node.min_weight > 0;
    }
    if (weights_needed) {
        for (const Item& item : p.items) {
            if (item.leaves.empty()) continue;
            if (item.weight <= 0 || (unit != 0 && item.weight != unit)) return std::nullopt;
            unit = item.weight;
        }
    }
    std::vector<Weight> demand(P.nodes, 0);
    for (int n = 0; n < P.nodes; ++n) {
        const Node& node = p.nodes[n];
        demand[n] = node.min_count;
        if (node.min_weight > 0) {
            if (unit == 0) return std::nullopt;  // a credit threshold and no items at all
            demand[n] = std::max<Weight>(demand[n], (node.min_weight + unit - 1) / unit);
        }
    }
    const int items = static_cast<int>(p.items.size());
    const int S = 0, T = 1, S2 = 2, T2 = 3, first_item = 4, first_node = 4 + items;
    MaxFlow flow(first_node + P.nodes);
    std::vector<Weight> excess(first_node + P.nodes, 0);
    auto lower_bounded = [&](int from, int to, Weight low) {
        flow.add(from, to, no_weight_cap);
        excess[to] += low;
        excess[from] -= low;
    };
    std::vector<std::vector<std::pair<int, int>>> item_edges(items);  // (edge, leaf)
    for (int i = 0; i < items; ++i) {
        const Item& item = p.items[i];
        if (!item.passed || item.leaves.empty()) continue;
        flow.add(S, first_item + i, 1);
        for (int l : item.leaves) item_edges[i].push_back({flow.add(first_item + i, first_node + l, 1), l});
    }
    for (int n = 1; n < P.nodes; ++n) lower_bounded(first_node + n, first_node + p.nodes[n].parent, demand[n]);
    lower_bounded(first_node, T, demand[0]);
    flow.add(T, S, no_weight_cap);
    Weight need = 0;
    for (int v = 0; v < static_cast<int>(excess.size()); ++v) {
        if (excess[v] > 0) {
            flow.add(S2, v, excess[v]);
            need += excess[v];
        } else if (excess[v] < 0) {
            flow.add(v, T2, -excess[v]);
        }
    }
    if (flow.run(S2, T2) < need) return std::nullopt;
    Solution s;
    s.assignment.assign(p.items.size(), -1);
    for (int i = 0; i < items; ++i) {
        if (p.items[i].leaves.empty()) continue;
        s.assignment[i] = p.items[i].leaves.front();
        for (const auto& [edge, leaf] : item_edges[i])
            if (flow.flow(edge) > 0) s.assignment[i] = leaf;
    }
    s.evaluation = evaluate_prepared(P, s.assignment);
    s.optimal = true;
    s.steps = 0;
    return s;
}

}  // namespace

bool operator<(const Score& a, const Score& b) { return key(a) < key(b); }
bool operator==(const Score& a, const Score& b) { return key(a) == key(b); }

Evaluation evaluate(const Problem& problem, const std::vector<int>& assignment) {
    if (assignment.size() != problem.items.size())
        throw std::invalid_argument("assignment has " + std::to_string(assignment.size()) + " entries for " +
                                    std::to_string(problem.items.size()) + " items");
    const Prepared prep(problem);
    return evaluate_prepared(prep, assignment);
}

namespace {

Evaluation evaluate_prepared(const Prepared& prep, const std::vector<int>& assignment) {
    const Problem& problem = prep.p;
    Evaluation ev;
    const int n = prep.nodes;
    std::vector<Amounts> amounts(n);
    std::vector<Amounts> caps(problem.caps.size());
    for (std::size_t i = 0; i < problem.items.size(); ++i) {
        const int leaf = assignment[i];
        if (leaf < 0) continue;
        const Item& item = problem.items[i];
        // An ineligible or unknown leaf makes the assignment infeasible; a known one still counts,
        // so the amounts show what the assignment would mean.
        if (std::find(item.leaves.begin(), item.leaves.end(), leaf) == item.leaves.end()) ev.feasible = false;
        if (leaf >= n) continue;
        for (int a = leaf; a != -1; a = problem.nodes[a].parent) {
            Amounts& am = amounts[a];
            am.wa += item.weight;
            am.ca += 1;
            if (item.passed) {
                am.wp += item.weight;
                am.cp += 1;
            }
            for (int c : prep.caps_at[a]) {
                const auto& members = problem.caps[c].members;
                if (std::find(members.begin(), members.end(), static_cast<int>(i)) == members.end()) continue;
                caps[c].wa += item.weight;
                caps[c].ca += 1;
            }
        }
    }
    for (std::size_t c = 0; c < problem.caps.size(); ++c)
        if (caps[c].wa > problem.caps[c].max_weight || caps[c].ca > problem.caps[c].max_count) ev.feasible = false;
    std::vector<char> sp(n), sa(n);
    satisfy(problem, prep.post, amounts, sp, sa);
    ev.nodes.resize(n);
    for (int k = 0; k < n; ++k) {
        NodeState& s = ev.nodes[k];
        s.weight_passed = amounts[k].wp;
        s.weight_all = amounts[k].wa;
        s.count_passed = static_cast<int>(amounts[k].cp);
        s.count_all = static_cast<int>(amounts[k].ca);
        s.sat_passed = sp[k];
        s.sat_all = sa[k];
        ev.score.sat_passed += sp[k];
        ev.score.sat_all += sa[k];
    }
    ev.score.root_passed = sp[0];
    ev.score.root_all = sa[0];
    ev.score.counted_passed = amounts[0].wp;
    ev.score.counted_all = amounts[0].wa;
    return ev;
}

}  // namespace

Solution solve(const Problem& problem) {
    const Prepared prep(problem);
    if (auto s = solve_by_flow(prep)) return *s;
    Search search(prep);
    return search.run();
}

}}}  // namespace libaudit::v0::alloc
