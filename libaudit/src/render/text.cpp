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

std::string format_table(const std::vector<TableRow>& rows, const std::vector<bool>& right) {
    std::vector<int> width;
    for (const auto& row : rows) {
        if (width.size() < row.size()) width.resize(row.size(), 0);
        for (std::size_t k = 0; k < row.size(); ++k) width[k] = std::max(width[k], display_width(row[k]));
    }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t k = 0; k < row.size(); ++k) {
            if (k > 0) line += "  ";
            line += k + 1 < row.size() ? pad(row[k], width[k], k < right.size() && right[k]) : row[k];
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out;
}

}}}  // namespace libaudit::v0::detail
