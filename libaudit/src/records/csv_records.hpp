// Internal: records and profiles from CSV/TSV text: the header row mapped to fields, each data
// row read into a Record or Profile. Shared by the whole-file reader and the SubjectReader.
#pragma once
#include <libaudit/records.hpp>

#include "records/cells.hpp"
#include "records/fields.hpp"
#include "records/problems.hpp"

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// A header row mapped to the fields of one table (record_fields or profile_fields).
struct CsvLayout {
    const std::initializer_list<InputFieldDef>* defs = nullptr;
    std::vector<std::string> names;                  // trimmed header texts
    std::vector<const InputFieldDef*> column_field;  // per column: its field, or null (an extra, or unnamed)
    std::vector<int> field_column;                   // per field (index in defs): its column, or -1
    bool sessions = false;                           // records with a date column: training sessions
    bool id_from_national_id = false;                // profiles without an id column, keyed by national ID
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
// required columns are reported. T: Record or Profile.
template <class T>
CsvLayout read_header(const std::vector<std::string_view>& header, int line, Problems& problems);

enum class RowRead { item, skipped, bad };

// Reads one data row into `item` (default-constructed, or a record of the same file to reuse its
// storage: every column of the layout is assigned again): `skipped` for a blank row (e.g. ",,,,"
// that spreadsheets write), `bad` when it has the wrong number of cells (reported).
template <class T>
RowRead read_row(const CsvLayout& layout, const std::vector<std::string_view>& cells, int line, T& item, Converter& cv,
                 Problems& problems);

// A whole CSV/TSV text (UTF-8, no BOM) as records or profiles; InputError with every problem.
template <class T> std::vector<T> parse_csv_table(std::string_view text, const std::string& name);

}}}  // namespace libaudit::v0::detail
