// Request handling (handler.hpp): routes, authentication, the audits.
#include "handler.hpp"

#include "audit.hpp"
#include "diagnostics_json.hpp"
#include "request.hpp"

#include <libaudit/diagnostic.hpp>
#include <libaudit/version.hpp>

#include "base/json_writer.hpp"
#include "capi/options.hpp"

#include <fstream>
#include <new>
#include <sstream>

namespace libaudit_serve {

using libaudit::Language;

Response error_response(int status, Language language, const std::string& code, const libaudit::MessageParams& params) {
    Response r;
    r.status = status;
    libaudit::detail::JsonWriter w;
    w.begin_object();
    w.key("error");
    w.begin_object();
    w.key("code"), w.string(code);
    libaudit::MessageParams valid = params;
    for (auto& p : valid) p.value = valid_utf8_text(p.value);
    w.key("message"), w.string(libaudit::message_text(language, code, valid));
    w.end_object();
    w.end_object();
    r.body = w.str() + "\n";
    return r;
}

Tokens read_tokens(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw libaudit::IoError::cannot_read(path, errno);
    Tokens tokens;
    std::vector<libaudit::Diagnostic> problems;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::istringstream words(line);
        std::string secret, name, right, extra;
        words >> secret >> name >> right >> extra;
        if (secret.empty() || secret[0] == '#') continue;
        if (name.empty() || !extra.empty() || (!right.empty() && right != "unmask") || secret.size() < 16 ||
            tokens.by_secret.count(secret)) {
            libaudit::Diagnostic d = libaudit::usage_problem("serve_token_line", {});
            d.where.file = path;
            d.where.line = number;
            problems.push_back(std::move(d));
            continue;
        }
        tokens.by_secret[secret] = Token{name, right == "unmask"};
    }
    if (!problems.empty()) throw libaudit::InputError(std::move(problems));
    return tokens;
}

namespace {

// The list of endpoints, answered at "/v1/" (and at "/" to a client that asks for JSON).
Response index_response() {
    Response r;
    r.route = "index";
    r.body = R"({"service": "libaudit", "version": ")" + std::string(libaudit::engine_version) +
             R"(", "openapi": "/v1/openapi.yaml", "endpoints": ["GET /v1/health", "GET /v1/ready", )"
             R"("GET /v1/rulesets", "GET /v1/openapi.yaml", "POST /v1/audit", "POST /v1/audit-many", )"
             R"("POST /v1/check-dataset", "POST /v1/lint"], "page": "/"})"
             "\n";
    return r;
}

// The assistants' page (docs/web.md), unless the client asks for JSON and not for HTML.
Response page_response(const Service& service, const Request& request) {
    const bool json = request.accept.find("application/json") != std::string::npos &&
                      request.accept.find("text/html") == std::string::npos;
    if (json || service.page.empty()) return index_response();
    Response r;
    r.route = "page";
    r.content_type = "text/html";
    r.body = service.page;
    return r;
}

Response health_response(const Service& service) {
    const auto catalog = service.catalog->get();
    const auto [error, at] = service.catalog->reload_error();
    std::size_t sets = 0;
    for (const auto& source : catalog->sources) sets += source.sets.size();
    libaudit::detail::JsonWriter w;
    w.begin_object();
    w.key("status"), w.string(error.empty() ? "ok" : "degraded");
    w.key("version"), w.string(libaudit::engine_version);
    w.key("rulesets"), w.number(static_cast<double>(sets));
    w.key("generation"), w.number(catalog->generation);
    w.key("loaded_at"), w.string(catalog->loaded_at);
    w.key("reload");
    w.begin_object();
    w.key("ok"), w.boolean(error.empty());
    if (!error.empty()) w.key("error"), w.string(error), w.key("at"), w.string(at);
    w.end_object();
    w.key("stopping"), w.boolean(service.stopping.load());
    w.end_object();
    Response r;
    r.route = "health";
    r.body = w.str() + "\n";
    return r;
}

