// kind: programme: the courses that would fill what a requirement still needs
// (families/programme/still_needed.hpp).
#include "families/programme/still_needed.hpp"

#include "evaluate/still_needed.hpp"
#include "rules/tree_lint.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

bool fills(const StillNeeded& s) { return s.missing.credits || s.missing.courses; }

// What the student has of a framework course: the leaf its counting attempt is placed in, or an
// attempt that counts nowhere though it could (passed or in progress: taking it again adds nothing).
struct Held {
    int leaf = -1;
    double credits = 0;
    bool unplaced = false;
};

std::map<std::string, Held> held_courses(const std::vector<NodePair>& nodes, const std::vector<Classified>& cls) {
    std::map<std::pair<int, std::string>, int> placed;  // (row, code) -> leaf
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].rule->children.empty())
            for (const auto& rec : nodes[i].result->counted) placed[{rec.source_row, rec.code}] = static_cast<int>(i);
    std::map<std::string, Held> held;
    for (const auto& c : cls) {
        if (!c.course || !c.countable) continue;
        Held& h = held[c.canonical];
        const auto it = placed.find({c.record->source_row, c.record->code});
        if (it == placed.end()) {
            h.unplaced = true;
            continue;
        }
        h.leaf = it->second;
        h.credits = c.record->credits;
    }
    return held;
}

// A record of `credits` placed in `leaf` may move to `target` when every requirement it leaves
// (up to the first one they share) stays met without it, none of them shared, and every
// requirement it enters has room under its own maximum.
bool movable(const std::vector<NodePair>& nodes, int leaf, int target, double credits) {
    for (int x = leaf; x != -1 && !within(nodes, target, x); x = nodes[static_cast<std::size_t>(x)].parent) {
        const NodePair& p = nodes[static_cast<std::size_t>(x)];
        const RequirementResult& r = *p.result;
        if (p.rule->share || r.status == Status::not_met) return false;
        const double have = r.earned.credits.value_or(0) + r.pending.credits.value_or(0);
        const double count = r.earned.courses.value_or(0) + r.pending.courses.value_or(0);
        if (r.required.credits && have - credits < *r.required.credits - 1e-9) return false;
        if (r.required.courses && count - 1 < *r.required.courses - 1e-9) return false;
    }
    for (int x = target; x != -1 && !within(nodes, leaf, x); x = nodes[static_cast<std::size_t>(x)].parent) {
        const RequirementResult& r = *nodes[static_cast<std::size_t>(x)].result;
        const double have = r.earned.credits.value_or(0) + r.pending.credits.value_or(0);
        if (r.maximum.credits && have + credits > *r.maximum.credits + 1e-9) return false;
    }
    return true;
}

// The framework courses a leaf names: those it lists, or those its pool selects by framework fields alone.
void named_courses(const Model& m, const ReqNode& leaf, std::vector<const Course*>& out) {
    if (leaf.shape == Shape::courses) {
        for (const auto& code : leaf.courses)
            if (const Course* c = m.course(code)) out.push_back(c);
    } else if (leaf.shape == Shape::pool && !leaf.flexible && framework_only(leaf.where)) {
        for (const auto& c : m.courses)
            if (static_match(leaf.where, c) == Match::yes) out.push_back(&c);
    }
}

void offer(const Model& m, const std::vector<NodePair>& nodes, int target, const std::map<std::string, Held>& held) {
    std::vector<const Course*> named;
    for (std::size_t j = static_cast<std::size_t>(target); j < nodes.size() && within(nodes, static_cast<int>(j), target); ++j)
        if (nodes[j].rule->children.empty()) named_courses(m, *nodes[j].rule, named);
    StillNeeded& need = *nodes[static_cast<std::size_t>(target)].result->still_needed;
    std::set<std::string> seen;
    for (const Course* c : named) {
        if (!seen.insert(c->code).second) continue;
        CourseOption o{c->code, c->title, c->title_en, c->credits, {}};
        const auto h = held.find(c->code);
        if (h != held.end() && h->second.leaf >= 0) {
            if (within(nodes, h->second.leaf, target) || !movable(nodes, h->second.leaf, target, h->second.credits))
                continue;
            o.placed_in = nodes[static_cast<std::size_t>(h->second.leaf)].result->id;
            o.credits = h->second.credits;
        } else if (h != held.end() && h->second.unplaced) {
            continue;
        }
        need.courses.push_back(std::move(o));
    }
}

}  // namespace

void offer_courses(const Model& m, const std::vector<Classified>& cls, RequirementResult& total) {
    std::vector<NodePair> nodes = flatten(m.root, total);
    if (std::none_of(nodes.begin(), nodes.end(),
                     [](const NodePair& p) { return p.result->still_needed && fills(*p.result->still_needed); }))
        return;
    const std::map<std::string, Held> held = held_courses(nodes, cls);
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].result->still_needed && fills(*nodes[i].result->still_needed))
            offer(m, nodes, static_cast<int>(i), held);
}

}}}  // namespace libaudit::v0::detail
