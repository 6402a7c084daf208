// The printable sheets' shared parts: escaping, the document and its style sheet, fields, tables,
// provenance and signature boxes (render/html.hpp).
#include "render/html.hpp"

#include <libaudit/text.hpp>

#include "render/text.hpp"

#include <ctime>

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

// A4, a header with the form's title and the print date, a footer with the page number; fonts
// named as Debian's fonts-noto-cjk installs them, with the usual CJK fallbacks. No network.
// Printing puts WenQuanYi Micro Hei (fonts-wqy-microhei) first: a TrueType font, which Chromium
// embeds as a subset; Noto CJK is CFF, which it embeds as Type 3 glyphs, 4x the bytes and 5x the
// time per document (docs/printing.md). No synthetic bold: it would be Type 3 again.
constexpr const char* style_sheet = R"css(
@page { size: A4; margin: 14mm 14mm 13mm 14mm;
  @top-left { content: var_title; font-size: 8pt; color: #555; }
  @top-right { content: var_printed; font-size: 8pt; color: #555; }
  @bottom-center { content: var_page; font-size: 8pt; color: #555; } }
:root { --ink: #1a1a1a; --line: #888; --soft: #f2f2f2; --bad: #8b1a2b; --good: #1d5e2c; }
html { font-family: "Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei",
  "Noto Sans CJK", sans-serif; color: var(--ink); font-size: 9.5pt; line-height: 1.35; }
h1, h2, h3 { font-family: "Noto Serif CJK TC", "Noto Serif TC", "Source Han Serif TC", "PMingLiU", serif; }
h1 { font-size: 15pt; margin: 0 0 1mm; text-align: center; letter-spacing: 0.1em; }
h2 { font-size: 10.5pt; margin: 3mm 0 1mm; border-bottom: 1px solid var(--line); break-after: avoid; }
h3 { font-size: 8.5pt; margin: 1mm 0 0; break-after: avoid; }
.sheet + .sheet { break-before: page; }
.sub { text-align: center; margin: 0 0 1mm; }
.result { text-align: center; font-weight: bold; margin: 0 0 2mm; }
.status-met, .status-met_pending { color: var(--good); }
.ok { white-space: nowrap; }
.status-not_met, .status-invalid { color: var(--bad); }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; }
th, td { border: 1px solid var(--line); padding: 0.5mm 1.5mm; vertical-align: top; text-align: left;
  overflow-wrap: anywhere; word-break: break-word; }
thead th { background: var(--soft); }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; }
table.fields th { width: 16%; background: var(--soft); white-space: nowrap; }
table.fields td { width: 34%; }
tr.depth-1 td:first-child { padding-left: 5mm; }
tr.depth-2 td:first-child { padding-left: 9mm; }
tr.depth-3 td:first-child { padding-left: 13mm; }
tr.total td { font-weight: bold; }
ul.courses { margin: 0 0 1mm; padding-left: 5mm; columns: 2; column-gap: 6mm; font-size: 8.5pt; line-height: 1.3; }
ul.courses li { break-inside: avoid; }
.bad { color: var(--bad); }
pre.rows { white-space: pre-wrap; font-family: inherit; font-size: 9pt; margin: 1mm 0 2mm; }
.muted { color: #555; }
.flags { margin: 0; padding-left: 5mm; font-size: 8pt; line-height: 1.3; }
.flags .code { font-size: 6.5pt; color: #555; }
.flags li { break-inside: avoid; }
ul.still-needed { margin: 0; padding-left: 5mm; }
.provenance { font-size: 8pt; color: #333; margin-top: 3mm; break-inside: avoid; }
.provenance span + span::before { content: " · "; }
.code { font-family: "Noto Sans Mono CJK TC", "DejaVu Sans Mono", monospace; font-size: 8pt; overflow-wrap: anywhere; }
.signatures { display: flex; gap: 4mm; margin-top: 3mm; break-inside: avoid; }
.signatures .box { flex: 1; border: 1px solid var(--ink); padding: 1.5mm 2mm; min-height: 20mm; }
.signatures .who { font-weight: bold; }
.signatures .line { margin-top: 10mm; border-top: 1px dotted var(--line); font-size: 8.5pt; padding-top: 0.5mm; }
@media screen {
  body { background: #e8e8e8; margin: 0; padding: 8mm 0; }
  .sheet { background: #fff; width: 178mm; margin: 0 auto 8mm; padding: 16mm; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
}
@media print { body { margin: 0; }
  html, h1, h2, h3 { font-family: "WenQuanYi Micro Hei", "DejaVu Sans", "Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC",
    "PingFang TC", "Microsoft JhengHei", "Noto Sans CJK", sans-serif; font-synthesis: none; }
  .code { font-family: "DejaVu Sans Mono", "WenQuanYi Micro Hei Mono", "Noto Sans Mono CJK TC", monospace; } }
)css";

// A catalogue message as CSS `content`: the text as quoted strings, {page} and {pages} as counters
// (`page_counter` for {page}: the document's `page`, or a sheet's own in a cohort document).
std::string css_content(const std::string& text, const std::string& page_counter = "page") {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 6, "{page}") == 0) out += "\" counter(" + page_counter + ") \"", i += 5;
        else if (text.compare(i, 7, "{pages}") == 0) out += "\" counter(pages) \"", i += 6;
        else if (text[i] == '"' || text[i] == '\\') out += '\\', out += text[i];
        else if (text[i] == '\n' || text[i] == '<' || text[i] == '>') out += ' ';
        else out += text[i];
    }
    return out + "\"";
}

void replace(std::string& s, const std::string& what, const std::string& with) {
    const std::size_t at = s.find(what);
    if (at != std::string::npos) s.replace(at, what.size(), with);
}

}  // namespace

std::string esc(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    for (const char ch : text) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += ch;
        }
    }
    return out;
}

std::string esc_say(const RenderOptions& o, const std::string& code, const MessageParams& params) {
    return esc(message_text(o.language, code, params));
}

std::string print_date(const RenderOptions& o) {
    if (!o.print_date.empty()) return o.print_date;
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
    return buf;
}

std::string html_open(const std::string& title, const RenderOptions& o) {
    std::string css = style_sheet;
    replace(css, "var_title", css_content(title));
    replace(css, "var_printed", css_content(message_text(o.language, "sheet.printed", {{"date", print_date(o)}})));
    replace(css, "var_page", css_content(message_text(o.language, "sheet.page", {{"page", "{page}"}, {"pages", "{pages}"}})));
    std::string out = "<!DOCTYPE html>\n<html lang=\"";
    out += o.language == Language::en ? "en" : "zh-Hant-TW";
    out += "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"libaudit\">\n<title>" + esc(title) +
           "</title>\n<style>" + css + "</style>\n</head>\n<body>\n";
    return out;
}

std::string html_close() { return "</body>\n</html>\n"; }

// Each sheet of a cohort document is a named page of its own (`sheet-N`) with its own page counter,
// which Chromium and WeasyPrint keep across that sheet's pages: the footer names the subject and
// counts that sheet's pages from 1, as if it had been printed alone. (CSS cannot give a sheet's own
// page total, so a cohort's footer has no "of M".)
std::string numbered_sheet(const std::string& sheet, std::size_t place, const std::string& subject, const RenderOptions& o) {
    const std::string name = "sheet-" + std::to_string(place);
    const std::string footer = message_text(o.language, "sheet.page_subject", {{"subject", subject}, {"page", "{page}"}});
    std::string out = "<style>@page " + name + " { counter-increment: " + name + "; @bottom-center { content: " +
                      css_content(footer, name) + "; } }</style>\n";
    const std::string open = "<section class=\"sheet\">";
    if (sheet.compare(0, open.size(), open) == 0)
        return out + "<section class=\"sheet\" style=\"page: " + name + "\">" + sheet.substr(open.size());
    return out + "<section class=\"sheet\" style=\"page: " + name + "\">\n" + sheet + "</section>\n";
}

std::string sheet_open(const std::string& form_title, const AuditResult& res, const RenderOptions& o) {
    const bool c = zh(o);
    std::string out = "<section class=\"sheet\">\n<h1>" + esc(form_title) + "</h1>\n";
    out += "<p class=\"sub\">" + esc(in_language(c, res.ruleset.title, res.ruleset.title_en)) + "</p>\n";
    std::string result = esc_say(o, "sheet.result", {{"status", "@status@"}});
    replace(result, "@status@", std::string("<span class=\"status-") + to_string(res.status) + "\">" +
                                    esc(result_status_label(res, c)) + "</span>");
    out += "<p class=\"result\">" + result + "</p>\n";
    return out;
}

std::string sheet_close() { return "</section>\n"; }

std::string html_fields(const std::vector<HtmlField>& fields) {
    std::string out = "<table class=\"fields\">\n";
    for (std::size_t i = 0; i < fields.size(); i += 2) {
        out += "<tr><th>" + esc(fields[i].label) + "</th><td";
        if (i + 1 == fields.size()) out += " colspan=\"3\"";
        out += ">" + fields[i].value + "</td>";
        if (i + 1 < fields.size()) out += "<th>" + esc(fields[i + 1].label) + "</th><td>" + fields[i + 1].value + "</td>";
        out += "</tr>\n";
    }
    return out + "</table>\n";
}

std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& numeric, const std::vector<std::string>& row_class) {
    const auto cls = [&](std::size_t k) { return k < numeric.size() && numeric[k] ? " class=\"num\"" : ""; };
    std::string out = "<table>\n<thead><tr>";
    for (std::size_t k = 0; k < header.size(); ++k) out += std::string("<th") + cls(k) + ">" + esc(header[k]) + "</th>";
    out += "</tr></thead>\n<tbody>\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        out += i < row_class.size() && !row_class[i].empty() ? "<tr class=\"" + row_class[i] + "\">" : std::string("<tr>");
        for (std::size_t k = 0; k < rows[i].size(); ++k) out += std::string("<td") + cls(k) + ">" + rows[i][k] + "</td>";
        out += "</tr>\n";
    }
    return out + "</tbody>\n</table>\n";
}

