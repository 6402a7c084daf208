// The streaming reader of `libaudit batch` (SubjectReader over text: grouped UTF-8 CSV is read a
// chunk at a time, anything else whole). Contracts: a bad header is an InputError with coded,
// located diagnostics; a bad row makes its subject carry coded, located problems; every subject
// counted is returned exactly once.
#include "fuzz_contract.hpp"

#include <libaudit/records.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const bool json = size > 0 && (data[0] == '{' || data[0] == '[');
    try {
        libaudit::SubjectReader reader(libaudit::TextInput{fuzz::text(data, size), json ? "fuzz.json" : "fuzz.csv"}, {});
        libaudit::Subject subject;
        std::vector<libaudit::Diagnostic> problems;
        std::size_t seen = 0;
        while (reader.next(subject, problems)) {
            ++seen;
            if (!problems.empty())
                fuzz::check_rejection(problems);
        }
        fuzz::check(seen == reader.subjects(), "SubjectReader returned another number of subjects than it counted");
        (void)reader.why_not_streaming(libaudit::Language::zh_TW);
    } catch (const libaudit::InputError& e) {
        fuzz::check_rejection(e.diagnostics());
    }
    return 0;
}
