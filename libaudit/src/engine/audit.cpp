// Evaluating a programme rule set over one student's transcript.
//
// 1. classify every record: grade (passed / in progress / failed / withdrawn / unreadable), the
//    framework course it is (equivalents resolved), whether it is ticked as a flexible credit,
//    and which attempt of a repeated course counts;
// 2. build the allocation problem from the requirement tree (shared requirements are solved on
//    their own first) and solve it exactly (alloc.cpp);
// 3. turn the solution into requirement results, exclusions with reasons, flags and a status.
#include <libaudit/audit.hpp>
#include <libaudit/validators.hpp>
#include <libaudit/version.hpp>

#include "base/number.hpp"
#include "alloc/alloc.hpp"
#include "rules/model.hpp"
#include "engine/family.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <set>

namespace libaudit {

namespace {

using detail::Field;
using detail::Model;
using detail::ReqNode;
using detail::Shape;

enum class Grade { passed, in_progress, failed, withdrawn, unreadable };

struct Classified {
    const Record* record = nullptr;
    const detail::Course* course = nullptr;  // framework course, if any
    std::string canonical;                   // framework code, or the record's own code
    Grade grade = Grade::passed;
    double grade_value = 0;                  // numeric grade for "best"
    bool selected = false;
    bool countable = false;                  // passed or in progress, the counting attempt, not after as_of
    std::string exclusion;                   // reason when not countable
    std::string detail;
    double hours = 0;                        // kind hours: the session's hours after the rounding policy
};

// kind hours: what an audit needs besides the records: the as-of date and the teacher.
struct HoursContext {
    Date as_of;
    const Profile* profile = nullptr;
};

DateRange period_range(const detail::Period& p, Date as_of) {
    switch (p.kind) {
        case detail::PeriodKind::school_year: return school_year_range(school_year_of(as_of));
        case detail::PeriodKind::calendar_year: return calendar_year_range(ymd(as_of).year);
        case detail::PeriodKind::school_years: return school_years_ending(school_year_of(as_of), p.count);
        case detail::PeriodKind::years: return {add_days(add_years(as_of, -p.count), 1), as_of};
        case detail::PeriodKind::none: break;
    }
    return {Date{std::numeric_limits<int>::min() / 2}, as_of};
}

alloc::Weight to_weight(double credits) { return static_cast<alloc::Weight>(std::llround(credits * alloc::weight_unit)); }
double from_weight(alloc::Weight w) { return static_cast<double>(w) / alloc::weight_unit; }

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

std::string fmt_number(double v) { return detail::format_g(v); }

Grade read_grade(const detail::Grading& g, const std::string& text, double& value) {
    value = 0;
    if (text.empty() || contains(g.in_progress_grades, text)) return Grade::in_progress;
    if (contains(g.withdrawn_grades, text)) return Grade::withdrawn;
    if (contains(g.pass_grades, text)) {
        value = g.pass_mark;
        return Grade::passed;
    }
    if (contains(g.failed_grades, text)) return Grade::failed;
    // Whole grades ("85", "100"), the common case, without strtod (~400 instructions each).
    if (!text.empty() && text.size() <= 3 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        int whole = 0;
        for (char c : text) whole = whole * 10 + (c - '0');
        const double v = whole;
        if (v <= 100) {
            value = v;
            return v + 1e-9 >= g.pass_mark ? Grade::passed : Grade::failed;
        }
        return Grade::unreadable;
    }
    if (const auto v = detail::parse_number(text); v && *v >= 0 && *v <= 100) {
        value = *v;
        return *v + 1e-9 >= g.pass_mark ? Grade::passed : Grade::failed;
    }
    return Grade::unreadable;
}

RecordRef ref(const Classified& c, std::optional<double> hours = std::nullopt) {
    RecordRef r;
    r.code = c.record->code;
    r.offering = c.record->offering;
    r.title = c.record->title.empty() && c.course ? c.course->title : c.record->title;
    r.term = c.record->term;
    r.credits = c.record->credits;
    r.grade = c.record->grade;
    r.source_row = c.record->source_row;
    r.in_progress = c.grade == Grade::in_progress;
    r.date = c.record->date;
    r.hours = hours ? hours : c.record->hours;
    return r;
}

bool matches(const detail::Filter& f, const Classified& c) {
    for (const auto& cond : f.conditions) {
        bool hit = false;
        auto any_of = [&](const std::string& v) { return contains(cond.values, v); };
        const Record& r = *c.record;
        switch (cond.field) {
            case Field::code: hit = any_of(r.code) || any_of(c.canonical); break;
            case Field::dept: hit = any_of(r.dept); break;
            case Field::school: hit = any_of(r.school); break;
            case Field::category: hit = any_of(r.category); break;
            case Field::tag: hit = std::any_of(r.tags.begin(), r.tags.end(), any_of); break;
            case Field::domain:
                if (!c.course || c.course->domains.empty()) hit = any_of("");
                else hit = std::any_of(c.course->domains.begin(), c.course->domains.end(), any_of);
                break;
            case Field::type: hit = any_of(c.course ? (c.course->required ? "required" : "elective") : ""); break;
            case Field::in_framework: hit = any_of(c.course ? "true" : "false"); break;
            case Field::selected: hit = any_of(c.selected ? "true" : "false"); break;
        }
        if (hit == cond.negate) return false;
    }
    return true;
}

bool leaf_accepts(const ReqNode& n, const Classified& c) {
    if (n.shape == Shape::courses) return contains(n.courses, c.canonical);
    if (n.shape == Shape::pool) return matches(n.where, c);
    return false;
}

// Results of solving one (sub)tree.
struct Solved {
    std::map<const ReqNode*, RequirementResult> results;  // per node, without children filled
    std::vector<char> used;                                 // per countable item: counted in this tree
    std::vector<std::string> unresolved;                    // requirement ids when the budget ran out
    bool optimal = true;
    long steps = 0;
    bool root_passed = false, root_all = false;
    // When the search ran out of budget: could another placement still satisfy the root?
    bool root_passed_undecided = false, root_all_undecided = false;
};

class Evaluator {
public:
    Evaluator(const Model& m, std::vector<const Classified*> items, long max_steps, const HoursContext* hours = nullptr)
        : m_(m), items_(std::move(items)), max_steps_(max_steps), hours_(hours) {}

