// Field validators shared by every rule family.
#pragma once
#include <libaudit/export.h>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// Taiwan national ID (身分證統一編號): letter + [12] + 8 digits with the checksum.
bool valid_national_id(std::string_view id);
// Resident certificate number (統一證號), new (letter + [89] + 8 digits) and old (letter + [A-D] + 8 digits) form.
bool valid_resident_id(std::string_view id);
// "A123456789" -> "A1234*****". Anything that is not 10 characters keeps its first
// ceil(len/2) characters and stars the rest.
std::string mask_national_id(std::string_view id);
// A subject id as shown: masked when it has the shape of a national ID or resident certificate
// number (teachers are often keyed by it; checksum or not), unchanged otherwise.
std::string mask_if_national_id(std::string_view id);
// `text` with every ID-shaped token masked as mask_national_id does ("A1234*****"): a national ID
// (letter, 1 or 2, eight digits) or resident certificate number (letter, 8 or 9 or A-D, eight
// digits), by shape, checksum or not, in upper case only (school addresses such as
// a113681001@grad.ntue.edu.tw, "a" and a student number, have the lower-case shape), when it is a
// whole token: not inside a longer run of ASCII letters and digits (Chinese characters,
// punctuation, spaces and '_' end a token). Used wherever values leave the engine: reports,
// diagnostics, JSON (docs/privacy.md).
std::string mask_ids_in_text(std::string_view text);

// Passport-style English name: "WANG, TA-MING" (SURNAME, GIVEN-NAME in capitals).
// A personal value as every output shows it: an ID-shaped value (a letter, a letter or digit, eight
// digits) by its shape as mask_national_id does; anything else (a password, a secret, a value
// derived from them) fully, as eight '*' whatever its length, so that not even the length shows.
std::string mask_personal(std::string_view value);

// The value validators rule sets name by word, with one meaning in every family (programme
// profile checks and checks rules alike): national_id (a national ID only), resident_id (a
// resident certificate number only), person_id (either), passport_name, email, tw_mobile.
// nullptr for a name that is none of them.
using ValueCheck = bool (*)(std::string_view);
ValueCheck find_validator(std::string_view name);
// Whether two e-mail addresses are the same address: compared without regard to case, in every family.
bool same_email(std::string_view a, std::string_view b);

bool valid_passport_name(std::string_view name);
// A plain, well-formed e-mail address (local@domain.tld, no spaces).
bool valid_email(std::string_view email);
// Taiwan mobile number: 09xxxxxxxx, with optional spaces/dashes, or +886 9xxxxxxxx.
bool valid_tw_mobile(std::string_view mobile);

// Why `id` is not a valid national ID or resident certificate number, in English ("the 2nd
// character must be 1 or 2 (gender) or 8/9 or A-D (resident certificate)", "checksum does not
// match", ...); empty when it is one of them.
std::string person_id_problem(std::string_view id);
// The same problem as a code for message catalogues: "length", "lower_case", "first_letter",
// "second_char", "digits", "checksum"; empty when `id` is valid.
std::string person_id_problem_code(std::string_view id);
// National ID or either form of resident certificate number.
bool valid_person_id(std::string_view id);

// Password policy: a minimum length (in characters) and character classes that must all occur.
struct PasswordPolicy {
    int min_length = 0;
    bool letter = false;  // A-Z or a-z
    bool upper = false;
    bool lower = false;
    bool digit = false;
    bool symbol = false;  // any printable ASCII character that is not a letter, digit or space
};
// What `password` lacks, as English phrases ("at least 8 characters", "a digit", "a symbol");
// empty when the policy is met.
std::vector<std::string> password_problems(std::string_view password, const PasswordPolicy& policy);
// The same as codes for message catalogues: "length", "letter", "upper", "lower", "digit", "symbol".
std::vector<std::string> password_missing_classes(std::string_view password, const PasswordPolicy& policy);

// The characters of `forbidden` found in a file name before its extension (the last '.'), in
// the order they first occur; empty when the name is acceptable. A name without a stem (".txt",
// "") reports "" and is caught by requiring a value.
std::string forbidden_in_file_name(std::string_view file_name, std::string_view forbidden);

// A file size: "3145728", "3 MB", "2.5MB", "300 KB", "1 GB" (binary units: 1 KB = 1024 bytes),
// in bytes; nullopt when not a size.
std::optional<double> parse_size(std::string_view text);

// Fills a template such as "{national_id|upper}{birth_date|mmdd}" or "{national_id|last:5}@Ntue"
// with the values `field` gives for each name. Filters: upper, lower, first:N, last:N, digits
// (keep digits only); on dates (any form parse_date reads): mmdd, yyyymmdd, rocdate (1140801).
// nullopt when a field is missing or blank, a date does not parse, or a filter is unknown
// (`problem` then says which).
std::optional<std::string> expand_template(std::string_view tpl,
                                           const std::function<std::optional<std::string>(const std::string&)>& field,
                                           std::string* problem = nullptr);

}}  // namespace libaudit::v0
LIBAUDIT_API_END
