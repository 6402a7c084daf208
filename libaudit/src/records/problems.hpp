// Internal: the diagnostics one reading of a records or profiles file collects (at most
// max_diagnostics, then a note saying how many more).
#pragma once
#include <libaudit/diagnostic.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

constexpr std::size_t max_diagnostics = 100;

class Problems {
public:
    explicit Problems(std::string file) : file_(std::move(file)) {}

    void add(std::string code, std::string message, int line, int column, std::string field, std::string path,
             std::string source_line);
    // A diagnostic whose message is the catalogue entry `key` (libaudit/messages/*/records.txt;
    // empty: "diag.<code>") with `params`; `message` is its English text.
    void add(std::string code, std::string key, MessageParams params, int line, int column, std::string field = {},
             std::string path = {}, std::string source_line = {});

    bool empty() const noexcept { return total_ == 0; }
    const std::string& file() const noexcept { return file_; }

    // Throws an InputError with everything collected, if anything was.
    void throw_if_any();

    // Everything collected (with a note when there was more than max_diagnostics), then empty.
    std::vector<Diagnostic> take();

private:
    std::string file_;
    std::vector<Diagnostic> list_;
    std::size_t total_ = 0;
};

}}}  // namespace libaudit::v0::detail