    // kind hours: a leaf's measure of a session: its rounded hours, its credits converted where the
    // leaf measures hours and a rate is set, or its credits where the leaf measures credits.
    double measure(const ReqNode& leaf, const Classified& c) const {
        const Record& r = *c.record;
        if (leaf.min_credits) return r.credits;
        if (r.hours) return c.hours;
        const std::optional<double> rate = leaf.credit_hours ? leaf.credit_hours : m_.hours.credit_hours;
        return rate && r.credits > 0 ? r.credits * *rate : 0.0;
    }

    bool accepts(const ReqNode& n, const Classified& c) const {
        if (!hours_) return leaf_accepts(n, c);
        if (n.shape != Shape::pool || !matches(n.where, c) || measure(n, c) <= 0) return false;
        return c.record->date && period_range(n.period, hours_->as_of).contains(*c.record->date);
    }

    bool applicable(const ReqNode& n) const {
        return !hours_ || n.roles.empty() || contains(n.roles, hours_->profile->role);
    }

    // kind hours: the threshold factor: full months employed in the period / the period's months.
    double factor(const ReqNode& n, RequirementResult* r = nullptr) const {
        if (!hours_ || !n.prorate || n.period.kind == detail::PeriodKind::none) return 1;
        const DateRange p = period_range(n.period, hours_->as_of);
        const Profile& pr = *hours_->profile;
        const Date from = pr.employed_from && *pr.employed_from > p.first ? *pr.employed_from : p.first;
        const Date to = pr.employed_to && *pr.employed_to < p.last ? *pr.employed_to : p.last;
        const int months = full_months(from, to);
        const int of = full_months(p.first, p.last);
        if (r) r->months = months, r->period_months = of;
        return of > 0 ? static_cast<double>(months) / of : 1;
    }

    Solved solve(const ReqNode& root) {
        Solved out;
        out.used.assign(items_.size(), 0);
        // Shared requirements first, each on its own with every record available.
        std::map<const ReqNode*, Solved> shared;
        collect_shared(root, root, shared);

        alloc::Problem p;
        p.max_steps = max_steps_;
        std::vector<const ReqNode*> nodes;
        add_node(root, -1, p, nodes, shared);
        // kind hours: every leaf is shared, so a problem with items has one leaf, the root, and
        // the items weigh what that leaf measures.
        const bool one_leaf = root.children.empty();
        // Only records some leaf accepts enter the problem (the others could never be placed, nor
        // count against a cap): `original[k]` is the record of the problem's item k.
        std::vector<int> original;
        alloc::Item item;
        for (std::size_t i = 0; i < items_.size(); ++i) {
            item.leaves.clear();
            for (std::size_t n = 0; n < nodes.size(); ++n)
                if (p.nodes[n].children.empty() && !p.nodes[n].fixed_all && accepts(*nodes[n], *items_[i]))
                    item.leaves.push_back(static_cast<int>(n));
            if (item.leaves.empty()) continue;
            item.weight = to_weight(!hours_ ? items_[i]->record->credits : one_leaf ? measure(root, *items_[i]) : 0.0);
            item.passed = items_[i]->grade == Grade::passed;
            original.push_back(static_cast<int>(i));
            p.items.push_back(item);
        }
        for (std::size_t n = 0; n < nodes.size(); ++n) {
            for (const auto& cap : nodes[n]->caps) {
                alloc::Cap c;
                c.node = static_cast<int>(n);
                if (cap.max_credits) c.max_weight = to_weight(*cap.max_credits);
                if (cap.max_courses) c.max_count = *cap.max_courses;
                for (std::size_t k = 0; k < original.size(); ++k)
                    if (matches(cap.where, *items_[static_cast<std::size_t>(original[k])])) c.members.push_back(static_cast<int>(k));
                p.caps.push_back(std::move(c));
            }
        }
        const alloc::Solution s = alloc::solve(p);
        out.optimal = s.optimal;
        out.steps = s.steps;
        for (int u : s.unresolved) out.unresolved.push_back(nodes[u]->id);
        out.root_passed = s.evaluation.nodes[0].sat_passed;
        out.root_all = s.evaluation.nodes[0].sat_all;
        out.root_passed_undecided = !s.optimal && !out.root_passed && s.root_passed_possible;
        out.root_all_undecided = !s.optimal && !out.root_all && s.root_all_possible;

        // Records counted per node (every node lists what its subtree counts).
        std::vector<std::vector<int>> counted(nodes.size());
        for (std::size_t k = 0; k < s.assignment.size(); ++k) {
            if (s.assignment[k] < 0) continue;
            const int i = original[k];
            out.used[static_cast<std::size_t>(i)] = 1;
            for (int a = s.assignment[k]; a != -1; a = p.nodes[a].parent) counted[a].push_back(i);
        }
        for (std::size_t n = 0; n < nodes.size(); ++n) {
            const ReqNode* rn = nodes[n];
            if (auto it = shared.find(rn); it != shared.end() && rn != &root) {
                for (auto& [k, v] : it->second.results) out.results[k] = v;
                if (hours_)  // a session counted in any requirement is counted
                    for (std::size_t i = 0; i < out.used.size(); ++i) out.used[i] |= it->second.used[i];
                for (const auto& u : it->second.unresolved) out.unresolved.push_back(u);
                out.optimal = out.optimal && it->second.optimal;
                // A shared requirement left undecided may flip its parent's verdict.
                out.root_passed_undecided = out.root_passed_undecided || it->second.root_passed_undecided;
                out.root_all_undecided = out.root_all_undecided || it->second.root_all_undecided;
                out.steps += it->second.steps;
                continue;
            }
            const alloc::NodeState& st = s.evaluation.nodes[n];
            RequirementResult r = describe(*rn);
            r.status = st.sat_passed ? Status::met : st.sat_all ? Status::met_pending : Status::not_met;
            r.earned.credits = from_weight(st.weight_passed);
            r.earned.courses = st.count_passed;
            r.pending.credits = from_weight(st.weight_all - st.weight_passed);
            r.pending.courses = st.count_all - st.count_passed;
            if (r.required.credits)
                r.remaining.credits = std::max(0.0, *r.required.credits - from_weight(st.weight_all));
            if (r.required.courses)
                r.remaining.courses = std::max(0.0, *r.required.courses - st.count_all);
            r.counted.reserve(counted[n].size());
            if (hours_) {
                const bool by_hours = !r.required.credits;
                r.earned = r.pending = r.remaining = Amount{};
                (by_hours ? r.earned.hours : r.earned.credits) = from_weight(st.weight_passed);
                const std::optional<double>& req = by_hours ? r.required.hours : r.required.credits;
                if (req) (by_hours ? r.remaining.hours : r.remaining.credits) = std::max(0.0, *req - from_weight(st.weight_all));
                if (!rn->children.empty()) r.earned = Amount{};
                if (!applicable(*rn)) r.status = Status::not_applicable;
                for (int i : counted[n])
                    r.counted.push_back(ref(*items_[i], by_hours ? std::optional<double>(measure(*rn, *items_[i]))
                                                                 : std::nullopt));
                out.results[rn] = std::move(r);
                continue;
            }
            for (int i : counted[n]) r.counted.push_back(ref(*items_[i]));
            out.results[rn] = std::move(r);
        }
        return out;
    }

private:
    const Model& m_;
    std::vector<const Classified*> items_;
    long max_steps_;
    const HoursContext* hours_;

