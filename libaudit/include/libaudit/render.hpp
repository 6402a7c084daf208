// Rendering audit results: terminal text (zh-TW or en) and JSON (docs/result-schema.md).
#pragma once
#include <libaudit/messages.hpp>
#include <libaudit/result.hpp>

#include <string>

namespace libaudit {

struct RenderOptions {
    Language language = Language::zh_TW;
    bool unmask_ids = false;   // show national IDs in full (default: masked, A1234*****)
    bool compact = false;      // JSON on one line (JSON Lines), without the trailing newline
};

std::string render_text(const AuditResult& result, const RenderOptions& options = {});
std::string render_json(const AuditResult& result, const RenderOptions& options = {});

// The result schema version emitted in JSON as "schema".
inline constexpr const char* result_schema_id = "https://libaudit.dev/schema/result-1.json";

}  // namespace libaudit

namespace libaudit {
class RuleSet;
// A readable outline of a rule set (requirements with ids, thresholds, caps, sharing, flexible
// credits, grading, eligibility, checks), for checking it against the official document.
std::string explain(const RuleSet& rules, Language language = Language::zh_TW);
}  // namespace libaudit
