// What the text renderings of every family share: the language switch, numbers, status words and
// marks, requirement titles, aligned tables (CJK counted as two columns) and rule outlines. Each
// family's own report and outline are in families/<family>/render.cpp. Internal.
#pragma once
#include <libaudit/render.hpp>

#include "rules/model.hpp"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

bool zh(const RenderOptions& o);
std::string num(double v);  // 3, 1.5, 0.25: no trailing zeros
// The catalogue's message `code` in the report's language.
std::string say(bool chinese, const std::string& code, const MessageParams& params = {});
std::string status_label(Status s, bool chinese);
std::string mark(Status s, bool chinese);  // ✓, ✗, ✓ 修課中, 不適用
// What a requirement met pending waits on when a what-if plan is counted (docs/what-if.md): "" for
// courses in progress only, ".planned" for planned courses only, ".both"; the suffix of the
// catalogue's report.mark.met_pending and report.status.met_pending.
std::string pending_suffix(const RequirementResult& r);
// The result's status in words, met pending saying planned courses when a plan is what it waits on.
std::string result_status_label(const AuditResult& res, bool chinese);
std::string title(const RequirementResult& r, bool chinese);
// Text a rule set gives in two languages: the English where it has one and `language` is English,
// else its own text (docs/rule-language.md, "Text in two languages").
inline const std::string& in_language(Language language, const std::string& text, const std::string& en) {
    return language == Language::en && !en.empty() ? en : text;
}
inline const std::string& in_language(bool chinese, const std::string& text, const std::string& en) {
    return in_language(chinese ? Language::zh_TW : Language::en, text, en);
}
std::string join(const std::vector<std::string>& v, const char* sep = ", ");

// Every requirement's title in the chosen language, by id.
std::map<std::string, std::string> requirement_titles(const AuditResult& res, bool chinese);

// A flag's message in `language` (its English detail when it names no message), the requirement it
// is about given by its title in that language.
std::string flag_message(const Flag& f, Language language, const std::string& requirement_title);

// The marks that tie a requirement row to the notes about the exceptions applied to it (issue 18):
// the exceptions are numbered 1, 2, ... in the order the notes list them; a row's mark names the
// numbers of those applied to its requirement (†1 / ※1,2), "" when none.
std::string exception_mark(const AuditResult& res, const RequirementResult& r, Language language);
// The same mark for the note `f` when it is about an exception, "" otherwise.
std::string exception_note_mark(const AuditResult& res, const Flag& f, Language language);
// `cell` with `mark` after it, a space between them when both have text.
std::string with_mark(const std::string& cell, const std::string& mark);

// `parts` joined by the catalogue's message `code` ({a} and {b}: outline.list, outline.and,
// outline.then) in `language`.
std::string joined(Language language, const std::vector<std::string>& parts, const char* code);

// A filter's conditions as `field ∈ {a, b}`, joined.
std::string filter_text(const Filter& f, Language language);

// The requirement tree drawn with ├─ └─, one line per node as `line` writes it.
void outline(const ReqNode& root, const std::function<std::string(const ReqNode&)>& line, std::string& out);

// The first lines of every outline: id, version, title and source.
std::string heading(const Model& m, Language language);

// Rows of cells in aligned columns, two spaces apart, by display width; `right[k]` right-aligns
// column k; the last column is not padded and no line ends in spaces.
using TableRow = std::vector<std::string>;
// Columns two spaces apart, each as wide as its widest cell (right-aligned where `right` says).
// With max_width > 0 and a table wider than that, the widest left-aligned column narrows (to no
// less than 12 columns) and its cells wrap onto continuation lines.
std::string format_table(const std::vector<TableRow>& rows, const std::vector<bool>& right, int max_width = 0);

}}}  // namespace libaudit::v0::detail
