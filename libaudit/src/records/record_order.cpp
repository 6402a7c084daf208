// The content order of records: field by field, in a fixed order.
#include "records/record_order.hpp"

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

template <class T>
int three_way(const T& a, const T& b) {
    return a < b ? -1 : b < a ? 1 : 0;
}

}  // namespace

int compare_content(const Record& a, const Record& b) {
    if (int c = three_way(a.subject_id, b.subject_id)) return c;
    if (int c = three_way(a.term, b.term)) return c;
    if (int c = three_way(a.code, b.code)) return c;
    if (int c = three_way(a.offering, b.offering)) return c;
    if (int c = three_way(a.title, b.title)) return c;
    if (int c = three_way(a.credits, b.credits)) return c;
    if (int c = three_way(a.grade, b.grade)) return c;
    if (int c = three_way(a.dept, b.dept)) return c;
    if (int c = three_way(a.school, b.school)) return c;
    if (int c = three_way(a.category, b.category)) return c;
    if (int c = three_way(a.tags, b.tags)) return c;
    if (int c = three_way(a.selected, b.selected)) return c;
    if (int c = three_way(a.approved, b.approved)) return c;
    if (int c = three_way(a.date, b.date)) return c;
    if (int c = three_way(a.end_date, b.end_date)) return c;
    if (int c = three_way(a.hours, b.hours)) return c;
    if (int c = three_way(a.planned, b.planned)) return c;
    return three_way(a.extra, b.extra);
}

}}}  // namespace libaudit::v0::detail
