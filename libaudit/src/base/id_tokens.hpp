// Finding ID-shaped tokens in text without copying it (mask_ids_in_text, JsonWriter). Internal.
#pragma once
#include <cstddef>
#include <string_view>

namespace libaudit { inline namespace v0 { namespace detail {

// The offset of the first ID-shaped whole token (as mask_ids_in_text masks) at or after `from`,
// or std::string_view::npos. Looks at 16 bytes at a time for an upper-case letter, where SSE2 is.
std::size_t find_id_token(std::string_view text, std::size_t from = 0) noexcept;

}}}  // namespace libaudit::v0::detail
