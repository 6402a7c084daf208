// Rules of a requirement node shared by the allocation's search (alloc.cpp), its verdict search
// (decide.cpp) and its linear relaxation (lp_bound.cpp): how many satisfied children a node needs.
#pragma once
#include "alloc/alloc.hpp"

namespace libaudit { inline namespace v0 { namespace alloc { namespace detail {

// The satisfied children a node needs: all of them, one (`any`; none when it has no children),
// or `at_least`.
inline int required_children(const Node& node) {
    const int n = static_cast<int>(node.children.size());
    switch (node.kind) {
        case NodeKind::all: return n;
        case NodeKind::any: return n == 0 ? 0 : 1;
        case NodeKind::at_least: return node.at_least;
    }
    return n;
}

// Whether `satisfied` satisfied children meet the node's children condition.
inline bool children_ok(const Node& node, int satisfied) { return satisfied >= required_children(node); }

}}}}  // namespace libaudit::v0::alloc::detail
