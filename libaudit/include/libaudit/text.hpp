// Text helpers for Chinese output: terminal display width and padding.
#pragma once
#include <libaudit/export.h>
#include <string>
#include <string_view>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// Columns a UTF-8 string occupies in a terminal: East Asian Wide/Fullwidth = 2, combining = 0.
int display_width(std::string_view utf8);

// Pads with spaces to `width` display columns (left-aligned, or right-aligned when `right`).
std::string pad(std::string_view utf8, int width, bool right = false);

}}  // namespace libaudit::v0
LIBAUDIT_API_END
