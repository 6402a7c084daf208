// Text (terminal, zh-TW or en) and JSON renderings of an audit result.
#include <libaudit/render.hpp>
#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>

#include "base/json_writer.hpp"
#include "render/render_parts.hpp"
#include "families/checks/row_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>

namespace libaudit {

namespace {

bool zh(const RenderOptions& o) { return o.language == Language::zh_TW; }

std::string num(double v) { return fmt::format("{:g}", v); }

std::string status_label(Status s, bool chinese) {
    switch (s) {
        case Status::met: return chinese ? "符合" : "met";
        case Status::met_pending: return chinese ? "符合（待本學期修課中課程及格）" : "met, pending courses in progress";
        case Status::not_met: return chinese ? "未符合" : "not met";
        case Status::needs_review: return chinese ? "需人工審核" : "needs manual review";
        case Status::invalid: return chinese ? "資料無效" : "invalid input";
        case Status::not_applicable: return chinese ? "不適用" : "not applicable";
    }
    return "";
}

std::string mark(Status s, bool chinese) {
    switch (s) {
        case Status::met: return "✓";
        case Status::met_pending: return chinese ? "✓ 修課中" : "✓ pending";
        case Status::not_met: return "✗";
        case Status::not_applicable: return chinese ? "不適用" : "n/a";
        default: return "?";
    }
}

// "9 學分 3 門" / "9 cr 3 courses"; parts absent are left out.
std::string amount(const Amount& a, bool chinese, bool show_courses, bool show_credits = true) {
    const bool all_zero = (!a.credits || !show_credits || *a.credits == 0) &&
                          (!a.courses || !show_courses || *a.courses == 0) && (!a.semesters || *a.semesters == 0);
    if (all_zero && (a.credits || a.courses || a.semesters)) return "0";
    std::string s;
    if (a.credits && show_credits) s = num(*a.credits);
    if (a.courses && show_courses) s += (s.empty() ? "" : " ") + num(*a.courses) + (chinese ? "門" : " crs");
    if (a.semesters) s += (s.empty() ? "" : " ") + num(*a.semesters) + (chinese ? "學期" : " sem");
    return s.empty() ? "-" : s;
}

std::string record_line(const RecordRef& r) {
    // The seed's form: [0648] (1092) 環境資源調查與規劃 (3)
    std::string s;
    if (!r.offering.empty()) s += "[" + r.offering + "] ";
    s += "(" + (r.term ? format_term(*r.term) : std::string("?")) + ") ";
    s += r.title.empty() ? r.code : r.title;
    s += " (" + num(r.credits) + ")";
    return s;
}

std::string reason_label(const std::string& reason, bool chinese) {
    static const std::map<std::string, std::pair<const char*, const char*>> labels{
        {"failed", {"不及格", "failed"}},
        {"withdrawn", {"停修，學分不計", "withdrawn, 0 credits"}},
        {"repeat", {"重複修習，只計一次", "repeat, counts once"}},
        {"outside_framework", {"非入學年度課程架構課程，未勾選為彈性學分", "outside the framework, not ticked"}},
        {"not_eligible", {"已勾選，但不符彈性學分認列條件", "ticked, but not accepted as a flexible credit"}},
        {"over_cap", {"超過認列上限", "over a cap"}},
        {"not_counted", {"無可認列之要求", "no requirement accepts it"}},
        {"after_as_of", {"審核學期之後修習", "after the as-of term"}},
        {"invalid_grade", {"成績無法判讀", "unreadable grade"}},
    };
    auto it = labels.find(reason);
    if (it == labels.end()) return reason;
    return chinese ? it->second.first : it->second.second;
}

std::string flag_text(const Flag& f, bool chinese, const std::map<std::string, std::string>& titles) {
    if (!chinese) return f.detail;
    auto title_of = [&](const std::string& id) {
        auto it = titles.find(id);
        return it == titles.end() ? id : it->second;
    };
    static const std::map<std::string, std::string> field_names{{"english_name", "英文姓名"},
                                                                {"email", "電子信箱"},
                                                                {"mobile", "手機"},
                                                                {"name", "姓名"},
                                                                {"national_id", "身分證字號"}};
    if (f.code == "extension_required") return "已達修業年限且尚未符合畢業條件，須申請延長修業年限";
    if (f.code == "legacy_cohort") return "早期學號學生：系統分類僅供參考，以人工審核為準";
    if (f.code == "teacher_education_pending") return "教程生下學期尚需修習教程課程，請暫勿提出畢業資格申請";
    if (f.code == "allocation_incomplete") return "學分歸類搜尋已達上限，無法確認是否可符合：" + title_of(f.requirement);
    if (f.code == "flexible_needs_approval") {
        const auto colon = f.detail.find(": ");
        const auto semi = f.detail.find(';');
        const std::string codes = colon == std::string::npos ? "" : f.detail.substr(colon + 2, semi - colon - 2);
        const bool depends = f.detail.find("depends on them") != std::string::npos &&
                             f.detail.find("does not depend") == std::string::npos;
        return "勾選之彈性學分須經系所核准：" + codes + (depends ? "（審核結果取決於這些學分）" : "");
    }
    if (f.code == "ruleset_mismatch") return "此規則不適用於該生（班別或入學年度不符），請確認課程架構";
    if (f.code == "no_profile") return "未提供學生基本資料，無法檢查資料與資格";
    if (f.code == "semesters_from_records") return "未提供在學學期數，依成績單之學期計算";
    if (f.code == "invalid_grade") return "成績無法判讀：" + f.detail;
    auto field = field_names.find(f.field);
    const std::string name = field == field_names.end() ? f.field : field->second;
    if (f.code.rfind("missing_", 0) == 0) {
        if (f.field == "english_name") return "英文姓名未填寫（須與護照一致，例：WANG, TA-MING），將無法製作畢業證書";
        return name + "未填寫";
    }
    if (f.code.rfind("invalid_", 0) == 0) {
        if (f.field == "english_name") return "英文姓名格式不符護照寫法（例：WANG, TA-MING）";
        const auto should = f.detail.find("should be ");
        if (should != std::string::npos) return name + "應為 " + f.detail.substr(should + 10);
        return name + "格式不正確";
    }
    return f.detail;
}

std::string title(const RequirementResult& r, bool chinese) {
    return chinese || r.title_en.empty() ? r.title : r.title_en;
}

void collect_titles(const RequirementResult& r, bool chinese, std::map<std::string, std::string>& titles) {
    titles[r.id] = title(r, chinese);
    for (const auto& c : r.children) collect_titles(c, chinese, titles);
}

struct Row {
    std::string cells[6];
};

void table_rows(const RequirementResult& r, int depth, bool chinese, std::vector<Row>& rows) {
    Row row;
    row.cells[0] = std::string(static_cast<std::size_t>(depth) * 2, ' ') + title(r, chinese);
    // Show what the requirement measures: credits, courses, or both.
    const bool courses = r.required.courses.has_value();
    const bool credits = r.required.credits.has_value() || (!courses && !r.required.semesters);
    row.cells[1] = amount(r.required, chinese, true);
    row.cells[2] = amount(r.earned, chinese, courses, credits);
    row.cells[3] = amount(r.pending, chinese, courses, credits);
    row.cells[4] = r.required.credits || r.required.courses || r.required.semesters
                       ? amount(r.remaining, chinese, courses, credits)
                       : "-";
    const bool requires_something = r.required.credits || r.required.courses || r.required.semesters;
    row.cells[5] = requires_something || !r.children.empty() ? mark(r.status, chinese) : "";
    if (r.maximum.credits) row.cells[1] = (chinese ? "上限 " : "max ") + num(*r.maximum.credits);
    if (r.shared) row.cells[5] += chinese ? "（可重複認列）" : " (shared)";
    rows.push_back(row);
    for (const auto& c : r.children) table_rows(c, depth + 1, chinese, rows);
}

void counted_sections(const RequirementResult& r, const std::string& path, bool chinese, std::string& out) {
    const std::string here = path.empty() ? title(r, chinese) : path + " › " + title(r, chinese);
    if (r.children.empty()) {
        if (r.counted.empty()) return;
        out += "  " + here + "\n";
        for (const auto& rec : r.counted) {
            out += "    " + record_line(rec);
            if (rec.in_progress) out += chinese ? "  修課中" : "  in progress";
            else if (!rec.grade.empty()) out += (chinese ? "  成績 " : "  grade ") + rec.grade;
            out += "\n";
        }
        return;
    }
    for (const auto& c : r.children) counted_sections(c, here, chinese, out);
}

// ---- kind hours ---------------------------------------------------------------------------

std::string hours_text(double h, bool chinese) { return num(h) + (chinese ? " 小時" : " h"); }

std::string hours_amount(const Amount& a, bool chinese) {
    if (a.hours) return hours_text(*a.hours, chinese);
    if (a.credits) return num(*a.credits) + (chinese ? " 學分" : " cr");
    return "-";
}

std::string session_line(const RecordRef& r, bool chinese) {
    // (2025-09-03) [408783] 課程設計與統合 3 小時
    std::string s = "(" + (r.date ? format_date(*r.date) : std::string("?")) + ") ";
    if (!r.code.empty()) s += "[" + r.code + "] ";
    if (!r.title.empty()) s += r.title + " ";
    if (r.hours) s += hours_text(*r.hours, chinese);
    else s += num(r.credits) + (chinese ? " 學分" : " cr");
    return s;
}

std::string hours_reason(const std::string& reason, bool chinese) {
    static const std::map<std::string, std::pair<const char*, const char*>> labels{
        {"duplicate", {"同一課程同日重複登錄，只計一次", "duplicate: the same course on the same day counts once"}},
        {"under_minimum", {"未滿最低時數，不核與時數", "under the minimum session length, no hours"}},
        {"unknown_category", {"類別不在規則之類別清單", "category not declared by the rule set"}},
        {"after_as_of", {"審核日期之後", "after the as-of date"}},
        {"outside_period", {"不在任何要求之期間內", "outside every requirement's period"}},
        {"not_counted", {"無可認列之要求", "no requirement accepts it"}},
        {"no_date", {"無研習日期", "no date"}},
    };
    auto it = labels.find(reason);
    if (it == labels.end()) return reason;
    return chinese ? it->second.first : it->second.second;
}

void hours_rows(const RequirementResult& r, int depth, bool chinese, std::vector<Row>& rows) {
    Row row;
    row.cells[0] = std::string(static_cast<std::size_t>(depth) * 2, ' ') + title(r, chinese);
    row.cells[1] = r.period ? format_date(r.period->first) + " – " + format_date(r.period->last) : "";
    row.cells[2] = hours_amount(r.required, chinese);
    if (r.months)
        row.cells[2] += chinese ? fmt::format("（{}/{} 月）", *r.months, r.period_months.value_or(12))
                                : fmt::format(" ({}/{} months)", *r.months, r.period_months.value_or(12));
    row.cells[3] = r.children.empty() ? hours_amount(r.earned, chinese) : "";
    row.cells[4] = r.remaining.hours ? hours_text(*r.remaining.hours, chinese)
                   : r.remaining.credits ? hours_amount(r.remaining, chinese)
                                         : "";
    row.cells[5] = mark(r.status, chinese);
    rows.push_back(row);
    for (const auto& ch : r.children) hours_rows(ch, depth + 1, chinese, rows);
}

void hours_counted(const RequirementResult& r, bool chinese, std::string& out) {
    if (r.children.empty() && !r.counted.empty()) {
        out += "  " + title(r, chinese) + "\n";
        for (const auto& rec : r.counted) out += "    " + session_line(rec, chinese) + "\n";
    }
    for (const auto& ch : r.children) hours_counted(ch, chinese, out);
}

}  // namespace

std::string detail::render_hours_text(const AuditResult& res, const RenderOptions& o) {
    const bool c = zh(o);
    std::string out = (c ? "研習時數審核 · " : "In-service hours audit · ") + res.ruleset.title + "\n";
    std::string who = (c ? "教師 " : "Teacher ") + (o.unmask_ids ? res.subject.id : mask_if_national_id(res.subject.id));
    if (!res.subject.name.empty()) who += "  " + res.subject.name;
    if (!res.subject.national_id.empty() && res.subject.national_id != res.subject.id)
        who += (c ? "  身分證 " : "  ID ") + (o.unmask_ids ? res.subject.national_id : mask_national_id(res.subject.national_id));
    if (!res.subject.role.empty()) who += (c ? "  身分別 " : "  role ") + res.subject.role;
    out += who + "\n";
    out += fmt::format(c ? "審核日期 {}  規則 {} 版本 {} (sha256 {})  libaudit {}\n"
                         : "As of {}  rules {} version {} (sha256 {})  libaudit {}\n",
                       res.as_of_date ? format_date(*res.as_of_date) : "-", res.ruleset.id, res.ruleset.version,
                       res.ruleset.sha256.substr(0, 12), res.engine_version);
    std::string verdict = status_label(res.status, c);
    if (res.status == Status::not_met && !res.requirements.empty() && res.requirements.front().remaining.hours)
        verdict += c ? "（尚缺 " + num(*res.requirements.front().remaining.hours) + " 小時）"
                     : " (short by " + num(*res.requirements.front().remaining.hours) + " hours)";
    out += "\n" + std::string(c ? "審核結果：" : "Result: ") + verdict + "\n\n";

    std::vector<Row> rows;
    rows.push_back(c ? Row{{"要求", "期間", "應有", "已有", "尚缺", "狀態"}}
                     : Row{{"Requirement", "Period", "Required", "Earned", "Short by", "Status"}});
    for (const auto& r : res.requirements) hours_rows(r, 0, c, rows);
    int width[6] = {0, 0, 0, 0, 0, 0};
    for (const auto& row : rows)
        for (int k = 0; k < 6; ++k) width[k] = std::max(width[k], display_width(row.cells[k]));
    for (const auto& row : rows) {
        std::string line = pad(row.cells[0], width[0]) + "  " + pad(row.cells[1], width[1]);
        for (int k = 2; k < 5; ++k) line += "  " + pad(row.cells[k], width[k], true);
        line += "  " + row.cells[5];
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    std::string counted;
    for (const auto& r : res.requirements) hours_counted(r, c, counted);
    if (!counted.empty()) out += std::string("\n") + (c ? "認列研習" : "Sessions counted") + "\n" + counted;
    if (!res.excluded.empty()) {
        out += std::string("\n") + (c ? "未認列研習" : "Sessions not counted") + "\n";
        for (const auto& e : res.excluded)
            out += "  " + session_line(e.record, c) + "  — " + hours_reason(e.reason, c) + "\n";
    }
    if (!res.flags.empty()) {
        out += std::string("\n") + (c ? "注意事項" : "Notes") + "\n";
        for (const auto& f : res.flags) {
            const char* sym = f.severity == "error" ? "!" : f.severity == "warning" ? "*" : "-";
            std::string text = f.detail;
            if (c && f.code == "not_applicable") text = "此規則不適用於該教師：" + f.detail;
            if (c && f.code == "unknown_category")
                text = "研習類別不在規則之類別清單（" + f.detail.substr(f.detail.find(": ") + 2) + "）";
            if (c && f.code == "no_profile") text = "未提供教師基本資料（身分別、到職日）";
            out += fmt::format("  {} {} [{}]\n", sym, text, f.code);
        }
    }
    return out;
}

namespace {

std::string type_label(const std::string& expected, bool chinese) {
    static const std::map<std::string, const char*> zh_types{
        {"an integer", "整數"},  {"a number", "數字"},        {"a date", "日期"},
        {"a date and time", "日期時間"}, {"a file size", "檔案大小"}, {"true or false", "是或否"},
        {"a value", "必填"},     {"one row", "一列"},         {"no further event", "不得再有任何事件"},
        {"a national ID", "身分證統一編號"}, {"a resident certificate number", "統一證號"},
        {"a national ID or resident certificate number", "身分證統一編號或統一證號"},
        {"SURNAME, GIVEN-NAME in capitals", "護照英文姓名（姓, 名 大寫，如 WANG, TA-MING）"},
        {"an e-mail address", "電子郵件地址"}, {"a Taiwan mobile number (09xxxxxxxx)", "手機號碼（09xxxxxxxx）"}};
    if (!chinese) return expected;
    if (expected.rfind("one of ", 0) == 0) return expected.substr(7) + " 其中之一";
    if (expected.rfind("a multiple of ", 0) == 0) return expected.substr(14) + " 的整數倍";
    if (expected == "a value no other row has") return "不得與其他列重複";
    if (expected.rfind("a row of ", 0) == 0) {
        const std::size_t with = expected.find(" with ");
        if (with != std::string::npos)
            return expected.substr(9, with - 9) + " 中 " + expected.substr(with + 6) + " 的資料列（查無）";
    }
    const auto it = zh_types.find(expected);
    return it == zh_types.end() ? expected : it->second;
}

// Personal values: IDs as the platform masks them (A1234*****), anything else (passwords, what
// is derived from IDs and birth dates) starred in full.

std::string violation_value(const Violation& v, const RenderOptions& o) {
    // An invalid ID is still an ID: mask it the way valid ones are.
    return detail::mask_value(v.value, v.personal, o);
}

// The result of a `kind: checks` rule set: one line per rule, then every violation with where it is.
}  // namespace

std::string detail::render_checks_text(const AuditResult& res, const RenderOptions& o) {
    const bool c = zh(o);
    std::string out;
    out += (c ? "資料檢核 · " : "Data checks · ") + res.ruleset.title + "\n";
    out += (c ? "檢核對象 " : "Checked ") + res.subject.id + "\n";
    out += fmt::format(c ? "規則 {} 版本 {} (sha256 {})  libaudit {}\n" : "Rules {} version {} (sha256 {})  libaudit {}\n",
                       res.ruleset.id, res.ruleset.version, res.ruleset.sha256.substr(0, 12), res.engine_version);
    out += "\n" + std::string(c ? "檢核結果：" : "Result: ") + status_label(res.status, c) + "\n\n";
    std::vector<std::array<std::string, 4>> rows;
    rows.push_back(c ? std::array<std::string, 4>{"規則", "檢查", "違反", "狀態"}
                     : std::array<std::string, 4>{"Rule", "Checked", "Broken", "Status"});
    for (const auto& r : res.requirements) {
        const std::string name = (!c && !r.title_en.empty() ? r.title_en : r.title) + " [" + r.id + "]";
        std::string state = r.checked && *r.checked == 0 ? (c ? "無資料" : "no rows") : mark(r.status, c);
        if (r.status == Status::met && r.violations > 0) state = c ? "✓ 有提醒" : "✓ warnings";
        rows.push_back({name, r.checked ? std::to_string(*r.checked) : "-", std::to_string(r.violations), state});
    }
    int width[4] = {0, 0, 0, 0};
    for (const auto& row : rows)
        for (int k = 0; k < 4; ++k) width[k] = std::max(width[k], display_width(row[k]));
    for (const auto& row : rows) {
        std::string line = pad(row[0], width[0]) + "  " + pad(row[1], width[1], true) + "  " + pad(row[2], width[2], true) +
                           "  " + row[3];
        out += line + "\n";
    }
    out += detail::render_row_reports_text(res, o);
    if (!res.violations.empty()) {
        out += std::string("\n") + (c ? "違反事項" : "Violations") + "\n";
        for (const auto& v : res.violations) {
            std::string title = v.title;
            if (!c)  // the rule's English title, as in the table above
                for (const auto& r : res.requirements)
                    if (r.id == v.rule && !r.title_en.empty()) title = r.title_en;
            if (v.kind == "type") title = c ? "欄位格式不符" : "value of the wrong type";
            else if (v.kind == "required") title = c ? "必填欄位未填" : "required value missing";
            else if (v.kind == "rows") title = c ? "表單只能有一列" : "a form takes one row";
            out += fmt::format("  {} {} [{}]\n", v.severity == "error" ? "!" : "*", title, v.rule);
            std::string where = v.file.empty() ? v.table : v.file;
            if (!v.path.empty() && v.path[0] == '/' && v.line > 0) where += ":" + std::to_string(v.line) + " " + v.path;  // XML
            else if (!v.path.empty()) where += " " + v.path;
            else if (v.line > 0) where += ":" + std::to_string(v.line) + (v.column > 0 ? ":" + std::to_string(v.column) : "");
            std::string what;
            if (!v.group.empty()) what = (c ? "群組 " : "group ") + v.group + "  ";
            if (!v.field.empty()) {
                what += v.field_title.empty() ? v.field : v.field_title + " (" + v.field + ")";
                what += " = " + (v.value.empty() ? std::string(c ? "（空白）" : "(blank)") : violation_value(v, o));
            } else if (!v.value.empty()) {
                what += (c ? "數量 " : "count ") + v.value;
            }
            out += "      " + where + "  " + what + (c ? "  應為 " : "  expected ") +
                   (c && !v.expected_zh.empty() ? v.expected_zh : type_label(v.expected, c)) + "\n";
            // Chinese reports keep the English detail where it says why (an ID's checksum, a password's gaps,
            // the state an event found and the lock that refused it).
            const bool lifecycle = std::any_of(res.requirements.begin(), res.requirements.end(), [&](const auto& r) {
                return r.id == v.rule && r.kind == "lifecycle";
            });
            if (!c || lifecycle || v.expected.find("national ID") != std::string::npos ||
                v.expected.find("resident") != std::string::npos || v.expected.rfind("a password", 0) == 0)
                out += "      " + v.detail + "\n";
            if (!v.message.empty()) out += "      → " + v.message + "\n";
        }
    }
    if (!res.computed.empty()) {
        out += std::string("\n") + (c ? "自動帶入的預設值" : "Defaults filled in") + "\n";
        for (const auto& cv : res.computed) {
            std::string where = cv.file.empty() ? cv.table : cv.file;
            if (!cv.path.empty()) where += " " + cv.path;
            else if (cv.line > 0) where += ":" + std::to_string(cv.line);
            out += "  " + where + "  " + cv.field + " = " +
                   detail::mask_value(cv.value, cv.personal, o) + "\n";
        }
    }
    return out;
}


std::string detail::render_programme_text(const AuditResult& res, const RenderOptions& o) {
    const bool c = zh(o);
    std::string out;
    out += (c ? "主修畢業學分審核 · " : "Graduation credit audit · ") + res.ruleset.title + "\n";
    std::string who = (c ? "學號 " : "Student ") + (o.unmask_ids ? res.subject.id : mask_if_national_id(res.subject.id));
    if (!res.subject.name.empty()) who += "  " + res.subject.name;
    if (!res.subject.national_id.empty())
        who += (c ? "  身分證 " : "  ID ") + (o.unmask_ids ? res.subject.national_id : mask_national_id(res.subject.national_id));
    if (res.subject.entry_year)
        who += c ? fmt::format("  {} 學年度入學", *res.subject.entry_year) : fmt::format("  entered {}", *res.subject.entry_year);
    if (res.subject.year_of_study)
        who += c ? fmt::format("  第 {} 年", *res.subject.year_of_study) : fmt::format("  year {}", *res.subject.year_of_study);
    out += who + "\n";
    out += fmt::format(c ? "審核學期 {}  規則 {} 版本 {} (sha256 {})  libaudit {}\n"
                         : "As of {}  rules {} version {} (sha256 {})  libaudit {}\n",
                       res.as_of ? format_term(*res.as_of) : "-", res.ruleset.id, res.ruleset.version,
                       res.ruleset.sha256.substr(0, 12), res.engine_version);
    out += "\n" + std::string(c ? "審核結果：" : "Result: ") + status_label(res.status, c) + "\n\n";

    std::vector<Row> rows;
    rows.push_back(c ? Row{{"要求", "應修", "實修", "修課中", "尚缺", "狀態"}}
                     : Row{{"Requirement", "Required", "Earned", "In progress", "Remaining", "Status"}});
    for (const auto& r : res.requirements) table_rows(r, 0, c, rows);
    int width[6] = {0, 0, 0, 0, 0, 0};
    for (const auto& row : rows)
        for (int k = 0; k < 6; ++k) width[k] = std::max(width[k], display_width(row.cells[k]));
    for (const auto& row : rows) {
        std::string line = pad(row.cells[0], width[0]);
        for (int k = 1; k < 5; ++k) line += "  " + pad(row.cells[k], width[k], true);
        line += "  " + row.cells[5];
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }

    std::string counted;
    for (const auto& r : res.requirements) counted_sections(r, "", c, counted);
    if (!counted.empty()) out += std::string("\n") + (c ? "認列課程" : "Courses counted") + "\n" + counted;

    if (!res.excluded.empty()) {
        out += std::string("\n") + (c ? "未認列課程" : "Courses not counted") + "\n";
        for (const auto& e : res.excluded) {
            std::string line = "  " + record_line(e.record);
            if (!e.record.grade.empty()) line += (c ? "  成績 " : "  grade ") + e.record.grade;
            line += "  — " + reason_label(e.reason, c);
            out += line + "\n";
        }
    }
    if (!res.flags.empty()) {
        std::map<std::string, std::string> titles;
        for (const auto& r : res.requirements) collect_titles(r, c, titles);
        out += std::string("\n") + (c ? "注意事項" : "Notes") + "\n";
        for (const auto& f : res.flags) {
            const char* sym = f.severity == "error" ? "!" : f.severity == "warning" ? "*" : "-";
            out += fmt::format("  {} {} [{}]\n", sym, flag_text(f, c, titles), f.code);
        }
    }
    return out;
}

namespace {

void write_amount(detail::JsonWriter& w, const char* key, const Amount& a) {
    w.key(key);
    w.begin_object();
    if (a.credits) w.key("credits"), w.number(*a.credits);
    if (a.courses) w.key("courses"), w.number(*a.courses);
    if (a.semesters) w.key("semesters"), w.number(*a.semesters);
    if (a.hours) w.key("hours"), w.number(*a.hours);
    w.end_object();
}

bool same_record(const RecordRef& a, const RecordRef& b) {
    return a.source_row == b.source_row && a.code == b.code && a.offering == b.offering && a.title == b.title &&
           a.term == b.term && a.credits == b.credits && a.grade == b.grade && a.in_progress == b.in_progress &&
           a.date == b.date && a.hours == b.hours;
}

// Records already written in a compact document: a record listed by several requirements (every
// level lists what its subtree counts) is serialised once and its bytes copied after; the output is
// the same. Open addressing by row; a record equal in row but not in content is written again.
class RecordCache {
public:
    RecordCache(const detail::JsonWriter& w, std::size_t records) {
        if (!w.compact()) return;
        std::size_t n = 16;
        while (n < 2 * records) n *= 2;
        table_.resize(n);
    }
    struct Entry {
        const RecordRef* ref = nullptr;
        std::size_t offset = 0, size = 0;
    };
    // The entry for r's row: a match, an empty slot to fill, or null (no cache, or the slot holds
    // another record of the same row).
    Entry* find(const RecordRef& r) {
        if (table_.empty()) return nullptr;
        const std::size_t mask = table_.size() - 1;
        for (std::size_t i = static_cast<std::size_t>(r.source_row) * 2654435761u & mask;; i = (i + 1) & mask) {
            Entry& e = table_[i];
            if (e.ref == nullptr) return 2 * used_ < table_.size() ? &e : nullptr;  // never full: probes end
            if (e.ref->source_row == r.source_row) return same_record(*e.ref, r) ? &e : nullptr;
        }
    }
    void store(Entry& e, const RecordRef& r, std::size_t offset, std::size_t size) {
        e = {&r, offset, size};
        ++used_;
    }

private:
    std::vector<Entry> table_;
    std::size_t used_ = 0;
};

void write_record_fields(detail::JsonWriter& w, const RecordRef& r);

void write_record(detail::JsonWriter& w, const RecordRef& r, RecordCache& cache) {
    RecordCache::Entry* e = cache.find(r);
    if (e != nullptr && e->ref != nullptr) return w.copy_value(e->offset, e->size);
    const std::size_t start = w.begin_object();
    write_record_fields(w, r);
    w.end_object();
    if (e != nullptr) cache.store(*e, r, start, w.size() - start);
}

void write_record_fields(detail::JsonWriter& w, const RecordRef& r) {
    w.key("code"), w.string(r.code);
    w.key("offering"), w.string(r.offering);
    w.key("title"), w.string(r.title);
    w.key("term");
    if (r.term) {
        // format_term without a string allocation: "113-1", or "113" for a whole year.
        char buf[16];
        char* end = std::to_chars(buf, buf + 8, r.term->year).ptr;
        if (r.term->semester != 0) {
            *end++ = '-';
            end = std::to_chars(end, buf + sizeof buf, r.term->semester).ptr;
        }
        w.string(std::string_view(buf, static_cast<std::size_t>(end - buf)));
    } else {
        w.null();
    }
    w.key("credits"), w.number(r.credits);
    w.key("grade"), w.string(r.grade);
    w.key("in_progress"), w.boolean(r.in_progress);
    w.key("row"), w.number(r.source_row);
    if (r.date) w.key("date"), w.string(format_date(*r.date));
    if (r.hours) w.key("hours"), w.number(*r.hours);
}

void write_requirement(detail::JsonWriter& w, const RequirementResult& r, RecordCache& cache) {
    w.begin_object();
    w.key("id"), w.string(r.id);
    w.key("title"), w.string(r.title);
    w.key("kind"), w.string(r.kind);
    w.key("status"), w.string(to_string(r.status));
    w.key("shared"), w.boolean(r.shared);
    write_amount(w, "required", r.required);
    write_amount(w, "earned", r.earned);
    write_amount(w, "pending", r.pending);
    write_amount(w, "remaining", r.remaining);
    write_amount(w, "maximum", r.maximum);
    if (r.period) {
        w.key("period");
        w.begin_object();
        w.key("from"), w.string(format_date(r.period->first));
        w.key("to"), w.string(format_date(r.period->last));
        w.end_object();
    }
    if (r.months) {
        w.key("prorated");
        w.begin_object();
        w.key("months"), w.number(*r.months);
        w.key("of"), w.number(r.period_months.value_or(12));
        w.end_object();
    }
    w.key("counted");
    w.begin_array();
    for (const auto& rec : r.counted) write_record(w, rec, cache);
    w.end_array();
    w.key("children");
    w.begin_array();
    for (const auto& c : r.children) write_requirement(w, c, cache);
    w.end_array();
    if (r.checked) {
        w.key("checked"), w.number(*r.checked);
        w.key("violations"), w.number(r.violations);
    }
    w.end_object();
}

}  // namespace

void detail::write_checks_json(detail::JsonWriter& w, const AuditResult& res, const RenderOptions& o) {
    w.key("violations");
    w.begin_array();
    for (const auto& v : res.violations) {
        w.begin_object();
        w.key("rule"), w.string(v.rule);
        w.key("kind"), w.string(v.kind);
        w.key("title"), w.string(v.title);
        w.key("severity"), w.string(v.severity);
        w.key("table"), w.string(v.table);
        w.key("field"), w.string(v.field);
        w.key("field_title"), w.string(v.field_title);
        w.key("value"), w.string(violation_value(v, o));
        w.key("expected"), w.string(v.expected);
        w.key("group"), w.string(v.group);
        w.key("detail"), w.string(v.detail);
        w.key("file"), w.string(v.file);
        w.key("line"), w.number(v.line);
        w.key("column"), w.number(v.column);
        w.key("path"), w.string(v.path);
        if (!v.message.empty()) w.key("message"), w.string(v.message);
        w.end_object();
    }
    w.end_array();
    w.key("computed");
    w.begin_array();
    for (const auto& cv : res.computed) {
        w.begin_object();
        w.key("table"), w.string(cv.table);
        w.key("field"), w.string(cv.field);
        w.key("value"), w.string(detail::mask_value(cv.value, cv.personal, o));
        w.key("file"), w.string(cv.file);
        w.key("line"), w.number(cv.line);
        w.key("path"), w.string(cv.path);
        w.end_object();
    }
    w.end_array();
    detail::write_row_reports_json(w, res, o);
}

std::string detail::render_json_with(const AuditResult& res, const RenderOptions& o,
                                     void (*family_part)(detail::JsonWriter&, const AuditResult&, const RenderOptions&)) {
    detail::JsonWriter w(o.compact);
    // Room for the whole document at once (about 300 bytes per record listed, compact).
    std::size_t records = res.excluded.size();
    for (const auto& r : res.requirements) records += r.counted.size();
    w.reserve(2048 + records * (o.compact ? 600 : 1200));
    RecordCache cache(w, records);
    w.begin_object();
    w.key("schema"), w.string(result_schema_id);
    w.key("status"), w.string(to_string(res.status));
    w.key("subject");
    w.begin_object();
    w.key("id"), w.string(o.unmask_ids ? res.subject.id : mask_if_national_id(res.subject.id));
    w.key("name"), w.string(res.subject.name);
    w.key("national_id"), w.string(o.unmask_ids ? res.subject.national_id : mask_national_id(res.subject.national_id));
    w.key("programme"), w.string(res.subject.programme);
    if (!res.subject.role.empty()) w.key("role"), w.string(res.subject.role);
    w.key("entry_year");
    if (res.subject.entry_year) w.number(*res.subject.entry_year);
    else w.null();
    w.key("year_of_study");
    if (res.subject.year_of_study) w.number(*res.subject.year_of_study);
    else w.null();
    w.end_object();
    w.key("ruleset");
    w.begin_object();
    if (res.ruleset.kind != RuleKind::programme) w.key("kind"), w.string(to_string(res.ruleset.kind));
    w.key("id"), w.string(res.ruleset.id);
    w.key("version"), w.string(res.ruleset.version);
    w.key("title"), w.string(res.ruleset.title);
    w.key("sha256"), w.string(res.ruleset.sha256);
    w.end_object();
    w.key("engine_version"), w.string(res.engine_version);
    w.key("as_of");
    if (res.as_of) w.string(format_term(*res.as_of));
    else w.null();
    if (res.as_of_date) w.key("as_of_date"), w.string(format_date(*res.as_of_date));
    w.key("requirements");
    w.begin_array();
    for (const auto& r : res.requirements) write_requirement(w, r, cache);
    w.end_array();
    w.key("excluded");
    w.begin_array();
    for (const auto& e : res.excluded) {
        w.begin_object();
        w.key("record");
        write_record(w, e.record, cache);
        w.key("reason"), w.string(e.reason);
        w.key("detail"), w.string(e.detail);
        w.end_object();
    }
    w.end_array();
    w.key("flags");
    w.begin_array();
    for (const auto& f : res.flags) {
        w.begin_object();
        w.key("code"), w.string(f.code);
        w.key("severity"), w.string(f.severity);
        w.key("requirement"), w.string(f.requirement);
        w.key("field"), w.string(f.field);
        w.key("detail"), w.string(f.detail);
        w.end_object();
    }
    w.end_array();
    w.key("allocation");
    w.begin_object();
    w.key("optimal"), w.boolean(res.allocation.optimal);
    w.key("steps"), w.number(static_cast<double>(res.allocation.steps));
    w.end_object();
    if (family_part) family_part(w, res, o);
    w.end_object();
    std::string out = w.take();
    if (!o.compact) out += '\n';
    return out;
}

}  // namespace libaudit