    void collect_shared(const ReqNode& n, const ReqNode& root, std::map<const ReqNode*, Solved>& shared) {
        if (&n != &root && !applicable(n)) {  // kind hours: not for this role: met, shown as not applicable
            Solved na;
            na.used.assign(items_.size(), 0);
            na.root_passed = na.root_all = true;
            std::vector<const ReqNode*> stack{&n};
            while (!stack.empty()) {
                const ReqNode* x = stack.back();
                stack.pop_back();
                RequirementResult r = describe(*x);
                r.status = Status::not_applicable;
                na.results[x] = std::move(r);
                for (const auto& c : x->children) stack.push_back(&c);
            }
            shared.emplace(&n, std::move(na));
            return;
        }
        if (&n != &root && n.share) {
            shared.emplace(&n, solve(n));
            return;
        }
        for (const auto& c : n.children) collect_shared(c, root, shared);
    }

    void add_node(const ReqNode& rn, int parent, alloc::Problem& p, std::vector<const ReqNode*>& nodes,
                  const std::map<const ReqNode*, Solved>& shared) {
        const int index = static_cast<int>(p.nodes.size());
        p.nodes.emplace_back();
        nodes.push_back(&rn);
        {
            alloc::Node& an = p.nodes.back();
            an.parent = parent;
            an.kind = rn.shape == Shape::any ? alloc::NodeKind::any
                      : rn.shape == Shape::at_least ? alloc::NodeKind::at_least
                                                    : alloc::NodeKind::all;
            an.at_least = rn.at_least;
            const double f = factor(rn);
            if (rn.min_credits) an.min_weight = to_weight(*rn.min_credits * f);
            if (rn.min_hours) an.min_weight = to_weight(*rn.min_hours * f);
            if (rn.min_courses) an.min_count = *rn.min_courses;
            if (rn.shape == Shape::courses && !rn.min_credits && !rn.min_courses)
                an.min_count = static_cast<int>(rn.courses.size());
        }
        if (parent >= 0) p.nodes[parent].children.push_back(index);
        if (auto it = shared.find(&rn); it != shared.end() && parent >= 0) {
            p.nodes[index].fixed_passed = it->second.root_passed;
            p.nodes[index].fixed_all = it->second.root_all;
            return;
        }
        for (const auto& c : rn.children) add_node(c, index, p, nodes, shared);
    }

