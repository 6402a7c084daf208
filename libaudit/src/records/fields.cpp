// The column and key tables of records and profiles (English names and Chinese aliases), and
// looking a header or key up in them.
#include "records/fields.hpp"

#include "records/cell_text.hpp"

namespace libaudit::detail {

const std::initializer_list<InputFieldDef> record_fields = {
    {InputField::student_id, "student_id", {"學號", "教師編號", "身分證字號", "身分證統一編號"}, true},
    {InputField::code, "code", {"科目代碼", "課號", "課程代碼"}, true},
    {InputField::offering, "offering", {"開課號", "開課序號"}, false},
    {InputField::title, "title", {"科目名稱", "課程名稱", "研習名稱"}, false},
    {InputField::term, "term", {"學年期", "開課學年期"}, true},
    {InputField::credits, "credits", {"學分", "學分數"}, true},
    {InputField::grade, "grade", {"成績"}, true},
    {InputField::dept, "dept", {"開課系所", "開課單位"}, false},
    {InputField::school, "school", {"開課學校"}, false},
    {InputField::category, "category", {"類別", "課程類別", "班別性質"}, false},
    {InputField::tags, "tags", {"標籤"}, false},
    {InputField::selected, "selected", {"勾選", "彈性學分"}, false},
    {InputField::approved, "approved", {"核准", "系所核准"}, false},
    // Training sessions (in-service hours platform exports). A file with a `date` column is a
    // session file: term, grade and credits are then optional (see session_optional).
    {InputField::date, "date", {"研習日期", "開始日期", "課程開始日期"}, false},
    {InputField::end_date, "end_date", {"結束日期", "課程結束日期"}, false},
    {InputField::hours, "hours", {"時數", "研習時數"}, false},
};

const std::initializer_list<InputFieldDef> profile_fields = {
    {InputField::student_id, "student_id", {"學號", "教師編號"}, true},
    {InputField::name, "name", {"姓名"}, false},
    {InputField::english_name, "english_name", {"英文姓名"}, false},
    {InputField::national_id, "national_id", {"身分證字號", "身分證統一編號"}, false},
    {InputField::email, "email", {"電子信箱", "電子郵件"}, false},
    {InputField::mobile, "mobile", {"手機", "行動電話"}, false},
    {InputField::programme, "programme", {"班別", "學制班別", "policy", "適用規定"}, false},
    {InputField::entry_year, "entry_year", {"入學學年度"}, false},
    {InputField::semesters, "semesters", {"在學學期數"}, false},
    {InputField::teacher_education_pending, "teacher_education_pending", {"教程待修"}, false},
    {InputField::role, "role", {"身分別", "職務類別"}, false},
    {InputField::employed_from, "employed_from", {"到職日", "到職日期"}, false},
    {InputField::employed_to, "employed_to", {"離職日", "離職日期"}, false},
};

bool session_optional(InputField f) noexcept { return f == InputField::term || f == InputField::grade || f == InputField::credits; }

const InputFieldDef* find_field(const std::initializer_list<InputFieldDef>& defs, std::string_view header) {
    for (const InputFieldDef& def : defs) {
        if (iequals(header, def.canonical)) return &def;
        for (std::string_view alias : def.aliases)
            if (header == alias) return &def;
    }
    return nullptr;
}

std::string accepted_names(const InputFieldDef& def) {
    std::string out(def.canonical);
    for (std::string_view alias : def.aliases) {
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

}  // namespace libaudit::detail
