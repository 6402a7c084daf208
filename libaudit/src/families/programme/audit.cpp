// kind: programme: one student's transcript against the curriculum framework of the entry year.
//
// 1. classify every record: grade (passed / in progress / failed / withdrawn / unreadable), the
//    framework course it is (equivalents resolved), whether it is ticked as a flexible credit,
//    and which attempt of a repeated course counts;
// 2. the requirement tree over the allocator (evaluate/evaluator.hpp) with the programme policy
//    below: records weigh their credits, leaves accept the courses they list or select;
// 3. requirement results, exclusions with reasons, enrolled semesters, flags and a status.
#include "families/programme/audit.hpp"

#include <libaudit/validators.hpp>

#include "base/number.hpp"
#include "evaluate/evaluator.hpp"
#include "evaluate/result.hpp"
#include "evaluate/still_needed.hpp"
#include "records/record_order.hpp"
#include "families/programme/load.hpp"
#include "families/programme/still_needed.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

std::string fmt_number(double v) { return format_g(v); }

// A profile field's own message where the catalogue has one (the English name, which blocks the
// diploma, says how it must be written), else the generic one.
std::string field_message(const std::string& prefix, const std::string& field, const char* generic) {
    return has_message(Language::en, prefix + field) ? prefix + field : generic;
}

Grade read_grade(const Grading& g, const std::string& text, double& value) {
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
    if (const auto v = parse_number(text); v && *v >= 0 && *v <= 100) {
        value = *v;
        return *v + 1e-9 >= g.pass_mark ? Grade::passed : Grade::failed;
    }
    return Grade::unreadable;
}

const std::string& profile_field(const Profile& p, ProfileField field) {
    switch (field) {
    case ProfileField::name: return p.name;
    case ProfileField::english_name: return p.english_name;
    case ProfileField::national_id: return p.national_id;
    case ProfileField::email: return p.email;
    case ProfileField::mobile: break;
    }
    return p.mobile;
}

// A profile check's flag, with its effect in the params when it is not the default (warn); what
// it does to the status is returned through `effects`.
struct CheckEffects {
    bool block = false;
    bool review = false;
};

void check_flag(AuditResult& res, const Check& check, const std::string& what, MessageParams params,
                const std::string& message, CheckEffects& effects) {
    static const char* const names[] = {"warn", "block", "review"};
    if (check.effect != CheckEffect::warn) params.push_back({"effect", names[static_cast<int>(check.effect)]});
    const std::string severity = check.effect == CheckEffect::block ? "error" : check.severity;
    // A blocking check says so in its words (`<message>.block`: fix it before the audit counts).
    const std::string words = check.effect == CheckEffect::block ? message + ".block" : message;
    add_flag(res, what + "_" + check.field, severity, std::move(params), {}, check.field, words);
    if (check.effect == CheckEffect::block) effects.block = true;
    if (check.effect == CheckEffect::review) effects.review = true;
}

// One check on one value; false when the value fails it.
bool check_value(const Check& check, const Profile& p, const std::string& value, AuditResult& res,
                 CheckEffects& effects) {
    if (check.valid && !check.valid(value)) {
        check_flag(res, check, "invalid", {{"field", check.field}, {"validator", check.validator}},
                   field_message("flag.invalid_", check.field, "flag.invalid_value"), effects);
        return false;
    }
    if (check.match && !check.match(value)) {
        check_flag(res, check, "invalid", {{"field", check.field}, {"matches", check.matches}},
                   field_message("flag.matches_mismatch.", check.field, "flag.matches_mismatch"), effects);
        return false;
    }
    if (!check.pattern.empty()) {
        std::string expected = check.pattern;
        for (auto pos = expected.find("{student_id}"); pos != std::string::npos; pos = expected.find("{student_id}"))
            expected.replace(pos, 12, p.subject_id);
        if (!same_email(expected, value)) {
            check_flag(res, check, "invalid", {{"field", check.field}, {"expected", expected}}, "flag.pattern_mismatch",
                       effects);
            return false;
        }
    }
    return true;
}

// Whether a profile check is in force for the audit: `from` a term, as of that term or later;
// `from` a day, on the audit's day or later (the --as-of day, else the as-of term's last day).
bool in_force(const detail::Check& check, const AuditResult& res, const std::optional<Date>& as_of_day) {
    if (check.from) return res.as_of && !(*res.as_of < *check.from);
    if (!check.from_date) return true;
    std::optional<Date> day = as_of_day;
    if (!day && res.as_of)
        if (const auto range = term_range(*res.as_of)) day = range->last;
    return day && !(*day < *check.from_date);
}