    RequirementResult describe(const ReqNode& n) const {
        RequirementResult r;
        r.id = n.id;
        r.title = n.title;
        r.title_en = n.title_en;
        r.shared = n.share;
        switch (n.shape) {
            case Shape::all: r.kind = "all"; break;
            case Shape::any: r.kind = "any"; break;
            case Shape::at_least: r.kind = "at_least"; break;
            case Shape::courses: r.kind = "courses"; break;
            case Shape::pool: r.kind = "pool"; break;
        }
        if (hours_) {
            const double f = factor(n, &r);
            if (n.min_credits) r.required.credits = *n.min_credits * f;
            if (n.min_hours) r.required.hours = *n.min_hours * f;
            if (n.period.kind != detail::PeriodKind::none) r.period = period_range(n.period, hours_->as_of);
            return r;
        }
        if (n.min_credits) r.required.credits = *n.min_credits;
        if (n.min_courses) r.required.courses = *n.min_courses;
        if (n.shape == Shape::courses && !n.min_credits && !n.min_courses)
            r.required.courses = static_cast<double>(n.courses.size());
        for (const auto& cap : n.caps) {
            if (!cap.where.conditions.empty()) continue;
            if (cap.max_credits) r.maximum.credits = *cap.max_credits;
            if (cap.max_courses) r.maximum.courses = *cap.max_courses;
        }
        return r;
    }
};

RequirementResult assemble(const ReqNode& n, std::map<const ReqNode*, RequirementResult>& results) {
    RequirementResult r = std::move(results[&n]);  // each node is assembled once
    for (const auto& c : n.children) r.children.push_back(assemble(c, results));
    return r;
}

Status combine(Status a, Status b) {
    auto rank = [](Status s) { return s == Status::met ? 0 : s == Status::met_pending ? 1 : 2; };
    return rank(a) >= rank(b) ? a : b;
}

void add_flag(AuditResult& res, std::string code, std::string severity, std::string detail,
              std::string requirement = {}, std::string field = {}) {
    Flag f;
    f.code = std::move(code);
    f.severity = std::move(severity);
    f.detail = std::move(detail);
    f.requirement = std::move(requirement);
    f.field = std::move(field);
    res.flags.push_back(std::move(f));
}

const std::string& profile_field(const Profile& p, detail::ProfileField field) {
    switch (field) {
    case detail::ProfileField::name: return p.name;
    case detail::ProfileField::english_name: return p.english_name;
    case detail::ProfileField::national_id: return p.national_id;
    case detail::ProfileField::email: return p.email;
    case detail::ProfileField::mobile: break;
    }
    return p.mobile;
}

void run_checks(const Model& m, const Profile& p, AuditResult& res) {
    for (const auto& check : m.checks) {
        const std::string& value = profile_field(p, check.which);
        if (value.empty()) {
            if (check.required) add_flag(res, "missing_" + check.field, check.severity, check.field + " is empty", {}, check.field);
            continue;
        }
        if (check.valid && !check.valid(value)) {
            add_flag(res, "invalid_" + check.field, check.severity,
                     check.field + " is not a valid " + check.validator + " value", {}, check.field);
            continue;
        }
        if (!check.pattern.empty()) {
            std::string expected = check.pattern;
            for (auto pos = expected.find("{student_id}"); pos != std::string::npos; pos = expected.find("{student_id}"))
                expected.replace(pos, 12, p.subject_id);
            if (!same_email(expected, value))
                add_flag(res, "invalid_" + check.field, check.severity,
                         check.field + " should be " + expected, {}, check.field);
        }
    }
}

// Branch nodes of an hours rule set: hours still missing, from their children: for `any` the
// least, for `at_least k` the k-th least, for `all` the largest (a session counts for every
// requirement it matches, so one more session may close several gaps: the figure is the least
// that must still be attended); 0 once met. Credit-only children give none.
void branch_hours(RequirementResult& r, const ReqNode& n) {
    if (r.children.empty()) return;
    std::vector<double> missing;
    for (std::size_t i = 0; i < r.children.size(); ++i) {
        RequirementResult& c = r.children[i];
        branch_hours(c, n.children[i]);
        if (c.status != Status::not_applicable && c.remaining.hours) missing.push_back(*c.remaining.hours);
    }
    if (missing.empty()) return;
    std::sort(missing.begin(), missing.end());
    const std::size_t k = n.shape == Shape::any        ? 1
                          : n.shape == Shape::at_least ? std::min(missing.size(), static_cast<std::size_t>(n.at_least))
                                                       : missing.size();
    r.remaining.hours = r.status == Status::met || r.status == Status::not_applicable ? 0.0 : missing[k - 1];
}

// kind hours, step by step.

// The as-of date: given, the last day of the as-of term, or the latest session's date.
Date hours_as_of(const Subject& subject, const AuditOptions& options) {
    std::optional<Date> as_of = options.as_of_date;
    if (!as_of && options.as_of) {
        if (auto range = term_range(*options.as_of)) as_of = range->last;
        else as_of = school_year_range(options.as_of->year).last;  // a summer session: the school year's end
    }
    if (!as_of)
        for (const auto& r : subject.records)
            if (r.date && (!as_of || *as_of < *r.date)) as_of = r.date;
    return as_of.value_or(Date{});
}

// Each session's rounded hours and whether it can count (date, as-of, declared category, minimum
// length); `unknown` collects undeclared categories, `dedupe` the sessions left for the duplicate check.
void classify_sessions(const Model& m, const Subject& subject, const HoursContext& ctx, std::vector<Classified>& cls,
                       std::vector<std::string>& unknown, std::vector<std::size_t>& dedupe) {
    for (std::size_t i = 0; i < subject.records.size(); ++i) {
        const Record& r = subject.records[i];
        Classified& c = cls[i];
        c.record = &r;
        c.canonical = r.code;
        c.countable = true;
        if (r.hours) {
            const double h = *r.hours;
            c.hours = m.hours.unit > 0 ? std::floor(h / m.hours.unit + 1e-9) * m.hours.unit : h;
        }
        auto exclude = [&](const char* reason, std::string detail) {
            c.countable = false;
            c.exclusion = reason;
            c.detail = std::move(detail);
        };
        if (!r.date) {
            exclude("no_date", "the session has no date");
        } else if (*r.date > ctx.as_of) {
            exclude("after_as_of", "held after the as-of date " + format_date(ctx.as_of));
        } else if (!m.hours.categories.empty() && !r.category.empty() && !contains(m.hours.categories, r.category)) {
            exclude("unknown_category", "category '" + r.category + "' is not one the rule set declares");
            unknown.push_back("row " + std::to_string(r.source_row) + ": " + r.category);
        } else if (r.hours && *r.hours < m.hours.min_session) {
            exclude("under_minimum", "sessions under " + fmt_number(m.hours.min_session) + " h earn no hours");
        } else {
            dedupe.push_back(i);
        }
    }
}

// The same course on the same day as an earlier session counts once.
void exclude_duplicates(const Subject& subject, std::vector<std::size_t>& dedupe, std::vector<Classified>& cls) {
    // Duplicates: the same course on the same day as an earlier session (sorted, not hashed: no
    // key strings to build).
    std::stable_sort(dedupe.begin(), dedupe.end(), [&](std::size_t a, std::size_t b) {
        const Record& x = subject.records[a];
        const Record& y = subject.records[b];
        if (x.date != y.date) return x.date < y.date;
        return x.code < y.code;
    });
    for (std::size_t k = 1; k < dedupe.size(); ++k) {
        std::size_t first = k - 1;
        while (k < dedupe.size() && subject.records[dedupe[k]].date == subject.records[dedupe[first]].date &&
               subject.records[dedupe[k]].code == subject.records[dedupe[first]].code) {
            Classified& c = cls[dedupe[k]];
            c.countable = false;
            c.exclusion = "duplicate";
            c.detail = "the same course on the same day as row " + std::to_string(subject.records[dedupe[first]].source_row);
            ++k;
        }
    }
}

// The countable sessions in date, code and row order.
std::vector<const Classified*> countable_sessions(const std::vector<Classified>& cls) {
    std::vector<const Classified*> items;
    for (const auto& c : cls)
        if (c.countable) items.push_back(&c);
    std::stable_sort(items.begin(), items.end(), [](const Classified* a, const Classified* b) {
        if (a->record->date != b->record->date) return a->record->date < b->record->date;
        if (a->record->code != b->record->code) return a->record->code < b->record->code;
        return a->record->source_row < b->record->source_row;
    });
    return items;
}

// Sessions not counted, with why: excluded at classification, outside every period, or accepted nowhere.
void exclude_sessions(const Model& m, const std::vector<Classified>& cls, const std::vector<const Classified*>& items,
                      const Solved& solved, const Evaluator& ev, AuditResult& res) {
    // Sessions not counted, ordered by date, code and row: sorted as pointers, then built once.
    struct Excluded {
        const Classified* c;
        bool outside_period;  // countable, but not in any requirement's period
    };
    std::vector<Excluded> excluded;
    std::vector<const ReqNode*> stack;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (solved.used[i]) continue;
        const Classified& c = *items[i];
        bool in_some_filter = false;
        stack.assign(1, &m.root);
        while (!stack.empty() && !in_some_filter) {
            const ReqNode* n = stack.back();
            stack.pop_back();
            if (n->shape == Shape::pool && matches(n->where, c) && ev.measure(*n, c) > 0) in_some_filter = true;
            for (const auto& ch : n->children) stack.push_back(&ch);
        }
        excluded.push_back({&c, in_some_filter});
    }
    for (const auto& c : cls)
        if (!c.countable) excluded.push_back({&c, false});
    std::sort(excluded.begin(), excluded.end(), [](const Excluded& a, const Excluded& b) {
        const Record& x = *a.c->record;
        const Record& y = *b.c->record;
        if (x.date != y.date) return x.date < y.date;
        if (x.code != y.code) return x.code < y.code;
        if (x.source_row != y.source_row) return x.source_row < y.source_row;
        if (a.c->countable != b.c->countable) return a.c->countable;  // records built in code may share row 0
        return a.c < b.c;                                             // both point into `cls`
    });
    res.excluded.reserve(excluded.size());
    for (const Excluded& e : excluded) {
        const Classified& c = *e.c;
        if (!c.countable)
            res.excluded.push_back({ref(c), c.exclusion, c.detail});
        else if (e.outside_period)
            res.excluded.push_back({ref(c), "outside_period", "held outside the period of every requirement that accepts it"});
        else
            res.excluded.push_back({ref(c), "not_counted",
                                    "no requirement accepts this session (category, tag, or credits where hours are "
                                    "counted without a conversion rate)"});
    }
}

// A policy not meant for this teacher: not applicable, nothing owed; the hours found still show.
Status apply_role(const RuleSet& rules, const Model& m, const Profile& profile, Status status, AuditResult& res) {
    std::string why;
    if (!rules.applies_to(profile, &why)) {
        add_flag(res, "not_applicable", "info", "rule set " + m.id + " does not apply: " + why);
        status = Status::not_applicable;
        // Nothing is owed under a rule set that does not apply: the hours found are still shown.
        const std::function<void(RequirementResult&)> none_owed = [&](RequirementResult& q) {
            q.status = Status::not_applicable;
            for (std::optional<double>* v : {&q.remaining.hours, &q.remaining.credits, &q.remaining.courses})
                if (*v) **v = 0;
            for (auto& child : q.children) none_owed(child);
        };
        for (auto& q : res.requirements) none_owed(q);
    }
    return status;
}

// kind hours: classify sessions (as-of date, categories, the rounding policy, duplicates), then the
// same allocation and evaluation as every rule set; each requirement is a shared leaf.
AuditResult audit_hours(const RuleSet& rules, const Subject& subject, const AuditOptions& options, AuditResult res) {
    const Model& m = rules.model();
    const Profile& profile = subject.profile;
    res.subject.role = profile.role;
    res.as_of.reset();
    res.as_of_date = hours_as_of(subject, options);
    HoursContext ctx{*res.as_of_date, &profile};

    std::vector<Classified> cls(subject.records.size());
    std::vector<std::string> unknown;
    std::vector<std::size_t> dedupe;  // sessions left after the checks above: the same code and date is a duplicate
    classify_sessions(m, subject, ctx, cls, unknown, dedupe);
    exclude_duplicates(subject, dedupe, cls);
    const std::vector<const Classified*> items = countable_sessions(cls);
    Evaluator ev(m, items, options.max_steps > 0 ? options.max_steps : m.max_steps, &ctx);
    Solved solved = ev.solve(m.root);
    RequirementResult total = assemble(m.root, solved.results);
    branch_hours(total, m.root);
    res.allocation.optimal = solved.optimal;
    res.allocation.steps = solved.steps;
    exclude_sessions(m, cls, items, solved, ev, res);
    Status status = total.status;
    res.requirements.push_back(std::move(total));

    if (!profile.present)
        add_flag(res, "no_profile", "warning", "no teacher profile was given: role and employment dates unknown");
    if (!unknown.empty()) {
        std::string list;
        for (const auto& u : unknown) list += (list.empty() ? "" : "; ") + u;
        add_flag(res, "unknown_category", "warning", "sessions with a category the rule set does not declare: " + list);
    }
    status = apply_role(rules, m, profile, status, res);
    if (!solved.optimal && status != Status::met && status != Status::not_applicable) {
        add_flag(res, "allocation_incomplete", "warning", "the search budget ran out", "total");
        status = Status::needs_review;
    }
    res.status = status;
    return res;
}

// What every audit result starts with: the engine, the rule set and who is audited.
AuditResult start_result(const Model& m, const Subject& subject) {
    AuditResult res;
    res.engine_version = engine_version;
    res.ruleset = {m.id, m.version, m.title, m.sha256, m.file, m.kind};
    const Profile& profile = subject.profile;
    res.subject.id = profile.subject_id.empty() && !subject.records.empty() ? subject.records.front().subject_id
                                                                              : profile.subject_id;
    res.subject.name = profile.name;
    res.subject.national_id = profile.national_id;
    res.subject.programme = profile.programme;
    res.subject.entry_year = profile.entry_year;
    return res;
}

// ---- the programme audit, step by step ------------------------------------------------

// The as-of term (given, or the latest on the transcript) and the year of study it makes.
void set_as_of(const Subject& subject, const AuditOptions& options, AuditResult& res) {
    res.as_of = options.as_of;
    if (!res.as_of)
        for (const auto& r : subject.records)
            if (r.term && (!res.as_of || *res.as_of < *r.term)) res.as_of = r.term;
    if (res.as_of && subject.profile.entry_year)
        res.subject.year_of_study = res.as_of->year - *subject.profile.entry_year + 1;
}

// Step 1: each record's course, grade, tick and whether it can count; true when a grade is unreadable.
bool classify(const Model& m, const Subject& subject, const AuditOptions& options, const AuditResult& res,
              std::vector<Classified>& cls) {
    bool unreadable = false;
    for (std::size_t i = 0; i < subject.records.size(); ++i) {
        const Record& r = subject.records[i];
        Classified& c = cls[i];
        c.record = &r;
        c.course = m.course(r.code);
        c.canonical = c.course ? c.course->code : r.code;
        c.grade = read_grade(m.grading, r.grade, c.grade_value);
        c.selected = r.selected || contains(options.selected, r.code) ||
                     (!r.offering.empty() && contains(options.selected, r.offering));
        switch (c.grade) {
            case Grade::failed:
                c.exclusion = "failed";
                c.detail = "grade " + r.grade + " is below the pass mark " + fmt_number(m.grading.pass_mark);
                break;
            case Grade::withdrawn:
                c.exclusion = "withdrawn";
                c.detail = "withdrawn (" + r.grade + "): listed, 0 credits";
                break;
            case Grade::unreadable:
                c.exclusion = "invalid_grade";
                c.detail = "grade '" + r.grade + "' is neither a number from 0 to 100 nor a grade the rule set lists";
                unreadable = true;
                break;
            default:
                c.countable = true;
        }
        if (c.countable && res.as_of && r.term && *res.as_of < *r.term) {
            c.countable = false;
            c.exclusion = "after_as_of";
            c.detail = "taken after the as-of term " + format_term(*res.as_of);
        }
    }
    return unreadable;
}

// Repeats: one attempt per course counts (the best or the latest, as the rule set says).
void apply_repeats(const Model& m, std::vector<Classified>& cls) {
    std::map<std::string, std::vector<Classified*>> attempts;
    for (auto& c : cls)
        if (c.grade != Grade::withdrawn && c.grade != Grade::unreadable && c.exclusion != "after_as_of")
            attempts[c.canonical].push_back(&c);
    for (auto& [code, list] : attempts) {
        if (list.size() < 2) continue;
        Classified* keep = nullptr;
        auto later = [](const Classified* a, const Classified* b) {
            const Term ta = a->record->term.value_or(Term{}), tb = b->record->term.value_or(Term{});
            if (ta != tb) return tb < ta;
            return a->record->source_row > b->record->source_row;
        };
        for (Classified* c : list) {
            if (!keep) {
                keep = c;
                continue;
            }
            if (m.grading.repeats == detail::Repeats::latest) {
                if (later(c, keep)) keep = c;
            } else {
                // best: a pass beats in progress beats a failure; higher grade, then later.
                auto rank = [](const Classified* x) {
                    return x->grade == Grade::passed ? 2 : x->grade == Grade::in_progress ? 1 : 0;
                };
                if (rank(c) != rank(keep) ? rank(c) > rank(keep)
                    : c->grade_value != keep->grade_value ? c->grade_value > keep->grade_value
                                                          : later(c, keep))
                    keep = c;
            }
        }
        for (Classified* c : list) {
            if (c == keep || !c->countable) continue;
            c->countable = false;
            c->exclusion = "repeat";
            c->detail = "course " + code + " counts once; the attempt of " +
                        (keep->record->term ? format_term(*keep->record->term) : std::string("?")) + " counts (" +
                        (m.grading.repeats == detail::Repeats::best ? "best" : "latest") + " grade policy)";
        }
    }
}

// The countable records in a canonical order, so that the result does not depend on input order.
std::vector<const Classified*> countable_items(const std::vector<Classified>& cls) {
    std::vector<const Classified*> items;
    for (const auto& c : cls)
        if (c.countable) items.push_back(&c);
    std::stable_sort(items.begin(), items.end(), [](const Classified* a, const Classified* b) {
        const Term ta = a->record->term.value_or(Term{}), tb = b->record->term.value_or(Term{});
        if (ta != tb) return ta < tb;
        if (a->canonical != b->canonical) return a->canonical < b->canonical;
        return a->record->source_row < b->record->source_row;
    });
    return items;
}

// Countable records the allocation left unused: say why.
void exclude_unused(const Model& m, const std::vector<const Classified*>& items, const Solved& solved,
                    AuditResult& res) {
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (solved.used[i]) continue;
        const Classified& c = *items[i];
        Exclusion e;
        e.record = ref(c);
        bool eligible_somewhere = false;
        std::vector<const ReqNode*> stack{&m.root};
        while (!stack.empty()) {
            const ReqNode* n = stack.back();
            stack.pop_back();
            if (leaf_accepts(*n, c)) eligible_somewhere = true;
            for (const auto& ch : n->children) stack.push_back(&ch);
        }
        if (eligible_somewhere) {
            e.reason = "over_cap";
            e.detail = "a cap on credits or courses is reached; whole courses count only";
        } else if (!c.course && !c.selected) {
            e.reason = "outside_framework";
            e.detail = m.has_flexible ? "not in the entry-year framework; counts only if ticked as a flexible credit"
                                      : "not in the entry-year framework";
        } else if (!c.course) {
            e.reason = "not_eligible";
            e.detail = m.has_flexible ? "ticked, but the programme does not accept it as a flexible credit"
                                      : "ticked, but the programme has no flexible credits";
        } else {
            e.reason = "not_counted";
            e.detail = "no requirement accepts this course";
        }
        res.excluded.push_back(std::move(e));
    }
}

