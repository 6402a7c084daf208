// Filling in a catalogue message into a buffer the caller reuses (the renderers write a message
// per record not counted: no string allocated per message). Internal; the public form is
// message_text (libaudit/messages.hpp).
#pragma once
#include <libaudit/messages.hpp>

#include <string>
#include <string_view>

namespace libaudit { inline namespace v0 { namespace detail {

// Appends message_text(language, code, params') to `out`, where params' is `params` followed by
// `extra` when given (a parameter only the renderer knows, e.g. requirement_title): the same text,
// without copying the parameters.
void append_message_text(std::string& out, Language language, std::string_view code, const MessageParams& params,
                         const MessageParam* extra = nullptr);

}}}  // namespace libaudit::v0::detail
