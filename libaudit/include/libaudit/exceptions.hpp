// Per-student exceptions to a rule set (docs/exceptions.md): a waived or reduced requirement, a
// course substituted for another, a course forced into a requirement, an outside course allowed
// without a tick, a record's credits overridden, a preferred placement. Each says who decided it,
// when and why; the audit applies them between classification and allocation and reports each one
// (applied, with its effect, or not matched, as a warning) in the result.
#pragma once
#include <libaudit/export.h>
#include <libaudit/calendar.hpp>
#include <libaudit/diagnostic.hpp>
#include <libaudit/ruleset.hpp>
#include <libaudit/term.hpp>

#include <optional>
#include <string>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

enum class ExceptionKind { waive, reduce, substitute, force, allow, credits, prefer };

// "waive", "reduce", ... as files and results write it.
const char* to_string(ExceptionKind k) noexcept;

struct AuditException {
    std::string id;           // unique in its file
    std::string student;      // the subject it is for
    ExceptionKind kind = ExceptionKind::waive;
    std::string requirement;  // target requirement id (waive, reduce, substitute, force, prefer)
    std::string course;       // the record's course code (substitute: the course taken)
    std::optional<Term> term; // the record's term; none: any term
    std::string replaces;     // substitute: the course it stands for
    // reduce: the requirement's new thresholds (at least one); credits: the record's credits.
    std::optional<double> min_credits, min_courses, min_hours, credits;
    std::string author;
    Date date;
    std::string reason;
    std::string approved_by;  // "" = none
    SourceLocation where;     // where the file states it
};

struct ExceptionsFile {
    std::vector<AuditException> exceptions;
    std::vector<Diagnostic> diagnostics;  // errors and warnings, located
    bool ok() const;                      // no error
};

// Reads an exceptions file (YAML or JSON; docs/schema/exceptions-1.schema.json). `file` names it
// in diagnostics. With `rulesets`, a requirement id must be one of theirs (or a renamed one that
// a rule set maps to one of theirs). Never throws for bad content: it is in `diagnostics`.
ExceptionsFile parse_exceptions(const std::string& text, const std::string& file,
                                const std::vector<RuleSet>& rulesets = {});
// The same from a path; IoError when it cannot be read. Throws InputError (every diagnostic) when
// the file has an error: nothing is applied from a file with errors.
std::vector<AuditException> read_exceptions(const std::string& path, const std::vector<RuleSet>& rulesets = {});
// Diagnostics for exceptions whose requirement ids `rules` does not have (after its renames).
std::vector<Diagnostic> check_exceptions(const std::vector<AuditException>& exceptions, const RuleSet& rules);

}}  // namespace libaudit::v0
LIBAUDIT_API_END
