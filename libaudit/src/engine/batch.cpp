// Many audits at once. One job runs inline on the calling thread (no thread is started); more use
// a bounded ring of slots: the calling thread reads subjects into free slots and writes finished
// ones in input order; worker threads take slots in order, audit and render. Output order never
// depends on timing, and memory holds at most `max_in_flight` subjects.
#include <libaudit/audit.hpp>

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>

namespace libaudit { inline namespace v0 {
namespace {

struct Slot {
    Subject storage;                 // where a streamed subject is read (reused)
    const Subject* subject = nullptr;
    std::vector<Diagnostic> problems;
    BatchItem item;
    BatchItem second;                // audit_stream_twice: the item under the second rule sets
    std::string rendered;
    bool done = false;
};

// The subject of `s` audited under `rules` into `item` (its input problems instead, when it has any).
void audit_into(const std::vector<RuleSet>& rules, const AuditOptions& options, const Slot& s, BatchItem& item) {
    item = BatchItem{};
    try {
        item.subject_id = s.subject->profile.subject_id;
        if (!s.problems.empty()) {
            item.problems = s.problems;
        } else {
            std::string why;
            if (std::optional<RuleSet> r = choose_ruleset(rules, s.subject->profile, options, &why, &item.error_params)) {
                item.result = audit(*r, *s.subject, options);
            } else {
                item.error = why;
            }
        }
    } catch (const std::exception& e) {  // e.g. out of memory: this subject fails, the batch goes on
        item.result.reset();
        item.error = std::string("internal error: ") + e.what();
    }
}

// `second`: the rule sets of audit_stream_twice (nullptr for one audit per subject).
void process(const std::vector<RuleSet>& rules, const std::vector<RuleSet>* second, const AuditOptions& options,
             const StreamOptions& stream, Slot& s) {
    s.rendered.clear();
    audit_into(rules, options, s, s.item);
    if (second) audit_into(*second, options, s, s.second);
    s.problems.clear();
    try {
        if (stream.render) s.rendered = stream.render(s.item);
    } catch (const std::exception& e) {
        s.item.result.reset();
        s.item.error = std::string("internal error: ") + e.what();
        if (stream.render) s.rendered = stream.render(s.item);
    }
}

// WebAssembly built without -pthread cannot start a thread (docs/wasm.md): every batch runs inline.
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
constexpr bool threads_available = false;
#else
constexpr bool threads_available = true;
#endif

// As many workers as asked (default: one per core), but no more than there are subjects.
unsigned worker_count(const StreamOptions& stream, std::size_t expected) {
    if (!threads_available) return 1;
    const unsigned jobs = stream.jobs != 0 ? stream.jobs : std::max(1u, std::thread::hardware_concurrency());
    return static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(expected, 1)));
}

// The ring of slots and its hand-over: the calling thread fills free slots and writes finished
// ones in input order (drive), the workers audit and render the slots in between (work). Every
// counter and flag is guarded by `m_`.
class Ring {
public:
    Ring(const std::vector<RuleSet>& rules, const std::vector<RuleSet>* second, const AuditOptions& options,
         const StreamOptions& stream, std::size_t capacity)
        : rules_(rules), second_(second), options_(options), stream_(stream), capacity_(capacity), slots_(capacity) {}

    void start(unsigned jobs) {
        pool_.reserve(jobs);
        for (unsigned t = 0; t < jobs; ++t) pool_.emplace_back([this] { work(); });
    }

    // Tells the workers that nothing more comes, and waits for them.
    void stop() {
        {
            const std::lock_guard<std::mutex> lock(m_);
            finished_ = true;
        }
        work_cv_.notify_all();
        for (auto& t : pool_) t.join();
    }

    // The calling thread's loop: `fill(slot)` points slot.subject at the next subject (false at the
    // end), `write` gets the finished ones in order. Returns how many were written.
    template <class Fill, class Write> std::size_t drive(Fill& fill, Write& write) {
        std::unique_lock<std::mutex> lock(m_);
        bool reading = true;
        while (true) {
            write_ready(lock, write);
            if (!reading) {
                if (next_write_ == next_read_) break;
                wait_main(lock);
                continue;
            }
            if (next_read_ - next_write_ >= capacity_) {
                wait_main(lock);
                continue;
            }
            reading = read_one(lock, fill);
        }
        return next_write_;
    }

private:
    // A worker: takes slots in order, audits and renders each outside the lock.
    void work() {
        std::unique_lock<std::mutex> lock(m_);
        while (true) {
            while (next_work_ >= next_read_ && !finished_) {
                ++idle_workers_;
                work_cv_.wait(lock);
                --idle_workers_;
            }
            if (next_work_ >= next_read_) return;
            const std::size_t seq = next_work_++;
            lock.unlock();
            Slot& s = slots_[seq % capacity_];
            process(rules_, second_, options_, stream_, s);
            lock.lock();
            s.done = true;
            if (seq == next_write_ && main_waiting_) done_cv_.notify_one();
        }
    }

