// YAML rule files -> the immutable rule model (model.hpp). Strict: unknown keys, duplicate
// keys, wrong types and dangling references are all reported, with file:line:col, in one go.
#include <libaudit/ruleset.hpp>

#include "rules/model.hpp"
#include "families/programme/lint.hpp"
#include "families/checks/load.hpp"
#include "base/sha256.hpp"
#include "rules/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <cerrno>
#include <cstring>

namespace libaudit {

namespace {

using detail::Field;
using detail::suggest;
using detail::valid_id;
using detail::Filter;
using detail::Model;
using detail::ReqNode;
using detail::Shape;

class Loader : public detail::YamlReader {
public:
    using YamlReader::YamlReader;

    // ---- the document --------------------------------------------------------------------
    std::shared_ptr<Model> load(const YAML::Node& doc) {
        auto m = std::make_shared<Model>();
        // A checks rule set (tables and rules over their rows) shares only the header keys.
        const YAML::Node kind_node = doc.IsMap() ? doc["kind"] : YAML::Node();
        const bool checks_kind = kind_node && kind_node.IsScalar() && kind_node.Scalar() == "checks";
        // An unknown kind (a typo such as `kind: hour`): the rest of the file would be read against
        // the wrong language and bury this one error under many, so stop here.
        if (kind_node && kind_node.IsScalar() && kind_node.Scalar() != "programme" && !checks_kind &&
            kind_node.Scalar() != "hours") {
            const std::string k = kind_node.Scalar();
            std::string hint;
            for (const char* known : {"programme", "checks", "hours"})
                if (detail::edit_distance(k, std::string(known)) <= 2) hint = std::string("; did you mean '") + known + "'?";
            report(kind_node, "E023", "unknown kind '" + k + "'; this engine knows: programme, checks, hours" + hint);
            return m;
        }
        if (checks_kind) {
            Map top(*this, doc, {"libaudit", "kind", "id", "version", "title", "description", "source", "tables", "rules"},
                    "the rule file (kind: checks)");
            if (header(top, *m)) m->tables = detail::load_check_model(*this, top);
            return m;
        }
        if (kind_node && kind_node.IsScalar() && kind_node.Scalar() == "hours") return load_hours(doc);
        Map top(*this, doc, {"libaudit", "kind", "id", "version", "title", "description", "source", "applies_to",
                             "grading", "courses", "domains", "total", "flexible", "requirements", "eligibility",
                             "checks", "allocation"},
                "the rule file");
        if (!header(top, *m)) return m;
        if (auto n = top.get("applies_to")) applies_to(*n, *m);
        if (auto n = top.get("grading")) grading(*n, m->grading);
        if (auto n = top.get("domains")) domains(*n, *m);
        if (auto n = top.get("courses")) courses(*n, *m);
        if (auto n = top.get("eligibility")) eligibility(*n, m->eligibility);
        if (auto n = top.get("checks")) checks(*n, *m);
        if (auto n = top.get("allocation")) {
            Map a(*this, *n, {"max_steps"}, "'allocation'");
            if (auto s = a.get("max_steps"))
                if (auto v = integer(*s, "max_steps", 1, 2000000000)) m->max_steps = *v;
        }
        build_tree(top, *m);
        return m;
    }

    // The keys every rule file has (libaudit, kind, id, version, title, description, source).
    bool header(const Map& top, Model& model) {
        if (!top.ok()) return false;
        Model* m = &model;
        if (auto n = top.required("libaudit")) {
            if (auto v = integer(*n, "libaudit", 0, 1000); v && *v != 1)
                report(*n, "E023", "this engine reads rule language version 1, the file says " + std::to_string(*v));
        }
        if (auto n = top.required("kind")) {
            if (auto k = string(*n, "kind")) {
                if (*k == "hours") m->kind = RuleKind::hours;
                else if (*k == "checks") m->kind = RuleKind::checks;
                else if (*k != "programme")
                    report(*n, "E023", "unknown kind '" + *k + "'; this engine knows: programme, checks, hours");
            }
        }
        if (auto n = top.required("id")) {
            m->id_at = where(*n);
            if (auto s = string(*n, "id")) {
                m->id = *s;
                if (!valid_id(*s, true) || (*s)[0] == '.' || (*s)[0] == '-')
                    report(*n, "E015", "'id' may use letters, digits, '.', '_' and '-', got '" + *s + "'");
            }
        }
        if (auto n = top.required("version")) {
            if (auto s = string(*n, "version")) m->version = *s;
        }
        if (auto n = top.required("title")) {
            if (auto s = string(*n, "title")) m->title = *s;
        }
        if (auto n = top.get("description")) m->description = string(*n, "description").value_or("");
        if (auto n = top.get("source")) m->source = string(*n, "source").value_or("");
        return true;
    }

private:
    std::set<std::string> requirement_ids_;
    std::set<std::string> reserved_ids_;  // ids the engine gives its own requirements (total ...)

