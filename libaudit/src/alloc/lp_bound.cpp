// The feasibility LP of lp_bound.hpp: a bounded primal simplex minimising the sum of
// infeasibilities on a dense tableau kept between solves, and the check of its Farkas certificate.
#include "alloc/lp_bound.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace libaudit { inline namespace v0 { namespace alloc { namespace detail {

namespace {

constexpr double eps = 1e-9;        // feasibility and reduced-cost tolerance
constexpr double pivot_eps = 1e-9;  // the least tableau entry pivoted on
constexpr double infinity = std::numeric_limits<double>::infinity();
// Pivots after which the tableau is rebuilt from the slack basis, so that rounding cannot build up
// without end across a long search (a count, so the rebuild happens at the same point every run).
constexpr long rebuild_after = 20000;

}  // namespace

double FeasibilityLp::upper(int j) const { return j < variables_ ? hi_[j] : infinity; }

// The slack basis: B = I, every structural variable at its lower bound.
void FeasibilityLp::build() {
    m_ = rows();
    width_ = variables_ + m_;
    t_.assign(static_cast<std::size_t>(m_) * (width_ + 1), 0.0);
    basis_.assign(m_, 0);
    status_.assign(width_, Status::at_lo);
    value_.assign(width_, 0.0);
    for (int r = 0; r < m_; ++r) {
        double* row = &t_[static_cast<std::size_t>(r) * (width_ + 1)];
        for (const auto& [v, a] : rows_[r].terms) row[v] += a;
        row[variables_ + r] = 1.0;
        row[width_] = rows_[r].rhs;
        basis_[r] = variables_ + r;
        status_[variables_ + r] = Status::basic;
    }
    built_ = true;
    pivots_since_build_ = 0;
}

void FeasibilityLp::set_rhs(int row, double rhs) {
    const double delta = rhs - rows_[row].rhs;
    if (delta == 0.0) return;
    rows_[row].rhs = rhs;
    if (!built_) return;
    const int w = width_ + 1;
    for (int r = 0; r < m_; ++r) {
        double* tr = &t_[static_cast<std::size_t>(r) * w];
        tr[width_] += tr[variables_ + row] * delta;
    }
}

// Nonbasic columns at their (possibly new) bounds; basic values x_B = B^-1 b - B^-1 N x_N.
void FeasibilityLp::refresh_values() {
    std::vector<int> moved;
    for (int j = 0; j < width_; ++j) {
        if (status_[j] == Status::basic) continue;
        if (status_[j] == Status::at_hi && upper(j) == infinity) status_[j] = Status::at_lo;
        value_[j] = status_[j] == Status::at_hi ? upper(j) : lower(j);
        if (value_[j] != 0.0) moved.push_back(j);
    }
    for (int r = 0; r < m_; ++r) {
        const double* row = &t_[static_cast<std::size_t>(r) * (width_ + 1)];
        double x = row[width_];
        for (const int j : moved) x -= row[j] * value_[j];
        value_[basis_[r]] = x;
    }
}

// Per row: -1 when its basic variable is below its lower bound, +1 above its upper, else 0.
std::vector<double> FeasibilityLp::phase1_costs() const {
    std::vector<double> cost(m_, 0.0);
    for (int r = 0; r < m_; ++r) {
        const int j = basis_[r];
        if (value_[j] < lower(j) - eps) cost[r] = -1.0;
        else if (value_[j] > upper(j) + eps) cost[r] = 1.0;
    }
    return cost;
}