// Exclusions in term, code and row order.
void sort_exclusions(AuditResult& res) {
    // Sorted through an index: exclusions are heavy to move around a sort.
    std::vector<std::size_t> order(res.excluded.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    const auto& ex = res.excluded;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
        const RecordRef& a = ex[i].record;
        const RecordRef& b = ex[j].record;
        const Term ta = a.term.value_or(Term{}), tb = b.term.value_or(Term{});
        if (ta != tb) return ta < tb;
        if (a.code != b.code) return a.code < b.code;
        return a.source_row < b.source_row;
    });
    std::vector<Exclusion> sorted;
    sorted.reserve(order.size());
    for (std::size_t i : order) sorted.push_back(std::move(res.excluded[i]));
    res.excluded = std::move(sorted);
}

// Enrolled semesters: from the profile, else counted from the transcript's terms.
RequirementResult enrolled_semesters(const Model& m, const Subject& subject, AuditResult& res) {
    const Profile& profile = subject.profile;
    RequirementResult sem;
    sem.id = "semesters";
    sem.title = "在學學期數";
    sem.title_en = "Enrolled semesters";
    sem.kind = "semesters";
    sem.required.semesters = *m.eligibility.min_semesters;
    double n = 0;
    if (profile.semesters) {
        n = *profile.semesters;
    } else {
        std::set<int> terms;
        for (const auto& r : subject.records)
            if (r.term && (r.term->semester == 1 || r.term->semester == 2 ||
                           (r.term->semester == 3 && m.eligibility.count_summer)) &&
                (!res.as_of || *r.term <= *res.as_of))
                terms.insert(r.term->key());
        n = static_cast<double>(terms.size());
        add_flag(res, "semesters_from_records", "info",
                 "the profile gives no enrolled semesters; counted " + fmt_number(n) + " from the transcript",
                 "semesters");
    }
    sem.earned.semesters = n;
    sem.pending.semesters = 0;
    sem.remaining.semesters = std::max(0.0, *m.eligibility.min_semesters - n);
    sem.status = n >= *m.eligibility.min_semesters ? Status::met : Status::not_met;
    return sem;
}