CheckEffects run_checks(const Model& m, const Profile& p, AuditResult& res, const std::optional<Date>& as_of_day) {
    CheckEffects effects;
    for (const auto& check : m.checks) {
        if (!in_force(check, res, as_of_day)) continue;  // not yet in force
        const std::string& value = profile_field(p, check.which);
        if (value.empty()) {
            if (check.required)
                check_flag(res, check, "missing", {{"field", check.field}},
                           field_message("flag.missing_", check.field, "flag.missing_value"), effects);
            continue;
        }
        check_value(check, p, value, res, effects);
    }
    return effects;
}

// What a programme decides of its tree: records weigh their credits and count as courses; a
// leaf accepts the courses it lists or its filter selects; results in credits and courses.
class ProgrammeTreePolicy final : public TreePolicy {
public:
    bool accepts(const ReqNode& leaf, const Classified& c) const override { return leaf_accepts(leaf, c); }

    double weight(const ReqNode&, const Classified& c) const override { return c.record->credits; }

    void describe(const ReqNode& n, RequirementResult& r) const override {
        if (n.min_credits) r.required.credits = *n.min_credits;
        if (n.min_courses) r.required.courses = *n.min_courses;
        if (n.shape == Shape::courses && !n.min_credits && !n.min_courses)
            r.required.courses = static_cast<double>(n.courses.size());
        for (const auto& cap : n.caps) {
            if (!cap.where.conditions.empty()) continue;
            if (cap.max_credits) r.maximum.credits = *cap.max_credits;
            if (cap.max_courses) r.maximum.courses = *cap.max_courses;
        }
    }

    void report(const ReqNode&, const alloc::NodeState& st, const std::vector<const Classified*>& counted,
                RequirementResult& r) const override {
        r.earned.credits = from_weight(st.weight_passed);
        r.earned.courses = st.count_passed;
        r.pending.credits = from_weight(st.weight_all - st.weight_passed);
        r.pending.courses = st.count_all - st.count_passed;
        if (r.required.credits) r.remaining.credits = std::max(0.0, *r.required.credits - from_weight(st.weight_all));
        if (r.required.courses) r.remaining.courses = std::max(0.0, *r.required.courses - st.count_all);
        r.counted.reserve(counted.size());
        for (const Classified* c : counted) r.counted.push_back(ref(*c));
    }
};

// The as-of term (given, or the latest on the transcript) and the year of study it makes.
void set_as_of(const Subject& subject, const AuditOptions& options, AuditResult& res) {
    res.as_of = options.as_of;
    if (!res.as_of)
        for (const auto& r : subject.records)
            if (r.term && (!res.as_of || *res.as_of < *r.term)) res.as_of = r.term;
    if (res.as_of && subject.profile.entry_year)
        res.subject.year_of_study = res.as_of->year - *subject.profile.entry_year + 1;
}

// What-if (docs/what-if.md): the subject with the plan's courses for it added as in progress, in
// `copy` (the subject itself when there is no plan). A planned course already passed is not added
// (a warning); one the rule set does not know is added, with a warning; a flag lists the others.
const Subject& with_plan(const Model& m, const Subject& subject, const AuditOptions& options, Subject& copy,
                         AuditResult& res) {
    if (options.plan.empty()) return subject;
    copy.profile = subject.profile;
    copy.records = subject.records;
    auto canonical = [&m](const std::string& code) {
        const Course* c = m.course(code);
        return c ? c->code : code;
    };
    std::string courses;
    int count = 0;
    for (const Record& p : options.plan) {
        if (!p.subject_id.empty() && p.subject_id != res.subject.id) continue;
        const std::string code = canonical(p.code);
        const auto passed = std::find_if(subject.records.begin(), subject.records.end(), [&](const Record& r) {
            double value = 0;
            return canonical(r.code) == code && read_grade(m.grading, r.grade, value) == Grade::passed;
        });
        if (passed != subject.records.end()) {
            add_flag(res, "plan_already_passed", "warning",
                     {{"code", p.code}, {"term", passed->term ? format_term(*passed->term) : "?"}, {"grade", passed->grade}});
            continue;
        }
        if (!m.course(p.code)) add_flag(res, "plan_unknown_course", "warning", {{"code", p.code}});
        copy.records.push_back(p);
        copy.records.back().subject_id = res.subject.id;
        courses += (courses.empty() ? "" : ", ") + p.code;
        ++count;
    }
    if (count > 0) {
        add_flag(res, "planned_courses", "info", {{"count", std::to_string(count)}, {"courses", courses}});
        res.what_if = AuditResult::WhatIf{};
        res.what_if->planned = count;
    }
    return copy;
}