    void reserve_ids(std::initializer_list<const char*> ids) {
        for (const char* id : ids) requirement_ids_.insert(id), reserved_ids_.insert(id);
    }

    void applies_to(const YAML::Node& n, Model& m) {
        Map a(*this, n, {"programme", "entry_years"}, "'applies_to'");
        if (auto p = a.get("programme")) m.programmes = strings(*p, "programme");
        if (auto y = a.get("entry_years")) {
            auto years = [&](const YAML::Node& v) {
                if (v.IsScalar()) {
                    const std::string s = v.Scalar();
                    const auto dash = s.find('-');
                    if (dash != std::string::npos) {
                        try {
                            std::size_t p1 = 0, p2 = 0;
                            const int lo = std::stoi(s.substr(0, dash), &p1);
                            const int hi = std::stoi(s.substr(dash + 1), &p2);
                            if (p1 == dash && p2 == s.size() - dash - 1 && lo >= 1 && hi <= 199 && lo <= hi) {
                                for (int yv = lo; yv <= hi; ++yv) m.entry_years.push_back(yv);
                                return;
                            }
                        } catch (const std::exception&) {
                        }
                        report(v, "E012", "'entry_years' range must look like \"112-114\" (ROC years), got '" + s + "'");
                        return;
                    }
                }
                if (auto i = integer(v, "entry_years", 1, 199)) m.entry_years.push_back(*i);
            };
            if (y->IsSequence()) {
                for (std::size_t i = 0; i < y->size(); ++i) years((*y)[i]);
            } else {
                years(*y);
            }
        }
    }

    void grading(const YAML::Node& n, detail::Grading& g) {
        Map a(*this, n,
              {"pass_mark", "pass_grades", "failed_grades", "in_progress_grades", "withdrawn_grades", "repeats"},
              "'grading'");
        if (auto v = a.get("pass_mark"))
            if (auto x = number(*v, "pass_mark")) g.pass_mark = *x;
        if (auto v = a.get("pass_grades")) g.pass_grades = strings(*v, "pass_grades");
        if (auto v = a.get("failed_grades")) g.failed_grades = strings(*v, "failed_grades");
        if (auto v = a.get("in_progress_grades")) g.in_progress_grades = strings(*v, "in_progress_grades");
        if (auto v = a.get("withdrawn_grades")) g.withdrawn_grades = strings(*v, "withdrawn_grades");
        if (auto v = a.get("repeats")) {
            if (auto s = string(*v, "repeats")) {
                if (*s == "best") g.repeats = detail::Repeats::best;
                else if (*s == "latest") g.repeats = detail::Repeats::latest;
                else report(*v, "E012", "'repeats' must be best or latest, got '" + *s + "'");
            }
        }
    }

    void domains(const YAML::Node& n, Model& m) {
        if (!n.IsSequence()) {
            report(n, "E012", "'domains' must be a list, got " + describe(n));
            return;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node item = n[i];
            Map d(*this, item, {"id", "title", "min_credits", "min_courses", "max_credits"}, "a domain");
            if (!d.ok()) continue;
            detail::Domain dom;
            dom.at = where(item);
            if (auto v = d.required("id")) {
                const auto text = string(*v, "id");
                dom.id = text.value_or("");
                if (text && dom.id.empty()) report(*v, "E015", "domain 'id' must not be empty");
                if (!dom.id.empty() && !valid_id(dom.id, false))
                    report(*v, "E015", "domain 'id' may use letters, digits, '_' and '-', got '" + dom.id + "'");
                for (const auto& other : m.domains)
                    if (!dom.id.empty() && other.id == dom.id) report(*v, "E020", "duplicate domain id '" + dom.id + "'");
            }
            if (auto v = d.required("title")) dom.title = string(*v, "title").value_or("");
            if (auto v = d.get("min_credits")) dom.min_credits = number(*v, "min_credits"), dom.min_credits_at = where(*v);
            if (auto v = d.get("min_courses")) dom.min_courses = integer(*v, "min_courses", 0, 1000), dom.min_courses_at = where(*v);
            if (auto v = d.get("max_credits")) dom.max_credits = number(*v, "max_credits"), dom.max_credits_at = where(*v);
            m.domains.push_back(std::move(dom));
        }
    }

    bool domain_exists(const Model& m, const std::string& id) const {
        return std::any_of(m.domains.begin(), m.domains.end(), [&](const detail::Domain& d) { return d.id == id; });
    }

