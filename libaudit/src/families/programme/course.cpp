// kind: programme: which requirements could a course count for, and for one student where it counts
// or would count (libaudit/course.hpp, docs/what-if.md).
#include <libaudit/course.hpp>

#include "evaluate/item.hpp"
#include "evaluate/still_needed.hpp"
#include "families/programme/audit.hpp"

#include <algorithm>

namespace libaudit { inline namespace v0 {

namespace {

using detail::Classified;
using detail::NodePair;

// The requirements above node `i`, from the root down.
std::vector<RequirementName> path_of(const std::vector<NodePair>& nodes, int i) {
    std::vector<RequirementName> path;
    for (int x = nodes[static_cast<std::size_t>(i)].parent; x != -1; x = nodes[static_cast<std::size_t>(x)].parent) {
        const RequirementResult& r = *nodes[static_cast<std::size_t>(x)].result;
        path.insert(path.begin(), {r.id, r.title, r.title_en});
    }
    return path;
}

// The leaves of `nodes` that accept `record` as the course it is (untaken: passed, not ticked), and
// those that would only if it were ticked.
std::vector<CourseRequirement> accepting(const detail::Model& m, const std::vector<NodePair>& nodes, const Record& record) {
    Classified c;
    c.record = &record;
    c.course = m.course(record.code);
    c.canonical = c.course ? c.course->code : record.code;
    c.countable = true;
    std::vector<CourseRequirement> out;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        if (!nodes[i].rule->children.empty()) continue;
        c.selected = false;
        bool when_ticked = false;
        if (!detail::leaf_accepts(*nodes[i].rule, c)) {
            c.selected = true;
            if (!detail::leaf_accepts(*nodes[i].rule, c)) continue;
            when_ticked = true;
        }
        const RequirementResult& r = *nodes[i].result;
        out.push_back({r.id, r.title, r.title_en, path_of(nodes, static_cast<int>(i)), when_ticked});
    }
    return out;
}

// The course as a record: its framework code, title and credits (none for a course the rule set
// does not know).
Record course_record(const detail::Model& m, const std::string& code) {
    Record r;
    r.code = code;
    if (const detail::Course* c = m.course(code)) {
        r.code = c->code;
        r.title = c->title;
        r.credits = c->credits;
    }
    return r;
}

CourseExplanation describe(const RuleSet& rules, const std::string& code) {
    if (rules.kind() != RuleKind::programme) {
        Diagnostic d;  // U001, as app's usage problems
        d.code = "U001";
        d.message_code = "usage.explain_course_kind";
        d.params = {{"ruleset", rules.id()}, {"kind", to_string(rules.kind())}};
        d.message = message_text(Language::en, d.message_code, d.params);
        throw InputError({d});
    }
    const detail::Model& m = rules.model();
    CourseExplanation e;
    e.code = code;
    e.ruleset = m.id;
    e.ruleset_title = m.title;
    e.ruleset_title_en = m.title_en;
    if (const detail::Course* c = m.course(code)) {
        e.in_framework = true;
        e.framework_code = c->code;
        e.title = c->title;
        e.title_en = c->title_en;
        e.credits = c->credits;
    }
    return e;
}

std::string canonical_code(const detail::Model& m, const std::string& code) {
    const detail::Course* c = m.course(code);
    return c ? c->code : code;
}

// The records a node counts when it is a leaf (every requirement above lists them too).
const std::vector<RecordRef>& leaf_counted(const NodePair& p) {
    static const std::vector<RecordRef> none;
    return p.rule->children.empty() ? p.result->counted : none;
}

// The leaf counting a record of the course (by its row), or -1.
int counting_leaf(const std::vector<NodePair>& nodes, const RecordRef& rec) {
    for (std::size_t i = 0; i < nodes.size(); ++i)
        for (const auto& r : leaf_counted(nodes[i]))
            if (r.source_row == rec.source_row && r.code == rec.code && r.planned == rec.planned) return static_cast<int>(i);
    return -1;
}

bool under_not_needed(const std::vector<NodePair>& nodes, int i) {
    for (int x = i; x != -1; x = nodes[static_cast<std::size_t>(x)].parent)
        if (nodes[static_cast<std::size_t>(x)].result->not_needed) return true;
    return false;
}

// The student's attempts at the course: those counted (and where), those excluded (and why).
std::vector<CourseAttempt> attempts_of(const detail::Model& m, const std::vector<NodePair>& nodes, const AuditResult& res,
                                       const std::string& canonical) {
    std::vector<CourseAttempt> out;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        for (const auto& r : leaf_counted(nodes[i]))
            if (canonical_code(m, r.code) == canonical)
                out.push_back({r, nodes[i].result->id, nodes[i].result->title, nodes[i].result->title_en, {}, {}, {}});
    for (const auto& x : res.excluded)
        if (canonical_code(m, x.record.code) == canonical) out.push_back({x.record, {}, {}, {}, x.reason, x.message, x.params});
    std::stable_sort(out.begin(), out.end(), [](const CourseAttempt& a, const CourseAttempt& b) {
        const Term ta = a.record.term.value_or(Term{}), tb = b.record.term.value_or(Term{});
        return ta != tb ? ta < tb : a.record.source_row < b.record.source_row;
    });
    return out;
}

// Placed in leaf `i` of `nodes`: the placement says where.
void place(CoursePlacement& p, const std::vector<NodePair>& nodes, int i, const RecordRef& rec) {
    const RequirementResult& r = *nodes[static_cast<std::size_t>(i)].result;
    p.requirement = r.id;
    p.title = r.title;
    p.title_en = r.title_en;
    p.path = path_of(nodes, i);
    p.not_needed = under_not_needed(nodes, i);
    p.in_progress = rec.in_progress || rec.planned;
    p.planned = rec.planned;
}

// Counts nowhere: why, from the exclusion of the record (a cap reached, outside the framework ...).
void nowhere(CoursePlacement& p, const Exclusion* x) {
    p.state = "nowhere";
    if (!x) {
        p.reason = "not_accepted";
        p.message = "exclusion.not_counted";
        return;
    }
    p.reason = x->reason == "over_cap" ? "cap_full" : x->reason == "not_counted" ? "not_accepted" : x->reason;
    p.message = x->message;
    p.params = x->params;
}

// An attempt that could count (passed or in progress) but does not: taking it again changes nothing.
const CourseAttempt* held_attempt(const std::vector<CourseAttempt>& attempts) {
    static const char* const again[] = {"failed", "withdrawn", "after_as_of", "invalid_grade", "term_semester"};
    for (const auto& a : attempts)
        if (a.requirement.empty() && std::find(std::begin(again), std::end(again), a.reason) == std::end(again) &&
            a.reason != "repeat")
            return &a;
    return nullptr;
}

// Not on the transcript (or never passed): the audit again with the course planned.
// Counting in a leaf not needed now (an alternative met without it) says so.
void what_if(const RuleSet& rules, const Subject& subject, const AuditOptions& options, const AuditResult& res,
             const std::vector<NodePair>& now, const std::string& code, CoursePlacement& p) {
    const detail::Model& m = rules.model();
    AuditOptions with = options;
    Record planned = course_record(m, code);
    planned.term = res.as_of;
    planned.planned = true;
    planned.subject_id = res.subject.id;
    with.plan.push_back(planned);
    AuditResult after = detail::audit_programme(rules, subject, with);
    std::vector<NodePair> nodes = detail::flatten(m.root, after.requirements.front());
    RecordRef rec;
    rec.code = planned.code;
    rec.planned = true;
    if (const int leaf = counting_leaf(nodes, rec); leaf >= 0) {
        p.state = "would_count";
        place(p, nodes, leaf, rec);
        for (std::size_t i = 0; i < now.size(); ++i)
            if (now[i].result->id == p.requirement) p.not_needed = p.not_needed || under_not_needed(now, static_cast<int>(i));
        p.status_with = after.status;
        return;
    }
    const auto x = std::find_if(after.excluded.begin(), after.excluded.end(),
                                [&](const Exclusion& e) { return e.record.planned && e.record.code == planned.code; });
    nowhere(p, x == after.excluded.end() ? nullptr : &*x);
}

CoursePlacement placement(const RuleSet& rules, const std::string& code, const Subject& subject,
                          const AuditOptions& options) {
    const detail::Model& m = rules.model();
    AuditResult res = detail::audit_programme(rules, subject, options);
    std::vector<NodePair> nodes = detail::flatten(m.root, res.requirements.front());
    CoursePlacement p;
    p.subject_id = res.subject.id;
    p.status = res.status;
    p.attempts = attempts_of(m, nodes, res, canonical_code(m, code));
    for (const auto& a : p.attempts)
        if (!a.requirement.empty()) {
            p.state = "counted";
            place(p, nodes, counting_leaf(nodes, a.record), a.record);
            return p;
        }
    if (const CourseAttempt* held = held_attempt(p.attempts)) {
        Exclusion x{held->record, held->reason, {}, held->message, held->params};
        nowhere(p, &x);
        return p;
    }
    what_if(rules, subject, options, res, nodes, code, p);
    return p;
}

}  // namespace

CourseExplanation explain_course(const RuleSet& rules, const std::string& code) {
    CourseExplanation e = describe(rules, code);
    const detail::Model& m = rules.model();
    AuditResult empty = detail::audit_programme(rules, Subject{}, AuditOptions{});
    const std::vector<NodePair> nodes = detail::flatten(m.root, empty.requirements.front());
    e.accepting = accepting(m, nodes, course_record(m, code));
    return e;
}

CourseExplanation explain_course(const RuleSet& rules, const std::string& code, const Subject& subject,
                                 const AuditOptions& options) {
    CourseExplanation e = explain_course(rules, code);
    e.placement = placement(rules, code, subject, options);
    return e;
}

}}  // namespace libaudit::v0
