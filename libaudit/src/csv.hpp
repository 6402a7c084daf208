// Internal: an RFC 4180 CSV reader.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace libaudit::detail {

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

}  // namespace libaudit::detail
