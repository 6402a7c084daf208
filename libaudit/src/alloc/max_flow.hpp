// Dinic's maximum flow, shared by the allocation's bounds (alloc.cpp) and its verdict search
// (decide.cpp).
#pragma once
#include "alloc/alloc.hpp"

#include <algorithm>
#include <vector>

namespace libaudit { inline namespace v0 { namespace alloc {

// Dinic's maximum flow on a small graph with int64 capacities.
class MaxFlow {
public:
    explicit MaxFlow(int n) : head_(n, -1), level_(n), it_(n) {}
    int add(int from, int to, Weight cap) {
        const int id = static_cast<int>(edges_.size());
        edges_.push_back({to, head_[from], cap});
        head_[from] = static_cast<int>(edges_.size()) - 1;
        edges_.push_back({from, head_[to], 0});
        head_[to] = static_cast<int>(edges_.size()) - 1;
        return id;
    }
    // Flow on an edge returned by add().
    Weight flow(int edge) const { return edges_[edge ^ 1].cap; }
    Weight run(int s, int t) {
        Weight total = 0;
        while (bfs(s, t)) {
            it_ = head_;
            while (Weight f = dfs(s, t, no_weight_cap)) total += f;
        }
        return total;
    }

private:
    struct Edge {
        int to, next;
        Weight cap;
    };
    bool bfs(int s, int t) {
        std::fill(level_.begin(), level_.end(), -1);
        std::vector<int> queue{s};
        level_[s] = 0;
        for (std::size_t q = 0; q < queue.size(); ++q) {
            for (int e = head_[queue[q]]; e != -1; e = edges_[e].next) {
                if (edges_[e].cap > 0 && level_[edges_[e].to] < 0) {
                    level_[edges_[e].to] = level_[queue[q]] + 1;
                    queue.push_back(edges_[e].to);
                }
            }
        }
        return level_[t] >= 0;
    }
    Weight dfs(int v, int t, Weight limit) {
        if (v == t) return limit;
        for (int& e = it_[v]; e != -1; e = edges_[e].next) {
            Edge& edge = edges_[e];
            if (edge.cap > 0 && level_[edge.to] == level_[v] + 1) {
                if (Weight f = dfs(edge.to, t, std::min(limit, edge.cap))) {
                    edge.cap -= f;
                    edges_[e ^ 1].cap += f;
                    return f;
                }
            }
        }
        return 0;
    }
    std::vector<int> head_, level_, it_;
    std::vector<Edge> edges_;
};

}}}  // namespace libaudit::v0::alloc
