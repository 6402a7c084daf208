// The printable sheets' public entry points (libaudit/render.hpp): the document around the sheets
// each family writes (Family::render_html), one result or a cohort. IDs are masked in the HTML
// source as in every other output, whichever family wrote them, unless --unmask-ids.
#include <libaudit/render.hpp>
#include <libaudit/validators.hpp>

#include "engine/family.hpp"
#include "render/html.hpp"

namespace libaudit { inline namespace v0 {

std::string render_html_open(RuleKind kind, const RenderOptions& options) {
    return detail::html_open(message_text(options.language, std::string("sheet.title.") + to_string(kind)), options);
}

std::string render_html_sheet(const AuditResult& result, const RenderOptions& options) {
    const std::string sheet = detail::family(result.ruleset.kind).render_html(result, options);
    return options.unmask_ids ? sheet : mask_ids_in_text(sheet);
}

std::string render_html_close() { return detail::html_close(); }

std::string render_html_note(const std::string& heading, const std::vector<std::string>& lines) {
    std::string out = "<section class=\"sheet\">\n<h1>" + detail::esc(heading) + "</h1>\n<ul class=\"flags\">\n";
    for (const auto& line : lines) out += "<li class=\"bad\">" + detail::esc(line) + "</li>\n";
    return out + "</ul>\n" + detail::sheet_close();
}

std::string render_html_numbered(const std::string& sheet, std::size_t place, const std::string& subject_id,
                                 const RenderOptions& options) {
    return detail::numbered_sheet(sheet, place, options.unmask_ids ? subject_id : mask_if_national_id(subject_id), options);
}

std::string render_html(const std::vector<const AuditResult*>& results, const RenderOptions& options) {
    std::string out = render_html_open(results.empty() ? RuleKind::programme : results.front()->ruleset.kind, options);
    std::size_t place = 0;
    for (const AuditResult* r : results) {
        const std::string sheet = render_html_sheet(*r, options);
        out += results.size() == 1 ? sheet : render_html_numbered(sheet, ++place, r->subject.id, options);
    }
    return out + render_html_close();
}

std::string render_html(const AuditResult& result, const RenderOptions& options) {
    return render_html(std::vector<const AuditResult*>{&result}, options);
}

}}  // namespace libaudit::v0
