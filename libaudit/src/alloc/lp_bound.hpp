// A small dense linear-programming feasibility check with a verified certificate, used by the
// verdict search (decide.cpp) as the bound in which course-count and credit requirements and caps
// all compete for the same records: variables x (record on an open place) and y (a requirement
// satisfied), each within bounds [lo, hi] inside [0, 1], rows `sum a z <= b`.
//
// The simplex is a bounded primal one that minimises the sum of infeasibilities (phase 1, no
// artificial columns), on a dense tableau, Dantzig's rule with Bland's after degenerate stalls,
// ties by index. It is warm-started: the tableau and basis of the last solve are kept, and a new
// solve after `set_bounds` (a search node fixing or freeing variables) starts from them, so a
// child node of the search costs a few pivots instead of a solve from scratch. Any basis is a
// basis for any bounds; only the values move.
//
// It runs in doubles, so its "infeasible" is never trusted as such: it yields multipliers
// lambda >= 0 (from the phase-1 costs of the basis), and infeasibility is reported only when
// lambda . b < min over the box [lo, hi] of lambda . A z, checked in long double with a margin
// (a Farkas certificate). A rounding error can therefore only make the check miss a proof
// (`unknown`), never claim a wrong one; a failed check refactors from the slack basis once. Single-
// threaded, fixed tie-breaks, pivots counted: the same rows and the same sequence of bounds give
// the same answers on every run.
#pragma once
#include <utility>
#include <vector>

namespace libaudit { inline namespace v0 { namespace alloc { namespace detail {

class FeasibilityLp {
public:
    enum class Result { feasible, infeasible, unknown };

    // A variable in [0, 1] (its bounds may be narrowed by set_bounds).
    int add_variable() {
        lo_.push_back(0.0);
        hi_.push_back(1.0);
        built_ = false;
        return variables_++;
    }
    // sum terms (variable, coefficient) <= rhs; returns the row's index.
    int add_row(std::vector<std::pair<int, double>> terms, double rhs) {
        rows_.push_back({std::move(terms), rhs});
        built_ = false;
        return rows() - 1;
    }
    // Narrows (or restores) a variable's bounds, 0 <= lo <= hi <= 1. Keeps the warm start.
    void set_bounds(int variable, double lo, double hi) {
        lo_[variable] = lo;
        hi_[variable] = hi;
    }
    // Changes a row's right-hand side, keeping the warm start (the tableau's b column moves by
    // B^-1 e_row times the change).
    void set_rhs(int row, double rhs);
    int variables() const { return variables_; }
    int rows() const { return static_cast<int>(rows_.size()); }

    // Takes its pivots from `pivot_budget`; `unknown` when they run out or the certificate fails.
    // On `feasible`, `solution` (if given) receives a point (approximately) satisfying the rows.
    Result solve(long& pivot_budget, std::vector<double>* solution);

private:
    struct Row {
        std::vector<std::pair<int, double>> terms;
        double rhs;
    };
    enum class Status : char { basic, at_lo, at_hi };
    enum class Step { feasible, optimal, pivoted, stuck };

    void build();
    void refresh_values();
    Step iterate(bool bland);
    int entering(const std::vector<double>& cost, bool bland, double& dir) const;
    int leaving(int j, double dir, double& theta) const;
    void pivot(int r, int j);
    double lower(int j) const { return j < variables_ ? lo_[j] : 0.0; }
    double upper(int j) const;
    Result finish(std::vector<double>* solution) const;
    bool certified(const std::vector<double>& lambda) const;
    std::vector<double> phase1_costs() const;

    int variables_ = 0;
    std::vector<Row> rows_;
    std::vector<double> lo_, hi_;
    // The tableau B^-1 [A | I | b]: m rows of (variables + m slacks + 1) entries, the basis per row,
    // the status and value of every column (structural, then one slack per row).
    bool built_ = false;
    int m_ = 0, width_ = 0;
    long pivots_since_build_ = 0;
    std::vector<double> t_;
    std::vector<int> basis_;
    std::vector<Status> status_;
    std::vector<double> value_;
    std::vector<int> nz_;
};

}}}}  // namespace libaudit::v0::alloc::detail
