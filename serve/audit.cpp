// The audit, check, lint and rule-list endpoints (audit.hpp).
#include "audit.hpp"

#include "diagnostics_json.hpp"

#include <libaudit/app.hpp>
#include <libaudit/dataset.hpp>
#include <libaudit/render.hpp>
#include <libaudit/ruleset.hpp>

#include "base/json_writer.hpp"
#include "capi/options.hpp"
#include "rules/model.hpp"

#include <boost/json.hpp>

#include <optional>
#include <utility>

namespace libaudit_serve {

using libaudit::Language;
using libaudit::detail::ArgumentError;
using libaudit::detail::CallContext;

namespace {

// An answer other than 200 with a catalogue message (unknown rule set, a refused unmask ...).
struct Refusal {
    int status;
    std::string code;
    libaudit::MessageParams params;
};

// The rule sets a request audits with, from one snapshot of the catalogue.
struct Selection {
    std::shared_ptr<const Catalog> catalog;  // keeps the sets alive during a reload
    std::vector<libaudit::RuleSet> sets;
    std::string name;  // names them in messages: the paths given at start
};

// ?rules=PATH (one of the paths the service was started with) and ?ruleset=ID narrow the choice.
Selection select_rules(const Call& call) {
    Selection s{call.service.catalog->get(), {}, ""};
    const auto rules = call.target.get("rules");
    for (const RuleSource& source : s.catalog->sources) {
        if (rules && *rules != source.path) continue;
        s.name += (s.name.empty() ? "" : " ") + source.path;
        s.sets.insert(s.sets.end(), source.sets.begin(), source.sets.end());
    }
    if (rules && s.name.empty()) throw Refusal{404, "serve.unknown_rules", {{"rules", *rules}}};
    if (const auto id = call.target.get("ruleset")) {
        std::vector<libaudit::RuleSet> kept;
        for (const auto& set : s.sets)
            if (set.id() == *id) kept.push_back(set);
        if (kept.empty()) throw Refusal{404, "serve.unknown_ruleset", {{"id", *id}}};
        s.sets = std::move(kept);
    }
    return s;
}

bool is_text_parameter(const std::string& key) {
    return key == "as_of" || key == "id" || key == "encoding" || key == "records_name" || key == "profiles_name" ||
           key == "exceptions_name";
}

// The audit options given in the query (?as_of=1141&select=A&select=B&lang=en ...), as the C API's
// option object; `also` names the endpoint's own parameters, which are left to it.
boost::json::object query_options(const Call& call, std::initializer_list<const char*> also) {
    boost::json::object o;
    for (const auto& [key, value] : call.target.query) {
        bool own = key == "rules" || key == "ruleset";
        for (const char* a : also) own = own || key == a;
        if (own) continue;
        if (key == "lang") {
            o["language"] = value;
        } else if (key == "select") {
            if (!o.contains("select")) o["select"] = boost::json::array();
            o["select"].as_array().emplace_back(value);
        } else if (key == "max_steps") {
            char* end = nullptr;
            const long n = std::strtol(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || n <= 0)
                throw ArgumentError{"option_type", {{"key", key}, {"expected", "positive integer"}}};
            o[key] = n;
        } else if (key == "unmask_ids") {
            o[key] = value != "false" && value != "0";
        } else if (is_text_parameter(key)) {
            o[key] = value;
        } else {
            throw ArgumentError{"unknown_option", {{"key", key}}};
        }
    }
    return o;
}

// Envelope options over query options; the request's language unless the options name one; the
// service's default step limit unless they set one. IDs in full only for a token allowed to.
boost::json::object merged_options(const Call& call, boost::json::object query, const boost::json::object* own) {
    if (own != nullptr) {
        libaudit::detail::check_option_names(*own);
        for (const auto& entry : *own) query[entry.key()] = entry.value();
    }
    if (!query.contains("language")) query["language"] = call.language == Language::en ? "en" : "zh-TW";
    if (call.service.max_steps > 0 && !query.contains("max_steps")) query["max_steps"] = call.service.max_steps;
    const auto unmask = query.find("unmask_ids");
    if (unmask != query.end() && unmask->value().is_bool() && unmask->value().get_bool() &&
        (call.token == nullptr || !call.token->unmask))
        throw Refusal{403, "serve.unmask_forbidden", {}};
    return query;
}

// One subject to audit: the texts of its files and its options.
struct Subject {
    std::string records;
    std::optional<std::string> profiles;
    boost::json::object options;
};

// A file's text in an envelope: a string as is, a JSON document (object or array) written out.
std::optional<std::string> file_text(const boost::json::object& envelope, const char* key) {
    const auto found = envelope.find(key);
    if (found == envelope.end() || found->value().is_null()) return std::nullopt;
    const boost::json::value& v = found->value();
    if (v.is_string()) return std::string(v.get_string());
    if (v.is_object() || v.is_array()) return boost::json::serialize(v);
    throw Refusal{400, "serve.member_type", {{"member", key}}};
}

// {"records": ..., "profiles": ..., "options": {...}}: the envelope of one subject.
Subject subject_of(const Call& call, const boost::json::value& envelope) {
    if (!envelope.is_object()) throw Refusal{400, "serve.not_envelope", {}};
    const boost::json::object& e = envelope.get_object();
    for (const auto& entry : e)
        if (entry.key() != "records" && entry.key() != "profiles" && entry.key() != "options")
            throw Refusal{400, "serve.unknown_member", {{"member", std::string(entry.key())}}};
    auto records = file_text(e, "records");
    if (!records) throw Refusal{400, "serve.no_records", {}};
    const boost::json::object* own = nullptr;
    if (const auto o = e.find("options"); o != e.end() && !o->value().is_null()) {
        if (!o->value().is_object()) throw Refusal{400, "serve.member_type", {{"member", "options"}}};
        own = &o->value().get_object();
    }
    return Subject{std::move(*records), file_text(e, "profiles"), merged_options(call, query_options(call, {}), own)};
}

boost::json::value parse_json(const std::string& text) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(text, ec);
    if (ec) throw Refusal{400, "serve.bad_json", {{"reason", ec.message()}}};
    return v;
}

bool is_json(const std::string& content_type) {
    return content_type.compare(0, 16, "application/json") == 0;
}

// ?encoding= of a dataset: auto (by the bytes), utf-8 or big5, as the C API's option.
libaudit::ReadOptions read_options(const boost::json::object& o) {
    libaudit::ReadOptions read;
    const std::string encoding = libaudit::detail::text_option(o, "encoding");
    if (encoding == "big5") read.encoding = libaudit::Encoding::big5;
    else if (encoding == "utf-8" || encoding == "utf8") read.encoding = libaudit::Encoding::utf8;
    else if (!encoding.empty() && encoding != "auto") throw ArgumentError{"unknown_encoding", {{"value", encoding}}};
    return read;
}

// The result JSON of one subject, as libaudit_check (capi.cpp) makes it; with `sheet` (only
// /v1/audit) the option "format": "html" gives the printable sheet instead (*sheet set true).
std::string audit_subject(const Selection& rules, const Subject& subject, CallContext& context, bool compact,
                          bool* sheet = nullptr) {
    libaudit::detail::apply_language(subject.options, context);
    libaudit::CheckRequest request;
    libaudit::RenderOptions render;
    libaudit::detail::apply_options(subject.options, rules.sets, rules.name, context, request, render);
    const std::string format = libaudit::detail::text_option(subject.options, "format");
    const bool html = sheet != nullptr && format == "html";
    if (!format.empty() && format != "json" && !html)
        throw ArgumentError{"option_type", {{"key", "format"}, {"expected", sheet ? "\"json\" or \"html\"" : "\"json\""}}};
    render.compact = compact;
    render.print_date = libaudit::detail::text_option(subject.options, "print_date");
    const std::string records_name = libaudit::detail::text_option(subject.options, "records_name");
    const std::string profiles_name = libaudit::detail::text_option(subject.options, "profiles_name");
    request.records = records_name.empty() ? "<records>" : records_name;
    if (subject.profiles) request.profiles = profiles_name.empty() ? "<profiles>" : profiles_name;
    const libaudit::AuditResult audited =
        libaudit::check_records_text(rules.sets, request, subject.records, subject.profiles ? &*subject.profiles : nullptr);
    if (html) *sheet = true;
    return html ? libaudit::render_html(audited, render) : libaudit::render_json(audited, render);
}

Response json_response(std::string body) {
    Response r;
    r.body = std::move(body);
    return r;
}

// Runs `body`; bad input becomes its 4xx answer, in the call's language: invalid rules or input
// the CLI's invalid document (400), bad options the C API's message (400), refusals theirs.
template <class Body> Response answered(const Call& call, CallContext& context, Body&& body) {
    try {
        return body();
    } catch (const Refusal& e) {
        return error_response(e.status, context.language, e.code, e.params);
    } catch (const ArgumentError& e) {
        return error_response(400, context.language, "capi." + e.key, e.params);
    } catch (const libaudit::Error& e) {
        Response r = json_response(invalid_document(e.diagnostics(), context.language, context.ids) + "\n");
        r.status = 400;
        return r;
    } catch (const libaudit::IoError& e) {
        Response r = error_response(400, context.language, "serve.io", {{"text", libaudit::error_text(e, context.language)}});
        return r;
    }
    (void)call;
}

// The lines of audit-many: each input line an envelope, each answer line a result (or why not).
class ManyStream : public LineStream {
public:
    ManyStream(const Call& call, Selection rules)
        : service_(call.service), target_(call.target), language_(call.language), token_(call.token),
          body_(call.request.body), rules_(std::move(rules)) {}

