// The reader every rule file goes through: the header keys (libaudit, kind, id, version, title,
// description, source), and the pieces of requirement trees that programme and hours rule sets
// share (filters, caps, thresholds, ids, all/any/at_least). Each family's loader derives from it.
// Internal.
#pragma once
#include <libaudit/ruleset.hpp>

#include "rules/model.hpp"
#include "rules/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <memory>
#include <set>
#include <optional>
#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// A family's loader's output: the model (when the file is sound enough to build one) and every
// problem found, errors and warnings.
struct Loaded {
    std::shared_ptr<Model> model;
    std::vector<Diagnostic> diagnostics;
};

// The bytes of a file; IoError when it cannot be read.
std::string read_file(const std::string& path);

class RuleReader : public YamlReader {
public:
    using YamlReader::YamlReader;
    using Map = YamlReader::Map;

    // The `kind:` of a document; nullopt (E023 reported) for an unknown kind. A file without
    // `kind:` reads as a programme, whose loader then reports the missing key.
    std::optional<RuleKind> kind_of(const YAML::Node& doc);

    bool domain_exists(const Model& m, const std::string& id) const {
        return std::any_of(m.domains.begin(), m.domains.end(), [&](const detail::Domain& d) { return d.id == id; });
    }

    // The keys every rule file has (libaudit, kind, id, version, title, description, source).
    bool header(const Map& top, Model& model) {
        if (!top.ok()) return false;
        Model* m = &model;
        if (auto n = top.required("libaudit")) {
            if (auto v = integer(*n, "libaudit", 0, 1000); v && *v != 1)
                report(*n, "E023.language_version", {{"version", std::to_string(*v)}});
        }
        if (auto n = top.required("kind")) {
            if (auto k = string(*n, "kind")) {
                if (const auto kind = parse_rule_kind(*k)) m->kind = *kind;
                else
                    report(*n, "E023.unknown_kind", {{"kind", *k}});
            }
        }
        if (auto n = top.required("id")) {
            m->id_at = where(*n);
            if (auto s = string(*n, "id")) {
                m->id = *s;
                if (!valid_id(*s, true) || (*s)[0] == '.' || (*s)[0] == '-')
                    report(*n, "E015.bad_id", {{"id", *s}});
            }
        }
        if (auto n = top.required("version")) {
            if (auto s = string(*n, "version")) m->version = *s;
        }
        if (auto n = top.required("title")) {
            if (auto t = bilingual(*n, "title")) m->title = t->text, m->title_en = t->en;
        }
        if (auto n = top.get("description")) m->description = string(*n, "description").value_or("");
        if (auto n = top.get("source")) m->source = string(*n, "source").value_or("");
        return true;
    }

    // `renamed: {old_id: new_id}`: requirement ids a later edition renamed, so that exceptions
    // written against the old id follow (docs/exceptions.md). Call after the tree is built: each new
    // id must be a requirement of this file, an old one must not.
    void renamed(const YAML::Node& n, Model& m) {
        if (!n.IsMap()) {
            report(n, "E012.not_mapping", {{"got", got(n)}, {"context", "key"}, {"context_key", "renamed"}});
            return;
        }
        std::set<std::string> seen;
        for (const auto& kv : n) {
            const std::string from = kv.first.Scalar();
            if (!seen.insert(from).second) {
                report(kv.first, "E011.duplicate_key", {{"key", from}, {"context", "key"}, {"context_key", "renamed"}});
                continue;
            }
            const auto to = string(kv.second, "renamed." + from);
            if (!to) continue;
            if (has_requirement(m.root, from))
                report(kv.first, "E020.renamed_exists", {{"id", from}});
            else if (!has_requirement(m.root, *to))
                report(kv.second, "E021.renamed_unknown", {{"id", *to}, {"from", from}});
            else
                m.renamed[from] = *to;
        }
    }

    static bool has_requirement(const detail::ReqNode& n, const std::string& id) {
        return n.id == id || std::any_of(n.children.begin(), n.children.end(),
                                         [&](const detail::ReqNode& c) { return has_requirement(c, id); });
    }

protected:
    std::set<std::string> requirement_ids_;
    std::set<std::string> reserved_ids_;  // ids the engine gives its own requirements (total ...)

public:

    void reserve_ids(std::initializer_list<const char*> ids) {
        for (const char* id : ids) requirement_ids_.insert(id), reserved_ids_.insert(id);
    }


