// The C API (include/libaudit/libaudit.h): C strings and handles around the application layer the
// CLI calls (check_records_text, render_json), so the answer is the CLI's byte for byte. Every entry
// point catches everything: no C++ exception crosses into C.
#include <libaudit/libaudit.h>

#include <libaudit/app.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>
#include <libaudit/version.hpp>

#include "base/json_writer.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <string>
#include <utility>
#include <vector>

struct libaudit_rules {
    std::vector<libaudit::RuleSet> sets;
    std::string name;  // the path or name it was loaded from, as `libaudit check RULES` names it
};

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

// A problem with the arguments of a call (LIBAUDIT_ERROR_ARGUMENT): catalogue code "capi.<key>".
struct ArgumentError {
    std::string key;
    MessageParams params;
};

// What a call reports its errors in.
struct CallContext {
    Language language = default_language();
    Ids ids = Ids::masked;
};

// A copy the caller frees with libaudit_free.
char* copy_out(const std::string& text) {
    char* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (out == nullptr) throw std::bad_alloc();
    std::memcpy(out, text.c_str(), text.size() + 1);
    return out;
}

void require(const void* argument, const char* name) {
    if (argument == nullptr) throw ArgumentError{"null_argument", {{"name", name}}};
}

Language language_of(const char* word) {
    if (word == nullptr) return default_language();
    if (auto language = parse_language(word)) return *language;
    throw ArgumentError{"unknown_language", {{"value", word}}};
}

// The message of the exception being handled, in the call's language.
std::pair<libaudit_status, std::string> current_error(const CallContext& context) {
    try {
        throw;
    } catch (const ArgumentError& e) {
        return {LIBAUDIT_ERROR_ARGUMENT, message_text(context.language, "capi." + e.key, e.params)};
    } catch (const Error& e) {  // RuleError, InputError: every problem, located, as the CLI prints them
        std::string text;
        for (const Diagnostic& d : e.diagnostics())
            text += (text.empty() ? "" : "\n") + format_diagnostic(d, context.language, true, context.ids);
        return {LIBAUDIT_ERROR_INVALID, text};
    } catch (const IoError& e) {
        return {LIBAUDIT_ERROR_IO, error_text(e, context.language)};
    } catch (const std::bad_alloc&) {
        return {LIBAUDIT_ERROR_MEMORY, message_text(context.language, "capi.out_of_memory")};
    } catch (const std::exception& e) {
        return {LIBAUDIT_ERROR_INTERNAL, message_text(context.language, "capi.internal", {{"what", e.what()}})};
    }
}

// Runs the body of an entry point; any exception becomes a status and, when asked, a message.
template <class Body> libaudit_status guarded(char** error, Body&& body) noexcept {
    if (error != nullptr) *error = nullptr;
    CallContext context;
    try {
        body(context);
        return LIBAUDIT_OK;
    } catch (...) {
        libaudit_status status = LIBAUDIT_ERROR_INTERNAL;
        try {
            auto [code, text] = current_error(context);
            status = code;
            if (error != nullptr) *error = copy_out(text);
        } catch (const std::bad_alloc&) {
            status = status == LIBAUDIT_ERROR_INTERNAL ? LIBAUDIT_ERROR_MEMORY : status;
        } catch (...) {  // an exception of no known type: INTERNAL, without a message
        }
        return status;
    }
}

// --- options of libaudit_check (libaudit.h)
const boost::json::value* option(const boost::json::object& options, const char* key, boost::json::kind kind,
                                 const char* expected) {
    const auto found = options.find(key);
    if (found == options.end() || found->value().is_null()) return nullptr;
    const bool ok = found->value().kind() == kind || (kind == boost::json::kind::int64 && found->value().is_uint64());
    if (!ok) throw ArgumentError{"option_type", {{"key", key}, {"expected", expected}}};
    return &found->value();
}

std::string text_option(const boost::json::object& options, const char* key) {
    const boost::json::value* v = option(options, key, boost::json::kind::string, "string");
    return v ? std::string(v->get_string()) : std::string();
}