std::string semester_list(const std::vector<int>& semesters) {
    std::string out;
    for (int s : semesters) out += (out.empty() ? "" : ", ") + std::to_string(s);
    return out;
}

// Step 1: each record's course, grade, tick and whether it can count; true when a grade is unreadable
// or a term's semester digit is one the rule set does not allow (records.term_semesters).
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
                c.message = "exclusion.failed";
                c.params = {{"grade", r.grade}, {"pass_mark", fmt_number(m.grading.pass_mark)}};
                break;
            case Grade::withdrawn:
                c.exclusion = "withdrawn";
                c.message = "exclusion.withdrawn";
                c.params = {{"grade", r.grade}};
                break;
            case Grade::unreadable:
                c.exclusion = "invalid_grade";
                c.message = "exclusion.invalid_grade";
                c.params = {{"grade", r.grade}};
                unreadable = true;
                break;
            default:
                c.countable = true;
        }
        if (c.grade != Grade::unreadable && r.term && !m.term_semesters.empty() &&
            std::find(m.term_semesters.begin(), m.term_semesters.end(), r.term->semester) == m.term_semesters.end()) {
            c.countable = false;
            c.exclusion = "term_semester";
            c.message = "exclusion.term_semester";
            c.params = {{"term", format_term(*r.term)}, {"semester", std::to_string(r.term->semester)},
                        {"allowed", semester_list(m.term_semesters)}};
            unreadable = true;
        }
        if (c.countable && res.as_of && r.term && *res.as_of < *r.term && !r.planned) {
            c.countable = false;
            c.exclusion = "after_as_of";
            c.message = "exclusion.after_as_of.term";
            c.params = {{"as_of", format_term(*res.as_of)}};
        }
    }
    return unreadable;
}

// Which of two attempts of one course counts: a pass beats in progress beats a failure (for
// `latest`, only between attempts of the same term, whose order the transcript cannot tell), then
// the higher grade, then (`latest`) the later term; equal on all that, the content order, so that
// the choice never depends on the order of the rows.
bool counts_before(Repeats policy, const Classified& a, const Classified& b) {
    auto rank = [](const Classified& x) { return x.grade == Grade::passed ? 2 : x.grade == Grade::in_progress ? 1 : 0; };
    const Term ta = a.record->term.value_or(Term{}), tb = b.record->term.value_or(Term{});
    if (policy == Repeats::latest && ta != tb) return tb < ta;
    if (rank(a) != rank(b)) return rank(a) > rank(b);
    if (a.grade_value != b.grade_value) return a.grade_value > b.grade_value;
    if (ta != tb) return tb < ta;
    if (const int c = compare_content(*a.record, *b.record)) return c < 0;
    return a.record->source_row < b.record->source_row;  // the same record twice: either is the same
}

// Repeats: one attempt per course counts (the best or the latest, as the rule set says). Attempts
// of one course in the same term are flagged: the transcript cannot say which came last.
void apply_repeats(const Model& m, std::vector<Classified>& cls, AuditResult& res) {
    // The attempts grouped by course (codes in order, each course's attempts in row order): a
    // stable sort of pointers instead of a map of vectors, the same order without a node each.
    std::vector<Classified*> attempts;
    attempts.reserve(cls.size());
    for (auto& c : cls)
        if (c.grade != Grade::withdrawn && c.grade != Grade::unreadable && c.exclusion != "after_as_of")
            attempts.push_back(&c);
    std::stable_sort(attempts.begin(), attempts.end(),
                     [](const Classified* a, const Classified* b) { return a->canonical < b->canonical; });
    std::vector<Term> terms;
    for (auto first = attempts.begin(); first != attempts.end();) {
        const std::string& code = (*first)->canonical;
        const auto last = std::find_if(first, attempts.end(), [&](const Classified* c) { return c->canonical != code; });
        const auto list = first;
        first = last;
        if (last - list < 2) continue;
        Classified* keep = *list;
        for (auto c = list; c != last; ++c)
            if (counts_before(m.grading.repeats, **c, *keep)) keep = *c;
        // Terms with two attempts or more, each once, in term order.
        terms.clear();
        for (auto c = list; c != last; ++c)
            if ((*c)->record->term) terms.push_back(*(*c)->record->term);
        std::sort(terms.begin(), terms.end());
        for (std::size_t i = 1; i < terms.size(); ++i)
            if (terms[i] == terms[i - 1] && (i < 2 || terms[i - 2] != terms[i]))
                add_flag(res, "same_term_attempts", "warning", {{"course", code}, {"term", format_term(terms[i])}});
        const std::string kept_term = keep->record->term ? format_term(*keep->record->term) : std::string("?");
        for (auto it = list; it != last; ++it) {
            Classified* c = *it;
            if (c == keep || !c->countable) continue;
            c->countable = false;
            c->exclusion = "repeat";
            c->message = m.grading.repeats == Repeats::best ? "exclusion.repeat.best" : "exclusion.repeat.latest";
            c->params = {{"course", code}, {"term", kept_term}};
        }
    }
}

