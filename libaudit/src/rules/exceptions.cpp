// Reading per-student exceptions files (libaudit/exceptions.hpp, docs/exceptions.md): YAML or
// JSON, every problem located, requirement ids checked against the rule sets (after renames).
#include <libaudit/exceptions.hpp>

#include "input/input_text.hpp"
#include "rules/model.hpp"
#include "rules/rule_reader.hpp"
#include "rules/yaml_reader.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace libaudit { inline namespace v0 {

namespace {

using detail::YamlReader;
using Map = YamlReader::Map;

const std::vector<std::string> kind_names{"waive", "reduce", "substitute", "force", "allow", "credits", "prefer"};
const std::vector<std::string> common_keys{"id", "student", "kind", "author", "date", "reason", "approved_by"};

// The keys each kind takes besides the common ones, and those it must have.
struct KindKeys {
    std::vector<std::string> allowed, required;
};
KindKeys keys_of(ExceptionKind k) {
    switch (k) {
    case ExceptionKind::waive: return {{"requirement"}, {"requirement"}};
    case ExceptionKind::reduce: return {{"requirement", "min_credits", "min_courses", "min_hours"}, {"requirement"}};
    case ExceptionKind::substitute: return {{"requirement", "course", "term", "for"}, {"requirement", "course", "for"}};
    case ExceptionKind::force:
    case ExceptionKind::prefer: return {{"requirement", "course", "term"}, {"requirement", "course"}};
    case ExceptionKind::allow: return {{"course", "term"}, {"course"}};
    case ExceptionKind::credits: return {{"course", "term", "credits"}, {"course", "credits"}};
    }
    return {};
}

std::vector<std::string> all_keys() {
    std::vector<std::string> out = common_keys;
    for (const char* k : {"requirement", "course", "term", "for", "min_credits", "min_courses", "min_hours", "credits"})
        out.push_back(k);
    return out;
}

void collect_ids(const detail::ReqNode& n, std::vector<std::string>& out) {
    out.push_back(n.id);
    for (const auto& c : n.children) collect_ids(c, out);
}

class ExceptionsReader : public YamlReader {
public:
    using YamlReader::YamlReader;
    std::vector<AuditException> out;

    void read(const YAML::Node& root) {
        tags(root);
        Map top(*this, root, {"exceptions"}, "exceptions_file");
        if (!top.ok()) return;
        const YAML::Node* list = top.required("exceptions");
        if (!list) return;
        if (!list->IsSequence()) {
            report(*list, "E012.not_list", {{"key", "exceptions"}, {"got", got(*list)}});
            return;
        }
        std::set<std::string> ids;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const YAML::Node item = (*list)[i];
            read_one(item, ids);
        }
    }

private:
    std::optional<std::string> text(const Map& m, const std::string& key) {
        const YAML::Node* n = m.required(key);
        if (!n) return std::nullopt;
        auto s = string(*n, key);
        if (s && s->find_first_not_of(" \t") == std::string::npos) {
            report(*n, "X004.empty", {{"key", key}});
            return std::nullopt;
        }
        return s;
    }

    void read_one(const YAML::Node& item, std::set<std::string>& ids) {
        Map m(*this, item, all_keys(), "exception");
        if (!m.ok()) return;
        AuditException e;
        e.where = where(item);
        if (auto s = text(m, "id")) {
            e.id = *s;
            if (!ids.insert(e.id).second) report(*m.get("id"), "X002.duplicate_id", {{"id", e.id}});
        }
        if (auto s = text(m, "student")) e.student = *s;
        read_kind(m, e);
        if (auto s = text(m, "author")) e.author = *s;
        if (auto s = text(m, "reason")) e.reason = *s;
        if (const YAML::Node* n = m.get("approved_by"))
            if (auto s = string(*n, "approved_by")) e.approved_by = *s;
        if (const YAML::Node* n = m.required("date")) {
            const auto s = n->IsScalar() ? std::optional<std::string>(n->Scalar()) : std::nullopt;
            const auto d = s ? parse_date(*s) : std::nullopt;
            if (d) e.date = *d;
            else report(*n, "X003.bad_date", {{"got", got(*n)}});
        }
        out.push_back(std::move(e));
    }

    void read_kind(const Map& m, AuditException& e) {
        const YAML::Node* k = m.required("kind");
        if (!k) return;
        const auto s = string(*k, "kind");
        if (!s) return;
        const auto it = std::find(kind_names.begin(), kind_names.end(), *s);
        if (it == kind_names.end()) {
            MessageParams p{{"kind", *s}};
            add_suggestion(p, detail::suggest(*s, kind_names));
            report(*k, "X001.unknown_kind", std::move(p));
            return;
        }
        e.kind = static_cast<ExceptionKind>(it - kind_names.begin());
        read_targets(m, e);
    }

