// Many audits at once: a fixed pool of threads takes subjects by index from an atomic counter and
// writes each result into its own slot, so output order never depends on timing.
#include <libaudit/audit.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace libaudit {

std::vector<BatchItem> audit_many(const std::vector<RuleSet>& rules, const std::vector<Subject>& subjects,
                                  const AuditOptions& options, unsigned jobs,
                                  const std::function<void(std::size_t)>& progress) {
    std::vector<BatchItem> out(subjects.size());
    std::atomic<std::size_t> next{0}, done{0};
    std::mutex report;
    auto work = [&] {
        for (std::size_t i = next++; i < subjects.size(); i = next++) {
            BatchItem& item = out[i];
            item.subject_id = subjects[i].profile.subject_id;
            std::string why;
            if (std::optional<RuleSet> r = choose_ruleset(rules, subjects[i].profile, &why)) {
                item.result = audit(*r, subjects[i], options);
            } else {
                item.error = why;
            }
            const std::size_t finished = ++done;
            if (progress) {
                const std::lock_guard<std::mutex> lock(report);
                progress(finished);
            }
        }
    };
    if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
    jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(subjects.size(), 1)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < jobs; ++t) pool.emplace_back(work);
    work();  // the calling thread works too
    for (auto& t : pool) t.join();
    return out;
}

}  // namespace libaudit
