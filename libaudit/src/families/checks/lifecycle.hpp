// Lifecycles (state machines) checked against an event log: the model of a `lifecycle:` rule of a
// `kind: checks` rule set and the run of one subject's (a course's) events through it. Internal;
// loaded by load_checks.cpp, evaluated through checks.cpp.
#pragma once
#include <libaudit/diagnostic.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// `event` moves a subject in one of the states `from` to `to`.
struct Transition {
    std::vector<std::string> from;
    std::string event;
    std::string to;
    SourceLocation at;
};

// Once a subject has reached one of the states `after` (at any time), the events `forbid` are
// refused for the rest of its life (the attendee list is submitted: no edit, no delete).
struct StateLock {
    std::vector<std::string> after;
    std::vector<std::string> forbid;
    std::string title;
    std::string title_en;           // "" = none
    SourceLocation at;
};

struct Lifecycle {
    std::vector<std::string> key;   // fields naming the subject (a course); events grouped by them
    std::string order_by;           // date or datetime field ordering the events ("" = input order)
    std::string event;              // field holding the event's name
    std::string initial;            // the state before the first event
    std::vector<Transition> transitions;
    std::vector<StateLock> locks;
    std::map<std::string, std::string> titles_en;  // `titles`: event or state name -> English name
    std::vector<std::string> events() const;  // every event name, in order of first mention
    std::vector<std::string> states() const;  // every state, the initial one first
};

// What became of one event of a run.
struct LifecycleStep {
    bool ok = true;
    std::string state;                 // the state the event found
    std::string next;                  // the state after it (the same state when refused)
    std::vector<std::string> allowed;  // refused: the events allowed in `state`
    const StateLock* lock = nullptr;   // refused by this lock
    std::string locked_state;          // the lock's state, reached ...
    std::size_t locked_by = 0;         // ... by this event (index into the run)
};

// Runs `events` (names, in order) from the initial state. A refused event leaves the state as it
// was. One step per event.
std::vector<LifecycleStep> run_lifecycle(const Lifecycle& m, const std::vector<std::string>& events);

// The closest of `names` to `name` by edit distance over code points (Chinese event names), or "".
std::string closest_name(const std::string& name, const std::vector<std::string>& names);

}}}  // namespace libaudit::v0::detail
