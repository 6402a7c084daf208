// Reading transcript records and student profiles from CSV/TSV or JSON.
#include <libaudit/diagnostic.hpp>
#include <libaudit/records.hpp>

#include "input/csv.hpp"
#include "input/encoding.hpp"
#include "input/input_text.hpp"
#include "records/cell_text.hpp"
#include "records/cells.hpp"
#include "records/fields.hpp"
#include "records/problems.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <deque>
#include <initializer_list>
#include <type_traits>
#include <unordered_map>
#include <utility>

namespace libaudit {

using detail::accepted_names;
using detail::ascii_lower;
using detail::assign;
using detail::Cell;
using detail::check_required;
using detail::check_session;
using detail::Converter;
using detail::fields_for;
using detail::find_field;
using detail::InputField;
using detail::InputFieldDef;
using detail::missing_required;
using detail::parse_plain_number;
using detail::Problems;
using detail::required_columns;
using detail::session_optional;
using detail::split_tags;
using detail::text_member;
using detail::trim;
using detail::trim_fast;
using detail::Where;

namespace {

namespace json = boost::json;

// ---------------------------------------------------------------------------------------------
// File names

std::string lower_extension(std::string_view name) {
    const std::size_t slash = name.find_last_of("/\\");
    const std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
    const std::size_t dot = base.rfind('.');
    std::string ext;
    if (dot == std::string_view::npos) return ext;
    for (char c : base.substr(dot + 1)) ext += ascii_lower(c);
    return ext;
}

// ---------------------------------------------------------------------------------------------
// Decoding and format detection

bool is_json(const std::string& name, std::string_view text);

// Decodes the file to UTF-8 without a BOM. JSON is always UTF-8 (RFC 8259), whatever the
// encoding option says; whether a file is JSON can be seen before decoding because the
// deciding characters are ASCII.
std::string decode(std::string content, const std::string& name, const ReadOptions& options) {
    content = detail::strip_bom(std::move(content));
    if (options.encoding == Encoding::utf8 || is_json(name, content))
        return detail::to_utf8(std::move(content), Encoding::utf8, name);
    return detail::strip_bom(detail::to_utf8(std::move(content), options.encoding, name));
}

bool is_json(const std::string& name, std::string_view text) {
    const std::string ext = lower_extension(name);
    if (ext == "json") return true;
    if (ext == "csv" || ext == "tsv") return false;
    const std::size_t first = text.find_first_not_of(" \t\r\n");
    return first != std::string_view::npos && (text[first] == '[' || text[first] == '{');
}

char detect_delimiter(const std::string& name, std::string_view text) {
    if (lower_extension(name) == "tsv") return '\t';
    const std::size_t start = text.find_first_not_of("\r\n");
    if (start == std::string_view::npos) return ',';
    const std::string_view header = text.substr(start, text.find_first_of("\r\n", start) - start);
    return header.find('\t') != std::string_view::npos && header.find(',') == std::string_view::npos ? '\t' : ',';
}

// ---------------------------------------------------------------------------------------------
// CSV

// A header row mapped to the fields of one table (record_fields or profile_fields).
struct CsvLayout {
    const std::initializer_list<InputFieldDef>* defs = nullptr;
    std::vector<std::string> names;             // trimmed header texts
    std::vector<const InputFieldDef*> column_field;  // per column: its field, or null (an extra, or unnamed)
    std::vector<int> field_column;              // per field (index in defs): its column, or -1
    bool sessions = false;                      // records with a date column: training sessions
    bool id_from_national_id = false;           // profiles without an id column, keyed by national ID
    std::size_t width() const noexcept { return names.size(); }

    int column_of(InputField f) const {
        for (const InputFieldDef& def : *defs)
            if (def.id == f) return field_column[static_cast<std::size_t>(&def - defs->begin())];
        return -1;
    }