    // ---- filters, caps and requirement nodes ----------------------------------------------
    Filter filter(const YAML::Node& n, const Model& m) {
        Filter f;
        static const std::vector<std::pair<std::string, Field>> names{
            {"code", Field::code},         {"dept", Field::dept},   {"school", Field::school},
            {"category", Field::category}, {"tag", Field::tag},     {"domain", Field::domain},
            {"type", Field::type},         {"in_framework", Field::in_framework}, {"selected", Field::selected}};
        std::vector<std::string> keys;
        for (const auto& p : names) keys.push_back(p.first);
        Map w(*this, n, keys, "'where'");
        if (!w.ok()) return f;
        for (const auto& [name, field] : names) {
            const YAML::Node* v = w.get(name);
            if (!v) continue;
            detail::Condition cond;
            cond.field = field;
            const YAML::Node* value = v;
            std::optional<Map> neg;
            if (v->IsMap()) {
                neg.emplace(*this, *v, std::vector<std::string>{"not"}, "'" + name + "'");
                value = neg->required("not");
                cond.negate = true;
                if (!value) continue;
            }
            if (field == Field::in_framework || field == Field::selected) {
                if (auto b = boolean(*value, name)) cond.values.push_back(*b ? "true" : "false");
            } else {
                cond.values = strings(*value, name);
            }
            if (field == Field::domain)
                for (const auto& d : cond.values)
                    if (!domain_exists(m, d)) report(*value, "E021.unknown_domain", {{"domain", d}});
            if (field == Field::type)
                for (const auto& t : cond.values)
                    if (t != "required" && t != "elective")
                        report(*value, "E012.not_type", {{"type", t}});
            f.conditions.push_back(std::move(cond));
        }
        return f;
    }

    void caps(const YAML::Node& n, const Model& m, ReqNode& node) {
        if (!n.IsSequence()) {
            report(n, "E012.not_list", {{"key", "caps"}, {"got", got(n)}});
            return;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node item = n[i];
            Map c(*this, item, {"title", "where", "max_credits", "max_courses"}, "cap");
            if (!c.ok()) continue;
            detail::CapRule cap;
            if (auto v = c.get("title"))
                if (auto t = bilingual(*v, "title")) cap.title = t->text, cap.title_en = t->en;
            if (auto v = c.get("where")) cap.where = filter(*v, m);
            cap.at = where(item);
            if (auto v = c.get("max_credits")) cap.max_credits = number(*v, "max_credits"), cap.at = where(*v);
            if (auto v = c.get("max_courses")) cap.max_courses = integer(*v, "max_courses", 0, 1000), cap.at = where(*v);
            if (!cap.max_credits && !cap.max_courses) report(item, "E013.cap_needs_max", {});
            node.caps.push_back(std::move(cap));
        }
    }

    void thresholds(const Map& a, const Model& m, ReqNode& node) {
        if (auto v = a.get("min_credits")) node.min_credits = number(*v, "min_credits"), node.min_credits_at = where(*v);
        if (auto v = a.get("min_courses")) node.min_courses = integer(*v, "min_courses", 0, 1000), node.min_courses_at = where(*v);
        detail::CapRule own;
        if (auto v = a.get("max_credits")) own.max_credits = number(*v, "max_credits"), own.at = where(*v);
        if (auto v = a.get("max_courses")) own.max_courses = integer(*v, "max_courses", 0, 1000), own.at = where(*v);
        if (own.max_credits || own.max_courses) node.caps.push_back(own);
        if (auto v = a.get("caps")) caps(*v, m, node);
    }

    // A requirement's id: valid and unique in the file.
    void requirement_id(const YAML::Node* v, ReqNode& node) {
        if (v) {
            const auto text = string(*v, "id");
            node.id = text.value_or("");
            if (text && node.id.empty()) report(*v, "E015.empty_requirement_id", {});
            if (!node.id.empty() && !valid_id(node.id, true))
                report(*v, "E015.bad_requirement_id", {{"id", node.id}});
            else if (!node.id.empty() && reserved_ids_.count(node.id))
                report(*v, "E020.reserved_id", {{"id", node.id}});
            else if (!node.id.empty() && !requirement_ids_.insert(node.id).second)
                report(*v, "E020.duplicate_requirement_id", {{"id", node.id}});
        }
    }

    // What every requirement has (id, title) and the nesting limit; false when nested too deep.
    bool requirement_head(const Map& a, const YAML::Node& n, int depth, ReqNode& node) {
        requirement_id(a.required("id"), node);
        if (auto v = a.required("title"))
            if (auto t = bilingual(*v, "title")) node.title = t->text, node.title_en = t->en;
        if (depth <= 32) return true;
        report(n, "E012.too_deep", {{"max", "32"}});
        return false;
    }


    // The shapes all / any / at_least (with of): reads the children; false for other shapes.
    template <class Children> bool combinator(const Map& a, const std::string& shape, ReqNode& node, Children&& children) {
        if (shape == "all") {
            node.shape = Shape::all;
            children(*a.get("all"), "all");
        } else if (shape == "any") {
            node.shape = Shape::any;
            children(*a.get("any"), "any");
        } else if (shape == "at_least") {
            node.shape = Shape::at_least;
            node.at_least = integer(*a.get("at_least"), "at_least", 1, 1000).value_or(1);
            if (const YAML::Node* of = a.required("of")) children(*of, "of");
            if (node.at_least > static_cast<int>(node.children.size()) && !node.children.empty())
                report(*a.get("at_least"), "E012.at_least_too_many",
                       {{"at_least", std::to_string(node.at_least)}, {"count", std::to_string(node.children.size())}});
        } else {
            return false;
        }
        return true;
    }

    static std::string fmt_list(const std::vector<std::string>& v) {
        std::string s;
        for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
        return s;
    }

};

}}}  // namespace libaudit::v0::detail