// later_courses: a countable record of a course only a later cohort's framework has is held for
// manual review (the department decides; its `approved` column records a decision to count it as
// an outside course). One flag per course names it and its credits. True when any is held.
bool hold_later_courses(const Model& m, std::vector<Classified>& cls, AuditResult& res) {
    bool held = false;
    for (auto& c : cls) {
        if (!c.countable || c.course || c.record->approved) continue;
        const auto it = std::find_if(m.later_courses.begin(), m.later_courses.end(),
                                     [&](const LaterCourse& lc) { return lc.code == c.record->code; });
        if (it == m.later_courses.end()) continue;
        c.countable = false;
        c.exclusion = "needs_review";
        c.message = "exclusion.later_course";
        c.params = {{"course", c.record->code}, {"entry_year", std::to_string(it->entry_year)}};
        add_flag(res, "later_course", "warning",
                 {{"course", c.record->code},
                  {"title", c.record->title},
                  {"credits", fmt_number(c.record->credits)},
                  {"entry_year", std::to_string(it->entry_year)}});
        held = true;
    }
    return held;
}

// flexible.order: ticked flexible courses fill the cap in the department's order, whole courses
// only (one that does not fit is passed over for a later, smaller one). The rest are over the cap.
// Returns the ticked credits when they exceed the cap (whether or not an order is given).
std::optional<double> order_flexible(const Model& m, std::vector<Classified>& cls) {
    const ReqNode* flex = nullptr;
    for (const auto& ch : m.root.children)
        if (ch.flexible) flex = &ch;
    if (!flex || flex->caps.empty() || !flex->caps.front().max_credits) return std::nullopt;
    const double cap = *flex->caps.front().max_credits;
    std::vector<Classified*> ticked;
    double total = 0;
    for (auto& c : cls)
        if (c.countable && !c.course && leaf_accepts(*flex, c)) ticked.push_back(&c), total += c.record->credits;
    if (total <= cap + 1e-9) return std::nullopt;
    std::stable_sort(ticked.begin(), ticked.end(), [&](const Classified* a, const Classified* b) {
        for (FlexOrderKey k : m.flexible_order) {
            const Term ta = a->record->term.value_or(Term{}), tb = b->record->term.value_or(Term{});
            switch (k) {
            case FlexOrderKey::term: if (ta != tb) return ta < tb; break;
            case FlexOrderKey::term_desc: if (ta != tb) return tb < ta; break;
            case FlexOrderKey::code: if (a->canonical != b->canonical) return a->canonical < b->canonical; break;
            case FlexOrderKey::row: if (a->record->source_row != b->record->source_row) return a->record->source_row < b->record->source_row; break;
            case FlexOrderKey::credits: if (a->record->credits != b->record->credits) return a->record->credits < b->record->credits; break;
            case FlexOrderKey::credits_desc: if (a->record->credits != b->record->credits) return a->record->credits > b->record->credits; break;
            }
        }
        return false;
    });
    if (m.flexible_order.empty()) return total;
    double left = cap;
    for (Classified* c : ticked) {
        if (c->record->credits <= left + 1e-9) {
            left -= c->record->credits;
            continue;
        }
        c->countable = false;
        c->exclusion = "over_cap";
        c->message = "exclusion.over_cap.order";
        c->params = {{"cap", fmt_number(cap)}};
    }
    return total;
}