boost::json::object parse_options(const char* text) {
    if (text == nullptr) return {};
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) throw ArgumentError{"options_not_json", {{"reason", ec.message()}}};
    if (!v.is_object()) throw ArgumentError{"options_not_object", {}};
    static const char* const known[] = {"language", "as_of", "id", "select", "max_steps", "unmask_ids",
                                        "encoding", "records_name", "profiles_name", "exceptions", "exceptions_name",
                                        "plan", "plan_name", "as_entry_year", "rule_set"};
    for (const auto& entry : v.get_object()) {
        bool found = false;
        for (const char* k : known) found = found || entry.key() == k;
        if (!found) throw ArgumentError{"unknown_option", {{"key", std::string(entry.key())}}};
    }
    return std::move(v.get_object());
}

std::vector<std::string> select_option(const boost::json::object& options) {
    std::vector<std::string> codes;
    if (const auto* v = option(options, "select", boost::json::kind::array, "array of strings"))
        for (const auto& code : v->get_array()) {
            if (!code.is_string()) throw ArgumentError{"option_type", {{"key", "select"}, {"expected", "array of strings"}}};
            codes.emplace_back(code.get_string());
        }
    return codes;
}

ReadOptions read_option(const boost::json::object& options) {
    ReadOptions read;
    const std::string encoding = text_option(options, "encoding");
    if (encoding == "big5") read.encoding = Encoding::big5;
    else if (encoding == "utf-8" || encoding == "utf8") read.encoding = Encoding::utf8;
    else if (!encoding.empty() && encoding != "auto")
        throw ArgumentError{"unknown_encoding", {{"value", encoding}}};
    return read;
}

// What the call's messages are in: read first, so that every later problem is reported in it.
void apply_language(const boost::json::object& options, CallContext& context) {
    const std::string language = text_option(options, "language");
    context.language = language_of(language.empty() ? nullptr : language.c_str());
    if (const auto* v = option(options, "unmask_ids", boost::json::kind::bool_, "true or false"))
        context.ids = v->get_bool() ? Ids::shown : Ids::masked;
}

// A what-if against another framework, as --as-entry-year and --rule-set (docs/what-if.md).
void what_if_options(const boost::json::object& options, AuditOptions& audit) {
    if (const auto* v = option(options, "as_entry_year", boost::json::kind::int64, "integer from 1 to 199")) {
        const long year = v->is_uint64() ? static_cast<long>(v->get_uint64()) : static_cast<long>(v->get_int64());
        if (year < 1 || year > 199)
            throw ArgumentError{"option_type", {{"key", "as_entry_year"}, {"expected", "integer from 1 to 199"}}};
        audit.as_entry_year = static_cast<int>(year);
    }
    audit.rule_set = text_option(options, "rule_set");
}

// The request and rendering `libaudit check` would make of the same options.
void apply_options(const boost::json::object& options, const libaudit_rules& rules, const CallContext& context,
                   CheckRequest& request, RenderOptions& render) {
    request.unmask_ids = context.ids == Ids::shown;
    render.language = context.language;
    render.unmask_ids = request.unmask_ids;
    if (auto problem = parse_audit_as_of(text_option(options, "as_of"), request.options)) throw InputError({*problem});
    request.options.selected = select_option(options);
    if (const auto* v = option(options, "max_steps", boost::json::kind::int64, "positive integer")) {
        const long steps = v->is_uint64() ? static_cast<long>(v->get_uint64()) : static_cast<long>(v->get_int64());
        if (steps <= 0) throw ArgumentError{"option_type", {{"key", "max_steps"}, {"expected", "positive integer"}}};
        request.options.max_steps = steps;
    }
    if (const std::string text = text_option(options, "exceptions"); !text.empty()) {
        const std::string name = text_option(options, "exceptions_name");
        ExceptionsFile file = parse_exceptions(text, name.empty() ? "<exceptions>" : name, rules.sets);
        if (!file.ok()) throw InputError(std::move(file.diagnostics));  // nothing applied, as the CLI
        request.options.exceptions = std::move(file.exceptions);
    }
    request.rules = rules.name;
    request.id = text_option(options, "id");
    request.read = read_option(options);
    if (const std::string text = text_option(options, "plan"); !text.empty()) {
        const std::string name = text_option(options, "plan_name");
        PlanFile plan = parse_plan(text, name.empty() ? "<plan>" : name, request.read);
        if (!plan.ok()) throw InputError(std::move(plan.diagnostics));  // nothing applied, as the CLI
        request.options.plan = std::move(plan.records);
    }
    what_if_options(options, request.options);
}

