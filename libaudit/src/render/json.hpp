// The result JSON every family shares. Internal.
#pragma once
#include <libaudit/render.hpp>

#include "base/json_writer.hpp"

#include <string>

namespace libaudit { inline namespace v0 { namespace detail {

// Schema, subject, rule set, requirements, exclusions, flags and allocation, with the family's own
// members written by `family_part` (null: none) before the end.
std::string render_json_with(const AuditResult& res, const RenderOptions& o,
                             void (*family_part)(JsonWriter&, const AuditResult&, const RenderOptions&));

}}}  // namespace libaudit::v0::detail