    void courses(const YAML::Node& n, Model& m) {
        if (!n.IsSequence()) {
            report(n, "E012", "'courses' must be a list, got " + describe(n));
            return;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node item = n[i];
            Map c(*this, item, {"code", "title", "credits", "type", "domain", "equivalents", "year", "semester"},
                  "a course");
            if (!c.ok()) continue;
            detail::Course course;
            course.at = where(item);
            const YAML::Node* code_node = c.required("code");
            if (code_node) {
                const auto text = string(*code_node, "code");
                course.code = text.value_or("");
                if (text && course.code.empty()) report(*code_node, "E012", "'code' must not be empty");
            }
            if (auto v = c.required("title")) course.title = string(*v, "title").value_or("");
            if (auto v = c.required("credits")) course.credits = number(*v, "credits").value_or(0);
            if (auto v = c.get("type")) {
                const std::string t = string(*v, "type").value_or("elective");
                if (t == "required") course.required = true;
                else if (t != "elective") report(*v, "E012", "'type' must be required or elective, got '" + t + "'");
            }
            if (auto v = c.get("domain")) {
                course.domains = strings(*v, "domain");
                for (const auto& d : course.domains)
                    if (!domain_exists(m, d)) {
                        std::vector<std::string> ids;
                        for (const auto& dm : m.domains) ids.push_back(dm.id);
                        const std::string hint = suggest(d, ids);
                        report(*v, "E021",
                               "course " + course.code + " names domain '" + d + "', which 'domains' does not define" +
                                   fullwidth_hint(d) +
                                   (hint.empty() ? std::string{} : "; did you mean '" + hint + "'?"));
                    }
                if (course.required && course.domains.size() > 1)
                    report(*v, "E012", "a required course belongs to one domain; " + course.code + " lists " +
                                           std::to_string(course.domains.size()));
            }
            if (auto v = c.get("equivalents")) course.equivalents = strings(*v, "equivalents");
            if (auto v = c.get("year")) course.year = integer(*v, "year", 1, 10).value_or(0);
            if (auto v = c.get("semester")) course.semester = integer(*v, "semester", 0, 3).value_or(0);
            if (course.code.empty()) continue;
            const int index = static_cast<int>(m.courses.size());
            std::vector<std::string> codes{course.code};
            codes.insert(codes.end(), course.equivalents.begin(), course.equivalents.end());
            for (const auto& code : codes) {
                if (!m.course_by_code.emplace(code, index).second)
                    report(code_node ? *code_node : item, "E020",
                           "course code '" + code + "' appears twice in 'courses' (as a code or an equivalent)");
            }
            m.courses.push_back(std::move(course));
        }
    }

    void eligibility(const YAML::Node& n, detail::Eligibility& e) {
        Map a(*this, n, {"min_semesters", "max_years", "legacy_before", "teacher_education_warning", "count_summer"},
              "'eligibility'");
        if (auto v = a.get("min_semesters")) e.min_semesters = integer(*v, "min_semesters", 0, 40);
        if (auto v = a.get("max_years")) e.max_years = integer(*v, "max_years", 1, 20);
        if (auto v = a.get("legacy_before")) e.legacy_before = string(*v, "legacy_before").value_or("");
        if (auto v = a.get("teacher_education_warning"))
            e.teacher_education_warning = boolean(*v, "teacher_education_warning").value_or(true);
        if (auto v = a.get("count_summer")) e.count_summer = boolean(*v, "count_summer").value_or(false);
    }

    void checks(const YAML::Node& n, Model& m) {
        if (!n.IsSequence()) {
            report(n, "E012", "'checks' must be a list, got " + describe(n));
            return;
        }
        static const std::vector<std::string> fields{"name", "english_name", "national_id", "email", "mobile"};
        static const std::vector<std::string> validators{"present", "passport_name", "email", "tw_mobile",
                                                         "national_id"};
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node item = n[i];
            Map c(*this, item, {"field", "validator", "required", "pattern", "severity"}, "a check");
            if (!c.ok()) continue;
            detail::Check check;
            if (auto v = c.required("field")) {
                check.field = string(*v, "field").value_or("");
                if (!check.field.empty() && std::find(fields.begin(), fields.end(), check.field) == fields.end())
                    report(*v, "E012", "'field' must be one of name, english_name, national_id, email, mobile; got '" +
                                           check.field + "'");
            }
            if (auto v = c.required("validator")) {
                check.validator = string(*v, "validator").value_or("");
                if (!check.validator.empty() &&
                    std::find(validators.begin(), validators.end(), check.validator) == validators.end()) {
                    const std::string hint = suggest(check.validator, validators);
                    report(*v, "E012",
                           "unknown validator '" + check.validator +
                               "'; known: present, passport_name, email, tw_mobile, national_id" +
                               (hint.empty() ? std::string{} : "; did you mean '" + hint + "'?"));
                }
            }
            if (auto v = c.get("required")) check.required = boolean(*v, "required").value_or(true);
            if (auto v = c.get("pattern")) check.pattern = string(*v, "pattern").value_or("");
            if (auto v = c.get("severity")) {
                check.severity = string(*v, "severity").value_or("error");
                if (check.severity != "error" && check.severity != "warning")
                    report(*v, "E012", "'severity' must be error or warning, got '" + check.severity + "'");
            }
            m.checks.push_back(std::move(check));
        }
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
                    if (!domain_exists(m, d)) report(*value, "E021", "'where' names domain '" + d + "', which 'domains' does not define");
            if (field == Field::type)
                for (const auto& t : cond.values)
                    if (t != "required" && t != "elective")
                        report(*value, "E012", "'type' must be required or elective, got '" + t + "'");
            f.conditions.push_back(std::move(cond));
        }
        return f;
    }

