// kind: programme — a curriculum framework (課程架構) read into the rule model: applies_to,
// grading, domains, courses, eligibility, profile checks and the generated requirement tree.
#include "families/programme/load.hpp"

#include <libaudit/validators.hpp>

#include "rules/tree_lint.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>
#include <set>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

class ProgrammeLoader : public RuleReader {
public:
    // A requirement the rule file implies (the total, a domain's electives, ...): its title in both
    // languages from the catalogue entry `code`.
    // `params_en`: the parameters in English where they differ (a domain's English title).
    static void implied_title(ReqNode& n, const char* code, const MessageParams& params,
                              const MessageParams* params_en = nullptr) {
        n.title = message_text(Language::zh_TW, code, params);
        n.title_en = message_text(Language::en, code, params_en ? *params_en : params);
    }
    // A title the author gives in place of an implied one: it replaces the generated one in
    // every language; its English falls back to the author's own text.
    void authored_title(const YAML::Node& v, ReqNode& n) {
        if (auto t = bilingual(v, "title")) n.title = t->text, n.title_en = t->en;
    }

    using RuleReader::RuleReader;

    std::shared_ptr<Model> load(const YAML::Node& doc) {
        auto m = std::make_shared<Model>();
        Map top(*this, doc, {"libaudit", "kind", "id", "version", "title", "description", "source", "applies_to",
                             "grading", "courses", "domains", "total", "flexible", "requirements", "eligibility",
                             "checks", "allocation", "later_courses", "records", "renamed"},
                "rule_file");
        if (!header(top, *m)) return m;
        if (auto n = top.get("applies_to")) applies_to(*n, *m);
        if (auto n = top.get("grading")) grading(*n, m->grading);
        if (auto n = top.get("domains")) domains(*n, *m);
        if (auto n = top.get("courses")) courses(*n, *m);
        if (auto n = top.get("eligibility")) eligibility(*n, m->eligibility);
        if (auto n = top.get("checks")) checks(*n, *m);
        if (auto n = top.get("later_courses")) later_courses(*n, *m);
        if (auto n = top.get("records")) records(*n, *m);
        if (auto n = top.get("allocation")) {
            Map a(*this, *n, {"max_steps"}, "'allocation'");
            if (auto s = a.get("max_steps"))
                if (auto v = integer(*s, "max_steps", 1, 2000000000)) m->max_steps = *v;
        }
        build_tree(top, *m);
        if (auto n = top.get("renamed")) renamed(*n, *m);
        return m;
    }

    // `records: {term_semesters: [1, 2]}`: the semester digits a transcript term may have (0, the whole
    // school year, is for portfolio windows, not for a course taken; 3 = summer session).
    void records(const YAML::Node& n, Model& m) {
        Map r(*this, n, {"term_semesters"}, "'records'");
        const YAML::Node* list = r.get("term_semesters");
        if (!list) return;
        if (!list->IsSequence() || list->size() == 0) {
            report(*list, "E012.not_nonempty_list", {{"key", "term_semesters"}, {"got", got(*list)}});
            return;
        }
        for (std::size_t i = 0; i < list->size(); ++i)
            if (auto v = integer((*list)[i], "term_semesters", 0, 3)) {
                if (std::find(m.term_semesters.begin(), m.term_semesters.end(), *v) == m.term_semesters.end())
                    m.term_semesters.push_back(*v);
            }
    }

