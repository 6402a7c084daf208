// The options of an audit call as a JSON object (libaudit.h's libaudit_check, docs/c-api.md),
// turned into the CheckRequest and RenderOptions `libaudit check` makes of the same options. Shared
// by the C API and the HTTP service (serve/), so both answer as the CLI does for the same options.
#pragma once
#include <libaudit/app.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// A problem with the arguments or options of a call: catalogue code "capi.<key>".
struct ArgumentError {
    std::string key;
    MessageParams params;
};

// What a call reports its errors in.
struct CallContext {
    Language language = default_language();
    Ids ids = Ids::masked;
};

// "zh-TW" / "en" (nullptr: the default language); ArgumentError unknown_language otherwise.
Language language_of(const char* word);

// The option names libaudit_check knows.
bool is_check_option(const std::string& key);
// `text` parsed as a JSON object of known options (nullptr: none); ArgumentError otherwise.
boost::json::object parse_options(const char* text);
// ArgumentError unknown_option for a key is_check_option does not know.
void check_option_names(const boost::json::object& options);
// A string option ("" when absent or null); ArgumentError option_type when not a string.
std::string text_option(const boost::json::object& options, const char* key);

// "language" and "unmask_ids" into the context: read first, so that every later problem is
// reported in the call's language.
void apply_language(const boost::json::object& options, CallContext& context);
// The request and rendering `libaudit check` would make of the same options; `rules_name` names
// the loaded `rulesets` in messages. Throws ArgumentError, InputError (a bad as_of, a bad
// exceptions file).
void apply_options(const boost::json::object& options, const std::vector<RuleSet>& rulesets,
                   const std::string& rules_name, const CallContext& context, CheckRequest& request,
                   RenderOptions& render);

}}}  // namespace libaudit::v0::detail
