// Internal: Levenshtein distance, for did-you-mean hints (over bytes of YAML keys, or over the
// code points of Chinese column headers).
#pragma once
#include <algorithm>
#include <cstddef>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

template <class String>
std::size_t edit_distance(const String& a, const String& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diag = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diag = up;
        }
    }
    return row[b.size()];
}

}}}  // namespace libaudit::v0::detail
