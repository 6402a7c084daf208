// `libaudit new-year`: a programme framework copied to the next entry year (libaudit/app.hpp).
// Edits are made on the text at the nodes' positions, so comments and layout stay as written.
#include <libaudit/app.hpp>
#include <libaudit/diagnostic.hpp>
#include <libaudit/ruleset.hpp>

#include "rules/yaml_reader.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace libaudit { inline namespace v0 {
namespace {

namespace fs = std::filesystem;

struct Edit {
    std::size_t begin = 0, end = 0;
    std::string text;
};

// A U001 problem of this command (usage.new_year.<key>) at a place in a file.
InputError problem(const std::string& key, MessageParams params, const std::string& file, const YAML::Node* at = nullptr) {
    Diagnostic d = usage_problem("new_year." + key, std::move(params));
    d.where.file = file;
    if (at) d.where.line = at->Mark().line + 1, d.where.column = at->Mark().column + 1;
    return InputError({d});
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError::cannot_read(path, errno);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The text span of a scalar's value (inside its quotes, when quoted).
Edit scalar_span(const std::string& text, const YAML::Node& node, const std::string& file) {
    const std::size_t pos = static_cast<std::size_t>(node.Mark().pos);
    const std::string& value = node.Scalar();
    const std::size_t at = pos < text.size() && (text[pos] == '"' || text[pos] == '\'') ? pos + 1 : pos;
    if (text.compare(at, value.size(), value) != 0)
        throw problem("not_editable", {{"value", value}}, file, &node);
    return {at, at + value.size(), value};
}

// The year's digits as written (`digits`, "113" or "097") where they stand as a number of their own
// in `s` (the last such place); npos if not.
std::size_t year_in(const std::string& s, const std::string& digits) {
    for (std::size_t at = s.rfind(digits); at != std::string::npos; at = at == 0 ? std::string::npos : s.rfind(digits, at - 1)) {
        const bool before = at > 0 && std::isdigit(static_cast<unsigned char>(s[at - 1]));
        const std::size_t end = at + digits.size();
        const bool after = end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]));
        if (!before && !after) return at;
    }
    return std::string::npos;
}

// `to` written as `from` is: "097" -> "098", "113" -> "114".
std::string digits_like(const std::string& from, int to) {
    const std::string t = std::to_string(to);
    return t.size() < from.size() ? std::string(from.size() - t.size(), '0') + t : t;
}

std::string with_year(std::string s, const std::string& from, int to) {
    const std::size_t at = year_in(s, from);
    if (at != std::string::npos) s.replace(at, from.size(), digits_like(from, to));
    return s;
}

// The entry year of the framework: the last number in its id, as written ("" when none or over 3 digits).
std::string year_of_id(const std::string& id) {
    const std::size_t end = id.find_last_of("0123456789");
    if (end == std::string::npos) return "";
    std::size_t begin = end;
    while (begin > 0 && std::isdigit(static_cast<unsigned char>(id[begin - 1]))) --begin;
    return end - begin + 1 > 3 ? "" : id.substr(begin, end - begin + 1);
}

std::string apply(std::string text, std::vector<Edit> edits) {
    std::sort(edits.begin(), edits.end(), [](const Edit& a, const Edit& b) { return a.begin > b.begin; });
    for (const Edit& e : edits) text.replace(e.begin, e.end - e.begin, e.text);
    return text;
}

// The span of applies_to.entry_years as a whole: a scalar (quotes included) or a flow list.
Edit entry_years_span(const std::string& text, const YAML::Node& node, const std::string& file) {
    const std::size_t pos = static_cast<std::size_t>(node.Mark().pos);
    std::size_t end = std::string::npos;
    if (node.IsScalar()) {
        const Edit inner = scalar_span(text, node, file);
        end = inner.end + (inner.begin > pos ? 1 : 0);
    } else if (node.IsSequence() && pos < text.size() && text[pos] == '[') {
        end = text.find(']', pos);
        if (end != std::string::npos) ++end;
    }
    if (end == std::string::npos) throw problem("not_editable", {{"value", "entry_years"}}, file, &node);
    return {pos, end, ""};
}

struct Plan {
    std::string from;  // the entry year copied, as the id writes it
    std::string text;  // the new file
};