    Where where(int line, InputField f) const {
        Where w;
        w.line = line;
        if (f == InputField::student_id && id_from_national_id) f = InputField::national_id;
        const int j = column_of(f);
        if (j < 0) return w;
        w.column = j + 1;
        w.header = names[static_cast<std::size_t>(j)];
        w.def = column_field[static_cast<std::size_t>(j)];
        return w;
    }
};

// Maps each column to a field, an extra, or nothing (an empty header); duplicate and missing
// required columns are reported.
template <class T>
CsvLayout read_header(const std::vector<std::string_view>& header, int line, Problems& problems) {
    const auto& defs = fields_for<T>();
    CsvLayout layout;
    layout.defs = &defs;
    const std::size_t width = header.size();
    layout.names.resize(width);
    layout.column_field.assign(width, nullptr);
    layout.field_column.assign(defs.size(), -1);
    std::unordered_map<std::string, int> seen_extra;
    std::vector<std::string>& names = layout.names;
    for (std::size_t j = 0; j < width; ++j) {
        names[j] = std::string(trim(header[j]));
        const int column = static_cast<int>(j) + 1;
        if (names[j].empty()) continue;
        if (const InputFieldDef* def = find_field(defs, names[j])) {
            int& first = layout.field_column[static_cast<std::size_t>(def - defs.begin())];
            if (first >= 0) {
                problems.add("R005",
                             "duplicate column: '" + names[j] + "' and '" + names[static_cast<std::size_t>(first)] +
                                 "' (column " + std::to_string(first + 1) + ") both give '" +
                                 std::string(def->canonical) + "'",
                             line, column, names[j]);
                continue;
            }
            first = static_cast<int>(j);
            layout.column_field[j] = def;
        } else if (auto [it, inserted] = seen_extra.emplace(names[j], static_cast<int>(j)); !inserted) {
            problems.add("R005", "duplicate column '" + names[j] + "' (also column " + std::to_string(it->second + 1) + ")",
                         line, column, names[j]);
        }
    }
    layout.sessions = std::is_same_v<T, Record> && layout.column_of(InputField::date) >= 0;
    layout.id_from_national_id = std::is_same_v<T, Profile> && layout.column_of(InputField::student_id) < 0 &&
                                 layout.column_of(InputField::national_id) >= 0;
    for (const InputFieldDef& def : defs) {
        if ((layout.sessions && session_optional(def.id)) || (layout.id_from_national_id && def.id == InputField::student_id))
            continue;
        if (def.required && layout.field_column[static_cast<std::size_t>(&def - defs.begin())] < 0)
            problems.add("R006",
                         "missing required column '" + std::string(def.canonical) + "' (accepted names: " +
                             accepted_names(def) + ")",
                         line, 0);
    }
    return layout;
}

// Credits written as a small whole number ("3"), the common case, without from_chars.
std::optional<double> small_whole_number(std::string_view v) noexcept {
    if (v.empty() || v.size() > 6) return std::nullopt;
    int value = 0;
    for (char c : v) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return static_cast<double>(value);
}

// Stores a CSV value that needs no message; false when the checked path (assign) must decide.
// The same conversions as `assign` on the same text (session files: dates, hours, tags too).
bool store_fast(Record& r, InputField f, std::string_view v, bool sessions) {
    if (std::string* target = text_member(r, f)) return target->assign(v), true;
    switch (f) {
    case InputField::term:
        if (v.empty()) return r.term.reset(), true;
        r.term = parse_term(v);
        return r.term.has_value();
    case InputField::credits:
        if (sessions && v.empty()) return r.credits = 0, true;
        if (auto c = small_whole_number(v)) return r.credits = *c, true;
        return false;
    case InputField::date:
    case InputField::end_date: {
        std::optional<Date>& target = f == InputField::date ? r.date : r.end_date;
        if (v.empty()) return target.reset(), true;
        target = parse_date(v);
        return target.has_value();
    }
    case InputField::hours: {
        if (v.empty()) return r.hours.reset(), true;
        const std::optional<double> h = parse_plain_number(v);
        if (!h || *h < 0) return false;
        r.hours = *h == 0 ? 0.0 : *h;
        return true;
    }
    case InputField::tags:
        r.tags.clear();
        split_tags(v, r.tags);
        return true;
    case InputField::selected: return v.empty() ? (r.selected = false, true) : false;
    case InputField::approved: return v.empty() ? (r.approved = false, true) : false;
    default: return false;
    }
}

bool store_fast(Profile& p, InputField f, std::string_view v, bool) {
    if (std::string* target = text_member(p, f)) return target->assign(v), true;
    return false;
}

enum class RowRead { item, skipped, bad };

// Reads one data row into `item` (default-constructed, or a record of the same file to reuse its
// storage: every column of the layout is assigned again): `skipped` for a blank row (e.g. ",,,,"
// that spreadsheets write), `bad` when it has the wrong number of cells (reported).
template <class T>
RowRead read_row(const CsvLayout& layout, const std::vector<std::string_view>& cells, int line, T& item, Converter& cv,
                 Problems& problems) {
    bool blank = true;
    for (std::string_view cell : cells) {
        if (!trim_fast(cell).empty()) {
            blank = false;
            break;
        }
    }
    if (blank) return RowRead::skipped;
    cv.sessions = layout.sessions;
    const std::size_t width = layout.width();
    if (cells.size() != width) {
        problems.add("R007", "row has " + std::to_string(cells.size()) + " cells, header has " + std::to_string(width),
                     line, 0);
        return RowRead::bad;
    }
    Cell cell;
    for (std::size_t j = 0; j < width; ++j) {
        const InputFieldDef* def = layout.column_field[j];
        const std::string_view value = trim_fast(cells[j]);
        if (def == nullptr) {
            if (!layout.names[j].empty()) item.extra.insert_or_assign(layout.names[j], std::string(value));
            continue;
        }
        if (store_fast(item, def->id, value, layout.sessions)) continue;
        cell.text.assign(value);
        Where w;
        w.line = line;
        w.column = static_cast<int>(j) + 1;
        w.header = layout.names[j];
        w.def = def;
        assign(item, def->id, cell, w, cv);
    }
    if constexpr (std::is_same_v<T, Profile>) {
        if (layout.id_from_national_id) item.subject_id = item.national_id;
    }
    if (missing_required(item))
        check_required(item, layout.where(line, InputField::student_id), layout.where(line, InputField::code), problems);
    if constexpr (std::is_same_v<T, Record>) {
        item.source_row = line;
        if (layout.sessions && !item.date) {  // a date was read, or the cell is empty (R016) or bad (reported)
            const Where dw = layout.where(line, InputField::date);
            check_session(trim_fast(cells[static_cast<std::size_t>(dw.column - 1)]).empty(), dw, problems);
        }
    } else {
        item.present = true;
    }
    return RowRead::item;
}

template <class T> std::vector<T> parse_csv_table(std::string_view text, const std::string& name) {
    detail::CsvCursor cursor(text, name, detect_delimiter(name, text));
    std::vector<std::string_view> cells;
    int line = 0;
    Problems problems(name);
    if (cursor.next(cells, line) != detail::CsvCursor::Status::row) {
        problems.add("R003", "the file is empty: expected a header row with the columns " + required_columns<T>(), 0, 0);
        problems.throw_if_any();
    }
    const CsvLayout layout = read_header<T>(cells, line, problems);
    problems.throw_if_any();

    Converter cv(problems);
    std::vector<T> out;
    // One row per line break, as a first guess (quoted line breaks and blank lines only waste a little).
    out.reserve(static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(cursor.offset()), text.end(), '\n')) + 1);
    std::unordered_map<std::string, int> profile_lines;  // profiles only: student id -> first line
    while (cursor.next(cells, line) == detail::CsvCursor::Status::row) {
        T& item = out.emplace_back();
        if (read_row(layout, cells, line, item, cv, problems) != RowRead::item) {
            out.pop_back();
            continue;
        }
        if constexpr (std::is_same_v<T, Profile>) {
            if (!item.subject_id.empty()) {
                auto [it, inserted] = profile_lines.emplace(item.subject_id, line);
                if (!inserted) {
                    const Where w = layout.where(line, InputField::student_id);
                    problems.add("R015",
                                 "duplicate profile for student id '" + item.subject_id + "' (first at line " +
                                     std::to_string(it->second) + ")",
                                 w.line, w.column, std::string(w.header));
                }
            }
        }
    }
    problems.throw_if_any();
    return out;
}

// ---------------------------------------------------------------------------------------------
// JSON

}  // namespace

