// libaudit command-line tool: parses options, calls the library, renders, maps to exit codes.
#include <libaudit/libaudit.hpp>

#include "generate.hpp"
#include "diagnostics_json.hpp"
#include "serve.hpp"
#include "base/edit_distance.hpp"
#include "base/json_writer.hpp"
#include "render/html.hpp"
#include "render/text.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <fnmatch.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <iostream>
#include <sstream>

namespace {

// Exit codes (documented in README). Usage errors, CLI11's own parse errors included, exit 2.
constexpr int exit_invalid = 2;
constexpr int exit_io = 3;

// --lang: the word given, else LIBAUDIT_LANG, else zh-TW.
libaudit::Language language_of(const std::string& word) {
    if (const auto l = libaudit::parse_language(word)) return *l;
    return libaudit::default_language();
}

// The help's words in the user's language (messages/*/cli_help.txt): Words("check.records") is
// the entry cli.help.check.records.
struct Words {
    libaudit::Language language;
    std::string operator()(const std::string& key) const { return libaudit::message_text(language, "cli.help." + key); }
};

// The language of the help and of usage errors, before the options are parsed: --lang X or
// --lang=X anywhere on the command line, else LIBAUDIT_LANG, else zh-TW.
libaudit::Language language_of_args(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--lang" && i + 1 < argc) return language_of(argv[i + 1]);
        if (arg.rfind("--lang=", 0) == 0) return language_of(arg.substr(7));
    }
    return libaudit::default_language();
}

// Validators fail with "<what>\t<value>[\t<allowed>]": usage_text() makes that the catalogue's
// cli.usage.<what> in the user's language. Their descriptions are what the help shows.
CLI::Validator one_of(std::vector<std::string> words) {
    std::string allowed;
    for (const auto& w : words) allowed += (allowed.empty() ? "" : ",") + w;
    return CLI::Validator(
        [words, allowed](std::string& value) {
            return std::find(words.begin(), words.end(), value) != words.end() ? std::string()
                                                                                : "not_one_of\t" + value + "\t" + allowed;
        },
        "{" + allowed + "}");
}

const CLI::Validator language_word(
    [](std::string& word) { return libaudit::parse_language(word) ? std::string() : "unknown_language\t" + word; },
    "zh-TW|en");

// A number above 0 (`positive`) or of 0 or more.
CLI::Validator number_at_least_zero(bool positive) {
    return CLI::Validator(
        [positive](std::string& value) {
            char* end = nullptr;
            const double v = std::strtod(value.c_str(), &end);
            const bool ok = !value.empty() && end && *end == '\0' && (positive ? v > 0 : v >= 0);
            return ok ? std::string() : std::string(positive ? "not_positive\t" : "not_non_negative\t") + value;
        },
        positive ? "POSITIVE" : "NONNEGATIVE");
}
const CLI::Validator positive_number = number_at_least_zero(true);
const CLI::Validator non_negative_number = number_at_least_zero(false);

struct CheckOptions {
    std::string rules;
    std::string records;
    std::string student;
    std::string id;
    std::string as_of;
    std::vector<std::string> select;
    std::vector<std::string> data;  // inputs of a checks rule set: path or table=path
    std::string format = "text";
    std::string lang;  // empty: LIBAUDIT_LANG, else zh-TW
    std::string encoding = "auto";      // every input file: auto (each file by its own bytes), utf-8, big5
    std::string records_encoding;       // the records (and --data) files: "" = as --encoding
    std::string profiles_encoding;      // the profiles (--student/--profiles) file: "" = as --encoding
    bool unmask = false;
    long max_steps = 0;
    std::string out;         // --out: where the sheet goes (html, pdf); "" = standard output
    std::string print_date;  // --print-date, else LIBAUDIT_PRINT_DATE, else today
    std::string exceptions;  // --exceptions: the exceptions file (docs/exceptions.md), "" = none
    int result_schema = 1;   // --result-schema: JSON result schema version (docs/result-schema.md)
    std::string plan;        // --plan: the planned-courses file of a what-if audit (docs/what-if.md), "" = none
    int as_entry_year = 0;             // --as-entry-year: what-if against that entry year's framework (0 = none)
    std::string rule_set;              // --rule-set: what-if against the rule set with this id
};

// The JSON result schema's id for --result-schema.
const char* schema_id(int version) { return version == 2 ? libaudit::result_schema_2_id : libaudit::result_schema_id; }

using libaudit_serve::write_diagnostics;  // the diagnostics JSON the service answers with too

// Whether diagnostics and notes show IDs in full: only with --unmask-ids.
libaudit::Ids ids_of(const CheckOptions& o) { return o.unmask ? libaudit::Ids::shown : libaudit::Ids::masked; }

// A line of text leaving the CLI (notes, CSV rows, test reports): ID-shaped tokens masked unless `unmask`.
std::string shown(const std::string& text, bool unmask = false) {
    return unmask ? text : libaudit::mask_ids_in_text(text);
}

void print_invalid(const std::vector<libaudit::Diagnostic>& diags, const CheckOptions& o) {
    const libaudit::Language language = language_of(o.lang);
    for (const auto& d : diags) std::cerr << libaudit::format_diagnostic(d, language, true, ids_of(o)) << "\n";
    if (o.format != "json") return;
    std::cout << libaudit_serve::invalid_document(diags, language, ids_of(o), false, schema_id(o.result_schema)) << "\n";
}

// Runs a command body, turning invalid rules or input into located diagnostics (exit 2) and
// unreadable files into exit 3.
template <class Body> int guarded(const CheckOptions& o, Body&& body) {
    try {
        return body();
    } catch (const libaudit::Error& e) {  // RuleError, InputError
        print_invalid(e.diagnostics(), o);
        return exit_invalid;
    } catch (const libaudit::IoError& e) {
        std::cerr << "libaudit: " << libaudit::error_text(e, language_of(o.lang)) << "\n";
        return exit_io;
    }
}

// A usage problem the options parser cannot see (U001, libaudit::usage_problem).
int usage_error(const CheckOptions& o, const libaudit::Diagnostic& problem) {
    print_invalid({problem}, o);
    return exit_invalid;
}

// The print date of a sheet: --print-date, else LIBAUDIT_PRINT_DATE (fixed dates for goldens), else today.
libaudit::RenderOptions sheet_options(libaudit::RenderOptions rop, const CheckOptions& o) {
    const char* env = std::getenv("LIBAUDIT_PRINT_DATE");
    rop.print_date = !o.print_date.empty() ? o.print_date : env ? env : "";
    return rop;
}

// `bytes` to `path`, or standard output when it is "".
void write_file(const std::string& bytes, const std::string& path) {
    if (path.empty()) {
        std::cout << bytes;
        std::cout.flush();
        return;
    }
    std::ofstream f(path, std::ios::binary);
    f << bytes;
    if (!f.flush()) throw libaudit::IoError::cannot_write(path, errno);
}

// HTML documents as one PDF (through the PDF engine) or one HTML file, to `path` or standard output.
void write_sheets(const std::vector<std::string>& documents, const std::string& format, const std::string& path) {
    std::string bytes;
    if (format == "pdf") {
        bytes = libaudit::html_to_pdf(documents);
    } else {
        for (const auto& d : documents) bytes += d;
    }
    write_file(bytes, path);
}

void write_sheet(const std::string& html, const std::string& format, const std::string& path) {
    write_sheets({html}, format, path);
}

// The width of the terminal standard output is (COLUMNS when set, else the terminal's own); 0
// when standard output is not a terminal: files and pipes get whole lines.
int terminal_width() {
    if (isatty(STDOUT_FILENO) == 0) return 0;
    if (const char* columns = std::getenv("COLUMNS"); columns && *columns) {
        const int n = std::atoi(columns);
        if (n > 0) return std::max(n, 40);
    }
    winsize size{};
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return std::max<int>(size.ws_col, 40);
    return 0;
}

