// The requirement tree over the allocator (evaluate/evaluator.hpp).
#include "evaluate/evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace libaudit { inline namespace v0 { namespace detail {

alloc::Weight to_weight(double amount) { return static_cast<alloc::Weight>(std::llround(amount * alloc::weight_unit)); }
double from_weight(alloc::Weight w) { return static_cast<double>(w) / alloc::weight_unit; }

Solved Evaluator::solve(const ReqNode& root) {
    if (adjust_) mark_waived(root, false);
    Solved out;
    out.used.assign(items_.size(), 0);
    // Shared requirements first, each on its own with every record available.
    std::map<const ReqNode*, Solved> shared;
    collect_shared(root, root, shared);

    alloc::Problem p;
    p.max_steps = max_steps_;
    std::vector<const ReqNode*> nodes;
    add_node(root, -1, p, nodes, shared);
    const std::vector<int> original = add_items(root, nodes, p);
    add_caps(nodes, original, p);
    const alloc::Solution s = alloc::solve(p);
    out.optimal = s.optimal;
    out.time_stopped = s.time_stopped;
    out.verdict_by_ilp = s.verdict_by_ilp;
    out.steps = s.steps;
    for (int u : s.unresolved) out.unresolved.push_back(nodes[u]->id);
    out.root_passed = s.evaluation.nodes[0].sat_passed;
    out.root_all = s.evaluation.nodes[0].sat_all;
    out.root_passed_undecided = !s.optimal && !out.root_passed && s.root_passed_possible;
    out.root_all_undecided = !s.optimal && !out.root_all && s.root_all_possible;

    // Records counted per node (every node lists what its subtree counts).
    std::vector<std::vector<const Classified*>> counted(nodes.size());
    for (std::size_t k = 0; k < s.assignment.size(); ++k) {
        if (s.assignment[k] < 0) continue;
        const auto i = static_cast<std::size_t>(original[k]);
        out.used[i] = 1;
        for (int a = s.assignment[k]; a != -1; a = p.nodes[a].parent) counted[a].push_back(items_[i]);
    }
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        const ReqNode* rn = nodes[n];
        if (auto it = shared.find(rn); it != shared.end() && rn != &root) {
            take_shared(it->second, out);
            continue;
        }
        const alloc::NodeState& st = s.evaluation.nodes[n];
        RequirementResult r = describe(*rn);
        r.status = st.sat_passed ? Status::met : st.sat_all ? Status::met_pending : Status::not_met;
        policy_.report(*rn, st, counted[n], r);
        if (!policy_.applicable(*rn)) r.status = Status::not_applicable;
        out.results[rn] = std::move(r);
    }
    return out;
}

// A shared requirement solved on its own: its results, and the records it counts are counted.
void Evaluator::take_shared(const Solved& sub, Solved& out) const {
    for (auto& [k, v] : sub.results) out.results[k] = v;
    for (std::size_t i = 0; i < out.used.size(); ++i) out.used[i] |= sub.used[i];
    for (const auto& u : sub.unresolved) out.unresolved.push_back(u);
    out.optimal = out.optimal && sub.optimal;
    out.time_stopped = out.time_stopped || sub.time_stopped;
    out.verdict_by_ilp = out.verdict_by_ilp || sub.verdict_by_ilp;
    // A shared requirement left undecided may flip its parent's verdict.
    out.root_passed_undecided = out.root_passed_undecided || sub.root_passed_undecided;
    out.root_all_undecided = out.root_all_undecided || sub.root_all_undecided;
    out.steps += sub.steps;
}

// Only records some leaf accepts enter the problem (the others could never be placed, nor count
// against a cap): the result maps the problem's item k to `items_[result[k]]`.
std::vector<int> Evaluator::add_items(const ReqNode& root, const std::vector<const ReqNode*>& nodes,
                                      alloc::Problem& p) const {
    std::vector<int> original;
    alloc::Item item;
    for (std::size_t i = 0; i < items_.size(); ++i) {
        item.leaves.clear();
        for (std::size_t n = 0; n < nodes.size(); ++n)
            if (p.nodes[n].children.empty() && !p.nodes[n].fixed_all && accepts(*nodes[n], *items_[i]))
                item.leaves.push_back(static_cast<int>(n));
        if (item.leaves.empty()) continue;
        item.weight = to_weight(policy_.weight(root, *items_[i]));
        item.passed = items_[i]->grade == Grade::passed;
        original.push_back(static_cast<int>(i));
        p.items.push_back(item);
    }
    return original;
}