// Parses `text` as one JSON document; syntax errors are R020 located by line and character column.
json::value detail::parse_json_text(std::string_view text, const std::string& name) {
    json::stream_parser parser;
    boost::system::error_code ec;
    std::size_t offset = parser.write_some(text.data(), text.size(), ec);
    std::string message;
    if (!ec && offset == text.size() && !parser.done()) {
        parser.finish(ec);
        offset = text.size();
    }
    if (ec) {
        message = "invalid JSON: " + ec.message();
    } else if (text.find_first_not_of(" \t\r\n", offset) != std::string_view::npos) {
        offset = text.find_first_not_of(" \t\r\n", offset);
        message = "invalid JSON: unexpected text after the end of the document";
    } else {
        return parser.release();
    }
    int line = 1;
    std::size_t line_start = 0;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            line_start = i + 1;
        }
    }
    std::size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    // Columns count characters (code points), not bytes.
    int column = 1;
    for (std::size_t i = line_start; i < offset && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0u) != 0x80u) ++column;
    Problems problems(name);
    problems.add("R020", std::move(message), line, column, {}, {},
                 std::string(text.substr(line_start, line_end - line_start)));
    problems.throw_if_any();
    return {};
}

namespace {

std::string number_text(double v) {
    if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    char buf[32];
    const auto res = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, res.ptr);
}

const char* json_kind(const json::value& v) {
    switch (v.kind()) {
    case json::kind::object: return "an object";
    case json::kind::array: return "an array";
    case json::kind::string: return "a string";
    case json::kind::bool_: return "a boolean";
    case json::kind::null: return "null";
    default: return "a number";
    }
}

// Converts a JSON value to a Cell; objects (and arrays of non-strings) are not values: false.
bool to_cell(const json::value& v, Cell& c) {
    c = Cell{};
    switch (v.kind()) {
    case json::kind::string: c.text.assign(trim(v.get_string())); return true;
    case json::kind::int64:
        c.type = Cell::Type::number;
        c.integral = true;
        c.integer = v.get_int64();
        c.number = static_cast<double>(c.integer);
        c.text = std::to_string(c.integer);
        return true;
    case json::kind::uint64:
        c.type = Cell::Type::number;
        c.number = static_cast<double>(v.get_uint64());
        c.text = std::to_string(v.get_uint64());
        return true;
    case json::kind::double_:
        c.type = Cell::Type::number;
        c.number = v.get_double();
        c.integral = std::floor(c.number) == c.number && std::fabs(c.number) < 1e15;
        if (c.integral) c.integer = static_cast<long long>(c.number);
        c.text = number_text(c.number);
        return true;
    case json::kind::bool_:
        c.type = Cell::Type::boolean;
        c.boolean = v.get_bool();
        c.text = c.boolean ? "true" : "false";
        return true;
    case json::kind::null: c.type = Cell::Type::null; return true;
    case json::kind::array:
        c.type = Cell::Type::list;
        for (const json::value& item : v.get_array()) {
            if (!item.is_string()) return false;
            c.items.emplace_back(trim(item.get_string()));
        }
        return true;
    case json::kind::object: return false;
    }
    return false;
}

// What a field takes, for type errors in JSON.
std::string expected_json(InputField f) {
    switch (f) {
    case InputField::tags: return "a string or an array of strings";
    case InputField::credits:
    case InputField::hours: return "a number";
    case InputField::term: return "a term";
    case InputField::selected:
    case InputField::approved:
    case InputField::teacher_education_pending: return "true or false";
    case InputField::entry_year:
    case InputField::semesters: return "an integer";
    default: return "a string";
    }
}

std::string join_path(const std::string& prefix, std::string_view key) {
    if (prefix.empty()) return std::string(key);
    return prefix + "." + std::string(key);
}

// Reads one JSON object into a Record or Profile in named steps: whether a record is a session
// (a date key), each key in turn (an extra, a duplicate, a value of the wrong kind, or a field
// assigned), then the required keys (absent, or present and empty).
template <class T> class JsonObjectReader {
public:
    JsonObjectReader(const std::string& path, Converter& cv, Problems& problems)
        : defs_(fields_for<T>()), path_(path), here_(path.empty() ? "(top level)" : path), cv_(cv),
          problems_(problems), seen_key_(defs_.size()) {}

    T read(const json::value& v, int index) {
        T item{};
        if constexpr (std::is_same_v<T, Record>) item.source_row = index;
        else item.present = true;
        if (!v.is_object()) {
            problems_.add("R021", here_ + ": expected an object, got " + json_kind(v), 0, 0, {}, path_);
            return item;
        }
        const json::object& object = v.get_object();
        cv_.sessions = std::is_same_v<T, Record> && date_value(object) != nullptr;
        for (const auto& entry : object) read_key(entry, item);
        check_required(object, item);
        return item;
    }

private:
    // The value of the (last) key naming the date field, or null.
    const json::value* date_value(const json::object& object) const {
        const json::value* d = nullptr;
        for (const auto& entry : object)
            if (const InputFieldDef* def = find_field(defs_, trim(entry.key())); def && def->id == InputField::date) d = &entry.value();
        return d;
    }

    // An extra key (no field): kept as text, objects and arrays as JSON.
    std::string extra_text(const json::value& value) {
        std::string text;
        if (value.is_string()) text.assign(trim(value.get_string()));
        else if (value.is_object() || value.is_array()) text = json::serialize(value);
        else if (to_cell(value, cell_)) text = cell_.text;
        return text;
    }

    void read_key(const json::key_value_pair& entry, T& item) {
        const std::string_view key = entry.key();
        Where w;
        w.header = key;
        w.path = join_path(path_, key);
        const InputFieldDef* def = find_field(defs_, trim(key));
        w.def = def;
        if (def == nullptr) {
            item.extra.emplace(std::string(key), extra_text(entry.value()));
            return;
        }
        std::string& first = seen_key_[static_cast<std::size_t>(def - defs_.begin())];
        if (!first.empty()) {
            problems_.add("R005",
                          here_ + ": keys '" + first + "' and '" + std::string(key) + "' both give '" +
                              std::string(def->canonical) + "'",
                          0, 0, std::string(key), path_);
            return;
        }
        first = std::string(key);
        if (def->id == InputField::student_id) id_where_ = w;
        if (def->id == InputField::code) code_where_ = w;
        if (def->id == InputField::date) date_where_ = w;
        if (!to_cell(entry.value(), cell_) || (cell_.type == Cell::Type::list && def->id != InputField::tags)) {
            problems_.add("R021", w.path + ": expected " + expected_json(def->id) + ", got " + json_kind(entry.value()),
                          0, 0, std::string(w.header), w.path);
            return;
        }
        assign(item, def->id, cell_, w, cv_);
    }

    bool present(InputField f) const {
        for (const InputFieldDef& def : defs_)
            if (def.id == f) return !seen_key_[static_cast<std::size_t>(&def - defs_.begin())].empty();
        return false;
    }

    void empty_id(const T& item) {
        if (present(InputField::student_id) && item.subject_id.empty())
            problems_.add("R008", id_where_.prefix() + "the student id is empty", 0, 0, std::string(id_where_.header),
                          id_where_.path);
    }

    // Required keys: absent, or present and empty. A profile without a student id is keyed by its
    // national ID.
    void check_required(const json::object& object, T& item) {
        if (!present(InputField::student_id) && (!std::is_same_v<T, Profile> || !present(InputField::national_id)))
            problems_.add("R008", here_ + ": missing \"student_id\" (or 學號)", 0, 0, {}, path_);
        if constexpr (std::is_same_v<T, Record>) {
            if (!present(InputField::code))
                problems_.add("R009", here_ + ": missing \"code\" (or 科目代碼, 課號, 課程代碼)", 0, 0, {}, path_);
            if (!present(InputField::credits) && !cv_.sessions)
                problems_.add("R010", here_ + ": missing \"credits\" (or 學分, 學分數)", 0, 0, {}, path_);
            if (cv_.sessions && !item.date) {
                const json::value* d = date_value(object);
                if (d && (d->is_null() || (d->is_string() && trim(d->get_string()).empty())))
                    check_session(true, date_where_, problems_);
            }
            empty_id(item);
            if (present(InputField::code) && item.code.empty())
                problems_.add("R009", code_where_.prefix() + "the course code is empty", 0, 0,
                              std::string(code_where_.header), code_where_.path);
        } else {
            (void)object;
            if (!present(InputField::student_id) && !item.national_id.empty()) item.subject_id = item.national_id;
            empty_id(item);
        }
    }

    const std::initializer_list<InputFieldDef>& defs_;
    const std::string& path_;
    const std::string here_;
    Converter& cv_;
    Problems& problems_;
    std::vector<std::string> seen_key_;  // per field (index in defs_): the key it was read from
    Where id_where_, code_where_, date_where_;
    Cell cell_;
};

