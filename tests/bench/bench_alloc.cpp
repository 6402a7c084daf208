// Allocation verdicts over generated instances (tests/unit/alloc/alloc_instances.hpp): per shape
// and size, how many instances were decided, the median and p99 time to a proven verdict, and
// the share whose placement is proven optimal by the other criteria too. Not a timed test: CTest
// runs it small (bench.alloc-smoke) so that it cannot rot; docs/performance.md has the figures.
//
//   bench_alloc [--instances N] [--seed S] [--repeat R] [--sizes 20x60,40x200]
//               [--shapes count,credit,mixed,capped] [--verbose 1] [--improve-steps N] [--max-seconds T]
//               [--verdict-steps N] [--lp-pivots N] [--exact-nodes N] [--exact-after N] [--repair-moves N]
//
// --verbose 1 prints one line per instance (verdict, steps, ms), to find the hard ones. "tstop"
// counts the undecided ones that the wall-clock safety stop (Problem::max_seconds) ended rather
// than a step or pivot budget: on a loaded machine that can happen before the budgets run out;
// --max-seconds 1000 measures what the budgets alone decide. "ilp" counts the instances whose verdict
// the exact fallback (CBC, Problem::max_exact_nodes; 0 turns it off) proved, in builds that have it.
//
// Time to the verdict is solve() with max_improve_steps = 0 (the search stops once the verdict is
// proven); "full" is solve() with the default budgets. Each instance is solved R times and the
// fastest run is kept (other processes on the machine only ever add time). CPU time of the thread.
#include "alloc/alloc.hpp"
#include "alloc_instances.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

namespace {

namespace A = libaudit::alloc;
namespace G = alloc_instances;

double cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

struct Options {
    int instances = 200;
    unsigned seed = 1;
    int repeat = 3;
    std::vector<std::pair<int, int>> sizes{{6, 18}, {10, 30}, {20, 60}, {30, 120}, {40, 200}};
    std::string shapes = "count,credit,mixed,capped";
    bool verbose = false;
    long improve_steps = -1;  // --improve-steps: Problem::max_improve_steps for "full" (-1: the default)
    double max_seconds = -1;  // --max-seconds: Problem::max_seconds, the wall-clock safety stop (-1: the default)
    long verdict_steps = -1;  // --verdict-steps: Problem::max_verdict_steps (-1: the default)
    long lp_pivots = -1;      // --lp-pivots: Problem::max_lp_pivots (-1: the default)
    long exact_nodes = -1;    // --exact-nodes: Problem::max_exact_nodes (-1: the default)
    long exact_after = -1;    // --exact-after: Problem::exact_after_steps (-1: the default)
    long repair_moves = -1;   // --repair-moves: Problem::max_repair_moves (-1: the default)
};

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(k, v.size() - 1)];
}

struct Row {
    int sat = 0, unsat = 0, undecided = 0, optimal = 0, time_stopped = 0, by_ilp = 0;
    long max_steps = 0;
    std::vector<double> verdict_ms, full_ms;
};

// The fastest of `repeat` solves, in ms of thread CPU time.
double time_solve(const A::Problem& p, int repeat, A::Solution& out) {
    double best = 1e300;
    for (int r = 0; r < repeat; ++r) {
        const double t0 = cpu_ms();
        out = A::solve(p);
        best = std::min(best, cpu_ms() - t0);
    }
    return best;
}

