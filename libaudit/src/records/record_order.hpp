// A total order on what a record says (every field but its row), so that choices between records
// that tie on what a rule looks at (two attempts in one term, the same session twice on a day) do
// not depend on the order of the rows in the file. Internal.
#pragma once
#include <libaudit/records.hpp>

namespace libaudit { inline namespace v0 { namespace detail {

// < 0, 0 or > 0 as `a` comes before, with or after `b`; 0 only when every field but
// `source_row` is equal (the two rows are the same record twice).
int compare_content(const Record& a, const Record& b);

}}}  // namespace libaudit::v0::detail