    void caps(const YAML::Node& n, const Model& m, ReqNode& node) {
        if (!n.IsSequence()) {
            report(n, "E012", "'caps' must be a list, got " + describe(n));
            return;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node item = n[i];
            Map c(*this, item, {"title", "where", "max_credits", "max_courses"}, "a cap");
            if (!c.ok()) continue;
            detail::CapRule cap;
            if (auto v = c.get("title")) cap.title = string(*v, "title").value_or("");
            if (auto v = c.get("where")) cap.where = filter(*v, m);
            cap.at = where(item);
            if (auto v = c.get("max_credits")) cap.max_credits = number(*v, "max_credits"), cap.at = where(*v);
            if (auto v = c.get("max_courses")) cap.max_courses = integer(*v, "max_courses", 0, 1000), cap.at = where(*v);
            if (!cap.max_credits && !cap.max_courses) report(item, "E013", "a cap needs max_credits or max_courses");
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
            if (text && node.id.empty()) report(*v, "E015", "requirement 'id' must not be empty");
            if (!node.id.empty() && !valid_id(node.id, true))
                report(*v, "E015", "requirement 'id' may use letters, digits, '.', '_' and '-', got '" + node.id + "'");
            else if (!node.id.empty() && reserved_ids_.count(node.id))
                report(*v, "E020", "requirement id '" + node.id + "' is reserved: the engine names its own '" +
                                       node.id + "' requirement so; choose another id");
            else if (!node.id.empty() && !requirement_ids_.insert(node.id).second)
                report(*v, "E020", "duplicate requirement id '" + node.id + "'");
        }
    }

    // What every requirement has (id, title) and the nesting limit; false when nested too deep.
    bool requirement_head(const Map& a, const YAML::Node& n, int depth, ReqNode& node) {
        requirement_id(a.required("id"), node);
        if (auto v = a.required("title")) node.title = string(*v, "title").value_or("");
        if (depth <= 32) return true;
        report(n, "E012", "requirements are nested more than 32 levels deep");
        return false;
    }

    ReqNode requirement(const YAML::Node& n, const Model& m, int depth) {
        ReqNode node;
        node.at = where(n);
        Map a(*this, n,
              {"id", "title", "all", "any", "at_least", "of", "courses", "domain", "where", "min_credits",
               "min_courses", "max_credits", "max_courses", "caps", "share"},
              "a requirement");
        if (!a.ok()) return node;
        if (!requirement_head(a, n, depth, node)) return node;
        std::vector<std::string> shapes;
        for (const char* s : {"all", "any", "at_least", "courses", "domain", "where"})
            if (a.has(s)) shapes.emplace_back(s);
        if (shapes.size() != 1) {
            report(n, "E022",
                   "requirement '" + node.id + "' needs exactly one of all, any, at_least (with of), courses, domain, where" +
                       (shapes.empty() ? std::string{} : "; it has " + fmt_list(shapes)));
            return node;
        }
        auto children = [&](const YAML::Node& list, const std::string& key) {
            if (!list.IsSequence()) {
                report(list, "E012", "'" + key + "' must be a list of requirements, got " + describe(list));
                return;
            }
            for (std::size_t i = 0; i < list.size(); ++i) node.children.push_back(requirement(list[i], m, depth + 1));
        };
        const std::string& shape = shapes.front();
        if (a.has("of") && shape != "at_least") report(*a.get("of"), "E022", "'of' goes with 'at_least'");
        if (combinator(a, shape, node, children)) {
        } else if (shape == "courses") {
            node.shape = Shape::courses;
            const YAML::Node& list = *a.get("courses");
            std::vector<std::string> known;
            for (const auto& [code, index] : m.course_by_code) known.push_back(code);
            std::sort(known.begin(), known.end());
            for (const auto& code : strings(list, "courses")) {
                const detail::Course* c = m.course(code);
                if (!c) {
                    const std::string hint = suggest(code, known);
                    report(list, "E021",
                           "requirement '" + node.id + "' names course " + code + ", which 'courses' does not define" +
                               fullwidth_hint(code) +
                               (hint.empty() ? std::string{} : "; did you mean " + hint + "?"));
                }
                node.courses.push_back(c ? c->code : code);
            }
        } else if (shape == "domain") {
            node.shape = Shape::pool;
            const YAML::Node& d = *a.get("domain");
            if (auto id = string(d, "domain")) {
                if (!domain_exists(m, *id)) report(d, "E021", "requirement '" + node.id + "' names domain '" + *id + "', which 'domains' does not define");
                node.where.conditions.push_back({Field::domain, {*id}, false});
            }
        } else {
            node.shape = Shape::pool;
            node.where = filter(*a.get("where"), m);
        }
        thresholds(a, m, node);
        if (auto v = a.get("share")) node.share = boolean(*v, "share").value_or(false);
        return node;
    }

