// Filters and leaves over classified records, and the record as a result shows it.
#include "evaluate/item.hpp"

#include <algorithm>

namespace libaudit { inline namespace v0 { namespace detail {

bool contains(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

bool matches(const Filter& f, const Classified& c) {
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

RecordRef ref(const Classified& c, std::optional<double> hours) {
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
    r.planned = c.record->planned;
    return r;
}

}}}  // namespace libaudit::v0::detail
