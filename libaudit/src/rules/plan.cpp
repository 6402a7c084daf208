// A planned-courses file for a what-if audit (docs/what-if.md): a CSV/TSV with the transcript's
// columns, JSON records with the transcript's keys (read by the JSON transcript reader after the
// same checks, by JSON path), or YAML records (read by the strict YAML reader of this folder, each
// value located by its line and column). The header is checked first (a column the transcript does
// not have, a grade); the rows are then read by the transcript reader itself, with the student id
// and the grade columns added at the end when the file has none (so every other cell keeps its line
// and column). Given rule sets, a course none of them knows is an error unless the row is ticked
// (勾選) as a course outside the framework. It lives in rules/ (not records/) for the YAML reader
// and the rule sets.
#include <libaudit/records.hpp>
#include <libaudit/ruleset.hpp>

#include "base/edit_distance.hpp"
#include "base/utf8.hpp"
#include "input/csv.hpp"
#include "input/input_text.hpp"
#include "records/cell_text.hpp"
#include "records/csv_records.hpp"
#include "records/fields.hpp"
#include "records/json_records.hpp"
#include "records/problems.hpp"
#include "rules/model.hpp"
#include "rules/yaml_reader.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
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
    int code_column = -1;  // 0-based, -1: none
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
        if (def->id == detail::InputField::code) h.code_column = static_cast<int>(j);
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

// ---- YAML plans: a list of records (or `records:` holding it), keys as in a JSON transcript.

// The records as a table: one column per key in order of first appearance, one row per record, and
// where each record and each value stands in the YAML text (to locate what the transcript reader says).
struct YamlTable {
    std::vector<std::string> keys;
    std::vector<std::vector<std::string>> rows;
    std::vector<SourceLocation> at_record;
    std::vector<std::map<std::size_t, SourceLocation>> at_cell;  // per record: column -> its value
};

class PlanYamlReader : public detail::YamlReader {
public:
    using YamlReader::YamlReader;
    YamlTable table;

    void read(const YAML::Node& root) {
        tags(root);
        if (root.IsMap()) {
            bool other = false;
            for (const auto& kv : root)
                if (kv.first.Scalar() != "records")
                    problem(kv.first, "P003", "diag.P003.key", {{"key", kv.first.Scalar()}}), other = true;
            if (!root["records"]) {
                if (!other) problem(root, "P003", {}, {{"got", got(root)}});
                return;
            }
            return read_list(root["records"]);
        }
        read_list(root);
    }

    // A problem with a P code, located at `at` (the catalogue's diag.<code> unless `key`).
    void problem(const YAML::Node& at, const std::string& code, const std::string& key, MessageParams params) {
        Diagnostic d;
        d.code = code;
        d.message_code = key.empty() ? "diag." + code : key;
        d.message = message_text(Language::en, d.message_code, params);
        d.params = std::move(params);
        d.where = where(at);
        d.source_line = source_line(d.where.line);
        diagnostics.push_back(std::move(d));
    }

private:
    void read_list(const YAML::Node& list) {
        if (!list.IsSequence()) return problem(list, "P003", {}, {{"got", got(list)}});
        for (std::size_t i = 0; i < list.size(); ++i) read_record(list[i]);
    }

    std::size_t column(const std::string& key) {
        const auto it = std::find(table.keys.begin(), table.keys.end(), key);
        if (it != table.keys.end()) return static_cast<std::size_t>(it - table.keys.begin());
        table.keys.push_back(key);
        for (auto& row : table.rows) row.emplace_back();
        return table.keys.size() - 1;
    }

    void read_record(const YAML::Node& item) {
        if (!item.IsMap()) return problem(item, "P003", "diag.P003.record", {{"got", got(item)}});
        table.rows.emplace_back(table.keys.size());
        table.at_record.push_back(where(item));
        table.at_cell.emplace_back();
        std::set<std::string> seen;  // by field: `code` and 科目代碼 are one key
        for (const auto& kv : item) {
            const std::string key = kv.first.Scalar();
            const std::optional<std::string> value = cell(kv.second, key);
            if (!value) continue;
            const detail::InputFieldDef* def = check_key(kv.first, key, *value);
            if (!def) continue;
            if (!seen.insert(std::string(def->canonical)).second) {
                report(kv.first, "E011.duplicate_key", {{"key", key}, {"context", "record"}});
                continue;
            }
            const std::size_t j = column(std::string(def->canonical));
            table.rows.back()[j] = *value;
            table.at_cell.back()[j] = where(kv.second.IsNull() ? kv.first : kv.second);
        }
    }

