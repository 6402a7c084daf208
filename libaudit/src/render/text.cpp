// What the text renderings of every family share (render/text.hpp).
#include "render/text.hpp"

#include <libaudit/text.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace libaudit { inline namespace v0 { namespace detail {

bool zh(const RenderOptions& o) { return o.language == Language::zh_TW; }

std::string num(double v) { return fmt::format("{:g}", v); }

namespace {
void collect_titles(const RequirementResult& r, bool chinese, std::map<std::string, std::string>& titles) {
    titles[r.id] = title(r, chinese);
    for (const auto& c : r.children) collect_titles(c, chinese, titles);
}
}  // namespace

std::map<std::string, std::string> requirement_titles(const AuditResult& res, bool chinese) {
    std::map<std::string, std::string> titles;
    for (const auto& r : res.requirements) collect_titles(r, chinese, titles);
    return titles;
}

std::string flag_message(const Flag& f, Language language, const std::string& requirement_title) {
    if (f.message.empty()) return f.detail;
    MessageParams params = f.params;
    params.push_back({"requirement_title", requirement_title});
    return message_text(language, f.message, params);
}

std::string say(bool chinese, const std::string& code, const MessageParams& params) {
    return message_text(chinese ? Language::zh_TW : Language::en, code, params);
}

std::string status_label(Status s, bool chinese) { return say(chinese, std::string("report.status.") + to_string(s)); }

std::string mark(Status s, bool chinese) {
    switch (s) {
        case Status::met: return "✓";
        case Status::not_met: return "✗";
        case Status::met_pending:
        case Status::not_applicable: return say(chinese, std::string("report.mark.") + to_string(s));
        default: return "?";
    }
}

std::string pending_suffix(const RequirementResult& r) {
    bool in_progress = false, planned = false;
    for (const auto& rec : r.counted) {
        if (rec.planned) planned = true;
        else if (rec.in_progress) in_progress = true;
    }
    return !planned ? "" : in_progress ? ".both" : ".planned";
}

std::string result_status_label(const AuditResult& res, bool chinese) {
    if (res.status != Status::met_pending || !res.what_if || res.what_if->planned == 0 || res.requirements.empty())
        return status_label(res.status, chinese);
    return say(chinese, "report.status.met_pending" + pending_suffix(res.requirements.front()));
}

std::string title(const RequirementResult& r, bool chinese) {
    return chinese || r.title_en.empty() ? r.title : r.title_en;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
}

std::string joined(Language language, const std::vector<std::string>& parts, const char* code) {
    std::string out;
    for (const auto& p : parts) out = out.empty() ? p : message_text(language, code, {{"a", out}, {"b", p}});
    return out;
}

std::string filter_text(const Filter& f, Language language) {
    static const char* names[] = {"code", "dept", "school", "category", "tag", "domain", "type", "in_framework", "selected"};
    std::vector<std::string> parts;
    for (const auto& c : f.conditions) {
        std::vector<std::string> values;
        for (const auto& v : c.values) values.push_back(v.empty() ? message_text(language, "outline.filter.none") : v);
        parts.push_back(fmt::format("{} {} {}", names[static_cast<int>(c.field)], c.negate ? "∉" : "∈",
                                    values.size() == 1 ? values[0] : "{" + join(values) + "}"));
    }
    return parts.empty() ? message_text(language, "outline.filter.everything") : joined(language, parts, "outline.and");
}

namespace {

bool about_exception(const Flag& f) {
    return f.code == "exception_applied" || f.code == "exception_not_matched" || f.code == "prefer_not_honoured";
}

std::string flag_param(const Flag& f, const char* name) {
    for (const auto& p : f.params)
        if (p.name == name) return p.value;
    return "";
}

// The exceptions' ids in the order the notes list them.
std::vector<std::string> noted_exceptions(const AuditResult& res) {
    std::vector<std::string> ids;
    for (const auto& f : res.flags)
        if (about_exception(f)) {
            std::string id = flag_param(f, "id");
            if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
        }
    return ids;
}

std::string number_mark(const std::vector<std::string>& numbers, Language language) {
    if (numbers.empty()) return "";
    return message_text(language, "report.exception_mark",
                        {{"n", joined(language, numbers, "report.exception_mark.join")}});
}


// Whether the exception `id` changed r: it targets r's requirement (r.exceptions), or it is an
// applied `allow` that moved its course, from outside the framework, into r (a leaf: its parents
// only add it up).
bool changed_by(const AuditResult& res, const RequirementResult& r, const std::string& id) {
    if (std::find(r.exceptions.begin(), r.exceptions.end(), id) != r.exceptions.end()) return true;
    for (const auto& e : res.exceptions)
        if (e.id == id && e.kind == "allow" && e.outcome == "applied" && r.children.empty())
            return std::any_of(r.counted.begin(), r.counted.end(), [&](const RecordRef& c) { return c.code == e.course; });
    return false;
}

}  // namespace

