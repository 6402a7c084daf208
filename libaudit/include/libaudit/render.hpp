// Rendering audit results: terminal text (zh-TW or en) and JSON (docs/result-schema.md).
#pragma once
#include <libaudit/export.h>
#include <libaudit/messages.hpp>
#include <libaudit/result.hpp>

#include <string>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

struct RenderOptions {
    Language language = Language::zh_TW;
    bool unmask_ids = false;   // show national IDs in full (default: masked, A1234*****)
    bool compact = false;      // JSON on one line (JSON Lines), without the trailing newline
    std::string print_date;    // HTML sheets: the print date shown (YYYY-MM-DD); empty: today
    int width = 0;             // text: fit every line to this many terminal columns (0: no limit)
    // JSON: the result schema's version (docs/result-schema.md). 1 (the default): every listing of a
    // record repeats its fields. 2: each record written once per result, in "records", and referred
    // to by its index from "counted" and "excluded".
    int result_schema = 1;
};

std::string render_text(const AuditResult& result, const RenderOptions& options = {});
std::string render_json(const AuditResult& result, const RenderOptions& options = {});

// The printable sheet (docs/printing.md): a self-contained HTML document with A4 print styles, for
// one result, or for many (a cohort, one sheet per result, each starting on a new page, in order).
// National IDs are masked in the HTML source unless options.unmask_ids.
std::string render_html(const AuditResult& result, const RenderOptions& options = {});
std::string render_html(const std::vector<const AuditResult*>& results, const RenderOptions& options = {});
// The parts of a cohort's document, for writing it as results arrive: the opening (style sheet,
// titled for `kind`), one sheet per result, the closing.
std::string render_html_open(RuleKind kind, const RenderOptions& options = {});
std::string render_html_sheet(const AuditResult& result, const RenderOptions& options = {});
std::string render_html_close();
// A sheet of plain lines under a heading (a subject of a cohort that could not be audited, and why).
std::string render_html_note(const std::string& heading, const std::vector<std::string>& lines);
// A sheet (from render_html_sheet or render_html_note) as the place-th (from 1) of a cohort's
// document: its pages are numbered from 1, the footer naming the subject (masked unless
// options.unmask_ids), as if the sheet had been printed alone.
std::string render_html_numbered(const std::string& sheet, std::size_t place, const std::string& subject_id,
                                 const RenderOptions& options = {});

// The result schema version emitted in JSON as "schema".
inline constexpr const char* result_schema_id = "urn:libaudit:schema:result-1";
// The same for RenderOptions::result_schema = 2 (records by reference).
inline constexpr const char* result_schema_2_id = "urn:libaudit:schema:result-2";

}}  // namespace libaudit::v0

namespace libaudit { inline namespace v0 {
class RuleSet;
// A readable outline of a rule set (requirements with ids, thresholds, caps, sharing, flexible
// credits, grading, eligibility, checks), for checking it against the official document.
std::string explain(const RuleSet& rules, Language language = Language::zh_TW);
}}  // namespace libaudit::v0
LIBAUDIT_API_END
