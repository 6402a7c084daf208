// Lint over a folder of rule sets (folder_lint.hpp): duplicate ids, overlapping applies_to, entry
// years no rule set covers. Words in messages/*/lint_folder.txt.
#include "engine/folder_lint.hpp"

#include "rules/model.hpp"
#include "rules/rule_reader.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

// The text of line `line` of `file` ("" when it cannot be read): the caret display's source line.
std::string line_of(const std::string& file, int line) {
    try {
        std::istringstream in(read_file(file));
        std::string text;
        for (int i = 1; std::getline(in, text); ++i)
            if (i == line) {
                if (!text.empty() && text.back() == '\r') text.pop_back();
                return text;
            }
    } catch (const IoError&) {
    }
    return {};
}

// A diagnostic at `at`, naming the other place `other` (other_file, other_line, other_column).
Diagnostic located(const std::string& key, Severity severity, const SourceLocation& at, const SourceLocation& other,
                   MessageParams params) {
    params.push_back({"other_file", other.file});
    params.push_back({"other_line", std::to_string(other.line)});
    params.push_back({"other_column", std::to_string(other.column)});
    Diagnostic d;
    d.severity = severity;
    d.code = key.substr(0, key.find('.'));
    d.message_code = "lint." + key;
    d.params = std::move(params);
    d.message = message_text(Language::en, d.message_code, d.params);
    d.where = at;
    d.source_line = line_of(at.file, at.line);
    return d;
}

// Where a rule set says whom it applies to: applies_to's entry_years (else applies_to, else its id).
SourceLocation applies_at(const Model& m) {
    SourceLocation at = m.applies_at.line > 0 ? m.applies_at : m.id_at;
    at.file = m.file;
    return at;
}

SourceLocation id_at(const Model& m) {
    SourceLocation at = m.id_at;
    at.file = m.file;
    return at;
}

// "98-111", "112", "112, 114" for a sorted list of years.
std::string years_text(const std::vector<int>& years) {
    std::string out;
    for (std::size_t i = 0; i < years.size();) {
        std::size_t j = i;
        while (j + 1 < years.size() && years[j + 1] == years[j] + 1) ++j;
        out += (out.empty() ? "" : ", ") + std::to_string(years[i]) + (j > i ? "-" + std::to_string(years[j]) : "");
        i = j + 1;
    }
    return out;
}

bool shares_programme(const Model& a, const Model& b) {
    if (a.programmes.empty() || b.programmes.empty()) return true;
    return std::any_of(a.programmes.begin(), a.programmes.end(), [&](const std::string& p) {
        return std::find(b.programmes.begin(), b.programmes.end(), p) != b.programmes.end();
    });
}

// The entry years both apply to (empty entry_years = every year: the other's, or "any").
std::vector<int> shared_years(const Model& a, const Model& b) {
    if (a.entry_years.empty()) return b.entry_years;
    if (b.entry_years.empty()) return a.entry_years;
    std::set<int> mine(a.entry_years.begin(), a.entry_years.end());
    std::vector<int> out;
    for (int y : std::set<int>(b.entry_years.begin(), b.entry_years.end()))
        if (mine.count(y)) out.push_back(y);
    return out;
}

std::string programme_of(const Model& a, const Model& b) {
    if (a.programmes.empty()) return b.programmes.empty() ? std::string("*") : b.programmes.front();
    for (const auto& p : a.programmes)
        if (b.programmes.empty() || std::find(b.programmes.begin(), b.programmes.end(), p) != b.programmes.end()) return p;
    return a.programmes.front();
}

// E020: a rule set id used by an earlier file too (a folder must choose unambiguously).
void duplicate_ids(const std::vector<RuleSet>& sets, std::vector<Diagnostic>& out) {
    std::map<std::string, const Model*> seen;
    for (const auto& r : sets) {
        auto [it, fresh] = seen.emplace(r.id(), &r.model());
        if (!fresh)
            out.push_back(located("E020.duplicate_ruleset_id", Severity::error, id_at(r.model()), id_at(*it->second),
                                  {{"id", r.id()}}));
    }
}