    // ---- kind: hours (teacher in-service hours) ----------------------------------------------
    std::shared_ptr<Model> load_hours(const YAML::Node& doc) {
        auto m = std::make_shared<Model>();
        Map top(*this, doc,
                {"libaudit", "kind", "id", "version", "title", "description", "source", "applies_to", "hours",
                 "requirements"},
                "the hours rule file");
        if (!header(top, *m)) return m;
        if (auto n = top.get("applies_to")) {
            Map a(*this, *n, {"role"}, "'applies_to' of an hours rule file");
            if (auto r = a.get("role")) m->roles = strings(*r, "role");
        }
        if (auto n = top.get("hours")) {
            Map a(*this, *n, {"unit", "min_session", "credit_hours", "categories"}, "'hours'");
            if (auto v = a.get("unit")) m->hours.unit = number(*v, "unit").value_or(0);
            if (auto v = a.get("min_session")) m->hours.min_session = number(*v, "min_session").value_or(0);
            if (auto v = a.get("credit_hours")) m->hours.credit_hours = number(*v, "credit_hours");
            if (auto v = a.get("categories")) m->hours.categories = strings(*v, "categories");
        }
        ReqNode& root = m->root;
        root.id = "total";
        root.title = m->title;
        root.shape = Shape::all;
        root.at = where(doc);
        reserve_ids({"total"});
        if (const YAML::Node* r = top.required("requirements")) {
            if (!r->IsSequence() || r->size() == 0) {
                report(*r, "E012", "'requirements' must be a non-empty list, got " + describe(*r));
            } else {
                for (std::size_t i = 0; i < r->size(); ++i)
                    root.children.push_back(hours_requirement((*r)[i], *m, 1, ReqNode{}));
            }
        }
        return m;
    }

    // 'school_year', 'calendar_year', {school_years: N} or {years: N}.
    detail::Period period(const YAML::Node& n) {
        detail::Period p;
        if (n.IsMap()) {
            Map a(*this, n, {"school_years", "years"}, "'period'");
            const YAML::Node* sy = a.get("school_years");
            const YAML::Node* y = a.get("years");
            if ((sy != nullptr) == (y != nullptr)) {
                report(n, "E022", "'period' needs exactly one of school_years, years");
                return p;
            }
            p.kind = sy ? detail::PeriodKind::school_years : detail::PeriodKind::years;
            if (sy) p.count = integer(*sy, "school_years", 1, 100).value_or(1);
            if (y) p.count = integer(*y, "years", 1, 100).value_or(1);
            return p;
        }
        const auto s = string(n, "period");
        if (!s) return p;
        if (*s == "school_year") p.kind = detail::PeriodKind::school_year;
        else if (*s == "calendar_year") p.kind = detail::PeriodKind::calendar_year;
        else
            report(n, "E012",
                   "'period' must be school_year, calendar_year, {school_years: N} or {years: N}, got '" + *s + "'");
        return p;
    }

