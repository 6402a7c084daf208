// Records and profiles from CSV/TSV text: the header row mapped to the fields (duplicate and
// missing columns reported), each data row read through a fast path for values that need no
// message, the checked conversion (cells.hpp) for the rest.
#include "records/csv_records.hpp"

#include "input/csv.hpp"
#include "input/input_text.hpp"
#include "records/cell_text.hpp"

#include <libaudit/validators.hpp>

#include <algorithm>
#include <type_traits>
#include <unordered_map>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

// Credits written as a small whole number ("3"), the common case, without from_chars.
std::optional<double> small_whole_number(std::string_view v) noexcept {
    if (v.empty() || v.size() > 3) return std::nullopt;  // up to 999: below kMaxCredits
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
        if (!h || !(*h >= 0 && *h <= kMaxHours)) return false;
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

}  // namespace

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
                problems.add("R005", {},
                             {{"column", names[j]},
                              {"other", names[static_cast<std::size_t>(first)]},
                              {"other_column", std::to_string(first + 1)},
                              {"field", std::string(def->canonical)}},
                             line, column, names[j]);
                continue;
            }
            first = static_cast<int>(j);
            layout.column_field[j] = def;
        } else if (auto [it, inserted] = seen_extra.emplace(names[j], static_cast<int>(j)); !inserted) {
            problems.add("R005", "diag.R005.extra", {{"column", names[j]}, {"other_column", std::to_string(it->second + 1)}},
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
            problems.add("R006", {}, {{"field", std::string(def.canonical)}, {"accepted", accepted_names(def)}}, line, 0);
    }
    return layout;
}

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
        problems.add("R007", {}, {{"cells", std::to_string(cells.size())}, {"width", std::to_string(width)}}, line, 0);
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
        if (item.end_date) check_session_dates(item, layout.where(line, InputField::end_date), problems);
    } else {
        item.present = true;
    }
    return RowRead::item;
}

template <class T> std::vector<T> parse_csv_table(std::string_view text, const std::string& name) {
    CsvCursor cursor(text, name, input_delimiter(name, text));
    std::vector<std::string_view> cells;
    int line = 0;
    Problems problems(name);
    if (cursor.next(cells, line) != CsvCursor::Status::row) {
        problems.add("R003", {}, {{"columns", required_columns<T>()}}, 0, 0);
        problems.throw_if_any();
    }
    const CsvLayout layout = read_header<T>(cells, line, problems);
    problems.throw_if_any();

    Converter cv(problems);
    std::vector<T> out;
    // One row per line break, as a first guess (quoted line breaks and blank lines only waste a little).
    out.reserve(static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(cursor.offset()), text.end(), '\n')) + 1);
    std::unordered_map<std::string, int> profile_lines;  // profiles only: student id -> first line
    while (cursor.next(cells, line) == CsvCursor::Status::row) {
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
                    problems.add("R015", {},
                                 {{"id", mask_if_national_id(item.subject_id)}, {"first_line", std::to_string(it->second)}},
                                 w.line, w.column, std::string(w.header));
                }
            }
        }
    }
    if constexpr (std::is_same_v<T, Profile>) {
        // A profile file of a header alone would audit everyone as "no profile", exit 0: say it.
        if (out.empty() && problems.empty()) problems.add("R003", "diag.R003.no_rows", {}, line, 0);
    }
    problems.throw_if_any();
    return out;
}

template CsvLayout read_header<Record>(const std::vector<std::string_view>&, int, Problems&);
template CsvLayout read_header<Profile>(const std::vector<std::string_view>&, int, Problems&);
template RowRead read_row(const CsvLayout&, const std::vector<std::string_view>&, int, Record&, Converter&, Problems&);
template RowRead read_row(const CsvLayout&, const std::vector<std::string_view>&, int, Profile&, Converter&, Problems&);
template std::vector<Record> parse_csv_table<Record>(std::string_view, const std::string&);
template std::vector<Profile> parse_csv_table<Profile>(std::string_view, const std::string&);

}}}  // namespace libaudit::v0::detail
