#include "input/csv.hpp"

#include <libaudit/diagnostic.hpp>

#include <cstdint>
#include <cstring>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <utility>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

// Eight bytes at a time: a word with the high bit set in each byte equal to `b` (exact for the
// lowest such byte, which is all the scan below uses).
constexpr std::uint64_t ones = 0x0101010101010101ull;
inline std::uint64_t bytes_equal(std::uint64_t word, unsigned char b) noexcept {
    const std::uint64_t x = word ^ (ones * b);
    return (x - ones) & ~x & (ones << 7);
}

// The first of three bytes at or after `i`, or n.
inline std::size_t find_any(const char* data, std::size_t i, std::size_t n, char a, char b, char c) noexcept {
#if defined(__SSE2__)
    // Sixteen bytes at a time (every x86-64 has SSE2).
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b), vc = _mm_set1_epi8(c);
    while (i + 16 <= n) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
        const int hit = _mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb)), _mm_cmpeq_epi8(x, vc)));
        if (hit != 0) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(hit)));
        i += 16;
    }
#endif
    if constexpr (__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__) {  // the lowest byte comes first
        while (i + 8 <= n) {
            std::uint64_t word;
            std::memcpy(&word, data + i, 8);
            const std::uint64_t hit = bytes_equal(word, static_cast<unsigned char>(a)) |
                                      bytes_equal(word, static_cast<unsigned char>(b)) |
                                      bytes_equal(word, static_cast<unsigned char>(c));
            if (hit != 0) return i + static_cast<std::size_t>(__builtin_ctzll(hit)) / 8;
            i += 8;
        }
    }
    while (i < n && data[i] != a && data[i] != b && data[i] != c) ++i;
    return i;
}

// The first delimiter or line break at or after `i`, or n.
inline std::size_t cell_end(const char* data, std::size_t i, std::size_t n, char delim) noexcept {
    return find_any(data, i, n, delim, '\n', '\r');
}

#if defined(__SSE2__)
// A row without quoted cells or a lone CR, read whole from one scan: a mask of the delimiters, quotes and
// line breaks of each sixteen bytes, its bits taken in order. Returns the offset after the row's
// line break and appends its cells; 0 (cells as they were) when the row needs the general reader:
// a quote that opens a cell, a lone CR, no line break before the last sixteen bytes, too many cells.
std::size_t plain_row(const char* data, std::size_t i, std::size_t n, char delim,
                      std::vector<std::string_view>& cells) noexcept {
    const std::size_t first = cells.size();
    const __m128i vd = _mm_set1_epi8(delim), vq = _mm_set1_epi8('"'), vn = _mm_set1_epi8('\n'),
                  vr = _mm_set1_epi8('\r');
    std::size_t start = i;  // of the current cell
    for (std::size_t block = i; block + 16 <= n; block += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + block));
        auto hits = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, vd), _mm_cmpeq_epi8(x, vq)), _mm_or_si128(_mm_cmpeq_epi8(x, vn), _mm_cmpeq_epi8(x, vr)))));
        for (; hits != 0; hits &= hits - 1) {
            const std::size_t at = block + static_cast<std::size_t>(__builtin_ctz(hits));
            const char c = data[at];
            if (c == '"') {
                if (at == start) break;  // a quoted cell
                continue;                // a quote inside an unquoted cell is literal
            }
            const bool crlf = c == '\r' && at + 1 < n && data[at + 1] == '\n';
            if ((c == '\r' && !crlf) || cells.size() - first + 1 >= CsvCursor::max_columns) break;
            cells.emplace_back(data + start, at - start);
            if (c == '\n') return at + 1;
            if (crlf) return at + 2;
            start = at + 1;
        }
        if (hits != 0) break;
    }
    cells.resize(first);
    return 0;
}
#endif

}  // namespace

void CsvCursor::too_many_columns(int row_line) const {
    Diagnostic d;
    d.code = "R007";
    d.message_code = "diag.R007.columns";
    d.params = {{"max", std::to_string(max_columns)}};
    d.message = message_text(Language::en, d.message_code, d.params);
    d.where.file = file_;
    d.where.line = row_line;
    throw InputError({std::move(d)});
}

std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file_name, char delimiter) {
    std::vector<CsvRow> rows;
    CsvCursor cursor(text, file_name, delimiter);
    std::vector<std::string_view> cells;
    int line = 0;
    while (cursor.next(cells, line) == CsvCursor::Status::row) {
        CsvRow& row = rows.emplace_back();
        row.line = line;
        row.cells.assign(cells.begin(), cells.end());
    }
    return rows;
}

