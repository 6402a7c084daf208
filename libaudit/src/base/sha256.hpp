// Internal: SHA-256 (FIPS 180-4), used for rule-set content hashes.
#pragma once
#include <string>
#include <string_view>

namespace libaudit { inline namespace v0 { namespace detail {

// Lower-case hex digest (64 characters) of `data`.
std::string sha256_hex(std::string_view data);

}}}  // namespace libaudit::v0::detail
