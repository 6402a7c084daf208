// libaudit command-line tool: parses options, calls the library, renders, maps to exit codes.
#include <libaudit/libaudit.hpp>

#include "generate.hpp"
#include "base/json_writer.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <unistd.h>
#include <iostream>

namespace {

// Exit codes (documented in README); CLI11 uses 100+ for its own parse errors.
constexpr int exit_invalid = 2;
constexpr int exit_io = 3;

// --lang: the word given, else LIBAUDIT_LANG, else zh-TW.
libaudit::Language language_of(const std::string& word) {
    if (const auto l = libaudit::parse_language(word)) return *l;
    return libaudit::default_language();
}

const CLI::Validator language_word(
    [](const std::string& word) {
        return libaudit::parse_language(word) ? std::string() : "unknown language '" + word + "': zh-TW or en";
    },
    "zh-TW|en");

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
    std::string encoding = "utf-8";
    bool unmask = false;
    long max_steps = 0;
};

// "message" stays the English text (for programs); "text" is the message in the chosen language and
// "params" the message's data (docs/result-schema.md).
void write_diagnostics(libaudit::detail::JsonWriter& w, const std::vector<libaudit::Diagnostic>& diags,
                       libaudit::Language language) {
    using libaudit::Severity;
    w.key("diagnostics");
    w.begin_array();
    for (const auto& d : diags) {
        w.begin_object();
        w.key("code"), w.string(d.code);
        w.key("severity"), w.string(d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "note");
        w.key("message"), w.string(d.message);
        w.key("text"), w.string(libaudit::diagnostic_text(d, language));
        w.key("params");
        w.begin_object();
        for (const auto& p : d.params) w.key(p.name), w.string(p.value);
        w.end_object();
        w.key("file"), w.string(d.where.file);
        w.key("line"), w.number(d.where.line);
        w.key("column"), w.number(d.where.column);
        w.key("field"), w.string(d.where.field);
        w.end_object();
    }
    w.end_array();
}

