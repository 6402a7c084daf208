// Per-row verdicts (see row_report.hpp). A row is rejected when any error-severity violation
// points at it (its file and line, and for JSON/XML its path); warnings become notes.
#include "families/checks/row_report.hpp"

#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

namespace libaudit::detail {
namespace {

bool same_row(const Violation& v, const DataRow& r) {
    if (v.file != r.file || v.line != r.line) return false;
    if (r.path.empty()) return v.path.empty();
    return v.path == r.path || v.path.rfind(r.path + ".", 0) == 0 || v.path.rfind(r.path + "/", 0) == 0;
}

// The ID validators' English problems in Chinese (validators.cpp words them).
std::string zh_detail(const std::string& detail) {
    static const std::array<std::pair<const char*, const char*>, 9> words{{
        {"must be 10 characters", "須為 10 碼（1 個英文字母＋9 碼）"},
        {"the first letter must be upper case", "第一碼英文字母須大寫"},
        {"must start with a letter", "第一碼須為英文字母"},
        {"the 2nd character must be", "第二碼須為 1、2（身分證）、8、9（新式統一證號）或 A–D（舊式統一證號）"},
        {"characters 3-10 must be digits", "第 3–10 碼須為數字"},
        {"the check digit does not match", "檢查碼不符"},
        {"is a resident certificate number", "為統一證號，非身分證統一編號"},
        {"is a national ID", "為身分證統一編號，非統一證號"},
        {"repeats the row at ", ""},
    }};
    for (const auto& [en, zh] : words) {
        const std::size_t at = detail.find(en);
        if (at == std::string::npos) continue;
        if (std::string(en) != "repeats the row at ") return zh;
        const std::string where = detail.substr(at + std::string(en).size());  // "line 2" or a JSON/XML path
        return where.rfind("line ", 0) == 0 ? "與第 " + where.substr(5) + " 行重複" : "與 " + where + " 重複";
    }
    return {};
}

std::string reason_text(const RowReason& r, bool c) {
    const std::string field = c && !r.field_title.empty() ? r.field_title : r.field;
    if (r.kind == "type") return c ? field + " 格式不符（" + r.detail + "）" : r.detail;
    if (r.kind == "required") return c ? field + " 未填" : field + " is blank";
    std::string title = c || r.title_en.empty() ? r.title : r.title_en;
    if (c) {
        const std::string why = zh_detail(r.detail);
        if (!why.empty()) return title + "：" + why;
        const bool bound = r.expected.rfind("<= ", 0) == 0 || r.expected.rfind(">= ", 0) == 0;
        return bound && r.expected.find('(') != std::string::npos ? title + "（應為 " + r.expected + "）" : title;
    }
    return title.empty() ? r.detail : title + ": " + r.detail;
}

}  // namespace

std::string mask_value(const std::string& value, bool personal, const RenderOptions& o) {
    if (!personal || o.unmask_ids || value.empty()) return value;
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
        for (const auto& f : t.fields) {
            rep.fields.push_back(f.name);
            rep.field_titles.push_back(f.title);
        }
        const auto p = personal.find(t.name);
        rep.personal = p != personal.end() ? p->second : std::vector<bool>(t.fields.size(), false);
        // The table's violations by (file, line): each row looks only at its own.
        std::map<std::pair<std::string, int>, std::vector<const Violation*>> mine;
        for (const auto& v : violations)
            if (v.table == t.name) mine[{v.file, v.line}].push_back(&v);
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
                const auto at = mine.find({row.file, row.line});
                for (const Violation* v : at == mine.end() ? std::vector<const Violation*>{} : at->second) {
                    if (!same_row(*v, row)) continue;
                    if (v->severity == "error") verdict.accepted = false;
                    verdict.reasons.push_back(
                        RowReason{v->rule, v->kind, v->title, {}, v->field, v->field_title, v->severity, v->expected, v->detail});
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
        const std::string name = rep.title.empty() ? rep.table : rep.title + " (" + rep.table + ")";
        out += "\n" + (c ? fmt::format("逐列檢核 {}：共 {} 列，成功 {} 列，失敗 {} 列\n", name, rep.rows, rep.accepted, rep.rejected)
                         : fmt::format("Rows of {}: {} rows, {} accepted, {} rejected\n", name, rep.rows, rep.accepted,
                                       rep.rejected));
        if (rep.verdicts.empty()) continue;
        bool one_file = true;
        for (const auto& v : rep.verdicts) one_file = one_file && v.file == rep.verdicts.front().file;
        std::vector<std::vector<std::string>> rows;
        std::vector<std::string> head{c ? "列" : "Row"};
        for (std::size_t i = 0; i < rep.fields.size(); ++i)
            head.push_back(c && !rep.field_titles[i].empty() ? rep.field_titles[i] : rep.fields[i]);
        head.push_back(c ? "結果" : "Result");
        head.push_back(c ? "原因" : "Reason");
        rows.push_back(head);
        for (const auto& v : rep.verdicts) {
            std::vector<std::string> row{one_file ? std::to_string(v.line) : v.file + ":" + std::to_string(v.line)};
            for (std::size_t i = 0; i < v.values.size(); ++i) {
                const std::string shown = mask_value(v.values[i], rep.personal[i], o);
                row.push_back(shown.empty() ? (c ? "（空白）" : "(blank)") : shown);
            }
            row.push_back(v.accepted ? (c ? "成功（提醒）" : "accepted (note)") : (c ? "失敗" : "rejected"));
            std::string why;
            for (const auto& r : v.reasons) why += (why.empty() ? "" : (c ? "；" : "; ")) + reason_text(r, c);
            row.push_back(why);
            rows.push_back(std::move(row));
        }
        std::vector<int> width(head.size(), 0);
        for (const auto& r : rows)
            for (std::size_t k = 0; k < r.size(); ++k) width[k] = std::max(width[k], display_width(r[k]));
        if (one_file) out += "  " + rep.verdicts.front().file + "\n";
        for (const auto& r : rows) {
            std::string line = "  ";
            for (std::size_t k = 0; k + 1 < r.size(); ++k) line += pad(r[k], width[k], k == 0) + "  ";
            out += line + r.back() + "\n";
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

}  // namespace libaudit::detail
