// Cross-check of allocation verdicts against an independent integer program solved by GLPK's
// glpsol (Debian package glpk-utils). For each generated instance (alloc_instances.hpp: count-only,
// credit-only, mixed and capped trees, small to 40 requirements x 200 records, satisfiable and
// not) and each view (passed records only, all records):
//
// * solve() must prove the verdict (verdict_proven), and its placement must be feasible and score
//   what the reference evaluator of alloc_bruteforce.hpp says;
// * the root is met in solve()'s placement exactly when the integer program (records to eligible
//   leaves, a 0/1 satisfaction variable per node, caps as constraints, the root forced satisfied)
//   is feasible.
//
//   alloc_ilp_check --glpsol PATH [--instances N] [--seed S] [--work DIR] [--ilp-seconds T]
//                   [--exact-nodes N] [--compare 1]
//
// An instance solve() leaves undecided is counted and reported, its "not met" never checked (a
// met root is proven by the placement itself); a view glpsol cannot decide within T seconds is
// counted and not checked. Only a wrong verdict or an inconsistent placement fails the test.
//
// In a build with the exact fallback (CBC, LIBAUDIT_EXACT_ILP), solve() must also decide every
// instance: one it leaves undecided fails the test, unless the time safety stop ended it (a loaded
// machine), which is reported. --exact-nodes sets Problem::max_exact_nodes (0: the search alone).
// --compare 1 measures, on each instance the search alone leaves undecided, solve() with the
// fallback and glpsol (GLPK) on the same integer program: one line each, CPU milliseconds.
//
// CTest runs a few hundred instances (alloc.ilp); LIBAUDIT_ALLOC_SOAK=N (or --instances N) runs N,
// e.g. thousands, for a soak. A failure prints the instance as C++ (describe()) and the LP file.
#include "alloc/alloc.hpp"
#include "alloc/exact_ilp.hpp"
#include "alloc_bruteforce.hpp"
#include "alloc_instances.hpp"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/resource.h>

