// Internal: a CSV file read in chunks for the streaming SubjectReader, so memory does not grow
// with the file: rows that straddle a chunk boundary are completed by reading on, and (pass 1)
// every complete line is checked to be UTF-8 before its cells are used.
#pragma once
#include "input/csv.hpp"

#include <cstddef>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// A file read in chunks into a buffer that keeps the unconsumed tail of the previous chunk.
// The buffer is raw memory: a std::string would zero every chunk before reading into it.
// Over text already in memory (`text`), the whole text is the one chunk and nothing is copied.
class ChunkedFile {
public:
    explicit ChunkedFile(const std::string& path);
    ChunkedFile(const std::string& name, std::string_view text);

    // Drops buffer()[0, consumed) and appends the next chunk; false at the end of the file.
    // A row still incomplete after 64 MB (line: where it starts) is an error (R007), not a buffer
    // that grows without end.
    bool refill(std::size_t consumed, int line = 0);

    std::string_view buffer() const noexcept { return file_ ? std::string_view(data_.get(), size_) : text_; }
    bool eof() const noexcept { return eof_; }

private:
    std::string path_;
    std::string_view text_;
    FilePtr file_;
    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0, capacity_ = 0;
    bool eof_ = false;
    bool first_ = true;
};

// Reads the next row from a chunked file: rows that straddle a chunk boundary are completed by
// reading on. `row` or `end`.
CsvCursor::Status next_row(ChunkedFile& file, CsvCursor& cursor, std::vector<std::string_view>& cells, int& line);

// Pass-1 reading of a chunked CSV file: rows in order, every complete line checked to be UTF-8
// before its cells are used. `wanted` limits the cells split per row (all of them: npos).
class CheckedRows {
public:
    // `text`: the records are this text in memory, `path` naming them.
    explicit CheckedRows(const std::string& path, std::optional<std::string_view> text = std::nullopt);
    std::string_view head() const noexcept { return in_.buffer(); }  // the first chunk, before start()
    void start();
    bool next(std::vector<std::string_view>& row, int& line, std::size_t wanted = static_cast<std::size_t>(-1));

private:
    // Checks the complete lines of the buffer not yet checked.
    void validate();
    std::string path_;
    ChunkedFile in_;
    std::unique_ptr<CsvCursor> cursor_;
    std::size_t validated_ = 0;  // bytes of the buffer checked to be UTF-8
    int validated_line_ = 1;     // line at buffer()[validated_]
};

}}}  // namespace libaudit::v0::detail
