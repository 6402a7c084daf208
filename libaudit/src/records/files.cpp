// Input files: their bytes, decoding to UTF-8 (Big5 when asked; JSON always UTF-8), JSON or CSV
// by name or content, the CSV delimiter (input/input_text.hpp); and records.hpp's parse_* and
// read_* functions, which hand the decoded text to the CSV or the JSON reader.
#include <libaudit/records.hpp>

#include "input/encoding.hpp"
#include "input/input_text.hpp"
#include "records/cell_text.hpp"
#include "records/csv_records.hpp"
#include "records/json_records.hpp"

#include <boost/json/value.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>

namespace libaudit { inline namespace v0 {
namespace detail {
namespace {

std::string lower_extension(std::string_view name) {
    const std::size_t slash = name.find_last_of("/\\");
    const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
    const std::size_t dot = base.rfind('.');
    std::string ext;
    if (dot == std::string_view::npos) return ext;
    for (char c : base.substr(dot + 1)) ext += ascii_lower(c);
    return ext;
}

}  // namespace

namespace {

std::string read_stream(std::FILE* f, const std::string& path, std::size_t max_bytes) {
    std::string data;
    char buf[65536];
    while (true) {
        const std::size_t n = std::fread(buf, 1, sizeof buf, f);
        if (data.size() + n > max_bytes)
            throw IoError("io.too_large", {{"file", path}, {"limit", std::to_string(max_bytes >> 20)}});
        data.append(buf, n);
        if (n < sizeof buf || std::memchr(buf, 0, n) != nullptr) break;
    }
    if (std::ferror(f) != 0) throw IoError::cannot_read(path, errno);
    return data;
}

}  // namespace

const std::string& standard_input() {
    static const std::string text = read_stream(stdin, "-", max_input_bytes);  // once, thread-safe
    return text;
}

std::string read_input_file(const std::string& path, std::size_t max_bytes) {
    if (path == "-") {
        if (standard_input().size() > max_bytes)
            throw IoError("io.too_large", {{"file", path}, {"limit", std::to_string(max_bytes >> 20)}});
        return standard_input();
    }
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (f == nullptr) throw IoError::cannot_read(path, errno);
    return read_stream(f.get(), path, max_bytes);
}

// Decodes the file to UTF-8 without a BOM. JSON is always UTF-8 (RFC 8259), whatever the
// encoding option says; whether a file is JSON can be seen before decoding because the
// deciding characters are ASCII.
// Encoding::detect decodes each file by its own bytes: valid UTF-8 is UTF-8; otherwise Big5 when
// the bytes are valid Big5, else the UTF-8 problem (R002) is reported, as for --encoding utf-8.
std::string decode_input(std::string content, const std::string& name, const ReadOptions& options) {
    content = strip_bom(std::move(content));
    Encoding enc = options.encoding;
    if (input_is_json(name, content)) enc = Encoding::utf8;
    if (enc == Encoding::detect) {
        if (valid_utf8(content)) return to_utf8(std::move(content), Encoding::utf8, name);
        try {
            return strip_bom(to_utf8(content, Encoding::big5, name));
        } catch (const InputError&) {
            return to_utf8(std::move(content), Encoding::utf8, name);  // throws R002 (or the NUL byte's R002)
        }
    }
    if (enc == Encoding::utf8) return to_utf8(std::move(content), Encoding::utf8, name);
    return strip_bom(to_utf8(std::move(content), enc, name));
}

bool input_is_json(const std::string& name, std::string_view text) {
    const std::string ext = lower_extension(name);
    if (ext == "json") return true;
    if (ext == "csv" || ext == "tsv") return false;
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && (text[first] == '[' || text[first] == '{');
}

char input_delimiter(const std::string& name, std::string_view text) {
    if (lower_extension(name) == "tsv") return '\t';
    const std::size_t start = text.find_first_not_of("\r\n");
    if (start == std::string_view::npos) return ',';
    const std::string_view header = text.substr(start, text.find_first_of("\r\n", start) - start);
    return header.find('\t') != std::string_view::npos && header.find(',') == std::string_view::npos ? '\t' : ',';
}

}  // namespace detail

std::vector<Record> parse_records(const std::string& content, const std::string& name, const ReadOptions& options) {
    const std::string text = detail::decode_input(content, name, options);
    if (detail::input_is_json(name, text)) return detail::parse_json_records(text, name);
    return detail::parse_csv_table<Record>(text, name);
}

std::vector<Profile> parse_profiles(const std::string& content, const std::string& name, const ReadOptions& options) {
    const std::string text = detail::decode_input(content, name, options.for_profiles());
    if (detail::input_is_json(name, text)) return detail::parse_json_profiles(text, name);
    return detail::parse_csv_table<Profile>(text, name);
}

std::vector<Record> read_records(const std::string& path, const ReadOptions& options) {
    return parse_records(detail::read_input_file(path), path, options);
}

RecordFile parse_record_file(const std::string& content, const std::string& name, const ReadOptions& options) {
    RecordFile file;
    const std::string text = detail::decode_input(content, name, options);
    if (!detail::input_is_json(name, text)) {
        file.records = detail::parse_csv_table<Record>(text, name);
        return file;
    }
    file.records = detail::parse_json_records(text, name);
    const boost::json::value doc = detail::parse_json_text(text, name);
    if (doc.is_object() && (doc.get_object().contains("profile") || doc.get_object().contains("profiles")))
        file.profiles = detail::parse_json_profiles(text, name);
    return file;
}

RecordFile read_record_file(const std::string& path, const ReadOptions& options) {
    return parse_record_file(detail::read_input_file(path), path, options);
}

std::vector<Profile> read_profiles(const std::string& path, const ReadOptions& options) {
    return parse_profiles(detail::read_input_file(path), path, options);
}

}}  // namespace libaudit::v0
