// What the printable sheets of every family share (libaudit check/batch --format html|pdf): HTML
// escaping, the self-contained document (inline A4 print styles, page header and footer with page
// numbers, a screen style), the sheet's head, fields, tables, provenance and signature boxes. Each
// family's own sheet body is in families/<family>/html.cpp. Every value from input goes through
// `esc`. Internal.
#pragma once
#include <libaudit/render.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// `text` with & < > " ' as entities.
std::string esc(std::string_view text);
// The catalogue's message `code` in the sheet's language, escaped.
std::string esc_say(const RenderOptions& o, const std::string& code, const MessageParams& params = {});

// The print date of a sheet: options.print_date, else today (local time), as YYYY-MM-DD.
std::string print_date(const RenderOptions& o);

// <!DOCTYPE html> ... <body> with the style sheet; `title` is plain text (escaped here).
std::string html_open(const std::string& title, const RenderOptions& o);
std::string html_close();
// `sheet` (one sheet's <section>) as the place-th (from 1) of a cohort document: its pages numbered
// from 1 in the footer, which names `subject` (already masked as the caller wants).
std::string numbered_sheet(const std::string& sheet, std::size_t place, const std::string& subject, const RenderOptions& o);

// <section class="sheet"> with the form's title, the rule set's title and the result.
std::string sheet_open(const std::string& form_title, const AuditResult& res, const RenderOptions& o);
std::string sheet_close();

// A two-column grid of labelled fields: label, value (already HTML), one pair per cell.
struct HtmlField {
    std::string label;  // plain text
    std::string value;  // HTML
};
std::string html_fields(const std::vector<HtmlField>& fields);

// A table: header cells (plain text), rows of cells (HTML); `numeric[k]` right-aligns column k.
// Rows are whole on paper (tr { break-inside: avoid }); `row_class[i]` (may be empty) styles row i.
std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& numeric, const std::vector<std::string>& row_class = {});

// <h2> with plain text.
std::string html_h2(const std::string& text);

// The rule set's id, version and sha256, the engine version, the as-of term or day and the print date.
std::string html_provenance(const AuditResult& res, const RenderOptions& o);

// Signature and date boxes, one per catalogue code of `who` (sheet.sign.*).
std::string html_signatures(const RenderOptions& o, const std::vector<std::string>& who);

// The flags as a list (severity marked), each in the sheet's language.
std::string html_flags(const AuditResult& res, const RenderOptions& o);

}}}  // namespace libaudit::v0::detail