    bool next(std::string& out) override {
        while (position_ < body_.size()) {
            std::size_t end = body_.find('\n', position_);
            if (end == std::string::npos) end = body_.size();
            const std::string line = body_.substr(position_, end - position_);
            position_ = end + 1;
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            out = answer(line);
            return true;
        }
        return false;
    }

private:
    std::string answer(const std::string& line) {
        const Request request;
        const Call call{service_, request, target_, language_, token_};
        CallContext context;
        context.language = language_;
        const Response r = answered(call, context, [&] {
            const Subject subject = subject_of(call, parse_json(line));
            ++audits;
            return json_response(audit_subject(rules_, subject, context, true));
        });
        if (r.status == 200) return r.body + "\n";
        // An error answer on one line, as JSON Lines wants it.
        return boost::json::serialize(boost::json::parse(r.body)) + "\n";
    }

    const Service& service_;
    const Target target_;
    Language language_;
    const Token* token_;
    const std::string body_;
    Selection rules_;
    std::size_t position_ = 0;
};

}  // namespace

Response rulesets_response(const Call& call) {
    CallContext context;
    context.language = call.language;
    return answered(call, context, [&] {
        const Selection rules = select_rules(call);
        libaudit::detail::JsonWriter w;
        w.begin_array();
        for (const auto& set : rules.sets) {
            const auto& m = set.model();
            w.begin_object();
            w.key("id"), w.string(set.id());
            w.key("version"), w.string(set.version());
            w.key("kind"), w.string(libaudit::to_string(set.kind()));
            w.key("title"), w.string(set.title());
            w.key("sha256"), w.string(set.sha256());
            w.key("file"), w.string(set.file());
            w.key("applies_to");
            w.begin_object();
            w.key("programmes"), w.begin_array();
            for (const auto& p : m.programmes) w.string(p);
            w.end_array();
            w.key("entry_years"), w.begin_array();
            for (int y : m.entry_years) w.number(y);
            w.end_array();
            w.key("roles"), w.begin_array();
            for (const auto& role : m.roles) w.string(role);
            w.end_array();
            w.end_object();
            w.end_object();
        }
        w.end_array();
        return json_response(w.str() + "\n");
    });
}