// The flexible cap exceeded: ticked credits, the cap, the excess and the credits counted (passed
// and in progress) after allocation.
void flag_flexible_cap(const Model& m, double ticked, const RequirementResult& total, AuditResult& res) {
    for (const auto& ch : m.root.children) {
        if (!ch.flexible) continue;
        const double cap = *ch.caps.front().max_credits;
        double counted = 0;
        for (const auto& r : total.children)
            if (r.id == ch.id) counted = r.earned.credits.value_or(0) + r.pending.credits.value_or(0);
        add_flag(res, "flexible_cap_exceeded", "info",
                 {{"ticked", fmt_number(ticked)},
                  {"cap", fmt_number(cap)},
                  {"excess", fmt_number(ticked - cap)},
                  {"counted", fmt_number(counted)}},
                 ch.id, {}, m.flexible_order.empty() ? "flag.flexible_cap_exceeded" : "flag.flexible_cap_exceeded.order");
    }
}

// Credits ticked for the flexible requirement (countable, outside the framework, accepted by it),
// before the cap's order sets any aside; nullopt without a flexible requirement.
std::optional<double> ticked_flexible(const Model& m, const std::vector<Classified>& cls) {
    const ReqNode* flex = nullptr;
    for (const auto& ch : m.root.children)
        if (ch.flexible) flex = &ch;
    if (!flex) return std::nullopt;
    double total = 0;
    for (const auto& c : cls)
        if (c.countable && !c.course && leaf_accepts(*flex, c)) total += c.record->credits;
    return total;
}

// The figures the department office checks by hand: flexible credits ticked, counted, capped and
// unapproved; credits held for its decision.
void set_figures(const Model& m, std::optional<double> ticked, const std::vector<const Classified*>& items,
                 const Solved& solved, AuditResult& res) {
    CreditFigures f;
    for (const auto& e : res.excluded)
        if (e.reason == "needs_review") f.awaiting_review += e.record.credits, f.awaiting_courses.push_back(e.record.code);
    if (ticked && *ticked > 0) {
        const ReqNode* flex = nullptr;
        for (const auto& ch : m.root.children)
            if (ch.flexible) flex = &ch;
        f.flexible_ticked = *ticked;
        f.flexible_counted = 0.0;
        for (const auto& r : res.requirements.front().children)
            if (r.id == flex->id) f.flexible_counted = r.earned.credits.value_or(0) + r.pending.credits.value_or(0);
        if (!flex->caps.empty() && flex->caps.front().max_credits) f.flexible_cap = *flex->caps.front().max_credits;
        if (m.flexible_requires_approval) {
            f.flexible_unapproved = 0.0;
            for (std::size_t i = 0; i < items.size(); ++i)
                if (solved.used[i] && !items[i]->course && !items[i]->record->approved && leaf_accepts(*flex, *items[i]))
                    *f.flexible_unapproved += items[i]->record->credits;
        }
    }
    if (f.flexible_ticked || f.awaiting_review > 0) res.figures = std::move(f);
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
        if (const int c = compare_content(*a->record, *b->record)) return c < 0;
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
        bool eligible_somewhere = false;
        std::vector<const ReqNode*> stack{&m.root};
        while (!stack.empty()) {
            const ReqNode* n = stack.back();
            stack.pop_back();
            if (leaf_accepts(*n, c)) eligible_somewhere = true;
            for (const auto& ch : n->children) stack.push_back(&ch);
        }
        const char* reason = eligible_somewhere    ? "over_cap"
                             : !c.course && !c.selected ? "outside_framework"
                             : !c.course                ? "not_eligible"
                                                        : "not_counted";
        std::string message = std::string("exclusion.") + reason;
        if (!eligible_somewhere && !c.course) message += m.has_flexible ? ".flexible" : ".no_flexible";
        res.excluded.push_back(exclusion(ref(c), reason, message));
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
        const auto ka = std::tie(a.offering, a.title, a.credits, a.grade, a.in_progress);
        const auto kb = std::tie(b.offering, b.title, b.credits, b.grade, b.in_progress);
        if (ka != kb) return ka < kb;  // attempts in one term: by what they say, not by row
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
    sem.title = message_text(Language::zh_TW, "report.programme.semesters_title");
    sem.title_en = message_text(Language::en, "report.programme.semesters_title");
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
        add_flag(res, "semesters_from_records", "info", {{"count", fmt_number(n)}}, "semesters");
    }
    sem.earned.semesters = n;
    sem.pending.semesters = 0;
    sem.remaining.semesters = std::max(0.0, *m.eligibility.min_semesters - n);
    sem.status = n >= *m.eligibility.min_semesters ? Status::met : Status::not_met;
    if (sem.status == Status::not_met) {
        sem.still_needed.emplace();
        sem.still_needed->missing.semesters = sem.remaining.semesters;
    }
    return sem;
}