void print_result(const libaudit::AuditResult& result, const CheckOptions& o) {
    using namespace libaudit;
    RenderOptions rop;
    rop.language = language_of(o.lang);
    rop.unmask_ids = o.unmask;
    rop.result_schema = o.result_schema;
    rop.width = o.format == "text" ? terminal_width() : 0;
    if (o.format == "html" || o.format == "pdf") {
        write_sheet(render_html(result, sheet_options(rop, o)), o.format, o.out);
    } else {
        std::cout << (o.format == "json" ? render_json(result, rop) : render_text(result, rop));
        std::cout.flush();
    }
    // An invalid result exits 2 like invalid input: say why on standard error too (an unreadable
    // grade is a flag of the result, not an input diagnostic).
    if (result.status == Status::invalid)
        for (const Flag& f : result.flags)
            if (f.severity == "error") {
                const std::string text = detail::flag_message(f, rop.language, {});
                std::cerr << message_text(rop.language, "cli.invalid_result", {{"text", o.unmask ? text : mask_ids_in_text(text)}})
                          << "\n";
            }
}

libaudit::ReadOptions read_options(const CheckOptions& o) {
    const auto encoding = [](const std::string& word) {
        return word == "big5" ? libaudit::Encoding::big5 : word == "utf-8" ? libaudit::Encoding::utf8 : libaudit::Encoding::detect;
    };
    libaudit::ReadOptions ro;
    ro.encoding = encoding(o.records_encoding.empty() ? o.encoding : o.records_encoding);
    ro.profiles_encoding = encoding(o.profiles_encoding.empty() ? o.encoding : o.profiles_encoding);
    return ro;
}

// Standard input ("-") can be only one of the files.
bool stdin_twice(const CheckOptions& o) {
    const auto is_stdin = [](const std::string& p) { return p == "-" || (p.size() > 2 && p.compare(p.size() - 2, 2, "=-") == 0); };
    return is_stdin(o.records) + is_stdin(o.student) + is_stdin(o.plan) + std::count_if(o.data.begin(), o.data.end(), is_stdin) > 1;
}

// The request of `check` (and of `explain --course` with --records) from the command line, its
// --as-of already read into `request.options`: exceptions and a plan are read against `rulesets`.
void fill_check_request(const CheckOptions& o, const std::string& rules, const std::vector<libaudit::RuleSet>& rulesets,
                        libaudit::CheckRequest& request) {
    request.options.selected = o.select;
    request.options.max_steps = o.max_steps;
    request.rules = rules;
    request.records = o.records;
    request.profiles = o.student;
    request.id = o.id;
    request.read = read_options(o);
    request.unmask_ids = o.unmask;
    if (!o.exceptions.empty()) request.options.exceptions = libaudit::read_exceptions(o.exceptions, rulesets);
    if (!o.plan.empty()) request.options.plan = libaudit::read_plan(o.plan, request.read, rulesets);
    if (o.as_entry_year != 0) request.options.as_entry_year = o.as_entry_year;
    request.options.rule_set = o.rule_set;
}

int run_check(const CheckOptions& o) {
    using namespace libaudit;
    return guarded(o, [&]() -> int {
        if (stdin_twice(o)) return usage_error(o, libaudit::usage_problem("stdin_twice", {}));
        AuditResult result;
        if (!o.data.empty()) {
            if (!o.records.empty())
                return usage_error(o, libaudit::usage_problem("records_and_data", {}));
            const std::vector<RuleSet> rulesets = load_rulesets(o.rules);
            choose_checks_ruleset(rulesets, o.rules);  // before --as-of, as always
            libaudit::CheckOptions co;
            if (auto problem = parse_check_as_of(o.as_of, co)) return usage_error(o, *problem);
            result = check_data(rulesets, o.rules, o.data, o.id, co, read_options(o));
        } else {
            if (o.records.empty()) return usage_error(o, libaudit::usage_problem("records_required", {}));
            CheckRequest request;
            if (auto problem = parse_audit_as_of(o.as_of, request.options)) return usage_error(o, *problem);
            const std::vector<RuleSet> rulesets = load_rulesets(o.rules);
            fill_check_request(o, o.rules, rulesets, request);
            result = check_records(rulesets, request);
        }
        print_result(result, o);
        return exit_code(result.status);
    });
}

struct LintOptions {
    std::vector<std::string> paths;
    std::string lang;  // empty: LIBAUDIT_LANG, else zh-TW
    std::string format = "text";
    bool strict = false;
};

// "1 file", "3 errors": the catalogue's `<code>.one` for one, `<code>.other` for any other count.
std::string count_text(libaudit::Language language, const std::string& code, int n) {
    const std::string form = code + (n == 1 && libaudit::has_message(language, code + ".one") ? ".one" : ".other");
    return libaudit::message_text(language, form, {{"count", std::to_string(n)}});
}

int run_lint(const LintOptions& o) {
    using namespace libaudit;
    const Language language = language_of(o.lang);
    LintReport report;
    try {
        report = lint_paths(o.paths);
    } catch (const IoError& e) {
        std::cerr << "libaudit: " << error_text(e, language) << "\n";
        return exit_io;
    }
    const int errors = report.errors(), warnings = report.warnings();
    if (o.format == "json") {
        std::cout << detail::lint_document(report.diagnostics, report.files, language) << "\n";
    } else {
        for (const auto& d : report.diagnostics) std::cout << format_diagnostic(d, language) << "\n";
        std::cout << message_text(language, "lint.summary",
                                  {{"files", count_text(language, "lint.count.file", report.files)},
                                   {"errors", count_text(language, "lint.count.error", errors)},
                                   {"warnings", count_text(language, "lint.count.warning", warnings)}})
                  << "\n";
    }
    return errors > 0 || (o.strict && warnings > 0) ? exit_invalid : 0;
}

struct BatchOptions {
    CheckOptions input;
    unsigned jobs = 0;
    std::string out;
    std::string format = "jsonl";
    bool bom = false;
    std::string out_dir;  // html, pdf: one file per subject in this folder instead of one document
};

// One JSON Lines line: the result, or an invalid document saying why there is none.
std::string jsonl_line(const libaudit::BatchItem& item, const std::string& rules, const libaudit::RenderOptions& rop,
                       libaudit::Language language) {
    using namespace libaudit;
    if (item.result) {
        std::string line = render_json(*item.result, rop);
        line += '\n';
        return line;
    }
    detail::JsonWriter w(true);
    w.mask_ids(!rop.unmask_ids);
    const Ids ids = rop.unmask_ids ? Ids::shown : Ids::masked;
    w.begin_object();
    w.key("schema"), w.string(schema_id(rop.result_schema));
    w.key("status"), w.string("invalid");
    w.key("engine_version"), w.string(engine_version);
    w.key("subject");
    w.begin_object();
    w.key("id"), w.string(rop.unmask_ids ? item.subject_id : mask_if_national_id(item.subject_id));
    w.end_object();
    if (!item.problems.empty()) {
        write_diagnostics(w, item.problems, language, ids);
    } else {
        Diagnostic d;
        d.code = "U001";
        d.message = rules + ": " + item.error;
        if (!item.error_params.empty()) {
            d.message_code = "diag.no_ruleset";
            d.params = item.error_params;
            d.params.insert(d.params.begin(), {"rules", rules});
        }
        write_diagnostics(w, {d}, language, ids);
    }
    w.end_object();
    return w.str() + "\n";
}

// Where the results go: the --out file (opened into `file`), or standard output.
std::ostream& open_output(const std::string& path, std::ofstream& file) {
    if (path.empty()) return std::cout;
    file.open(path, std::ios::binary);
    if (!file) throw libaudit::IoError::cannot_write(path, errno);
    return file;
}

// What a batch came to, for the closing summary.
struct BatchTally {
    std::map<std::string, int> counts;      // status -> how many subjects
    std::map<std::string, int> no_ruleset;  // why no rule set applies (in `language`) -> how many subjects
    libaudit::Language reason_language = libaudit::Language::zh_TW;  // of the reasons kept in no_ruleset
    int invalid = 0;
    int short_count = 0;  // hours rule sets: teachers short of hours, and by how much in all
    double short_total = 0;

