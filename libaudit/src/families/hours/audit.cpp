// kind: hours: one teacher's in-service sessions against an hours policy.
//
// 1. the as-of date, and each session classified: its rounded hours, whether it can count (date,
//    declared category, minimum length), duplicates of the same course on the same day;
// 2. the requirement tree over the allocator (evaluate/evaluator.hpp) with the hours policy below:
//    every leaf is shared, so each problem has one leaf and its sessions weigh what that leaf
//    measures (rounded hours, credits x rate, or credits), inside the leaf's period around the
//    as-of date; pro-rating scales a threshold by the months employed; a requirement outside the
//    teacher's role is met and shown as not applicable;
// 3. hours still missing on branch nodes, sessions not counted and why, flags and the status.
#include "families/hours/audit.hpp"

#include "base/number.hpp"
#include "evaluate/evaluator.hpp"
#include "evaluate/result.hpp"
#include "evaluate/still_needed.hpp"
#include "records/record_order.hpp"
#include "families/hours/load.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

std::string fmt_number(double v) { return format_g(v); }

DateRange period_range(const Period& p, Date as_of) {
    switch (p.kind) {
        case PeriodKind::school_year: return school_year_range(school_year_of(as_of));
        case PeriodKind::calendar_year: return calendar_year_range(ymd(as_of).year);
        case PeriodKind::school_years: return school_years_ending(school_year_of(as_of), p.count);
        case PeriodKind::years: return {add_days(add_years(as_of, -p.count), 1), as_of};
        case PeriodKind::none: break;
    }
    return {Date{std::numeric_limits<int>::min() / 2}, as_of};
}

// What an hours policy decides of its tree, for one teacher at one as-of date.
class HoursTreePolicy final : public TreePolicy {
public:
    HoursTreePolicy(const Model& m, Date as_of, const Profile& profile) : m_(m), as_of_(as_of), profile_(profile) {}

    // A leaf's measure of a session: its rounded hours, its credits converted where the leaf
    // measures hours and a rate is set, or its credits where the leaf measures credits.
    double measure(const ReqNode& leaf, const Classified& c) const {
        const Record& r = *c.record;
        if (leaf.min_credits) return r.credits;
        if (r.hours) return c.hours;
        const std::optional<double> rate = leaf.credit_hours ? leaf.credit_hours : m_.hours.credit_hours;
        return rate && r.credits > 0 ? r.credits * *rate : 0.0;
    }

    bool applicable(const ReqNode& n) const override { return n.roles.empty() || contains(n.roles, profile_.role); }

    // Full months employed in the period over the period's months.
    double factor(const ReqNode& n, RequirementResult* r) const override {
        if (!n.prorate || n.period.kind == PeriodKind::none) return 1;
        const DateRange p = period_range(n.period, as_of_);
        const Date from = profile_.employed_from && *profile_.employed_from > p.first ? *profile_.employed_from : p.first;
        const Date to = profile_.employed_to && *profile_.employed_to < p.last ? *profile_.employed_to : p.last;
        const int months = full_months(from, to);
        const int of = full_months(p.first, p.last);
        if (r) r->months = months, r->period_months = of;
        return of > 0 ? static_cast<double>(months) / of : 1;
    }

    bool accepts(const ReqNode& n, const Classified& c) const override {
        if (n.shape != Shape::pool || !matches(n.where, c) || measure(n, c) <= 0) return false;
        return c.record->date && period_range(n.period, as_of_).contains(*c.record->date);
    }

    // Every leaf is shared: a problem with items has one leaf, its root.
    double weight(const ReqNode& root, const Classified& c) const override {
        return root.children.empty() ? measure(root, c) : 0.0;
    }

    void describe(const ReqNode& n, RequirementResult& r) const override {
        const double f = factor(n, &r);
        if (n.min_credits) r.required.credits = *n.min_credits * f;
        if (n.min_hours) r.required.hours = *n.min_hours * f;
        if (n.period.kind != PeriodKind::none) r.period = period_range(n.period, as_of_);
    }

