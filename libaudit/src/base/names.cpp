// The stable names of the result vocabulary (statuses, rule kinds) and the exit code of each
// status: the words machines read in JSON and CSV, and what the CLI returns. Every stage uses them.
#include <libaudit/audit.hpp>
#include <libaudit/rule_kind.hpp>

namespace libaudit { inline namespace v0 {

const char* to_string(Status s) noexcept {
    switch (s) {
        case Status::met: return "met";
        case Status::met_pending: return "met_pending";
        case Status::not_met: return "not_met";
        case Status::needs_review: return "needs_review";
        case Status::invalid: return "invalid";
        case Status::not_applicable: return "not_applicable";
    }
    return "invalid";
}

int exit_code(Status s) noexcept {
    switch (s) {
        case Status::met: return 0;
        case Status::not_met: return 1;
        case Status::invalid: return 2;
        case Status::met_pending: return 4;
        case Status::needs_review: return 5;
        case Status::not_applicable: return 6;
    }
    return 2;
}

const char* to_string(RuleKind k) noexcept {
    switch (k) {
    case RuleKind::programme: return "programme";
    case RuleKind::hours: return "hours";
    case RuleKind::checks: return "checks";
    }
    return "programme";
}

std::optional<RuleKind> parse_rule_kind(std::string_view word) noexcept {
    for (RuleKind k : {RuleKind::programme, RuleKind::checks, RuleKind::hours})
        if (word == to_string(k)) return k;
    return std::nullopt;
}

}}  // namespace libaudit::v0