// The entering column and its direction (+1 up from its lower bound, -1 down from its upper):
// the steepest decrease of the infeasibility (Dantzig), or the first decreasing one (Bland).
int FeasibilityLp::entering(const std::vector<double>& cost, bool bland, double& dir) const {
    std::vector<double> g(width_, 0.0);  // d infeasibility / d x_j = -sum_r cost_r T_rj
    for (int r = 0; r < m_; ++r) {
        if (cost[r] == 0.0) continue;
        const double* row = &t_[static_cast<std::size_t>(r) * (width_ + 1)];
        for (int j = 0; j < width_; ++j) g[j] -= cost[r] * row[j];
    }
    int best = -1;
    double best_rate = 0;
    for (int j = 0; j < width_; ++j) {
        if (status_[j] == Status::basic || upper(j) - lower(j) <= 0.0) continue;
        double rate = 0;
        if (status_[j] == Status::at_lo && g[j] < -eps) rate = -g[j];
        else if (status_[j] == Status::at_hi && g[j] > eps) rate = g[j];
        if (rate == 0) continue;
        if (bland) {
            dir = status_[j] == Status::at_lo ? 1.0 : -1.0;
            return j;
        }
        if (rate > best_rate) {
            best = j;
            best_rate = rate;
        }
    }
    if (best >= 0) dir = status_[best] == Status::at_lo ? 1.0 : -1.0;
    return best;
}

// The leaving row for entering column j moving in `dir`: the first basic variable to reach a
// bound (a feasible one leaving its range, an infeasible one reaching the bound it violates);
// -1 with theta set when the entering variable reaches its own other bound first, -2 when
// nothing blocks (cannot happen while the infeasibility decreases; numerical trouble).
int FeasibilityLp::leaving(int j, double dir, double& theta) const {
    int best = -2;
    theta = upper(j) - lower(j);
    if (theta != infinity) best = -1;
    double best_alpha = 0;
    for (int r = 0; r < m_; ++r) {
        const double alpha = t_[static_cast<std::size_t>(r) * (width_ + 1) + j] * dir;
        if (std::fabs(alpha) <= pivot_eps) continue;
        const int b = basis_[r];
        const double x = value_[b], lo = lower(b), hi = upper(b);
        double ratio = infinity;
        if (alpha > 0) {  // x_b decreases
            if (x > hi + eps) ratio = (x - hi) / alpha;
            else if (x >= lo - eps) ratio = (x - lo) / alpha;
        } else {  // x_b increases
            if (x < lo - eps) ratio = (lo - x) / -alpha;
            else if (x <= hi + eps && hi != infinity) ratio = (hi - x) / -alpha;
        }
        if (ratio == infinity) continue;
        ratio = std::max(0.0, ratio);
        if (best == -2 || ratio < theta - 1e-12 || (ratio <= theta + 1e-12 && best >= 0 && std::fabs(alpha) > best_alpha)) {
            best = r;
            theta = ratio;
            best_alpha = std::fabs(alpha);
        }
    }
    return best;
}

// Gauss-Jordan pivot on (r, c), over the nonzero entries of the pivot row only.
void FeasibilityLp::pivot(int r, int c) {
    const int w = width_ + 1;
    double* pr = &t_[static_cast<std::size_t>(r) * w];
    const double inv = 1.0 / pr[c];
    nz_.clear();
    for (int k = 0; k < w; ++k) {
        if (pr[k] == 0.0) continue;
        pr[k] *= inv;
        nz_.push_back(k);
    }
    pr[c] = 1.0;
    // A pivot row with many nonzeros is applied as a dense, vectorisable loop: subtracting f * 0
    // leaves every entry's value as it was, so both loops give the same tableau.
    const bool dense = nz_.size() * 4 > static_cast<std::size_t>(w);
    for (int q = 0; q < m_; ++q) {
        if (q == r) continue;
        double* rq = &t_[static_cast<std::size_t>(q) * w];
        const double f = rq[c];
        if (f == 0.0) continue;
        if (dense) {
            for (int k = 0; k < w; ++k) rq[k] -= f * pr[k];
        } else {
            for (const int k : nz_) rq[k] -= f * pr[k];
        }
        rq[c] = 0.0;
    }
    basis_[r] = c;
}

