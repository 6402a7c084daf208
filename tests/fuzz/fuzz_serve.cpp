// The service's request handling (serve/handler.hpp) as `libaudit serve` calls it after reading a
// request: the input is "METHOD TARGET\n", header lines "Name: value\n", an empty line, the body.
// The rule sets of rules/ntue-eam and rules/tw-inservice-organiser are loaded once; tokens are on.
// Contracts: bad input is a 4xx answer (never 5xx, never an exception), every answer and every
// audit-many line is one JSON document (the OpenAPI file aside), an error answer has a code.
#include "fuzz_contract.hpp"

#include "catalog.hpp"
#include "handler.hpp"

#include <boost/json.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace {

libaudit_serve::Service& service() {
    static libaudit_serve::CatalogHolder holder(libaudit_serve::load_catalog(
        {LIBAUDIT_SOURCE_DIR "/rules/ntue-eam", LIBAUDIT_SOURCE_DIR "/rules/tw-inservice-organiser"}, 1));
    static libaudit_serve::Service* s = [] {
        auto* made = new libaudit_serve::Service;
        made->catalog = &holder;
        made->tokens.by_secret["fuzz-token-0123456789"] = {"fuzz", false};
        made->tokens.by_secret["fuzz-unmask-0123456789"] = {"unmask", true};
        made->openapi = "openapi: 3.0.3\n";
        made->max_steps = 20000;  // an audit of fuzzed records stays quick
        return made;
    }();
    return *s;
}

libaudit_serve::Request parse(const std::string& text) {
    libaudit_serve::Request r;
    std::size_t at = text.find('\n');
    const std::string first = text.substr(0, at);
    const std::size_t space = first.find(' ');
    r.method = first.substr(0, space);
    r.target = space == std::string::npos ? "/" : first.substr(space + 1);
    while (at != std::string::npos) {
        const std::size_t end = text.find('\n', at + 1);
        const std::string line = text.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
        at = end;
        if (line.empty()) break;
        const std::size_t colon = line.find(": ");
        const std::string name = line.substr(0, colon), value = colon == std::string::npos ? "" : line.substr(colon + 2);
        if (name == "Authorization") r.authorization = value;
        else if (name == "Accept-Language") r.accept_language = value;
        else if (name == "Content-Type") r.content_type = value;
    }
    if (at != std::string::npos) r.body = text.substr(at + 1);
    return r;
}

void check_json(const std::string& text, bool error) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(text, ec);
    fuzz::check(!ec, "an answer that is not JSON");
    if (error && v.is_object() && v.get_object().contains("error"))
        fuzz::check(v.at("error").is_object() && v.at("error").get_object().contains("code"), "an error without a code");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const libaudit_serve::Request request = parse(fuzz::text(data, size));
    libaudit_serve::Response r = libaudit_serve::handle(service(), request);
    fuzz::check(r.status >= 200 && r.status < 500, "a 5xx answer to a request");
    if (r.stream) {
        std::string line;
        for (int n = 0; n < 64 && r.stream->next(line); ++n) check_json(line, true);
    } else if (r.content_type == "application/json") {
        check_json(r.body, r.status >= 400);
    }
    return 0;
}