    void add(const libaudit::BatchItem& item) {
        using libaudit::Status;
        const std::string status = item.result ? to_string(item.result->status) : "invalid";
        ++counts[status];
        if (status == "invalid") ++invalid;
        if (!item.result && !item.error.empty())
            ++no_ruleset[item.error_params.empty() ? item.error
                                                   : libaudit::message_text(reason_language, "choose.why", item.error_params)];
        if (item.result && item.result->status == Status::not_met && item.result->requirements.front().remaining.hours) {
            ++short_count;
            short_total += *item.result->requirements.front().remaining.hours;
        }
    }

    // "N met, N met_pending, ..." (not_applicable only when there is one); hours: who is short.
    // Words from the catalogue (messages/*/cli.txt).
    std::string summary(bool hours, libaudit::Language language) {
        using libaudit::message_text;
        std::string summary;
        for (const char* s : {"met", "met_pending", "not_met", "needs_review", "invalid", "not_applicable"})
            if (counts[s] > 0 || std::string(s) != "not_applicable")
                summary += message_text(language, summary.empty() ? "cli.batch.count" : "cli.batch.count.next",
                                        {{"count", std::to_string(counts[s])}, {"status", s}});
        if (hours)
            summary += message_text(language, "cli.batch.short",
                                    {{"count", std::to_string(short_count)}, {"hours", fmt::format("{:g}", short_total)}});
        return summary;
    }
};

// Progress with rate and ETA on a terminal only (standard error), at most five times a second.
class Progress {
public:
    Progress(std::size_t total, libaudit::Language language) : total_(total), language_(language) {}

    bool tty() const { return tty_; }
    double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

    // One more subject written.
    void tick() {
        ++done_;
        const auto now = std::chrono::steady_clock::now();
        if (!tty_ || (now - last_ < std::chrono::milliseconds(200) && done_ != total_)) return;
        last_ = now;
        const double secs = std::chrono::duration<double>(now - start_).count();
        const double rate = secs > 0 ? static_cast<double>(done_) / secs : 0;
        const double fraction = total_ > 0 ? static_cast<double>(done_) / static_cast<double>(total_) : 1.0;
        constexpr int width = 30;
        const int filled = static_cast<int>(fraction * width);
        const std::string counts = libaudit::message_text(
            language_, "cli.progress",
            {{"done", std::to_string(done_)},
             {"total", std::to_string(total_)},
             {"rate", fmt::format("{:.0f}", rate)},
             {"eta", fmt::format("{:.0f}", rate > 0 ? static_cast<double>(total_ - done_) / rate : 0.0)}});
        std::cerr << fmt::format("\r[{}{}] {}   ", std::string(filled, '#'), std::string(width - filled, '.'), counts)
                  << std::flush;
    }

private:
    const bool tty_ = isatty(STDERR_FILENO) != 0;
    const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point last_ = start_;
    const std::size_t total_;
    const libaudit::Language language_;
    std::size_t done_ = 0;
};

// The closing lines on standard error; the exit code.
int report_batch(std::size_t n, BatchTally& tally, bool hours, const Progress& progress, libaudit::Language language) {
    using libaudit::message_text;
    const double secs = progress.seconds();
    const std::string summary = tally.summary(hours, language);
    const auto subjects = [&](std::size_t count) {
        return message_text(language, count == 1 ? "cli.subjects.one" : "cli.subjects.other", {{"count", std::to_string(count)}});
    };
    // The elapsed time only on a terminal, so that redirected output is reproducible.
    // Each reason once (a whole staff without a policy column would repeat it per teacher).
    for (const auto& [why, count] : tally.no_ruleset)
        std::cerr << shown(message_text(language, "cli.batch.not_audited",
                                        {{"subjects", subjects(static_cast<std::size_t>(count))}, {"why", why}}))
                  << "\n";
    if (progress.tty())
        std::cerr << message_text(language, "cli.batch.summary.timed",
                                  {{"subjects", subjects(n)}, {"seconds", fmt::format("{:.2f}", secs)}, {"counts", summary}});
    else
        std::cerr << message_text(language, "cli.batch.summary", {{"subjects", subjects(n)}, {"counts", summary}});
    std::cerr << "\n";
    return tally.invalid > 0 ? exit_invalid : 0;
}

// A sheet saying why a subject was not audited (no rule set applies, invalid input), so that a
// cohort's document has one sheet per subject in input order.
std::string not_audited_sheet(const libaudit::BatchItem& item, const std::string& rules, libaudit::Language language, bool unmask) {
    std::vector<std::string> lines;
    for (const auto& d : item.problems) lines.push_back(libaudit::diagnostic_text(d, language, unmask ? libaudit::Ids::shown : libaudit::Ids::masked));
    if (item.problems.empty())
        lines.push_back(item.error_params.empty() ? rules + ": " + item.error
                                                   : libaudit::message_text(language, "choose.why", item.error_params));
    const std::string id = unmask ? item.subject_id : libaudit::mask_if_national_id(item.subject_id);
    const std::string sheet = libaudit::render_html_note(libaudit::message_text(language, "sheet.not_audited", {{"id", id}}), lines);
    return unmask ? sheet : libaudit::mask_ids_in_text(sheet);
}

// batch --format html|pdf: one document with a sheet per subject in input order (each on a new
// page), or with --out-dir one file per subject named by its place and (masked) id.
int run_batch_sheets(const BatchOptions& b, const std::vector<libaudit::RuleSet>& rulesets, libaudit::SubjectReader& reader,
                     const libaudit::AuditOptions& ao) {
    using namespace libaudit;
    const CheckOptions& o = b.input;
    const Language language = language_of(o.lang);
    RenderOptions rop;
    rop.unmask_ids = o.unmask;
    rop.language = language;
    rop = sheet_options(rop, o);
    const RuleKind kind = rulesets.empty() ? RuleKind::programme : rulesets.front().kind();
    if (!b.out_dir.empty()) {  // made when missing, as `mkdir -p` would
        std::error_code ec;
        std::filesystem::create_directories(b.out_dir, ec);
        if (ec) throw IoError::cannot_write(b.out_dir, ec.value());
    }
    Progress progress(reader.subjects(), language);
    BatchTally tally;
    tally.reason_language = language;
    StreamOptions so;
    so.jobs = b.jobs;
    so.render = [&](const BatchItem& item) {
        return item.result ? render_html_sheet(*item.result, rop) : not_audited_sheet(item, o.rules, language, o.unmask);
    };
    // One document, or for PDF parts that html_to_pdf prints two at a time and joins in order: half
    // the cohort each (every Chromium run costs about 3 s before its first sheet), at most
    // kMaxSheetsPerPart (a run's memory grows with its sheets). docs/printing.md has the figures.
    constexpr std::size_t kMaxSheetsPerPart = 250;
    const std::size_t per_part = std::clamp<std::size_t>((reader.subjects() + 1) / 2, 1, kMaxSheetsPerPart);
    std::vector<std::string> parts;
    PdfPrinter printer;  // starts its engine at the first print (--out-dir with pdf)
    std::size_t place = 0;
    const auto write = [&](const BatchItem& item, const std::string& sheet) {
        ++place;
        if (!b.out_dir.empty()) {
            const std::string id = o.unmask ? item.subject_id : mask_if_national_id(item.subject_id);
            const std::string name = fmt::format("{}/{:04}-{}.{}", b.out_dir, place, id, b.format);
            const std::string html = render_html_open(kind, rop) + sheet + render_html_close();
            if (b.format == "pdf") write_file(printer.print(html), name);  // one browser for all the files
            else write_sheet(html, b.format, name);
        } else {
            if (parts.empty() || (b.format == "pdf" && (place - 1) % per_part == 0)) parts.push_back(render_html_open(kind, rop));
            parts.back() += render_html_numbered(sheet, place, item.subject_id, rop);
        }
        for (const auto& d : item.problems) std::cerr << format_diagnostic(d, language, true, ids_of(o)) << "\n";
        tally.add(item);
        progress.tick();
    };
    const auto next = [&](Subject& s, std::vector<Diagnostic>& problems) { return reader.next(s, problems); };
    const std::size_t n = audit_stream(rulesets, next, write, ao, so);
    if (progress.tty() && n > 0) std::cerr << "\n";
    if (b.out_dir.empty()) {
        if (parts.empty()) parts.push_back(render_html_open(kind, rop));
        for (auto& part : parts) part += render_html_close();
        write_sheets(parts, b.format, b.out);
    }
    return report_batch(n, tally, hours_summary(rulesets, reader.sessions()), progress, language);
}