    // A node of an hours rule set. `inherited` carries the parent's period, conversion rate and
    // pro-rating. Every leaf shares its sessions: a session counts for every requirement it matches.
    ReqNode hours_requirement(const YAML::Node& n, const Model& m, int depth, const ReqNode& inherited) {
        ReqNode node;
        node.at = where(n);
        node.period = inherited.period;
        node.credit_hours = inherited.credit_hours;
        node.prorate = inherited.prorate;
        node.roles = inherited.roles;
        Map a(*this, n,
              {"id", "title", "all", "any", "at_least", "of", "where", "min_hours", "min_credits", "period",
               "credit_hours", "prorate", "roles"},
              "an hours requirement");
        if (!a.ok()) return node;
        if (!requirement_head(a, n, depth, node)) return node;
        if (auto v = a.get("period")) node.period = period(*v);
        if (auto v = a.get("credit_hours")) node.credit_hours = number(*v, "credit_hours");
        if (auto v = a.get("prorate")) node.prorate = boolean(*v, "prorate").value_or(false);
        if (auto v = a.get("roles")) node.roles = strings(*v, "roles");
        std::vector<std::string> shapes;
        for (const char* sh : {"all", "any", "at_least", "where"})
            if (a.has(sh)) shapes.emplace_back(sh);
        if (shapes.size() != 1) {
            report(n, "E022",
                   "requirement '" + node.id + "' needs exactly one of all, any, at_least (with of), where" +
                       (shapes.empty() ? std::string{} : "; it has " + fmt_list(shapes)));
            return node;
        }
        const std::string& shape = shapes.front();
        if (a.has("of") && shape != "at_least") report(*a.get("of"), "E022", "'of' goes with 'at_least'");
        auto children = [&](const YAML::Node& list, const std::string& key) {
            if (!list.IsSequence()) {
                report(list, "E012", "'" + key + "' must be a list of requirements, got " + describe(list));
                return;
            }
            for (std::size_t i = 0; i < list.size(); ++i)
                node.children.push_back(hours_requirement(list[i], m, depth + 1, node));
        };
        if (shape == "where") {
            node.shape = Shape::pool;
            node.share = true;
            node.where = filter(*a.get("where"), m);
            const YAML::Node* h = a.get("min_hours");
            const YAML::Node* c = a.get("min_credits");
            if (h && c) report(*c, "E022", "requirement '" + node.id + "' measures hours or credits, not both");
            if (!h && !c) report(n, "E013", "requirement '" + node.id + "' needs min_hours or min_credits");
            if (h) node.min_hours = number(*h, "min_hours"), node.min_credits_at = where(*h);
            if (c) node.min_credits = number(*c, "min_credits"), node.min_credits_at = where(*c);
            return node;
        }
        for (const char* key : {"min_hours", "min_credits"})
            if (const YAML::Node* v = a.get(key))
                report(*v, "E022", std::string("'") + key + "' goes on a requirement with 'where'; '" + node.id +
                                       "' combines others with " + shape);
        combinator(a, shape, node, children);
        return node;
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
                report(*a.get("at_least"), "E012",
                       "'at_least' is " + std::to_string(node.at_least) + " but only " +
                           std::to_string(node.children.size()) + " requirements are listed under 'of'");
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

    // The generated tree: total > domains > required courses + electives; other electives;
    // user requirements; flexible.
    void build_tree(const Map& top, Model& m) {
        ReqNode& root = m.root;
        root.id = "total";
        root.title = "最低畢業學分";
        root.title_en = "Minimum graduation credits";
        root.shape = Shape::all;
        root.at = where(top.node());
        if (const YAML::Node* t = top.required("total")) {
            root.at = where(*t);
            Map a(*this, *t, {"title", "min_credits", "caps"}, "'total'");
            if (auto v = a.get("title")) {
                root.title = string(*v, "title").value_or(root.title);
                root.title_en.clear();  // the author's title replaces the generated one in every language
            }
            if (auto v = a.required("min_credits")) root.min_credits = number(*v, "min_credits"), root.min_credits_at = where(*v);
            if (auto v = a.get("caps")) caps(*v, m, root);
        }
        for (const auto& d : m.domains) {
            ReqNode dn;
            dn.id = "domain." + d.id;
            dn.title = d.title;
            dn.shape = Shape::all;
            dn.min_credits = d.min_credits;
            dn.min_courses = d.min_courses;
            dn.at = d.at;
            dn.min_credits_at = d.min_credits_at;
            dn.min_courses_at = d.min_courses_at;
            if (d.max_credits) dn.caps.push_back({"", {}, d.max_credits, std::nullopt, d.max_credits_at});
            for (const auto& c : m.courses) {
                if (!c.required || c.domains.empty() || c.domains.front() != d.id) continue;
                dn.children.push_back(required_course(c));
            }
            const bool electives = std::any_of(m.courses.begin(), m.courses.end(), [&](const detail::Course& c) {
                return !c.required && std::find(c.domains.begin(), c.domains.end(), d.id) != c.domains.end();
            });
            if (!electives) {
                root.children.push_back(std::move(dn));
                continue;
            }
            ReqNode pool;
            pool.id = "domain." + d.id + ".electives";
            pool.title = d.title + "選修";
            pool.title_en = "Electives: " + d.title;
            pool.shape = Shape::pool;
            pool.where.conditions.push_back({Field::domain, {d.id}, false});
            pool.where.conditions.push_back({Field::type, {"elective"}, false});
            dn.children.push_back(std::move(pool));
            root.children.push_back(std::move(dn));
        }
        bool other_electives = false;
        for (const auto& c : m.courses) {
            if (c.domains.empty() && c.required) root.children.push_back(required_course(c));
            if (c.domains.empty() && !c.required) other_electives = true;
        }
        if (other_electives) {
            ReqNode pool;
            pool.id = "electives";
            pool.title = "其他選修";
            pool.title_en = "Other electives";
            pool.shape = Shape::pool;
            pool.where.conditions.push_back({Field::in_framework, {"true"}, false});
            pool.where.conditions.push_back({Field::domain, {""}, false});
            pool.where.conditions.push_back({Field::type, {"elective"}, false});
            root.children.push_back(std::move(pool));
        }
        reserve_ids({"total", "flexible", "electives", "semesters"});
        if (const YAML::Node* r = top.get("requirements")) {
            if (!r->IsSequence()) {
                report(*r, "E012", "'requirements' must be a list, got " + describe(*r));
            } else {
                for (std::size_t i = 0; i < r->size(); ++i) root.children.push_back(requirement((*r)[i], m, 1));
            }
        }
        if (const YAML::Node* f = top.get("flexible")) {
            Map a(*this, *f, {"title", "max_credits", "requires_approval", "where"}, "'flexible'");
            ReqNode flex;
            flex.id = "flexible";
            flex.title = "彈性學分";
            flex.title_en = "Flexible credits";
            flex.shape = Shape::pool;
            flex.flexible = true;
            flex.at = where(*f);
            if (auto v = a.get("title")) {
                flex.title = string(*v, "title").value_or(flex.title);
                flex.title_en.clear();
            }
            detail::CapRule cap;
            if (auto v = a.required("max_credits")) cap.max_credits = number(*v, "max_credits"), cap.at = where(*v);
            flex.caps.push_back(cap);
            if (auto v = a.get("requires_approval"))
                m.flexible_requires_approval = boolean(*v, "requires_approval").value_or(false);
            if (auto v = a.get("where")) flex.where = filter(*v, m);
            flex.where.conditions.push_back({Field::in_framework, {"false"}, false});
            flex.where.conditions.push_back({Field::selected, {"true"}, false});
            m.has_flexible = true;
            root.children.push_back(std::move(flex));
        }
    }

    static ReqNode required_course(const detail::Course& c) {
        ReqNode n;
        n.at = c.at;
        n.id = "course." + c.code;
        n.title = "必修 " + c.title;
        n.title_en = "Required: " + c.title;
        n.shape = Shape::courses;
        n.courses.push_back(c.code);
        return n;
    }
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw IoError("cannot read " + path + ": " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw IoError("cannot read " + path);
    return ss.str();
}

}  // namespace

LintResult lint_ruleset_from_string(const std::string& text, const std::string& name) {
    Loader loader(name, text);
    LintResult result;
    YAML::Node doc;
    try {
        doc = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        loader.syntax_error(e);
        result.diagnostics = loader.diagnostics;
        return result;
    }
    std::shared_ptr<Model> model = loader.load(doc);
    auto errors = [&] {
        return std::any_of(loader.diagnostics.begin(), loader.diagnostics.end(),
                           [](const Diagnostic& d) { return d.severity == Severity::error; });
    };
    if (!errors() && model->kind != RuleKind::checks) detail::check_model(*model, loader);  // meaning-level checks need a sound model
    std::stable_sort(loader.diagnostics.begin(), loader.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::make_pair(a.where.line, a.where.column) < std::make_pair(b.where.line, b.where.column);
    });
    result.diagnostics = loader.diagnostics;
    if (!errors()) {
        model->file = name;
        model->sha256 = detail::sha256_hex(text);
        result.ruleset = RuleSet(std::move(model));
    }
    return result;
}

