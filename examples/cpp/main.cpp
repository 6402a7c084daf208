// Audit students with libaudit from C++: load the rules once, audit each student, print the report.
// Usage: audit_one RULES TRANSCRIPT [PROFILE]
#include <libaudit/libaudit.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: audit_one RULES TRANSCRIPT [PROFILE]\n";
        return 2;
    }
    try {
        const libaudit::RuleSet rules = libaudit::load_ruleset(argv[1]);
        const std::vector<libaudit::Profile> profiles =
            argc > 3 ? libaudit::read_profiles(argv[3]) : std::vector<libaudit::Profile>{};
        int worst = 0;
        for (const auto& subject : libaudit::group_subjects(libaudit::read_records(argv[2]), profiles)) {
            const libaudit::AuditResult result = libaudit::audit(rules, subject);
            std::cout << libaudit::render_text(result);
            worst = std::max(worst, libaudit::exit_code(result.status));
        }
        return worst;
    } catch (const libaudit::Error& e) {  // RuleError or InputError: every problem, located
        for (const auto& d : e.diagnostics()) std::cerr << libaudit::format_diagnostic(d) << "\n";
        return 2;
    } catch (const libaudit::IoError& e) {
        std::cerr << e.what() << "\n";
        return 3;
    }
}
