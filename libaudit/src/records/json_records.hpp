// Internal: records and profiles from JSON text: an array of objects, or an object holding a
// "records" array and a "profile" or "profiles"; every bad key and value located by its path.
#pragma once
#include <libaudit/records.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

class Problems;

// `text` (UTF-8) as records: InputError with every problem (syntax errors located by line and
// column, the rest by JSON path).
std::vector<Record> parse_json_records(std::string_view text, const std::string& name);
// `text` as profiles: an array, {"profiles": [...]}, {"profile": {...}} or one profile object; a
// records document without a profile gives none.
std::vector<Profile> parse_json_profiles(std::string_view text, const std::string& name);

// A plan's own check of one key of one record object: its JSON path ("[2]"), the key, the value as text.
using PlanKeyCheck = std::function<void(Problems&, const std::string& path, const std::string& key, const std::string& value)>;
// A planned-courses file in JSON (docs/what-if.md): the records of `text` (an array, or an object
// with a "records" array), each key first given to `check_key`; an object without a student id is
// for `any_subject`. InputError with every problem; no record when there is one.
std::vector<Record> parse_json_plan(std::string_view text, const std::string& name, const std::string& any_subject,
                                    const PlanKeyCheck& check_key);

}}}  // namespace libaudit::v0::detail