// The profile and the cohort: no profile, a rule set not meant for the student, a legacy cohort.
// True when manual review decides.
// What-if against another framework: said in a flag and the result (the profile's own framework is
// not the one audited against, so that is no mismatch).
void flag_what_if(const Model& m, const Profile& profile, const AuditOptions& options, AuditResult& res) {
    if (!options.what_if_framework()) return;
    if (!res.what_if) res.what_if = AuditResult::WhatIf{};
    res.what_if->entry_year = options.as_entry_year;
    res.what_if->rule_set = options.rule_set;
    if (!options.as_entry_year) return add_flag(res, "what_if_framework", "info", {{"ruleset", m.id}});
    add_flag(res, "what_if_framework", "info",
             {{"entry_year", std::to_string(*options.as_entry_year)}, {"ruleset", m.id},
              {"profile_entry_year", profile.entry_year ? std::to_string(*profile.entry_year) : "none"}},
             {}, {}, "flag.what_if_framework.entry_year");
}

bool flag_profile_and_cohort(const Model& m, const Profile& profile, bool what_if, AuditResult& res) {
    bool review = false;
    if (!profile.present) {
        add_flag(res, "no_profile", "warning", {}, {}, {}, "flag.no_profile.student");
    } else if (!what_if) {
        MessageParams why;
        if (!programme_applies_to(m, profile, &why)) {
            why.insert(why.begin(), {"ruleset", m.id});
            add_flag(res, "ruleset_mismatch", "error", why);
            review = true;
        }
    }
    const std::string& legacy = m.eligibility.legacy_before;
    if (!legacy.empty() && res.subject.id.size() >= legacy.size() && res.subject.id.compare(0, legacy.size(), legacy) < 0) {
        add_flag(res, "legacy_cohort", "warning", {{"before", legacy}});
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
        const char* message = could_change ? "flag.allocation_incomplete" : "flag.allocation_incomplete.proven";
        for (const auto& id : solved.unresolved)
            add_flag(res, "allocation_incomplete", could_change ? "warning" : "info", {{"requirement", id}}, id, {}, message);
        if (solved.unresolved.empty())
            add_flag(res, "allocation_incomplete", could_change ? "warning" : "info", {{"requirement", "total"}}, "total",
                     {}, message);
        review = review || could_change;
    }
    return review;
}

// Ticked flexible credits without the department's approval; true when the verdict depends on them.
bool flag_unapproved_flexible(const Model& m, const std::vector<const Classified*>& items, const Solved& solved,
                              long budget, const Adjustments* adjust, Status status, AuditResult& res) {
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
            const Solved without = Evaluator(ProgrammeTreePolicy{}, approved_only, budget, adjust).solve(m.root);
            const bool depends = status == Status::met ? !without.root_passed : !without.root_all;
            std::string codes;
            for (const auto& c : unapproved) codes += (codes.empty() ? "" : ", ") + c;
            add_flag(res, "flexible_needs_approval", "warning", {{"courses", codes}}, "flexible", {},
                     depends ? "flag.flexible_needs_approval" : "flag.flexible_needs_approval.not_decisive");
            review = review || depends;
        }
    }
    return review;
}

// eligibility.application_windows: an application sent (the profile's `submitted`) outside the
// as-of term's window goes to manual review. True when it does.
bool flag_application_window(const Model& m, const Profile& profile, AuditResult& res) {
    if (!profile.submitted || !res.as_of) return false;
    for (const auto& w : m.eligibility.application_windows) {
        if (w.term != *res.as_of) continue;
        if (w.days.contains(*profile.submitted)) return false;
        add_flag(res, "outside_application_window", "warning",
                 {{"submitted", format_roc_date(*profile.submitted)},
                  {"term", format_term(w.term)},
                  {"first", format_roc_date(w.days.first)},
                  {"last", format_roc_date(w.days.last)}});
        return true;
    }
    return false;
}

