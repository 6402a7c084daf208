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

// The request's language: ?lang=, else the first language of Accept-Language the catalogue has,
// else the default (LIBAUDIT_LANG, else zh-TW).
libaudit::Language request_language(const Target& target, std::string_view accept_language);

}  // namespace libaudit_serve
