/* The C API from C (C99, built with -std=c99 -Wall -Wextra -pedantic -Werror against the shared
 * library): a rule set loaded from a file and from text; the result JSON byte for byte what
 * `libaudit check --format json` prints; eight threads auditing on one handle; error cases (bad
 * JSON, an unknown rule file, NULL arguments, bad options), with messages in zh-TW and en; lint of
 * rule-file text the same document as `libaudit lint --format json` prints.
 * Usage: capi_test ROOT CLI (run in ROOT). */
#define _POSIX_C_SOURCE 200809L
#include <libaudit/libaudit.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define EXPECT(cond, what)                                               \
    do {                                                                 \
        if (!(cond)) {                                                   \
            fprintf(stderr, "FAIL line %d: %s\n", __LINE__, (what));     \
            ++failures;                                                  \
        }                                                                \
    } while (0)

/* A whole file (or a command's standard output) as a NUL-terminated string; the caller frees it. */
static char* slurp(FILE* f) {
    size_t size = 0, cap = 4096;
    char* text = malloc(cap);
    size_t n;
    if (!text) return NULL;
    while ((n = fread(text + size, 1, cap - size - 1, f)) > 0) {
        size += n;
        if (cap - size - 1 == 0) {
            char* bigger = realloc(text, cap *= 2);
            if (!bigger) { free(text); return NULL; }
            text = bigger;
        }
    }
    text[size] = '\0';
    return text;
}

static char* read_file(const char* path) {
    FILE* f = fopen(path, "rb");
    char* text;
    if (!f) { fprintf(stderr, "cannot read %s\n", path); exit(2); }
    text = slurp(f);
    fclose(f);
    return text;
}

#define RULES "rules/ntue-eam/eam-mse-112.yaml"
#define RECORDS "examples/grad/eam-met/transcript.csv"
#define PROFILE "examples/grad/eam-met/student.csv"
#define OPTIONS "{\"as_of\": \"113-2\", \"records_name\": \"" RECORDS "\", \"profiles_name\": \"" PROFILE "\"}"

struct job {
    const libaudit_rules* rules;
    const char* records;
    const char* profile;
    const char* expected;
    int mismatches;
};

static void* audit_many(void* arg) {
    struct job* job = arg;
    int i;
    for (i = 0; i < 25; ++i) {
        char* result = NULL;
        char* error = NULL;
        if (libaudit_check(job->rules, job->records, job->profile, OPTIONS, &result, &error) != LIBAUDIT_OK ||
            strcmp(result, job->expected) != 0)
            ++job->mismatches;
        libaudit_free(result);
        libaudit_free(error);
    }
    return NULL;
}

/* The CLI's answer and the C API's for the same files, and the same again with the rule set
 * loaded from its text. */
static char* check_same_as_cli(const char* cli, libaudit_rules* rules, const char* records, const char* profile) {
    char command[4096];
    char* expected;
    char* result = NULL;
    char* error = NULL;
    libaudit_rules* from_text = NULL;
    char* yaml = read_file(RULES);
    FILE* p;
    snprintf(command, sizeof command, "LIBAUDIT_LANG= '%s' check " RULES " --records " RECORDS " --student " PROFILE
             " --as-of 113-2 --format json", cli);
    p = popen(command, "r");
    expected = slurp(p);
    EXPECT(pclose(p) == 0, "the CLI's exit code (met: 0)");
    EXPECT(libaudit_check(rules, records, profile, OPTIONS, &result, &error) == LIBAUDIT_OK, error ? error : "check");
    EXPECT(result && strcmp(result, expected) == 0, "result JSON differs from `libaudit check --format json`");
    EXPECT(error == NULL, "no error on success");
    libaudit_free(result);
    result = NULL;
    EXPECT(libaudit_rules_load_text(yaml, RULES, NULL, &from_text, &error) == LIBAUDIT_OK, "load from text");
    EXPECT(libaudit_check(from_text, records, profile, OPTIONS, &result, &error) == LIBAUDIT_OK, "check (text)");
    EXPECT(result && strcmp(result, expected) == 0, "result with rules from text differs from the CLI's");
    libaudit_free(result);
    libaudit_rules_free(from_text);
    free(yaml);
    return expected;
}

