// A small dense linear-programming feasibility check with a verified certificate, used by the
// verdict search (decide.cpp) as the bound in which course-count and credit requirements and caps
// all compete for the same records: variables x (record on an open place) and y (a requirement
// satisfied) in [0, 1], rows `sum a z <= b`.
//
// The simplex (phase 1, dense tableau, Dantzig's rule with Bland's after degenerate stalls, ties
// by index) runs in doubles, so its "infeasible" is never trusted as such: it yields multipliers
// lambda >= 0 (the reduced costs of the slacks), and infeasibility is reported only when
// lambda . b < min over the box [0, 1]^n of lambda . A z, checked in long double with a margin
// (a Farkas certificate). A rounding error can therefore only make the check miss a proof
// (`unknown`), never claim a wrong one. Single-threaded and with fixed tie-breaks: the same
// rows give the same answer on every run.
#pragma once
#include <utility>
#include <vector>

namespace libaudit::alloc::detail {

class FeasibilityLp {
public:
    enum class Result { feasible, infeasible, unknown };

    // A variable in [0, 1]: the caller must also keep every variable at most 1 by its rows (the
    // certificate check relies on the box).
    int add_variable() { return variables_++; }
    // sum terms (variable, coefficient) <= rhs.
    void add_row(std::vector<std::pair<int, double>> terms, double rhs) { rows_.push_back({std::move(terms), rhs}); }
    int variables() const { return variables_; }
    int rows() const { return static_cast<int>(rows_.size()); }

    // Takes its pivots from `pivot_budget`; `unknown` when they run out or the certificate fails.
    // On `feasible`, `solution` (if given) receives a point (approximately) satisfying the rows.
    Result solve(long& pivot_budget, std::vector<double>* solution) const;

private:
    struct Row {
        std::vector<std::pair<int, double>> terms;
        double rhs;
    };
    bool certified(const std::vector<double>& lambda) const;
    int variables_ = 0;
    std::vector<Row> rows_;
};

}  // namespace libaudit::alloc::detail
