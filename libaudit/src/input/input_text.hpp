// Internal: what every input reader shares (records/files.cpp and records/json_records.cpp
// implement it): reading a file, decoding it to UTF-8, telling JSON from CSV, and parsing JSON
// with located syntax errors.
#pragma once
#include <libaudit/records.hpp>

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace libaudit { inline namespace v0 { namespace detail {

// The most a data file may hold (records, profiles, datasets): far above a school's export (a
// 40,000-student transcript is about 250 MB), below what would exhaust the memory of an office PC.
constexpr std::size_t max_input_bytes = std::size_t{1} << 30;
// The most a rule or rule-test file may hold.
constexpr std::size_t max_rule_file_bytes = std::size_t{16} << 20;

// The file's bytes; IoError when it cannot be read or holds more than `max_bytes` (io.too_large).
// Reading stops after a block with a NUL byte: not text (/dev/zero, a binary or UTF-16 file),
// which decoding then reports where it is (R002).
// The path "-" is standard input, read whole on first use and the same text for every later read
// (a batch reads its records file twice: a scan, then the audit).
std::string read_input_file(const std::string& path, std::size_t max_bytes = max_input_bytes);
// Standard input's bytes (at most max_input_bytes), read once per process.
const std::string& standard_input();
// UTF-8 without a BOM (Big5 converted when the options say so; JSON is always UTF-8).
std::string decode_input(std::string content, const std::string& name, const ReadOptions& options);
// JSON by extension (.json), CSV by extension (.csv/.tsv), else by the first character.
bool input_is_json(const std::string& name, std::string_view text);
// ',' or '\t' (by extension .tsv, or a header line with tabs and no commas).
char input_delimiter(const std::string& name, std::string_view text);
// Parses `text` as one JSON document. A syntax error throws InputError R020 located by line and
// character column, with the offending line.
boost::json::value parse_json_text(std::string_view text, const std::string& name);
// "object", "array", "string", "boolean", "null", "number": for type errors, the parameter `got`
// of a message (got.<kind> in the catalogue: "an object", ...).
const char* json_kind(const boost::json::value& v);

}}}  // namespace libaudit::v0::detail
