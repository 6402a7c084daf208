// kind: hours — a teacher in-service hours policy (研習時數) read into the rule model: the hours
// policy, periods, roles and the requirement tree of hours and credits.
#include "families/hours/load.hpp"

#include "rules/tree_lint.hpp"

#include <algorithm>
#include <cmath>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

class HoursLoader : public RuleReader {
public:
    using RuleReader::RuleReader;

    std::shared_ptr<Model> load_hours(const YAML::Node& doc) {
        auto m = std::make_shared<Model>();
        Map top(*this, doc,
                {"libaudit", "kind", "id", "version", "title", "description", "source", "applies_to", "hours",
                 "requirements", "renamed"},
                "hours_rule_file");
        if (!header(top, *m)) return m;
        if (auto n = top.get("applies_to")) {
            Map a(*this, *n, {"role"}, "hours_applies_to");
            if (auto r = a.get("role")) m->roles = strings(*r, "role");
        }
        if (auto n = top.get("hours")) {
            Map a(*this, *n, {"unit", "min_session", "credit_hours", "categories", "list_states", "duplicate_key"},
                  "'hours'");
            if (auto v = a.get("unit")) m->hours.unit = number(*v, "unit").value_or(0);
            if (auto v = a.get("min_session")) m->hours.min_session = number(*v, "min_session").value_or(0);
            if (auto v = a.get("credit_hours")) m->hours.credit_hours = number(*v, "credit_hours");
            if (auto v = a.get("categories")) m->hours.categories = strings(*v, "categories");
            if (auto v = a.get("list_states")) list_states(*v, m->hours);
            if (auto v = a.get("duplicate_key")) duplicate_key(*v, m->hours);
        }
        ReqNode& root = m->root;
        root.id = "total";
        root.title = m->title;
        root.title_en = m->title_en;
        root.shape = Shape::all;
        root.at = where(doc);
        reserve_ids({"total"});
        if (const YAML::Node* r = top.required("requirements")) {
            if (!r->IsSequence() || r->size() == 0) {
                report(*r, "E012.not_nonempty_list", {{"key", "requirements"}, {"got", got(*r)}});
            } else {
                for (std::size_t i = 0; i < r->size(); ++i)
                    root.children.push_back(hours_requirement((*r)[i], *m, 1, ReqNode{}));
            }
        }
        if (auto n = top.get("renamed")) renamed(*n, *m);
        return m;
    }

    // hours.list_states: the column holding the attendee list's state and which states count,
    // which are pending (under review) and which count nothing. A state in two lists is an error.
    void list_states(const YAML::Node& n, detail::HoursPolicy& h) {
        Map a(*this, n, {"column", "approved", "pending", "rejected"}, "'list_states'");
        if (!a.ok()) return;
        if (auto v = a.required("column")) {
            h.list_column = string(*v, "column").value_or("");
            if (h.list_column.empty() && v->IsScalar()) report(*v, "E012.empty_list_column", {});
        }
        std::vector<std::string> seen;
        auto states = [&](const YAML::Node* v, const char* key, std::vector<std::string>& out) {
            if (!v) return;
            out = strings(*v, key);
            for (const auto& s : out) {
                if (std::find(seen.begin(), seen.end(), s) != seen.end()) report(*v, "E020.duplicate_list_state", {{"state", s}});
                seen.push_back(s);
            }
        };
        states(a.required("approved"), "approved", h.list_approved);
        states(a.get("pending"), "pending", h.list_pending);
        states(a.get("rejected"), "rejected", h.list_rejected);
    }

    // hours.duplicate_key: what identifies a session twice attended: [code, date] (the default) or
    // [code] (the course, whatever the date); national_id (the teacher) is always part of it.
    void duplicate_key(const YAML::Node& n, detail::HoursPolicy& h) {
        const std::vector<std::string> keys = strings(n, "duplicate_key");
        bool code = false, date = false;
        for (const auto& k : keys) {
            if (k == "code") code = true;
            else if (k == "date") date = true;
            else if (k != "national_id") report(n, "E012.unknown_duplicate_key", {{"got", k}});
        }
        if (!keys.empty() && !code) report(n, "E012.duplicate_key_needs_code", {});
        h.duplicate_same_day = date;
    }

    // 'school_year', 'calendar_year', {school_years: N} or {years: N}.
    detail::Period period(const YAML::Node& n) {
        detail::Period p;
        if (n.IsMap()) {
            Map a(*this, n, {"school_years", "years"}, "'period'");
            const YAML::Node* sy = a.get("school_years");
            const YAML::Node* y = a.get("years");
            if ((sy != nullptr) == (y != nullptr)) {
                report(n, "E022.period_shape", {});
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
            report(n, "E012.not_period", {{"got", *s}});
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
              "hours_requirement");
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
            report(n, shapes.empty() ? "E022.hours_no_shape" : "E022.hours_shapes",
                   {{"requirement", node.id}, {"shapes", fmt_list(shapes)}});
            return node;
        }
        const std::string& shape = shapes.front();
        if (a.has("of") && shape != "at_least") report(*a.get("of"), "E022.of_without_at_least", {});
        auto children = [&](const YAML::Node& list, const std::string& key) {
            if (!list.IsSequence()) {
                report(list, "E012.not_requirement_list", {{"key", key}, {"got", got(list)}});
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
            if (h && c) report(*c, "E022.hours_and_credits", {{"requirement", node.id}});
            if (!h && !c) report(n, "E013.needs_hours_or_credits", {{"requirement", node.id}});
            if (h) node.min_hours = number(*h, "min_hours"), node.min_credits_at = where(*h);
            if (c) node.min_credits = number(*c, "min_credits"), node.min_credits_at = where(*c);
            return node;
        }
        for (const char* key : {"min_hours", "min_credits"})
            if (const YAML::Node* v = a.get(key))
                report(*v, "E022.leaf_key_on_combinator", {{"key", key}, {"requirement", node.id}, {"shape", shape}});
        combinator(a, shape, node, children);
        return node;
    }

};

}  // namespace

Loaded load_hours(const std::string& name, const std::string& text, const YAML::Node& doc) {
    HoursLoader loader(name, text);
    auto model = loader.load_hours(doc);
    return linted_tree(loader, std::move(model));
}

// Whether a policy is for this teacher: the policy named in the profile, and the role.
bool hours_applies_to(const Model& m, const Profile& profile, MessageParams* why_not) {
    // A teacher's profile may name the policy (the rule set id) it is audited against, so that
    // a folder of policies that all cover the role can still be batched.
    if (!profile.programme.empty() && profile.programme != m.id) {
        if (why_not) *why_not = {{"reason", "policy.other"}, {"policy", profile.programme}};
        return false;
    }
    if (m.roles.empty() || std::find(m.roles.begin(), m.roles.end(), profile.role) != m.roles.end()) return true;
    if (why_not && profile.role.empty()) *why_not = {{"reason", "role.none"}};
    else if (why_not) *why_not = {{"reason", "role.other"}, {"role", profile.role}};
    return false;
}

}}}  // namespace libaudit::v0::detail