template <class T>
T read_json_object(const json::value& v, const std::string& path, int index, Converter& cv, Problems& problems) {
    return JsonObjectReader<T>(path, cv, problems).read(v, index);
}

template <class T>
void read_json_array(const json::value& v, const std::string& path, std::vector<T>& out, Converter& cv,
                     Problems& problems) {
    if (!v.is_array()) {
        problems.add("R021", (path.empty() ? std::string("(top level)") : path) + ": expected an array, got " + json_kind(v),
                     0, 0, {}, path);
        return;
    }
    const json::array& array = v.get_array();
    out.reserve(out.size() + array.size());
    for (std::size_t i = 0; i < array.size(); ++i)
        out.push_back(read_json_object<T>(array[i], path + "[" + std::to_string(i) + "]", static_cast<int>(i) + 1, cv,
                                          problems));
}

std::vector<Record> parse_json_records(std::string_view text, const std::string& name) {
    const json::value doc = detail::parse_json_text(text, name);
    Problems problems(name);
    Converter cv(problems);
    std::vector<Record> out;
    if (doc.is_array()) {
        read_json_array(doc, "", out, cv, problems);
    } else if (doc.is_object() && doc.get_object().contains("records")) {
        read_json_array(doc.get_object().at("records"), "records", out, cv, problems);
    } else {
        problems.add("R021",
                     std::string("expected an array of records or an object with a \"records\" array, got ") + json_kind(doc),
                     0, 0);
    }
    problems.throw_if_any();
    return out;
}

void check_duplicate_profiles(const std::vector<Profile>& profiles, const std::string& path, Problems& problems) {
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < profiles.size(); ++i) {
        if (profiles[i].subject_id.empty()) continue;
        auto [it, inserted] = first.emplace(profiles[i].subject_id, i);
        if (!inserted) {
            const std::string at = path + "[" + std::to_string(i) + "]";
            problems.add("R015",
                         at + ": duplicate profile for student id '" + profiles[i].subject_id + "' (first at " + path +
                             "[" + std::to_string(it->second) + "])",
                         0, 0, {}, at);
        }
    }
}

std::vector<Profile> parse_json_profiles(std::string_view text, const std::string& name) {
    const json::value doc = detail::parse_json_text(text, name);
    Problems problems(name);
    Converter cv(problems);
    std::vector<Profile> out;
    if (doc.is_array()) {
        read_json_array(doc, "", out, cv, problems);
        check_duplicate_profiles(out, "", problems);
    } else if (doc.is_object()) {
        const json::object& object = doc.get_object();
        if (object.contains("profiles")) {
            read_json_array(object.at("profiles"), "profiles", out, cv, problems);
            check_duplicate_profiles(out, "profiles", problems);
        } else if (object.contains("profile")) {
            out.push_back(read_json_object<Profile>(object.at("profile"), "profile", 1, cv, problems));
        } else if (!object.contains("records")) {
            out.push_back(read_json_object<Profile>(doc, "", 1, cv, problems));
        }  // else: a records file without a profile
    } else {
        problems.add("R021", std::string("expected a profile object or an array of profiles, got ") + json_kind(doc), 0, 0);
    }
    problems.throw_if_any();
    return out;
}

// ---------------------------------------------------------------------------------------------
// Files

std::string read_whole_file(const std::string& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) throw IoError("cannot read " + path + ": " + std::strerror(errno));
    std::string data;
    char buf[65536];
    while (true) {
        const std::size_t n = std::fread(buf, 1, sizeof buf, f);
        data.append(buf, n);
        if (n < sizeof buf) break;
    }
    const bool failed = std::ferror(f) != 0;
    const int err = errno;
    std::fclose(f);
    if (failed) throw IoError("cannot read " + path + ": " + std::strerror(err));
    return data;
}

}  // namespace

