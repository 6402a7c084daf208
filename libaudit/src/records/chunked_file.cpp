// Reading a CSV file in chunks (1 MiB at a time, the unconsumed tail kept, a leading BOM
// dropped), rows completed across chunk boundaries, and pass 1's UTF-8 check of each complete
// line before its cells are used.
#include "records/chunked_file.hpp"

#include <libaudit/diagnostic.hpp>

#include "input/encoding.hpp"
#include "input/input_text.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

constexpr std::size_t chunk_size = std::size_t{1} << 20;

// A row (a line, or lines inside quotes) longer than this is an error, not a buffer that grows
// without end.
constexpr std::size_t max_row_bytes = std::size_t{64} << 20;

[[noreturn]] void row_too_long(const std::string& path, int line) {
    Diagnostic d;
    d.code = "R007";
    d.message_code = "diag.R007.too_long";
    d.params = {{"max", std::to_string(max_row_bytes >> 20)}};
    d.message = message_text(Language::en, d.message_code, d.params);
    d.where.file = path;
    d.where.line = line;
    throw InputError({std::move(d)});
}

}  // namespace

ChunkedFile::ChunkedFile(const std::string& path) : path_(path) {
    if (path == "-") {  // standard input: read whole once (input_text.hpp), then served as text
        text_ = standard_input();
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);  // a BOM
        return;
    }
    file_.reset(std::fopen(path.c_str(), "rb"));
    if (!file_) throw IoError::cannot_read(path, errno);
}

ChunkedFile::ChunkedFile(const std::string& name, std::string_view text) : path_(name), text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);  // a BOM
}

bool ChunkedFile::refill(std::size_t consumed, int line) {
    if (!file_) {
        text_.remove_prefix(std::min(consumed, text_.size()));
        const bool first = !eof_;
        eof_ = true;
        return first;
    }
    if (consumed > 0) std::memmove(data_.get(), data_.get() + consumed, size_ - consumed);  // never on null
    size_ -= consumed;
    if (eof_) return false;
    if (size_ > max_row_bytes) row_too_long(path_, line);  // /dev/zero, a line without end
    if (capacity_ - size_ < chunk_size) {
        const std::size_t capacity = std::max(2 * capacity_, size_ + chunk_size);
        std::unique_ptr<char[]> bigger(new char[capacity]);
        if (size_ > 0) std::memcpy(bigger.get(), data_.get(), size_);
        data_ = std::move(bigger);
        capacity_ = capacity;
    }
    const std::size_t n = std::fread(data_.get() + size_, 1, chunk_size, file_.get());
    const std::size_t skip = first_ && n >= 3 && std::memcmp(data_.get() + size_, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (skip > 0) std::memmove(data_.get() + size_, data_.get() + size_ + 3, n - 3);  // a BOM
    first_ = false;
    size_ += n - skip;
    if (n < chunk_size) {
        if (std::ferror(file_.get()) != 0) throw IoError::cannot_read(path_, errno);
        eof_ = true;
    }
    return true;
}

CsvCursor::Status next_row(ChunkedFile& file, CsvCursor& cursor, std::vector<std::string_view>& cells, int& line) {
    while (true) {
        const auto status = cursor.next(cells, line, file.eof());
        if (status != CsvCursor::Status::incomplete && (status == CsvCursor::Status::row || file.eof()))
            return status;
        const int at = cursor.line();
        file.refill(cursor.offset(), at);
        cursor.reset(file.buffer(), at);
    }
}

CheckedRows::CheckedRows(const std::string& path, std::optional<std::string_view> text)
    : path_(path), in_(text ? ChunkedFile(path, *text) : ChunkedFile(path)) {
    in_.refill(0);
}

void CheckedRows::start() {
    cursor_ = std::make_unique<CsvCursor>(in_.buffer(), path_, input_delimiter(path_, in_.buffer()));
    validate();
}

bool CheckedRows::next(std::vector<std::string_view>& row, int& line, std::size_t wanted) {
    while (true) {
        const auto status = cursor_->next(row, line, in_.eof(), wanted);
        if (status != CsvCursor::Status::incomplete && (status == CsvCursor::Status::row || in_.eof()))
            return status == CsvCursor::Status::row;
        const int at = cursor_->line();
        const std::size_t consumed = cursor_->offset();
        in_.refill(consumed, at);
        validated_ -= std::min(validated_, consumed);
        validate();
        cursor_->reset(in_.buffer(), at);
    }
}

void CheckedRows::validate() {
    const std::string_view b = in_.buffer();
    const std::size_t end = in_.eof() ? b.size() : b.rfind('\n') + 1;  // npos + 1 == 0
    if (end <= validated_) return;
    const std::string_view piece(b.data() + validated_, end - validated_);
    validated_line_ += static_cast<int>(check_utf8_lines(piece, path_, validated_line_));
    validated_ = end;
}

}}}  // namespace libaudit::v0::detail
