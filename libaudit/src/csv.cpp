#include "csv.hpp"

#include <libaudit/diagnostic.hpp>

#include <utility>

namespace libaudit::detail {

std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file_name, char delimiter) {
    std::vector<CsvRow> rows;
    const std::size_t n = text.size();
    std::size_t i = 0;
    int line = 1;

    // Consumes a line break at text[i] (LF, CRLF or lone CR), if any.
    const auto eat_newline = [&]() -> bool {
        if (i >= n) return false;
        if (text[i] == '\n') {
            ++i;
        } else if (text[i] == '\r') {
            ++i;
            if (i < n && text[i] == '\n') ++i;
        } else {
            return false;
        }
        ++line;
        return true;
    };

    while (i < n) {
        if (eat_newline()) continue;  // empty line
        CsvRow row;
        row.line = line;
        while (true) {  // one cell per iteration
            std::string cell;
            if (text[i] == '"') {
                const int quote_line = line;
                ++i;
                while (true) {
                    // Copy everything up to the next quote in one go, counting line breaks.
                    const std::size_t quote = text.find('"', i);
                    if (quote == std::string_view::npos) {
                        Diagnostic d;
                        d.code = "R004";
                        d.message = "unterminated quoted field: a '\"' opened here is never closed";
                        d.where.file = file_name;
                        d.where.line = quote_line;
                        d.where.column = static_cast<int>(row.cells.size()) + 1;
                        throw InputError({std::move(d)});
                    }
                    for (std::size_t k = i; k < quote; ++k) {
                        if (text[k] == '\n' || (text[k] == '\r' && (k + 1 >= n || text[k + 1] != '\n'))) ++line;
                    }
                    cell.append(text.data() + i, quote - i);
                    i = quote + 1;
                    if (i < n && text[i] == '"') {  // doubled quote
                        cell += '"';
                        ++i;
                        continue;
                    }
                    break;
                }
            }
            // Unquoted text (or text after a closing quote) up to the delimiter or line end.
            const std::size_t start = i;
            while (i < n && text[i] != delimiter && text[i] != '\n' && text[i] != '\r') ++i;
            cell.append(text.data() + start, i - start);
            row.cells.push_back(std::move(cell));
            if (i < n && text[i] == delimiter) {
                ++i;
                if (i >= n) {  // a delimiter at the very end: one more, empty cell
                    row.cells.emplace_back();
                    break;
                }
                continue;
            }
            eat_newline();
            break;
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace libaudit::detail
