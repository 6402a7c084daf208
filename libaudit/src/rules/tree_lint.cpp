// The check stage: problems with a rule set's meaning that parsing cannot see.
//   E030 a threshold that the courses able to count there can never reach
//   E031 a cap below the threshold of the same requirement
//   W040 a framework course that can count in several requirements (allocation decides)
#include "rules/tree_lint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace libaudit { inline namespace v0 { namespace detail {

Match static_match(const Filter& f, const Course& c) {
    Match result = Match::yes;
    for (const auto& cond : f.conditions) {
        auto any = [&](const std::string& v) { return std::find(cond.values.begin(), cond.values.end(), v) != cond.values.end(); };
        bool hit = false;
        switch (cond.field) {
            case Field::code:
                hit = any(c.code) || std::any_of(c.equivalents.begin(), c.equivalents.end(), any);
                break;
            case Field::domain:
                hit = c.domains.empty() ? any("") : std::any_of(c.domains.begin(), c.domains.end(), any);
                break;
            case Field::type: hit = any(c.required ? "required" : "elective"); break;
            case Field::in_framework: hit = any("true"); break;
            default: result = Match::maybe; continue;
        }
        if (hit == cond.negate) return Match::no;
    }
    return result;
}

bool framework_only(const Filter& f) {
    for (const auto& cond : f.conditions) {
        if (cond.negate) continue;
        if (cond.field == Field::in_framework && cond.values == std::vector<std::string>{"true"}) return true;
        if (cond.field == Field::type) return true;
        if (cond.field == Field::domain && std::find(cond.values.begin(), cond.values.end(), "") == cond.values.end())
            return true;
    }
    return false;
}

namespace {

struct Reach {
    double credits = 0;
    double courses = 0;
};
constexpr double unbounded = std::numeric_limits<double>::infinity();

// What can count at a node: its courses' total, limited by the caps below it (and by its own caps
// unless `own_caps` is false).
Reach reach(const ReqNode& n, const Model& m, bool own_caps = true) {
    Reach r;
    if (n.shape == Shape::courses) {
        for (const auto& code : n.courses) {
            const Course* c = m.course(code);
            r.credits += c ? c->credits : unbounded;
            r.courses += 1;
        }
    } else if (n.shape == Shape::pool) {
        if (!framework_only(n.where)) {
            r = {unbounded, unbounded};
        } else {
            for (const auto& c : m.courses) {
                if (static_match(n.where, c) == Match::no) continue;
                r.credits += c.credits;
                r.courses += 1;
            }
        }
    } else {
        for (const auto& child : n.children) {
            if (child.share) continue;  // shared requirements add nothing to their parent
            const Reach cr = reach(child, m);
            r.credits += cr.credits;
            r.courses += cr.courses;
        }
    }
    for (const auto& cap : n.caps) {
        if (!own_caps || !cap.where.conditions.empty()) continue;
        if (cap.max_credits) r.credits = std::min(r.credits, *cap.max_credits);
        if (cap.max_courses) r.courses = std::min(r.courses, static_cast<double>(*cap.max_courses));
    }
    return r;
}

// `limit`: the tightest cap (on everything) of the node's ancestors, which bounds what can be
// placed anywhere below them; `limit_owner` names that ancestor.
void check_node(const ReqNode& n, const Model& m, YamlReader& out, Reach limit = {unbounded, unbounded},
                const std::string& limit_owner = {}) {
    const Reach r = reach(n, m, false);  // a node's own cap below its threshold is E031's to report
    if (n.min_credits && *n.min_credits <= r.credits && *n.min_credits > limit.credits)
        out.report_at(n.min_credits_at, "E031.credits_above",
                      {{"requirement", n.id}, {"needs", fmt::format("{:g}", *n.min_credits)}, {"owner", limit_owner},
                       {"max", fmt::format("{:g}", limit.credits)}});
    if (n.min_courses && *n.min_courses <= r.courses && *n.min_courses > limit.courses)
        out.report_at(n.min_courses_at, "E031.courses_above",
                      {{"requirement", n.id}, {"needs", std::to_string(*n.min_courses)}, {"owner", limit_owner},
                       {"max", fmt::format("{:g}", limit.courses)}});
    if (n.min_credits && *n.min_credits > r.credits)
        out.report_at(n.min_credits_at, "E030.credits",
                      {{"requirement", n.id}, {"needs", fmt::format("{:g}", *n.min_credits)},
                       {"max", fmt::format("{:g}", r.credits)}});
    if (n.min_courses && *n.min_courses > r.courses)
        out.report_at(n.min_courses_at, "E030.courses",
                      {{"requirement", n.id}, {"needs", std::to_string(*n.min_courses)},
                       {"max", fmt::format("{:g}", r.courses)}});
    for (const auto& cap : n.caps) {
        if (!cap.where.conditions.empty()) continue;
        if (cap.max_credits && n.min_credits && *cap.max_credits < *n.min_credits)
            out.report_at(cap.at, "E031.credits_cap",
                          {{"requirement", n.id}, {"max", fmt::format("{:g}", *cap.max_credits)},
                           {"needs", fmt::format("{:g}", *n.min_credits)}});
        if (cap.max_courses && n.min_courses && *cap.max_courses < *n.min_courses)
            out.report_at(cap.at, "E031.courses_cap",
                          {{"requirement", n.id}, {"max", std::to_string(*cap.max_courses)},
                           {"needs", std::to_string(*n.min_courses)}});
    }
    Reach below = limit;
    std::string owner = limit_owner;
    for (const auto& cap : n.caps) {
        if (!cap.where.conditions.empty()) continue;
        if (cap.max_credits && *cap.max_credits < below.credits) below.credits = *cap.max_credits, owner = n.id;
        if (cap.max_courses && *cap.max_courses < below.courses) below.courses = *cap.max_courses, owner = n.id;
    }
    for (const auto& c : n.children) check_node(c, m, out, c.share ? Reach{unbounded, unbounded} : below, owner);
}

// Leaves outside shared subtrees, where a course competes for a single place.
void exclusive_leaves(const ReqNode& n, bool is_root, std::vector<const ReqNode*>& out) {
    if (!is_root && n.share) return;
    if (n.shape == Shape::courses || n.shape == Shape::pool) {
        if (!n.flexible) out.push_back(&n);
        return;
    }
    for (const auto& c : n.children) exclusive_leaves(c, false, out);
}

}  // namespace

void check_model(const Model& m, YamlReader& out) {
    check_node(m.root, m, out);
    std::vector<const ReqNode*> leaves;
    exclusive_leaves(m.root, true, leaves);
    for (const auto& c : m.courses) {
        std::vector<std::string> places;
        for (const ReqNode* leaf : leaves) {
            const bool accepts = leaf->shape == Shape::courses
                                     ? std::find(leaf->courses.begin(), leaf->courses.end(), c.code) != leaf->courses.end()
                                     : static_match(leaf->where, c) == Match::yes;
            if (accepts) places.push_back(leaf->id);
        }
        if (places.size() < 2) continue;
        std::string list;
        for (const auto& p : places) list += (list.empty() ? "" : ", ") + p;
        out.report_at(c.at, "W040.shared_course",
                      {{"course", c.code}, {"count", std::to_string(places.size())}, {"requirements", list}},
                      Severity::warning);
    }
}

}}}  // namespace libaudit::v0::detail
