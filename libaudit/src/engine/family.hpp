// The family seam: what each rule family (programme, hours, checks) implements once. The loader
// reads `kind:` and hands the rest of the file to the family; audit, explain and render dispatch
// through the same table. Nothing else in the library tells families apart. Internal.
#pragma once
#include <libaudit/audit.hpp>
#include <libaudit/dataset.hpp>
#include <libaudit/render.hpp>

#include "base/json_writer.hpp"
#include "rules/rule_reader.hpp"

#include <string>

namespace libaudit { inline namespace v0 { namespace detail {

struct Family {
    RuleKind kind;
    // Reads the whole rule file and runs the family's meaning-level lint when it loaded cleanly.
    Loaded (*load)(const std::string& name, const std::string& text, const YAML::Node& doc);
    // Whether the rule set is meant for this profile, and why not.
    bool (*applies_to)(const Model& m, const Profile& profile, MessageParams* why_not);
    // One subject's records (programme, hours); null where the family audits datasets.
    AuditResult (*audit)(const RuleSet& rules, const Subject& subject, const AuditOptions& options);
    // A dataset of tables (checks); null where the family audits subjects.
    AuditResult (*check)(const RuleSet& rules, const Dataset& data, const CheckOptions& options);
    std::string (*explain)(const Model& m, Language language);
    std::string (*render_text)(const AuditResult& res, const RenderOptions& o);
    // The family's own members of the result JSON (null: none).
    void (*json_part)(JsonWriter& w, const AuditResult& res, const RenderOptions& o);
    // The family's printable sheet, one <section> of render/html.hpp's document.
    std::string (*render_html)(const AuditResult& res, const RenderOptions& o) = nullptr;
};

const Family& family(RuleKind kind);

}}}  // namespace libaudit::v0::detail
