// The feasibility LP of lp_bound.hpp: phase 1 of the simplex method on a dense tableau, and the
// check of its Farkas certificate.
#include "alloc/lp_bound.hpp"

#include <algorithm>
#include <cmath>

namespace libaudit::alloc::detail {

namespace {

constexpr double eps = 1e-9;

// The dense phase-1 tableau: rows of [structural | slacks | artificials | rhs], the reduced
// costs of the phase-1 objective (minimise the sum of the artificials), and the basis.
struct Tableau {
    int m = 0, n = 0, width = 0;  // rows, structural columns, columns before the rhs
    int first_slack = 0, first_art = 0;
    std::vector<double> t;        // m x (width + 1)
    std::vector<double> d;        // width + 1 (last: minus the objective)
    std::vector<int> basis;
    std::vector<int> nz;          // the pivot row's nonzero columns

    double& at(int r, int c) { return t[static_cast<std::size_t>(r) * (width + 1) + c]; }

    // Gauss-Jordan pivot on (r, c), over the nonzero entries of the pivot row only (the rows stay
    // sparse for most of the solve).
    void pivot(int r, int c) {
        const int w = width + 1;
        double* pr = &t[static_cast<std::size_t>(r) * w];
        const double inv = 1.0 / pr[c];
        nz.clear();
        for (int k = 0; k < w; ++k) {
            if (pr[k] == 0.0) continue;
            pr[k] *= inv;
            nz.push_back(k);
        }
        pr[c] = 1.0;
        for (int q = 0; q < m; ++q) {
            if (q == r) continue;
            double* rq = &t[static_cast<std::size_t>(q) * w];
            const double f = rq[c];
            if (f == 0.0) continue;
            for (const int k : nz) rq[k] -= f * pr[k];
            rq[c] = 0.0;
        }
        const double f = d[c];
        if (f != 0.0) {
            for (const int k : nz) d[k] -= f * pr[k];
            d[c] = 0.0;
        }
        basis[r] = c;
    }

    // Entering column: Dantzig's most negative reduced cost, or Bland's first negative one.
    int entering(bool bland) const {
        int best = -1;
        for (int c = 0; c < first_art; ++c) {
            if (d[c] >= -eps) continue;
            if (bland) return c;
            if (best < 0 || d[c] < d[best]) best = c;
        }
        return best;
    }

    // Leaving row: the least ratio, ties by the lowest basic column (Bland) then row.
    int leaving(int c) {
        int best = -1;
        double best_ratio = 0;
        for (int r = 0; r < m; ++r) {
            const double a = at(r, c);
            if (a <= eps) continue;
            const double ratio = std::max(0.0, at(r, width)) / a;
            if (best < 0 || ratio < best_ratio - 1e-12 ||
                (ratio <= best_ratio + 1e-12 && basis[r] < basis[best])) {
                best = r;
                best_ratio = ratio;
            }
        }
        return best;
    }
};

}  // namespace

FeasibilityLp::Result FeasibilityLp::solve(long& pivot_budget, std::vector<double>* solution) const {
    Tableau tb;
    tb.m = rows();
    tb.n = variables_;
    int artificials = 0;
    for (const Row& row : rows_) artificials += row.rhs < 0 ? 1 : 0;
    tb.first_slack = tb.n;
    tb.first_art = tb.n + tb.m;
    tb.width = tb.first_art + artificials;
    tb.t.assign(static_cast<std::size_t>(tb.m) * (tb.width + 1), 0.0);
    tb.d.assign(tb.width + 1, 0.0);
    tb.basis.assign(tb.m, -1);
    int art = tb.first_art;
    for (int r = 0; r < tb.m; ++r) {
        const Row& row = rows_[r];
        const double sign = row.rhs < 0 ? -1.0 : 1.0;
        for (const auto& [v, a] : row.terms) tb.at(r, v) += sign * a;
        tb.at(r, tb.first_slack + r) = sign;
        tb.at(r, tb.width) = sign * row.rhs;
        if (row.rhs < 0) {
            tb.at(r, art) = 1.0;
            tb.basis[r] = art++;
            for (int k = 0; k <= tb.width; ++k) tb.d[k] -= tb.at(r, k);
            tb.d[tb.basis[r]] = 0.0;
        } else {
            tb.basis[r] = tb.first_slack + r;
        }
    }
    long degenerate = 0;
    bool optimal = false;
    for (; pivot_budget > 0; --pivot_budget) {
        const int c = tb.entering(degenerate > 50);
        if (c < 0) {
            optimal = true;
            break;
        }
        const int r = tb.leaving(c);
        if (r < 0) return Result::unknown;  // unbounded phase 1 cannot happen; numerical trouble
        degenerate = tb.at(r, tb.width) <= eps ? degenerate + 1 : 0;
        tb.pivot(r, c);
    }
    if (!optimal) return Result::unknown;
    double infeasibility = 0;
    for (int r = 0; r < tb.m; ++r)
        if (tb.basis[r] >= tb.first_art) infeasibility += std::max(0.0, tb.at(r, tb.width));
    if (infeasibility <= 1e-7) {
        if (solution) {
            solution->assign(tb.n, 0.0);
            for (int r = 0; r < tb.m; ++r)
                if (tb.basis[r] < tb.n) (*solution)[tb.basis[r]] = std::clamp(tb.at(r, tb.width), 0.0, 1.0);
        }
        return Result::feasible;
    }
    std::vector<double> lambda(tb.m);
    for (int r = 0; r < tb.m; ++r) lambda[r] = std::max(0.0, tb.d[tb.first_slack + r]);
    return certified(lambda) ? Result::infeasible : Result::unknown;
}

// lambda >= 0 proves the rows infeasible over the box [0, 1]^n when lambda . b is below the least
// value of lambda . A z there (the sum of the negative column totals), by more than the rounding.
bool FeasibilityLp::certified(const std::vector<double>& lambda) const {
    std::vector<long double> column(variables_, 0.0L);
    long double rhs = 0, scale = 0;
    for (std::size_t r = 0; r < rows_.size(); ++r) {
        const long double l = lambda[r];
        if (l == 0) continue;
        rhs += l * rows_[r].rhs;
        scale += std::fabs(l * rows_[r].rhs);
        for (const auto& [v, a] : rows_[r].terms) {
            column[v] += l * a;
            scale += std::fabs(l * a);
        }
    }
    long double least = 0;
    for (const long double c : column) least += std::min(0.0L, c);
    return rhs < least - 1e-9L * (1 + scale);
}

}  // namespace libaudit::alloc::detail
