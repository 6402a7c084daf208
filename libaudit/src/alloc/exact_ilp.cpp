// The verdict's exact fallback by COIN-OR CBC (exact_ilp.hpp).
#include "alloc/exact_ilp.hpp"

#if LIBAUDIT_EXACT_ILP
#include <CbcModel.hpp>
#include <CglClique.hpp>
#include <CglFlowCover.hpp>
#include <CglGomory.hpp>
#include <CglKnapsackCover.hpp>
#include <CglMixedIntegerRounding2.hpp>
#include <CglProbing.hpp>
#include <CoinPackedMatrix.hpp>
#include <CoinPackedVector.hpp>
#include <OsiClpSolverInterface.hpp>
#endif

#include <algorithm>
#include <numeric>

namespace libaudit { inline namespace v0 { namespace alloc { namespace detail {

#if LIBAUDIT_EXACT_ILP

namespace {

bool fixed(const Node& n) { return n.fixed_passed.has_value() || n.fixed_all.has_value(); }
bool fixed_value(const Node& n, bool passed_view) {
    const bool sp = n.fixed_passed.value_or(n.fixed_all.value_or(false));
    return passed_view ? sp : n.fixed_all.value_or(sp);
}

// The integer program of one view, column by column index: x (item, option) then y (node).
struct Model {
    std::vector<std::pair<int, int>> x;   // column -> (item, option)
    std::vector<int> y;                   // node -> column, -1 when fixed
    std::vector<CoinPackedVector> rows;
    std::vector<double> row_lo, row_hi;
    int columns = 0;
};

Weight common_divisor(const Problem& p) {
    Weight g = 0;
    for (const Item& it : p.items) g = std::gcd(g, it.weight);
    for (const Node& n : p.nodes) g = std::gcd(g, n.min_weight);
    for (const Cap& c : p.caps)
        if (c.max_weight != no_weight_cap) g = std::gcd(g, c.max_weight);
    return g > 0 ? g : 1;
}

void add_row(Model& m, CoinPackedVector&& row, double lo, double hi) {
    if (row.getNumElements() == 0 && lo <= 0 && hi >= 0) return;
    m.rows.push_back(std::move(row));
    m.row_lo.push_back(lo);
    m.row_hi.push_back(hi);
}

// Rows per node (thresholds in both units, children required) and per cap.
void node_and_cap_rows(const Problem& p, bool passed_view, Weight g, Model& m) {
    const int nodes = static_cast<int>(p.nodes.size());
    std::vector<CoinPackedVector> w(nodes), c(nodes), cw(p.caps.size()), cc(p.caps.size());
    for (int col = 0; col < static_cast<int>(m.x.size()); ++col) {
        const auto [i, k] = m.x[col];
        const Item& it = p.items[i];
        for (int a = it.leaves[k]; a != -1; a = p.nodes[a].parent) {
            if (p.nodes[a].min_weight > 0) w[a].insert(col, static_cast<double>(it.weight / g));
            if (p.nodes[a].min_count > 0) c[a].insert(col, 1.0);
            for (std::size_t q = 0; q < p.caps.size(); ++q) {
                const Cap& cap = p.caps[q];
                if (cap.node != a || !std::binary_search(cap.members.begin(), cap.members.end(), i)) continue;
                cw[q].insert(col, static_cast<double>(it.weight / g));
                cc[q].insert(col, 1.0);
            }
        }
    }
    for (int n = 0; n < nodes; ++n) {
        const Node& node = p.nodes[n];
        if (m.y[n] < 0) continue;
        if (node.min_weight > 0) w[n].insert(m.y[n], -static_cast<double>(node.min_weight / g));
        if (node.min_count > 0) c[n].insert(m.y[n], -static_cast<double>(node.min_count));
        if (node.min_weight > 0) add_row(m, std::move(w[n]), 0, COIN_DBL_MAX);
        if (node.min_count > 0) add_row(m, std::move(c[n]), 0, COIN_DBL_MAX);
        if (node.children.empty()) continue;
        CoinPackedVector kids;
        int fixed_true = 0;
        for (int ch : node.children) {
            if (m.y[ch] < 0) fixed_true += fixed_value(p.nodes[ch], passed_view) ? 1 : 0;
            else kids.insert(m.y[ch], 1.0);
        }
        const int k = static_cast<int>(node.children.size());
        kids.insert(m.y[n], -static_cast<double>(node.kind == NodeKind::all ? k : node.kind == NodeKind::any ? 1 : node.at_least));
        add_row(m, std::move(kids), -fixed_true, COIN_DBL_MAX);
    }
    for (std::size_t q = 0; q < p.caps.size(); ++q) {
        const Cap& cap = p.caps[q];
        if (cap.max_weight != no_weight_cap) add_row(m, std::move(cw[q]), -COIN_DBL_MAX, static_cast<double>(cap.max_weight / g));
        if (cap.max_count != no_count_cap) add_row(m, std::move(cc[q]), -COIN_DBL_MAX, cap.max_count);
    }
}

Model build(const Problem& p, bool passed_view) {
    Model m;
    for (int i = 0; i < static_cast<int>(p.items.size()); ++i) {
        const Item& it = p.items[i];
        if (passed_view && !it.passed) continue;
        CoinPackedVector once;
        for (int k = 0; k < static_cast<int>(it.leaves.size()); ++k) {
            once.insert(static_cast<int>(m.x.size()), 1.0);
            m.x.emplace_back(i, k);
        }
        if (it.leaves.size() > 1) add_row(m, std::move(once), -COIN_DBL_MAX, 1);
    }
    m.columns = static_cast<int>(m.x.size());
    m.y.assign(p.nodes.size(), -1);
    for (std::size_t n = 0; n < p.nodes.size(); ++n)
        if (!fixed(p.nodes[n])) m.y[n] = m.columns++;
    node_and_cap_rows(p, passed_view, common_divisor(p), m);
    return m;
}

// CBC's branch and bound over the model, one thread, CBC's default (fixed) seeds; the classic
// cut generators of its samples. Returns the model after the search.
void run_cbc(const Model& m, long max_nodes, double max_seconds, CbcModel& cbc) {
    CoinPackedMatrix matrix(false, 0, 0);
    matrix.setDimensions(0, m.columns);
    for (const CoinPackedVector& r : m.rows) matrix.appendRow(r);
    const std::vector<double> lo(m.columns, 0.0), hi(m.columns, 1.0), obj(m.columns, 0.0);
    OsiClpSolverInterface solver;
    solver.messageHandler()->setLogLevel(0);
    solver.loadProblem(matrix, lo.data(), hi.data(), obj.data(), m.row_lo.data(), m.row_hi.data());
    for (int col = 0; col < m.columns; ++col) solver.setInteger(col);
    OsiSolverInterface* own = solver.clone();
    cbc.assignSolver(own, true);
    cbc.setLogLevel(0);
    cbc.messageHandler()->setLogLevel(0);
    cbc.solver()->messageHandler()->setLogLevel(0);
    cbc.setNumberThreads(0);
    cbc.setMaximumNodes(static_cast<int>(std::min<long>(max_nodes, 1L << 30)));
    cbc.setMaximumSeconds(std::max(max_seconds, 0.0));
    CglProbing probing;
    probing.setUsingObjective(false);
    CglGomory gomory;
    CglKnapsackCover knapsack;
    CglClique clique;
    clique.setStarCliqueReport(false);  // else it prints to stdout, where the CLI writes results
    clique.setRowCliqueReport(false);
    CglMixedIntegerRounding2 mir;
    CglFlowCover flow;
    cbc.addCutGenerator(&probing, -1, "Probing");
    cbc.addCutGenerator(&gomory, -1, "Gomory");
    cbc.addCutGenerator(&knapsack, -1, "Knapsack");
    cbc.addCutGenerator(&clique, -1, "Clique");
    cbc.addCutGenerator(&mir, -1, "MIR2");
    cbc.addCutGenerator(&flow, -1, "FlowCover");
    cbc.initialSolve();
    cbc.branchAndBound();
}

}  // namespace

bool exact_ilp_available() { return true; }

ExactVerdict decide_by_ilp(const Problem& p, bool passed_view, long max_nodes, double max_seconds) {
    ExactVerdict v;
    if (fixed(p.nodes[0])) return v;
    Model m = build(p, passed_view);
    CbcModel cbc;
    // The root must be satisfied: its y is fixed to 1 by one more row.
    CoinPackedVector root;
    root.insert(m.y[0], 1.0);
    add_row(m, std::move(root), 1, 1);
    run_cbc(m, max_nodes, max_seconds, cbc);
    v.nodes = cbc.getNodeCount();
    v.time_stopped = cbc.maximumSecondsReached();
    const double* best = cbc.bestSolution();
    if (best) {
        std::vector<int> witness(p.items.size(), -1);
        for (int col = 0; col < static_cast<int>(m.x.size()); ++col)
            if (best[col] > 0.5) witness[m.x[col].first] = p.items[m.x[col].first].leaves[m.x[col].second];
        const Evaluation ev = evaluate(p, witness);
        if (!ev.feasible || !(passed_view ? ev.score.root_passed : ev.score.root_all)) return v;  // not trusted
        v.decided = v.possible = true;
        v.witness = std::move(witness);
        return v;
    }
    if (cbc.isProvenInfeasible() && !cbc.isNodeLimitReached() && !v.time_stopped) v.decided = true;
    return v;
}

#else

bool exact_ilp_available() { return false; }

ExactVerdict decide_by_ilp(const Problem&, bool, long, double) { return {}; }

#endif

}}}}  // namespace libaudit::v0::alloc::detail