int run_batch(const BatchOptions& b) {
    using namespace libaudit;
    const CheckOptions& o = b.input;
    return guarded(o, [&]() -> int {
        if (stdin_twice(o)) return usage_error(o, libaudit::usage_problem("stdin_twice", {}));
        const ReadOptions ro = read_options(o);
        AuditOptions ao;
        if (auto problem = parse_audit_as_of(o.as_of, ao)) return usage_error(o, *problem);
        ao.selected = o.select;
        ao.max_steps = o.max_steps;
        const std::vector<RuleSet> rulesets = load_rulesets(o.rules);
        if (!o.exceptions.empty()) ao.exceptions = read_exceptions(o.exceptions, rulesets);
        if (!o.plan.empty()) ao.plan = read_plan(o.plan, ro, rulesets);
        // A plan has courses and credits: without a programme rule set it would apply to nobody.
        if (!o.plan.empty() && std::none_of(rulesets.begin(), rulesets.end(), [](const RuleSet& r) { return r.kind() == RuleKind::programme; }))
            return usage_error(o, libaudit::usage_problem("plan_kind", {{"ruleset", rulesets.front().id()}, {"kind", to_string(rulesets.front().kind())}}));
        if (o.as_entry_year != 0) ao.as_entry_year = o.as_entry_year;
        ao.rule_set = o.rule_set;
        SubjectReader reader(o.records, SubjectReader::ProfilesFile(o.student), ro);
        if (!reader.streaming())
            std::cerr << shown(message_text(language_of(o.lang), "batch.note.whole",
                                            {{"file", o.records}, {"reason", reader.why_not_streaming(language_of(o.lang))}}),
                               o.unmask)
                      << "\n";

        if (b.format == "html" || b.format == "pdf") return run_batch_sheets(b, rulesets, reader, ao);
        // On a terminal without --out, JSON Lines (hundreds of megabytes for a cohort) would only
        // scroll past: the summary alone, and a note on how to keep the results.
        const bool terminal_only = b.out.empty() && b.format == "jsonl" && isatty(STDOUT_FILENO) != 0;
        if (terminal_only) std::cerr << message_text(language_of(o.lang), "batch.note.terminal") << "\n";
        std::ofstream file;
        std::ostream& out = open_output(b.out, file);
        RenderOptions rop;
        rop.unmask_ids = o.unmask;
        rop.result_schema = o.result_schema;
        rop.compact = true;
        // Teachers' columns for session files or hours rule sets; students' for transcripts.
        const bool hours = hours_summary(rulesets, reader.sessions());
        if (b.format == "csv" && b.bom) out << "\xEF\xBB\xBF";
        const Language language = language_of(o.lang);
        if (b.format == "csv") out << csv_line(summary_csv_header(hours, language));

        Progress progress(reader.subjects(), language);
        BatchTally tally;
        tally.reason_language = language;
        StreamOptions so;
        so.jobs = b.jobs;
        so.render = [&](const BatchItem& item) -> std::string {
            if (terminal_only) return {};
            if (b.format == "csv") return shown(csv_line(summary_csv_row(item, hours, o.unmask, language)), o.unmask);
            return jsonl_line(item, o.rules, rop, language);
        };
        const auto write = [&](const BatchItem& item, const std::string& rendered) {
            out << rendered;
            for (const auto& d : item.problems) std::cerr << format_diagnostic(d, language, true, ids_of(o)) << "\n";
            tally.add(item);
            progress.tick();
        };
        const auto next = [&](Subject& s, std::vector<Diagnostic>& problems) { return reader.next(s, problems); };
        const std::size_t n = audit_stream(rulesets, next, write, ao, so);
        if (progress.tty() && n > 0) std::cerr << "\n";
        out.flush();
        if (!out) throw IoError::cannot_write(b.out, errno);
        return report_batch(n, tally, hours, progress, language);
    });
}

struct TestOptions {
    std::vector<std::string> paths;
    std::string lang;
    std::string filter;  // cases whose name matches (a shell pattern with * or ?, else a part of the name)
    std::string junit;   // JUnit XML report for CI systems, "" for none
};

bool name_matches(const std::string& name, const std::string& filter) {
    if (filter.empty()) return true;
    if (filter.find_first_of("*?[") != std::string::npos) return fnmatch(filter.c_str(), name.c_str(), 0) == 0;
    return name.find(filter) != std::string::npos;
}

// The JUnit XML CI systems read (GitLab, Jenkins, GitHub actions' reporters): one <testsuite> per
// test file, one <testcase> per case, a <failure> with what differed (in `language`).
std::string junit_xml(const libaudit::RuleTestReport& report, libaudit::Language language) {
    const auto xml_escape = [](const std::string& s) { return libaudit::detail::esc(s); };  // the HTML escaper: XML's five entities
    std::map<std::string, std::vector<const libaudit::RuleTestResult*>> by_file;
    for (const auto& r : report.results) by_file[r.file].push_back(&r);
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites name=\"libaudit\" tests=\"{}\" failures=\"{}\">\n", report.results.size(), report.failed());
    for (const auto& [file, cases] : by_file) {
        const auto failed = std::count_if(cases.begin(), cases.end(), [](const auto* r) { return !r->passed; });
        out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\">\n", xml_escape(file), cases.size(), failed);
        for (const auto* r : cases) {
            out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{}\"", xml_escape(file),
                               xml_escape(shown(r->name)), xml_escape(file), r->line);
            if (r->passed) {
                out += "/>\n";
                continue;
            }
            std::string details;
            for (const auto& d : r->difference_messages) details += shown(difference_text(d, language)) + "\n";
            const std::string first = details.substr(0, details.find('\n'));
            out += fmt::format(">\n      <failure message=\"{}\">{}</failure>\n    </testcase>\n", xml_escape(first),
                               xml_escape(details));
        }
        out += "  </testsuite>\n";
    }
    return out + "</testsuites>\n";
}

// Runs rule-pack tests: each case "ok" or "FAILED" with what differed, then "N passed, M failed"
// (in the user's language: messages/*/lint_tests.txt); only the cases --filter names.
int run_tests(const TestOptions& t) {
    using namespace libaudit;
    const Language language = language_of(t.lang);
    try {
        RuleTestReport report = run_rule_tests(t.paths);
        report.results.erase(std::remove_if(report.results.begin(), report.results.end(),
                                            [&](const RuleTestResult& r) { return !name_matches(r.name, t.filter); }),
                             report.results.end());
        for (const auto& r : report.results) {
            // A case's name and differences may hold a student_id: masked as everywhere.
            std::cout << shown(message_text(language, r.passed ? "test.case.ok" : "test.case.failed",
                                            {{"file", r.file}, {"line", std::to_string(r.line)}, {"name", r.name}}))
                      << "\n";
            for (const auto& d : r.difference_messages) std::cout << "    " << shown(difference_text(d, language)) << "\n";
        }
        std::cout << message_text(language, "test.summary",
                                  {{"passed", std::to_string(report.passed())}, {"failed", std::to_string(report.failed())}})
                  << "\n";
        if (!t.junit.empty()) {
            std::ofstream file(t.junit, std::ios::binary);
            file << junit_xml(report, language);
            if (!file.flush()) throw IoError::cannot_write(t.junit, errno);
        }
        if (report.results.empty() && !t.filter.empty()) {
            std::cerr << "libaudit: " << message_text(language, "test.no_match", {{"filter", t.filter}}) << "\n";
            return exit_invalid;
        }
        return report.failed() > 0 ? 1 : 0;
    } catch (const RuleError& e) {
        for (const auto& d : e.diagnostics()) std::cerr << format_diagnostic(d, language) << "\n";
        return exit_invalid;
    } catch (const IoError& e) {
        std::cerr << "libaudit: " << error_text(e, language) << "\n";
        return exit_io;
    }
}

