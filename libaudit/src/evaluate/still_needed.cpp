// What every requirement not met still needs (evaluate/still_needed.hpp).
#include "evaluate/still_needed.hpp"

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

bool settled(Status s) { return s == Status::met || s == Status::not_applicable; }
bool satisfied(Status s) { return settled(s) || s == Status::met_pending; }

// The parts of `a` above zero.
Amount positive(const Amount& a) {
    Amount out;
    const auto keep = [](const std::optional<double>& v) { return v && *v > 1e-9 ? v : std::nullopt; };
    out.credits = keep(a.credits);
    out.courses = keep(a.courses);
    out.semesters = keep(a.semesters);
    out.hours = keep(a.hours);
    return out;
}

// How many of the waited-on sub-requirements must still be met.
int to_choose(const ReqNode& n, const RequirementResult& r, int waiting) {
    if (n.shape == Shape::any) return waiting > 0 ? 1 : 0;
    if (n.shape != Shape::at_least) return waiting;
    int met = 0;
    for (const auto& c : r.children)
        if (settled(c.status)) ++met;
    const int left = n.at_least - met;
    return left < 1 ? (waiting > 0 ? 1 : 0) : (left > waiting ? waiting : left);
}

StillNeeded need(const ReqNode& n, const RequirementResult& r) {
    StillNeeded s;
    s.missing = positive(r.remaining);
    if (r.status == Status::met_pending) s.awaiting = positive(r.pending);
    for (const auto& c : r.children)
        if (!settled(c.status) && !c.not_needed) s.requirements.push_back(c.id);
    s.choose = to_choose(n, r, static_cast<int>(s.requirements.size()));
    return s;
}

void mark(const ReqNode& n, RequirementResult& r, bool needed) {
    if (!needed && r.status == Status::not_met) r.not_needed = true;
    // A met (or met pending) any / at_least requirement does not need its branches not met.
    const bool chooses = n.shape == Shape::any || n.shape == Shape::at_least;
    const bool met_without = chooses && satisfied(r.status);
    for (std::size_t i = 0; i < n.children.size() && i < r.children.size(); ++i) {
        RequirementResult& c = r.children[i];
        mark(n.children[i], c, needed && !(met_without && c.status == Status::not_met));
    }
    if (needed && !settled(r.status)) r.still_needed = need(n, r);
}

void flatten_into(const ReqNode& n, RequirementResult& r, int parent, std::vector<NodePair>& out) {
    const int here = static_cast<int>(out.size());
    out.push_back({&n, &r, parent});
    for (std::size_t i = 0; i < n.children.size() && i < r.children.size(); ++i)
        flatten_into(n.children[i], r.children[i], here, out);
}

}  // namespace

void mark_still_needed(const ReqNode& n, RequirementResult& r) { mark(n, r, true); }

std::vector<NodePair> flatten(const ReqNode& n, RequirementResult& r) {
    std::vector<NodePair> out;
    flatten_into(n, r, -1, out);
    return out;
}

bool within(const std::vector<NodePair>& nodes, int a, int b) {
    for (int x = a; x != -1; x = nodes[static_cast<std::size_t>(x)].parent)
        if (x == b) return true;
    return false;
}

}}}  // namespace libaudit::v0::detail