LintResult lint_ruleset(const std::string& path) { return lint_ruleset_from_string(read_file(path), path); }

bool LintResult::has_errors() const {
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) { return d.severity == Severity::error; });
}

RuleSet load_ruleset_from_string(const std::string& text, const std::string& name) {
    LintResult r = lint_ruleset_from_string(text, name);
    if (!r.ruleset) throw RuleError(r.diagnostics);
    return *r.ruleset;
}

RuleSet load_ruleset(const std::string& path) { return load_ruleset_from_string(read_file(path), path); }

std::vector<std::string> detail::yaml_files_under(const std::string& path, bool tests) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
        if (!fs::exists(path, ec)) throw IoError("cannot read " + path + ": no such file or folder");
        return {path};
    }
    std::vector<std::string> files;
    for (fs::recursive_directory_iterator it(path, ec), end; it != end && !ec; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        auto ends_with = [&](const std::string& suffix) {
            return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
        };
        const bool yaml = ends_with(".yaml") || ends_with(".yml");
        const bool test = ends_with(".test.yaml") || ends_with(".test.yml");
        if (it->is_regular_file() && yaml && test == tests) files.push_back(it->path().string());
    }
    if (ec) throw IoError("cannot list " + path + ": " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
}

std::vector<std::string> rule_files(const std::string& path) { return detail::yaml_files_under(path, false); }

namespace {

// E020 for a rule set id used by an earlier file too (a folder must choose unambiguously).
void duplicate_ids(const std::vector<RuleSet>& sets, std::vector<Diagnostic>& out) {
    std::map<std::string, std::string> seen;
    for (const auto& r : sets) {
        auto [it, fresh] = seen.emplace(r.id(), r.file());
        if (fresh) continue;
        Diagnostic d;
        d.code = "E020";
        d.message = "rule set id '" + r.id() + "' is also used by " + it->second;
        d.where = r.model().id_at;
        out.push_back(std::move(d));
    }
}

}  // namespace

