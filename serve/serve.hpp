// `libaudit serve`: the HTTP/JSON audit service (docs/service.md, docs/openapi.yaml).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace libaudit_serve {

struct ServeOptions {
    std::vector<std::string> rules;  // rule files or folders, loaded at start and on SIGHUP
    std::string listen = "127.0.0.1";
    unsigned short port = 8080;      // 0: any free port (the one chosen is logged)
    std::string tokens;              // a token file ("": no authentication)
    std::string lang;                // the default language of messages ("": LIBAUDIT_LANG, else zh-TW)
    std::string access_log = "-";    // "-": standard error
    std::string openapi;             // the OpenAPI file to serve ("": the one built in)
    unsigned threads = 0;            // 0: the hardware's concurrency
    std::size_t max_body = 8u << 20;     // bytes of a request body
    std::size_t max_header = 16u << 10;  // bytes of a request's header
    std::size_t max_connections = 256;
    double header_timeout = 10;   // seconds to read a request's header (also the keep-alive wait)
    double body_timeout = 30;     // seconds to read its body
    double request_timeout = 60;  // seconds to write the answer
    double shutdown_grace = 30;   // seconds in-flight requests get after SIGTERM
    long max_steps = 0;           // default allocation step limit of an audit (0: the engine's)
};

// Runs the service until SIGTERM or SIGINT; the exit code (0 after a graceful stop, 2 when the
// rules or the token file are invalid at start, 3 when they cannot be read or the address bound).
int run_serve(const ServeOptions& options);

}  // namespace libaudit_serve
