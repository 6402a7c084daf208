// Per-row verdicts (see row_report.hpp). A row is rejected when any error-severity violation
// points at it (its file and line, and for JSON/XML its path); warnings become notes.
#include "families/checks/row_report.hpp"

#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>

#include "families/checks/wording.hpp"
#include "render/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

bool same_row(const Violation& v, const DataRow& r) {
    if (v.file != r.file || v.line != r.line) return false;
    if (r.path.empty()) return v.path.empty();
    return v.path == r.path || v.path.rfind(r.path + ".", 0) == 0 || v.path.rfind(r.path + "/", 0) == 0;
}

// The table's violations by row, found without looking at other rows' (a one-line XML export
// puts every row on line 1: a per-line list made the report quadratic). In violation order.
class RowIndex {
public:
    RowIndex(const std::vector<Violation>& violations, const std::string& table) {
        for (std::size_t i = 0; i < violations.size(); ++i)
            if (violations[i].table == table) by_line_[{violations[i].file, violations[i].line}].push_back({&violations[i], i});
        for (auto& [where, list] : by_line_)
            std::stable_sort(list.begin(), list.end(), [](const Entry& a, const Entry& b) { return a.v->path < b.v->path; });
    }

    std::vector<const Violation*> of(const DataRow& row) const {
        std::vector<Entry> found;
        const auto at = by_line_.find({row.file, row.line});
        if (at != by_line_.end()) {
            const auto& list = at->second;
            // The row's own path, and paths inside it ("row/field", "row.field"): three ranges.
            const std::pair<std::string, bool> ranges[] = {{row.path, true}, {row.path + "/", false}, {row.path + ".", false}};
            for (const auto& [prefix, whole] : ranges) {
                if (row.path.empty() && !whole) continue;
                auto it = std::lower_bound(list.begin(), list.end(), prefix,
                                           [](const Entry& e, const std::string& p) { return e.v->path < p; });
                for (; it != list.end(); ++it) {
                    const std::string& path = it->v->path;
                    if (whole ? path != prefix : path.compare(0, prefix.size(), prefix) != 0) break;
                    if (same_row(*it->v, row)) found.push_back(*it);
                }
            }
        }
        std::sort(found.begin(), found.end(), [](const Entry& a, const Entry& b) { return a.index < b.index; });
        found.erase(std::unique(found.begin(), found.end(), [](const Entry& a, const Entry& b) { return a.index == b.index; }),
                    found.end());
        std::vector<const Violation*> out;
        for (const Entry& e : found) out.push_back(e.v);
        return out;
    }

private:
    struct Entry {
        const Violation* v;
        std::size_t index;
    };
    std::map<std::pair<std::string, int>, std::vector<Entry>> by_line_;
};

MessageParams reason_params(const RowReason& r, const std::string& shown_value, Language language) {
    return shown_params(language, r.params, shown_value, r.field_title, &r.names_en);
}

// Why a row was rejected (or noted): the rule's title and what is wrong, in the report's language.
std::string reason_text(const RowReason& r, const std::string& shown_value, Language language) {
    const bool c = language == Language::zh_TW;
    const std::string field = c && !r.field_title.empty() ? r.field_title : r.field;
    MessageParams p;  // built one by one: g++ 12 misreads a braced list of them (-Wmaybe-uninitialized)
    if (r.kind == "required") {
        p.push_back({"field", field});
        return message_text(language, "checks.report.reason_required", p);
    }
    const std::string why = r.code.empty() ? r.detail : checks_text(language, r.code, reason_params(r, shown_value, language));
    if (r.kind == "type") return why;
    const std::string title = c || r.title_en.empty() ? r.title : r.title_en;
    if (title.empty()) return why;
    p.push_back({"title", title});
    p.push_back({"message", why});
    return message_text(language, "checks.report.reason", p);
}

// The value a reason is about, as the row shows it (masked unless --unmask-ids).
std::string reason_value(const RowReport& rep, const RowVerdict& v, const RowReason& r, const RenderOptions& o) {
    for (std::size_t i = 0; i < rep.fields.size() && i < v.values.size(); ++i)
        if (rep.fields[i] == r.field) return mask_value(v.values[i], rep.personal[i], o);
    for (const auto& p : r.params)
        if (p.name == "value") return p.value;
    return {};
}

}  // namespace

void write_message_params(JsonWriter& w, const MessageParams& params) {
    w.begin_object();
    for (const auto& p : params) w.key(p.name), w.string(p.value);
    w.end_object();
}

std::string mask_value(const std::string& value, bool personal, const RenderOptions& o) {
    if (!personal || value.empty()) return value;
    // --unmask-ids shows national IDs (what the docs promise), never passwords or other secrets.
    if (o.unmask_ids && mask_if_national_id(value) != value) return value;
    return mask_personal(value);
}