std::vector<Record> parse_records(const std::string& content, const std::string& name, const ReadOptions& options) {
    const std::string text = decode(content, name, options);
    if (is_json(name, text)) return parse_json_records(text, name);
    return parse_csv_table<Record>(text, name);
}

std::vector<Profile> parse_profiles(const std::string& content, const std::string& name, const ReadOptions& options) {
    const std::string text = decode(content, name, options);
    if (is_json(name, text)) return parse_json_profiles(text, name);
    return parse_csv_table<Profile>(text, name);
}

std::vector<Record> read_records(const std::string& path, const ReadOptions& options) {
    return parse_records(read_whole_file(path), path, options);
}

RecordFile parse_record_file(const std::string& content, const std::string& name, const ReadOptions& options) {
    RecordFile file;
    const std::string text = decode(content, name, options);
    if (!is_json(name, text)) {
        file.records = parse_csv_table<Record>(text, name);
        return file;
    }
    file.records = parse_json_records(text, name);
    const json::value doc = detail::parse_json_text(text, name);
    if (doc.is_object() && (doc.get_object().contains("profile") || doc.get_object().contains("profiles")))
        file.profiles = parse_json_profiles(text, name);
    return file;
}

RecordFile read_record_file(const std::string& path, const ReadOptions& options) {
    return parse_record_file(read_whole_file(path), path, options);
}

std::vector<Profile> read_profiles(const std::string& path, const ReadOptions& options) {
    return parse_profiles(read_whole_file(path), path, options);
}

std::vector<Subject> group_subjects(std::vector<Record> records, const std::vector<Profile>& profiles) {
    std::vector<Subject> subjects;
    std::unordered_map<std::string, std::size_t> index;
    for (Record& record : records) {
        auto [it, inserted] = index.emplace(record.subject_id, subjects.size());
        if (inserted) {
            Subject s;
            s.profile.subject_id = record.subject_id;
            subjects.push_back(std::move(s));
        }
        subjects[it->second].records.push_back(std::move(record));
    }
    for (const Profile& profile : profiles) {
        const auto it = index.find(profile.subject_id);
        if (it == index.end()) continue;  // a profile without records: nothing to audit
        Profile& target = subjects[it->second].profile;
        if (target.present) continue;     // the first profile wins (duplicates are rejected on reading)
        target = profile;
        target.present = true;
    }
    return subjects;
}

namespace detail {
std::string read_input_file(const std::string& path) { return read_whole_file(path); }
std::string decode_input(std::string content, const std::string& name, const ReadOptions& options) {
    return decode(std::move(content), name, options);
}
bool input_is_json(const std::string& name, std::string_view text) { return is_json(name, text); }
const char* json_kind(const json::value& v) { return ::libaudit::json_kind(v); }
char input_delimiter(const std::string& name, std::string_view text) { return detect_delimiter(name, text); }
}  // namespace detail

// ---------------------------------------------------------------------------------------------
// SubjectReader

namespace {

constexpr std::size_t chunk_size = std::size_t{1} << 20;

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

// A file read in chunks into a buffer that keeps the unconsumed tail of the previous chunk.
// The buffer is raw memory: a std::string would zero every chunk before reading into it.
// Over text already in memory (`text`), the whole text is the one chunk and nothing is copied.
class ChunkedFile {
public:
    explicit ChunkedFile(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "rb")) {
        if (!file_) throw IoError("cannot read " + path + ": " + std::strerror(errno));
    }
    ChunkedFile(const std::string& name, std::string_view text) : path_(name), text_(text) {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);  // a BOM
    }

    // Drops buffer()[0, consumed) and appends the next chunk; false at the end of the file.
    bool refill(std::size_t consumed) {
        if (!file_) {
            text_.remove_prefix(std::min(consumed, text_.size()));
            const bool first = !eof_;
            eof_ = true;
            return first;
        }
        if (consumed > 0) std::memmove(data_.get(), data_.get() + consumed, size_ - consumed);  // never on null
        size_ -= consumed;
        if (eof_) return false;
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
            if (std::ferror(file_.get()) != 0) throw IoError("cannot read " + path_ + ": " + std::strerror(errno));
            eof_ = true;
        }
        return true;
    }

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
detail::CsvCursor::Status next_row(ChunkedFile& file, detail::CsvCursor& cursor, std::vector<std::string_view>& cells,
                                   int& line) {
    while (true) {
        const auto status = cursor.next(cells, line, file.eof());
        if (status != detail::CsvCursor::Status::incomplete && (status == detail::CsvCursor::Status::row || file.eof()))
            return status;
        const int at = cursor.line();
        file.refill(cursor.offset());
        cursor.reset(file.buffer(), at);
    }
}

// Pass-1 reading of a chunked CSV file: rows in order, every complete line checked to be UTF-8
// before its cells are used. `wanted` limits the cells split per row (all of them: npos).
class CheckedRows {
public:
    // `text`: the records are this text in memory, `path` naming them.
    explicit CheckedRows(const std::string& path, std::optional<std::string_view> text = std::nullopt)
        : path_(path), in_(text ? ChunkedFile(path, *text) : ChunkedFile(path)) {
        in_.refill(0);
    }
    std::string_view head() const noexcept { return in_.buffer(); }  // the first chunk, before start()
    void start() {
        cursor_ = std::make_unique<detail::CsvCursor>(in_.buffer(), path_, detect_delimiter(path_, in_.buffer()));
        validate();
    }
    bool next(std::vector<std::string_view>& row, int& line, std::size_t wanted = static_cast<std::size_t>(-1)) {
        while (true) {
            const auto status = cursor_->next(row, line, in_.eof(), wanted);
            if (status != detail::CsvCursor::Status::incomplete && (status == detail::CsvCursor::Status::row || in_.eof()))
                return status == detail::CsvCursor::Status::row;
            const int at = cursor_->line();
            const std::size_t consumed = cursor_->offset();
            in_.refill(consumed);
            validated_ -= std::min(validated_, consumed);
            validate();
            cursor_->reset(in_.buffer(), at);
        }
    }

private:
    // Checks the complete lines of the buffer not yet checked.
    void validate() {
        const std::string_view b = in_.buffer();
        const std::size_t end = in_.eof() ? b.size() : b.rfind('\n') + 1;  // npos + 1 == 0
        if (end <= validated_) return;
        const std::string_view piece(b.data() + validated_, end - validated_);
        detail::check_utf8(piece, path_, validated_line_);
        validated_line_ += static_cast<int>(std::count(piece.begin(), piece.end(), '\n'));
        validated_ = end;
    }
    std::string path_;
    ChunkedFile in_;
    std::unique_ptr<detail::CsvCursor> cursor_;
    std::size_t validated_ = 0;  // bytes of the buffer checked to be UTF-8
    int validated_line_ = 1;     // line at buffer()[validated_]
};

