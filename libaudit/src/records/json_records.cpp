// Records and profiles from JSON: syntax errors located by line and character column, each
// object's keys matched to fields (read_json_object's named steps), bad keys and values located
// by their JSON path, required keys checked, duplicate profiles reported.
#include "records/json_records.hpp"

#include "base/number.hpp"
#include "input/input_text.hpp"
#include "records/cell_text.hpp"
#include "records/cells.hpp"
#include "records/fields.hpp"
#include "records/problems.hpp"

#include <libaudit/validators.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>

#include <cmath>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>

namespace libaudit { inline namespace v0 { namespace detail {

namespace json = boost::json;

// Parses `text` as one JSON document; syntax errors are R020 located by line and character column.
namespace {

// Throws R020 located at `offset` of `text` (line, character column, the line itself).
[[noreturn]] void json_error(std::string_view text, std::size_t offset, const std::string& name, std::string key,
                             MessageParams params) {
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
    problems.add("R020", std::move(key), std::move(params), line, column, {}, {},
                 std::string(text.substr(line_start, line_end - line_start)));
    problems.throw_if_any();
    throw std::logic_error("unreachable");
}

// A key twice in one object: Boost.JSON keeps the last and says nothing, so a record
// {"credits": 3, ..., "credits": 30} would count 30 without a word. Scans the (valid) text once.
void check_duplicate_keys(std::string_view t, const std::string& name) {
    std::vector<std::unordered_map<std::string_view, std::size_t>> objects;  // the keys of each open object
    std::vector<char> open;
    bool expect_key = false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '"') {
            std::size_t j = i + 1;
            while (j < t.size() && t[j] != '"') j += t[j] == '\\' ? 2 : 1;
            if (expect_key) {
                const std::string_view key = t.substr(i + 1, j - i - 1);
                const auto [at, added] = objects.back().emplace(key, i);
                if (!added) {
                    int first_line = 1;
                    for (std::size_t k = 0; k < at->second; ++k) first_line += t[k] == '\n' ? 1 : 0;
                    json_error(t, i, name, "diag.R020.duplicate_key",
                               {{"key", mask_if_national_id(std::string(key))}, {"first_line", std::to_string(first_line)}});
                }
                expect_key = false;
            }
            i = j;
        } else if (c == '{' || c == '[') {
            open.push_back(c);
            if (c == '{') objects.emplace_back();
            expect_key = c == '{';
        } else if (c == '}' || c == ']') {
            if (open.empty()) return;  // not reached for valid JSON
            if (open.back() == '{') objects.pop_back();
            open.pop_back();
            expect_key = false;
        } else if (c == ',') {
            expect_key = !open.empty() && open.back() == '{';
        }
    }
}

}  // namespace

json::value parse_json_text(std::string_view text, const std::string& name) {
    json::stream_parser parser;
    boost::system::error_code ec;
    std::size_t offset = parser.write_some(text.data(), text.size(), ec);
    if (!ec && offset == text.size() && !parser.done()) {
        parser.finish(ec);
        offset = text.size();
    }
    if (ec) json_error(text, offset, name, "diag.R020", {{"reason", ec.message()}});  // the parser's reason (English)
    if (text.find_first_not_of(" \t\r\n", offset) != std::string_view::npos)
        json_error(text, text.find_first_not_of(" \t\r\n", offset), name, "diag.R020.trailing", {});
    check_duplicate_keys(text, name);
    return parser.release();
}

// "an object", "an array", "a string", "a boolean", "null", "a number": for type errors.
const char* json_kind(const json::value& v) {
    switch (v.kind()) {
    case json::kind::object: return "object";
    case json::kind::array: return "array";
    case json::kind::string: return "string";
    case json::kind::bool_: return "boolean";
    case json::kind::null: return "null";
    default: return "number";
    }
}

namespace {

std::string number_text(double v) {
    if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
    return format_shortest(v);
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
    case InputField::tags: return "tags";
    case InputField::credits:
    case InputField::hours: return "number";
    case InputField::term: return "term";
    case InputField::selected:
    case InputField::approved:
    case InputField::teacher_education_pending: return "boolean";
    case InputField::entry_year:
    case InputField::semesters: return "integer";
    default: return "string";
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
        : defs_(fields_for<T>()), path_(path), cv_(cv),
          problems_(problems), seen_key_(defs_.size()) {}

    T read(const json::value& v, int index) {
        T item{};
        if constexpr (std::is_same_v<T, Record>) item.source_row = index;
        else item.present = true;
        if (!v.is_object()) {
            problems_.add("R021", at_key("diag.R021"), at({{"expected", "object"}, {"got", json_kind(v)}}), 0, 0, {}, path_);
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
            problems_.add("R005", at_key("diag.R005.keys"),
                          at({{"first", first}, {"key", std::string(key)}, {"field", std::string(def->canonical)}}), 0, 0,
                          std::string(key), path_);
            return;
        }
        first = std::string(key);
        if (def->id == InputField::student_id) id_where_ = w;
        if (def->id == InputField::code) code_where_ = w;
        if (def->id == InputField::date) date_where_ = w;
        if (!to_cell(entry.value(), cell_) || (cell_.type == Cell::Type::list && def->id != InputField::tags)) {
            problems_.add("R021", {}, {{"at", w.path}, {"expected", expected_json(def->id)}, {"got", json_kind(entry.value())}},
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

    // Messages about the object at path_: the key `key`, or `key`.top for the top level, whose
    // parameter `at` is the path.
    std::string at_key(const char* key) const { return path_.empty() ? std::string(key) + ".top" : std::string(key); }
    MessageParams at(MessageParams params) const {
        if (!path_.empty()) params.insert(params.begin(), {"at", path_});
        return params;
    }

    // A required key absent: its English name and aliases (the student id's first alias only, the
    // one every student id file has).
    void missing(const char* code, InputField f) {
        for (const InputFieldDef& def : defs_) {
            if (def.id != f) continue;
            const auto& names = field_aliases(def);
            std::string aliases;
            for (std::size_t i = 0; i < names.size() && (i == 0 || f != InputField::student_id); ++i)
                aliases += (aliases.empty() ? "" : ", ") + std::string(names[i]);
            problems_.add(code, at_key("diag.missing_key"), at({{"key", std::string(def.canonical)}, {"aliases", aliases}}),
                          0, 0, {}, path_);
        }
    }

    void empty_id(const T& item) {
        if (present(InputField::student_id) && item.subject_id.empty())
            problems_.add("R008", {}, {{"at", id_where_.name()}}, 0, 0, std::string(id_where_.header),
                          id_where_.path);
    }

    // Required keys: absent, or present and empty. A profile without a student id is keyed by its
    // national ID.
    void check_required(const json::object& object, T& item) {
        if (!present(InputField::student_id) && (!std::is_same_v<T, Profile> || !present(InputField::national_id)))
            missing("R008", InputField::student_id);
        if constexpr (std::is_same_v<T, Record>) {
            if (!present(InputField::code)) missing("R009", InputField::code);
            if (!present(InputField::credits) && !cv_.sessions) missing("R010", InputField::credits);
            if (cv_.sessions && !item.date) {
                const json::value* d = date_value(object);
                if (d && (d->is_null() || (d->is_string() && trim(d->get_string()).empty())))
                    check_session(true, date_where_, problems_);
            }
            check_session_dates(item, date_where_, problems_);
            empty_id(item);
            if (present(InputField::code) && item.code.empty())
                problems_.add("R009", {}, {{"at", code_where_.name()}}, 0, 0,
                              std::string(code_where_.header), code_where_.path);
        } else {
            (void)object;
            if (!present(InputField::student_id) && !item.national_id.empty()) item.subject_id = item.national_id;
            empty_id(item);
        }
    }

    const std::initializer_list<InputFieldDef>& defs_;
    const std::string& path_;
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
        if (path.empty())
            problems.add("R021", "diag.R021.top", {{"expected", "array"}, {"got", json_kind(v)}}, 0, 0, {}, path);
        else
            problems.add("R021", {}, {{"at", path}, {"expected", "array"}, {"got", json_kind(v)}}, 0, 0, {}, path);
        return;
    }
    const json::array& array = v.get_array();
    out.reserve(out.size() + array.size());
    for (std::size_t i = 0; i < array.size(); ++i)
        out.push_back(read_json_object<T>(array[i], path + "[" + std::to_string(i) + "]", static_cast<int>(i) + 1, cv,
                                          problems));
}

void check_duplicate_profiles(const std::vector<Profile>& profiles, const std::string& path, Problems& problems) {
    std::unordered_map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < profiles.size(); ++i) {
        if (profiles[i].subject_id.empty()) continue;
        auto [it, inserted] = first.emplace(profiles[i].subject_id, i);
        if (!inserted) {
            const std::string at = path + "[" + std::to_string(i) + "]";
            problems.add("R015", "diag.R015.json",
                         {{"at", at}, {"id", mask_if_national_id(profiles[i].subject_id)}, {"first", path + "[" + std::to_string(it->second) + "]"}},
                         0, 0, {}, at);
        }
    }
}

}  // namespace

std::vector<Record> parse_json_records(std::string_view text, const std::string& name) {
    const json::value doc = parse_json_text(text, name);
    Problems problems(name);
    Converter cv(problems);
    std::vector<Record> out;
    if (doc.is_array()) {
        read_json_array(doc, "", out, cv, problems);
    } else if (doc.is_object() && doc.get_object().contains("records")) {
        read_json_array(doc.get_object().at("records"), "records", out, cv, problems);
    } else {
        problems.add("R021", "diag.R021.records_file", {{"got", json_kind(doc)}}, 0, 0);
    }
    problems.throw_if_any();
    return out;
}

namespace {

// Gives each key of each record object to `check_key`; adds the student id `any_subject` to an
// object without one.
void check_plan_objects(json::array& array, const std::string& prefix, const std::string& any_subject,
                        const PlanKeyCheck& check_key, Problems& problems) {
    Cell cell;
    for (std::size_t i = 0; i < array.size(); ++i) {
        if (!array[i].is_object()) continue;  // R021 from the record reader
        json::object& object = array[i].get_object();
        const std::string path = prefix + "[" + std::to_string(i) + "]";
        bool has_id = false;
        for (const auto& entry : object) {
            const std::string value = to_cell(entry.value(), cell) ? cell.text : std::string();
            check_key(problems, path, std::string(entry.key()), value);
            const InputFieldDef* def = find_field(record_fields, trim(entry.key()));
            if (def && def->id == InputField::student_id) has_id = true;
        }
        if (!has_id) object["student_id"] = any_subject;
    }
}

}  // namespace

std::vector<Record> parse_json_plan(std::string_view text, const std::string& name, const std::string& any_subject,
                                    const PlanKeyCheck& check_key) {
    json::value doc = parse_json_text(text, name);
    Problems problems(name);
    const bool wrapped = doc.is_object() && doc.get_object().contains("records");
    if (!doc.is_array() && !wrapped) {
        problems.add("R021", "diag.R021.records_file", {{"got", json_kind(doc)}}, 0, 0);
        problems.throw_if_any();
    }
    json::value& items = wrapped ? doc.get_object()["records"] : doc;
    const std::string prefix = wrapped ? "records" : "";
    if (items.is_array()) check_plan_objects(items.get_array(), prefix, any_subject, check_key, problems);
    Converter cv(problems);
    std::vector<Record> out;
    read_json_array(items, prefix, out, cv, problems);
    problems.throw_if_any();
    return out;
}

std::vector<Profile> parse_json_profiles(std::string_view text, const std::string& name) {
    const json::value doc = parse_json_text(text, name);
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
        problems.add("R021", "diag.R021.profiles_file", {{"got", json_kind(doc)}}, 0, 0);
    }
    problems.throw_if_any();
    return out;
}

}}}  // namespace libaudit::v0::detail