Row measure(G::Shape shape, int reqs, int courses, const Options& o) {
    Row row;
    for (int k = 0; k < o.instances; ++k) {
        G::Spec spec;
        spec.shape = shape;
        spec.requirements = reqs;
        spec.courses = courses;
        A::Problem p = G::make_instance(spec, o.seed * 100003u + static_cast<unsigned>(k));
        if (o.improve_steps >= 0) p.max_improve_steps = o.improve_steps;
        if (o.max_seconds >= 0) p.max_seconds = o.max_seconds;
        if (o.verdict_steps >= 0) p.max_verdict_steps = o.verdict_steps;
        if (o.lp_pivots >= 0) p.max_lp_pivots = o.lp_pivots;
        if (o.exact_nodes >= 0) p.max_exact_nodes = o.exact_nodes;
        if (o.exact_after >= 0) p.exact_after_steps = o.exact_after;
        if (o.repair_moves >= 0) p.max_repair_moves = o.repair_moves;
        A::Solution full;
        row.full_ms.push_back(time_solve(p, o.repeat, full));
        p.max_improve_steps = 0;
        A::Solution verdict;
        row.verdict_ms.push_back(time_solve(p, o.repeat, verdict));
        row.max_steps = std::max(row.max_steps, verdict.steps);
        if (!verdict.verdict_proven) ++row.undecided;
        if (verdict.verdict_by_ilp) ++row.by_ilp;
        if (verdict.time_stopped) ++row.time_stopped;
        else if (verdict.evaluation.score.root_passed) ++row.sat;
        else ++row.unsat;
        row.optimal += full.optimal ? 1 : 0;
        if (o.verbose)
            std::printf("  %s %dx%d #%d: %s steps %ld verdict %.3f ms, full %.3f ms%s%s\n", G::shape_name(shape), reqs, courses,
                        k, !verdict.verdict_proven ? "undecided" : verdict.evaluation.score.root_passed ? "met" : "not met",
                        verdict.steps, row.verdict_ms.back(), row.full_ms.back(), full.optimal ? ", optimal" : "",
                        verdict.verdict_by_ilp ? ", by ilp" : "");
    }
    return row;
}

Options parse(int argc, char** argv) {
    Options o;
    for (int a = 1; a + 1 < argc; a += 2) {
        const std::string k = argv[a], v = argv[a + 1];
        if (k == "--instances") o.instances = std::atoi(v.c_str());
        else if (k == "--seed") o.seed = static_cast<unsigned>(std::atoi(v.c_str()));
        else if (k == "--repeat") o.repeat = std::atoi(v.c_str());
        else if (k == "--shapes") o.shapes = "," + v + ",";
        else if (k == "--verbose") o.verbose = v == "1";
        else if (k == "--improve-steps") o.improve_steps = std::atol(v.c_str());
        else if (k == "--max-seconds") o.max_seconds = std::atof(v.c_str());
        else if (k == "--verdict-steps") o.verdict_steps = std::atol(v.c_str());
        else if (k == "--lp-pivots") o.lp_pivots = std::atol(v.c_str());
        else if (k == "--exact-nodes") o.exact_nodes = std::atol(v.c_str());
        else if (k == "--exact-after") o.exact_after = std::atol(v.c_str());
        else if (k == "--repair-moves") o.repair_moves = std::atol(v.c_str());
        else if (k == "--sizes") {
            o.sizes.clear();
            for (std::size_t pos = 0; pos < v.size();) {
                const std::size_t end = std::min(v.find(',', pos), v.size());
                const std::string one = v.substr(pos, end - pos);
                o.sizes.emplace_back(std::atoi(one.c_str()), std::atoi(one.substr(one.find('x') + 1).c_str()));
                pos = end + 1;
            }
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const Options o = parse(argc, argv);
    std::printf("%-7s %-7s %5s %5s %5s %5s %5s %5s %9s %9s %9s %9s %9s %8s %9s\n", "shape", "size", "n", "sat", "unsat",
                "undec", "tstop", "ilp", "verd_p50", "verd_p99", "verd_max", "full_p50", "full_p99", "optimal", "max_steps");
    const G::Shape shapes[] = {G::Shape::count, G::Shape::credit, G::Shape::mixed, G::Shape::capped};
    for (const auto& [reqs, courses] : o.sizes) {
        for (const G::Shape shape : shapes) {
            if (o.shapes.find(G::shape_name(shape)) == std::string::npos) continue;
            const Row r = measure(shape, reqs, courses, o);
            const std::string size = std::to_string(reqs) + "x" + std::to_string(courses);
            std::printf("%-7s %-7s %5d %5d %5d %5d %5d %5d %9.3f %9.3f %9.3f %9.3f %9.3f %7.1f%% %9ld\n", G::shape_name(shape),
                        size.c_str(), o.instances, r.sat, r.unsat, r.undecided, r.time_stopped, r.by_ilp, percentile(r.verdict_ms, 0.5),
                        percentile(r.verdict_ms, 0.99), percentile(r.verdict_ms, 1.0), percentile(r.full_ms, 0.5),
                        percentile(r.full_ms, 0.99), 100.0 * r.optimal / o.instances, r.max_steps);
            std::fflush(stdout);
        }
    }
    return 0;
}