    // A value as a transcript cell: a scalar as written, null as empty, a list of scalars (tags) joined
    // by ';' as a transcript writes tags; anything else E012.
    std::optional<std::string> cell(const YAML::Node& v, const std::string& key) {
        if (v.IsNull()) return std::string();
        if (v.IsScalar()) return v.Scalar();
        std::string joined;
        if (v.IsSequence()) {
            for (const auto& item : v) {
                if (!item.IsScalar()) break;
                joined += (joined.empty() ? "" : ";") + item.Scalar();
            }
            if (std::all_of(v.begin(), v.end(), [](const YAML::Node& i) { return i.IsScalar(); })) return joined;
        }
        report(v, "E012.not_text", {{"key", key}, {"got", got(v)}});
        return std::nullopt;
    }

    // P001 for a key the transcript does not have, P002 for a grade: check_plan's rules for YAML.
    // The key's field, or nullptr after the problem.
    const detail::InputFieldDef* check_key(const YAML::Node& at, const std::string& key, const std::string& value) {
        const detail::InputFieldDef* def = detail::find_field(detail::record_fields, std::string(detail::trim(key)));
        if (!def) {
            const std::string best = closest_column(key);
            problem(at, "P001", {}, {{"column", key}, {"hint", best.empty() ? "" : "suggest"}, {"suggestion", best}});
            return nullptr;
        }
        if (def->id == detail::InputField::grade && !detail::trim(value).empty()) {
            problem(at, "P002", {}, {{"grade", std::string(detail::trim(value))}});
            return nullptr;
        }
        return def;
    }
};

// A diagnostic of the transcript reader on the table's CSV form, moved to the YAML value it is about.
void locate_in_yaml(Diagnostic& d, const YamlTable& t, const PlanYamlReader& reader) {
    const int line = d.where.line;
    if (line < 2 || static_cast<std::size_t>(line - 2) >= t.at_record.size()) {
        if (!t.at_record.empty()) d.where = t.at_record.front();
    } else {
        const std::size_t r = static_cast<std::size_t>(line - 2);
        const auto cell = d.where.column > 0 ? t.at_cell[r].find(static_cast<std::size_t>(d.where.column - 1))
                                             : t.at_cell[r].end();
        d.where = cell != t.at_cell[r].end() ? cell->second : t.at_record[r];
    }
    d.source_line = reader.source_line(d.where.line);
}

// The YAML plan's records (each at its record's line), or its diagnostics.
PlanFile parse_yaml_plan(const std::string& text, const std::string& name,
                         std::function<void(Diagnostic&, const Record&)>& code_at) {
    PlanFile plan;
    PlanYamlReader reader(name, text);
    if (reader.text_ok(text)) {
        try {
            reader.read(YAML::Load(text));
        } catch (const YAML::ParserException& e) {
            reader.syntax_error(e);
        }
    }
    const YamlTable& t = reader.table;
    if (reader.has_errors() || t.rows.empty()) {
        plan.diagnostics = std::move(reader.diagnostics);
        return plan;
    }
    std::vector<detail::CsvRow> rows{{1, t.keys}};
    for (std::size_t i = 0; i < t.rows.size(); ++i) rows.push_back({static_cast<int>(i) + 2, t.rows[i]});
    Header h;
    for (const std::string& key : t.keys) {
        const detail::InputFieldDef* def = detail::find_field(detail::record_fields, std::string(detail::trim(key)));
        h.has_id = h.has_id || def->id == detail::InputField::student_id;
        h.has_grade = h.has_grade || def->id == detail::InputField::grade;
    }
    try {
        plan.records = detail::parse_csv_table<Record>(as_transcript(rows, h, ','), name);
    } catch (const InputError& e) {
        plan.diagnostics = e.diagnostics();
        for (Diagnostic& d : plan.diagnostics) locate_in_yaml(d, t, reader);
        return plan;
    }
    plan = planned(std::move(plan.records));
    std::map<int, std::pair<SourceLocation, std::string>> code_of;  // a record's line -> where its code stands
    for (Record& r : plan.records) {
        if (r.source_row < 2 || static_cast<std::size_t>(r.source_row - 2) >= t.at_record.size()) continue;
        const auto i = static_cast<std::size_t>(r.source_row - 2);
        r.source_row = t.at_record[i].line;
        SourceLocation at = t.at_record[i];
        for (const auto& [j, loc] : t.at_cell[i]) {
            const detail::InputFieldDef* def = detail::find_field(detail::record_fields, std::string(detail::trim(t.keys[j])));
            if (def && def->id == detail::InputField::code) at = loc;
        }
        code_of[r.source_row] = {at, reader.source_line(at.line)};
    }
    code_at = [code_of](Diagnostic& d, const Record& r) {
        const auto it = code_of.find(r.source_row);
        if (it != code_of.end()) d.where = it->second.first, d.source_line = it->second.second;
    };
    return plan;
}

// ---- planned courses the rule sets do not know (P004)