namespace {

namespace A = libaudit::alloc;
namespace G = alloc_instances;

struct Options {
    std::string glpsol = "glpsol";
    std::string work = ".";
    int instances = 300;
    unsigned seed = 7;
    int ilp_seconds = 10;  // glpsol's own limit; an instance it cannot decide in time is not checked
    long exact_nodes = -1; // Problem::max_exact_nodes (-1: the default)
    bool compare = false;
};

// Terms "+ coef var" for the records under `node` (weight or count), view-filtered.
std::string amount_terms(const A::Problem& p, int node, bool passed_view, bool by_weight, const std::vector<int>* members) {
    std::ostringstream os;
    for (std::size_t i = 0; i < p.items.size(); ++i) {
        const A::Item& it = p.items[i];
        if (passed_view && !it.passed) continue;
        if (members && std::find(members->begin(), members->end(), static_cast<int>(i)) == members->end()) continue;
        for (std::size_t k = 0; k < it.leaves.size(); ++k)
            if (alloc_test::in_subtree(p, it.leaves[k], node))
                os << " + " << (by_weight ? it.weight : 1) << " x" << i << "_" << k;
    }
    return os.str();
}

bool fixed(const A::Node& n) { return n.fixed_passed.has_value() || n.fixed_all.has_value(); }
bool fixed_value(const A::Node& n, bool passed_view) {
    const bool sp = n.fixed_passed.value_or(n.fixed_all.value_or(false));
    return passed_view ? sp : n.fixed_all.value_or(sp);
}

void node_rows(std::ostream& os, const A::Problem& p, int n, bool passed_view) {
    const A::Node& node = p.nodes[n];
    if (node.min_weight > 0)
        os << " w" << n << ":" << amount_terms(p, n, passed_view, true, nullptr) << " - " << node.min_weight << " y" << n << " >= 0\n";
    if (node.min_count > 0)
        os << " c" << n << ":" << amount_terms(p, n, passed_view, false, nullptr) << " - " << node.min_count << " y" << n << " >= 0\n";
    if (node.children.empty()) return;
    int fixed_true = 0;
    std::ostringstream kids;
    for (int c : node.children) {
        if (fixed(p.nodes[c])) fixed_true += fixed_value(p.nodes[c], passed_view) ? 1 : 0;
        else kids << " + y" << c;
    }
    const int k = static_cast<int>(node.children.size());
    const int required = node.kind == A::NodeKind::all ? k : node.kind == A::NodeKind::any ? 1 : node.at_least;
    // sum(y_children) + fixed_true >= required * y_n
    os << " k" << n << ":" << kids.str() << " - " << required << " y" << n << " >= " << -fixed_true << "\n";
}

// The integer program "some placement satisfies the root in this view", in CPLEX LP format.
std::string lp_text(const A::Problem& p, bool passed_view) {
    std::ostringstream os;
    os << "Minimize\n obj: 0 y0\nSubject To\n root: y0 = 1\n";
    for (std::size_t i = 0; i < p.items.size(); ++i) {
        const A::Item& it = p.items[i];
        if ((passed_view && !it.passed) || it.leaves.empty()) continue;
        os << " one" << i << ":";
        for (std::size_t k = 0; k < it.leaves.size(); ++k) os << " + x" << i << "_" << k;
        os << " <= 1\n";
    }
    for (int n = 0; n < static_cast<int>(p.nodes.size()); ++n)
        if (!fixed(p.nodes[n])) node_rows(os, p, n, passed_view);
    for (std::size_t c = 0; c < p.caps.size(); ++c) {
        const A::Cap& cap = p.caps[c];
        const std::string w = amount_terms(p, cap.node, passed_view, true, &cap.members);
        const std::string n = amount_terms(p, cap.node, passed_view, false, &cap.members);
        if (cap.max_weight != A::no_weight_cap && !w.empty()) os << " capw" << c << ":" << w << " <= " << cap.max_weight << "\n";
        if (cap.max_count != A::no_count_cap && !n.empty()) os << " capc" << c << ":" << n << " <= " << cap.max_count << "\n";
    }
    os << "Binary\n";
    for (std::size_t n = 0; n < p.nodes.size(); ++n)
        if (!fixed(p.nodes[n])) os << " y" << n << "\n";
    for (std::size_t i = 0; i < p.items.size(); ++i)
        if (!(passed_view && !p.items[i].passed))
            for (std::size_t k = 0; k < p.items[i].leaves.size(); ++k) os << " x" << i << "_" << k << "\n";
    os << "End\n";
    return os.str();
}

// 1: feasible, 0: infeasible, -1: glpsol failed, -2: glpsol ran out of time.
int ilp_feasible(const Options& o, const std::string& lp, const std::string& name) {
    const std::string lp_path = o.work + "/" + name + ".lp", sol_path = o.work + "/" + name + ".sol";
    std::ofstream(lp_path) << lp;
    std::remove(sol_path.c_str());
    const std::string cmd = o.glpsol + " --tmlim " + std::to_string(o.ilp_seconds) + " --lp " + lp_path + " -w " +
                            sol_path + " > /dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) return -1;
    std::ifstream sol(sol_path);
    for (std::string line; std::getline(sol, line);) {
        if (line.rfind("s mip", 0) != 0) continue;
        std::istringstream ls(line);
        std::string s, mip, status;
        int rows = 0, cols = 0;
        ls >> s >> mip >> rows >> cols >> status;
        if (status == "o" || status == "f") return 1;
        if (status == "n") return 0;
        return -2;
    }
    return -1;
}

G::Spec spec_for(int k) {
    static const std::pair<int, int> sizes[] = {{4, 10}, {6, 18}, {10, 30}, {20, 60}, {30, 120}, {40, 200}};
    G::Spec s;
    s.shape = static_cast<G::Shape>(k % 4);
    s.requirements = sizes[(k / 4) % 6].first;
    s.courses = sizes[(k / 4) % 6].second;
    s.groups = (k / 24) % 2 == 0;
    return s;
}

struct Tally {
    int failures = 0, sat = 0, unsat = 0, undecided = 0, oracle_undecided = 0, by_ilp = 0, time_stopped = 0;
};

double cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

double children_cpu_ms() {
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    const auto ms = [](const timeval& v) { return static_cast<double>(v.tv_sec) * 1e3 + static_cast<double>(v.tv_usec) / 1e3; };
    return ms(u.ru_utime) + ms(u.ru_stime);
}

// --compare: an instance the search alone leaves undecided, solved by solve() with the fallback
// and by glpsol (each view the search left open), CPU time of each.
void compare(const Options& o, const A::Problem& with, int k) {
    A::Problem alone = with;
    alone.max_exact_nodes = 0;
    double t0 = cpu_ms();
    const A::Solution a = A::solve(alone);
    const double alone_ms = cpu_ms() - t0;
    if (a.verdict_proven) return;
    A::Problem engine = with;  // CBC right after the checks at the root, as the engine
    engine.exact_after_steps = 0;
    t0 = cpu_ms();
    const A::Solution f = A::solve(engine);
    const double with_ms = cpu_ms() - t0;
    std::cout << "compare instance " << k << " (" << G::shape_name(spec_for(k).shape) << " " << spec_for(k).requirements << "x"
              << spec_for(k).courses << "): search alone " << alone_ms << " ms undecided; CBC after the root checks " << with_ms << " ms, "
              << (f.verdict_proven ? (f.evaluation.score.root_passed ? "met" : "not met") : "undecided")
              << (f.verdict_by_ilp ? " (by ilp)" : "");
    for (int view = 0; view < 2; ++view) {
        const std::string name = "alloc_ilp_cmp_" + std::to_string(k) + "_" + std::to_string(view);
        const double c0 = children_cpu_ms();
        const int r = ilp_feasible(o, lp_text(with, view == 0), name);
        std::cout << "; glpsol view " << view << " " << children_cpu_ms() - c0 << " ms "
                  << (r == 1 ? "feasible" : r == 0 ? "infeasible" : r == -2 ? "out of time" : "failed");
    }
    std::cout << "\n";
}

// Checks one view of an instance against glpsol; returns the reason when the verdict is wrong.
std::string check_view(const Options& o, const A::Problem& p, int k, int view, bool got, Tally& t) {
    const std::string name = o.work + "/alloc_ilp_" + std::to_string(k) + "_" + std::to_string(view);
    const int want = ilp_feasible(o, lp_text(p, view == 0), name.substr(o.work.size() + 1));
    if (want == -1) return "glpsol failed on " + name + ".lp";
    if (want == -2) ++t.oracle_undecided;
    if (want >= 0 && (want == 1) != got) return "verdict differs from the ILP, " + name + ".lp";
    std::remove((name + ".lp").c_str());
    std::remove((name + ".sol").c_str());
    return "";
}

// Checks one instance; counts a failure (after printing why) on a wrong verdict or placement.
void check(const Options& o, int k, Tally& t) {
    const G::Spec spec = spec_for(k);
    const unsigned seed = o.seed * 1000003u + static_cast<unsigned>(k);
    A::Problem p = G::make_instance(spec, seed);
    if (o.exact_nodes >= 0) p.max_exact_nodes = o.exact_nodes;
    if (o.compare) compare(o, p, k);
    const A::Solution s = A::solve(p);
    t.by_ilp += s.verdict_by_ilp ? 1 : 0;
    t.time_stopped += s.time_stopped ? 1 : 0;
    const A::Evaluation ref = alloc_test::reference_evaluate(p, s.assignment);
    std::string why;
    if (!ref.feasible || !alloc_test::score_equal(ref.score, s.evaluation.score)) why = "placement inconsistent";
    const bool got[2] = {s.evaluation.score.root_passed != 0, s.evaluation.score.root_all != 0};
    if (!s.verdict_proven && !s.time_stopped && libaudit::alloc::detail::exact_ilp_available() && why.empty())
        why = "left undecided in a build with the exact fallback";
    if (!s.verdict_proven) ++t.undecided;
    else (got[0] ? t.sat : t.unsat) += 1;
    // A met root is proven by the placement (checked above); a root not met only if proven.
    for (int view = 0; view < 2 && why.empty(); ++view)
        if (got[view] || s.verdict_proven) why = check_view(o, p, k, view, got[view], t);
    if (why.empty()) return;
    ++t.failures;
    std::cout << "FAIL instance " << k << " (" << G::shape_name(spec.shape) << " " << spec.requirements << "x"
              << spec.courses << ", seed " << seed << "): " << why << "\n"
              << alloc_test::describe(p) << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    if (const char* soak = std::getenv("LIBAUDIT_ALLOC_SOAK")) o.instances = std::atoi(soak);
    for (int a = 1; a + 1 < argc; a += 2) {
        const std::string k = argv[a], v = argv[a + 1];
        if (k == "--glpsol") o.glpsol = v;
        else if (k == "--instances") o.instances = std::atoi(v.c_str());
        else if (k == "--seed") o.seed = static_cast<unsigned>(std::atoi(v.c_str()));
        else if (k == "--work") o.work = v;
        else if (k == "--ilp-seconds") o.ilp_seconds = std::atoi(v.c_str());
        else if (k == "--exact-nodes") o.exact_nodes = std::atol(v.c_str());
        else if (k == "--compare") o.compare = v == "1";
    }
    Tally t;
    for (int k = 0; k < o.instances; ++k) check(o, k, t);
    std::cout << o.instances << " instances: " << t.sat << " met with passed records, " << t.unsat << " not, "
              << t.undecided << " undecided by solve() (the step budget or the time safety stop ran out), " << t.by_ilp
              << " decided by the exact fallback, " << t.time_stopped << " ended by the time safety stop; "
              << t.oracle_undecided << " views glpsol could not decide in " << o.ilp_seconds << " s (not checked); "
              << t.failures << " wrong verdicts or placements\n";
    // The generator must produce both verdicts, or the check proves little.
    if (o.instances >= 50 && (t.sat == 0 || t.unsat == 0)) {
        std::cout << "FAIL: the generated instances are all of one verdict\n";
        return 1;
    }
    return t.failures == 0 ? 0 : 1;
}
