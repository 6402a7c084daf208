// Records files (transcripts, training sessions; the profiles a JSON file may carry) as `libaudit
// check --records` reads them, and profile files (`--student`). Built several times:
// FUZZ_NAME is the file name the input is read as (its extension picks CSV or JSON), FUZZ_BIG5
// reads it as Big5 (--encoding big5), FUZZ_PROFILES reads a profile file instead of records.
// Contracts: only InputError leaves the reader for bad input, with coded, located diagnostics that
// the catalogues can word; records read are grouped by subject.
#include "fuzz_contract.hpp"

#include <libaudit/records.hpp>

#include <cstddef>
#include <cstdint>

#ifndef FUZZ_NAME
#error "FUZZ_NAME: the file name the input is read as"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    libaudit::ReadOptions options;
    if (FUZZ_BIG5)
        options.encoding = libaudit::Encoding::big5;
    const std::string content = fuzz::text(data, size);
    try {
        if (FUZZ_PROFILES) {
            (void)libaudit::parse_profiles(content, FUZZ_NAME, options);
        } else {
            libaudit::RecordFile file = libaudit::parse_record_file(content, FUZZ_NAME, options);
            const std::size_t rows = file.records.size();
            const auto subjects = libaudit::group_subjects(std::move(file.records), file.profiles);
            std::size_t grouped = 0;
            for (const auto& s : subjects)
                grouped += s.records.size();
            fuzz::check(grouped == rows, "grouping by subject lost or added records");
        }
    } catch (const libaudit::InputError& e) {
        fuzz::check_rejection(e.diagnostics());
        for (const auto& d : e.diagnostics()) {
            (void)libaudit::format_diagnostic(d, libaudit::Language::zh_TW);
            (void)libaudit::format_diagnostic(d, libaudit::Language::en);
        }
    }
    return 0;
}