void print_invalid(const std::vector<libaudit::Diagnostic>& diags, const CheckOptions& o) {
    const libaudit::Language language = language_of(o.lang);
    for (const auto& d : diags) std::cerr << libaudit::format_diagnostic(d, language) << "\n";
    if (o.format != "json") return;
    libaudit::detail::JsonWriter w;
    w.begin_object();
    w.key("schema"), w.string(libaudit::result_schema_id);
    w.key("status"), w.string("invalid");
    w.key("engine_version"), w.string(libaudit::engine_version);
    write_diagnostics(w, diags, language);
    w.end_object();
    std::cout << w.str() << "\n";
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

int usage_error(const CheckOptions& o, const std::string& msg) {
    libaudit::Diagnostic d;
    d.code = "U001";
    d.message = msg;
    print_invalid({d}, o);
    return exit_invalid;
}

void print_result(const libaudit::AuditResult& result, const CheckOptions& o) {
    using namespace libaudit;
    RenderOptions rop;
    rop.language = language_of(o.lang);
    rop.unmask_ids = o.unmask;
    std::cout << (o.format == "json" ? render_json(result, rop) : render_text(result, rop));
    std::cout.flush();
}

libaudit::ReadOptions read_options(const CheckOptions& o) {
    libaudit::ReadOptions ro;
    ro.encoding = o.encoding == "big5" ? libaudit::Encoding::big5 : libaudit::Encoding::utf8;
    return ro;
}

int run_check(const CheckOptions& o) {
    using namespace libaudit;
    return guarded(o, [&]() -> int {
        AuditResult result;
        if (!o.data.empty()) {
            if (!o.records.empty())
                return usage_error(o, "--records (a transcript) and --data (a checks rule set's tables) do not go together");
            const std::vector<RuleSet> rulesets = load_rulesets(o.rules);
            choose_checks_ruleset(rulesets, o.rules);  // before --as-of, as always
            libaudit::CheckOptions co;
            if (auto problem = parse_check_as_of(o.as_of, co)) return usage_error(o, *problem);
            result = check_data(rulesets, o.rules, o.data, o.id, co, read_options(o));
        } else {
            if (o.records.empty()) return usage_error(o, "--records is required (or --data for a checks rule set)");
            CheckRequest request;
            if (auto problem = parse_audit_as_of(o.as_of, request.options)) return usage_error(o, *problem);
            request.options.selected = o.select;
            request.options.max_steps = o.max_steps;
            request.rules = o.rules;
            request.records = o.records;
            request.profiles = o.student;
            request.id = o.id;
            request.read = read_options(o);
            request.unmask_ids = o.unmask;
            result = check_records(request);
        }
        print_result(result, o);
        return exit_code(result.status);
    });
}

struct LintOptions {
    std::vector<std::string> paths;
    std::string lang;  // empty: LIBAUDIT_LANG, else zh-TW (for now only unreadable files; lint diagnostics are English)
    std::string format = "text";
    bool strict = false;
};

std::string plural(int n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

int run_lint(const LintOptions& o) {
    using namespace libaudit;
    LintReport report;
    try {
        report = lint_paths(o.paths);
    } catch (const IoError& e) {
        std::cerr << "libaudit: " << error_text(e, language_of(o.lang)) << "\n";
        return exit_io;
    }
    const int errors = report.errors(), warnings = report.warnings();
    if (o.format == "json") {
        detail::JsonWriter w;
        w.begin_object();
        w.key("files"), w.number(report.files);
        w.key("errors"), w.number(errors);
        w.key("warnings"), w.number(warnings);
        write_diagnostics(w, report.diagnostics, Language::en);  // rule-file diagnostics: English for now
        w.end_object();
        std::cout << w.str() << "\n";
    } else {
        for (const auto& d : report.diagnostics) std::cout << format_diagnostic(d) << "\n";
        std::cout << plural(report.files, "file") << ": " << plural(errors, "error") << ", "
                  << plural(warnings, "warning") << "\n";
    }
    return errors > 0 || (o.strict && warnings > 0) ? exit_invalid : 0;
}

struct BatchOptions {
    CheckOptions input;
    unsigned jobs = 0;
    std::string out;
    std::string format = "jsonl";
    bool bom = false;
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
    w.begin_object();
    w.key("schema"), w.string(result_schema_id);
    w.key("status"), w.string("invalid");
    w.key("engine_version"), w.string(engine_version);
    w.key("subject");
    w.begin_object();
    w.key("id"), w.string(rop.unmask_ids ? item.subject_id : mask_if_national_id(item.subject_id));
    w.end_object();
    if (!item.problems.empty()) {
        write_diagnostics(w, item.problems, language);
    } else {
        Diagnostic d;
        d.code = "U001";
        d.message = rules + ": " + item.error;
        if (!item.error_params.empty()) {
            d.message_code = "diag.no_ruleset";
            d.params = item.error_params;
            d.params.insert(d.params.begin(), {"rules", rules});
        }
        write_diagnostics(w, {d}, language);
    }
    w.end_object();
    return w.str() + "\n";
}

// Where the results go: the --out file (opened into `file`), or standard output.
std::ostream& open_output(const std::string& path, std::ofstream& file) {
    if (path.empty()) return std::cout;
    file.open(path, std::ios::binary);
    if (!file) throw libaudit::IoError("cannot write " + path);
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
        std::cerr << message_text(language, "cli.batch.not_audited", {{"subjects", subjects(static_cast<std::size_t>(count))}, {"why", why}})
                  << "\n";
    if (progress.tty())
        std::cerr << message_text(language, "cli.batch.summary.timed",
                                  {{"subjects", subjects(n)}, {"seconds", fmt::format("{:.2f}", secs)}, {"counts", summary}});
    else
        std::cerr << message_text(language, "cli.batch.summary", {{"subjects", subjects(n)}, {"counts", summary}});
    std::cerr << "\n";
    return tally.invalid > 0 ? exit_invalid : 0;
}

int run_batch(const BatchOptions& b) {
    using namespace libaudit;
    const CheckOptions& o = b.input;
    return guarded(o, [&]() -> int {
        const ReadOptions ro = read_options(o);
        AuditOptions ao;
        if (auto problem = parse_audit_as_of(o.as_of, ao)) return usage_error(o, *problem);
        ao.selected = o.select;
        ao.max_steps = o.max_steps;
        const std::vector<RuleSet> rulesets = load_rulesets(o.rules);
        SubjectReader reader(o.records, SubjectReader::ProfilesFile(o.student), ro);
        if (!reader.streaming())
            std::cerr << "libaudit: note: reading " << o.records << " into memory: " << reader.why_not_streaming() << "\n";

        std::ofstream file;
        std::ostream& out = open_output(b.out, file);
        RenderOptions rop;
        rop.unmask_ids = o.unmask;
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
        so.render = [&](const BatchItem& item) {
            if (b.format == "csv") return csv_line(summary_csv_row(item, hours, o.unmask, language));
            return jsonl_line(item, o.rules, rop, language);
        };
        const auto write = [&](const BatchItem& item, const std::string& rendered) {
            out << rendered;
            for (const auto& d : item.problems) std::cerr << format_diagnostic(d, language) << "\n";
            tally.add(item);
            progress.tick();
        };
        const auto next = [&](Subject& s, std::vector<Diagnostic>& problems) { return reader.next(s, problems); };
        const std::size_t n = audit_stream(rulesets, next, write, ao, so);
        if (progress.tty() && n > 0) std::cerr << "\n";
        out.flush();
        if (!out) throw IoError("cannot write " + (b.out.empty() ? std::string("standard output") : b.out));
        return report_batch(n, tally, hours, progress, language);
    });
}

// Runs rule-pack tests: each case "ok" or "FAILED" with what differed, then "N passed, M failed"
// (in the user's language: messages/*/lint_tests.txt).
int run_tests(const std::vector<std::string>& paths, const std::string& lang) {
    using namespace libaudit;
    const Language language = language_of(lang);
    try {
        const RuleTestReport report = run_rule_tests(paths);
        for (const auto& r : report.results) {
            std::cout << message_text(language, r.passed ? "test.case.ok" : "test.case.failed",
                                      {{"file", r.file}, {"line", std::to_string(r.line)}, {"name", r.name}})
                      << "\n";
            for (const auto& d : r.difference_messages) std::cout << "    " << difference_text(d, language) << "\n";
        }
        std::cout << message_text(language, "test.summary",
                                  {{"passed", std::to_string(report.passed())}, {"failed", std::to_string(report.failed())}})
                  << "\n";
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
};

int run_explain(const ExplainOptions& o) {
    try {
        std::cout << libaudit::explain(libaudit::load_ruleset(o.rules),
                                       language_of(o.lang));
    } catch (const libaudit::RuleError& e) {
        for (const auto& d : e.diagnostics()) std::cerr << libaudit::format_diagnostic(d) << "\n";
        return exit_invalid;
    } catch (const libaudit::IoError& e) {
        std::cerr << "libaudit: " << libaudit::error_text(e, language_of(o.lang)) << "\n";
        return exit_io;
    }
    return 0;
}

// Each add_* declares a subcommand's options into `o` and runs it, its exit code into `rc`.

void add_check(CLI::App& app, CheckOptions& co, int& rc) {
    CLI::App* check = app.add_subcommand("check", "Audit one student's records against a rule set");
    check->add_option("rules", co.rules, "Rule file, or a folder: the rule set for the student's programme and entry year is chosen")
        ->required();
    check->add_option("--records,-r", co.records, "Transcript: CSV (English or Chinese headers) or JSON");
    check->add_option("--data,-d", co.data,
                      "Tables for a checks rule set (settings, windows, accounts ...): a JSON file with a key per table, "
                      "a CSV or XML file named after its table (an attendee list), or TABLE=FILE; repeat for several");
    check->add_option("--student,-s", co.student, "Student profile: CSV or JSON (英文姓名, 電子信箱, 手機, 入學學年度 ...)");
    check->add_option("--id", co.id, "The student to audit when the files hold several");
    check->add_option("--as-of", co.as_of,
                      "The term of the audit, e.g. 1141 or 114-1 (default: the latest term on the transcript); "
                      "hours rule sets: a date, e.g. 2026-07-31 or 115/07/31 (default: the latest session date)");
    check->add_option("--select", co.select, "Course codes or offering numbers ticked as flexible credits (彈性學分)");
    check->add_option("--format,-f", co.format, "Output format")->check(CLI::IsMember({"text", "json"}));
    check->add_option("--lang", co.lang, "Report language: zh-TW (default) or en; also LIBAUDIT_LANG")->check(language_word);
    check->add_option("--encoding", co.encoding, "Encoding of CSV input")->check(CLI::IsMember({"utf-8", "big5"}));
    check->add_flag("--unmask-ids", co.unmask, "Show national IDs in full (masked by default)");
    check->add_option("--max-steps", co.max_steps, "Allocation search budget (overrides the rule set's)")
        ->check(CLI::PositiveNumber);
    check->callback([&] { rc = run_check(co); });
}

void add_lint(CLI::App& app, LintOptions& lo, int& rc) {
    CLI::App* lint = app.add_subcommand("lint", "Check rule files for every problem at once (exit 0 clean, 2 errors)");
    lint->add_option("rules", lo.paths, "Rule files or folders (searched for *.yaml, rule tests left out)")->required();
    lint->add_option("--format,-f", lo.format, "Output format")->check(CLI::IsMember({"text", "json"}));
    lint->add_flag("--strict", lo.strict, "Warnings fail too (exit 2)");
    lint->add_option("--lang", lo.lang, "Language of error messages: zh-TW (default) or en; also LIBAUDIT_LANG (rule-file diagnostics are English for now)")
        ->check(language_word);
    lint->callback([&] { rc = run_lint(lo); });
}

void add_test(CLI::App& app, std::vector<std::string>& test_paths, std::string& test_lang, int& rc) {
    CLI::App* test = app.add_subcommand("test", "Run rule-pack tests (*.test.yaml): exit 0 all passed, 1 failures, 2 invalid");
    test->add_option("paths", test_paths, "Test files or folders searched for *.test.yaml")->required();
    test->add_option("--lang", test_lang, "Language of error messages: zh-TW (default) or en; also LIBAUDIT_LANG (rule-file diagnostics are English for now)")
        ->check(language_word);
    test->callback([&] { rc = run_tests(test_paths, test_lang); });
}

void add_batch(CLI::App& app, BatchOptions& bo, int& rc) {
    CLI::App* batch = app.add_subcommand(
        "batch", "Audit every student in the files, in parallel; JSON Lines or a CSV summary in input order");
    batch->add_option("rules", bo.input.rules, "Rule file, or a folder: each student's rule set is chosen by programme and entry year")
        ->required();
    batch->add_option("--records,-r", bo.input.records, "Transcripts of many students: CSV or JSON")->required();
    batch->add_option("--profiles,-p", bo.input.student, "Student profiles: CSV or JSON, one row per student");
    batch->add_option("--jobs,-j", bo.jobs, "Worker threads (default: one per core)");
    batch->add_option("--out,-o", bo.out, "Write the results to this file instead of standard output");
    batch->add_option("--format,-f", bo.format, "jsonl: one result (docs/result-schema.md) per line; csv: one summary row per student")
        ->check(CLI::IsMember({"jsonl", "csv"}));
    batch->add_option("--as-of", bo.input.as_of, "The term of the audit, e.g. 1141 or 114-1; hours rule sets: a date, e.g. 2026-07-31");
    batch->add_option("--encoding", bo.input.encoding, "Encoding of CSV input")->check(CLI::IsMember({"utf-8", "big5"}));
    batch->add_flag("--unmask-ids", bo.input.unmask, "Show national IDs in full (masked by default)");
    batch->add_option("--lang", bo.input.lang, "Language of the CSV summary's headers and status words: zh-TW (default) or en; also LIBAUDIT_LANG")
        ->check(language_word);
    batch->add_flag("--bom", bo.bom, "Start the CSV with a UTF-8 byte-order mark, so that Excel shows the Chinese");
    batch->add_option("--max-steps", bo.input.max_steps, "Allocation search budget per student")->check(CLI::PositiveNumber);
    batch->callback([&] {
        bo.input.format = bo.format == "jsonl" ? "json" : "text";  // invalid input: a JSON document too, in JSONL mode
        rc = run_batch(bo);
    });
}

void add_generate(CLI::App& app, libaudit_cli::GenerateOptions& go, int& rc) {
    CLI::App* generate = app.add_subcommand(
        "generate", "Write a synthetic cohort (records CSV + profiles CSV), the same for the same seed");
    generate->add_option("rules", go.rules, "Rule file or folder whose frameworks the students follow (--kind students)");
    generate->add_option("--kind", go.kind,
                         "students: transcripts against the frameworks; hard: allocation-hard instances; "
                         "teachers: in-service sessions and staff profiles (rules/tw-inservice)")
        ->check(CLI::IsMember({"students", "hard", "teachers"}));
    generate->add_option("--seed", go.seed, "Random seed");
    generate->add_option("--students,--teachers,-n", go.count, "Number of students (teachers)")->check(CLI::NonNegativeNumber);
    generate->add_option("--records-per-student,--sessions-per-teacher", go.records,
                         "Transcript rows per student (default 60), or sessions per teacher (default 50)")
        ->check(CLI::NonNegativeNumber);
    generate->add_option("--requirements", go.requirements, "Requirements (hard)")->check(CLI::PositiveNumber);
    generate->add_option("--courses", go.courses, "Courses (hard)")->check(CLI::PositiveNumber);
    generate->add_option("--records,-r", go.records_out, "Records CSV to write ('-': standard output)");
    generate->add_option("--profiles,-p", go.profiles_out, "Profiles CSV to write ('-': standard output)");
    generate->add_option("--rules-out", go.rules_out, "Rule file to write (hard)");
    generate->callback([&] {
        CheckOptions none;
        rc = guarded(none, [&] { return libaudit_cli::run_generate(go); });
    });
}

void add_explain(CLI::App& app, ExplainOptions& eo, int& rc) {
    CLI::App* explain = app.add_subcommand("explain", "Print a rule set as a readable outline, to check against the official document");
    explain->add_option("rules", eo.rules, "Rule file")->required();
    explain->add_option("--lang", eo.lang, "Language: zh-TW (default) or en; also LIBAUDIT_LANG")->check(language_word);
    explain->callback([&] { rc = run_explain(eo); });
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"libaudit: audit records (transcripts, training hours, settings) against YAML rule sets.\n"
                 "Exit codes: 0 met, 1 not met, 2 invalid rules or input, 3 I/O error,\n"
                 "            4 met pending in-progress courses, 5 needs manual review,\n"
                 "            6 not applicable (an hours rule set not for the teacher's role).",
                 "libaudit"};
    app.set_version_flag("--version", std::string("libaudit ") + libaudit::engine_version);
    app.require_subcommand(1);

    // The options of every subcommand live here, for as long as the parse and its callbacks.
    int rc = 0;
    CheckOptions co;
    LintOptions lo;
    std::vector<std::string> test_paths;
    std::string test_lang;
    BatchOptions bo;
    libaudit_cli::GenerateOptions go;
    ExplainOptions eo;
    add_check(app, co, rc);
    add_lint(app, lo, rc);
    add_test(app, test_paths, test_lang, rc);
    add_batch(app, bo, rc);
    add_generate(app, go, rc);
    add_explain(app, eo, rc);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return rc;
}
