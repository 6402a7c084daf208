// `libaudit generate`: deterministic synthetic cohorts (docs/performance.md).
#pragma once
#include <cstdint>
#include <string>

namespace libaudit_cli {

struct GenerateOptions {
    std::string kind = "students";  // students | hard | teachers
    std::string rules = "rules";    // students: the frameworks to generate transcripts for
    std::uint64_t seed = 1;
    std::int64_t count = 1000;      // students or teachers
    int records = -1;               // per student (students: default 60) or teacher (teachers: default 50)
    int requirements = 20;          // hard
    int courses = 60;               // hard
    std::string records_out = "records.csv";
    std::string profiles_out = "profiles.csv";
    std::string rules_out;          // hard: the generated rule file
};

// Writes the files; throws libaudit::IoError / RuleError.
int run_generate(const GenerateOptions& o);

}  // namespace libaudit_cli