void check(const libaudit_rules* rules, const char* records, const char* profiles, const char* options_text,
           char** result, CallContext& context) {
    require(result, "result");
    *result = nullptr;
    const boost::json::object options = parse_options(options_text);
    apply_language(options, context);
    require(rules, "rules");
    require(records, "records");
    CheckRequest request;
    RenderOptions render;
    apply_options(options, *rules, context, request, render);
    const std::string records_name = text_option(options, "records_name");
    const std::string profiles_name = text_option(options, "profiles_name");
    request.records = records_name.empty() ? "<records>" : records_name;
    if (profiles != nullptr) request.profiles = profiles_name.empty() ? "<profiles>" : profiles_name;
    const std::string profiles_text = profiles ? profiles : "";
    const AuditResult audited =
        check_records_text(rules->sets, request, records, profiles ? &profiles_text : nullptr);
    *result = copy_out(render_json(audited, render));
}

std::string list_json(const libaudit_rules& rules) {
    JsonWriter w;
    w.begin_array();
    for (const RuleSet& r : rules.sets) {
        w.begin_object();
        w.key("id"), w.string(r.id());
        w.key("version"), w.string(r.version());
        w.key("kind"), w.string(to_string(r.kind()));
        w.key("sha256"), w.string(r.sha256());
        w.key("file"), w.string(r.file());
        w.end_object();
    }
    w.end_array();
    return w.str();
}

}  // namespace
}}}  // namespace libaudit::v0::detail

extern "C" {

const char* libaudit_version(void) { return LIBAUDIT_VERSION; }

libaudit_status libaudit_rules_load(const char* path, const char* language, libaudit_rules** rules, char** error) {
    using namespace libaudit::detail;
    return guarded(error, [&](CallContext& context) {
        require(rules, "rules");
        *rules = nullptr;
        context.language = language_of(language);
        require(path, "path");
        auto loaded = std::make_unique<libaudit_rules>();
        loaded->sets = libaudit::load_rulesets(path);
        loaded->name = path;
        *rules = loaded.release();
    });
}

libaudit_status libaudit_rules_load_text(const char* yaml, const char* name, const char* language,
                                         libaudit_rules** rules, char** error) {
    using namespace libaudit::detail;
    return guarded(error, [&](CallContext& context) {
        require(rules, "rules");
        *rules = nullptr;
        context.language = language_of(language);
        require(yaml, "yaml");
        auto loaded = std::make_unique<libaudit_rules>();
        loaded->name = name ? name : "<string>";
        loaded->sets.push_back(libaudit::load_ruleset_from_string(yaml, loaded->name));
        *rules = loaded.release();
    });
}

libaudit_status libaudit_rules_list(const libaudit_rules* rules, char** json, char** error) {
    using namespace libaudit::detail;
    return guarded(error, [&](CallContext&) {
        require(json, "json");
        *json = nullptr;
        require(rules, "rules");
        *json = copy_out(list_json(*rules));
    });
}

void libaudit_rules_free(libaudit_rules* rules) { delete rules; }

libaudit_status libaudit_check(const libaudit_rules* rules, const char* records, const char* profiles,
                               const char* options, char** result, char** error) {
    using namespace libaudit::detail;
    return guarded(error, [&](CallContext& context) { check(rules, records, profiles, options, result, context); });
}

void libaudit_free(char* text) { std::free(text); }

}  // extern "C"