// The profile and the cohort: no profile, a rule set not meant for the student, a legacy cohort.
// True when manual review decides.
bool flag_profile_and_cohort(const RuleSet& rules, const Model& m, const Profile& profile, AuditResult& res) {
    bool review = false;
    if (!profile.present) {
        add_flag(res, "no_profile", "warning", "no student profile was given: data checks and eligibility are incomplete");
    } else {
        std::string why;
        if (!rules.applies_to(profile, &why)) {
            add_flag(res, "ruleset_mismatch", "error", "rule set " + m.id + " does not apply to this student: " + why);
            review = true;
        }
    }
    const std::string& legacy = m.eligibility.legacy_before;
    if (!legacy.empty() && res.subject.id.size() >= legacy.size() && res.subject.id.compare(0, legacy.size(), legacy) < 0) {
        add_flag(res, "legacy_cohort", "warning",
                 "student ids before " + legacy + ": the classification is for reference only; manual review decides");
        review = true;
    }
    return review;
}

// An allocation search that ran out of budget; true when another placement could change the verdict.
bool flag_incomplete_allocation(const Solved& solved, Status status, AuditResult& res) {
    bool review = false;
    if (!solved.optimal && status != Status::met) {
        // Review only when another placement could change the verdict; otherwise the verdict is
        // proven and only the per-requirement figures shown might not be the best possible.
        const Status total_status = res.requirements.front().status;
        const bool others_met = std::all_of(res.requirements.begin() + 1, res.requirements.end(),
                                            [](const RequirementResult& r) { return r.status == Status::met; });
        const bool could_change =
            others_met && (solved.root_passed_undecided || (total_status == Status::not_met && solved.root_all_undecided));
        const std::string detail =
            could_change ? "the search budget ran out before proving whether this requirement can be met"
                         : "the search budget ran out; the overall result is proven, but another placement might meet "
                           "this requirement";
        for (const auto& id : solved.unresolved)
            add_flag(res, "allocation_incomplete", could_change ? "warning" : "info", detail, id);
        if (solved.unresolved.empty())
            add_flag(res, "allocation_incomplete", could_change ? "warning" : "info", detail, "total");
        review = review || could_change;
    }
    return review;
}