struct ExplainOptions {
    std::string rules;
    std::string lang;  // empty: LIBAUDIT_LANG, else zh-TW
    std::string course;  // --course: which requirements could this course count for (docs/what-if.md)
    CheckOptions check;  // with --course: the student's files and what-if options, as check
};

// The explanations of a course as text (each under a line naming its file when `files`) or JSON (an
// array when there are several).
void print_courses(const std::vector<libaudit::CourseExplanation>& all, const std::vector<std::string>& files,
                   const CheckOptions& o) {
    const libaudit::Language language = language_of(o.lang);
    if (o.format == "json") {
        if (all.size() == 1) {
            std::cout << libaudit::render_course_json(all.front(), language, o.unmask);
            return;
        }
        std::cout << "[\n";
        for (std::size_t i = 0; i < all.size(); ++i)
            std::cout << libaudit::render_course_json(all[i], language, o.unmask) << (i + 1 < all.size() ? ",\n" : "");
        std::cout << "]\n";
        return;
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (!files.empty())
            std::cout << (i > 0 ? "\n" : "") << libaudit::message_text(language, "cli.explain.file", {{"file", files[i]}}) << "\n";
        std::cout << libaudit::render_course_text(all[i], language, o.unmask);
    }
}

// `explain RULES --course CODE`: against every programme rule set of RULES; with --records, for the
// student, against the rule set check would use (what-if options and exceptions included).
int run_explain_course(const ExplainOptions& e) {
    using namespace libaudit;
    const CheckOptions& o = e.check;
    return guarded(o, [&]() -> int {
        if (stdin_twice(o)) return usage_error(o, libaudit::usage_problem("stdin_twice", {}));
        const std::vector<RuleSet> rulesets = load_rulesets(e.rules);
        if (o.records.empty()) {
            if (!o.student.empty() || !o.plan.empty() || !o.exceptions.empty() || o.as_entry_year != 0 || !o.rule_set.empty())
                return usage_error(o, libaudit::usage_problem("records_required", {}));
            std::vector<CourseExplanation> all;
            std::vector<std::string> files;
            for (const RuleSet& r : rulesets)
                if (r.kind() == RuleKind::programme || rulesets.size() == 1) {
                    all.push_back(explain_course(r, e.course));
                    files.push_back(r.file());
                }
            if (all.empty()) explain_course(rulesets.front(), e.course);  // says no programme rule set is here
            if (all.size() == 1 && (files.front() == e.rules || rule_files(e.rules).size() == 1)) files.clear();
            print_courses(all, files, o);
            return 0;
        }
        CheckRequest request;
        if (auto problem = parse_audit_as_of(o.as_of, request.options)) return usage_error(o, *problem);
        fill_check_request(o, e.rules, rulesets, request);
        print_courses({explain_course_records(rulesets, request, e.course)}, {}, o);
        return 0;
    });
}

int run_explain(const ExplainOptions& o) {
    if (!o.course.empty()) return run_explain_course(o);
    const CheckOptions& c = o.check;
    if (!c.records.empty() || !c.student.empty() || !c.plan.empty() || !c.exceptions.empty() || c.as_entry_year != 0 ||
        !c.rule_set.empty() || c.format != "text")
        return usage_error(c, libaudit::usage_problem("explain_course_options", {}));
    try {
        // A folder: each rule set in the order of its file names, under a line naming the file.
        const std::vector<libaudit::RuleSet> sets = libaudit::load_rulesets(o.rules);
        const bool folder = libaudit::rule_files(o.rules).size() > 1 || sets.front().file() != o.rules;
        for (std::size_t i = 0; i < sets.size(); ++i) {
            if (folder)
                std::cout << (i > 0 ? "\n" : "")
                          << libaudit::message_text(language_of(o.lang), "cli.explain.file", {{"file", sets[i].file()}}) << "\n";
            std::cout << shown(libaudit::explain(sets[i], language_of(o.lang)));
        }
    } catch (const libaudit::RuleError& e) {
        for (const auto& d : e.diagnostics()) std::cerr << libaudit::format_diagnostic(d, language_of(o.lang)) << "\n";
        return exit_invalid;
    } catch (const libaudit::IoError& e) {
        std::cerr << "libaudit: " << libaudit::error_text(e, language_of(o.lang)) << "\n";
        return exit_io;
    }
    return 0;
}

struct CalendarOptions {
    std::vector<std::string> texts;
    std::string format = "text";
    std::string lang;
};

// `libaudit calendar 114/10/27 1142 ...`: each date or term code in turn, a blank line between
// (JSON: one object per line). Anything else is a usage error (exit 2), after the others.
int run_calendar(const CalendarOptions& o) {
    const libaudit::Language language = language_of(o.lang);
    int rc = 0;
    bool first = true;
    for (const std::string& text : o.texts) {
        const std::optional<libaudit::CalendarLookup> c = libaudit::lookup_calendar(text);
        if (!c) {
            std::cerr << "libaudit: " << libaudit::message_text(language, "cli.calendar.not_understood", {{"text", text}})
                      << "\n";
            rc = exit_invalid;
            continue;
        }
        if (o.format == "json") {
            std::cout << libaudit::render_calendar_json(*c);
        } else {
            std::cout << (first ? "" : "\n") << libaudit::render_calendar_text(*c, language);
        }
        first = false;
    }
    return rc;
}

// Each add_* declares a subcommand's options into `o` and runs it, its exit code into `rc`; `w`
// gives the help's words in the user's language.

// A subcommand, its help flag in the user's language too (CLI11 gives it the parent's words).
CLI::App* subcommand(CLI::App& app, const std::string& name, const Words& w) {
    CLI::App* sub = app.add_subcommand(name, w(name));
    sub->set_help_flag("-h,--help", w("help_flag"));
    return sub;
}

// --encoding for every input file, --records-encoding and --profiles-encoding for one of them.
void add_encodings(CLI::App& sub, CheckOptions& o, const Words& w) {
    const std::vector<std::string> words{"auto", "utf-8", "big5"};
    sub.add_option("--encoding", o.encoding, w("encoding"))->check(one_of(words));
    sub.add_option("--records-encoding", o.records_encoding, w("records_encoding"))->check(one_of(words));
    sub.add_option("--profiles-encoding", o.profiles_encoding, w("profiles_encoding"))->check(one_of(words));
}

void add_check(CLI::App& app, CheckOptions& co, int& rc, const Words& w) {
    CLI::App* check = subcommand(app, "check", w);
    check->add_option("rules", co.rules, w("check.rules"))->required();
    check->add_option("--records,-r", co.records, w("check.records"));
    check->add_option("--data,-d", co.data, w("check.data"));
    check->add_option("--student,-s", co.student, w("check.student"));
    check->add_option("--id", co.id, w("check.id"));
    check->add_option("--as-of", co.as_of, w("check.as_of"));
    check->add_option("--select", co.select, w("check.select"));
    check->add_option("--exceptions", co.exceptions, w("check.exceptions"));
    check->add_option("--plan", co.plan, w("check.plan"));
    check->add_option("--as-entry-year", co.as_entry_year, w("what_if.as_entry_year"));
    check->add_option("--rule-set", co.rule_set, w("what_if.rule_set"));
    check->add_option("--format,-f", co.format, w("format"))->check(one_of({"text", "json", "html", "pdf"}));
    check->add_option("--out,-o", co.out, w("check.out"));
    check->add_option("--print-date", co.print_date, w("print_date"));
    check->add_option("--lang", co.lang, w("lang"))->check(language_word);
    add_encodings(*check, co, w);
    check->add_flag("--unmask-ids", co.unmask, w("unmask_ids"));
    check->add_option("--result-schema", co.result_schema, w("result_schema"))->check(one_of({"1", "2"}));
    check->add_option("--max-steps", co.max_steps, w("check.max_steps"))->check(positive_number);
    check->callback([&] { rc = run_check(co); });
}

