// The application layer shared by the CLI and the Python module: choosing the rule set, reading
// the inputs of `check`, the batch summary table and its CSV form. Both front ends call these and
// only convert types, parse options and render.
#pragma once
#include <libaudit/export.h>
#include <libaudit/messages.hpp>
#include <libaudit/audit.hpp>
#include <libaudit/calendar.hpp>
#include <libaudit/course.hpp>
#include <libaudit/dataset.hpp>
#include <libaudit/records.hpp>
#include <libaudit/ruleset.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// --- CSV output: the one writer. A field with a comma, quote, line feed or carriage return is
// quoted, quotes doubled.
void append_csv_field(std::string& out, std::string_view field);
std::string csv_field(std::string_view field);
// Fields joined by commas, ending in "\n".
std::string csv_line(const std::vector<std::string>& fields);

// --- options
// `--as-of` of a records audit: a term (1141, 114-1, 114) or, for hours rule sets, a day. Sets
// `options.as_of` or `options.as_of_date`; returns the usage problem (U001) when the text is neither
// (empty text: nothing set, no problem).
std::optional<Diagnostic> parse_audit_as_of(const std::string& text, AuditOptions& options);
// `--as-of` of a checks audit: a date or date and time; the usage problem when it is neither.
std::optional<Diagnostic> parse_check_as_of(const std::string& text, CheckOptions& options);

// A usage problem (code U001): the catalogue entry "usage.<key>" with its parameters.
Diagnostic usage_problem(const std::string& key, MessageParams params);
// The same as an InputError, as the CLI reports it (exit 2).
InputError usage_error(const std::string& key, MessageParams params);

// --- choosing rule sets
// The one checks rule set among `rulesets` (loaded from `rules_name`); InputError U001 when there
// are none or several.
RuleSet choose_checks_ruleset(const std::vector<RuleSet>& rulesets, const std::string& rules_name);
// The rule set for the subject's programme and entry year; InputError U001 "<rules_name>: why" if none.
RuleSet choose_subject_ruleset(const std::vector<RuleSet>& rulesets, const Profile& profile,
                               const std::string& rules_name);
// The same for an audit with `options`: a what-if framework (as_entry_year, rule_set) names the rule set.
RuleSet choose_subject_ruleset(const std::vector<RuleSet>& rulesets, const Profile& profile,
                               const std::string& rules_name, const AuditOptions& options);

// --- `libaudit check`: one subject from files
struct CheckRequest {
    std::string rules;     // rule file or folder
    std::string records;   // transcript / sessions file
    std::string profiles;  // profile file ("": profiles embedded in a JSON transcript)
    std::string id;        // the subject to audit when the files hold several ("": the only one)
    AuditOptions options;
    ReadOptions read;
    bool unmask_ids = false;  // how --id is shown in messages
};
// Reads the records and profiles, picks the subject and its rule set, audits. Throws RuleError,
// InputError (also U001: no records, several subjects and no id, no rule set applies ...), IoError.
AuditResult check_records(const CheckRequest& request);
// As check_records with rule sets already loaded (`request.rules` names them in messages).
AuditResult check_records(const std::vector<RuleSet>& rulesets, const CheckRequest& request);
// `libaudit explain RULES --course CODE --records ...`: the subject and its rule set chosen as
// check_records chooses them, the course explained for that subject (libaudit/course.hpp). Throws as
// check_records, and InputError U001 for a rule set that is not kind: programme.
CourseExplanation explain_course_records(const std::vector<RuleSet>& rulesets, const CheckRequest& request,
                                         const std::string& code);
// As check_records with the records (and profiles) given as text, not files (the C API, a service):
// `request.records` and `request.profiles` name them in messages and choose the format by their
// extension (.json, .csv, .tsv; else by content). No `profiles_text`: the profiles embedded in a
// JSON transcript. The same result for the same bytes as check_records.
AuditResult check_records_text(const std::vector<RuleSet>& rulesets, const CheckRequest& request,
                               const std::string& records_text, const std::string* profiles_text);

// `libaudit check RULES --data ...`: the one checks rule set of `rules` over the inputs (path or
// table=path); `name` names the dataset when not empty.
AuditResult check_data(const std::string& rules, const std::vector<std::string>& inputs, const std::string& name,
                       const CheckOptions& options, const ReadOptions& read);
AuditResult check_data(const std::vector<RuleSet>& rulesets, const std::string& rules_name,
                       const std::vector<std::string>& inputs, const std::string& name, const CheckOptions& options,
                       const ReadOptions& read);

// --- the batch summary
// Teachers' columns (hours) for session files or when every rule set is an hours rule set;
// students' (credits) otherwise.
bool hours_summary(const std::vector<RuleSet>& rulesets, bool sessions_file);
// The CSV summary of `libaudit batch --format csv`: its header and one row per item, headers and
// status words in `language` (學號, 審核結果, 符合 ... in zh-TW; student_id, status, met ... in en).
std::vector<std::string> summary_csv_header(bool hours, Language language = Language::zh_TW);
std::vector<std::string> summary_csv_row(const BatchItem& item, bool hours, bool unmask_ids,
                                         Language language = Language::zh_TW);