Response ready_response(const Service& service, Language language) {
    if (service.stopping.load()) {
        Response r = error_response(503, language, "serve.stopping");
        r.route = "ready";
        return r;
    }
    Response r;
    r.route = "ready";
    r.body = "{\"ready\": true}\n";
    return r;
}

Response openapi_response(const Service& service) {
    Response r;
    r.route = "openapi";
    r.content_type = "application/yaml";
    r.body = service.openapi;
    return r;
}

// Who is asking: with tokens configured, "Authorization: Bearer <token>" naming a known one.
const Token* authenticate(const Service& service, const Request& request) {
    static const std::string prefix = "Bearer ";
    if (request.authorization.compare(0, prefix.size(), prefix) != 0) return nullptr;
    const auto found = service.tokens.by_secret.find(request.authorization.substr(prefix.size()));
    return found == service.tokens.by_secret.end() ? nullptr : &found->second;
}

// A 405 the caller words (route() knows the language).
Response method_not_allowed() {
    Response r;
    r.status = 405;
    return r;
}

// The endpoints that need a token when tokens are configured, by path and method.
Response route_audits(const Service& service, const Request& request, const Target& target, Language language,
                      const Token* token) {
    const std::string& path = target.path;
    const bool post = request.method == "POST";
    Call call{service, request, target, language, token};
    if (path == "/v1/rulesets") return request.method == "GET" ? rulesets_response(call) : method_not_allowed();
    if (!post) return method_not_allowed();
    if (path == "/v1/audit") return audit_response(call);
    if (path == "/v1/audit-many") return audit_many_response(call);
    if (path == "/v1/check-dataset") return dataset_response(call);
    return lint_response(call);
}

bool is_audit_route(const std::string& path) {
    return path == "/v1/rulesets" || path == "/v1/audit" || path == "/v1/audit-many" || path == "/v1/check-dataset" ||
           path == "/v1/lint";
}

std::string route_name(const std::string& path) {
    return path.size() > 4 && path.compare(0, 4, "/v1/") == 0 ? path.substr(4) : path;
}

Response route(const Service& service, const Request& request) {
    const Target target = parse_target(request.target);
    const Language language = request_language(target, request.accept_language);
    if (!target.valid) return error_response(400, language, "serve.bad_target");
    const std::string& path = target.path;
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (path == "/" && get) return page_response(service, request);
    if ((path == "/v1/" || path == "/v1") && get) return index_response();
    if (path == "/v1/health" && get) return health_response(service);
    if (path == "/v1/ready" && get) return ready_response(service, language);
    if (path == "/v1/openapi.yaml" && get) return openapi_response(service);
    if (path == "/" || path == "/v1/" || path == "/v1" || path == "/v1/health" || path == "/v1/ready" || path == "/v1/openapi.yaml") {
        Response r = error_response(405, language, "serve.method", {{"method", request.method}});
        r.route = route_name(path);
        return r;
    }
    if (!is_audit_route(path)) {
        Response r = error_response(404, language, "serve.not_found");
        r.route = "unknown";
        return r;
    }
    const Token* token = authenticate(service, request);
    if (service.tokens.enabled() && token == nullptr) {
        Response r = error_response(401, language, "serve.unauthorized");
        r.challenge = true;
        r.route = route_name(path);
        return r;
    }
    Response r = route_audits(service, request, target, language, token);
    if (r.status == 405 && r.body.empty()) r = error_response(405, language, "serve.method", {{"method", request.method}});
    r.route = route_name(path);
    if (token != nullptr) r.token_name = token->name;
    return r;
}

}  // namespace

Response handle(const Service& service, const Request& request) noexcept {
    const Language fallback = libaudit::default_language();
    try {
        try {
            return route(service, request);
        } catch (const std::bad_alloc&) {
            return error_response(503, fallback, "serve.out_of_memory");
        } catch (const std::exception& e) {  // a failure of the service itself: a bug
            return error_response(500, fallback, "serve.internal", {{"what", e.what()}});
        }
    } catch (...) {  // not even the error could be written
        Response r;
        r.status = 503;
        r.body = "{\"error\": {\"code\": \"serve.out_of_memory\"}}\n";
        return r;
    }
}

}  // namespace libaudit_serve