// An order-dependent fingerprint of a sequence of ids (FNV-1a over the ids and a separator).
void fingerprint(std::uint64_t& h, std::string_view id) noexcept {
    for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xFFu) * 1099511628211ull;  // 0xFF never occurs in UTF-8
}

}  // namespace

struct SubjectReader::Impl {
    std::string path;
    std::optional<std::string> content;  // records given as text, `path` naming them

    std::unique_ptr<ChunkedFile> open() const {
        return content ? std::make_unique<ChunkedFile>(path, *content) : std::make_unique<ChunkedFile>(path);
    }
    std::optional<std::string_view> text() const {
        return content ? std::optional<std::string_view>(*content) : std::nullopt;
    }
    std::vector<Profile> profiles;
    std::unordered_map<std::string_view, const Profile*> profile_by_id;
    std::size_t total = 0;
    bool streaming = false;
    std::string why_not;
    // The subjects' ids in the order of the file (pass 1): a fingerprint, and whether they ascend.
    std::uint64_t ids_fingerprint = 14695981039346656037ull;
    bool ids_ascending = true;

    // Profiles streamed beside the records (a merge join), when the records are streamed and the
    // profiles file lists the same ids in the same order (`same_order`), or both ascend (`ascending`,
    // profiles may be missing or extra). Otherwise the profiles are read whole and indexed.
    enum class Join { index, same_order, ascending } join = Join::index;
    std::string profiles_path;
    std::unique_ptr<ChunkedFile> profile_file;
    std::unique_ptr<detail::CsvCursor> profile_cursor;
    CsvLayout profile_layout;
    std::vector<std::string_view> profile_cells;
    Profile next_profile;              // the next profile row not yet matched
    bool have_next_profile = false;

    // Streaming
    std::unique_ptr<ChunkedFile> file;
    std::unique_ptr<detail::CsvCursor> cursor;
    CsvLayout layout;
    int id_column = -1;
    std::vector<std::string_view> cells;

    // In memory
    std::vector<Subject> subjects;
    std::vector<std::vector<Diagnostic>> problems;
    std::size_t next_subject = 0;

    // Subjects in the profiles without a single record (a teacher without any session): returned
    // after the records' subjects (with a merged profiles file: after the subject where they were
    // passed), audited with no records.
    std::vector<std::uint64_t> id_hashes;  // streamed records: the sorted hashes of their subject ids
    std::vector<bool> matched;             // index: profiles[i] has records
    std::deque<Profile> roster_only;       // found, not yet returned
    std::size_t roster_tail = 0;           // index: the next profile to look at once the records are done
    std::size_t roster_in_profiles = 0;    // merged profiles file: ids the records lack (for `total`)
    bool records_done = false;
    bool sessions = false;  // the records have dates: training sessions

    static std::uint64_t id_hash(std::string_view id) noexcept {
        std::uint64_t h = 14695981039346656037ull;
        fingerprint(h, id);
        return h;
    }
    // Whether the (streamed) records have this subject; a hash collision may say yes wrongly, which
    // only makes `total` (a progress figure) one short.
    bool in_records(std::string_view id) const {
        return std::binary_search(id_hashes.begin(), id_hashes.end(), id_hash(id));
    }
    bool first_of_its_id(const Profile& p) const {
        const auto it = profile_by_id.find(p.subject_id);
        return it != profile_by_id.end() && it->second == &p;
    }
    // Adds the subjects that only the profiles have to `total` (called once everything is read or scanned).
    void count_roster_only() {
        if (join == Join::ascending) {
            total += roster_in_profiles;
        } else if (join == Join::index) {
            for (std::size_t i = 0; i < profiles.size(); ++i)
                if (first_of_its_id(profiles[i]) && (streaming ? !in_records(profiles[i].subject_id) : !matched[i]))
                    ++total;
        }
    }
    // Once the records are done: queues the next subject only the profiles have, if any.
    void next_roster_only() {
        if (join == Join::ascending) {
            if (have_next_profile) {
                roster_only.push_back(next_profile);
                advance_profile();
            }
            return;
        }
        if (join != Join::index) return;
        while (roster_tail < profiles.size()) {
            const std::size_t i = roster_tail++;
            if (!matched[i] && first_of_its_id(profiles[i])) {
                roster_only.push_back(profiles[i]);
                return;
            }
        }
    }

    // Pass 1 over a profiles file (UTF-8 CSV): every row read and checked, the ids fingerprinted.
    // True when it can be merged with the records; false (read it whole instead, which reports any
    // problem) for JSON, Big5, a problem in a row, or an order that does not match.
    bool scan_profiles(const std::string& ppath, const ReadOptions& options) {
        if (options.encoding != Encoding::utf8 || !streaming) return false;
        try {
            CheckedRows in(ppath);
            if (is_json(ppath, in.head())) return false;
            in.start();
            std::vector<std::string_view> row;
            int line = 0;
            Problems found(ppath);
            if (!in.next(row, line)) return false;
            const CsvLayout pl = read_header<Profile>(row, line, found);
            if (!found.empty()) return false;
            Converter cv(found);
            Profile p;
            std::string previous;
            bool ascending = true;
            std::size_t count = 0;
            std::uint64_t h = 14695981039346656037ull;
            while (in.next(row, line)) {
                const RowRead r = read_row(pl, row, line, p, cv, found);
                if (r == RowRead::skipped) continue;
                if (r != RowRead::item || !found.empty() || p.subject_id.empty()) return false;
                if (!previous.empty() && !(previous < p.subject_id)) {
                    if (previous == p.subject_id) return false;  // a duplicate: reported by the whole read
                    ascending = false;
                }
                previous = p.subject_id;
                fingerprint(h, p.subject_id);
                ++count;
                if (!in_records(p.subject_id)) ++roster_in_profiles;
            }
            if (count == total && h == ids_fingerprint) join = Join::same_order;
            else if (ascending && ids_ascending) join = Join::ascending;
            else return false;
        } catch (const Error&) {
            return false;
        }
        profiles_path = ppath;
        profile_file = std::make_unique<ChunkedFile>(ppath);
        profile_file->refill(0);
        profile_cursor = std::make_unique<detail::CsvCursor>(profile_file->buffer(), ppath,
                                                             detect_delimiter(ppath, profile_file->buffer()));
        int line = 0;
        next_row(*profile_file, *profile_cursor, profile_cells, line);
        Problems found(ppath);
        profile_layout = read_header<Profile>(profile_cells, line, found);
        advance_profile();
        return true;
    }