// E024: two programme rule sets a student could both match (checked once the ids differ).
void overlaps(const std::vector<const Model*>& programmes, std::vector<Diagnostic>& out) {
    for (std::size_t j = 1; j < programmes.size(); ++j)
        for (std::size_t i = 0; i < j; ++i) {
            const Model& a = *programmes[i];
            const Model& b = *programmes[j];
            if (a.id == b.id || !shares_programme(a, b)) continue;
            const std::vector<int> years = shared_years(a, b);
            if (years.empty() && !a.entry_years.empty() && !b.entry_years.empty()) continue;
            out.push_back(located("E024.overlap", Severity::error, applies_at(b), applies_at(a),
                                  {{"id", b.id}, {"other_id", a.id}, {"programme", programme_of(a, b)},
                                   {"years", years.empty() ? std::string("*") : years_text(years)}}));
        }
}

// W042: entry years between a programme's first and last that no rule set covers. Rule sets that
// share a programme name (or an alias) form one programme; each gap is located at the rule set
// right after it.
void gaps(const std::vector<const Model*>& programmes, std::vector<Diagnostic>& out) {
    std::vector<bool> done(programmes.size(), false);
    for (std::size_t start = 0; start < programmes.size(); ++start) {
        if (done[start] || programmes[start]->programmes.empty()) continue;
        std::vector<const Model*> group{programmes[start]};
        done[start] = true;
        for (std::size_t k = 0; k < group.size(); ++k)  // grows while aliases join further rule sets
            for (std::size_t i = 0; i < programmes.size(); ++i)
                if (!done[i] && !programmes[i]->programmes.empty() && shares_programme(*group[k], *programmes[i]))
                    group.push_back(programmes[i]), done[i] = true;
        std::map<int, const Model*> by_year;  // the first rule set (in file order) of each year
        bool any_year = false;
        for (const Model* m : group) {
            any_year = any_year || m->entry_years.empty();
            for (int y : m->entry_years) by_year.emplace(y, m);
        }
        if (any_year || by_year.size() < 2) continue;
        for (auto it = std::next(by_year.begin()); it != by_year.end(); ++it) {
            const auto before = std::prev(it);
            if (it->first == before->first + 1) continue;
            std::vector<int> missing;
            for (int y = before->first + 1; y < it->first; ++y) missing.push_back(y);
            out.push_back(located("W042.entry_year_gap", Severity::warning, applies_at(*it->second),
                                  applies_at(*before->second),
                                  {{"programme", group.front()->programmes.front()}, {"years", years_text(missing)},
                                   {"id", it->second->id}, {"other_id", before->second->id}}));
        }
    }
}

}  // namespace

void lint_folder_ids(const std::vector<RuleSet>& sets, std::vector<Diagnostic>& out) { duplicate_ids(sets, out); }

void lint_folder(const std::vector<RuleSet>& sets, std::vector<Diagnostic>& out) {
    duplicate_ids(sets, out);
    std::vector<const Model*> programmes;
    for (const auto& r : sets)
        if (r.kind() == RuleKind::programme) programmes.push_back(&r.model());
    overlaps(programmes, out);
    gaps(programmes, out);
}

void drop_silenced(const std::vector<RuleSet>& sets, std::vector<Diagnostic>& diagnostics) {
    std::map<std::string, const std::vector<std::string>*> allowed;
    for (const auto& r : sets) allowed.emplace(r.file(), &r.model().lint_allowed);
    diagnostics.erase(std::remove_if(diagnostics.begin(), diagnostics.end(),
                                     [&](const Diagnostic& d) {
                                         if (d.severity != Severity::warning) return false;
                                         const auto it = allowed.find(d.where.file);
                                         return it != allowed.end() &&
                                                std::find(it->second->begin(), it->second->end(), d.code) !=
                                                    it->second->end();
                                     }),
                      diagnostics.end());
}

}}}  // namespace libaudit::v0::detail
