// Contracts every fuzz target asserts besides "no crash, no undefined behaviour" (which ASan and
// UBSan check): a rejected input is reported as located, coded diagnostics; only the documented
// exceptions leave the library. A broken contract aborts with the offending diagnostic, so that
// libFuzzer records the input as a crash (see docs/reliability.md).
#pragma once
#include <libaudit/diagnostic.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz {

[[noreturn]] inline void broken(std::string_view what, const libaudit::Diagnostic* d = nullptr) {
    std::fprintf(stderr, "fuzz contract broken: %.*s\n", static_cast<int>(what.size()), what.data());
    if (d)
        std::fprintf(stderr, "  diagnostic: code '%s' at '%s' line %d column %d: %s\n", d->code.c_str(),
                     d->where.file.c_str(), d->where.line, d->where.column, d->message.c_str());
    std::abort();
}

inline void check(bool ok, std::string_view what) {
    if (!ok)
        broken(what);
}

// A rejection: at least one error, and every diagnostic has a code, a message and names the input
// it is about when `located` (a line, a column or a JSON path where the reader knows one: an empty
// file or a whole JSON document has none).
inline void check_rejection(const std::vector<libaudit::Diagnostic>& diagnostics, bool located = true) {
    bool error = false;
    for (const auto& d : diagnostics) {
        error = error || d.severity == libaudit::Severity::error;
        if (d.code.empty())
            broken("a diagnostic without a code", &d);
        if (d.message.empty())
            broken("a diagnostic without a message", &d);
        if (located && d.where.file.empty())
            broken("a diagnostic without a file", &d);
    }
    if (!error)
        broken("an input rejected without an error diagnostic");
}

inline std::string text(const unsigned char* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace fuzz