// Ticked flexible credits without the department's approval; true when the verdict depends on them.
bool flag_unapproved_flexible(const Model& m, const std::vector<const Classified*>& items, const Solved& solved,
                              long budget, Status status, AuditResult& res) {
    bool review = false;
    if (m.flexible_requires_approval && (status == Status::met || status == Status::met_pending)) {
        std::vector<const Classified*> approved_only;
        std::vector<std::string> unapproved;
        const ReqNode* flex = nullptr;
        for (const auto& ch : m.root.children)
            if (ch.flexible) flex = &ch;
        for (std::size_t i = 0; i < items.size(); ++i) {
            const bool is_flex = flex && leaf_accepts(*flex, *items[i]) && !items[i]->course;
            if (is_flex && !items[i]->record->approved) {
                if (solved.used[i]) unapproved.push_back(items[i]->record->code);
                continue;
            }
            approved_only.push_back(items[i]);
        }
        if (!unapproved.empty()) {
            Evaluator again(m, approved_only, budget);
            const Solved without = again.solve(m.root);
            const bool depends = status == Status::met ? !without.root_passed : !without.root_all;
            std::string codes;
            for (const auto& c : unapproved) codes += (codes.empty() ? "" : ", ") + c;
            add_flag(res, "flexible_needs_approval", "warning",
                     "ticked flexible credits need department approval: " + codes +
                         (depends ? "; the result depends on them" : "; the result does not depend on them"),
                     "flexible");
            review = review || depends;
        }
    }
    return review;
}