void add_lint(CLI::App& app, LintOptions& lo, int& rc, const Words& w) {
    CLI::App* lint = subcommand(app, "lint", w);
    lint->add_option("rules", lo.paths, w("lint.rules"))->required();
    lint->add_option("--format,-f", lo.format, w("format"))->check(one_of({"text", "json"}));
    lint->add_flag("--strict", lo.strict, w("lint.strict"));
    lint->add_option("--lang", lo.lang, w("lang.errors"))->check(language_word);
    lint->callback([&] { rc = run_lint(lo); });
}

void add_test(CLI::App& app, TestOptions& to, int& rc, const Words& w) {
    CLI::App* test = subcommand(app, "test", w);
    test->add_option("paths", to.paths, w("test.paths"))->required();
    test->add_option("--filter,-k", to.filter, w("test.filter"));
    test->add_option("--junit", to.junit, w("test.junit"));
    test->add_option("--lang", to.lang, w("lang.errors"))->check(language_word);
    test->callback([&] { rc = run_tests(to); });
}

void add_batch(CLI::App& app, BatchOptions& bo, int& rc, const Words& w) {
    CLI::App* batch = subcommand(app, "batch", w);
    batch->add_option("rules", bo.input.rules, w("batch.rules"))->required();
    batch->add_option("--records,-r", bo.input.records, w("batch.records"))->required();
    batch->add_option("--profiles,-p", bo.input.student, w("batch.profiles"));
    batch->add_option("--jobs,-j", bo.jobs, w("batch.jobs"));
    batch->add_option("--out,-o", bo.out, w("batch.out"));
    batch->add_option("--format,-f", bo.format, w("batch.format"))->check(one_of({"jsonl", "csv", "html", "pdf"}));
    batch->add_option("--out-dir", bo.out_dir, w("batch.out_dir"));
    batch->add_option("--print-date", bo.input.print_date, w("print_date"));
    batch->add_option("--as-of", bo.input.as_of, w("batch.as_of"));
    batch->add_option("--exceptions", bo.input.exceptions, w("batch.exceptions"));
    batch->add_option("--plan", bo.input.plan, w("batch.plan"));
    batch->add_option("--as-entry-year", bo.input.as_entry_year, w("what_if.as_entry_year"));
    batch->add_option("--rule-set", bo.input.rule_set, w("what_if.rule_set"));
    add_encodings(*batch, bo.input, w);
    batch->add_flag("--unmask-ids", bo.input.unmask, w("unmask_ids"));
    batch->add_option("--result-schema", bo.input.result_schema, w("result_schema"))->check(one_of({"1", "2"}));
    batch->add_option("--lang", bo.input.lang, w("batch.lang"))->check(language_word);
    batch->add_flag("--bom", bo.bom, w("batch.bom"));
    batch->add_option("--max-steps", bo.input.max_steps, w("batch.max_steps"))->check(positive_number);
    batch->callback([&] {
        bo.input.format = bo.format == "jsonl" ? "json" : "text";  // invalid input: a JSON document too, in JSONL mode
        rc = run_batch(bo);
    });
}

void add_generate(CLI::App& app, libaudit_cli::GenerateOptions& go, int& rc, const Words& w) {
    CLI::App* generate = subcommand(app, "generate", w);
    generate->add_option("rules", go.rules, w("generate.rules"));
    generate->add_option("--kind", go.kind, w("generate.kind"))->check(one_of({"students", "hard", "teachers"}));
    generate->add_option("--seed", go.seed, w("generate.seed"));
    generate->add_option("--students,--teachers,-n", go.count, w("generate.count"))->check(non_negative_number);
    generate->add_option("--records-per-student,--sessions-per-teacher", go.records, w("generate.records_per"))
        ->check(non_negative_number);
    generate->add_option("--requirements", go.requirements, w("generate.requirements"))->check(positive_number);
    generate->add_option("--courses", go.courses, w("generate.courses"))->check(positive_number);
    generate->add_option("--records,-r", go.records_out, w("generate.records"));
    generate->add_option("--profiles,-p", go.profiles_out, w("generate.profiles"));
    generate->add_option("--rules-out", go.rules_out, w("generate.rules_out"));
    generate->callback([&] {
        CheckOptions none;
        rc = guarded(none, [&] { return libaudit_cli::run_generate(go); });
    });
}

void add_explain(CLI::App& app, ExplainOptions& eo, int& rc, const Words& w) {
    CLI::App* explain = subcommand(app, "explain", w);
    explain->add_option("rules", eo.rules, w("explain.rules"))->required();
    explain->add_option("--lang", eo.lang, w("explain.lang"))->check(language_word);
    explain->add_option("--course,-c", eo.course, w("explain.course"));
    explain->add_option("--records,-r", eo.check.records, w("explain.records"));
    explain->add_option("--student,-s", eo.check.student, w("explain.student"));
    explain->add_option("--id", eo.check.id, w("explain.id"));
    explain->add_option("--as-of", eo.check.as_of, w("check.as_of"));
    explain->add_option("--select", eo.check.select, w("check.select"));
    explain->add_option("--exceptions", eo.check.exceptions, w("check.exceptions"));
    explain->add_option("--plan", eo.check.plan, w("check.plan"));
    explain->add_option("--as-entry-year", eo.check.as_entry_year, w("what_if.as_entry_year"));
    explain->add_option("--rule-set", eo.check.rule_set, w("what_if.rule_set"));
    explain->add_option("--format,-f", eo.check.format, w("explain.format"))->check(one_of({"text", "json"}));
    add_encodings(*explain, eo.check, w);
    explain->add_flag("--unmask-ids", eo.check.unmask, w("unmask_ids"));
    explain->callback([&] {
        eo.check.lang = eo.lang;
        rc = run_explain(eo);
    });
}

#include "schemas.inc"

// `libaudit schema rules|result|result-2|ruletest|course|exceptions|plan`: the JSON Schema built into the
// program, for an editor (`# yaml-language-server: $schema=rules-1.schema.json` beside a pack copied out
// of the source tree) or a validator of `explain --course` output, exceptions and plan files.
void add_schema(CLI::App& app, std::string& name, int& rc, const Words& w) {
    CLI::App* schema = subcommand(app, "schema", w);
    schema->add_option("name", name, w("schema.name"))->required()->check(one_of({"rules", "result", "result-2", "ruletest", "course", "exceptions", "plan"}));
    schema->callback([&] {
        const auto print = [](const unsigned char* bytes, std::size_t size) {
            std::cout.write(reinterpret_cast<const char*>(bytes), static_cast<std::streamsize>(size));
        };
        if (name == "rules") print(schema_rules, sizeof schema_rules);
        if (name == "result") print(schema_result, sizeof schema_result);
        if (name == "result-2") print(schema_result2, sizeof schema_result2);
        if (name == "ruletest") print(schema_ruletest, sizeof schema_ruletest);
        if (name == "course") print(schema_course, sizeof schema_course);
        if (name == "exceptions") print(schema_exceptions, sizeof schema_exceptions);
        if (name == "plan") print(schema_plan, sizeof schema_plan);
        rc = 0;
    });
}

// `libaudit new-year RULES --to YEAR [--out FILE]`: the copy (libaudit::new_year), then lint of its folder.
struct NewYearOptions {
    libaudit::NewYearRequest request;
    std::string lang;  // empty: LIBAUDIT_LANG, else zh-TW
};

