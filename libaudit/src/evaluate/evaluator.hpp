// The requirement tree over the allocator, the same for every family that audits a subject:
// shared requirements are solved on their own first, the rest of the tree becomes one allocation
// problem (alloc/), and the solution becomes a result per requirement. What a family decides
// (which records a leaf accepts, what they weigh, for whom a requirement is meant, how a
// threshold is scaled, which units a result reports) it says through a `TreePolicy`; the
// evaluator asks nothing else of it. Internal.
#pragma once
#include <libaudit/result.hpp>

#include "alloc/alloc.hpp"
#include "evaluate/exceptions.hpp"
#include "evaluate/item.hpp"
#include "rules/model.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

alloc::Weight to_weight(double amount);
double from_weight(alloc::Weight w);

class TreePolicy {
public:
    virtual ~TreePolicy() = default;
    // Whether a requirement is meant for this subject; one that is not is met and shown as
    // not applicable.
    virtual bool applicable(const ReqNode&) const { return true; }
    // What a requirement's thresholds are multiplied by (pro-rating); writes the months it
    // counted into `r` when given.
    virtual double factor(const ReqNode&, RequirementResult* = nullptr) const { return 1; }
    // Whether a leaf can count this record.
    virtual bool accepts(const ReqNode& leaf, const Classified& c) const = 0;
    // What the record weighs in the problem whose root is `root` (credits, hours, ...).
    virtual double weight(const ReqNode& root, const Classified& c) const = 0;
    // The requirement as the rule set states it: required amounts, maximum, period.
    virtual void describe(const ReqNode& n, RequirementResult& r) const = 0;
    // What the allocation gave a requirement, in its units, and the records it counts.
    virtual void report(const ReqNode& n, const alloc::NodeState& st, const std::vector<const Classified*>& counted,
                        RequirementResult& r) const = 0;
};

// Results of solving one (sub)tree.
struct Solved {
    std::map<const ReqNode*, RequirementResult> results;  // per node, without children filled
    std::vector<char> used;                                 // per item: counted in this tree
    std::vector<std::string> unresolved;                    // requirement ids when the budget ran out
    bool optimal = true;
    bool time_stopped = false;  // the allocation's time safety stop ended a search
    bool verdict_by_ilp = false;  // the allocation's exact fallback (CBC) proved a verdict
    long steps = 0;
    bool root_passed = false, root_all = false;
    // When the search ran out of budget: could another placement still satisfy the root?
    bool root_passed_undecided = false, root_all_undecided = false;
};

class Evaluator {
public:
    // `adjust`: what exceptions change of requirements (waived, new thresholds); null = nothing.
    Evaluator(const TreePolicy& policy, std::vector<const Classified*> items, long max_steps,
              const Adjustments* adjust = nullptr)
        : policy_(policy), items_(std::move(items)), max_steps_(max_steps),
          adjust_(adjust && !adjust->empty() ? adjust : nullptr) {}

    Solved solve(const ReqNode& root);

private:
    const TreePolicy& policy_;
    std::vector<const Classified*> items_;
    long max_steps_;
    const Adjustments* adjust_;
    std::set<const ReqNode*> waived_;  // waived requirements and everything under them

    const Adjustment* adjustment(const ReqNode& n) const;
    bool accepts(const ReqNode& leaf, const Classified& c) const;
    void mark_waived(const ReqNode& n, bool under);
    Solved not_applicable(const ReqNode& n) const;
    void collect_shared(const ReqNode& n, const ReqNode& root, std::map<const ReqNode*, Solved>& shared);
    void add_node(const ReqNode& rn, int parent, alloc::Problem& p, std::vector<const ReqNode*>& nodes,
                  const std::map<const ReqNode*, Solved>& shared) const;
    std::vector<int> add_items(const ReqNode& root, const std::vector<const ReqNode*>& nodes, alloc::Problem& p) const;
    void add_caps(const std::vector<const ReqNode*>& nodes, const std::vector<int>& original, alloc::Problem& p) const;
    void take_shared(const Solved& sub, Solved& out) const;
    RequirementResult describe(const ReqNode& n) const;
};

// Solves with the plan's adjustments, then tries each preferred placement in turn: kept when the
// audit is no worse with it (root verdict, then requirements met), else its outcome says why not.
Solved solve_preferring(const TreePolicy& policy, const std::vector<const Classified*>& items, long max_steps,
                        ExceptionPlan& plan, const ReqNode& root);

// The tree's results with every node's children filled in.
RequirementResult assemble(const ReqNode& n, std::map<const ReqNode*, RequirementResult>& results);

// The worse of two statuses (met < met pending < anything else).
Status combine(Status a, Status b);

}}}  // namespace libaudit::v0::detail