    void read_targets(const Map& m, AuditException& e) {
        const KindKeys kk = keys_of(e.kind);
        for (const char* key : {"requirement", "course", "term", "for", "min_credits", "min_courses", "min_hours", "credits"})
            if (m.has(key) && std::find(kk.allowed.begin(), kk.allowed.end(), key) == kk.allowed.end())
                report(*m.get(key), "X006.key_not_for_kind", {{"key", key}, {"kind", to_string(e.kind)}});
        for (const auto& key : kk.required) m.required(key);
        if (const YAML::Node* n = m.get("requirement"))
            if (auto s = string(*n, "requirement")) e.requirement = *s, requirement_at_ = where(*n);
        if (const YAML::Node* n = m.get("course"))
            if (auto s = string(*n, "course")) e.course = *s;
        if (const YAML::Node* n = m.get("for"))
            if (auto s = string(*n, "for")) e.replaces = *s;
        if (const YAML::Node* n = m.get("term")) {
            const auto t = n->IsScalar() ? parse_term(n->Scalar()) : std::nullopt;
            if (t) e.term = *t;
            else report(*n, "X008.bad_term", {{"got", got(*n)}});
        }
        for (auto [key, field] : {std::pair{"min_credits", &AuditException::min_credits},
                                  {"min_courses", &AuditException::min_courses},
                                  {"min_hours", &AuditException::min_hours},
                                  {"credits", &AuditException::credits}})
            if (const YAML::Node* n = m.get(key)) e.*field = number(*n, key);
        if (e.kind == ExceptionKind::reduce && m.has("min_credits") + m.has("min_courses") + m.has("min_hours") != 1)
            report(m.node(), "X007.reduce_nothing", {});
        if (!e.requirement.empty()) e.where = requirement_at_;
    }

    SourceLocation requirement_at_;
};

}  // namespace

const char* to_string(ExceptionKind k) noexcept {
    static const char* const names[] = {"waive", "reduce", "substitute", "force", "allow", "credits", "prefer"};
    return names[static_cast<int>(k)];
}

bool ExceptionsFile::ok() const {
    return std::none_of(diagnostics.begin(), diagnostics.end(),
                        [](const Diagnostic& d) { return d.severity == Severity::error; });
}

namespace {

// X005 for each exception whose requirement none of `rulesets` has, nor renamed.
std::vector<Diagnostic> unknown_requirements(const std::vector<AuditException>& exceptions,
                                             const std::vector<const RuleSet*>& rulesets) {
    std::vector<Diagnostic> out;
    std::vector<std::string> ids;
    std::string names;
    for (const RuleSet* r : rulesets) {
        collect_ids(r->model().root, ids);
        for (const auto& kv : r->model().renamed) ids.push_back(kv.first);
        names += (names.empty() ? "" : ", ") + r->id();
    }
    for (const auto& e : exceptions) {
        if (e.requirement.empty() || std::find(ids.begin(), ids.end(), e.requirement) != ids.end()) continue;
        Diagnostic d;
        d.code = "X005";
        MessageParams p{{"requirement", e.requirement}, {"ruleset", names}};
        YamlReader::add_suggestion(p, detail::suggest(e.requirement, ids));
        d.message_code = rulesets.size() == 1 ? "lint.X005.unknown_requirement" : "lint.X005.unknown_requirement.any";
        d.message = message_text(Language::en, d.message_code, p);
        d.params = std::move(p);
        d.where = e.where;
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace

std::vector<Diagnostic> check_exceptions(const std::vector<AuditException>& exceptions, const RuleSet& rules) {
    return unknown_requirements(exceptions, {&rules});
}

ExceptionsFile parse_exceptions(const std::string& text, const std::string& file, const std::vector<RuleSet>& rulesets) {
    ExceptionsReader reader(file, text);
    ExceptionsFile out;
    if (reader.text_ok(text)) {
        try {
            reader.read(YAML::Load(text));
        } catch (const YAML::ParserException& e) {
            reader.syntax_error(e);
        }
    }
    out.diagnostics = std::move(reader.diagnostics);
    out.exceptions = std::move(reader.out);
    if (out.ok() && !rulesets.empty()) {
        // A requirement id must be known to one of the rule sets.
        std::vector<const RuleSet*> all;
        for (const auto& r : rulesets) all.push_back(&r);
        for (auto& d : unknown_requirements(out.exceptions, all)) out.diagnostics.push_back(std::move(d));
        for (auto& d : out.diagnostics)
            if (d.source_line.empty() && d.where.line > 0) d.source_line = reader.source_line(d.where.line);
    }
    std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
    });
    if (!out.ok()) out.exceptions.clear();  // nothing is applied from a file with errors
    return out;
}

std::vector<AuditException> read_exceptions(const std::string& path, const std::vector<RuleSet>& rulesets) {
    ExceptionsFile f = parse_exceptions(detail::read_file(path), path, rulesets);
    if (!f.ok()) throw InputError(std::move(f.diagnostics));
    return std::move(f.exceptions);
}

}}  // namespace libaudit::v0