// Length of study and the teacher-education notice.
void flag_eligibility(const Model& m, const Profile& profile, Status status, AuditResult& res) {
    if (m.eligibility.max_years && res.subject.year_of_study && *res.subject.year_of_study >= *m.eligibility.max_years &&
        status == Status::not_met) {
        add_flag(res, "extension_required", "error",
                 {{"year", std::to_string(*res.subject.year_of_study)}, {"limit", std::to_string(*m.eligibility.max_years)}});
    }
    if (m.eligibility.teacher_education_warning && profile.teacher_education_pending.value_or(false)) {
        add_flag(res, "teacher_education_pending", "warning");
    }
}

}  // namespace

AuditResult audit_programme(const RuleSet& rules, const Subject& subject, const AuditOptions& options) {
    const Model& m = rules.model();
    AuditResult res = start_result(m, subject);
    const Profile& profile = subject.profile;
    set_as_of(subject, options, res);
    Subject planned;
    const Subject& audited = with_plan(m, subject, options, planned, res);

    // 1. Classify.
    std::vector<Classified> cls(audited.records.size());
    const bool unreadable = classify(m, audited, options, res, cls);
    apply_repeats(m, cls, res);
    const bool held = hold_later_courses(m, cls, res);
    ExceptionPlan plan = apply_exceptions(m, options.exceptions, res.subject.id, cls);
    const std::optional<double> ticked_all = ticked_flexible(m, cls);
    const std::optional<double> ticked = order_flexible(m, cls);

    // 2. Allocate.
    const std::vector<const Classified*> items = countable_items(cls);
    const long budget = options.max_steps > 0 ? options.max_steps : m.max_steps;
    Solved solved = plan.empty() ? Evaluator(ProgrammeTreePolicy{}, items, budget).solve(m.root)
                                 : solve_preferring(ProgrammeTreePolicy{}, items, budget, plan, m.root);
    RequirementResult total = assemble(m.root, solved.results);
    report_exceptions(plan, total, res);
    mark_still_needed(m.root, total);
    offer_courses(m, cls, total);
    if (ticked) flag_flexible_cap(m, *ticked, total, res);
    res.allocation.optimal = solved.optimal;
    res.allocation.steps = solved.steps;
    res.allocation.time_stopped = solved.time_stopped;
    res.allocation.verdict_by_ilp = solved.verdict_by_ilp;
    res.excluded.reserve(cls.size());  // each record is excluded at most once
    exclude_unused(m, items, solved, res);
    for (auto& c : cls) {
        if (c.countable) continue;
        res.excluded.push_back(exclusion(ref(c), c.exclusion, c.message, std::move(c.params)));  // params not read again
    }
    sort_exclusions(res);

    Status status = total.status;
    res.requirements.push_back(std::move(total));
    set_figures(m, ticked_all, items, solved, res);
    if (m.eligibility.min_semesters) {
        RequirementResult sem = enrolled_semesters(m, subject, res);
        status = combine(status, sem.status);
        res.requirements.push_back(std::move(sem));
    }

    // 3. Flags and the overall status.
    flag_what_if(m, profile, options, res);
    bool review = flag_profile_and_cohort(m, profile, options.what_if_framework(), res);
    review = flag_incomplete_allocation(solved, status, res) || review;
    if (m.flexible_requires_approval && (status == Status::met || status == Status::met_pending))
        review = flag_unapproved_flexible(m, items, solved, budget, &plan.adjust, status, res) || review;
    flag_eligibility(m, profile, status, res);
    review = flag_application_window(m, profile, res) || held || review;
    const CheckEffects effects = profile.present ? run_checks(m, profile, res, options.as_of_date) : CheckEffects{};
    review = review || effects.review;
    if (unreadable) {
        for (const auto& c : cls)
            if (c.grade == Grade::unreadable)
                add_flag(res, "invalid_grade", "error",
                         {{"row", std::to_string(c.record->source_row)}, {"grade", c.record->grade}});
            else if (c.exclusion == "term_semester")
                add_flag(res, "term_semester", "error",
                         {{"row", std::to_string(c.record->source_row)}, {"term", format_term(*c.record->term)},
                          {"semester", std::to_string(c.record->term->semester)},
                          {"allowed", semester_list(m.term_semesters)}});
    }
    res.status = unreadable || effects.block ? Status::invalid : review ? Status::needs_review : status;
    return res;
}

}}}  // namespace libaudit::v0::detail