    // Reads the next profile row of a merged profiles file (checked in pass 1).
    void advance_profile() {
        have_next_profile = false;
        Problems found(profiles_path);
        Converter cv(found);
        int line = 0;
        while (next_row(*profile_file, *profile_cursor, profile_cells, line) == detail::CsvCursor::Status::row) {
            if (read_row(profile_layout, profile_cells, line, next_profile, cv, found) == RowRead::item) {
                have_next_profile = true;
                return;
            }
        }
    }

    void attach_profile(Subject& s, const std::string& id) {
        if (join != Join::index) {
            while (join == Join::ascending && have_next_profile && next_profile.subject_id < id) {
                roster_only.push_back(next_profile);  // no records: returned after this subject
                advance_profile();
            }
            if (have_next_profile && next_profile.subject_id == id) {
                s.profile = next_profile;
                s.profile.present = true;
                advance_profile();
            } else {
                if (join == Join::same_order && !id.empty())
                    throw IoError(profiles_path + " or " + path + " changed while it was being read");
                s.profile = Profile{};
                s.profile.subject_id = id;
            }
            return;
        }
        const auto it = profile_by_id.find(id);
        if (it != profile_by_id.end()) {
            s.profile = *it->second;
            s.profile.present = true;
            matched[static_cast<std::size_t>(it->second - profiles.data())] = true;
        } else {
            s.profile = Profile{};
            s.profile.subject_id = id;
        }
    }

    // Pass 1 over a UTF-8 CSV file: the header, the encoding, whether rows are grouped by
    // subject, and how many subjects there are. True when the file can be streamed.
    bool scan(const ReadOptions& options) {
        if (options.encoding != Encoding::utf8) {
            why_not = "Big5 input is converted whole";
            return false;
        }
        CheckedRows in(path, text());
        if (is_json(path, in.head())) {
            why_not = "JSON input is read whole";
            return false;
        }
        in.start();
        std::vector<std::string_view> row;
        int line = 0;
        std::size_t wanted = static_cast<std::size_t>(-1);  // cells per row: all of the header, then up to the id
        const auto read = [&] { return in.next(row, line, wanted); };
        Problems header_problems(path);
        if (!read()) {
            header_problems.add("R003",
                                "the file is empty: expected a header row with the columns " + required_columns<Record>(),
                                0, 0);
            header_problems.throw_if_any();
        }
        layout = read_header<Record>(row, line, header_problems);
        sessions = layout.sessions;
        header_problems.throw_if_any();
        id_column = layout.column_of(InputField::student_id);
        wanted = static_cast<std::size_t>(id_column) + 1;

        // Grouped when no id starts two runs of rows. Memory must not grow with the file: 8 bytes per
        // subject (a hash of its id) rather than the ids; only when two hashes agree is the file read
        // again with the ids themselves, to tell a real repeat (and its lines) from a collision.
        std::vector<std::uint64_t> hashes;
        std::string current;
        while (read()) {
            if (static_cast<std::size_t>(id_column) >= row.size()) continue;
            const std::string_view id = trim_fast(row[static_cast<std::size_t>(id_column)]);
            if (id.empty() || id == current) continue;
            ids_ascending = ids_ascending && (current.empty() || current < id);
            fingerprint(ids_fingerprint, id);
            std::uint64_t h = 14695981039346656037ull;
            fingerprint(h, id);
            hashes.push_back(h);
            current.assign(id);
        }
        total = hashes.size();
        std::sort(hashes.begin(), hashes.end());
        const bool distinct = std::adjacent_find(hashes.begin(), hashes.end()) == hashes.end();
        id_hashes = std::move(hashes);
        return distinct || grouped_exactly();
    }

    // The grouping check with the ids themselves (a second pass; only when two ids' hashes agree).
    bool grouped_exactly() {
        CheckedRows in(path, text());
        in.start();
        std::vector<std::string_view> row;
        int line = 0;
        in.next(row, line);  // the header, checked in pass 1
        const std::size_t wanted = static_cast<std::size_t>(id_column) + 1;
        std::unordered_map<std::string, int> first_line;  // subject id -> the line its rows start
        std::string current;
        while (in.next(row, line, wanted)) {
            if (static_cast<std::size_t>(id_column) >= row.size()) continue;
            const std::string_view id = trim_fast(row[static_cast<std::size_t>(id_column)]);
            if (id.empty() || id == current) continue;
            current.assign(id);
            const auto [it, inserted] = first_line.emplace(current, line);
            if (!inserted) {
                why_not = "the rows of " + current + " are not together (lines " + std::to_string(it->second) +
                          " and " + std::to_string(line) + ")";
                return false;
            }
        }
        return true;
    }

    void start_streaming(const ReadOptions& options) {
        file = open();
        file->refill(0);
        (void)options;
        cursor = std::make_unique<detail::CsvCursor>(file->buffer(), path, detect_delimiter(path, file->buffer()));
        int line = 0;
        next_row(*file, *cursor, cells, line);  // the header, checked by scan()
    }

