// A planned-courses file for a what-if audit (docs/what-if.md): a CSV/TSV with the transcript's
// columns, or JSON records with the transcript's keys (read by the JSON transcript reader after the
// same checks, by JSON path). The header is checked first (a column the transcript does not have, a grade); the rows
// are then read by the transcript reader itself, with the student id and the grade columns added
// at the end when the file has none (so every other cell keeps its line and column).
#include <libaudit/records.hpp>

#include "base/edit_distance.hpp"
#include "base/utf8.hpp"
#include "input/csv.hpp"
#include "input/input_text.hpp"
#include "records/cell_text.hpp"
#include "records/csv_records.hpp"
#include "records/fields.hpp"
#include "records/json_records.hpp"
#include "records/problems.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace libaudit { inline namespace v0 {
namespace {

// Stands for the audited subject in a plan without a student id column (R008 needs a value).
constexpr std::string_view any_subject = "*";

std::u32string code_points(std::string_view s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) out.push_back(detail::decode_utf8(s, i));
    return out;
}

// The accepted name closest to `header` (English names, Chinese aliases; by characters), or "".
std::string closest_column(const std::string& header) {
    const std::u32string h = code_points(header);
    std::string best;
    std::size_t best_d = std::max<std::size_t>(1, h.size() / 3) + 1;
    auto consider = [&](std::string_view name) {
        const std::size_t d = detail::edit_distance(h, code_points(name));
        if (d < best_d) best_d = d, best = std::string(name);
    };
    for (const auto& def : detail::record_fields) {
        consider(def.canonical);
        for (std::string_view alias : detail::field_aliases(def)) consider(alias);
    }
    return best;
}

std::string quoted(const std::string& cell) {
    std::string out = "\"";
    for (char ch : cell) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return out + "\"";
}

struct Header {
    bool has_id = false;
    bool has_grade = false;
};

// P001 for a column the transcript does not have, P002 for a grade written in a plan.
Header check_plan(const std::vector<detail::CsvRow>& rows, detail::Problems& problems) {
    Header h;
    const detail::CsvRow& head = rows.front();
    int grade_column = -1;
    for (std::size_t j = 0; j < head.cells.size(); ++j) {
        const std::string name(detail::trim(head.cells[j]));
        if (name.empty()) continue;
        const detail::InputFieldDef* def = detail::find_field(detail::record_fields, name);
        if (!def) {
            const std::string best = closest_column(name);
            problems.add("P001", {}, {{"column", name}, {"hint", best.empty() ? "" : "suggest"}, {"suggestion", best}},
                         head.line, static_cast<int>(j) + 1, name);
            continue;
        }
        if (def->id == detail::InputField::student_id) h.has_id = true;
        if (def->id == detail::InputField::grade) h.has_grade = true, grade_column = static_cast<int>(j);
    }
    // Rows of another width are said here, with their own counts (the rebuilt rows have more cells).
    for (std::size_t i = 1; i < rows.size(); ++i)
        if (rows[i].cells.size() != head.cells.size())
            problems.add("R007", {},
                         {{"cells", std::to_string(rows[i].cells.size())}, {"width", std::to_string(head.cells.size())}},
                         rows[i].line, 0);
    for (std::size_t i = 1; grade_column >= 0 && i < rows.size(); ++i) {
        const auto& cells = rows[i].cells;
        const auto g = static_cast<std::size_t>(grade_column);
        if (g < cells.size() && !detail::trim(cells[g]).empty())
            problems.add("P002", {}, {{"grade", std::string(detail::trim(cells[g]))}}, rows[i].line, grade_column + 1);
    }
    return h;
}

// P001 for a key the transcript does not have, P002 for a grade: check_plan's rules for JSON.
void check_json_key(detail::Problems& problems, const std::string& path, const std::string& key,
                    const std::string& value) {
    const std::string name(detail::trim(key));
    const std::string at = path.empty() ? name : path + "." + name;
    const detail::InputFieldDef* def = detail::find_field(detail::record_fields, name);
    if (!def) {
        const std::string best = closest_column(name);
        problems.add("P001", "diag.P001.json",
                     {{"at", at}, {"column", name}, {"hint", best.empty() ? "" : "suggest"}, {"suggestion", best}}, 0, 0,
                     name, at);
    } else if (def->id == detail::InputField::grade && !detail::trim(value).empty()) {
        problems.add("P002", "diag.P002.json", {{"at", at}, {"grade", std::string(detail::trim(value))}}, 0, 0, name, at);
    }
}

bool is_yaml(const std::string& name) {
    const std::size_t dot = name.rfind('.');
    if (dot == std::string::npos) return false;
    std::string ext = name.substr(dot + 1);
    for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    return ext == "yaml" || ext == "yml";
}

// The plan as a transcript: the rows at their own lines, the missing columns added at the end.
std::string as_transcript(const std::vector<detail::CsvRow>& rows, const Header& h, char delimiter) {
    std::string out;
    int line = 1;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        for (; line < rows[i].line; ++line) out += '\n';
        std::string row;
        for (const auto& cell : rows[i].cells) {
            if (!row.empty()) row += delimiter;
            row += quoted(cell);
            line += static_cast<int>(std::count(cell.begin(), cell.end(), '\n'));
        }
        if (!h.has_id) row += std::string(1, delimiter) + (i == 0 ? "student_id" : std::string(any_subject));
        if (!h.has_grade) row += std::string(1, delimiter) + (i == 0 ? "grade" : "");
        out += row;
    }
    return out;
}

// The records read, for the subject audited where they name `any_subject`, marked planned.
PlanFile planned(std::vector<Record> records) {
    PlanFile plan;
    plan.records = std::move(records);
    for (Record& r : plan.records) {
        if (r.subject_id == any_subject) r.subject_id.clear();
        r.planned = true;
    }
    return plan;
}

}  // namespace

bool PlanFile::ok() const {
    return std::none_of(diagnostics.begin(), diagnostics.end(),
                        [](const Diagnostic& d) { return d.severity == Severity::error; });
}

PlanFile parse_plan(const std::string& content, const std::string& name, const ReadOptions& options) {
    PlanFile plan;
    detail::Problems problems(name);
    try {
        const std::string text = detail::decode_input(content, name, options);
        if (is_yaml(name)) {
            problems.add("P003", {}, {}, 1, 1);
            plan.diagnostics = problems.take();
            return plan;
        }
        if (detail::input_is_json(name, text))
            return planned(detail::parse_json_plan(text, name, std::string(any_subject), check_json_key));
        const char delimiter = detail::input_delimiter(name, text);
        const std::vector<detail::CsvRow> rows = detail::parse_csv(text, name, delimiter);
        if (rows.empty()) return plan;
        const Header h = check_plan(rows, problems);
        if (!problems.empty()) {
            plan.diagnostics = problems.take();
            return plan;
        }
        plan.records = detail::parse_csv_table<Record>(as_transcript(rows, h, delimiter), name);
    } catch (const InputError& e) {
        plan.diagnostics = e.diagnostics();
        plan.records.clear();
        return plan;
    }
    return planned(std::move(plan.records));
}

std::vector<Record> read_plan(const std::string& path, const ReadOptions& options) {
    PlanFile plan = parse_plan(detail::read_input_file(path), path, options);
    if (!plan.ok()) throw InputError(std::move(plan.diagnostics));
    return std::move(plan.records);
}

}}  // namespace libaudit::v0