Plan plan_rules(const std::string& text, const std::string& file, int to) {
    const YAML::Node root = YAML::Load(text);
    const YAML::Node id = root["id"], years = root["applies_to"]["entry_years"], version = root["version"];
    if (!id || !id.IsScalar() || !years) throw problem("not_programme", {}, file);
    Plan plan;
    plan.from = year_of_id(id.Scalar());
    if (plan.from.empty()) throw problem("no_year_in_id", {{"id", id.Scalar()}}, file, &id);
    std::vector<Edit> edits;
    Edit e = scalar_span(text, id, file);
    e.text = with_year(e.text, plan.from, to);
    edits.push_back(e);
    e = entry_years_span(text, years, file);
    e.text = std::to_string(to);
    edits.push_back(e);
    if (version && version.IsScalar()) {
        e = scalar_span(text, version, file);
        e.text = fmt::format("{}.1", to + 1911);
        edits.push_back(e);
    }
    plan.text = apply(text, edits);
    return plan;
}

// A rule test copied: its `rules` path to the new file, students' entry years from -> to.
std::string plan_test(const std::string& text, const std::string& file, const std::string& rules, int from, int to) {
    const YAML::Node root = YAML::Load(text);
    std::vector<Edit> edits;
    Edit e = scalar_span(text, root["rules"], file);
    e.text = rules;
    edits.push_back(e);
    for (const YAML::Node& c : root["cases"]) {
        const YAML::Node year = c["student"] ? c["student"]["entry_year"] : YAML::Node();
        if (year && year.IsScalar() && year.Scalar() == std::to_string(from)) {
            e = scalar_span(text, year, file);
            e.text = std::to_string(to);
            edits.push_back(e);
        }
    }
    return apply(text, edits);
}

bool same_file(const fs::path& a, const fs::path& b) {
    std::error_code ec;
    return fs::equivalent(a, b, ec);
}

// The rule tests next to the rule file (tests/*.test.yaml) whose `rules` names it.
std::vector<std::string> tests_of(const std::string& rules) {
    std::vector<std::string> found;
    const fs::path dir = fs::path(rules).parent_path() / "tests";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return found;
    for (const std::string& t : detail::yaml_files_under(dir.string(), true)) {
        const YAML::Node root = YAML::Load(read_text(t));
        if (root.IsMap() && root["rules"] && root["rules"].IsScalar() &&
            same_file(fs::path(t).parent_path() / root["rules"].Scalar(), rules))
            found.push_back(t);
    }
    return found;
}

void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw IoError(fmt::format("cannot write {}", path));
}

std::string output_path(const NewYearRequest& r, const std::string& from) {
    if (!r.out.empty()) return r.out;
    const fs::path p(r.rules);
    const std::string name = p.filename().string();
    if (year_in(name, from) == std::string::npos) throw problem("no_year_in_name", {{"year", from}}, r.rules);
    return (p.parent_path() / with_year(name, from, r.to)).string();
}

}  // namespace

NewYearResult new_year(const NewYearRequest& request) {
    load_rulesets(request.rules);  // a valid rule file, else its RuleError
    if (request.to < 1 || request.to > 199) throw problem("bad_year", {{"year", std::to_string(request.to)}}, request.rules);
    const Plan plan = plan_rules(read_text(request.rules), request.rules, request.to);
    NewYearResult result;
    result.from = std::stoi(plan.from);
    result.file = output_path(request, plan.from);
    result.folder = fs::path(result.file).parent_path().string();
    if (result.folder.empty()) result.folder = ".";
    std::vector<std::pair<std::string, std::string>> writes{{result.file, plan.text}};
    const fs::path test_dir = fs::path(result.file).parent_path() / "tests";
    for (const std::string& t : tests_of(request.rules)) {
        const std::string name = fs::path(t).filename().string();
        const fs::path out = test_dir / (year_in(name, plan.from) != std::string::npos
                                             ? with_year(name, plan.from, request.to)
                                             : fs::path(result.file).stem().string() + ".test.yaml");
        const std::string rules = fs::path(result.file).lexically_proximate(test_dir).generic_string();
        writes.push_back({out.string(), plan_test(read_text(t), t, rules, result.from, request.to)});
        result.tests.push_back(out.string());
    }
    std::error_code ec;
    for (const auto& w : writes)
        if (fs::exists(w.first, ec)) throw problem("exists", {{"file", w.first}}, w.first);
    if (!result.tests.empty()) fs::create_directories(test_dir, ec);
    for (const auto& w : writes) write_text(w.first, w.second);
    return result;
}

}}  // namespace libaudit::v0