    // Hours (or credits, where a requirement asks credits) earned and still missing; a branch
    // shows what is missing only, and each session with what this requirement measured of it.
    void report(const ReqNode& n, const alloc::NodeState& st, const std::vector<const Classified*>& counted,
                RequirementResult& r) const override {
        const bool by_hours = !r.required.credits;
        (by_hours ? r.earned.hours : r.earned.credits) = from_weight(st.weight_passed);
        // Sessions whose attendee list is still under review (hours.list_states: pending).
        if (st.weight_all > st.weight_passed && n.children.empty())
            (by_hours ? r.pending.hours : r.pending.credits) = from_weight(st.weight_all - st.weight_passed);
        const std::optional<double>& req = by_hours ? r.required.hours : r.required.credits;
        if (req) (by_hours ? r.remaining.hours : r.remaining.credits) = std::max(0.0, *req - from_weight(st.weight_all));
        if (!n.children.empty()) r.earned = Amount{};
        r.counted.reserve(counted.size());
        for (const Classified* c : counted)
            r.counted.push_back(ref(*c, by_hours ? std::optional<double>(measure(n, *c)) : std::nullopt));
        if (n.children.empty()) r.by_school_year = by_school_year(n, counted, by_hours);
    }

    // A leaf whose period spans several school years: what counted in each of them, every year of
    // the period listed (a year with nothing counted shows 0).
    std::vector<YearFigure> by_school_year(const ReqNode& n, const std::vector<const Classified*>& counted,
                                           bool by_hours) const {
        std::vector<YearFigure> years;
        if (n.period.kind != PeriodKind::school_years && n.period.kind != PeriodKind::years) return years;
        const DateRange p = period_range(n.period, as_of_);
        const int first = school_year_of(p.first);
        const int last = school_year_of(p.last);
        if (first == last) return years;
        for (int y = first; y <= last; ++y) {
            const DateRange sy = school_year_range(y);
            YearFigure f{y, {std::max(sy.first, p.first), std::min(sy.last, p.last)}, {}, {}};
            (by_hours ? f.earned.hours : f.earned.credits) = 0.0;
            years.push_back(f);
        }
        for (const Classified* c : counted) {
            YearFigure& f = years[static_cast<std::size_t>(school_year_of(*c->record->date) - first)];
            Amount& a = c->grade == Grade::in_progress ? f.pending : f.earned;
            std::optional<double>& v = by_hours ? a.hours : a.credits;
            v = v.value_or(0.0) + measure(n, *c);
        }
        return years;
    }

private:
    const Model& m_;
    Date as_of_;
    const Profile& profile_;
};

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

// The session's attendee-list state when the rule set reads one and the export gives it (a
// session without it, or with it empty, is one whose hours are already issued).
const std::string* list_state(const Model& m, const Record& r) {
    if (m.hours.list_column.empty()) return nullptr;
    const auto it = r.extra.find(m.hours.list_column);
    return it == r.extra.end() || it->second.empty() ? nullptr : &it->second;
}

// Each session's rounded hours and whether it can count (date, as-of, declared category, minimum
// length); `unknown` collects undeclared categories, `dedupe` the sessions left for the duplicate check.
void classify_sessions(const Model& m, const Subject& subject, Date as_of, std::vector<Classified>& cls,
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
        auto exclude = [&](const char* reason, const char* message, MessageParams params) {
            c.countable = false;
            c.exclusion = reason;
            c.message = message;
            c.params = std::move(params);
        };
        if (!r.date) {
            exclude("no_date", "exclusion.no_date", {});
        } else if (*r.date > as_of) {
            exclude("after_as_of", "exclusion.after_as_of.date", {{"as_of", format_date(as_of)}});
        } else if (!m.hours.categories.empty() && !r.category.empty() && !contains(m.hours.categories, r.category)) {
            exclude("unknown_category", "exclusion.unknown_category", {{"category", r.category}});
            unknown.push_back(std::to_string(r.source_row) + ": " + r.category);
        } else if (r.hours && *r.hours < m.hours.min_session) {
            exclude("under_minimum", "exclusion.under_minimum", {{"minimum", fmt_number(m.hours.min_session)}});
        } else if (const std::string* state = list_state(m, r); state && contains(m.hours.list_rejected, *state)) {
            exclude("list_rejected", "exclusion.list_rejected", {{"state", *state}});
        } else if (state && !contains(m.hours.list_approved, *state) && !contains(m.hours.list_pending, *state)) {
            exclude("list_unknown", "exclusion.list_unknown", {{"state", *state}});
        } else {
            if (state && contains(m.hours.list_pending, *state)) c.grade = Grade::in_progress;
            dedupe.push_back(i);
        }
    }
}

