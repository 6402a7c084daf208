// The column and key tables of records and profiles (English names; the Chinese aliases are read
// once from libaudit/data/columns.txt), and looking a header or key up in them.
#include "records/fields.hpp"

#include "records/cell_text.hpp"

#include <functional>
#include <unordered_map>

namespace libaudit { inline namespace v0 { namespace detail {

const std::initializer_list<InputFieldDef> record_fields = {
    {InputField::student_id, "student_id", true},
    {InputField::code, "code", true},
    {InputField::offering, "offering", false},
    {InputField::title, "title", false},
    {InputField::term, "term", true},
    {InputField::credits, "credits", true},
    {InputField::grade, "grade", true},
    {InputField::dept, "dept", false},
    {InputField::school, "school", false},
    {InputField::category, "category", false},
    {InputField::tags, "tags", false},
    {InputField::selected, "selected", false},
    {InputField::approved, "approved", false},
    // Training sessions (in-service hours platform exports). A file with a `date` column is a
    // session file: term, grade and credits are then optional (see session_optional).
    {InputField::date, "date", false},
    {InputField::end_date, "end_date", false},
    {InputField::hours, "hours", false},
};

const std::initializer_list<InputFieldDef> profile_fields = {
    {InputField::student_id, "student_id", true},
    {InputField::name, "name", false},
    {InputField::english_name, "english_name", false},
    {InputField::national_id, "national_id", false},
    {InputField::email, "email", false},
    {InputField::mobile, "mobile", false},
    {InputField::programme, "programme", false},
    {InputField::entry_year, "entry_year", false},
    {InputField::semesters, "semesters", false},
    {InputField::teacher_education_pending, "teacher_education_pending", false},
    {InputField::role, "role", false},
    {InputField::employed_from, "employed_from", false},
    {InputField::employed_to, "employed_to", false},
    {InputField::submitted, "submitted", false},
};

namespace {

// columns.inc defines columns_data_text: libaudit/data/columns.txt (libaudit/CMakeLists.txt).
#include <columns.inc>

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// The aliases of each field, by table ("records", "profiles") and field, as views into the text.
using AliasTable = std::unordered_map<std::string_view, std::vector<std::string_view>>;
struct Aliases {
    AliasTable records, profiles;
};

Aliases parse_aliases(std::string_view text) {
    Aliases out;
    AliasTable* table = nullptr;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = trimmed(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        if (line.empty() || line.front() == '#') continue;
        if (line == "[records]" || line == "[profiles]") {
            table = line == "[records]" ? &out.records : &out.profiles;
            continue;
        }
        const std::size_t eq = line.find('=');
        if (eq == std::string_view::npos || table == nullptr) continue;  // records_test rejects such lines
        std::vector<std::string_view>& names = (*table)[trimmed(line.substr(0, eq))];
        std::string_view rest = line.substr(eq + 1);
        while (!rest.empty()) {
            const std::size_t comma = rest.find(',');
            if (const std::string_view name = trimmed(rest.substr(0, comma)); !name.empty()) names.push_back(name);
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
    }
    return out;
}

// Per field of record_fields and profile_fields, by position: its aliases, so that looking a
// header or key up (per JSON key of every object) needs no map.
struct ByPosition {
    std::vector<std::vector<std::string_view>> records, profiles;
};

std::vector<std::vector<std::string_view>> by_position(const std::initializer_list<InputFieldDef>& defs, AliasTable& table) {
    std::vector<std::vector<std::string_view>> out;
    for (const InputFieldDef& def : defs) out.push_back(std::move(table[def.canonical]));
    return out;
}

const ByPosition& aliases() {
    static const ByPosition parsed = [] {
        Aliases a = parse_aliases(columns_data_text);
        return ByPosition{by_position(record_fields, a.records), by_position(profile_fields, a.profiles)};
    }();
    return parsed;
}

bool within(const std::initializer_list<InputFieldDef>& defs, const InputFieldDef* def) {
    const std::less<const InputFieldDef*> before;
    return !before(def, defs.begin()) && before(def, defs.end());
}

}  // namespace

const std::vector<std::string_view>& field_aliases(const InputFieldDef& def) {
    static const std::vector<std::string_view> none;
    if (within(record_fields, &def)) return aliases().records[static_cast<std::size_t>(&def - record_fields.begin())];
    if (within(profile_fields, &def)) return aliases().profiles[static_cast<std::size_t>(&def - profile_fields.begin())];
    return none;
}

bool session_optional(InputField f) noexcept { return f == InputField::term || f == InputField::grade || f == InputField::credits; }

const InputFieldDef* find_field(const std::initializer_list<InputFieldDef>& defs, std::string_view header) {
    for (const InputFieldDef& def : defs) {
        if (iequals(header, def.canonical)) return &def;
        for (std::string_view alias : field_aliases(def))
            if (header == alias) return &def;
    }
    return nullptr;
}

std::string accepted_names(const InputFieldDef& def) {
    std::string out(def.canonical);
    for (std::string_view alias : field_aliases(def)) {
        out += ", ";
        out += alias;
    }
    return out;
}

std::string required_columns(const std::initializer_list<InputFieldDef>& defs) {
    std::string columns;
    for (const InputFieldDef& def : defs) {
        if (!def.required) continue;
        if (!columns.empty()) columns += ", ";
        columns += def.canonical;
    }
    return columns;
}

}}}  // namespace libaudit::v0::detail
