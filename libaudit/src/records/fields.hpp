// Internal: the fields of a record and of a profile, and the names that give them: a CSV
// column header or a JSON key, English names case-insensitively, Chinese aliases exactly (the
// aliases are data: libaudit/data/columns.txt).
#pragma once
#include <libaudit/records.hpp>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

enum class InputField {
    // transcript records
    student_id, code, offering, title, term, credits, grade, dept, school, category, tags, selected, approved,
    date, end_date, hours,
    // profiles (student_id shared)
    name, english_name, national_id, email, mobile, programme, entry_year, semesters, teacher_education_pending,
    role, employed_from, employed_to, submitted,
};

struct InputFieldDef {
    InputField id;
    std::string_view canonical;  // English name, matched case-insensitively
    bool required;
};

// The fields of a transcript record or training session, and of a profile.
extern const std::initializer_list<InputFieldDef> record_fields;
extern const std::initializer_list<InputFieldDef> profile_fields;

template <class T> const std::initializer_list<InputFieldDef>& fields_for();
template <> inline const std::initializer_list<InputFieldDef>& fields_for<Record>() { return record_fields; }
template <> inline const std::initializer_list<InputFieldDef>& fields_for<Profile>() { return profile_fields; }

// In a session file (records with a `date` column) these transcript columns are optional; a
// profile file without a student id column is keyed by its national ID column.
bool session_optional(InputField f) noexcept;

// The other names of a field of record_fields or profile_fields (Chinese, matched exactly), from
// libaudit/data/columns.txt in its order.
const std::vector<std::string_view>& field_aliases(const InputFieldDef& def);

// The field a header or key names (trimmed text), or null.
const InputFieldDef* find_field(const std::initializer_list<InputFieldDef>& defs, std::string_view header);
// "credits, 學分, 學分數": the names a field is accepted under, for messages.
std::string accepted_names(const InputFieldDef& def);
// "student_id, code, term, credits, grade": the required columns, for messages.
std::string required_columns(const std::initializer_list<InputFieldDef>& defs);
template <class T> std::string required_columns() { return required_columns(fields_for<T>()); }

}}}  // namespace libaudit::v0::detail