int run_new_year(const NewYearOptions& o) {
    const libaudit::Language language = language_of(o.lang);
    libaudit::NewYearResult r;
    try {
        r = libaudit::new_year(o.request);
    } catch (const libaudit::Error& e) {  // RuleError, InputError
        for (const auto& d : e.diagnostics()) std::cerr << libaudit::format_diagnostic(d, language) << "\n";
        return exit_invalid;
    } catch (const libaudit::IoError& e) {
        std::cerr << "libaudit: " << libaudit::error_text(e, language) << "\n";
        return exit_io;
    }
    std::cout << libaudit::message_text(language, "new_year.wrote",
                                        {{"file", r.file}, {"from", std::to_string(r.from)}, {"to", std::to_string(o.request.to)}})
              << "\n";
    for (const std::string& t : r.tests) std::cout << libaudit::message_text(language, "new_year.wrote_test", {{"file", t}}) << "\n";
    std::cout << libaudit::message_text(language, "new_year.review", {{"from", std::to_string(r.from)}}) << "\n";
    std::cout << libaudit::message_text(language, "new_year.lint") << "\n";
    LintOptions lint;
    lint.paths = {r.folder};
    lint.lang = o.lang;
    return run_lint(lint);
}

void add_new_year(CLI::App& app, int& rc, const Words& w) {
    auto o = std::make_shared<NewYearOptions>();  // lives as long as the callback that holds it
    CLI::App* sub = subcommand(app, "new-year", w);
    sub->add_option("rules", o->request.rules, w("new_year.rules"))->required();
    sub->add_option("--to", o->request.to, w("new_year.to"))->required();
    sub->add_option("--out,-o", o->request.out, w("new_year.out"));
    sub->add_option("--lang", o->lang, w("new_year.lang"))->check(language_word);
    sub->callback([o, &rc] { rc = run_new_year(*o); });
}

void add_calendar(CLI::App& app, CalendarOptions& ko, int& rc, const Words& w) {
    CLI::App* calendar = subcommand(app, "calendar", w);
    calendar->add_option("dates", ko.texts, w("calendar.dates"))->required();
    calendar->add_option("--format,-f", ko.format, w("format"))->check(one_of({"text", "json"}));
    calendar->add_option("--lang", ko.lang, w("lang"))->check(language_word);
    calendar->callback([&] { rc = run_calendar(ko); });
}

// CLI11's help formatter, lining descriptions up by display width: CLI11 counts bytes, so a
// Chinese word in the left column (必填, "REQUIRED") would pull its description to the left.
class HelpFormatter : public CLI::Formatter {
public:
    std::string make_option(const CLI::Option* opt, bool is_positional) const override {
        const std::string name = make_option_name(opt, is_positional) + make_option_opts(opt);
        const std::size_t extra = name.size() - static_cast<std::size_t>(libaudit::display_width(name));
        std::stringstream out;
        CLI::detail::format_help(out, name, make_option_desc(opt), column_width_ + extra);
        return out.str();
    }
};

// The help's fixed words (CLI11's labels and group names) in the user's language.
void translate_help(CLI::App& app, const Words& w) {
    auto formatter = std::make_shared<HelpFormatter>();
    for (const auto& [label, key] : std::vector<std::pair<const char*, const char*>>{
             {"Usage", "usage"}, {"OPTIONS", "options"}, {"SUBCOMMAND", "subcommand"}, {"SUBCOMMANDS", "subcommands"},
             {"Positionals", "positionals"}, {"REQUIRED", "required"}, {"Env", "env"}, {"Needs", "needs"},
             {"Excludes", "excludes"}})
        formatter->label(label, w(std::string("label.") + key));
    app.formatter(formatter);
    app.option_defaults()->group(w("group.options"));
    app.group(w("group.subcommands"));
    app.set_help_flag("-h,--help", w("help_flag"));
    app.set_version_flag("--version", std::string("libaudit ") + libaudit::engine_version, w("version_flag"));
}

// A usage error CLI11 found, in the user's language: the catalogue's cli.usage.* with the option
// and the value as parameters (CLI11 2.1 gives them only inside its English sentence), and the
// closing "Run with --help for more information.".
std::string usage_text(const CLI::ParseError& e, libaudit::Language language) {
    using libaudit::message_text;
    const std::string what = e.what();
    const auto starts = [&](const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; };
    const auto ends = [&](const std::string& s, const std::string& suffix) {
        return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    const std::size_t colon = what.find(": ");
    const std::string option = what.substr(0, colon), rest = colon == std::string::npos ? "" : what.substr(colon + 2);
    const std::string one = "The following argument was not expected: ", many = "The following arguments were not expected: ";
    std::string key = "other";
    libaudit::MessageParams params{{"detail", what}};
    if (dynamic_cast<const CLI::ExtrasError*>(&e) && (starts(what, one) || starts(what, many))) {
        key = starts(what, one) ? "extra" : "extras";
        params = {{"arguments", what.substr(starts(what, one) ? one.size() : many.size())}};
    } else if (dynamic_cast<const CLI::RequiredError*>(&e) && what == "A subcommand is required") {
        key = "subcommand";
    } else if (dynamic_cast<const CLI::RequiredError*>(&e) && ends(what, " is required")) {
        key = "required", params = {{"option", what.substr(0, what.size() - 12)}};
    } else if (dynamic_cast<const CLI::ConversionError*>(&e) && starts(what, "Could not convert: ") &&
               what.find(" = ") != std::string::npos) {
        const std::size_t eq = what.find(" = ");
        key = "not_converted", params = {{"option", what.substr(19, eq - 19)}, {"value", what.substr(eq + 3)}};
    } else if (dynamic_cast<const CLI::ArgumentMismatch*>(&e) && rest.find(" required ") != std::string::npos &&
               ends(rest, " missing")) {
        const std::size_t space = rest.find(" required ");
        key = "needs_value", params = {{"option", option}, {"count", rest.substr(0, space)},
                                       {"type", rest.substr(space + 10, rest.size() - 8 - space - 10)}};
    } else if (dynamic_cast<const CLI::ValidationError*>(&e) && rest.find('\t') != std::string::npos) {
        // One of the validators above: "<what>\t<value>[\t<allowed>]".
        const std::size_t tab = rest.find('\t'), tab2 = rest.find('\t', tab + 1);
        key = rest.substr(0, tab);
        params = {{"option", option}, {"value", rest.substr(tab + 1, tab2 - tab - 1)}};
        if (tab2 != std::string::npos) params.push_back({"allowed", rest.substr(tab2 + 1)});
    }
    return message_text(language, "cli.usage." + key, params) + "\n" +
           message_text(language, "cli.usage.more", {{"help", "--help"}}) + "\n";
}

// The closest of `candidates` to a mistyped `word` (at most a third of its letters off, at least one),
// or "" when none is close: the did-you-mean of usage errors.
std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(1, word.size() / 3) + 1;
    for (const std::string& c : candidates) {
        const std::size_t d = libaudit::detail::edit_distance(word, c);
        if (d < best_distance) best = c, best_distance = d;
    }
    return best;
}

// A word where a subcommand belongs that is none of them (`libaudit chek`): CLI11 only says a
// subcommand is required. The first argument that is not an option (nor --lang's value).
std::optional<std::string> unknown_command(const CLI::App& app, int argc, char** argv) {
    if (!app.get_subcommands().empty()) return std::nullopt;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--lang") {
            ++i;
        } else if (arg.empty() || arg[0] != '-') {
            return arg;
        }
    }
    return std::nullopt;
}