void Evaluator::add_caps(const std::vector<const ReqNode*>& nodes, const std::vector<int>& original,
                         alloc::Problem& p) const {
    for (std::size_t n = 0; n < nodes.size(); ++n) {
        for (const auto& cap : nodes[n]->caps) {
            alloc::Cap c;
            c.node = static_cast<int>(n);
            if (cap.max_credits) c.max_weight = to_weight(*cap.max_credits);
            if (cap.max_courses) c.max_count = *cap.max_courses;
            for (std::size_t k = 0; k < original.size(); ++k)
                if (matches(cap.where, *items_[static_cast<std::size_t>(original[k])])) c.members.push_back(static_cast<int>(k));
            p.caps.push_back(std::move(c));
        }
    }
}

const Adjustment* Evaluator::adjustment(const ReqNode& n) const {
    if (!adjust_) return nullptr;
    const auto it = adjust_->find(&n);
    return it == adjust_->end() ? nullptr : &it->second;
}

// The family's leaves, and those exceptions add (a substitution) or impose (a forced placement).
bool Evaluator::accepts(const ReqNode& leaf, const Classified& c) const {
    if (c.extra_leaves.empty()) return policy_.accepts(leaf, c);
    const bool extra = std::find(c.extra_leaves.begin(), c.extra_leaves.end(), &leaf) != c.extra_leaves.end();
    return extra || (!c.only_extra && policy_.accepts(leaf, c));
}

// A waived requirement and everything under it: no thresholds, so met whatever counts there.
void Evaluator::mark_waived(const ReqNode& n, bool under) {
    const Adjustment* a = adjustment(n);
    under = under || (a && a->waived);
    if (under) waived_.insert(&n);
    for (const auto& c : n.children) mark_waived(c, under);
}

// A requirement not meant for this subject, with everything under it: met, shown as not applicable.
Solved Evaluator::not_applicable(const ReqNode& n) const {
    Solved na;
    na.used.assign(items_.size(), 0);
    na.root_passed = na.root_all = true;
    std::vector<const ReqNode*> stack{&n};
    while (!stack.empty()) {
        const ReqNode* x = stack.back();
        stack.pop_back();
        RequirementResult r = describe(*x);
        r.status = Status::not_applicable;
        na.results[x] = std::move(r);
        for (const auto& c : x->children) stack.push_back(&c);
    }
    return na;
}

void Evaluator::collect_shared(const ReqNode& n, const ReqNode& root, std::map<const ReqNode*, Solved>& shared) {
    if (&n != &root && !policy_.applicable(n)) {
        shared.emplace(&n, not_applicable(n));
        return;
    }
    if (&n != &root && n.share) {
        shared.emplace(&n, solve(n));
        return;
    }
    for (const auto& c : n.children) collect_shared(c, root, shared);
}

void Evaluator::add_node(const ReqNode& rn, int parent, alloc::Problem& p, std::vector<const ReqNode*>& nodes,
                         const std::map<const ReqNode*, Solved>& shared) const {
    const int index = static_cast<int>(p.nodes.size());
    p.nodes.emplace_back();
    nodes.push_back(&rn);
    {
        alloc::Node& an = p.nodes.back();
        an.parent = parent;
        an.kind = rn.shape == Shape::any        ? alloc::NodeKind::any
                  : rn.shape == Shape::at_least ? alloc::NodeKind::at_least
                                                : alloc::NodeKind::all;
        an.at_least = rn.at_least;
        const double f = policy_.factor(rn);
        if (rn.min_credits) an.min_weight = to_weight(*rn.min_credits * f);
        if (rn.min_hours) an.min_weight = to_weight(*rn.min_hours * f);
        if (rn.min_courses) an.min_count = *rn.min_courses;
        if (rn.shape == Shape::courses && !rn.min_credits && !rn.min_courses)
            an.min_count = static_cast<int>(rn.courses.size());
        if (const Adjustment* a = adjustment(rn)) {  // a reduced threshold
            if (a->min_credits) an.min_weight = to_weight(*a->min_credits * f);
            if (a->min_hours) an.min_weight = to_weight(*a->min_hours * f);
            if (a->min_courses) an.min_count = static_cast<int>(std::ceil(*a->min_courses - 1e-9));
        }
        if (!waived_.empty() && waived_.count(&rn)) an.min_weight = 0, an.min_count = 0, an.at_least = 0;
    }
    if (parent >= 0) p.nodes[parent].children.push_back(index);
    if (auto it = shared.find(&rn); it != shared.end() && parent >= 0) {
        p.nodes[index].fixed_passed = it->second.root_passed;
        p.nodes[index].fixed_all = it->second.root_all;
        return;
    }
    for (const auto& c : rn.children) add_node(c, index, p, nodes, shared);
}

