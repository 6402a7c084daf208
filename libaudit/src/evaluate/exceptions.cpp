// Exceptions between classification and allocation (evaluate/exceptions.hpp).
#include "evaluate/exceptions.hpp"

#include "base/number.hpp"
#include "evaluate/result.hpp"

#include <algorithm>

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

void leaves_under(const ReqNode& n, std::vector<const ReqNode*>& out) {
    if (n.children.empty()) out.push_back(&n);
    for (const auto& c : n.children) leaves_under(c, out);
}

ExceptionOutcome start_outcome(const AuditException& e) {
    ExceptionOutcome o;
    o.id = e.id;
    o.kind = to_string(e.kind);
    o.requirement = e.requirement;
    o.course = e.course;
    o.author = e.author;
    o.date = e.date;
    o.reason = e.reason;
    o.approved_by = e.approved_by;
    return o;
}

// The subject's records an exception names (course code as written or its framework code, and
// the term when given): the counting ones, or, when none counts, why not.
struct Matched {
    std::vector<Classified*> countable;
    const Classified* other = nullptr;  // a record of the course that does not count
};
Matched match_records(const AuditException& e, std::vector<Classified>& cls) {
    Matched m;
    for (auto& c : cls) {
        if (c.record->code != e.course && c.canonical != e.course) continue;
        if (e.term && (!c.record->term || *c.record->term != *e.term)) continue;
        if (c.countable) m.countable.push_back(&c);
        else if (!m.other) m.other = &c;
    }
    return m;
}

// The requirement an exception targets, following the rule set's renames; null (and the outcome
// set to not matched) when the rule set has no such requirement.
const ReqNode* target(const Model& m, const AuditException& e, ExceptionOutcome& o) {
    if (const ReqNode* n = find_requirement(m.root, e.requirement)) return n;
    if (auto it = m.renamed.find(e.requirement); it != m.renamed.end())
        if (const ReqNode* n = find_requirement(m.root, it->second)) {
            o.renamed_from = e.requirement;
            o.requirement = it->second;
            return n;
        }
    set_outcome(o, "not_matched", "why.unknown_requirement", {{"requirement", e.requirement}, {"ruleset", m.id}});
    return nullptr;
}

// Records not found: the outcome says whether the course is not on the transcript or does not count.
bool records_found(const AuditException& e, const Matched& found, ExceptionOutcome& o) {
    if (!found.countable.empty()) return true;
    MessageParams p{{"course", e.course}, {"term", e.term ? format_term(*e.term) : std::string()}};
    if (found.other) {
        p.push_back({"why", found.other->exclusion});
        set_outcome(o, "not_matched", "why.record_not_counted", std::move(p));
    } else {
        set_outcome(o, "not_matched", e.term ? "why.no_record_term" : "why.no_record", std::move(p));
    }
    return false;
}

// A copy of the record the exception changes, for every countable record of it.
Record& own_copy(ExceptionPlan& plan, Classified& c) {
    plan.records.push_back(*c.record);
    c.record = &plan.records.back();
    return plan.records.back();
}

void apply_threshold(const ReqNode& n, const AuditException& e, ExceptionPlan& plan, ExceptionOutcome& o) {
    Adjustment& a = plan.adjust[&n];
    a.ids.push_back(e.id);
    if (e.kind == ExceptionKind::waive) {
        a.waived = true;
        set_outcome(o, "applied", "effect.waive", {{"requirement", o.requirement}});
        return;
    }
    const char* unit = e.min_credits ? "credits" : e.min_courses ? "courses" : "hours";
    double from = -1;  // none
    if (e.min_credits && n.min_credits) from = *n.min_credits;
    if (e.min_hours && n.min_hours) from = *n.min_hours;
    if (e.min_courses && n.min_courses) from = *n.min_courses;
    if (e.min_courses && !n.min_courses && n.shape == Shape::courses) from = static_cast<double>(n.courses.size());
    const double to = e.min_credits ? *e.min_credits : e.min_courses ? *e.min_courses : *e.min_hours;
    (e.min_credits ? a.min_credits : e.min_courses ? a.min_courses : a.min_hours) = to;
    MessageParams p{{"requirement", o.requirement}, {"unit", unit}, {"from", from < 0 ? std::string("-") : format_g(from)}, {"to", format_g(to)}};
    set_outcome(o, "applied", "effect.reduce", std::move(p));
}