// The extra line of a usage error that suggests what was meant: the closest subcommand to an unknown
// command, or the closest option of the subcommand to an unknown option ("" when nothing is close).
std::string did_you_mean(const CLI::App& app, int argc, char** argv, libaudit::Language language) {
    std::vector<std::string> candidates;
    std::string word;
    if (const auto command = unknown_command(app, argc, argv)) {
        word = *command;
        for (const CLI::App* sub : app.get_subcommands({})) candidates.push_back(sub->get_name());
    } else if (!app.get_subcommands().empty()) {
        const CLI::App* sub = app.get_subcommands().front();
        for (int i = 1; i < argc && word.empty(); ++i) {
            const std::string arg = std::string(argv[i]).substr(0, std::string(argv[i]).find('='));
            if (arg.size() > 2 && arg.rfind("--", 0) == 0 && !sub->get_option_no_throw(arg)) word = arg;
        }
        for (const CLI::Option* opt : sub->get_options())
            for (const std::string& name : opt->get_lnames()) candidates.push_back("--" + name);
    }
    const std::string best = word.empty() ? "" : closest(word, candidates);
    if (best.empty()) return "";
    return libaudit::message_text(language, "cli.usage.did_you_mean", {{"given", word}, {"suggestion", best}}) + "\n";
}

// The exit code once standard output is flushed: a result that could not be written (a full
// disk, `> /dev/full`, a closed pipe) is not a success.
int output_written(int rc, libaudit::Language language) {
    std::cout.flush();
    if (!std::cout.fail() && std::fflush(stdout) == 0 && std::ferror(stdout) == 0) return rc;
    std::cerr << libaudit::message_text(language, "cli.output_failed", {{"reason", std::strerror(errno)}}) << "\n";
    return exit_io;
}

}  // namespace

// `libaudit diff OLD NEW --records ... [--profiles ...]`: the cohort under two versions of the rules
// (libaudit::diff_rules), a summary, CSV or JSON. Exit 0: no student changes status; 1: some do;
// 2: invalid rules or input, or two versions not for the same programme; 3: a file or revision cannot be read.
struct DiffOptions {
    CheckOptions input;  // rules: OLD
    std::string new_rules;
    unsigned jobs = 0;
    std::string out;
};

int run_diff(const DiffOptions& d) {
    using namespace libaudit;
    const auto& o = d.input;
    return guarded(o, [&]() -> int {
        if (stdin_twice(o)) return usage_error(o, libaudit::usage_problem("stdin_twice", {}));
        DiffRequest request;
        if (auto problem = parse_audit_as_of(o.as_of, request.options)) return usage_error(o, *problem);
        request.options.max_steps = o.max_steps;
        request.old_rules = o.rules;
        request.new_rules = d.new_rules;
        request.records = o.records;
        request.profiles = o.student;
        request.read = read_options(o);
        request.jobs = d.jobs;
        const DiffReport report = diff_rules(request);
        const Language language = language_of(o.lang);
        for (const auto& p : report.problems) std::cerr << format_diagnostic(p, language, true, ids_of(o)) << "\n";
        std::ofstream file;
        std::ostream& out = open_output(d.out, file);
        out << (o.format == "json"  ? render_diff_json(report, o.unmask)
                : o.format == "csv" ? render_diff_csv(report, language, o.unmask)
                                    : render_diff_text(report, language, o.unmask));
        out.flush();
        if (!out) throw IoError("cannot write " + (d.out.empty() ? std::string("standard output") : d.out));
        return diff_exit_code(report);
    });
}

void add_diff(CLI::App& app, int& rc, const Words& w) {
    auto d = std::make_shared<DiffOptions>();  // lives as long as the callback that holds it
    CheckOptions& o = d->input;
    CLI::App* sub = subcommand(app, "diff", w);
    sub->add_option("old", o.rules, w("diff.old"))->required();
    sub->add_option("new", d->new_rules, w("diff.new"))->required();
    sub->add_option("--records,-r", o.records, w("diff.records"))->required();
    sub->add_option("--profiles,-p", o.student, w("diff.profiles"));
    sub->add_option("--format,-f", o.format, w("diff.format"))->check(one_of({"text", "csv", "json"}));
    sub->add_option("--out,-o", d->out, w("diff.out"));
    sub->add_option("--as-of", o.as_of, w("batch.as_of"));
    sub->add_option("--jobs,-j", d->jobs, w("batch.jobs"));
    add_encodings(*sub, o, w);
    sub->add_flag("--unmask-ids", o.unmask, w("unmask_ids"));
    sub->add_option("--lang", o.lang, w("diff.lang"))->check(language_word);
    sub->add_option("--max-steps", o.max_steps, w("batch.max_steps"))->check(positive_number);
    sub->callback([d, &rc] { rc = run_diff(*d); });
}
// `libaudit serve`: the HTTP/JSON service (serve/, docs/service.md); limits in bytes and seconds.
void add_serve(CLI::App& app, int& rc, const Words& w) {
    CLI::App* sub = subcommand(app, "serve", w);
    auto o = std::make_shared<libaudit_serve::ServeOptions>();
    sub->add_option("rules", o->rules, w("serve.rules"))->required();
    sub->add_option("--listen", o->listen, w("serve.listen"));
    sub->add_option("--port", o->port, w("serve.port"));
    sub->add_option("--tokens", o->tokens, w("serve.tokens"));
    sub->add_option("--access-log", o->access_log, w("serve.access_log"));
    sub->add_option("--lang", o->lang, w("serve.lang"))->check(language_word);
    sub->add_option("--threads", o->threads, w("serve.threads"));
    sub->add_option("--max-body", o->max_body, w("serve.max_body"))->check(positive_number);
    sub->add_option("--max-header", o->max_header, w("serve.max_header"))->check(positive_number);
    sub->add_option("--max-connections", o->max_connections, w("serve.max_connections"))->check(positive_number);
    sub->add_option("--header-timeout", o->header_timeout, w("serve.header_timeout"))->check(positive_number);
    sub->add_option("--body-timeout", o->body_timeout, w("serve.body_timeout"))->check(positive_number);
    sub->add_option("--request-timeout", o->request_timeout, w("serve.request_timeout"))->check(positive_number);
    sub->add_option("--shutdown-grace", o->shutdown_grace, w("serve.shutdown_grace"))->check(non_negative_number);
    sub->add_option("--max-steps", o->max_steps, w("check.max_steps"))->check(positive_number);
    sub->callback([o, &rc] { rc = libaudit_serve::run_serve(*o); });
}


int main(int argc, char** argv) {
    const Words w{language_of_args(argc, argv)};
    CLI::App app{w("app"), "libaudit"};
    translate_help(app, w);
    app.require_subcommand(1);

    // The options of every subcommand live here, for as long as the parse and its callbacks.
    int rc = 0;
    CheckOptions co;
    LintOptions lo;
    TestOptions to;
    BatchOptions bo;
    libaudit_cli::GenerateOptions go;
    ExplainOptions eo;
    CalendarOptions ko;
    std::string schema_name;
    add_check(app, co, rc, w);
    add_lint(app, lo, rc, w);
    add_test(app, to, rc, w);
    add_batch(app, bo, rc, w);
    add_generate(app, go, rc, w);
    add_explain(app, eo, rc, w);
    add_new_year(app, rc, w);
    add_diff(app, rc, w);
    add_calendar(app, ko, rc, w);
    add_schema(app, schema_name, rc, w);
    add_serve(app, rc, w);

    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {  // --help, --version
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        if (e.get_name() == "RuntimeError") return exit_invalid;  // as CLI11 does: nothing to say
        if (const auto command = unknown_command(app, argc, argv)) {
            std::string commands;
            for (const CLI::App* sub : app.get_subcommands({}))
                commands = commands.empty() ? sub->get_name()
                                            : libaudit::message_text(w.language, "outline.list",
                                                                     {{"a", commands}, {"b", sub->get_name()}});
            std::cerr << libaudit::message_text(w.language, "cli.usage.unknown_command",
                                                {{"command", *command}, {"commands", commands}})
                      << "\n";
        } else {
            std::cerr << usage_text(e, w.language);
        }
        std::cerr << did_you_mean(app, argc, argv, w.language);
        return exit_invalid;
    } catch (const std::bad_alloc&) {  // input beyond what the machine holds: said, never an abort
        std::cerr << libaudit::message_text(w.language, "cli.out_of_memory") << "\n";
        return exit_io;
    }
    return output_written(rc, w.language);
}
