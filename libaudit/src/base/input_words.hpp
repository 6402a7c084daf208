// Internal: words read in input values besides ASCII ones (yes/no, the ROC date's 年 月 日), from
// libaudit/data/words.txt, built into the library and parsed once.
#pragma once
#include <string_view>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// The words listed under `name` in libaudit/data/words.txt ("yes", "date.era", ...), in order; none
// for a name it does not list.
const std::vector<std::string_view>& input_words(std::string_view name);

}}}  // namespace libaudit::v0::detail
