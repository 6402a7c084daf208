// The endpoints that audit, check, lint and list rule sets (handler.cpp routes to them, after
// authentication): the same application calls as the CLI and the C API (check_records_text,
// render_json, capi/options.hpp), so an answer is byte for byte what `libaudit check --format json`
// prints for the same input.
#pragma once
#include "handler.hpp"
#include "request.hpp"

namespace libaudit_serve {

struct Call {
    const Service& service;
    const Request& request;
    const Target& target;
    libaudit::Language language;  // the request's (lang, Accept-Language)
    const Token* token;           // nullptr: no token (none configured)
};

Response rulesets_response(const Call& call);
Response audit_response(const Call& call);
Response audit_many_response(const Call& call);
Response dataset_response(const Call& call);
Response lint_response(const Call& call);

}  // namespace libaudit_serve
