// Internal: records and profiles from JSON text: an array of objects, or an object holding a
// "records" array and a "profile" or "profiles"; every bad key and value located by its path.
#pragma once
#include <libaudit/records.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// `text` (UTF-8) as records: InputError with every problem (syntax errors located by line and
// column, the rest by JSON path).
std::vector<Record> parse_json_records(std::string_view text, const std::string& name);
// `text` as profiles: an array, {"profiles": [...]}, {"profile": {...}} or one profile object; a
// records document without a profile gives none.
std::vector<Profile> parse_json_profiles(std::string_view text, const std::string& name);

}}}  // namespace libaudit::v0::detail