// The same course on the same day as an earlier session counts once.
void exclude_duplicates(const Model& m, const Subject& subject, std::vector<std::size_t>& dedupe,
                        std::vector<Classified>& cls) {
    const bool same_day = m.hours.duplicate_same_day;
    // Duplicates: the same course on the same day as an earlier session (sorted, not hashed: no
    // key strings to build).
    std::stable_sort(dedupe.begin(), dedupe.end(), [&](std::size_t a, std::size_t b) {
        const Record& x = subject.records[a];
        const Record& y = subject.records[b];
        if (same_day && x.date != y.date) return x.date < y.date;
        if (x.code != y.code) return x.code < y.code;
        if (x.date != y.date) return x.date < y.date;
        if (x.hours != y.hours) return y.hours < x.hours;  // the one with the most hours counts
        if (const int c = compare_content(x, y)) return c < 0;
        return x.source_row < y.source_row;
    });
    for (std::size_t k = 1; k < dedupe.size(); ++k) {
        std::size_t first = k - 1;
        while (k < dedupe.size() &&
               (!same_day || subject.records[dedupe[k]].date == subject.records[dedupe[first]].date) &&
               subject.records[dedupe[k]].code == subject.records[dedupe[first]].code) {
            Classified& c = cls[dedupe[k]];
            c.countable = false;
            c.exclusion = "duplicate";
            c.message = same_day ? "exclusion.duplicate" : "exclusion.duplicate.course";
            c.params = {{"row", std::to_string(subject.records[dedupe[first]].source_row)}};
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
        if (const int c = compare_content(*a->record, *b->record)) return c < 0;
        return a->record->source_row < b->record->source_row;
    });
    return items;
}

// Sessions not counted, with why: excluded at classification, outside every period, or accepted nowhere.
void exclude_sessions(const Model& m, const std::vector<Classified>& cls, const std::vector<const Classified*>& items,
                      const Solved& solved, const HoursTreePolicy& policy, AuditResult& res) {
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
            if (n->shape == Shape::pool && matches(n->where, c) && policy.measure(*n, c) > 0) in_some_filter = true;
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
        if (const int c = compare_content(x, y)) return c < 0;
        if (x.source_row != y.source_row) return x.source_row < y.source_row;
        if (a.c->countable != b.c->countable) return a.c->countable;  // records built in code may share row 0
        return a.c < b.c;                                             // both point into `cls`
    });
    res.excluded.reserve(excluded.size());
    for (const Excluded& e : excluded) {
        const Classified& c = *e.c;
        if (!c.countable)
            res.excluded.push_back(exclusion(c));
        else if (e.outside_period)
            res.excluded.push_back(exclusion(ref(c), "outside_period", "exclusion.outside_period"));
        else
            res.excluded.push_back(exclusion(ref(c), "not_counted", "exclusion.not_counted.session"));
    }
}

