// Field validators shared by every rule family.
#pragma once
#include <string>
#include <string_view>

namespace libaudit {

// Taiwan national ID (身分證統一編號): letter + [12] + 8 digits with the checksum.
bool valid_national_id(std::string_view id);
// Resident certificate number (統一證號), new (letter + [89] + 8 digits) and old (letter + [A-D] + 8 digits) form.
bool valid_resident_id(std::string_view id);
// "A123456789" -> "A1234*****". Anything that is not 10 characters keeps its first
// ceil(len/2) characters and stars the rest.
std::string mask_national_id(std::string_view id);

// Passport-style English name: "WANG, TA-MING" (SURNAME, GIVEN-NAME in capitals).
bool valid_passport_name(std::string_view name);
// A plain, well-formed e-mail address (local@domain.tld, no spaces).
bool valid_email(std::string_view email);
// Taiwan mobile number: 09xxxxxxxx, with optional spaces/dashes, or +886 9xxxxxxxx.
bool valid_tw_mobile(std::string_view mobile);

}  // namespace libaudit