// Substitute, force and prefer: the leaves under the requirement that take the record.
bool place(const Model& m, const ReqNode& n, const AuditException& e, const Matched& found, ExceptionPlan& plan,
           ExceptionOutcome& o) {
    std::vector<const ReqNode*> leaves;
    leaves_under(n, leaves);
    if (e.kind == ExceptionKind::substitute) {
        Classified as = *found.countable.front();
        as.course = m.course(e.replaces);
        as.canonical = as.course ? as.course->code : e.replaces;
        leaves.erase(std::remove_if(leaves.begin(), leaves.end(), [&](const ReqNode* l) { return !leaf_accepts(*l, as); }),
                     leaves.end());
        if (leaves.empty()) {
            set_outcome(o, "not_matched", "why.not_in_requirement",
                        {{"course", e.replaces}, {"requirement", o.requirement}});
            return false;
        }
    }
    if (e.kind == ExceptionKind::prefer) {
        plan.prefer.push_back({plan.outcomes.size(), found.countable, leaves});
        set_outcome(o, "applied", "effect.prefer", {{"course", e.course}, {"requirement", o.requirement}});
        return true;
    }
    for (Classified* c : found.countable) {
        c->extra_leaves.insert(c->extra_leaves.end(), leaves.begin(), leaves.end());
        c->only_extra = c->only_extra || e.kind == ExceptionKind::force;
    }
    if (e.kind == ExceptionKind::force)
        set_outcome(o, "applied", "effect.force", {{"course", e.course}, {"requirement", o.requirement}});
    else
        set_outcome(o, "applied", "effect.substitute",
                    {{"course", e.course}, {"replaces", e.replaces}, {"requirement", o.requirement}});
    return true;
}

void apply_to_records(const Model& m, const AuditException& e, const Matched& found, ExceptionPlan& plan,
                      ExceptionOutcome& o) {
    if (e.kind == ExceptionKind::allow) {
        if (!m.has_flexible) {
            set_outcome(o, "not_matched", "why.no_flexible", {{"course", e.course}});
            return;
        }
        for (Classified* c : found.countable) {
            own_copy(plan, *c).approved = true;
            c->selected = true;
        }
        set_outcome(o, "applied", "effect.allow", {{"course", e.course}});
        return;
    }
    const double from = found.countable.front()->record->credits;
    for (Classified* c : found.countable) own_copy(plan, *c).credits = *e.credits;
    set_outcome(o, "applied", "effect.credits",
                {{"course", e.course}, {"from", format_g(from)}, {"to", format_g(*e.credits)}});
}

void apply_one(const Model& m, const AuditException& e, std::vector<Classified>& cls, ExceptionPlan& plan) {
    ExceptionOutcome o = start_outcome(e);
    const bool on_requirement = !e.requirement.empty();
    const ReqNode* n = on_requirement ? target(m, e, o) : nullptr;
    if (on_requirement && !n) {
        plan.outcomes.push_back(std::move(o));
        return;
    }
    if (e.kind == ExceptionKind::waive || e.kind == ExceptionKind::reduce) {
        apply_threshold(*n, e, plan, o);
        plan.outcomes.push_back(std::move(o));
        return;
    }
    const Matched found = match_records(e, cls);
    if (records_found(e, found, o)) {
        if (n) place(m, *n, e, found, plan, o);
        else apply_to_records(m, e, found, plan, o);
    }
    plan.outcomes.push_back(std::move(o));
}

void mark(RequirementResult& r, const ExceptionPlan& plan) {
    for (const auto& o : plan.outcomes)
        if (o.outcome == "applied" && o.requirement == r.id &&
            std::find(r.exceptions.begin(), r.exceptions.end(), o.id) == r.exceptions.end())
            r.exceptions.push_back(o.id);
    for (auto& c : r.children) mark(c, plan);
}

}  // namespace

const ReqNode* find_requirement(const ReqNode& root, const std::string& id) {
    if (root.id == id) return &root;
    for (const auto& c : root.children)
        if (const ReqNode* n = find_requirement(c, id)) return n;
    return nullptr;
}

void set_outcome(ExceptionOutcome& o, std::string outcome, const std::string& key, MessageParams params) {
    o.outcome = std::move(outcome);
    o.message = "exception." + key;
    o.params = std::move(params);
    o.detail = message_text(Language::en, o.message, o.params);
}

ExceptionPlan apply_exceptions(const Model& m, const std::vector<AuditException>& exceptions,
                               const std::string& subject_id, std::vector<Classified>& cls) {
    ExceptionPlan plan;
    for (const auto& e : exceptions)
        if (e.student == subject_id) apply_one(m, e, cls, plan);
    return plan;
}

void report_exceptions(ExceptionPlan& plan, RequirementResult& total, AuditResult& res) {
    if (plan.empty()) return;
    mark(total, plan);
    for (const auto& o : plan.outcomes) {
        const bool applied = o.outcome == "applied";
        const char* code = applied ? "exception_applied" : o.outcome == "not_honoured" ? "prefer_not_honoured"
                                                                                      : "exception_not_matched";
        // The flag's words: the exception, its effect (or why it matched nothing) and who decided it.
        MessageParams p = o.params;
        const std::string what = o.message.substr(o.message.rfind('.') + 1);
        for (MessageParam x : {MessageParam{"id", o.id}, {"kind", o.kind}, {"author", o.author}, {"date", format_date(o.date)},
                               {"reason", o.reason}, {"approved_by", o.approved_by}, {"renamed_from", o.renamed_from},
                               {"what", what}})
            if (std::none_of(p.begin(), p.end(), [&](const MessageParam& q) { return q.name == x.name; })) p.push_back(x);
        std::string message = std::string("flag.") + code + (o.approved_by.empty() ? "" : ".approved");
        add_flag(res, code, applied ? "info" : "warning", std::move(p), o.requirement, {}, std::move(message));
        res.exceptions.push_back(o);
    }
}

}}}  // namespace libaudit::v0::detail