static void threads(const libaudit_rules* rules, const char* records, const char* profile, const char* expected) {
    pthread_t ids[8];
    struct job jobs[8];
    int i;
    for (i = 0; i < 8; ++i) {
        jobs[i].rules = rules, jobs[i].records = records, jobs[i].profile = profile;
        jobs[i].expected = expected, jobs[i].mismatches = 0;
        EXPECT(pthread_create(&ids[i], NULL, audit_many, &jobs[i]) == 0, "pthread_create");
    }
    for (i = 0; i < 8; ++i) {
        pthread_join(ids[i], NULL);
        EXPECT(jobs[i].mismatches == 0, "a thread got another answer");
    }
}

/* libaudit_lint_text on the text of broken rule files (an error, a warning, bad YAML) gives what
 * `libaudit lint FILE --format json --lang LANG` prints (without its final newline). */
static void lint_same_as_cli(const char* cli) {
    static const char* const files[] = {"tests/data/lint/E012-wrong-type.yaml", "tests/data/lint/W041-unquoted-number.yaml",
                                        "tests/data/lint/E001-syntax.yaml", RULES};
    static const char* const languages[] = {"zh-TW", "en"};
    size_t f, l;
    for (f = 0; f < sizeof files / sizeof *files; ++f) {
        for (l = 0; l < 2; ++l) {
            char command[4096];
            char *expected, *yaml = read_file(files[f]), *json = NULL, *error = NULL;
            FILE* p;
            snprintf(command, sizeof command, "'%s' lint '%s' --format json --lang %s", cli, files[f], languages[l]);
            p = popen(command, "r");
            expected = slurp(p);
            pclose(p);
            if (strlen(expected) > 0) expected[strlen(expected) - 1] = '\0'; /* the CLI's final newline */
            EXPECT(libaudit_lint_text(yaml, files[f], languages[l], &json, &error) == LIBAUDIT_OK, files[f]);
            EXPECT(json && strcmp(json, expected) == 0, "lint JSON differs from `libaudit lint --format json`");
            EXPECT(error == NULL, "no error on success (lint)");
            libaudit_free(json);
            free(yaml), free(expected);
        }
    }
}

static int starts_with(const char* text, const char* prefix) { return strncmp(text, prefix, strlen(prefix)) == 0; }

