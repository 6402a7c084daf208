// Before yaml-cpp reads a rule file: the mistakes department staff make while typing YAML with a
// Chinese input method or a word processor, found in the raw text so that each is reported on the
// line where it is, all at once: an indent of full-width spaces (U+3000) or tabs, smart quotes
// around a value, a full-width colon after a key; and, once yaml-cpp has failed, the line whose
// indentation matches no line above it. Words in messages/*/lint_yaml.txt. Internal.
#pragma once
#include "rules/yaml_reader.hpp"

#include <string>

namespace libaudit { inline namespace v0 { namespace detail {

// Reports each such mistake (E001.yaml.*) through `reader`; true when there was one.
bool prescan_yaml(YamlReader& reader, const std::string& text);

// After a yaml-cpp syntax error: reports lines indented to no level of the block they close
// (E001.yaml.indent_*); true when there was one (then yaml-cpp's own message adds nothing).
bool indentation_problems(YamlReader& reader, const std::string& text);

// yaml-cpp's message as a word of the catalogue group yaml.explain ("" when it has none).
std::string yaml_message_key(const std::string& message);

}}}  // namespace libaudit::v0::detail