// "no_ruleset" / "invalid_input" for an item without result, else its flag codes joined by ';',
// each code once, in the order first given.
std::string summary_flags(const BatchItem& item);

// The full summary table (one row per subject, as Python's summary_frame): absent values are
// nullopt.
struct SummaryRow {
    std::string subject_id;  // masked unless unmask_ids
    std::optional<std::string> name, national_id, programme, ruleset, as_of, role;
    std::optional<int> entry_year;
    std::string status;
    int exit_code = 0;
    std::optional<double> credits[4];  // required, earned, pending, remaining
    std::optional<double> hours[4];
    std::string flag_codes;
    std::string error;  // why there is no result
};
std::vector<SummaryRow> summary_rows(const std::vector<const BatchItem*>& items, bool unmask_ids);

// --- `libaudit calendar`: the school calendar for a date or a term code
struct CalendarLookup {
    std::string text;           // what was asked
    std::optional<Date> date;   // set when the text is a date (AD or ROC, any form parse_date takes)
    Term term;                  // the term code given, or the regular semester the date falls in
    int school_year = 0;        // 學年度: a summer term (semester 3) belongs to the school year ending
    std::optional<DateRange> term_dates;  // the semester's or year's days; none for a summer session
    DateRange school_year_dates;          // 1 Aug - 31 Jul
    // A date in July or August: the summer session that belongs to the school year ending then
    // (its records count there by their term tag even when the session runs into August).
    std::optional<Term> summer;
};
// nullopt when the text is neither a date nor a term code.
std::optional<CalendarLookup> lookup_calendar(std::string_view text);
// Labelled lines, aligned by display width, in `language`.
std::string render_calendar_text(const CalendarLookup& lookup, Language language);
// One JSON object (documented in docs/calendar.md), ending in a newline.
std::string render_calendar_json(const CalendarLookup& lookup);
// Printable sheets as PDF (docs/printing.md): the PDF engine that will be run (LIBAUDIT_PDF_ENGINE,
// else the first of chromium-headless-shell, chromium and weasyprint on PATH), and an HTML document (render_html) turned into PDF bytes by it.
// IoError when no engine is found (io.pdf.no_engine, io.pdf.engine_missing), it fails (io.pdf.failed)
// or a run outlasts its time (io.pdf.timeout: 120 s and 3 s a sheet, or LIBAUDIT_PDF_TIMEOUT seconds;
// the engine's whole process group is then killed; io.pdf.bad_timeout for a value that is no number).
std::string pdf_engine();
std::string html_to_pdf(const std::string& html);
// Several documents (a cohort in parts: one engine run over thousands of pages is slow and grows to
// gigabytes) into one PDF in order, two engine runs at a time, joined by pdfunite (poppler-utils),
// the parts untagged (pdfunite drops a tagged PDF's structure); io.pdf.no_merge when pdfunite is missing.
std::string html_to_pdf(const std::vector<std::string>& documents);
// Many documents, each to a PDF of its own (batch --out-dir): with Chromium, one browser started at
// the first print() and asked for each PDF over the DevTools protocol on a pipe, instead of a start
// (about 2 s of CPU) per document; with WeasyPrint, one run each. Not thread-safe; IoError as above.
class PdfPrinter {
public:
    PdfPrinter();
    ~PdfPrinter();
    PdfPrinter(const PdfPrinter&) = delete;
    PdfPrinter& operator=(const PdfPrinter&) = delete;
    std::string print(const std::string& html);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// --- `libaudit new-year`: a programme framework copied to another entry year (docs/zh-TW/rule-authoring.md)
struct NewYearRequest {
    std::string rules;  // the rule file to copy
    int to = 0;         // the new ROC entry year
    std::string out;    // the new file ("": the same folder, the year in the file name replaced)
};
struct NewYearResult {
    int from = 0;                    // the entry year copied (the number at the end of the id)
    std::string file;                // the new rule file
    std::string folder;              // its folder (".": the current one), to lint
    std::vector<std::string> tests;  // the rule tests copied with it (tests/*.test.yaml naming the file)
};
// Writes the copy: the id's year, applies_to.entry_years (-> `to`) and version (-> "<AD year of the
// school year `to`>.1", e.g. 114 -> 2025.1) replaced in the text, comments and layout kept; and each
// rule test of the file with its `rules` path and students' entry years replaced. Writes nothing when
// a file to write exists. Throws InputError U001 (usage.new_year.*: exists, no_year_in_id, ...),
// RuleError (the file is not a valid rule file), IoError.
NewYearResult new_year(const NewYearRequest& request);

}}  // namespace libaudit::v0
LIBAUDIT_API_END