Response audit_response(const Call& call) {
    CallContext context;
    context.language = call.language;
    Response r = answered(call, context, [&] {
        const Selection rules = select_rules(call);
        Subject subject;
        if (is_json(call.request.content_type)) {
            subject = subject_of(call, parse_json(call.request.body));
        } else {  // the records file itself in the body, options in the query
            subject.records = call.request.body;
            subject.options = merged_options(call, query_options(call, {}), nullptr);
        }
        bool sheet = false;
        Response answer = json_response(audit_subject(rules, subject, context, false, &sheet));
        if (sheet) answer.content_type = "text/html";
        return answer;
    });
    r.audits = r.status == 200 ? 1 : 0;
    return r;
}

Response audit_many_response(const Call& call) {
    CallContext context;
    context.language = call.language;
    return answered(call, context, [&] {
        Response r;
        r.content_type = "application/x-ndjson";
        r.stream = std::make_shared<ManyStream>(call, select_rules(call));
        return r;
    });
}

Response dataset_response(const Call& call) {
    CallContext context;
    context.language = call.language;
    return answered(call, context, [&] {
        const boost::json::object o = merged_options(call, query_options(call, {"name", "file", "table"}), nullptr);
        libaudit::detail::apply_language(o, context);
        for (const auto& entry : o)
            if (entry.key() != "language" && entry.key() != "as_of" && entry.key() != "encoding" &&
                entry.key() != "unmask_ids" && entry.key() != "max_steps")
                throw ArgumentError{"unknown_option", {{"key", std::string(entry.key())}}};
        const Selection rules = select_rules(call);
        const libaudit::RuleSet set = libaudit::choose_checks_ruleset(rules.sets, rules.name);
        libaudit::CheckOptions options;
        if (auto problem = libaudit::parse_check_as_of(libaudit::detail::text_option(o, "as_of"), options))
            throw libaudit::InputError({*problem});
        libaudit::RenderOptions render;
        render.language = context.language;
        render.unmask_ids = context.ids == libaudit::Ids::shown;
        libaudit::Dataset data;
        libaudit::parse_dataset_input(set, call.request.body, call.target.get("file").value_or("<dataset>"),
                                      call.target.get("table").value_or(""), data, read_options(o));
        if (const auto name = call.target.get("name")) data.name = *name;
        return json_response(libaudit::render_json(libaudit::audit_dataset(set, data, options), render));
    });
}

Response lint_response(const Call& call) {
    CallContext context;
    context.language = call.language;
    return answered(call, context, [&] {
        for (const auto& [key, value] : call.target.query)
            if (key != "lang" && key != "file") throw ArgumentError{"unknown_option", {{"key", key}}};
        const libaudit::LintResult lint =
            libaudit::lint_ruleset_from_string(call.request.body, call.target.get("file").value_or("<rules>"));
        return json_response(libaudit::detail::lint_document(lint.diagnostics, 1, context.language) + "\n");
    });
}

}  // namespace libaudit_serve