std::vector<RuleSet> load_rulesets(const std::string& path) {
    std::vector<RuleSet> sets;
    std::vector<Diagnostic> problems;
    for (const auto& f : rule_files(path)) {
        try {
            sets.push_back(load_ruleset(f));
        } catch (const RuleError& e) {
            problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
    }
    duplicate_ids(sets, problems);
    if (!problems.empty()) throw RuleError(problems);
    if (sets.empty()) throw IoError("no rule files (*.yaml) in " + path);
    return sets;
}

LintReport lint_paths(const std::vector<std::string>& paths) {
    LintReport report;
    std::vector<RuleSet> sets;
    for (const auto& path : paths) {
        for (const auto& f : rule_files(path)) {
            LintResult r = lint_ruleset(f);
            ++report.files;
            report.diagnostics.insert(report.diagnostics.end(), r.diagnostics.begin(), r.diagnostics.end());
            if (r.ruleset) sets.push_back(*r.ruleset);
        }
    }
    duplicate_ids(sets, report.diagnostics);
    return report;
}

int LintReport::errors() const {
    return static_cast<int>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                          [](const Diagnostic& d) { return d.severity == Severity::error; }));
}
int LintReport::warnings() const {
    return static_cast<int>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                          [](const Diagnostic& d) { return d.severity == Severity::warning; }));
}

// ---- RuleSet accessors ------------------------------------------------------------------
const std::string& RuleSet::id() const { return model_->id; }
const std::string& RuleSet::version() const { return model_->version; }
const std::string& RuleSet::title() const { return model_->title; }
RuleKind RuleSet::kind() const { return model_->kind; }

const char* to_string(RuleKind k) noexcept {
    switch (k) {
    case RuleKind::programme: return "programme";
    case RuleKind::hours: return "hours";
    case RuleKind::checks: return "checks";
    }
    return "programme";
}
const std::string& RuleSet::file() const { return model_->file; }
const std::string& RuleSet::sha256() const { return model_->sha256; }

bool RuleSet::applies_to(const Profile& profile, std::string* why_not) const {
    const Model& m = *model_;
    if (m.kind == RuleKind::hours) {
        // A teacher's profile may name the policy (the rule set id) it is audited against, so that
        // a folder of policies that all cover the role can still be batched.
        if (!profile.programme.empty() && profile.programme != id()) {
            if (why_not) *why_not = "the profile names policy '" + profile.programme + "'";
            return false;
        }
        if (m.roles.empty() || std::find(m.roles.begin(), m.roles.end(), profile.role) != m.roles.end()) return true;
        if (why_not)
            *why_not = profile.role.empty() ? "the profile names no role" : "role '" + profile.role + "' is not covered";
        return false;
    }
    if (!m.programmes.empty() &&
        std::find(m.programmes.begin(), m.programmes.end(), profile.programme) == m.programmes.end()) {
        if (why_not)
            *why_not = profile.programme.empty() ? "the profile names no programme"
                                                 : "programme '" + profile.programme + "' is not covered";
        return false;
    }
    if (!m.entry_years.empty()) {
        if (!profile.entry_year) {
            if (why_not) *why_not = "the profile gives no entry year";
            return false;
        }
        if (std::find(m.entry_years.begin(), m.entry_years.end(), *profile.entry_year) == m.entry_years.end()) {
            if (why_not) *why_not = "entry year " + std::to_string(*profile.entry_year) + " is not covered";
            return false;
        }
    }
    return true;
}

std::optional<RuleSet> choose_ruleset(const std::vector<RuleSet>& candidates, const Profile& profile,
                                      std::string* why) {
    // Checks rule sets (settings, accounts) check datasets, not a student's records.
    std::vector<const RuleSet*> subject_sets;
    for (const auto& r : candidates)
        if (r.kind() != RuleKind::checks) subject_sets.push_back(&r);
    if (subject_sets.size() == 1) return *subject_sets.front();
    if (subject_sets.empty()) {
        if (why) *why = "no programme rule set here; checks rule sets check tables given with --data";
        return std::nullopt;
    }
    std::vector<const RuleSet*> matches;
    for (const auto* r : subject_sets)
        if (r->applies_to(profile)) matches.push_back(r);
    if (matches.size() == 1) return *matches.front();
    // A teacher whose named policy does not cover the role: that policy's audit says not_applicable.
    if (matches.empty() && !profile.programme.empty())
        for (const auto* r : subject_sets)
            if (r->kind() == RuleKind::hours && r->id() == profile.programme) return *r;
    if (why) {
        // Teachers: the hours rule sets decide (a folder may also hold programme frameworks).
        const auto& judged = matches.empty() ? subject_sets : matches;
        const bool hours = !profile.role.empty() || std::all_of(judged.begin(), judged.end(), [](const RuleSet* r) {
            return r->kind() == RuleKind::hours;
        });
        std::string who = hours ? "role '" + profile.role + "'" + (profile.programme.empty() ? "" : ", policy '" + profile.programme + "'")
                                : "programme '" + profile.programme + "', entry year " +
                                      (profile.entry_year ? std::to_string(*profile.entry_year) : std::string("(none)"));
        if (matches.empty()) {
            *why = "no rule set applies to " + who;
        } else {
            *why = "several rule sets apply to " + who + ":";
            for (const auto* r : matches) *why += " " + r->id();
            if (hours) *why += "; give one rule file, or name the policy (a rule set id) in the profiles' policy column";
        }
    }
    return std::nullopt;
}

}  // namespace libaudit
