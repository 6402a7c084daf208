// Diagnostics: located problems in rule files and input records.
#pragma once
#include <libaudit/export.h>
#include <libaudit/messages.hpp>

#include <stdexcept>
#include <string>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

enum class Severity { error, warning, note };

// Where a problem is. For YAML/JSON files: 1-based line and column. For CSV: line = the
// file's line number of the row (the header is line 1), column = 1-based column index and
// `field` the column's header text. `path` is a JSON path (e.g. "records[3].credits") when known.
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
    std::string field;
    std::string path;
};

struct Diagnostic {
    Severity severity = Severity::error;
    std::string code;      // stable, e.g. "E101"; documented in docs/diagnostics.md
    std::string message;   // English, one line, says what was expected and what was found
    // The message as data, for other languages: the catalogue entry (libaudit/messages/*/*.txt;
    // empty means "diag.<code>") and its parameters (file, line, column header, the value as
    // written with national IDs masked, the expected bound ...). Empty for diagnostics that have
    // no catalogue entry yet (rule-file lint): those show `message` in every language.
    std::string message_code;
    MessageParams params;
    SourceLocation where;
    std::string source_line;  // the offending line of the file, if available (for the caret display)
};

// Whether what leaves the engine shows national IDs and resident certificate numbers in full
// (--unmask-ids) or masked (A1234*****, the default): see docs/privacy.md.
enum class Ids { masked, shown };

// "file:line:col: error[E101]: message" plus the source line and a caret when known. Every
// ID-shaped token (message, parameters, file name, echoed source line) masked unless Ids::shown.
std::string format_diagnostic(const Diagnostic& d, bool with_source = true, Ids ids = Ids::masked);
// The same in `language`: the location, the severity word and the message from the catalogue
// ("records.csv 第 5 行第 3 欄：錯誤[R010]：..."); the English form above when the catalogue has
// no entry for the diagnostic.
std::string format_diagnostic(const Diagnostic& d, Language language, bool with_source = true, Ids ids = Ids::masked);
// The message alone in `language` (no location, no severity); `message` when there is no entry.
// ID-shaped tokens masked unless Ids::shown.
std::string diagnostic_text(const Diagnostic& d, Language language, Ids ids = Ids::masked);

// Thrown for invalid rules or input. Carries every problem found, not just the first.
class Error : public std::runtime_error {
public:
    explicit Error(std::vector<Diagnostic> diagnostics);
    const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

private:
    std::vector<Diagnostic> diagnostics_;
};

// Invalid rule file (syntax, schema, references).
class RuleError : public Error {
public:
    using Error::Error;
};

// Invalid input records or profile.
class InputError : public Error {
public:
    using Error::Error;
};

// A file could not be read. Errors with a catalogue entry carry its code and parameters (data:
// the path, the system's reason as a word such as ENOENT); what() is the English text.
class IoError : public std::runtime_error {
public:
    explicit IoError(const std::string& message) : std::runtime_error(message) {}
    IoError(std::string code, MessageParams params);
    const std::string& code() const noexcept { return code_; }
    const MessageParams& params() const noexcept { return params_; }

    // "cannot read PATH: REASON" for the errno value `err` (io.cannot_read).
    static IoError cannot_read(const std::string& path, int err);
    // "cannot write PATH: REASON" (io.cannot_write); standard output when PATH is empty.
    static IoError cannot_write(const std::string& path, int err);
    // "no such file or folder" (io.no_such_path), naming the closest existing name in the same
    // folder when there is one (io.no_such_path.similar): a typo, another case, a missing extension.
    static IoError no_such_path(const std::string& path);

private:
    std::string code_;
    MessageParams params_;
};

// The error in `language`: its catalogue message, or what() when it has none; ID-shaped tokens
// (a file named by a student's ID) masked.
std::string error_text(const IoError& e, Language language);

}}  // namespace libaudit::v0
LIBAUDIT_API_END
