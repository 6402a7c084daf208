// Internal: an RFC 4180 CSV reader.
#pragma once
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

struct CsvRow {
    int line = 0;                    // 1-based line of the file where the row starts
    std::vector<std::string> cells;  // verbatim (nothing trimmed), quotes removed
};

// Splits `text` (UTF-8) into rows. Quoted fields may contain the delimiter, doubled quotes ("")
// and line breaks. Rows end at LF, CRLF or a lone CR; a final line break is optional; empty
// lines are skipped. Lenient where RFC 4180 is silent: a quote inside an unquoted field is
// literal, and text after a closing quote is appended to the cell. An unterminated quoted field
// throws InputError R004 located at the row's line and the cell's 1-based column.
std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file_name, char delimiter = ',');


// A row tokenizer for large inputs: one row at a time, cells as views into the text (no copy),
// except quoted cells with doubled quotes or text after the closing quote, which are unescaped
// into storage the cursor owns (valid until the next call). Same dialect as parse_csv.
class CsvCursor {
public:
    // More cells than this in a row is an error (R007), not a row to keep: a line of 20 million
    // commas would otherwise fill memory before anything is said.
    static constexpr std::size_t max_columns = 10000;

    enum class Status { row, end, incomplete };

    CsvCursor(std::string_view text, const std::string& file_name, char delimiter, int first_line = 1) noexcept
        : text_(text), file_(file_name), delimiter_(delimiter), line_(first_line) {}

    // Reads the next non-empty row into `cells` (cleared first) and its first line into `row_line`.
    // `end`: nothing left. When `final` is false, a row that reaches the end of the text without a
    // line break (or inside a quoted field) is `incomplete`: nothing is consumed, so the caller can
    // append more text and retry from offset(). An unterminated quote in final text throws R004.
    // With `max_cells`, only the first max_cells cells are split out and the rest of the row is
    // skipped (quotes still respected): a first pass that needs one column reads rows faster.
    Status next(std::vector<std::string_view>& cells, int& row_line, bool final = true,
                std::size_t max_cells = static_cast<std::size_t>(-1));

    std::size_t offset() const noexcept { return pos_; }  // start of the next row
    int line() const noexcept { return line_; }           // its line number
    // Goes back to where the last call of next() started, to read that row again.
    void unread() noexcept {
        pos_ = row_start_;
        line_ = row_start_line_;
    }
    // Continues over new text (the rest of the old text from offset() first), e.g. the next chunk.
    void reset(std::string_view text, int line) noexcept {
        text_ = text;
        pos_ = row_start_ = 0;
        line_ = row_start_line_ = line;
    }

private:
    [[noreturn]] void too_many_columns(int row_line) const;

    std::string_view text_;
    const std::string& file_;
    char delimiter_;
    std::size_t pos_ = 0;
    int line_ = 1;
    std::size_t row_start_ = 0;
    int row_start_line_ = 1;
    std::deque<std::string> unescaped_;
};

}}}  // namespace libaudit::v0::detail
