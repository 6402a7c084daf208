// The C API (include/libaudit/libaudit.h): C strings and handles around the application layer the
// CLI calls (check_records_text, render_json), so the answer is the CLI's byte for byte. Every entry
// point catches everything: no C++ exception crosses into C.
#include <libaudit/libaudit.h>

#include <libaudit/app.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>
#include <libaudit/version.hpp>

#include "base/json_writer.hpp"
#include "capi/options.hpp"
#include "render/diagnostics_json.hpp"

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
    apply_options(options, rules->sets, rules->name, context, request, render);
    const std::string records_name = text_option(options, "records_name");
    const std::string profiles_name = text_option(options, "profiles_name");
    request.records = records_name.empty() ? "<records>" : records_name;
    if (profiles != nullptr) request.profiles = profiles_name.empty() ? "<profiles>" : profiles_name;
    const std::string profiles_text = profiles ? profiles : "";
    const std::string format = text_option(options, "format");
    if (!format.empty() && format != "json" && format != "html" && format != "text")
        throw ArgumentError{"option_type", {{"key", "format"}, {"expected", "\"json\", \"html\" or \"text\""}}};
    render.print_date = text_option(options, "print_date");
    const AuditResult audited =
        check_records_text(rules->sets, request, records, profiles ? &profiles_text : nullptr);
    *result = copy_out(format == "html"   ? render_html(audited, render)
                       : format == "text" ? render_text(audited, render)
                                          : render_json(audited, render));
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

libaudit_status libaudit_lint_text(const char* yaml, const char* name, const char* language, char** json,
                                   char** error) {
    using namespace libaudit::detail;
    return guarded(error, [&](CallContext& context) {
        require(json, "json");
        *json = nullptr;
        context.language = language_of(language);
        require(yaml, "yaml");
        const libaudit::LintResult lint = libaudit::lint_ruleset_from_string(yaml, name ? name : "<string>");
        *json = copy_out(lint_document(lint.diagnostics, 1, context.language));
    });
}

void libaudit_free(char* text) { std::free(text); }

}  // extern "C"
