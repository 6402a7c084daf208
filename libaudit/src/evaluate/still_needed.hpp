// What every requirement not met (or met only pending) still needs, over the assembled result tree
// beside its rule tree: what is missing in its own units, the sub-requirements it waits on, and
// which branches of a met any / at_least requirement are not needed. What could fill a need (the
// courses a programme names, the categories of hours) each family adds. Internal.
#pragma once
#include <libaudit/result.hpp>

#include "rules/model.hpp"

#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// Sets `still_needed` and `not_needed` on `r` and everything under it (`r` assembled from `n`).
void mark_still_needed(const ReqNode& n, RequirementResult& r);

// The tree flattened beside its rules: each requirement with its rule node and its parent's index
// (-1 for the root), in tree order.
struct NodePair {
    const ReqNode* rule = nullptr;
    RequirementResult* result = nullptr;
    int parent = -1;
};
std::vector<NodePair> flatten(const ReqNode& n, RequirementResult& r);

// Whether node `a` lies in the subtree of node `b` (indices into a flatten()ed tree).
bool within(const std::vector<NodePair>& nodes, int a, int b);

}}}  // namespace libaudit::v0::detail