std::string html_h2(const std::string& text) { return "<h2>" + esc(text) + "</h2>\n"; }

std::string html_provenance(const AuditResult& res, const RenderOptions& o) {
    std::string out = "<p class=\"provenance\"><strong>" + esc_say(o, "sheet.provenance") + "</strong> ";
    out += "<span>" + esc_say(o, "sheet.ruleset", {{"id", res.ruleset.id}, {"version", res.ruleset.version}}) + "</span>";
    if (!res.ruleset.sha256.empty())
        out += "<span class=\"code\">" + esc_say(o, "sheet.sha256", {{"sha256", res.ruleset.sha256}}) + "</span>";
    out += "<span>" + esc_say(o, "sheet.engine", {{"version", res.engine_version}}) + "</span>";
    if (res.as_of) out += "<span>" + esc_say(o, "sheet.as_of", {{"term", format_term(*res.as_of)}}) + "</span>";
    if (res.as_of_date) out += "<span>" + esc_say(o, "sheet.as_of_date", {{"date", format_date(*res.as_of_date)}}) + "</span>";
    out += "<span>" + esc_say(o, "sheet.printed", {{"date", print_date(o)}}) + "</span></p>\n";
    return out;
}

std::string html_signatures(const RenderOptions& o, const std::vector<std::string>& who) {
    std::string out = "<div class=\"signatures\">\n";
    for (const auto& w : who)
        out += "<div class=\"box\"><div class=\"who\">" + esc_say(o, w) + "</div><div class=\"line\">" +
               esc_say(o, "sheet.sign.date") + "</div></div>\n";
    return out + "</div>\n";
}

std::string html_flags(const AuditResult& res, const RenderOptions& o) {
    if (res.flags.empty()) return "";
    const std::map<std::string, std::string> titles = requirement_titles(res, zh(o));
    std::string out = html_h2(message_text(o.language, "sheet.notes")) + "<ul class=\"flags\">\n";
    for (const auto& f : res.flags) {
        const auto t = titles.find(f.requirement);
        const std::string text = flag_message(f, o.language, t == titles.end() ? f.requirement : t->second);
        out += std::string("<li") + (f.severity == "error" ? " class=\"bad\"" : "") + ">" +
               esc(with_mark(exception_note_mark(res, f, o.language), text)) +
               " <span class=\"code\">[" + esc(f.code) + "]</span></li>\n";
    }
    return out + "</ul>\n";
}

}}}  // namespace libaudit::v0::detail
