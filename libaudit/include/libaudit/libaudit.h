/* libaudit's C API (C99): audits from any language that can call C (PHP FFI, Python ctypes,
 * Java FFM/JNA, C# P/Invoke), in the shared library libauditcore.so (pkg-config: libaudit).
 * docs/c-api.md describes it with an example.
 *
 * Ownership: every `char*` this API returns (a result, an error message) is allocated by the
 * library and is the caller's, to release with libaudit_free() (NULL is allowed). A rule set
 * handle is released with libaudit_rules_free(). The strings passed in stay the caller's; the
 * library does not keep them after a call returns. libaudit_version() returns a static string.
 *
 * Text is UTF-8 and NUL-terminated (records and profiles in Big5 too: each text's encoding is told by
 * its own bytes, or fixed by the option "encoding").
 *
 * Threads: a loaded rule set is immutable. Any number of threads may call libaudit_check() on the
 * same handle at once; libaudit_rules_free() must not run while another call uses the handle.
 *
 * Errors: every function that can fail returns a libaudit_status; on failure it sets
 * `*error` (when `error` is not NULL) to a message in the requested language (zh-TW by default;
 * "en" for English), stores NULL in its other output, and never lets a C++ exception out. */
#ifndef LIBAUDIT_LIBAUDIT_H
#define LIBAUDIT_LIBAUDIT_H

#include <libaudit/export.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum libaudit_status {
    LIBAUDIT_OK = 0,
    /* A NULL argument where one is required, or options that are not valid (bad JSON, an unknown
       key, a value of the wrong type). */
    LIBAUDIT_ERROR_ARGUMENT = 1,
    /* Invalid rules or input (the CLI's exit 2): the message lists every problem, located
       (file:line:col). Also a usage problem: no rule set applies, several subjects and no "id". */
    LIBAUDIT_ERROR_INVALID = 2,
    /* A file could not be read (the CLI's exit 3). */
    LIBAUDIT_ERROR_IO = 3,
    /* Out of memory. */
    LIBAUDIT_ERROR_MEMORY = 4,
    /* A failure of the library itself (a bug: please report it with the message). */
    LIBAUDIT_ERROR_INTERNAL = 5
} libaudit_status;

/* One or more loaded rule sets (a file, or every rule file below a folder), opaque. */
typedef struct libaudit_rules libaudit_rules;

/* The library's version, "0.1.0" (static: do not free). */
LIBAUDIT_EXPORT const char* libaudit_version(void);

/* Loads the rule file at `path`, or every *.yaml / *.yml rule file below the folder `path`, as
 * `libaudit check PATH` does. `language`: "zh-TW" or "en" for the messages of this call (NULL: the
 * environment's LIBAUDIT_LANG, else zh-TW). On success `*rules` is a new handle. */
LIBAUDIT_EXPORT libaudit_status libaudit_rules_load(const char* path, const char* language, libaudit_rules** rules,
                                                    char** error);

/* Loads one rule set from the YAML text `yaml`; `name` names it in messages (NULL: "<string>"). */
LIBAUDIT_EXPORT libaudit_status libaudit_rules_load_text(const char* yaml, const char* name, const char* language,
                                                         libaudit_rules** rules, char** error);

/* The ids of the loaded rule sets, in load order, as a JSON array of objects
 * [{"id": ..., "version": ..., "kind": ..., "sha256": ..., "file": ...}]. */
LIBAUDIT_EXPORT libaudit_status libaudit_rules_list(const libaudit_rules* rules, char** json, char** error);

/* Releases a handle (NULL is allowed). */
LIBAUDIT_EXPORT void libaudit_rules_free(libaudit_rules* rules);

/* Audits one subject: `records` is the text of a records file (CSV with English or Chinese
 * headers, or JSON, which may carry the profile), `profiles` the text of a profile file (NULL: the
 * profile embedded in JSON records). The rule set is chosen by the subject's programme and entry
 * year among those loaded. `options` is NULL or a JSON object with any of
 *   "language":   "zh-TW" (default) | "en"        the result's words and the messages
 *   "as_of":      "1141", "114-1", a date ...      as --as-of
 *   "id":         "<subject id>"                   as --id, when the records hold several
 *   "select":     ["<course code>", ...]           as --select
 *   "max_steps":  <integer>                        as --max-steps
 *   "unmask_ids": true | false (default)           national IDs shown in full
 *   "encoding":   "auto" (default: each text by its own bytes) | "utf-8" | "big5"   of `records` and `profiles`
 *   "records_name", "profiles_name": file names    name the texts in messages; their extension
 *                                                  (.csv, .tsv, .json) chooses the format (default:
 *                                                  by content)
 *   "exceptions": "<exceptions file text>"         as --exceptions (YAML or JSON,
 *                                                  docs/exceptions.md); a file with an error is
 *                                                  an input error and nothing of it is applied
 *   "exceptions_name": file name                   names that text in messages
 *   "format":     "json" (default) | "html" | "text"   as --format: the result JSON, the printable
 *                                                  HTML sheet (docs/printing.md) or the text report
 *   "print_date": "<text>"                         as --print-date: the date printed on the sheet
 * On success `*result` is the result JSON, byte for byte what `libaudit check --format json`
 * prints for the same files and options (docs/result-schema.md), whatever the audit's status;
 * with "format", what `libaudit check --format html|text` prints. */
LIBAUDIT_EXPORT libaudit_status libaudit_check(const libaudit_rules* rules, const char* records, const char* profiles,
                                               const char* options, char** result, char** error);

/* Lints one rule file given as YAML text, as `libaudit lint FILE --format json` does: every error
 * and warning, sorted by position. `name` names the file in the diagnostics (NULL: "<string>");
 * `language`: "zh-TW" or "en" (NULL: as libaudit_rules_load) for each diagnostic's "text" and for
 * `*error`. On success `*json` is, whatever problems the rule file has,
 *   {"files": 1, "errors": <n>, "warnings": <n>, "diagnostics": [{"code": "E012",
 *    "severity": "error" | "warning" | "note", "message": <English>, "text": <in `language`>,
 *    "params": {...}, "file": <name>, "line": <1-based>, "column": <1-based>, "field": ...}, ...]}
 * (line and column 0 when a problem has no place in the text): a rule file with errors is
 * LIBAUDIT_OK with "errors" > 0. The document is the service's POST /v1/lint answer. */
LIBAUDIT_EXPORT libaudit_status libaudit_lint_text(const char* yaml, const char* name, const char* language, char** json,
                                                   char** error);

/* Releases a string returned by this API (NULL is allowed). */
LIBAUDIT_EXPORT void libaudit_free(char* text);

#ifdef __cplusplus
}
#endif

#endif /* LIBAUDIT_LIBAUDIT_H */
