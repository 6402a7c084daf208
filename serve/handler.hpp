// Request handling of the service, apart from sockets (server.cpp reads and writes, this answers):
// routes, authentication, options, the audits themselves. Bad input is a 4xx answer, never an
// exception; tests/fuzz/fuzz_serve.cpp feeds it arbitrary requests.
#pragma once
#include "catalog.hpp"

#include <libaudit/messages.hpp>

#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <string>

namespace libaudit_serve {

struct Request {
    std::string method;  // GET, POST, ...
    std::string target;  // path and query, as sent
    std::string authorization;
    std::string accept_language;
    std::string accept;        // "/" answers the page, or with application/json (and no text/html) the endpoint list
    std::string content_type;  // application/json: an envelope; text/csv ...: the records file itself
    std::string body;
};

// The lines of an audit-many answer, produced one at a time (a JSON document per input line).
class LineStream {
public:
    virtual ~LineStream() = default;
    // The next answer line (with its newline) into `out`; false when the input is done.
    virtual bool next(std::string& out) = 0;
    int audits = 0;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::shared_ptr<LineStream> stream;  // set: the body is these lines, streamed (JSON Lines)
    std::string route;       // the endpoint, for the access log ("unknown" for other paths)
    std::string token_name;  // the name of the token used ("" none)
    bool challenge = false;  // 401: add WWW-Authenticate
    int audits = 0;
};

// The bearer tokens a client may present (docs/service.md: "TOKEN NAME [unmask]" per line).
struct Token {
    std::string name;
    bool unmask = false;  // may ask for national IDs in full
};
struct Tokens {
    std::map<std::string, Token> by_secret;
    bool enabled() const { return !by_secret.empty(); }
};
// Reads a token file; throws libaudit::InputError (located problems), libaudit::IoError.
Tokens read_tokens(const std::string& path);

// What the handlers work with; shared by every request (the catalogue has its own lock).
struct Service {
    CatalogHolder* catalog = nullptr;
    Tokens tokens;
    std::string openapi;  // the OpenAPI document served at /v1/openapi.yaml
    std::string page;     // the assistants' page served at / (docs/web.md)
    std::atomic<bool> stopping{false};
    long max_steps = 0;   // default of an audit's allocation step limit (0: the engine's)
};

// The answer to one request. Never throws for any request (a failure of the service itself is
// 500, an exhausted memory 503).
Response handle(const Service& service, const Request& request) noexcept;

// The error answer {"error": {"code", "message"}} for catalogue code `code`, in `language`.
Response error_response(int status, libaudit::Language language, const std::string& code,
                        const libaudit::MessageParams& params = {});

}  // namespace libaudit_serve
