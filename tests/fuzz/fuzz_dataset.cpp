// Inputs of `kind: checks` rule sets (`libaudit check RULES --data [TABLE=]FILE`) read against a
// bundled rule pack, then audited. Built several times: FUZZ_NAME is the file name the input is
// read as (.csv, .json, .xml), FUZZ_CHOICES the rule packs and tables it may be read for
// ("pack:table" separated by ',', relative to rules/; an empty table: the reader picks it as the
// CLI does for a plain FILE). With several choices the input's first byte picks one.
// Contracts: bad input is an InputError with coded, located diagnostics; input read is audited
// without an exception.
#include "fuzz_contract.hpp"

#include <libaudit/dataset.hpp>
#include <libaudit/ruleset.hpp>

#include <cstddef>
#include <cstdint>
#include <sstream>

#ifndef FUZZ_NAME
#error "FUZZ_NAME: the file name the input is read as"
#endif

namespace {

struct Choice {
    libaudit::RuleSet rules;
    std::string table;
};

std::vector<Choice>& choices() {
    static std::vector<Choice> all;
    return all;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    std::stringstream list(FUZZ_CHOICES);
    std::string item;
    while (std::getline(list, item, ',')) {
        const auto colon = item.find(':');
        choices().push_back({libaudit::load_ruleset(std::string(LIBAUDIT_SOURCE_DIR "/rules/") + item.substr(0, colon)),
                             item.substr(colon + 1)});
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::size_t pick = 0;
    if (choices().size() > 1) {
        if (size == 0)
            return 0;
        pick = data[0] % choices().size();
        ++data;
        --size;
    }
    const Choice& choice = choices()[pick];
    libaudit::Dataset dataset;
    try {
        libaudit::parse_dataset_input(choice.rules, fuzz::text(data, size), FUZZ_NAME, choice.table, dataset);
    } catch (const libaudit::InputError& e) {
        fuzz::check_rejection(e.diagnostics());
        for (const auto& d : e.diagnostics()) {
            (void)libaudit::format_diagnostic(d, libaudit::Language::zh_TW);
            (void)libaudit::format_diagnostic(d, libaudit::Language::en);
        }
        return 0;
    }
    libaudit::CheckOptions options;
    options.as_of = libaudit::parse_datetime("2026-03-25 10:00");
    (void)libaudit::audit_dataset(choice.rules, dataset, options);
    return 0;
}