// Whether a programme rule set among `rulesets` has `code` as a course (or an equivalent); true when
// none is a programme rule set (a plan is for programme rule sets: the audit says so for the others).
bool known_course(const std::vector<RuleSet>& rulesets, const std::string& code) {
    bool any = false;
    for (const RuleSet& r : rulesets) {
        if (r.kind() != RuleKind::programme) continue;
        any = true;
        if (r.model().course(code)) return true;
    }
    return !any;
}

std::string ruleset_ids(const std::vector<RuleSet>& rulesets) {
    std::string out;
    for (const RuleSet& r : rulesets)
        if (r.kind() == RuleKind::programme) out += (out.empty() ? "" : ", ") + r.id();
    return out;
}

// P004 for each planned course none of the rule sets knows and that is not ticked (勾選) as a course
// outside the framework, located in its file (CSV: line and column; JSON: path; YAML: its value).
std::vector<Diagnostic> unknown_courses(const PlanFile& plan, const std::vector<RuleSet>& rulesets,
                                        const std::string& name, const std::function<void(Diagnostic&, const Record&)>& locate) {
    std::vector<Diagnostic> out;
    for (const Record& r : plan.records) {
        if (r.selected || known_course(rulesets, r.code)) continue;
        Diagnostic d;
        d.code = "P004";
        d.message_code = "diag.P004";
        d.params = {{"code", r.code}, {"rulesets", ruleset_ids(rulesets)}};
        d.where.file = name;
        locate(d, r);
        if (!d.where.path.empty()) {
            d.message_code = "diag.P004.json";
            d.params.insert(d.params.begin(), {"at", d.where.path});
        }
        d.message = message_text(Language::en, d.message_code, d.params);
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace

bool PlanFile::ok() const {
    return std::none_of(diagnostics.begin(), diagnostics.end(),
                        [](const Diagnostic& d) { return d.severity == Severity::error; });
}

namespace {

// The plan read (CSV, TSV, JSON or YAML), before its courses are checked; `code_at` says where the
// code of the record read from a line (CSV) or an index (JSON) stands.
PlanFile read_plan_text(const std::string& content, const std::string& name, const ReadOptions& options,
                        std::function<void(Diagnostic&, const Record&)>& code_at) {
    PlanFile plan;
    detail::Problems problems(name);
    try {
        const std::string text = detail::decode_input(content, name, options);
        if (is_yaml(name)) {
            return parse_yaml_plan(text, name, code_at);
        }
        if (detail::input_is_json(name, text)) {
            const bool wrapped = text.find('{') != std::string::npos &&
                                 text.find('{') < std::min(text.find('['), text.size());
            code_at = [wrapped](Diagnostic& d, const Record& r) {
                d.where.path = (wrapped ? "records[" : "[") + std::to_string(r.source_row - 1) + "]";
            };
            return planned(detail::parse_json_plan(text, name, std::string(any_subject), check_json_key));
        }
        const char delimiter = detail::input_delimiter(name, text);
        const std::vector<detail::CsvRow> rows = detail::parse_csv(text, name, delimiter);
        if (rows.empty()) return plan;
        const Header h = check_plan(rows, problems);
        if (!problems.empty()) {
            plan.diagnostics = problems.take();
            return plan;
        }
        code_at = [h](Diagnostic& d, const Record& r) {
            d.where.line = r.source_row;
            d.where.column = h.code_column + 1;
        };
        plan.records = detail::parse_csv_table<Record>(as_transcript(rows, h, delimiter), name);
    } catch (const InputError& e) {
        plan.diagnostics = e.diagnostics();
        plan.records.clear();
        return plan;
    }
    return planned(std::move(plan.records));
}

}  // namespace

PlanFile parse_plan(const std::string& content, const std::string& name, const ReadOptions& options) {
    return parse_plan(content, name, options, {});
}

PlanFile parse_plan(const std::string& content, const std::string& name, const ReadOptions& options,
                    const std::vector<RuleSet>& rulesets) {
    std::function<void(Diagnostic&, const Record&)> code_at = [](Diagnostic&, const Record&) {};
    PlanFile plan = read_plan_text(content, name, options, code_at);
    if (!plan.ok() || rulesets.empty()) return plan;
    plan.diagnostics = unknown_courses(plan, rulesets, name, code_at);
    if (!plan.ok()) plan.records.clear();  // nothing is applied from a file with errors
    return plan;
}

std::vector<Record> read_plan(const std::string& path, const ReadOptions& options) {
    return read_plan(path, options, {});
}

std::vector<Record> read_plan(const std::string& path, const ReadOptions& options, const std::vector<RuleSet>& rulesets) {
    PlanFile plan = parse_plan(detail::read_input_file(path), path, options, rulesets);
    if (!plan.ok()) throw InputError(std::move(plan.diagnostics));
    return std::move(plan.records);
}

}}  // namespace libaudit::v0
