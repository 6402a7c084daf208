// Meaning-level checks of requirement trees after loading (programme and hours): unreachable
// thresholds, caps below thresholds, ambiguous placement. Internal.
#pragma once
#include "rules/model.hpp"
#include "rules/rule_reader.hpp"

namespace libaudit { inline namespace v0 { namespace detail {

enum class Match { no, maybe, yes };

// Whether a filter accepts a framework course, from what the rule file alone tells. Conditions
// on record fields (dept, school, category, tag, selected) are unknown until a transcript comes.
Match static_match(const Filter& f, const Course& c);

// A pool only framework courses can enter (so what counts there is bounded by the course list).
bool framework_only(const Filter& f);

// Reports E030, E031 and W040 through `out` (which knows the file's source lines).
void check_model(const Model& m, YamlReader& out);

// A requirement-tree family's load result: the model, and its meaning-level lint when it loaded
// without errors (the lint needs a sound model), with every diagnostic the reader collected.
inline Loaded linted_tree(YamlReader& reader, std::shared_ptr<Model> model) {
    if (!reader.has_errors()) check_model(*model, reader);
    return Loaded{std::move(model), std::move(reader.diagnostics)};
}

}}}  // namespace libaudit::v0::detail
