// Loading the tables and rules of a `kind: checks` rule set (load_checks.cpp). Internal.
#pragma once
#include "families/checks/model.hpp"
#include "rules/rule_reader.hpp"

#include <memory>
#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// Reads `tables:` and `rules:` of the rule file's top-level mapping, reporting through `r`.
std::shared_ptr<const CheckModel> load_check_model(YamlReader& r, const YamlReader::Map& top);

// kind: checks: the whole rule file (header, tables, rules).
Loaded load_checks(const std::string& name, const std::string& text, const YAML::Node& doc);

// The field names a template or pattern refers to: "{national_id|upper}{birth_date|mmdd}" ->
// national_id, birth_date.
std::vector<std::string> template_fields(const std::string& text);

}}}  // namespace libaudit::v0::detail
