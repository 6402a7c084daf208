// Text helpers for Chinese output: terminal display width and padding.
#pragma once
#include <libaudit/export.h>
#include <string>
#include <string_view>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// Columns a UTF-8 string occupies in a terminal: East Asian Wide/Fullwidth = 2, combining = 0.
int display_width(std::string_view utf8);

// Pads with spaces to `width` display columns (left-aligned, or right-aligned when `right`).
std::string pad(std::string_view utf8, int width, bool right = false);

// `utf8` cut into lines of at most `width` display columns, at a space where one is near the end,
// else between characters (never inside one); at least one line.
std::vector<std::string> wrap_columns(std::string_view utf8, int width);

// Every line of `text` wider than `width` columns wrapped, its continuation lines indented to the
// start of its last column (after the last run of two or more spaces in the first part of the
// line) or by its own indent plus two: terminal reports on a narrow terminal. width <= 0: unchanged.
std::string fit_width(const std::string& text, int width);

}}  // namespace libaudit::v0
LIBAUDIT_API_END