// Length of study and the teacher-education notice.
void flag_eligibility(const Model& m, const Profile& profile, Status status, AuditResult& res) {
    if (m.eligibility.max_years && res.subject.year_of_study && *res.subject.year_of_study >= *m.eligibility.max_years &&
        status == Status::not_met) {
        add_flag(res, "extension_required", "error",
                 "year " + std::to_string(*res.subject.year_of_study) + " of study (limit " +
                     std::to_string(*m.eligibility.max_years) +
                     " years) and the requirements are not met: an extension application is required");
    }
    if (m.eligibility.teacher_education_warning && profile.teacher_education_pending.value_or(false)) {
        add_flag(res, "teacher_education_pending", "warning",
                 "teacher-education student still needing teacher-education courses next semester: should not apply yet");
    }
}

}  // namespace

AuditResult detail::audit_hours_subject(const RuleSet& rules, const Subject& subject, const AuditOptions& options) {
    return audit_hours(rules, subject, options, start_result(rules.model(), subject));
}

AuditResult detail::audit_programme(const RuleSet& rules, const Subject& subject, const AuditOptions& options) {
    const Model& m = rules.model();
    AuditResult res = start_result(m, subject);
    const Profile& profile = subject.profile;
    set_as_of(subject, options, res);

    // 1. Classify.
    std::vector<Classified> cls(subject.records.size());
    const bool unreadable = classify(m, subject, options, res, cls);
    apply_repeats(m, cls);

    // 2. Allocate.
    const std::vector<const Classified*> items = countable_items(cls);
    const long budget = options.max_steps > 0 ? options.max_steps : m.max_steps;
    Evaluator ev(m, items, budget);
    Solved solved = ev.solve(m.root);
    RequirementResult total = assemble(m.root, solved.results);
    res.allocation.optimal = solved.optimal;
    res.allocation.steps = solved.steps;
    exclude_unused(m, items, solved, res);
    for (const auto& c : cls) {
        if (c.countable) continue;
        res.excluded.push_back({ref(c), c.exclusion, c.detail});
    }
    sort_exclusions(res);

    Status status = total.status;
    res.requirements.push_back(std::move(total));
    if (m.eligibility.min_semesters) {
        RequirementResult sem = enrolled_semesters(m, subject, res);
        status = combine(status, sem.status);
        res.requirements.push_back(std::move(sem));
    }

    // 3. Flags and the overall status.
    bool review = flag_profile_and_cohort(rules, m, profile, res);
    review = flag_incomplete_allocation(solved, status, res) || review;
    if (m.flexible_requires_approval && (status == Status::met || status == Status::met_pending))
        review = flag_unapproved_flexible(m, items, solved, budget, status, res) || review;
    flag_eligibility(m, profile, status, res);
    if (profile.present) run_checks(m, profile, res);
    if (unreadable) {
        for (const auto& c : cls)
            if (c.grade == Grade::unreadable)
                add_flag(res, "invalid_grade", "error",
                         "row " + std::to_string(c.record->source_row) + ": " + c.detail);
    }
    res.status = unreadable ? Status::invalid : review ? Status::needs_review : status;
    return res;
}

}  // namespace libaudit