static void errors(const libaudit_rules* rules) {
    libaudit_rules* none = (libaudit_rules*)&failures; /* must be overwritten with NULL */
    char* result = (char*)"untouched";
    char* error = NULL;
    EXPECT(libaudit_rules_load("rules/no-such-pack.yaml", NULL, &none, &error) == LIBAUDIT_ERROR_IO, "unknown file");
    EXPECT(none == NULL && error && strstr(error, "no-such-pack"), "unknown file: message names it");
    libaudit_free(error);
    EXPECT(libaudit_rules_load("rules/no-such-pack.yaml", "en", &none, &error) == LIBAUDIT_ERROR_IO, "unknown file");
    EXPECT(error && strstr(error, "no such file"), "unknown file: message in English");
    libaudit_free(error);
    EXPECT(libaudit_check(rules, "{\"records\": [", NULL, "{\"records_name\": \"bad.json\"}", &result, &error) ==
               LIBAUDIT_ERROR_INVALID, "bad JSON records");
    EXPECT(result == NULL && error && starts_with(error, "bad.json \xe7\xac\xac 1 "), "bad JSON: located message, in zh-TW (bad.json 1st line ...)");
    libaudit_free(error);
    EXPECT(libaudit_check(rules, NULL, NULL, NULL, &result, &error) == LIBAUDIT_ERROR_ARGUMENT, "NULL records");
    EXPECT(error && strstr(error, "records") && strstr(error, "NULL"), "NULL records: zh-TW message names it");
    libaudit_free(error);
    EXPECT(libaudit_check(NULL, "x", NULL, "{\"language\": \"en\"}", &result, &error) == LIBAUDIT_ERROR_ARGUMENT, "NULL rules");
    EXPECT(error && strcmp(error, "the argument rules is NULL") == 0, "NULL rules: English message");
    libaudit_free(error);
    EXPECT(libaudit_check(rules, "x", NULL, NULL, NULL, NULL) == LIBAUDIT_ERROR_ARGUMENT, "NULL result, no error wanted");
    EXPECT(libaudit_rules_load(NULL, NULL, &none, NULL) == LIBAUDIT_ERROR_ARGUMENT, "NULL path");
    EXPECT(libaudit_rules_load(RULES, NULL, NULL, NULL) == LIBAUDIT_ERROR_ARGUMENT, "NULL handle pointer");
    EXPECT(libaudit_rules_load(RULES, "klingon", &none, &error) == LIBAUDIT_ERROR_ARGUMENT, "unknown language");
    libaudit_free(error);
    EXPECT(libaudit_check(rules, "x", NULL, "[1, 2", &result, &error) == LIBAUDIT_ERROR_ARGUMENT, "options not JSON");
    libaudit_free(error);
    EXPECT(libaudit_check(rules, "x", NULL, "{\"as_of\": 1132}", &result, &error) == LIBAUDIT_ERROR_ARGUMENT, "as_of type");
    libaudit_free(error);
    EXPECT(libaudit_check(rules, "x", NULL, "{\"as_of\": \"soon\"}", &result, &error) == LIBAUDIT_ERROR_INVALID, "as_of word");
    libaudit_free(error);
    EXPECT(libaudit_rules_load_text("id: [", "broken.yaml", NULL, &none, &error) == LIBAUDIT_ERROR_INVALID, "bad YAML");
    EXPECT(none == NULL && error && starts_with(error, "broken.yaml \xe7\xac\xac 1 "), "bad YAML: located message");
    libaudit_free(error);
    EXPECT(libaudit_lint_text(NULL, NULL, "en", &result, &error) == LIBAUDIT_ERROR_ARGUMENT, "lint: NULL yaml");
    EXPECT(result == NULL && error && strcmp(error, "the argument yaml is NULL") == 0, "lint: NULL yaml, English message");
    libaudit_free(error);
    EXPECT(libaudit_lint_text("id: x", NULL, NULL, NULL, NULL) == LIBAUDIT_ERROR_ARGUMENT, "lint: NULL json");
    libaudit_rules_free(NULL);
    libaudit_free(NULL);
}

int main(int argc, char** argv) {
    libaudit_rules* rules = NULL;
    char* error = NULL;
    char *records, *profile, *expected;
    if (argc != 3) { fprintf(stderr, "usage: capi_test ROOT CLI\n"); return 2; }
    (void)argv[1];
    EXPECT(strcmp(libaudit_version(), LIBAUDIT_EXPECTED_VERSION) == 0, "version");
    EXPECT(libaudit_rules_load(RULES, NULL, &rules, &error) == LIBAUDIT_OK, error ? error : "load");
    if (!rules) return 1;
    records = read_file(RECORDS);
    profile = read_file(PROFILE);
    expected = check_same_as_cli(argv[2], rules, records, profile);
    threads(rules, records, profile, expected);
    lint_same_as_cli(argv[2]);
    errors(rules);
    libaudit_rules_free(rules);
    free(records), free(profile), free(expected);
    printf("%s\n", failures ? "FAILED" : "C API: CLI-identical result, 8 threads x 25 audits on one handle, lint as the CLI, errors");
    return failures ? 1 : 0;
}
