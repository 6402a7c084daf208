// Parts of a request the handlers read: the target's path and query, the language asked for.
#pragma once
#include <libaudit/messages.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace libaudit_serve {

struct Target {
    std::string path;
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
    bool valid = true;  // false: a bad percent escape
    // The last value of `key` (nullopt: absent).
    std::optional<std::string> get(std::string_view key) const;
};
Target parse_target(std::string_view target);

// `text` with every byte that is not part of valid UTF-8 replaced by U+FFFD: what the service
// writes into JSON stays valid JSON whatever a client sent.
std::string valid_utf8_text(std::string_view text);

// The request's language: ?lang=, else the first language of Accept-Language the catalogue has,
// else the default (LIBAUDIT_LANG, else zh-TW).
libaudit::Language request_language(const Target& target, std::string_view accept_language);

}  // namespace libaudit_serve