// Long on purpose (about 100 lines, over the project's 80): this is the tokenizer's hot loop, and
// taking the quoted cell out into a helper (even one always inlined) made quoted-heavy input about
// 4% slower (g++ 12 -O3), with no gain on unquoted input. Its parts are marked by comments instead:
// empty lines, a quoted cell, an unquoted cell, the delimiter (and skipping unwanted cells), the
// line break.
// NOLINTNEXTLINE(readability-function-size)
CsvCursor::Status CsvCursor::next(std::vector<std::string_view>& cells, int& row_line, bool final,
                                  std::size_t max_cells) {
    cells.clear();
    unescaped_.clear();
    const char* const data = text_.data();
    const std::size_t n = text_.size();
    const char delim = delimiter_;
    std::size_t i = pos_;
    int line = line_;
    // Empty lines.
    while (i < n && (data[i] == '\n' || data[i] == '\r')) {
        if (data[i] == '\r' && i + 1 < n && data[i + 1] == '\n') ++i;
        ++i;
        ++line;
    }
    if (i >= n) {
        if (!final && n > 0 && data[n - 1] == '\r') return Status::incomplete;  // a CR whose LF may follow
        pos_ = i;
        line_ = line;
        return Status::end;
    }
    row_line = line;
#if defined(__SSE2__)
    if (max_cells == static_cast<std::size_t>(-1)) {  // the common row, every cell wanted
        if (const std::size_t end = plain_row(data, i, n, delim, cells); end != 0) {
            row_start_ = pos_;
            row_start_line_ = line_;
            pos_ = end;
            line_ = line + 1;
            return Status::row;
        }
    }
#endif
    std::size_t column = 0;  // cells read so far
    while (true) {  // one cell per iteration
        if (data[i] == '"') {  // a quoted cell
            const int quote_line = line;
            std::size_t start = ++i;
            std::string* buffer = nullptr;  // only when the cell needs unescaping
            std::string_view cell;
            while (true) {
                const void* hit = std::memchr(data + i, '"', n - i);
                if (hit == nullptr) {
                    if (!final) return Status::incomplete;
                    Diagnostic d;
                    d.code = "R004";
                    d.message_code = "diag.R004";
                    d.message = message_text(Language::en, d.message_code);
                    d.where.file = file_;
                    d.where.line = quote_line;
                    d.where.column = static_cast<int>(column) + 1;
                    throw InputError({std::move(d)});
                }
                const std::size_t quote = static_cast<std::size_t>(static_cast<const char*>(hit) - data);
                for (std::size_t k = i; k < quote; ++k)
                    if (data[k] == '\n' || (data[k] == '\r' && (k + 1 >= n || data[k + 1] != '\n'))) ++line;
                if (quote + 1 >= n && !final) return Status::incomplete;  // a doubled quote may follow
                if (quote + 1 < n && data[quote + 1] == '"') {           // doubled quote
                    if (buffer == nullptr) buffer = &unescaped_.emplace_back();
                    buffer->append(data + i, quote + 1 - i);
                    i = quote + 2;
                    continue;
                }
                if (buffer != nullptr) buffer->append(data + i, quote - i);
                else cell = std::string_view(data + start, quote - start);
                i = quote + 1;
                break;
            }
            // Text after the closing quote is appended to the cell.
            start = i;
            i = cell_end(data, i, n, delim);
            if (i > start) {
                if (buffer == nullptr) buffer = &unescaped_.emplace_back(cell);
                buffer->append(data + start, i - start);
            }
            if (column++ < max_cells) cells.push_back(buffer != nullptr ? std::string_view(*buffer) : cell);
        } else {  // an unquoted cell
            const std::size_t start = i;
            i = cell_end(data, i, n, delim);
            if (column++ < max_cells) cells.emplace_back(data + start, i - start);
        }
        if (i < n && data[i] == delim) {  // the delimiter: another cell follows
            if (column >= max_columns) too_many_columns(row_line);  // a line of commas: stop before its cells fill memory
            ++i;
            if (i >= n) {
                if (!final) return Status::incomplete;
                if (column++ < max_cells) cells.emplace_back();  // a delimiter at the very end: one more, empty cell
                break;
            }
            if (column >= max_cells) {
                // The rest of the row is not wanted: without a quote before the line break, jump there.
                const std::size_t j = find_any(data, i, n, '"', '\n', '\r');
                if (j < n && data[j] != '"') i = j;
                else if (j >= n && !final) return Status::incomplete;
                else if (j >= n) i = n;
                else continue;  // a quote: cell by cell, as above
                if (i >= n) break;
            } else {
                continue;
            }
        }
        if (i >= n) {
            if (!final) return Status::incomplete;
            break;
        }
        // A line break: LF, CRLF or a lone CR.
        if (data[i] == '\r') {
            if (i + 1 >= n && !final) return Status::incomplete;
            if (i + 1 < n && data[i + 1] == '\n') ++i;
        }
        ++i;
        ++line;
        break;
    }
    row_start_ = pos_;
    row_start_line_ = line_;
    pos_ = i;
    line_ = line;
    return Status::row;
}

}}}  // namespace libaudit::v0::detail