std::string exception_mark(const AuditResult& res, const RequirementResult& r, Language language) {
    if (res.exceptions.empty()) return "";
    const std::vector<std::string> ids = noted_exceptions(res);
    std::vector<std::string> numbers;
    for (std::size_t k = 0; k < ids.size(); ++k)
        if (changed_by(res, r, ids[k])) numbers.push_back(std::to_string(k + 1));
    return number_mark(numbers, language);
}

std::string exception_note_mark(const AuditResult& res, const Flag& f, Language language) {
    if (!about_exception(f)) return "";
    const std::vector<std::string> ids = noted_exceptions(res);
    const auto at = std::find(ids.begin(), ids.end(), flag_param(f, "id"));
    return number_mark({std::to_string(at - ids.begin() + 1)}, language);
}

std::string with_mark(const std::string& cell, const std::string& mark) {
    if (mark.empty()) return cell;
    return cell.empty() ? mark : cell + " " + mark;
}

namespace {

void outline_node(const ReqNode& n, const std::function<std::string(const ReqNode&)>& line, const std::string& prefix,
                  bool last, bool root, std::string& out) {
    out += root ? "" : prefix + (last ? "└─ " : "├─ ");
    out += line(n) + "\n";
    const std::string child_prefix = root ? "" : prefix + (last ? "   " : "│  ");
    for (std::size_t i = 0; i < n.children.size(); ++i)
        outline_node(n.children[i], line, child_prefix, i + 1 == n.children.size(), false, out);
}

}  // namespace

void outline(const ReqNode& root, const std::function<std::string(const ReqNode&)>& line, std::string& out) {
    outline_node(root, line, "", true, true, out);
}

// The first lines of every outline: id, version, title and source.
std::string heading(const detail::Model& m, Language language) {
    std::string out = fmt::format("{} {} · {}\n", m.id, m.version, in_language(language, m.title, m.title_en));
    if (!m.source.empty()) out += message_text(language, "outline.source", {{"source", m.source}}) + "\n";
    return out;
}

namespace {

// The column to narrow so that the table fits `max_width`, and its new width; -1 when it fits.
std::pair<int, int> narrowed_column(const std::vector<int>& width, const std::vector<bool>& right, int max_width) {
    int total = 0;
    for (std::size_t k = 0; k < width.size(); ++k) total += width[k] + (k > 0 ? 2 : 0);
    if (max_width <= 0 || total <= max_width) return {-1, 0};
    int widest = -1;
    for (std::size_t k = 0; k < width.size(); ++k)
        if (!(k < right.size() && right[k]) && (widest < 0 || width[k] > width[static_cast<std::size_t>(widest)]))
            widest = static_cast<int>(k);
    if (widest < 0) return {-1, 0};
    return {widest, std::max(12, width[static_cast<std::size_t>(widest)] - (total - max_width))};
}

}  // namespace

std::string format_table(const std::vector<TableRow>& rows, const std::vector<bool>& right, int max_width) {
    std::vector<int> width;
    for (const auto& row : rows) {
        if (width.size() < row.size()) width.resize(row.size(), 0);
        for (std::size_t k = 0; k < row.size(); ++k) width[k] = std::max(width[k], display_width(row[k]));
    }
    const auto [narrow, narrow_width] = narrowed_column(width, right, max_width);
    if (narrow >= 0) width[static_cast<std::size_t>(narrow)] = narrow_width;
    std::string out;
    for (const auto& row : rows) {
        std::vector<std::string> extra;  // the narrowed cell's continuation lines, indented 2 more than it
        int extra_indent = 0;
        std::string line;
        for (std::size_t k = 0; k < row.size(); ++k) {
            std::string cell = row[k];
            if (static_cast<int>(k) == narrow && display_width(cell) > narrow_width) {
                const std::size_t lead = std::min(cell.size(), cell.find_first_not_of(' '));
                const std::string first = wrap_columns(cell, narrow_width).front();
                std::string_view rest = std::string_view(cell).substr(first.size());
                rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(' ')));
                extra_indent = static_cast<int>(lead) + 2;
                extra = wrap_columns(rest, std::max(4, narrow_width - extra_indent));
                cell = first;
            }
            if (k > 0) line += "  ";
            line += k + 1 < row.size() ? pad(cell, width[k], k < right.size() && right[k]) : cell;
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
        int column = extra_indent;
        for (int k = 0; k < narrow; ++k) column += width[static_cast<std::size_t>(k)] + 2;
        for (const auto& more : extra) out += std::string(static_cast<std::size_t>(column), ' ') + more + "\n";
    }
    return out;
}

}}}  // namespace libaudit::v0::detail
