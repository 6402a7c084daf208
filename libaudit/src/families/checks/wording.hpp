// Internal: a checks violation's code and parameters in words (libaudit/messages/<lang>/checks.txt),
// for the text report, the row reports and the JSON `text` members.
#pragma once
#include <libaudit/messages.hpp>

#include <map>
#include <string>

namespace libaudit { inline namespace v0 { namespace detail {

// The parameters as a reader sees them: `value` as shown (masked unless --unmask-ids), and in
// zh-TW `field` by its title when it has one.
// `names_en`: the rule set's English names of the words in `params` (lifecycle events, states, lock
// titles), used for Language::en.
MessageParams shown_params(Language language, const MessageParams& params, const std::string& shown_value,
                           const std::string& field_title,
                           const std::map<std::string, std::string>* names_en = nullptr);
// The sentence for `code` (what is wrong), with the words its parameters stand for filled in: a
// bound with the field it comes from (`bound_text`), password classes, row places.
std::string checks_text(Language language, const std::string& code, const MessageParams& params);
// What the rule wants (`<code>.expected`), e.g. "one of A, B" / "A, B 其中之一".
std::string checks_expected(Language language, const std::string& code, const MessageParams& params);

}}}  // namespace libaudit::v0::detail
