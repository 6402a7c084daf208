// libaudit command-line tool: parses options, calls the library, renders, maps to exit codes.
#include <libaudit/libaudit.hpp>

#include "json_writer.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdio>
#include <iostream>

namespace {

// Exit codes (documented in README and docs/cli.md); CLI11 uses 100+ for its own parse errors.
constexpr int exit_invalid = 2;
constexpr int exit_io = 3;

struct CheckOptions {
    std::string rules;
    std::string records;
    std::string student;
    std::string id;
    std::string as_of;
    std::vector<std::string> select;
    std::string format = "text";
    std::string lang = "zh-TW";
    std::string encoding = "utf-8";
    bool unmask = false;
    long max_steps = 0;
};

void write_diagnostics(libaudit::detail::JsonWriter& w, const std::vector<libaudit::Diagnostic>& diags) {
    using libaudit::Severity;
    w.key("diagnostics");
    w.begin_array();
    for (const auto& d : diags) {
        w.begin_object();
        w.key("code"), w.string(d.code);
        w.key("severity"), w.string(d.severity == Severity::error ? "error" : d.severity == Severity::warning ? "warning" : "note");
        w.key("message"), w.string(d.message);
        w.key("file"), w.string(d.where.file);
        w.key("line"), w.number(d.where.line);
        w.key("column"), w.number(d.where.column);
        w.key("field"), w.string(d.where.field);
        w.end_object();
    }
    w.end_array();
}

void print_invalid(const std::vector<libaudit::Diagnostic>& diags, const CheckOptions& o) {
    for (const auto& d : diags) std::cerr << libaudit::format_diagnostic(d) << "\n";
    if (o.format != "json") return;
    libaudit::detail::JsonWriter w;
    w.begin_object();
    w.key("schema"), w.string(libaudit::result_schema_id);
    w.key("status"), w.string("invalid");
    w.key("engine_version"), w.string(libaudit::engine_version);
    write_diagnostics(w, diags);
    w.end_object();
    std::cout << w.str() << "\n";
}

int run_check(const CheckOptions& o) {
    using namespace libaudit;
    std::vector<Diagnostic> usage;
    auto usage_error = [&](const std::string& msg) {
        Diagnostic d;
        d.code = "U001";
        d.message = msg;
        print_invalid({d}, o);
        return exit_invalid;
    };
    try {
        ReadOptions ro;
        ro.encoding = o.encoding == "big5" ? Encoding::big5 : Encoding::utf8;
        AuditOptions ao;
        if (!o.as_of.empty()) {
            ao.as_of = parse_term(o.as_of);
            if (!ao.as_of) return usage_error("--as-of: expected a term like 1141 or 114-1, got '" + o.as_of + "'");
        }
        ao.selected = o.select;
        ao.max_steps = o.max_steps;

        const std::vector<RuleSet> rulesets = load_rulesets(o.rules);
        RecordFile input = read_record_file(o.records, ro);
        // A separate --student file wins over a profile embedded in a JSON transcript.
        std::vector<Profile> profiles = o.student.empty() ? std::move(input.profiles) : read_profiles(o.student, ro);
        std::vector<Subject> subjects = group_subjects(std::move(input.records), profiles);
        if (!o.id.empty()) {
            std::vector<Subject> keep;
            for (auto& s : subjects)
                if (s.profile.subject_id == o.id) keep.push_back(std::move(s));
            if (keep.empty()) return usage_error("--id " + o.id + ": no records for this student in " + o.records);
            subjects = std::move(keep);
        }
        if (subjects.empty()) return usage_error(o.records + " holds no records");
        if (subjects.size() > 1) {
            std::string ids;
            for (std::size_t i = 0; i < subjects.size() && i < 5; ++i) ids += " " + subjects[i].profile.subject_id;
            return usage_error(fmt::format("{} holds records of {} students ({}{}); choose one with --id", o.records,
                                           subjects.size(), ids.substr(1), subjects.size() > 5 ? " ..." : ""));
        }
        const Subject& subject = subjects.front();
        std::string why;
        std::optional<RuleSet> rules = choose_ruleset(rulesets, subject.profile, &why);
        if (!rules) return usage_error(o.rules + ": " + why);

        const AuditResult result = audit(*rules, subject, ao);
        RenderOptions rop;
        rop.language = o.lang == "en" ? Language::en : Language::zh_TW;
        rop.unmask_ids = o.unmask;
        std::cout << (o.format == "json" ? render_json(result, rop) : render_text(result, rop));
        std::cout.flush();
        return exit_code(result.status);
    } catch (const RuleError& e) {
        print_invalid(e.diagnostics(), o);
        return exit_invalid;
    } catch (const InputError& e) {
        print_invalid(e.diagnostics(), o);
        return exit_invalid;
    } catch (const IoError& e) {
        std::cerr << "libaudit: " << e.what() << "\n";
        return exit_io;
    }
}

struct LintOptions {
    std::vector<std::string> paths;
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
        std::cerr << "libaudit: " << e.what() << "\n";
        return exit_io;
    }
    const int errors = report.errors(), warnings = report.warnings();
    if (o.format == "json") {
        detail::JsonWriter w;
        w.begin_object();
        w.key("files"), w.number(report.files);
        w.key("errors"), w.number(errors);
        w.key("warnings"), w.number(warnings);
        write_diagnostics(w, report.diagnostics);
        w.end_object();
        std::cout << w.str() << "\n";
    } else {
        for (const auto& d : report.diagnostics) std::cout << format_diagnostic(d) << "\n";
        std::cout << plural(report.files, "file") << ": " << plural(errors, "error") << ", "
                  << plural(warnings, "warning") << "\n";
    }
    return errors > 0 || (o.strict && warnings > 0) ? exit_invalid : 0;
}