    void applies_to(const YAML::Node& n, Model& m) {
        Map a(*this, n, {"programme", "entry_years"}, "'applies_to'");
        m.applies_at = where(n);
        if (auto p = a.get("programme")) m.programmes = strings(*p, "programme");
        if (auto y = a.get("entry_years")) {
            m.applies_at = where(*y);
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
                        report(v, "E012.entry_years_range", {{"got", s}});
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
                else report(*v, "E012.not_repeats", {{"got", *s}});
            }
        }
    }

    void domains(const YAML::Node& n, Model& m) {
        if (!n.IsSequence()) {
            report(n, "E012.not_list", {{"key", "domains"}, {"got", got(n)}});
            return;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node item = n[i];
            Map d(*this, item, {"id", "title", "min_credits", "min_courses", "max_credits"}, "domain");
            if (!d.ok()) continue;
            detail::Domain dom;
            dom.at = where(item);
            if (auto v = d.required("id")) {
                const auto text = string(*v, "id");
                dom.id = text.value_or("");
                if (text && dom.id.empty()) report(*v, "E015.empty_domain_id", {});
                if (!dom.id.empty() && !valid_id(dom.id, false))
                    report(*v, "E015.bad_domain_id", {{"id", dom.id}});
                for (const auto& other : m.domains)
                    if (!dom.id.empty() && other.id == dom.id) report(*v, "E020.duplicate_domain_id", {{"id", dom.id}});
            }
            if (auto v = d.required("title"))
                if (auto t = bilingual(*v, "title")) dom.title = t->text, dom.title_en = t->en;
            if (auto v = d.get("min_credits")) dom.min_credits = number(*v, "min_credits"), dom.min_credits_at = where(*v);
            if (auto v = d.get("min_courses")) dom.min_courses = integer(*v, "min_courses", 0, 1000), dom.min_courses_at = where(*v);
            if (auto v = d.get("max_credits")) dom.max_credits = number(*v, "max_credits"), dom.max_credits_at = where(*v);
            m.domains.push_back(std::move(dom));
        }
    }


    void courses(const YAML::Node& n, Model& m) {
        if (!n.IsSequence()) {
            report(n, "E012.not_list", {{"key", "courses"}, {"got", got(n)}});
            return;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node item = n[i];
            Map c(*this, item, {"code", "title", "credits", "type", "domain", "equivalents", "year", "semester"},
                  "course");
            if (!c.ok()) continue;
            detail::Course course;
            course.at = where(item);
            const YAML::Node* code_node = c.required("code");
            if (code_node) {
                const auto text = string(*code_node, "code");
                course.code = text.value_or("");
                if (text && course.code.empty()) report(*code_node, "E012.empty_code", {});
            }
            if (auto v = c.required("title"))
                if (auto t = bilingual(*v, "title")) course.title = t->text, course.title_en = t->en;
            if (auto v = c.required("credits")) course.credits = number(*v, "credits").value_or(0);
            if (auto v = c.get("type")) {
                const std::string t = string(*v, "type").value_or("elective");
                if (t == "required") course.required = true;
                else if (t != "elective") report(*v, "E012.not_type", {{"type", t}});
            }
            if (auto v = c.get("domain")) {
                course.domains = strings(*v, "domain");
                for (const auto& d : course.domains)
                    if (!domain_exists(m, d)) {
                        std::vector<std::string> ids;
                        for (const auto& dm : m.domains) ids.push_back(dm.id);
                        const std::string hint = suggest(d, ids);
                        MessageParams params{{"course", course.code}, {"domain", d}, {"fullwidth", fullwidth_hint(d)}};
                        add_suggestion(params, hint);
                        report(*v, "E021.course_domain", std::move(params));
                    }
                if (course.required && course.domains.size() > 1)
                    report(*v, "E012.required_one_domain", {{"course", course.code}, {"count", std::to_string(course.domains.size())}});
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
                    report(code_node ? *code_node : item, "E020.duplicate_course", {{"course", code}});
            }
            m.courses.push_back(std::move(course));
        }
    }

    void eligibility(const YAML::Node& n, detail::Eligibility& e) {
        Map a(*this, n,
              {"min_semesters", "max_years", "legacy_before", "teacher_education_warning", "count_summer",
               "application_windows"},
              "'eligibility'");
        if (auto v = a.get("min_semesters")) e.min_semesters = integer(*v, "min_semesters", 0, 40);
        if (auto v = a.get("max_years")) e.max_years = integer(*v, "max_years", 1, 20);
        if (auto v = a.get("legacy_before")) e.legacy_before = string(*v, "legacy_before").value_or("");
        if (auto v = a.get("teacher_education_warning"))
            e.teacher_education_warning = boolean(*v, "teacher_education_warning").value_or(true);
        if (auto v = a.get("count_summer")) e.count_summer = boolean(*v, "count_summer").value_or(false);
        if (auto v = a.get("application_windows")) application_windows(*v, e);
    }

    // eligibility.application_windows: per term, the first and last day (inclusive) applications
    // are accepted, as ROC or AD dates.
    void application_windows(const YAML::Node& n, detail::Eligibility& e) {
        if (!n.IsSequence()) {
            report(n, "E012.not_list", {{"key", "application_windows"}, {"got", got(n)}});
            return;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node item = n[i];
            Map w(*this, item, {"term", "first", "last"}, "application_window");
            if (!w.ok()) continue;
            detail::ApplicationWindow win;
            win.at = where(item);
            std::optional<Term> term;
            std::optional<Date> first, last;
            if (auto v = w.required("term")) {
                const std::string t = v->IsScalar() ? v->Scalar() : std::string();
                term = parse_term(t);
                if (!term || term->semester == 0) {
                    term.reset();
                    report(*v, "E012.not_window_term", {{"got", t.empty() ? got(*v) : t}});
                }
                for (const auto& other : e.application_windows)
                    if (term && other.term == *term) report(*v, "E020.duplicate_window", {{"term", format_term(*term)}});
            }
            auto day = [&](const YAML::Node* v, const char* key, std::optional<Date>& out) {
                if (!v) return;
                const std::string t = v->IsScalar() ? v->Scalar() : std::string();
                out = parse_date(t);
                if (!out) report(*v, "E012.not_window_date", {{"key", key}, {"got", t.empty() ? got(*v) : t}});
            };
            day(w.required("first"), "first", first);
            day(w.required("last"), "last", last);
            if (first && last && *last < *first) {
                report(*w.get("last"), "E012.window_order",
                       {{"first", format_roc_date(*first)}, {"last", format_roc_date(*last)}});
                continue;
            }
            if (!term || !first || !last) continue;
            win.term = *term;
            win.days = DateRange{*first, *last};
            e.application_windows.push_back(win);
        }
    }

    // later_courses: courses only a later cohort's framework of the same programme has; a record
    // of one goes to manual review.
    void later_courses(const YAML::Node& n, Model& m) {
        if (!n.IsSequence()) {
            report(n, "E012.not_list", {{"key", "later_courses"}, {"got", got(n)}});
            return;
        }
        const int own = m.entry_years.empty() ? 0 : *std::max_element(m.entry_years.begin(), m.entry_years.end());
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node item = n[i];
            Map c(*this, item, {"code", "entry_year"}, "later_course");
            if (!c.ok()) continue;
            detail::LaterCourse lc;
            lc.at = where(item);
            if (auto v = c.required("code")) {
                lc.code = string(*v, "code").value_or("");
                if (lc.code.empty()) report(*v, "E012.empty_code", {});
                else if (m.course(lc.code)) report(*v, "E020.later_course_in_framework", {{"course", lc.code}});
                for (const auto& other : m.later_courses)
                    if (!lc.code.empty() && other.code == lc.code) report(*v, "E020.duplicate_course", {{"course", lc.code}});
            }
            if (auto v = c.required("entry_year")) {
                lc.entry_year = integer(*v, "entry_year", 1, 199).value_or(0);
                if (lc.entry_year && own && lc.entry_year <= own)
                    report(*v, "E012.later_course_year",
                           {{"course", lc.code}, {"entry_year", std::to_string(lc.entry_year)}, {"own", std::to_string(own)}});
            }
            if (!lc.code.empty() && !m.course(lc.code)) m.later_courses.push_back(std::move(lc));
        }
    }

    void checks(const YAML::Node& n, Model& m) {
        if (!n.IsSequence()) {
            report(n, "E012.not_list", {{"key", "checks"}, {"got", got(n)}});
            return;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node item = n[i];
            Map c(*this, item, {"field", "validator", "required", "pattern", "matches", "severity", "effect", "from"},
                  "check");
            if (!c.ok()) continue;
            detail::Check check;
            check_field(c, check);
            check_validator(c, item, check);
            if (auto v = c.get("required")) check.required = boolean(*v, "required").value_or(true);
            if (auto v = c.get("pattern")) check.pattern = string(*v, "pattern").value_or("");
            if (auto v = c.get("matches")) check_matches(*v, check);
            if (auto v = c.get("severity")) {
                check.severity = string(*v, "severity").value_or("error");
                if (check.severity != "error" && check.severity != "warning")
                    report(*v, "E012.not_severity", {{"got", check.severity}});
            }
            if (auto v = c.get("effect")) {
                const std::string e = string(*v, "effect").value_or("warn");
                if (e == "block") check.effect = CheckEffect::block;
                else if (e == "review") check.effect = CheckEffect::review;
                else if (e != "warn") report(*v, "E012.not_check_effect", {{"got", e}});
            }
            if (auto v = c.get("from")) check_from(*v, check);
            m.checks.push_back(std::move(check));
        }
    }

    // 'from': a term ("113-2", a semester) or a day in ROC or ISO form ("114/08/01", "2025-08-01").
    void check_from(const YAML::Node& v, detail::Check& check) {
        const std::string t = v.IsScalar() ? v.Scalar() : std::string();
        check.from = parse_term(t);
        if (check.from && check.from->semester != 0) return;
        check.from.reset();
        check.from_date = parse_date(t);
        if (!check.from_date) report(v, "E012.not_check_from", {{"got", t.empty() ? got(v) : t}});
    }

    void check_field(const Map& c, detail::Check& check) {
        static const std::vector<std::string> fields{"name", "english_name", "national_id", "email", "mobile"};
        if (auto v = c.required("field")) {
            check.field = string(*v, "field").value_or("");
            const auto f = std::find(fields.begin(), fields.end(), check.field);
            if (!check.field.empty() && f == fields.end())
                report(*v, "E012.not_profile_field", {{"got", check.field}});
            else if (f != fields.end())
                check.which = static_cast<ProfileField>(f - fields.begin());
        }
    }

    // 'validator' is required unless the author gives their own pattern ('matches').
    void check_validator(const Map& c, const YAML::Node& item, detail::Check& check) {
        static const std::vector<std::string> validators{"present",       "passport_name", "email",      "tw_mobile",
                                                         "national_id",   "resident_id",   "person_id"};
        const YAML::Node* v = c.get("validator");
        if (!v) {
            if (!c.has("matches")) report(item, "E013.check_needs_validator", {});
            return;
        }
        check.validator = string(*v, "validator").value_or("");
        if (!check.validator.empty() &&
            std::find(validators.begin(), validators.end(), check.validator) == validators.end()) {
            const std::string hint = suggest(check.validator, validators);
            MessageParams params{{"validator", check.validator}};
            add_suggestion(params, hint);
            report(*v, "E012.unknown_validator", std::move(params));
        }
        check.valid = find_validator(check.validator);  // null for `present`
    }

    // 'matches': a regular expression (ECMAScript) the whole value must match.
    void check_matches(const YAML::Node& v, detail::Check& check) {
        const auto text = string(v, "matches");
        if (!text) return;
        if (text->empty()) {
            report(v, "E012.empty_matches", {});
            return;
        }
        try {
            auto re = std::make_shared<const std::regex>(*text, std::regex::ECMAScript);
            check.matches = *text;
            check.match = [re](const std::string& value) { return std::regex_match(value, *re); };
        } catch (const std::regex_error&) {
            report(v, "E012.bad_matches", {{"got", *text}});
        }
    }

    ReqNode requirement(const YAML::Node& n, const Model& m, int depth) {
        ReqNode node;
        node.at = where(n);
        Map a(*this, n,
              {"id", "title", "all", "any", "at_least", "of", "courses", "domain", "where", "min_credits",
               "min_courses", "max_credits", "max_courses", "caps", "share"},
              "a_requirement");
        if (!a.ok()) return node;
        if (!requirement_head(a, n, depth, node)) return node;
        std::vector<std::string> shapes;
        for (const char* s : {"all", "any", "at_least", "courses", "domain", "where"})
            if (a.has(s)) shapes.emplace_back(s);
        if (shapes.size() != 1) {
            report(n, shapes.empty() ? "E022.no_shape" : "E022.shapes", {{"requirement", node.id}, {"shapes", fmt_list(shapes)}});
            return node;
        }
        auto children = [&](const YAML::Node& list, const std::string& key) {
            if (!list.IsSequence()) {
                report(list, "E012.not_requirement_list", {{"key", key}, {"got", got(list)}});
                return;
            }
            for (std::size_t i = 0; i < list.size(); ++i) node.children.push_back(requirement(list[i], m, depth + 1));
        };
        const std::string& shape = shapes.front();
        if (a.has("of") && shape != "at_least") report(*a.get("of"), "E022.of_without_at_least", {});
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
                    MessageParams params{{"requirement", node.id}, {"course", code}, {"fullwidth", fullwidth_hint(code)}};
                    add_suggestion(params, hint);
                    report(list, "E021.requirement_course", std::move(params));
                }
                node.courses.push_back(c ? c->code : code);
            }
        } else if (shape == "domain") {
            node.shape = Shape::pool;
            const YAML::Node& d = *a.get("domain");
            if (auto id = string(d, "domain")) {
                if (!domain_exists(m, *id)) report(d, "E021.requirement_domain", {{"requirement", node.id}, {"domain", *id}});
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


    // The generated tree: total > domains > required courses + electives; other electives;
    // user requirements; flexible.
    void build_tree(const Map& top, Model& m) {
        ReqNode& root = m.root;
        total_node(top, m, root);
        for (const auto& d : m.domains) root.children.push_back(domain_node(d, m));
        courses_outside_domains(m, root);
        reserve_ids({"total", "flexible", "electives", "semesters"});
        if (const YAML::Node* r = top.get("requirements")) user_requirements(*r, m, root);
        if (const YAML::Node* f = top.get("flexible")) root.children.push_back(flexible_node(*f, m));
    }

    // The root: 'total' (required), its title, minimum credits and caps.
    void total_node(const Map& top, Model& m, ReqNode& root) {
        root.id = "total";
        implied_title(root, "ruleset.title.total", {});
        root.shape = Shape::all;
        root.at = where(top.node());
        if (const YAML::Node* t = top.required("total")) {
            root.at = where(*t);
            Map a(*this, *t, {"title", "min_credits", "caps"}, "'total'");
            if (auto v = a.get("title")) authored_title(*v, root);
            if (auto v = a.required("min_credits")) root.min_credits = number(*v, "min_credits"), root.min_credits_at = where(*v);
            if (auto v = a.get("caps")) caps(*v, m, root);
        }
    }

    // A domain: its required courses, then a pool of its electives when it has any.
    static ReqNode domain_node(const detail::Domain& d, const Model& m) {
        ReqNode dn;
        dn.id = "domain." + d.id;
        dn.title = d.title;
        dn.title_en = d.title_en;
        dn.shape = Shape::all;
        dn.min_credits = d.min_credits;
        dn.min_courses = d.min_courses;
        dn.at = d.at;
        dn.min_credits_at = d.min_credits_at;
        dn.min_courses_at = d.min_courses_at;
        if (d.max_credits) dn.caps.push_back({"", "", {}, d.max_credits, std::nullopt, d.max_credits_at});
        for (const auto& c : m.courses) {
            if (!c.required || c.domains.empty() || c.domains.front() != d.id) continue;
            dn.children.push_back(required_course(c));
        }
        const bool electives = std::any_of(m.courses.begin(), m.courses.end(), [&](const detail::Course& c) {
            return !c.required && std::find(c.domains.begin(), c.domains.end(), d.id) != c.domains.end();
        });
        if (!electives) return dn;
        ReqNode pool;
        pool.id = "domain." + d.id + ".electives";
        const MessageParams en{{"domain", d.title_en.empty() ? d.title : d.title_en}};
        implied_title(pool, "ruleset.title.domain_electives", {{"domain", d.title}}, &en);
        pool.shape = Shape::pool;
        pool.where.conditions.push_back({Field::domain, {d.id}, false});
        pool.where.conditions.push_back({Field::type, {"elective"}, false});
        dn.children.push_back(std::move(pool));
        return dn;
    }

    // Courses in no domain: each required one on its own, the electives in one pool.
    static void courses_outside_domains(const Model& m, ReqNode& root) {
        bool other_electives = false;
        for (const auto& c : m.courses) {
            if (c.domains.empty() && c.required) root.children.push_back(required_course(c));
            if (c.domains.empty() && !c.required) other_electives = true;
        }
        if (!other_electives) return;
        ReqNode pool;
        pool.id = "electives";
        implied_title(pool, "ruleset.title.other_electives", {});
        pool.shape = Shape::pool;
        pool.where.conditions.push_back({Field::in_framework, {"true"}, false});
        pool.where.conditions.push_back({Field::domain, {""}, false});
        pool.where.conditions.push_back({Field::type, {"elective"}, false});
        root.children.push_back(std::move(pool));
    }

    // The author's 'requirements', in order, under the root.
    void user_requirements(const YAML::Node& r, const Model& m, ReqNode& root) {
        if (!r.IsSequence()) {
            report(r, "E012.not_list", {{"key", "requirements"}, {"got", got(r)}});
            return;
        }
        for (std::size_t i = 0; i < r.size(); ++i) root.children.push_back(requirement(r[i], m, 1));
    }

    // 'flexible': courses outside the framework that the student ticked, up to max_credits.
    ReqNode flexible_node(const YAML::Node& f, Model& m) {
        Map a(*this, f, {"title", "max_credits", "requires_approval", "where", "order"}, "'flexible'");
        ReqNode flex;
        flex.id = "flexible";
        implied_title(flex, "ruleset.title.flexible", {});
        flex.shape = Shape::pool;
        flex.flexible = true;
        flex.at = where(f);
        if (auto v = a.get("title")) authored_title(*v, flex);
        detail::CapRule cap;
        if (auto v = a.required("max_credits")) cap.max_credits = number(*v, "max_credits"), cap.at = where(*v);
        flex.caps.push_back(cap);
        if (auto v = a.get("requires_approval"))
            m.flexible_requires_approval = boolean(*v, "requires_approval").value_or(false);
        if (auto v = a.get("where")) flex.where = filter(*v, m);
        if (auto v = a.get("order")) flexible_order(*v, m);
        flex.where.conditions.push_back({Field::in_framework, {"false"}, false});
        flex.where.conditions.push_back({Field::selected, {"true"}, false});
        m.has_flexible = true;
        return flex;
    }

    // flexible.order: the keys ticked courses are sorted by before they fill the cap.
    void flexible_order(const YAML::Node& v, Model& m) {
        static const std::vector<std::pair<std::string, FlexOrderKey>> keys{
            {"term", FlexOrderKey::term},       {"term_desc", FlexOrderKey::term_desc},
            {"code", FlexOrderKey::code},       {"row", FlexOrderKey::row},
            {"credits", FlexOrderKey::credits}, {"credits_desc", FlexOrderKey::credits_desc}};
        if (!v.IsSequence() || v.size() == 0) {
            report(v, "E012.not_flexible_order", {{"got", got(v)}});
            return;
        }
        for (std::size_t i = 0; i < v.size(); ++i) {
            const std::string k = v[i].IsScalar() ? v[i].Scalar() : std::string();
            const auto it = std::find_if(keys.begin(), keys.end(), [&](const auto& p) { return p.first == k; });
            if (it == keys.end()) {
                report(v[i], "E012.unknown_flexible_order", {{"got", k.empty() ? got(v[i]) : k}});
                continue;
            }
            if (std::find(m.flexible_order.begin(), m.flexible_order.end(), it->second) != m.flexible_order.end())
                report(v[i], "E012.repeated_flexible_order", {{"got", k}});
            m.flexible_order.push_back(it->second);
        }
    }

    static ReqNode required_course(const detail::Course& c) {
        ReqNode n;
        n.at = c.at;
        n.id = "course." + c.code;
        const MessageParams en{{"course", c.title_en.empty() ? c.title : c.title_en}};
        implied_title(n, "ruleset.title.required_course", {{"course", c.title}}, &en);
        n.shape = Shape::courses;
        n.courses.push_back(c.code);
        return n;
    }
};

}  // namespace

Loaded load_programme(const std::string& name, const std::string& text, const YAML::Node& doc) {
    ProgrammeLoader loader(name, text);
    auto model = loader.load(doc);
    return linted_tree(loader, std::move(model));
}

// Whether a framework is for this student: programme and entry year.
bool programme_applies_to(const Model& m, const Profile& profile, MessageParams* why_not) {
    if (!m.programmes.empty() &&
        std::find(m.programmes.begin(), m.programmes.end(), profile.programme) == m.programmes.end()) {
        if (why_not && profile.programme.empty()) *why_not = {{"reason", "programme.none"}};
        else if (why_not) *why_not = {{"reason", "programme.other"}, {"programme", profile.programme}};
        return false;
    }
    if (!m.entry_years.empty()) {
        if (!profile.entry_year) {
            if (why_not) *why_not = {{"reason", "entry_year.none"}};
            return false;
        }
        if (std::find(m.entry_years.begin(), m.entry_years.end(), *profile.entry_year) == m.entry_years.end()) {
            if (why_not) *why_not = {{"reason", "entry_year.other"}, {"entry_year", std::to_string(*profile.entry_year)}};
            return false;
        }
    }
    return true;
}

}}}  // namespace libaudit::v0::detail