// A policy not meant for this teacher: not applicable, nothing owed; the hours found still show.
Status apply_role(const Model& m, const Profile& profile, Status status, AuditResult& res) {
    MessageParams why;
    if (!hours_applies_to(m, profile, &why)) {
        why.insert(why.begin(), {"ruleset", m.id});
        add_flag(res, "not_applicable", "info", why);
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

// What a leaf still needed counts: the categories its filter names.
void name_categories(const std::vector<NodePair>& nodes) {
    for (const NodePair& p : nodes) {
        if (!p.result->still_needed || !p.rule->children.empty()) continue;
        for (const auto& c : p.rule->where.conditions)
            if (c.field == Field::category && !c.negate)
                for (const auto& v : c.values) p.result->still_needed->categories.push_back(v);
    }
}

// A plan is planned courses (code, term, credits): nothing places them in a period or gives their
// hours, so an hours audit cannot count them. The CLI refuses --plan here (U001); a host that passes
// one anyway (the C++ API, a mixed-folder batch) is told, never silently ignored (docs/what-if.md).
void plan_not_applied(const AuditOptions& options, AuditResult& res) {
    std::string courses;
    int count = 0;
    for (const Record& p : options.plan) {
        if (!p.subject_id.empty() && p.subject_id != res.subject.id) continue;
        courses += (courses.empty() ? "" : ", ") + p.code;
        ++count;
    }
    if (count > 0)
        add_flag(res, "plan_not_applied", "warning", {{"count", std::to_string(count)}, {"courses", courses}});
}

}  // namespace

// Classify the sessions, then the same allocation and evaluation as every rule set.
AuditResult audit_hours_subject(const RuleSet& rules, const Subject& subject, const AuditOptions& options) {
    const Model& m = rules.model();
    AuditResult res = start_result(m, subject);
    const Profile& profile = subject.profile;
    res.subject.role = profile.role;
    res.as_of.reset();
    res.as_of_date = hours_as_of(subject, options);

    std::vector<Classified> cls(subject.records.size());
    std::vector<std::string> unknown;
    std::vector<std::size_t> dedupe;  // sessions left after the checks above: the same code and date is a duplicate
    classify_sessions(m, subject, *res.as_of_date, cls, unknown, dedupe);
    exclude_duplicates(m, subject, dedupe, cls);
    ExceptionPlan plan = apply_exceptions(m, options.exceptions, res.subject.id, cls);
    const std::vector<const Classified*> items = countable_sessions(cls);
    const HoursTreePolicy policy(m, *res.as_of_date, profile);
    const long budget = options.max_steps > 0 ? options.max_steps : m.max_steps;
    Solved solved = plan.empty() ? Evaluator(policy, items, budget).solve(m.root)
                                 : solve_preferring(policy, items, budget, plan, m.root);
    RequirementResult total = assemble(m.root, solved.results);
    report_exceptions(plan, total, res);
    branch_hours(total, m.root);
    res.allocation.optimal = solved.optimal;
    res.allocation.steps = solved.steps;
    res.allocation.time_stopped = solved.time_stopped;
    res.allocation.verdict_by_ilp = solved.verdict_by_ilp;
    exclude_sessions(m, cls, items, solved, policy, res);
    Status status = total.status;
    res.requirements.push_back(std::move(total));

    if (!profile.present)
        add_flag(res, "no_profile", "warning", {}, {}, {}, "flag.no_profile.teacher");
    plan_not_applied(options, res);
    if (!unknown.empty()) {
        std::string list;
        for (const auto& u : unknown) list += (list.empty() ? "" : "; ") + u;
        add_flag(res, "unknown_category", "warning", {{"sessions", list}});
    }
    status = apply_role(m, profile, status, res);
    mark_still_needed(m.root, res.requirements.front());
    name_categories(flatten(m.root, res.requirements.front()));
    if (!solved.optimal && status != Status::met && status != Status::not_applicable) {
        add_flag(res, "allocation_incomplete", "warning", {{"requirement", "total"}}, "total", {},
                 "flag.allocation_incomplete.hours");
        status = Status::needs_review;
    }
    res.status = status;
    return res;
}

}}}  // namespace libaudit::v0::detail