// Runs rule-pack tests: each case "ok" or "FAILED" with what differed, then "N passed, M failed".
int run_tests(const std::vector<std::string>& paths) {
    using namespace libaudit;
    try {
        const RuleTestReport report = run_rule_tests(paths);
        for (const auto& r : report.results) {
            std::cout << r.file << ":" << r.line << ": " << r.name << " ... " << (r.passed ? "ok" : "FAILED") << "\n";
            for (const auto& d : r.differences) std::cout << "    " << d << "\n";
        }
        std::cout << report.passed() << " passed, " << report.failed() << " failed\n";
        return report.failed() > 0 ? 1 : 0;
    } catch (const RuleError& e) {
        for (const auto& d : e.diagnostics()) std::cerr << format_diagnostic(d) << "\n";
        return exit_invalid;
    } catch (const IoError& e) {
        std::cerr << "libaudit: " << e.what() << "\n";
        return exit_io;
    }
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"libaudit: audit records (transcripts, training hours, settings) against YAML rule sets.\n"
                 "Exit codes: 0 met, 1 not met, 2 invalid rules or input, 3 I/O error,\n"
                 "            4 met pending in-progress courses, 5 needs manual review.",
                 "libaudit"};
    app.set_version_flag("--version", std::string("libaudit ") + libaudit::engine_version);
    app.require_subcommand(1);

    CheckOptions co;
    CLI::App* check = app.add_subcommand("check", "Audit one student's records against a rule set");
    check->add_option("rules", co.rules, "Rule file, or a folder: the rule set for the student's programme and entry year is chosen")
        ->required();
    check->add_option("--records,-r", co.records, "Transcript: CSV (English or Chinese headers) or JSON")->required();
    check->add_option("--student,-s", co.student, "Student profile: CSV or JSON (英文姓名, 電子信箱, 手機, 入學學年度 ...)");
    check->add_option("--id", co.id, "The student to audit when the files hold several");
    check->add_option("--as-of", co.as_of, "The term of the audit, e.g. 1141 or 114-1 (default: the latest term on the transcript)");
    check->add_option("--select", co.select, "Course codes or offering numbers ticked as flexible credits (彈性學分)");
    check->add_option("--format,-f", co.format, "Output format")->check(CLI::IsMember({"text", "json"}));
    check->add_option("--lang", co.lang, "Report language")->check(CLI::IsMember({"zh-TW", "en"}));
    check->add_option("--encoding", co.encoding, "Encoding of CSV input")->check(CLI::IsMember({"utf-8", "big5"}));
    check->add_flag("--unmask-ids", co.unmask, "Show national IDs in full (masked by default)");
    check->add_option("--max-steps", co.max_steps, "Allocation search budget (overrides the rule set's)")
        ->check(CLI::PositiveNumber);
    int rc = 0;
    check->callback([&] { rc = run_check(co); });

    LintOptions lo;
    CLI::App* lint = app.add_subcommand("lint", "Check rule files for every problem at once (exit 0 clean, 2 errors)");
    lint->add_option("rules", lo.paths, "Rule files or folders (searched for *.yaml, rule tests left out)")->required();
    lint->add_option("--format,-f", lo.format, "Output format")->check(CLI::IsMember({"text", "json"}));
    lint->add_flag("--strict", lo.strict, "Warnings fail too (exit 2)");
    lint->callback([&] { rc = run_lint(lo); });

    std::vector<std::string> test_paths;
    CLI::App* test = app.add_subcommand("test", "Run rule-pack tests (*.test.yaml): exit 0 all passed, 1 failures, 2 invalid");
    test->add_option("paths", test_paths, "Test files or folders searched for *.test.yaml")->required();
    test->callback([&] { rc = run_tests(test_paths); });

    std::string explain_rules, explain_lang = "zh-TW";
    CLI::App* explain = app.add_subcommand("explain", "Print a rule set as a readable outline, to check against the official document");
    explain->add_option("rules", explain_rules, "Rule file")->required();
    explain->add_option("--lang", explain_lang, "Language")->check(CLI::IsMember({"zh-TW", "en"}));
    explain->callback([&] {
        try {
            std::cout << libaudit::explain(libaudit::load_ruleset(explain_rules),
                                           explain_lang == "en" ? libaudit::Language::en : libaudit::Language::zh_TW);
        } catch (const libaudit::RuleError& e) {
            for (const auto& d : e.diagnostics()) std::cerr << libaudit::format_diagnostic(d) << "\n";
            rc = exit_invalid;
        } catch (const libaudit::IoError& e) {
            std::cerr << "libaudit: " << e.what() << "\n";
            rc = exit_io;
        }
    });

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    return rc;
}