    void read_in_memory(const ReadOptions& options) {
        const std::string text = decode(content ? *content : read_whole_file(path), path, options);
        std::unordered_map<std::string, std::size_t> index;
        if (is_json(path, text)) {
            RecordFile rf = parse_record_file(text, path, options);
            if (profiles.empty()) {
                profiles = std::move(rf.profiles);
                index_profiles();
            }
            sessions = std::any_of(rf.records.begin(), rf.records.end(), [](const Record& r) { return r.date.has_value(); });
            subjects = group_subjects(std::move(rf.records), profiles);
            problems.resize(subjects.size());
            total = subjects.size();
            for (const Subject& s : subjects)
                if (const auto it = profile_by_id.find(s.profile.subject_id); it != profile_by_id.end())
                    matched[static_cast<std::size_t>(it->second - profiles.data())] = true;
            return;
        }
        detail::CsvCursor all(text, path, detect_delimiter(path, text));
        int line = 0;
        Problems header_problems(path);
        if (all.next(cells, line) != detail::CsvCursor::Status::row) {
            header_problems.add("R003",
                                "the file is empty: expected a header row with the columns " + required_columns<Record>(),
                                0, 0);
            header_problems.throw_if_any();
        }
        layout = read_header<Record>(cells, line, header_problems);
        sessions = layout.sessions;
        header_problems.throw_if_any();
        id_column = layout.column_of(InputField::student_id);
        std::size_t current = 0;  // rows without a readable id go with the row before
        Record record;
        while (all.next(cells, line) == detail::CsvCursor::Status::row) {
            const std::string_view id = static_cast<std::size_t>(id_column) < cells.size()
                                            ? trim_fast(cells[static_cast<std::size_t>(id_column)])
                                            : std::string_view();
            if (!id.empty() || subjects.empty()) {
                const auto [it, inserted] = index.emplace(std::string(id), subjects.size());
                if (inserted) {
                    attach_profile(subjects.emplace_back(), it->first);
                    problems.emplace_back();
                }
                current = it->second;
            }
            Problems row_problems(path);
            Converter cv(row_problems);
            record = Record{};
            if (read_row(layout, cells, line, record, cv, row_problems) == RowRead::item)
                subjects[current].records.push_back(std::move(record));
            for (Diagnostic& d : row_problems.take()) problems[current].push_back(std::move(d));
        }
        // Blank rows before the first student id make an empty group: drop it.
        if (!subjects.empty() && subjects.front().profile.subject_id.empty() && subjects.front().records.empty() &&
            problems.front().empty()) {
            subjects.erase(subjects.begin());
            problems.erase(problems.begin());
        }
        total = subjects.size();
    }

    void index_profiles() {
        matched.assign(profiles.size(), false);
        profile_by_id.clear();
        for (const Profile& p : profiles) profile_by_id.emplace(p.subject_id, &p);  // the first wins
    }

    bool next_streamed(Subject& subject, std::vector<Diagnostic>& out) {
        Problems row_problems(path);
        Converter cv(row_problems);
        std::string current;
        std::size_t n = 0;
        bool any_row = false;
        int line = 0;
        while (true) {
            if (next_row(*file, *cursor, cells, line) != detail::CsvCursor::Status::row) break;
            const std::string_view id = static_cast<std::size_t>(id_column) < cells.size()
                                            ? trim_fast(cells[static_cast<std::size_t>(id_column)])
                                            : std::string_view();
            if (!id.empty()) {
                if (current.empty()) {
                    current.assign(id);
                } else if (id != current) {
                    cursor->unread();  // the first row of the next subject
                    break;
                }
            }
            any_row = true;
            if (n == subject.records.size()) subject.records.emplace_back();
            if (read_row(layout, cells, line, subject.records[n], cv, row_problems) == RowRead::item) ++n;
        }
        subject.records.resize(n);
        out = row_problems.take();
        if (!any_row || (current.empty() && n == 0 && out.empty())) return false;  // only blank rows were left
        attach_profile(subject, current);
        return true;
    }
};

SubjectReader::SubjectReader(const std::string& records_path, std::vector<Profile> profiles, const ReadOptions& options)
    : SubjectReader(TextInput{std::string(), records_path}, std::move(profiles), options, false) {}

SubjectReader::SubjectReader(TextInput records, std::vector<Profile> profiles, const ReadOptions& options)
    : SubjectReader(std::move(records), std::move(profiles), options, true) {}

SubjectReader::SubjectReader(TextInput records, std::vector<Profile> profiles, const ReadOptions& options,
                             bool from_text)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = std::move(records.name);
    if (from_text) impl_->content = std::move(records.content);
    impl_->profiles = std::move(profiles);
    impl_->index_profiles();
    impl_->streaming = impl_->scan(options);
    if (impl_->streaming) impl_->start_streaming(options);
    else impl_->read_in_memory(options);
    impl_->count_roster_only();
}

SubjectReader::SubjectReader(const std::string& records_path, const ProfilesFile& profiles, const ReadOptions& options)
    : impl_(std::make_unique<Impl>()) {
    const std::string& profiles_path = profiles.path;
    impl_->path = records_path;
    impl_->streaming = impl_->scan(options);
    if (!profiles_path.empty() && !impl_->scan_profiles(profiles_path, options)) {
        impl_->profiles = read_profiles(profiles_path, options);
        impl_->index_profiles();
    }
    if (impl_->streaming) impl_->start_streaming(options);
    else impl_->read_in_memory(options);
    impl_->count_roster_only();
}

SubjectReader::~SubjectReader() = default;

bool SubjectReader::next(Subject& subject, std::vector<Diagnostic>& problems) {
    Impl& m = *impl_;
    if (m.roster_only.empty() && !m.records_done) {
        if (m.streaming) {
            if (m.next_streamed(subject, problems)) return true;
        } else if (m.next_subject < m.subjects.size()) {
            subject = std::move(m.subjects[m.next_subject]);
            problems = std::move(m.problems[m.next_subject]);
            ++m.next_subject;
            return true;
        }
        m.records_done = true;
    }
    if (m.roster_only.empty()) m.next_roster_only();
    if (m.roster_only.empty()) return false;
    subject.profile = std::move(m.roster_only.front());
    subject.profile.present = true;
    m.roster_only.pop_front();
    subject.records.clear();
    problems.clear();
    return true;
}

std::size_t SubjectReader::subjects() const noexcept { return impl_->total; }
bool SubjectReader::streaming() const noexcept { return impl_->streaming; }
bool SubjectReader::sessions() const noexcept { return impl_->sessions; }
bool SubjectReader::profiles_streamed() const noexcept { return impl_->join != Impl::Join::index; }
const std::string& SubjectReader::why_not_streaming() const noexcept { return impl_->why_not; }

}  // namespace libaudit
