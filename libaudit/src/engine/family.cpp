// The table of rule families, and the public entry points that dispatch through it: load (in
// engine/load.cpp), audit, audit_dataset, render_text, render_json and explain. Calling the wrong
// family's entry point is an error that says which one to call, never a result.
#include "engine/family.hpp"

#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>

#include "families/checks/evaluate.hpp"
#include "families/checks/html.hpp"
#include "families/checks/load.hpp"
#include "families/checks/render.hpp"
#include "families/hours/audit.hpp"
#include "families/hours/html.hpp"
#include "families/hours/load.hpp"
#include "families/hours/render.hpp"
#include "families/programme/audit.hpp"
#include "families/programme/html.hpp"
#include "families/programme/load.hpp"
#include "families/programme/render.hpp"
#include "render/json.hpp"

#include <stdexcept>

namespace libaudit { inline namespace v0 {
namespace detail {

const Family& family(RuleKind kind) {
    static const Family programme{RuleKind::programme, load_programme, programme_applies_to, audit_programme,
                                  nullptr, explain_programme, render_programme_text, write_programme_json,
                                  render_programme_html};
    static const Family hours{RuleKind::hours, load_hours, hours_applies_to, audit_hours_subject,
                              nullptr, explain_hours, render_hours_text, nullptr, render_hours_html};
    // A checks rule set names no programme or entry year: it applies to whatever it is given.
    static const Family checks{RuleKind::checks, load_checks, programme_applies_to, nullptr,
                               audit_checks, explain_checks_rules, render_checks_text, write_checks_json,
                               render_checks_html};
    switch (kind) {
    case RuleKind::hours: return hours;
    case RuleKind::checks: return checks;
    case RuleKind::programme: break;
    }
    return programme;
}

}  // namespace detail

AuditResult audit(const RuleSet& rules, const Subject& subject, const AuditOptions& options) {
    const detail::Family& f = detail::family(rules.kind());
    if (!f.audit)
        throw std::invalid_argument("rule set '" + rules.id() + "' is of kind " + to_string(rules.kind()) +
                                    ": it checks tables of rows; call audit_dataset (libaudit check --data)");
    return f.audit(rules, subject, options);
}

AuditResult audit_dataset(const RuleSet& rules, const Dataset& data, const CheckOptions& options) {
    const detail::Family& f = detail::family(rules.kind());
    if (!f.check)
        throw std::invalid_argument("rule set '" + rules.id() + "' is of kind " + to_string(rules.kind()) + ", not checks");
    return f.check(rules, data, options);
}

std::string render_text(const AuditResult& result, const RenderOptions& options) {
    // The whole report scanned for IDs (group keys, titles, excluded records' text), whichever
    // family or code path wrote them.
    // Masked before fitting to the terminal's width, which may break a line inside an ID.
    const std::string out = detail::family(result.ruleset.kind).render_text(result, options);
    return fit_width(options.unmask_ids ? out : mask_ids_in_text(out), options.width);
}

std::string render_json(const AuditResult& result, const RenderOptions& options) {
    return detail::render_json_with(result, options, detail::family(result.ruleset.kind).json_part);
}

std::string explain(const RuleSet& rules, Language language) {
    return detail::family(rules.kind()).explain(rules.model(), language);
}

}}  // namespace libaudit::v0
