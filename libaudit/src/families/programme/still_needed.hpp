// kind: programme: the courses that would fill what a requirement still needs. Internal.
#pragma once
#include <libaudit/result.hpp>

#include "evaluate/item.hpp"
#include "rules/model.hpp"

#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// For every requirement of `total` (assembled from m.root, still-needed marked) that misses credits
// or courses: the courses its leaves name (listed, or a pool over framework fields) that the student
// has not taken or not passed, and those counted elsewhere whose requirements stay met without them.
void offer_courses(const Model& m, const std::vector<Classified>& cls, RequirementResult& total);

}}}  // namespace libaudit::v0::detail
