// Running an event log through a lifecycle (lifecycle.hpp): transitions by (state, event), locks
// that refuse events once a state has been reached, and did-you-mean for unknown names.
#include "families/checks/lifecycle.hpp"

#include "base/edit_distance.hpp"
#include "base/utf8.hpp"

#include <algorithm>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

void add_once(std::vector<std::string>& to, const std::string& s) {
    if (std::find(to.begin(), to.end(), s) == to.end()) to.push_back(s);
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}

std::u32string code_points(const std::string& s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) out.push_back(decode_utf8(s, i));
    return out;
}

}  // namespace

std::vector<std::string> Lifecycle::events() const {
    std::vector<std::string> out;
    for (const auto& t : transitions) add_once(out, t.event);
    for (const auto& l : locks)
        for (const auto& e : l.forbid) add_once(out, e);
    return out;
}

std::vector<std::string> Lifecycle::states() const {
    std::vector<std::string> out;
    if (!initial.empty()) out.push_back(initial);
    for (const auto& t : transitions) {
        for (const auto& f : t.from) add_once(out, f);
        add_once(out, t.to);
    }
    return out;
}

std::vector<LifecycleStep> run_lifecycle(const Lifecycle& m, const std::vector<std::string>& events) {
    std::vector<LifecycleStep> steps;
    std::string state = m.initial;
    // The first event that reached each state (a lock holds from there on).
    std::vector<std::pair<std::string, std::size_t>> reached;
    for (std::size_t i = 0; i < events.size(); ++i) {
        LifecycleStep s;
        s.state = state;
        const std::string& e = events[i];
        for (const auto& lock : m.locks) {
            if (!contains(lock.forbid, e)) continue;
            for (const auto& [st, by] : reached)
                if (contains(lock.after, st)) {
                    s.ok = false;
                    s.lock = &lock;
                    s.locked_state = st;
                    s.locked_by = by;
                    break;
                }
            if (s.lock) break;
        }
        const Transition* move = nullptr;
        if (!s.lock)
            for (const auto& t : m.transitions)
                if (t.event == e && contains(t.from, state)) {
                    move = &t;
                    break;
                }
        if (!move) {
            s.ok = false;
            for (const auto& t : m.transitions)
                if (contains(t.from, state)) add_once(s.allowed, t.event);
            if (s.lock) {  // what the lock leaves allowed
                std::vector<std::string> left;
                for (const auto& a : s.allowed)
                    if (!contains(s.lock->forbid, a)) left.push_back(a);
                s.allowed = left;
            }
        } else {
            state = move->to;
            if (std::none_of(reached.begin(), reached.end(), [&](const auto& r) { return r.first == state; }))
                reached.emplace_back(state, i);
        }
        s.next = state;
        steps.push_back(std::move(s));
    }
    return steps;
}

std::string closest_name(const std::string& name, const std::vector<std::string>& names) {
    const std::u32string k = code_points(name);
    std::string best;
    std::size_t best_d = std::max<std::size_t>(1, k.size() / 3) + 1;
    for (const auto& n : names) {
        const std::size_t d = edit_distance(k, code_points(n));
        if (d < best_d) {
            best_d = d;
            best = n;
        }
    }
    return best;
}

}}}  // namespace libaudit::v0::detail
