// Field validators and masking (national ID, resident certificate, e-mail, mobile, passport
// name, passwords, file names, sizes, account templates). Contracts: the validators agree with
// each other and with the problem they explain; masking keeps the length, is idempotent and
// never leaves a valid ID in the text it masks; a masked value keeps a prefix of it.
#include "fuzz_contract.hpp"

#include <libaudit/validators.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>

namespace {

void ids(const std::string& s) {
    const bool person = libaudit::valid_person_id(s);
    fuzz::check(person == (libaudit::valid_national_id(s) || libaudit::valid_resident_id(s)),
                "valid_person_id is not national or resident");
    fuzz::check(person == libaudit::person_id_problem(s).empty(), "person_id_problem disagrees with valid_person_id");
    fuzz::check(person == libaudit::person_id_problem_code(s).empty(),
                "person_id_problem_code disagrees with valid_person_id");
    const std::string masked = libaudit::mask_ids_in_text(s);
    fuzz::check(masked.size() == s.size(), "mask_ids_in_text changed the length");
    fuzz::check(libaudit::mask_ids_in_text(masked) == masked, "mask_ids_in_text is not idempotent");
    if (person) {
        fuzz::check(masked != s, "mask_ids_in_text left a valid ID");
        fuzz::check(libaudit::mask_if_national_id(s) != s, "mask_if_national_id left a valid ID");
        fuzz::check(libaudit::mask_personal(s) != s, "mask_personal left a valid ID");
    }
    // mask_national_id: a prefix of the value (whole characters), then a '*' for each character hidden.
    const std::string by_shape = libaudit::mask_national_id(s);
    const std::size_t kept = by_shape.find_last_not_of('*') + 1;  // 0 when all stars (npos + 1)
    fuzz::check(s.compare(0, kept, by_shape, 0, kept) == 0, "mask_national_id does not keep a prefix of the value");
    fuzz::check(by_shape.size() <= s.size(), "mask_national_id made the value longer");
    fuzz::check(s.empty() || libaudit::mask_personal(s) != s || s == "********", "mask_personal showed the value");
}

void others(const std::string& s) {
    for (const char* name : {"national_id", "resident_id", "person_id", "passport_name", "email", "tw_mobile"}) {
        const libaudit::ValueCheck check = libaudit::find_validator(name);
        fuzz::check(check != nullptr, "a documented validator is missing");
        (void)check(s);
    }
    (void)libaudit::find_validator(s);
    if (libaudit::valid_email(s))
        fuzz::check(libaudit::same_email(s, s), "an e-mail address is not the same as itself");
    libaudit::PasswordPolicy policy;
    policy.min_length = 8;
    policy.letter = policy.upper = policy.lower = policy.digit = policy.symbol = true;
    fuzz::check(libaudit::password_problems(s, policy).size() == libaudit::password_missing_classes(s, policy).size(),
                "password_problems and password_missing_classes disagree");
    (void)libaudit::forbidden_in_file_name(s, "\\/:*?\"<>|");
    if (const auto bytes = libaudit::parse_size(s))
        fuzz::check(std::isfinite(*bytes) && *bytes >= 0, "parse_size gave a negative or infinite size");
    std::string problem;
    (void)libaudit::expand_template(
        s,
        [&](const std::string& field) -> std::optional<std::string> {
            if (field == "birth_date")
                return std::string("2001-02-03");
            if (field == "national_id")
                return std::string("A123456789");
            return std::nullopt;
        },
        &problem);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string s = fuzz::text(data, size);
    ids(s);
    others(s);
    return 0;
}
