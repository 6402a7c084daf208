// Many audits at once. A bounded ring of slots: the calling thread reads subjects into free slots
// and writes finished ones in input order; worker threads take slots in order, audit and render.
// Output order never depends on timing, and memory holds at most `max_in_flight` subjects.
#include <libaudit/audit.hpp>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace libaudit {
namespace {

struct Slot {
    Subject storage;                 // where a streamed subject is read (reused)
    const Subject* subject = nullptr;
    std::vector<Diagnostic> problems;
    BatchItem item;
    std::string rendered;
    bool done = false;
};

void process(const std::vector<RuleSet>& rules, const AuditOptions& options, const StreamOptions& stream, Slot& s) {
    BatchItem& item = s.item;
    item = BatchItem{};
    s.rendered.clear();
    try {
        item.subject_id = s.subject->profile.subject_id;
        if (!s.problems.empty()) {
            item.problems = std::move(s.problems);
            s.problems.clear();
        } else {
            std::string why;
            if (std::optional<RuleSet> r = choose_ruleset(rules, s.subject->profile, &why)) {
                item.result = audit(*r, *s.subject, options);
            } else {
                item.error = why;
            }
        }
        if (stream.render) s.rendered = stream.render(item);
    } catch (const std::exception& e) {  // e.g. out of memory: this subject fails, the batch goes on
        item.result.reset();
        item.error = std::string("internal error: ") + e.what();
        if (stream.render) s.rendered = stream.render(item);
    }
}

// `fill(slot)` points slot.subject at the next subject (false at the end).
template <class Fill, class Write>
std::size_t run(const std::vector<RuleSet>& rules, const AuditOptions& options, const StreamOptions& stream,
                std::size_t expected, Fill&& fill, Write&& write) {
    unsigned jobs = stream.jobs != 0 ? stream.jobs : std::max(1u, std::thread::hardware_concurrency());
    jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(expected, 1)));
    const std::size_t capacity = stream.max_in_flight != 0 ? stream.max_in_flight : std::size_t{32} * jobs;
    std::vector<Slot> slots(capacity);
    std::mutex m;
    std::condition_variable work_cv, done_cv;
    std::size_t next_read = 0, next_work = 0, next_write = 0;
    bool finished = false;
    // Signal only a thread that waits: most hand-overs need no wake-up at all.
    unsigned idle_workers = 0;
    bool main_waiting = false;
    const auto wait_main = [&](std::unique_lock<std::mutex>& lock) {
        main_waiting = true;
        done_cv.wait(lock);
        main_waiting = false;
    };

    auto worker = [&] {
        std::unique_lock<std::mutex> lock(m);
        while (true) {
            while (next_work >= next_read && !finished) {
                ++idle_workers;
                work_cv.wait(lock);
                --idle_workers;
            }
            if (next_work >= next_read) return;
            const std::size_t seq = next_work++;
            lock.unlock();
            Slot& s = slots[seq % capacity];
            process(rules, options, stream, s);
            lock.lock();
            s.done = true;
            if (seq == next_write && main_waiting) done_cv.notify_one();
        }
    };
    std::vector<std::thread> pool;
    pool.reserve(jobs);
    for (unsigned t = 0; t < jobs; ++t) pool.emplace_back(worker);
    const auto stop = [&] {
        {
            const std::lock_guard<std::mutex> lock(m);
            finished = true;
        }
        work_cv.notify_all();
        for (auto& t : pool) t.join();
    };

    try {
        std::unique_lock<std::mutex> lock(m);
        bool reading = true;
        while (true) {
            // Write what is ready, in order.
            while (next_write < next_read && slots[next_write % capacity].done) {
                Slot& s = slots[next_write % capacity];
                lock.unlock();
                write(s.item, s.rendered);
                lock.lock();
                s.done = false;
                ++next_write;
            }
            if (!reading) {
                if (next_write == next_read) break;
                wait_main(lock);
                continue;
            }
            if (next_read - next_write >= capacity) {
                wait_main(lock);
                continue;
            }
            Slot& s = slots[next_read % capacity];  // free: nobody else touches it
            lock.unlock();
            const bool got = fill(s);
            lock.lock();
            if (!got) {
                reading = false;
                continue;
            }
            ++next_read;
            if (idle_workers > 0) work_cv.notify_one();
        }
    } catch (...) {
        stop();
        throw;
    }
    stop();
    return next_write;
}

}  // namespace

std::size_t audit_stream(const std::vector<RuleSet>& rules,
                         const std::function<bool(Subject&, std::vector<Diagnostic>&)>& next,
                         const std::function<void(BatchItem&, const std::string&)>& write,
                         const AuditOptions& options, const StreamOptions& stream) {
    return run(
        rules, options, stream, static_cast<std::size_t>(-1),
        [&](Slot& s) {
            s.subject = &s.storage;
            return next(s.storage, s.problems);
        },
        write);
}

std::vector<BatchItem> audit_many(const std::vector<RuleSet>& rules, const std::vector<Subject>& subjects,
                                  const AuditOptions& options, unsigned jobs,
                                  const std::function<void(std::size_t)>& progress) {
    std::vector<BatchItem> out;
    out.reserve(subjects.size());
    StreamOptions stream;
    stream.jobs = jobs;
    std::size_t i = 0;
    run(
        rules, options, stream, subjects.size(),
        [&](Slot& s) {
            if (i >= subjects.size()) return false;
            s.subject = &subjects[i++];
            return true;
        },
        [&](BatchItem& item, std::string&) {
            out.push_back(std::move(item));
            if (progress) progress(out.size());
        });
    return out;
}

}  // namespace libaudit