std::vector<RowReport> build_row_reports(const CheckModel& model, const Dataset& data,
                                         const std::map<std::string, std::vector<bool>>& personal,
                                         const std::vector<Violation>& violations) {
    std::vector<RowReport> out;
    for (const auto& t : model.tables) {
        if (!t.report_rows) continue;
        RowReport rep;
        rep.table = t.name;
        rep.title = t.title;
        rep.title_en = t.title_en;
        for (const auto& f : t.fields) {
            rep.fields.push_back(f.name);
            rep.field_titles.push_back(f.title);
            rep.field_titles_en.push_back(f.title_en);
        }
        const auto p = personal.find(t.name);
        rep.personal = p != personal.end() ? p->second : std::vector<bool>(t.fields.size(), false);
        const RowIndex mine(violations, t.name);
        if (const DataTable* in = data.table(t.name)) {
            for (const DataRow& row : in->rows) {
                ++rep.rows;
                RowVerdict verdict;
                verdict.file = row.file;
                verdict.line = row.line;
                verdict.path = row.path;
                for (const auto& f : t.fields) {
                    const auto it = row.values.find(f.name);
                    verdict.values.push_back(it == row.values.end() ? std::string{} : it->second);
                }
                for (const Violation* v : mine.of(row)) {
                    if (v->severity == "error") verdict.accepted = false;
                    verdict.reasons.push_back(
                        RowReason{v->rule, v->kind, v->title, {}, v->field, v->field_title, v->severity, v->expected, v->detail,
                                  v->code, v->params, v->names_en});
                    for (const auto& rule : model.rules)
                        if (rule.id == v->rule) verdict.reasons.back().title_en = rule.title_en;
                }
                (verdict.accepted ? rep.accepted : rep.rejected) += 1;
                if (!verdict.reasons.empty()) rep.verdicts.push_back(std::move(verdict));
            }
        }
        out.push_back(std::move(rep));
    }
    return out;
}

std::string render_row_reports_text(const AuditResult& res, const RenderOptions& o) {
    const bool c = o.language == Language::zh_TW;
    std::string out;
    for (const auto& rep : res.row_reports) {
        const std::string& title = c || rep.title_en.empty() ? rep.title : rep.title_en;
        const std::string name = title.empty() ? rep.table : title + " (" + rep.table + ")";
        out += "\n" + message_text(o.language, "checks.report.rows_heading",
                                   {{"table", name}, {"rows", std::to_string(rep.rows)},
                                    {"accepted", std::to_string(rep.accepted)}, {"rejected", std::to_string(rep.rejected)}}) +
               "\n";
        if (rep.verdicts.empty()) continue;
        bool one_file = true;
        for (const auto& v : rep.verdicts) one_file = one_file && v.file == rep.verdicts.front().file;
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> head{message_text(o.language, "checks.report.col_row")};
        for (std::size_t i = 0; i < rep.fields.size(); ++i)
            head.push_back(c && !rep.field_titles[i].empty()    ? rep.field_titles[i]
                           : !c && !rep.field_titles_en[i].empty() ? rep.field_titles_en[i]
                                                                   : rep.fields[i]);
        head.push_back(message_text(o.language, "checks.report.col_result"));
        head.push_back(message_text(o.language, "checks.report.col_reason"));
        rows.push_back(head);
        for (const auto& v : rep.verdicts) {
            std::vector<std::string> row{one_file ? std::to_string(v.line) : v.file + ":" + std::to_string(v.line)};
            for (std::size_t i = 0; i < v.values.size(); ++i) {
                const std::string shown = mask_value(v.values[i], rep.personal[i], o);
                row.push_back(shown.empty() ? message_text(o.language, "checks.report.blank") : shown);
            }
            row.push_back(message_text(o.language, v.accepted ? "checks.report.accepted_note" : "checks.report.rejected"));
            std::string why;
            for (const auto& r : v.reasons) {
                const std::string one = reason_text(r, reason_value(rep, v, r, o), o.language);
                why = why.empty() ? one : message_text(o.language, "checks.report.reasons", {{"a", why}, {"b", one}});
            }
            row.push_back(why);
            rows.push_back(std::move(row));
        }
        if (one_file) out += "  " + rep.verdicts.front().file + "\n";
        const std::string table = format_table(rows, {true}, o.width > 0 ? o.width - 2 : 0);
        for (std::size_t at = 0; at < table.size();) {
            const std::size_t end = table.find('\n', at);
            out += "  " + table.substr(at, end - at + 1);
            at = end + 1;
        }
    }
    return out;
}

void write_row_reports_json(JsonWriter& w, const AuditResult& res, const RenderOptions& o) {
    if (res.row_reports.empty()) return;
    w.key("row_reports");
    w.begin_array();
    for (const auto& rep : res.row_reports) {
        w.begin_object();
        w.key("table"), w.string(rep.table);
        w.key("title"), w.string(rep.title);
        if (!rep.title_en.empty()) w.key("title_en"), w.string(rep.title_en);
        w.key("rows"), w.number(rep.rows);
        w.key("accepted"), w.number(rep.accepted);
        w.key("rejected"), w.number(rep.rejected);
        w.key("verdicts");
        w.begin_array();
        for (const auto& v : rep.verdicts) {
            w.begin_object();
            w.key("file"), w.string(v.file);
            w.key("line"), w.number(v.line);
            w.key("path"), w.string(v.path);
            w.key("accepted"), w.boolean(v.accepted);
            w.key("values");
            w.begin_object();
            for (std::size_t i = 0; i < v.values.size(); ++i) w.key(rep.fields[i]), w.string(mask_value(v.values[i], rep.personal[i], o));
            w.end_object();
            w.key("reasons");
            w.begin_array();
            for (const auto& r : v.reasons) {
                w.begin_object();
                w.key("rule"), w.string(r.rule);
                w.key("kind"), w.string(r.kind);
                w.key("title"), w.string(r.title);
                w.key("title_en"), w.string(r.title_en);
                w.key("field"), w.string(r.field);
                w.key("severity"), w.string(r.severity);
                w.key("expected"), w.string(r.expected);
                w.key("detail"), w.string(r.detail);
                w.key("code"), w.string(r.code);
                const std::string shown = reason_value(rep, v, r, o);
                w.key("params");
                write_message_params(w, shown_params(o.language, r.params, shown, {}));
                w.key("text"), w.string(reason_text(r, shown, o.language));
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
}

}}}  // namespace libaudit::v0::detail
