// Benchmarks (Google Benchmark). Figures and how to reproduce them: docs/performance.md.
//   build/release/tests/bench/bench_audit --benchmark_min_time=0.2
#include <benchmark/benchmark.h>
#include <libaudit/libaudit.hpp>

#include "alloc.hpp"

#include <random>
#include <sstream>

namespace {

const std::string kRoot = LIBAUDIT_SOURCE_DIR;

// One student, the bundled 113 framework, rules loaded once: the embedding host's hot path.
void BM_AuditOneStudent(benchmark::State& state) {
    const libaudit::RuleSet rules = libaudit::load_ruleset(kRoot + "/rules/ntue-eam/eam-mse-113.yaml");
    auto subjects = libaudit::group_subjects(
        libaudit::read_records(kRoot + "/examples/grad/eam-met-pending/transcript.csv"),
        libaudit::read_profiles(kRoot + "/examples/grad/eam-met-pending/student.csv"));
    libaudit::AuditOptions o;
    o.as_of = libaudit::parse_term("1141");
    for (auto _ : state) benchmark::DoNotOptimize(libaudit::audit(rules, subjects.front(), o));
}
BENCHMARK(BM_AuditOneStudent)->Unit(benchmark::kMicrosecond);

// 40 records against a 10-domain framework with overlapping electives.
void BM_Audit40Records10Domains(benchmark::State& state) {
    std::ostringstream y;
    y << "libaudit: 1\nkind: programme\nid: bench\nversion: '1'\ntitle: bench\ncourses:\n";
    for (int d = 0; d < 10; ++d)
        for (int c = 0; c < 6; ++c)
            y << "  - {code: C" << d << c << ", title: t, credits: " << 2 + (c % 2) << ", domain: [d" << d
              << (c == 5 ? ", d" + std::to_string((d + 1) % 10) : "") << "]}\n";
    y << "domains:\n";
    for (int d = 0; d < 10; ++d) y << "  - {id: d" << d << ", title: D" << d << ", min_credits: 6}\n";
    y << "total: {min_credits: 60}\n";
    const libaudit::RuleSet rules = libaudit::load_ruleset_from_string(y.str(), "bench.yaml");
    libaudit::Subject s;
    for (int i = 0; i < 40; ++i) {
        libaudit::Record r;
        r.subject_id = "1";
        r.code = "C" + std::to_string(i % 10) + std::to_string(i / 10 + (i % 3));
        r.term = libaudit::Term{112 + i / 20, 1 + (i / 10) % 2};
        r.credits = 2 + (i % 2);
        r.grade = i % 7 == 0 ? "W" : "80";
        r.source_row = i + 2;
        s.records.push_back(r);
    }
    for (auto _ : state) benchmark::DoNotOptimize(libaudit::audit(rules, s));
}
BENCHMARK(BM_Audit40Records10Domains)->Unit(benchmark::kMicrosecond);

// Allocation-hard: 20 requirements x 60 courses, each course eligible for 3-6 requirements.
libaudit::alloc::Problem hard_problem(unsigned seed, bool satisfiable) {
    using namespace libaudit::alloc;
    std::mt19937 rng(seed);
    Problem p;
    p.nodes.emplace_back();
    p.nodes[0].min_weight = 0;
    for (int l = 0; l < 20; ++l) {
        Node n;
        n.parent = 0;
        n.min_weight = (satisfiable ? 6 : 9) * weight_unit;
        p.nodes.push_back(n);
        p.nodes[0].children.push_back(l + 1);
    }
    for (int i = 0; i < 60; ++i) {
        Item it;
        it.weight = (2 + static_cast<int>(rng() % 2)) * weight_unit;
        std::vector<int> leaves;
        const int k = 3 + static_cast<int>(rng() % 4);
        while (static_cast<int>(leaves.size()) < k) {
            const int l = 1 + static_cast<int>(rng() % 20);
            if (std::find(leaves.begin(), leaves.end(), l) == leaves.end()) leaves.push_back(l);
        }
        it.leaves = leaves;
        p.items.push_back(it);
    }
    return p;
}

void BM_AllocationHard(benchmark::State& state) {
    const auto p = hard_problem(42, state.range(0) != 0);
    long steps = 0;
    bool optimal = true;
    for (auto _ : state) {
        const auto s = libaudit::alloc::solve(p);
        steps = s.steps;
        optimal = optimal && s.optimal;
    }
    state.counters["steps"] = static_cast<double>(steps);
    state.counters["optimal"] = optimal ? 1 : 0;
}
BENCHMARK(BM_AllocationHard)->Arg(1)->Arg(0)->Unit(benchmark::kMicrosecond);

// Record ingest: CSV text -> records.
void BM_ParseCsv(benchmark::State& state) {
    std::string csv = "學號,科目代碼,科目名稱,學年期,學分,成績\n";
    for (int i = 0; i < 100000; ++i)
        csv += "2113710" + std::to_string(i % 1000) + ",EAM6" + std::to_string(i % 500) + ",教育行政專題研究,1131,3,85\n";
    for (auto _ : state) benchmark::DoNotOptimize(libaudit::parse_records(csv, "bench.csv"));
    state.SetItemsProcessed(state.iterations() * 100000);
}
BENCHMARK(BM_ParseCsv)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
