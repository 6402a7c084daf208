// kind: hours: the loader. Internal.
#pragma once
#include <libaudit/messages.hpp>

#include "rules/rule_reader.hpp"

namespace libaudit { inline namespace v0 { namespace detail {

Loaded load_hours(const std::string& name, const std::string& text, const YAML::Node& doc);
// Whether the rule set is meant for this profile; when not, `why_not` gets the reason as message
// parameters: reason (applies.<reason> in the catalogue) and what it names.
bool hours_applies_to(const Model& m, const Profile& profile, MessageParams* why_not);

}}}  // namespace libaudit::v0::detail
