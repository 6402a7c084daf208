// kind: programme: the loader. Internal.
#pragma once
#include "rules/rule_reader.hpp"

namespace libaudit::detail {

Loaded load_programme(const std::string& name, const std::string& text, const YAML::Node& doc);
bool programme_applies_to(const Model& m, const Profile& profile, std::string* why_not);

}  // namespace libaudit::detail