// One simplex step on the sum of infeasibilities.
FeasibilityLp::Step FeasibilityLp::iterate(bool bland) {
    const std::vector<double> cost = phase1_costs();
    if (std::all_of(cost.begin(), cost.end(), [](double c) { return c == 0.0; })) return Step::feasible;
    double dir = 0;
    const int j = entering(cost, bland, dir);
    if (j < 0) return Step::optimal;
    double theta = 0;
    const int r = leaving(j, dir, theta);
    if (r == -2) return Step::stuck;
    for (int q = 0; q < m_; ++q) value_[basis_[q]] -= t_[static_cast<std::size_t>(q) * (width_ + 1) + j] * dir * theta;
    if (r == -1) {  // the entering variable crosses to its other bound: no basis change
        status_[j] = dir > 0 ? Status::at_hi : Status::at_lo;
        value_[j] = dir > 0 ? upper(j) : lower(j);
        return Step::pivoted;
    }
    const int b = basis_[r];
    const double x = value_[b];
    const bool to_hi = upper(b) != infinity && std::fabs(x - upper(b)) < std::fabs(x - lower(b));
    status_[b] = to_hi ? Status::at_hi : Status::at_lo;
    value_[b] = to_hi ? upper(b) : lower(b);
    const double entered = value_[j] + dir * theta;
    pivot(r, j);
    status_[j] = Status::basic;
    value_[j] = entered;
    return Step::pivoted;
}

FeasibilityLp::Result FeasibilityLp::solve(long& pivot_budget, std::vector<double>* solution) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (!built_ || pivots_since_build_ >= rebuild_after || attempt == 1) build();
        refresh_values();
        long degenerate = 0;
        double last = infinity;
        Step step = Step::pivoted;
        while (step == Step::pivoted) {
            if (pivot_budget <= 0) return Result::unknown;
            double infeasibility = 0;
            for (int r = 0; r < m_; ++r) {
                const int j = basis_[r];
                infeasibility += std::max(0.0, lower(j) - value_[j]) + std::max(0.0, value_[j] - upper(j));
            }
            degenerate = infeasibility >= last - 1e-12 ? degenerate + 1 : 0;
            last = infeasibility;
            step = iterate(degenerate > 50);
            if (step == Step::pivoted) {
                --pivot_budget;
                ++pivots_since_build_;
            }
        }
        if (step == Step::feasible) return finish(solution);
        if (step == Step::optimal) {
            const std::vector<double> cost = phase1_costs();
            std::vector<double> up(m_, 0.0), down(m_, 0.0);  // lambda = max(0, -y) and max(0, y)
            for (int r = 0; r < m_; ++r) {
                double y = 0;
                for (int q = 0; q < m_; ++q)
                    if (cost[q] != 0.0) y += cost[q] * t_[static_cast<std::size_t>(q) * (width_ + 1) + variables_ + r];
                up[r] = std::max(0.0, -y);
                down[r] = std::max(0.0, y);
            }
            if (certified(up) || certified(down)) return Result::infeasible;
        }
        // Numerical trouble or an uncertified end: once more from the slack basis.
    }
    return Result::unknown;
}

FeasibilityLp::Result FeasibilityLp::finish(std::vector<double>* solution) const {
    if (solution) {
        solution->assign(variables_, 0.0);
        for (int j = 0; j < variables_; ++j) (*solution)[j] = std::clamp(value_[j], 0.0, 1.0);
    }
    return Result::feasible;
}

// lambda >= 0 proves the rows infeasible over the box [lo, hi] when lambda . b is below the least
// value of lambda . A z there, by more than the rounding.
bool FeasibilityLp::certified(const std::vector<double>& lambda) const {
    std::vector<long double> column(variables_, 0.0L);
    long double rhs = 0, scale = 0;
    bool any = false;
    for (std::size_t r = 0; r < rows_.size(); ++r) {
        const long double l = lambda[r];
        if (l == 0) continue;
        any = true;
        rhs += l * rows_[r].rhs;
        scale += std::fabs(l * rows_[r].rhs);
        for (const auto& [v, a] : rows_[r].terms) {
            column[v] += l * a;
            scale += std::fabs(l * a);
        }
    }
    if (!any) return false;
    long double least = 0;
    for (int v = 0; v < variables_; ++v) {
        const long double lo = lo_[v], hi = hi_[v];
        least += std::min(column[v] * lo, column[v] * hi);
    }
    return rhs < least - 1e-9L * (1 + scale);
}

}}}}  // namespace libaudit::v0::alloc::detail
