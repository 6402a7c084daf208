// The options of an audit call as JSON (capi/options.hpp): shared by the C API and the service.
#include "capi/options.hpp"

#include <libaudit/exceptions.hpp>
#include <libaudit/records.hpp>

#include <string>
#include <utility>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

Language language_of(const char* word) {
    if (word == nullptr) return default_language();
    if (auto language = parse_language(word)) return *language;
    throw ArgumentError{"unknown_language", {{"value", word}}};
}


namespace {

const boost::json::value* option(const boost::json::object& options, const char* key, boost::json::kind kind,
                                 const char* expected) {
    const auto found = options.find(key);
    if (found == options.end() || found->value().is_null()) return nullptr;
    const bool ok = found->value().kind() == kind || (kind == boost::json::kind::int64 && found->value().is_uint64());
    if (!ok) throw ArgumentError{"option_type", {{"key", key}, {"expected", expected}}};
    return &found->value();
}

}  // namespace

std::string text_option(const boost::json::object& options, const char* key) {
    const boost::json::value* v = option(options, key, boost::json::kind::string, "string");
    return v ? std::string(v->get_string()) : std::string();
}

bool is_check_option(const std::string& key) {
    static const char* const known[] = {"language", "as_of", "id", "select", "max_steps", "unmask_ids",
                                        "encoding", "records_name", "profiles_name", "exceptions", "exceptions_name",
                                        "result_schema", "format", "print_date",
                                        "plan", "plan_name", "as_entry_year", "rule_set"};
    for (const char* k : known)
        if (key == k) return true;
    return false;
}

void check_option_names(const boost::json::object& options) {
    for (const auto& entry : options)
        if (!is_check_option(std::string(entry.key())))
            throw ArgumentError{"unknown_option", {{"key", std::string(entry.key())}}};
}

boost::json::object parse_options(const char* text) {
    if (text == nullptr) return {};
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) throw ArgumentError{"options_not_json", {{"reason", ec.message()}}};
    if (!v.is_object()) throw ArgumentError{"options_not_object", {}};
    check_option_names(v.get_object());
    return std::move(v.get_object());
}

namespace {

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

}  // namespace

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
void apply_options(const boost::json::object& options, const std::vector<RuleSet>& rulesets,
                   const std::string& rules_name, const CallContext& context, CheckRequest& request,
                   RenderOptions& render) {
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
    if (const auto* v = option(options, "result_schema", boost::json::kind::int64, "1 or 2")) {
        const long version = v->is_uint64() ? static_cast<long>(v->get_uint64()) : static_cast<long>(v->get_int64());
        if (version != 1 && version != 2) throw ArgumentError{"option_type", {{"key", "result_schema"}, {"expected", "1 or 2"}}};
        render.result_schema = static_cast<int>(version);
    }
    if (const std::string text = text_option(options, "exceptions"); !text.empty()) {
        const std::string name = text_option(options, "exceptions_name");
        ExceptionsFile file = parse_exceptions(text, name.empty() ? "<exceptions>" : name, rulesets);
        if (!file.ok()) throw InputError(std::move(file.diagnostics));  // nothing applied, as the CLI
        request.options.exceptions = std::move(file.exceptions);
    }
    request.rules = rules_name;
    request.id = text_option(options, "id");
    request.read = read_option(options);
    if (const std::string text = text_option(options, "plan"); !text.empty()) {
        const std::string name = text_option(options, "plan_name");
        PlanFile plan = parse_plan(text, name.empty() ? "<plan>" : name, request.read, rulesets);
        if (!plan.ok()) throw InputError(std::move(plan.diagnostics));  // nothing applied, as the CLI
        request.options.plan = std::move(plan.records);
    }
    what_if_options(options, request.options);
}

}}}  // namespace libaudit::v0::detail
