// Reading the inputs of a `kind: checks` rule set: CSV files (one table each) and JSON objects
// (a key per table), with headers resolved to the rule set's field names.
#include <libaudit/dataset.hpp>

#include "base/number.hpp"
#include "families/checks/model.hpp"
#include "input/csv.hpp"
#include "base/edit_distance.hpp"
#include "input/input_text.hpp"
#include "rules/model.hpp"
#include "input/xml_input.hpp"

#include <boost/json/value.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace libaudit { inline namespace v0 {
namespace {

namespace json = boost::json;
using detail::CheckModel;
using detail::TableDef;

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string trim(std::string_view s) {
    const std::size_t a = s.find_first_not_of(" \t\r\n");
    if (a == std::string_view::npos) return {};
    const std::size_t b = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(a, b - a + 1));
}

std::string stem(const std::string& path) {
    std::string base = path.substr(path.find_last_of("/\\") == std::string::npos ? 0 : path.find_last_of("/\\") + 1);
    const std::size_t dot = base.rfind('.');
    return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

// The field a header or key names: its name (any case), title or an alias.
const detail::FieldDef* resolve(const TableDef& t, const std::string& header) {
    const std::string h = trim(header);
    for (const auto& f : t.fields) {
        if (lower(h) == lower(f.name) || (!f.title.empty() && h == f.title)) return &f;
        if (std::find(f.aliases.begin(), f.aliases.end(), h) != f.aliases.end()) return &f;
    }
    return nullptr;
}

const TableDef* resolve_table(const CheckModel& m, const std::string& name) {
    for (const auto& t : m.tables)
        if (lower(name) == lower(t.name) || (!t.title.empty() && name == t.title)) return &t;
    return nullptr;
}

std::string field_list(const TableDef& t) {
    std::string s;
    for (const auto& f : t.fields) s += (s.empty() ? "" : ", ") + f.name + (f.title.empty() ? "" : " (" + f.title + ")");
    return s;
}

// Code points of UTF-8 text (headers are compared per character: '開使' is one away from '開始').
std::u32string chars(const std::string& s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(static_cast<unsigned char>(s[i]));
        else out.back() = (out.back() << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    return out;
}

std::string closest(const std::string& key, const std::vector<std::string>& names) {
    const std::u32string k = chars(key);
    std::string best;
    std::size_t best_d = std::max<std::size_t>(1, k.size() / 3) + 1;
    for (const auto& n : names) {
        const std::size_t d = detail::edit_distance(k, chars(n));
        if (d < best_d) {
            best_d = d;
            best = n;
        }
    }
    return best;
}

// An unknown column or key: the message `base`.did_you_mean with the closest name, or
// `base`.fields with the table's fields; `params` gains the one it uses.
std::string unknown_hint(const TableDef& t, const std::string& header, const std::string& base, MessageParams& params) {
    std::vector<std::string> names;
    for (const auto& f : t.fields) {
        names.push_back(f.name);
        if (!f.title.empty()) names.push_back(f.title);
        names.insert(names.end(), f.aliases.begin(), f.aliases.end());
    }
    const std::string h = closest(header, names);
    if (h.empty()) {
        params.push_back({"fields", field_list(t)});
        return base + ".fields";
    }
    params.push_back({"suggestion", h});
    return base + ".did_you_mean";
}

class Reader {
public:
    Reader(const CheckModel& m, std::string file) : m_(m), file_(std::move(file)) {}

    // A diagnostic whose message is the catalogue entry `key` (libaudit/messages/*/records.txt) with
    // `params`; its `message` is the English text.
    void problem(const std::string& code, const std::string& key, MessageParams params, int line = 0, int column = 0,
                 const std::string& field = {}, const std::string& path = {}) {
        Diagnostic d;
        d.code = code;
        d.message = message_text(Language::en, key, params);
        d.message_code = key;
        d.params = std::move(params);
        d.where.file = file_;
        d.where.line = line;
        d.where.column = column;
        d.where.field = field;
        d.where.path = path;
        problems_.push_back(std::move(d));
    }
    void throw_if_any() {
        if (!problems_.empty()) throw InputError(problems_);
    }

    void csv(const std::string& text, const TableDef& t, Dataset& into) {
        const auto rows = detail::parse_csv(text, file_, detail::input_delimiter(file_, text));
        if (rows.empty()) {
            problem("R003", "diag.R003.table", {{"table", t.name}});
            return;
        }
        if (!t.columns.empty()) return csv_by_position(rows, t, into);
        const auto& header = rows[0];
        std::vector<const detail::FieldDef*> columns;
        std::vector<bool> seen(t.fields.size(), false);
        for (std::size_t c = 0; c < header.cells.size(); ++c) {
            const std::string h = trim(header.cells[c]);
            const detail::FieldDef* f = resolve(t, h);
            if (!f && !h.empty()) {
                MessageParams p{{"column", h}, {"table", t.name}};
                const std::string key = unknown_hint(t, h, "diag.R030.column", p);
                problem("R030", key, std::move(p), header.line, static_cast<int>(c) + 1, h);
            }
            if (f) {
                const std::size_t k = static_cast<std::size_t>(f - t.fields.data());
                if (seen[k])
                    problem("R031", "diag.R031.column", {{"column", h}, {"field", f->name}}, header.line,
                            static_cast<int>(c) + 1, h);
                seen[k] = true;
            }
            columns.push_back(f);
        }
        for (std::size_t k = 0; k < t.fields.size(); ++k)
            if (t.fields[k].required && !seen[k] && !t.fields[k].default_value)
                problem("R032", t.fields[k].title.empty() ? "diag.R032.column" : "diag.R032.column_title",
                        {{"field", t.fields[k].name}, {"title", t.fields[k].title}, {"table", t.name}}, header.line, 0);
        DataTable& table = table_in(into, t);
        for (std::size_t r = 1; r < rows.size(); ++r) {
            DataRow row;
            row.file = file_;
            row.line = rows[r].line;
            // A row of another width than the header, as transcripts report it (R007): a short row
            // is not a row of blanks, a long one not a row with a column to spare.
            if (rows[r].cells.size() != header.cells.size())
                problem("R007", "diag.R007",
                        {{"cells", std::to_string(rows[r].cells.size())}, {"width", std::to_string(header.cells.size())}},
                        rows[r].line, rows[r].cells.size() > header.cells.size() ? static_cast<int>(header.cells.size()) + 1 : 0);
            for (std::size_t c = 0; c < columns.size() && c < rows[r].cells.size(); ++c) {
                if (!columns[c]) continue;
                row.values[columns[c]->name] = trim(rows[r].cells[c]);
                row.columns[columns[c]->name] = static_cast<int>(c) + 1;
            }
            table.rows.push_back(std::move(row));
        }
    }

    void json_doc(const std::string& text, const std::string& only_table, Dataset& into) {
        const json::value doc = detail::parse_json_text(text, file_);
        if (!only_table.empty()) {
            const TableDef* t = resolve_table(m_, only_table);
            json_table(doc, *t, only_table, into);
            return;
        }
        if (!doc.is_object()) {
            problem("R021", "diag.R021.tables_top", {{"tables", table_list()}}, 0, 0, {}, "");
            return;
        }
        for (const auto& kv : doc.get_object()) {
            const std::string key(kv.key());
            if (key == "name") {
                if (kv.value().is_string()) {
                    if (into.name.empty()) into.name = std::string(kv.value().get_string());
                } else {
                    problem("R021", "diag.R021.name", {{"at", "name"}}, 0, 0, {}, "name");
                }
                continue;
            }
            const TableDef* t = resolve_table(m_, key);
            if (!t) {
                std::vector<std::string> names;
                for (const auto& td : m_.tables) names.push_back(td.name);
                const std::string h = closest(key, names);
                if (h.empty())
                    problem("R030", "diag.R030.table.tables", {{"at", key}, {"tables", table_list()}}, 0, 0, {}, key);
                else
                    problem("R030", "diag.R030.table.did_you_mean", {{"at", key}, {"suggestion", h}}, 0, 0, {}, key);
                continue;
            }
            json_table(kv.value(), *t, key, into);
        }
    }

    std::string table_list() const {
        std::string s;
        for (const auto& t : m_.tables) s += (s.empty() ? "" : ", ") + t.name;
        return s;
    }

    // `columns:` tables are read by position, whatever the headers say (as the in-service platform
    // reads attendee lists: ID first, then hours or credits). A first row that names a field (its
    // name, title or an alias) is the header and skipped; any other first row is data.
    void csv_by_position(const std::vector<detail::CsvRow>& rows, const TableDef& t, Dataset& into) {
        std::size_t first = 0;
        for (const auto& c : rows[0].cells)
            if (resolve(t, c)) first = 1;
        DataTable& table = table_in(into, t);
        for (std::size_t r = first; r < rows.size(); ++r) {
            DataRow row;
            row.file = file_;
            row.line = rows[r].line;
            const auto& cells = rows[r].cells;
            for (std::size_t c = t.columns.size(); c < cells.size(); ++c)
                if (!trim(cells[c]).empty()) {
                    problem("R007", "diag.R007.column",
                            {{"column", std::to_string(c + 1)}, {"table", t.name},
                             {"count", std::to_string(t.columns.size())}, {"columns", column_list(t)}},
                            rows[r].line, static_cast<int>(c) + 1);
                    break;
                }
            for (std::size_t c = 0; c < t.columns.size() && c < cells.size(); ++c) {
                row.values[t.columns[c]] = trim(cells[c]);
                row.columns[t.columns[c]] = static_cast<int>(c) + 1;
            }
            table.rows.push_back(std::move(row));
        }
    }

    static std::string column_list(const TableDef& t) {
        std::string s;
        for (const auto& c : t.columns) s += (s.empty() ? "" : ", ") + c;
        return s;
    }

    // XML: rows are elements whose fields are attributes or child elements holding text; the
    // elements around them only group rows (their attributes are not read). A row (or group)
    // element named after a table (its name or title) feeds that table; otherwise `single`, the
    // table the file is for. An empty root is an empty list.
    void xml_doc(const detail::XmlElement& root, const TableDef* single, Dataset& into) {
        const std::string path = "/" + root.name;
        bool fields = false;
        for (const auto& a : root.attributes) fields |= !xml_meta(a.first);
        if (root.children.empty() && !fields) {
            if (single) table_in(into, *single);
            return;
        }
        if (xml_is_row(root)) return xml_row_of(root, single, path, into);
        xml_rows(root, single, path, into);
    }

private:
    // A value is an element holding only text; a row holds values, or is an element without
    // child elements (its attributes being the fields, or an empty row).
    static bool xml_is_value(const detail::XmlElement& e) {
        if (!e.leaf()) return false;
        for (const auto& a : e.attributes)
            if (!xml_meta(a.first)) return false;
        return true;
    }
    static bool xml_is_row(const detail::XmlElement& e) {
        for (const auto& c : e.children)
            if (xml_is_value(c)) return true;
        return e.children.empty();
    }
    // Namespace declarations and prefixed attributes (xmlns:od, xsi:...) are markup, not fields.
    static bool xml_meta(const std::string& attribute) {
        return attribute.rfind("xmlns", 0) == 0 || attribute.find(':') != std::string::npos;
    }

    void xml_rows(const detail::XmlElement& parent, const TableDef* single, const std::string& path, Dataset& into) {
        std::map<std::string, int> index;
        for (const auto& c : parent.children) {
            const std::string here = path + "/" + c.name + "[" + std::to_string(++index[c.name]) + "]";
            if (xml_is_row(c)) {
                xml_row_of(c, single, here, into);
            } else if (const TableDef* t = resolve_table(m_, c.name)) {
                xml_rows(c, t, here, into);
            } else {
                problem("R035", "diag.R035", {{"at", here}, {"element", c.name}, {"tables", table_list()}}, c.line,
                        c.column, {}, here);
            }
        }
    }

    void xml_row_of(const detail::XmlElement& e, const TableDef* single, const std::string& path, Dataset& into) {
        const TableDef* t = resolve_table(m_, e.name);
        if (!t) t = single;
        if (!t) {
            problem("R033", "diag.R033.element", {{"at", path}, {"element", e.name}, {"tables", table_list()}, {"file", file_}},
                    e.line, e.column, {}, path);
            return;
        }
        DataRow row;
        row.file = file_;
        row.line = e.line;
        row.path = path;
        auto value = [&](const std::string& key, const std::string& text, int line, int column, const std::string& at) {
            const detail::FieldDef* f = resolve(*t, key);
            if (!f) {
                MessageParams p{{"at", at}, {"table", t->name}};
                const std::string code = unknown_hint(*t, key, "diag.R030.field", p);
                problem("R030", code, std::move(p), line, column, key, at);
                return;
            }
            if (row.values.count(f->name)) {
                problem("R031", "diag.R031.key", {{"at", at}, {"key", key}, {"field", f->name}}, line, column, key, at);
                return;
            }
            row.values[f->name] = trim(text);
        };
        for (const auto& [k, v] : e.attributes)
            if (!xml_meta(k)) value(k, v, e.line, e.column, path + "/@" + k);
        std::size_t position = 0;
        for (const auto& c : e.children) {
            const std::string at = path + "/" + c.name;
            if (!c.leaf()) {
                problem("R021", "diag.R021", {{"at", at}, {"expected", "value"}, {"got", "elements"}}, c.line, c.column,
                        c.name, at);
                continue;
            }
            if (t->columns.empty()) {
                value(c.name, c.text, c.line, c.column, at);
            } else if (position < t->columns.size()) {  // by position, as for CSV
                row.values[t->columns[position++]] = trim(c.text);
            } else if (!trim(c.text).empty()) {
                problem("R007", "diag.R007.position",
                        {{"at", at}, {"position", std::to_string(position + 1)}, {"table", t->name},
                         {"count", std::to_string(t->columns.size())}, {"columns", column_list(*t)}},
                        c.line, c.column, c.name, at);
            }
        }
        if (t->columns.empty())
            for (const auto& f : t->fields)
                if (f.required && !f.default_value && !row.values.count(f.name))
                    problem("R032", f.title.empty() ? "diag.R032.element" : "diag.R032.element_title",
                            {{"at", path}, {"field", f.name}, {"title", f.title}}, e.line, e.column, {}, path);
        table_in(into, *t).rows.push_back(std::move(row));
    }

    const CheckModel& m_;
    std::string file_;
    std::vector<Diagnostic> problems_;

    DataTable& table_in(Dataset& d, const TableDef& t) {
        for (auto& x : d.tables)
            if (x.name == t.name) return x;
        d.tables.push_back(DataTable{t.name, {}});
        return d.tables.back();
    }

    static std::string cell(const json::value& v) {
        switch (v.kind()) {
        case json::kind::string: return trim(v.get_string());
        case json::kind::int64: return std::to_string(v.get_int64());
        case json::kind::uint64: return std::to_string(v.get_uint64());
        case json::kind::double_: {
            return detail::format_g(v.get_double(), 15);
        }
        case json::kind::bool_: return v.get_bool() ? "true" : "false";
        default: return {};
        }
    }

    void json_table(const json::value& v, const TableDef& t, const std::string& path, Dataset& into) {
        DataTable& table = table_in(into, t);
        if (v.is_object()) {
            json_row(v.get_object(), t, path, 1, table);
            return;
        }
        if (!v.is_array()) {
            problem("R021", "diag.R021.rows", {{"at", path}, {"got", kind(v)}}, 0, 0, {}, path);
            return;
        }
        const auto& a = v.get_array();
        for (std::size_t i = 0; i < a.size(); ++i) {
            const std::string here = path + "[" + std::to_string(i) + "]";
            if (!a[i].is_object()) {
                problem("R021", "diag.R021", {{"at", here}, {"expected", "object"}, {"got", kind(a[i])}}, 0, 0, {}, here);
                continue;
            }
            json_row(a[i].get_object(), t, here, static_cast<int>(i) + 1, table);
        }
    }

    static std::string kind(const json::value& v) { return detail::json_kind(v); }

    void json_row(const json::object& o, const TableDef& t, const std::string& path, int index, DataTable& table) {
        DataRow row;
        row.file = file_;
        row.line = index;
        row.path = path;
        for (const auto& kv : o) {
            const std::string key(kv.key());
            const detail::FieldDef* f = resolve(t, key);
            if (!f) {
                MessageParams p{{"at", path + "." + key}, {"table", t.name}};
                const std::string code = unknown_hint(t, key, "diag.R030.field", p);
                problem("R030", code, std::move(p), 0, 0, key, path + "." + key);
                continue;
            }
            if (kv.value().is_object() || kv.value().is_array()) {
                problem("R021", "diag.R021", {{"at", path + "." + key}, {"expected", "value"}, {"got", kind(kv.value())}},
                        0, 0, key, path + "." + key);
                continue;
            }
            if (!row.values.emplace(f->name, cell(kv.value())).second)  // a key and the field's title, say
                problem("R031", "diag.R031.key", {{"at", path}, {"key", key}, {"field", f->name}}, 0, 0, key, path + "." + key);
        }
        for (const auto& f : t.fields)
            if (f.required && !f.default_value && !row.values.count(f.name))
                problem("R032", f.title.empty() ? "diag.R032.key" : "diag.R032.key_title",
                        {{"at", path}, {"field", f.name}, {"title", f.title}}, 0, 0, {}, path);
        table.rows.push_back(std::move(row));
    }
};

const CheckModel& checks_of(const RuleSet& rules) {
    if (rules.kind() != RuleKind::checks)
        throw std::invalid_argument("rule set '" + rules.id() + "' is of kind " + to_string(rules.kind()) + ", not checks");
    return *rules.model().tables;
}

}  // namespace

void parse_dataset_input(const RuleSet& rules, const std::string& content, const std::string& name,
                         const std::string& table, Dataset& into, const ReadOptions& options) {
    const CheckModel& m = checks_of(rules);
    Reader reader(m, name);
    if (!table.empty() && !resolve_table(m, table)) {
        reader.problem("R030", "diag.R030.named_table", {{"table", table}, {"tables", reader.table_list()}});
        reader.throw_if_any();
    }
    const std::string text = detail::decode_input(content, name, options);
    // The table a one-table file (CSV, or XML rows not named after a table) holds.
    auto file_table = [&]() -> const TableDef* {
        const TableDef* t = table.empty() ? resolve_table(m, stem(name)) : resolve_table(m, table);
        if (!t) {
            std::vector<const TableDef*> inputs;
            for (const auto& td : m.tables)
                if (td.data.empty() && !td.one_row) inputs.push_back(&td);
            if (inputs.size() == 1) t = inputs[0];
        }
        return t;
    };
    if (detail::input_is_json(name, text)) {
        reader.json_doc(text, table, into);
    } else if (detail::input_is_xml(name, text)) {
        reader.xml_doc(detail::parse_xml(text, name), file_table(), into);
    } else {
        const TableDef* t = file_table();
        if (!t) {
            reader.problem("R033", "diag.R033.csv", {{"tables", reader.table_list()}, {"file", name}});
            reader.throw_if_any();
        }
        reader.csv(text, *t, into);
    }
    if (into.name.empty()) into.name = stem(name);
    reader.throw_if_any();
}

Dataset read_dataset(const RuleSet& rules, const std::vector<std::string>& inputs, const ReadOptions& options) {
    Dataset d;
    for (const std::string& input : inputs) {
        std::string table, path = input;
        const std::size_t eq = input.find('=');
        if (eq != std::string::npos && eq > 0 && input.find_first_of("/\\") > eq) {
            table = input.substr(0, eq);
            path = input.substr(eq + 1);
        }
        parse_dataset_input(rules, detail::read_input_file(path), path, table, d, options);
    }
    return d;
}

}}  // namespace libaudit::v0
