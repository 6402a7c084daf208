// Messages in the user's language: every result and diagnostic carries a stable code and
// parameters; the words come from one catalogue per language (libaudit/messages/*.txt, built into
// the library). zh-TW is the default.
#pragma once
#include <libaudit/export.h>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

enum class Language { zh_TW, en };

// "zh-TW" / "en" (also "zh", "zh_TW", "zh-tw", "en-US", ...); none for any other word.
std::optional<Language> parse_language(std::string_view word) noexcept;
const char* to_string(Language language) noexcept;
// The language the environment asks for: LIBAUDIT_LANG when set to a known word, else zh-TW.
Language default_language();

// A named parameter of a message: data, never words (a field name, a number, a course code).
struct MessageParam {
    std::string name;
    std::string value;
};
using MessageParams = std::vector<MessageParam>;

// The message `code` in `language` with its `{name}` placeholders filled in. `{name|group}`
// shows the catalogue's word for the value (the entry `group.<value>`, or the value itself when
// there is none). An unknown code gives the code and its parameters, never an exception.
std::string message_text(Language language, std::string_view code, const MessageParams& params = {});
// Whether the catalogue of `language` has `code`.
bool has_message(Language language, std::string_view code);
// Every code of a language's catalogue, sorted (for tests and documentation).
std::vector<std::string> message_codes(Language language);
// The placeholders of a code's message, in order of first use, without `|group`.
std::vector<std::string> message_placeholders(Language language, std::string_view code);

}}  // namespace libaudit::v0
LIBAUDIT_API_END