RequirementResult Evaluator::describe(const ReqNode& n) const {
    RequirementResult r;
    r.id = n.id;
    r.title = n.title;
    r.title_en = n.title_en;
    r.shared = n.share;
    switch (n.shape) {
        case Shape::all: r.kind = "all"; break;
        case Shape::any: r.kind = "any"; break;
        case Shape::at_least: r.kind = "at_least"; break;
        case Shape::courses: r.kind = "courses"; break;
        case Shape::pool: r.kind = "pool"; break;
    }
    policy_.describe(n, r);
    if (const Adjustment* a = adjustment(n)) {  // as the exceptions state it
        const double f = policy_.factor(n);
        if (a->min_credits) r.required.credits = *a->min_credits * f;
        if (a->min_hours) r.required.hours = *a->min_hours * f;
        if (a->min_courses) r.required.courses = *a->min_courses;
    }
    if (!waived_.empty() && waived_.count(&n)) {  // waived: nothing required
        for (auto* v : {&r.required.credits, &r.required.courses, &r.required.hours})
            if (*v) *v = 0.0;
    }
    return r;
}

RequirementResult assemble(const ReqNode& n, std::map<const ReqNode*, RequirementResult>& results) {
    RequirementResult r = std::move(results[&n]);  // each node is assembled once
    for (const auto& c : n.children) r.children.push_back(assemble(c, results));
    return r;
}

namespace {

// How good an allocation is for a student: the root passed, the root met counting records in
// progress, then how many requirements are met.
std::tuple<bool, bool, long> score(const Solved& s) {
    long met = 0;
    for (const auto& [node, r] : s.results) met += r.status == Status::met;
    return {s.root_passed, s.root_all, met};
}

}  // namespace

Solved solve_preferring(const TreePolicy& policy, const std::vector<const Classified*>& items, long max_steps,
                        ExceptionPlan& plan, const ReqNode& root) {
    Solved best = Evaluator(policy, items, max_steps, &plan.adjust).solve(root);
    for (const Preference& pref : plan.prefer) {
        std::vector<std::pair<std::vector<const ReqNode*>, bool>> saved;
        for (Classified* c : pref.records) {
            saved.emplace_back(c->extra_leaves, c->only_extra);
            c->extra_leaves = pref.leaves;
            c->only_extra = true;
        }
        Solved tried = Evaluator(policy, items, max_steps, &plan.adjust).solve(root);
        tried.steps += best.steps;
        if (score(tried) >= score(best)) {
            best = std::move(tried);
            continue;
        }
        for (std::size_t k = 0; k < pref.records.size(); ++k)
            std::tie(pref.records[k]->extra_leaves, pref.records[k]->only_extra) = saved[k];
        ExceptionOutcome& o = plan.outcomes[pref.outcome];
        MessageParams p = o.params;
        p.push_back({"status", to_string(tried.root_passed ? Status::met : tried.root_all ? Status::met_pending : Status::not_met)});
        set_outcome(o, "not_honoured", "why.prefer_worse", std::move(p));
    }
    return best;
}

Status combine(Status a, Status b) {
    auto rank = [](Status s) { return s == Status::met ? 0 : s == Status::met_pending ? 1 : 2; };
    return rank(a) >= rank(b) ? a : b;
}

}}}  // namespace libaudit::v0::detail