    // Writes what is ready, in order.
    template <class Write> void write_ready(std::unique_lock<std::mutex>& lock, Write& write) {
        while (next_write_ < next_read_ && slots_[next_write_ % capacity_].done) {
            Slot& s = slots_[next_write_ % capacity_];
            lock.unlock();
            write(s);
            lock.lock();
            s.done = false;
            ++next_write_;
        }
    }

    // Reads the next subject into the next free slot and hands it to the workers; false at the end.
    template <class Fill> bool read_one(std::unique_lock<std::mutex>& lock, Fill& fill) {
        Slot& s = slots_[next_read_ % capacity_];  // free: nobody else touches it
        lock.unlock();
        const bool got = fill(s);
        lock.lock();
        if (!got) return false;
        ++next_read_;
        if (idle_workers_ > 0) work_cv_.notify_one();
        return true;
    }

    void wait_main(std::unique_lock<std::mutex>& lock) {
        main_waiting_ = true;
        done_cv_.wait(lock);
        main_waiting_ = false;
    }

    const std::vector<RuleSet>& rules_;
    const std::vector<RuleSet>* second_;
    const AuditOptions& options_;
    const StreamOptions& stream_;
    const std::size_t capacity_;
    std::vector<Slot> slots_;
    std::vector<std::thread> pool_;
    std::mutex m_;
    std::condition_variable work_cv_, done_cv_;
    std::size_t next_read_ = 0, next_work_ = 0, next_write_ = 0;
    bool finished_ = false;
    // Signal only a thread that waits: most hand-overs need no wake-up at all.
    unsigned idle_workers_ = 0;
    bool main_waiting_ = false;
};

// `fill(slot)` points slot.subject at the next subject (false at the end).
// `write(slot)` gets the finished slots in order; `second` as in process().
// One job: each subject read, audited and written in turn on the calling thread, no thread started.
template <class Fill, class Write>
std::size_t run_inline(const std::vector<RuleSet>& rules, const std::vector<RuleSet>* second, const AuditOptions& options,
                       const StreamOptions& stream, Fill& fill, Write& write) {
    Slot s;
    std::size_t written = 0;
    while (fill(s)) {
        process(rules, second, options, stream, s);
        write(s);
        ++written;
    }
    return written;
}

template <class Fill, class Write>
std::size_t run(const std::vector<RuleSet>& rules, const std::vector<RuleSet>* second, const AuditOptions& options,
                const StreamOptions& stream, std::size_t expected, Fill&& fill, Write&& write) {
    const unsigned jobs = worker_count(stream, expected);
    if (jobs == 1) return run_inline(rules, second, options, stream, fill, write);
    const std::size_t capacity = stream.max_in_flight != 0 ? stream.max_in_flight : std::size_t{32} * jobs;
    Ring ring(rules, second, options, stream, capacity);
    ring.start(jobs);
    std::size_t written = 0;
    try {
        written = ring.drive(fill, write);
    } catch (...) {
        ring.stop();
        throw;
    }
    ring.stop();
    return written;
}

}  // namespace

std::size_t audit_stream(const std::vector<RuleSet>& rules,
                         const std::function<bool(Subject&, std::vector<Diagnostic>&)>& next,
                         const std::function<void(BatchItem&, const std::string&)>& write,
                         const AuditOptions& options, const StreamOptions& stream) {
    return run(
        rules, nullptr, options, stream, static_cast<std::size_t>(-1),
        [&](Slot& s) {
            s.subject = &s.storage;
            return next(s.storage, s.problems);
        },
        [&](Slot& s) { write(s.item, s.rendered); });
}

std::size_t audit_stream_twice(const std::vector<RuleSet>& first, const std::vector<RuleSet>& second,
                               const std::function<bool(Subject&, std::vector<Diagnostic>&)>& next,
                               const std::function<void(BatchItem&, BatchItem&)>& write, const AuditOptions& options,
                               const StreamOptions& stream) {
    return run(
        first, &second, options, stream, static_cast<std::size_t>(-1),
        [&](Slot& s) {
            s.subject = &s.storage;
            return next(s.storage, s.problems);
        },
        [&](Slot& s) { write(s.item, s.second); });
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
        rules, nullptr, options, stream, subjects.size(),
        [&](Slot& s) {
            if (i >= subjects.size()) return false;
            s.subject = &subjects[i++];
            return true;
        },
        [&](Slot& s) {
            out.push_back(std::move(s.item));
            if (progress) progress(out.size());
        });
    return out;
}

}}  // namespace libaudit::v0
