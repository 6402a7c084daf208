/* Audit one student with libaudit's C API (docs/c-api.md): load the rules once, audit, print the
 * result JSON (the same bytes as `libaudit check --format json`).
 * Build against an installed libaudit:
 *   cc -std=c99 audit_one.c $(pkg-config --cflags --libs libaudit) -o audit_one
 * Usage: audit_one RULES RECORDS PROFILE [AS_OF] */
#include <libaudit/libaudit.h>

#include <stdio.h>
#include <stdlib.h>

/* A whole file as a NUL-terminated string (NULL when unreadable); the caller frees it. */
static char* read_file(const char* path) {
    FILE* f = fopen(path, "rb");
    char* text = NULL;
    long size;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (text = malloc((size_t)size + 1)) != NULL) {
        text[fread(text, 1, (size_t)size, f)] = '\0';
    }
    fclose(f);
    return text;
}

int main(int argc, char** argv) {
    libaudit_rules* rules = NULL;
    char *records, *profile, *result = NULL, *error = NULL;
    char options[512];
    libaudit_status status;
    if (argc < 4) {
        fprintf(stderr, "usage: audit_one RULES RECORDS PROFILE [AS_OF]\n");
        return 2;
    }
    status = libaudit_rules_load(argv[1], NULL, &rules, &error); /* once, then shared by any thread */
    if (status != LIBAUDIT_OK) {
        fprintf(stderr, "%s\n", error);
        libaudit_free(error);
        return (int)status;
    }
    records = read_file(argv[2]);
    profile = read_file(argv[3]);
    if (!records || !profile) {
        fprintf(stderr, "cannot read %s or %s\n", argv[2], argv[3]);
        return 3;
    }
    /* The file names only name the texts in messages and choose CSV or JSON by extension. */
    snprintf(options, sizeof options, "{\"records_name\": \"%s\", \"profiles_name\": \"%s\"%s%s%s}", argv[2], argv[3],
             argc > 4 ? ", \"as_of\": \"" : "", argc > 4 ? argv[4] : "", argc > 4 ? "\"" : "");
    status = libaudit_check(rules, records, profile, options, &result, &error);
    if (status == LIBAUDIT_OK)
        fputs(result, stdout);
    else
        fprintf(stderr, "%s\n", error);
    libaudit_free(result);
    libaudit_free(error);
    libaudit_rules_free(rules);
    free(records);
    free(profile);
    return (int)status;
}
