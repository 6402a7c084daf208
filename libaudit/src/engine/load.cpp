// Loading rule sets: the file's kind decides which family reads the rest (engine/family.hpp);
// folders of rule files, lint over paths, whom a rule set applies to (through its family) and
// choosing the rule set for a subject.
#include <libaudit/audit.hpp>
#include <libaudit/ruleset.hpp>

#include "base/sha256.hpp"
#include "engine/family.hpp"
#include "engine/folder_lint.hpp"
#include "rules/model.hpp"
#include "rules/rule_reader.hpp"
#include "rules/yaml_prescan.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace libaudit { inline namespace v0 {

using detail::Model;

namespace {
// A rule file is one YAML document: YAML::Load reads the first and ignores the rest, so a second
// (after a '---' line) would be lost without a word. LoadAll only when a marker may be there.
void second_document(const std::string& text, detail::RuleReader& reader) {
    if (text.find("\n---") == std::string::npos && text.find("\n...") == std::string::npos) return;
    const std::vector<YAML::Node> docs = YAML::LoadAll(text);
    if (docs.size() > 1) reader.report(docs[1], "E001.second_document", {});
}
// A silence (lint: allow) names a warning code: W and digits.
bool warning_code(const std::string& s) {
    return s.size() > 1 && s[0] == 'W' && std::all_of(s.begin() + 1, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// `lint: {allow: [{code: W042, reason: ...}]}`, the same in every kind of rule file: the warning
// codes this file silences, each with the reason the pack expects it (E025 otherwise). Removed
// from the document, so that no family's loader sees the key.
std::vector<std::string> lint_allow(detail::RuleReader& reader, YAML::Node& doc) {
    std::vector<std::string> codes;
    const YAML::Node& read = doc;  // const: operator[] must not add the key
    if (!read.IsMap() || !read["lint"]) return codes;
    const YAML::Node node = read["lint"];
    detail::RuleReader::Map lint(reader, node, {"allow"}, "'lint'");
    const YAML::Node* allow = lint.ok() ? lint.required("allow") : nullptr;
    if (allow && !allow->IsSequence()) reader.report(*allow, "E012.not_list", {{"key", "allow"}, {"got", reader.got(*allow)}});
    for (std::size_t i = 0; allow && allow->IsSequence() && i < allow->size(); ++i) {
        const YAML::Node item = (*allow)[i];
        detail::RuleReader::Map a(reader, item, {"code", "reason"}, "'allow'");
        const YAML::Node* code = a.ok() ? a.required("code") : nullptr;
        const std::optional<std::string> c = code ? reader.string(*code, "code") : std::nullopt;
        if (!c) continue;
        const YAML::Node* reason = a.get("reason");
        const bool explained = reason && reason->IsScalar() && !reason->Scalar().empty();
        if (c->size() > 1 && c->front() == 'E' && warning_code("W" + c->substr(1)))
            reader.report(*code, "E025.allow_error", {{"code", *c}});
        else if (!warning_code(*c))
            reader.report(*code, "E025.allow_code", {{"code", *c}});
        else if (!explained)
            reader.report(reason ? *reason : item, "E025.allow_no_reason", {{"code", *c}});
        else
            codes.push_back(*c);
    }
    doc.remove("lint");
    return codes;
}

// Drops the warnings of one file that its own `lint: allow` silences.
void drop_allowed(const std::vector<std::string>& allowed, std::vector<Diagnostic>& diagnostics) {
    diagnostics.erase(std::remove_if(diagnostics.begin(), diagnostics.end(),
                                     [&](const Diagnostic& d) {
                                         return d.severity == Severity::warning &&
                                                std::find(allowed.begin(), allowed.end(), d.code) != allowed.end();
                                     }),
                      diagnostics.end());
}

}  // namespace

LintResult lint_ruleset_from_string(const std::string& text, const std::string& name) {
    LintResult result;
    detail::RuleReader reader(name, text);
    if (!reader.text_ok(text)) {
        result.diagnostics = reader.diagnostics;
        return result;
    }
    // What Chinese input methods and word processors put into YAML, each on its own line, all at
    // once: yaml-cpp would stop at the first, often lines later, in words of its own.
    if (detail::prescan_yaml(reader, text)) {
        result.diagnostics = reader.diagnostics;
        return result;
    }
    YAML::Node doc;
    try {
        doc = YAML::Load(text);
        second_document(text, reader);
    } catch (const YAML::ParserException& e) {
        if (!detail::indentation_problems(reader, text)) reader.syntax_error(e, detail::yaml_message_key(e.msg));
        result.diagnostics = reader.diagnostics;
        return result;
    }
    reader.tags(doc);
    const std::optional<RuleKind> kind = reader.kind_of(doc);
    if (!kind) {
        result.diagnostics = reader.diagnostics;
        return result;
    }
    const std::vector<std::string> allowed = lint_allow(reader, doc);
    detail::Loaded loaded = detail::family(*kind).load(name, text, doc);
    loaded.model->kind = *kind;
    loaded.model->lint_allowed = allowed;
    loaded.diagnostics.insert(loaded.diagnostics.end(), reader.diagnostics.begin(), reader.diagnostics.end());
    drop_allowed(allowed, loaded.diagnostics);
    std::stable_sort(loaded.diagnostics.begin(), loaded.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::make_pair(a.where.line, a.where.column) < std::make_pair(b.where.line, b.where.column);
    });
    result.diagnostics = loaded.diagnostics;
    if (!result.has_errors()) {
        loaded.model->file = name;
        loaded.model->sha256 = detail::sha256_hex(text);
        result.ruleset = RuleSet(std::move(loaded.model));
    }
    return result;
}

LintResult lint_ruleset(const std::string& path) { return lint_ruleset_from_string(detail::read_file(path), path); }

bool LintResult::has_errors() const {
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) { return d.severity == Severity::error; });
}

RuleSet load_ruleset_from_string(const std::string& text, const std::string& name) {
    LintResult r = lint_ruleset_from_string(text, name);
    if (!r.ruleset) throw RuleError(r.diagnostics);
    return *r.ruleset;
}

RuleSet load_ruleset(const std::string& path) { return load_ruleset_from_string(detail::read_file(path), path); }


std::vector<std::string> rule_files(const std::string& path) { return detail::yaml_files_under(path, false); }

namespace {

// The folder's errors that make choosing a rule set ambiguous by id (E020); overlapping
// applies_to and gaps are lint's (lint_paths), since a folder with them still audits the others,
// so a load does not compute them (they were computed and dropped: code a browser compiled on the
// module's first call).
void duplicate_ids(const std::vector<RuleSet>& sets, std::vector<Diagnostic>& out) { detail::lint_folder_ids(sets, out); }

}  // namespace

std::vector<RuleSet> load_rulesets(const std::string& path) {
    std::vector<RuleSet> sets;
    std::vector<Diagnostic> problems;
    for (const auto& f : rule_files(path)) {
        try {
            sets.push_back(load_ruleset(f));
        } catch (const RuleError& e) {
            problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
    }
    duplicate_ids(sets, problems);
    if (!problems.empty()) throw RuleError(problems);
    if (sets.empty()) throw IoError("no rule files (*.yaml) in " + path);
    return sets;
}

LintReport lint_paths(const std::vector<std::string>& paths) {
    LintReport report;
    std::vector<RuleSet> sets;
    for (const auto& path : paths) {
        for (const auto& f : rule_files(path)) {
            LintResult r = lint_ruleset(f);
            ++report.files;
            report.diagnostics.insert(report.diagnostics.end(), r.diagnostics.begin(), r.diagnostics.end());
            if (r.ruleset) sets.push_back(*r.ruleset);
        }
    }
    detail::lint_folder(sets, report.diagnostics);
    detail::drop_silenced(sets, report.diagnostics);
    return report;
}

int LintReport::errors() const {
    return static_cast<int>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                          [](const Diagnostic& d) { return d.severity == Severity::error; }));
}
int LintReport::warnings() const {
    return static_cast<int>(std::count_if(diagnostics.begin(), diagnostics.end(),
                                          [](const Diagnostic& d) { return d.severity == Severity::warning; }));
}

bool RuleSet::applies_to(const Profile& profile, std::string* why_not) const {
    MessageParams why;
    const bool applies = detail::family(model_->kind).applies_to(*model_, profile, why_not ? &why : nullptr);
    if (!applies && why_not) *why_not = message_text(Language::en, "applies.why", why);
    return applies;
}

namespace {

// Entry years as ranges: 110-112, 114.
std::string year_ranges(std::vector<int> years) {
    std::sort(years.begin(), years.end());
    years.erase(std::unique(years.begin(), years.end()), years.end());
    std::string out;
    for (std::size_t i = 0; i < years.size();) {
        std::size_t j = i;
        while (j + 1 < years.size() && years[j + 1] == years[j] + 1) ++j;
        out += (out.empty() ? "" : ", ") + std::to_string(years[i]) + (j > i ? "-" + std::to_string(years[j]) : "");
        i = j + 1;
    }
    return out;
}

// What the rule sets of a folder cover, for a student none applies to: "id: programme years; ..."
// in the rule files' own words and numbers (the same in every language), by id.
std::string coverage(const std::vector<const RuleSet*>& rulesets) {
    std::vector<std::string> lines;
    for (const RuleSet* r : rulesets) {
        if (r->kind() == RuleKind::hours) continue;  // a student's folder may hold teachers' rules
        std::string programmes;
        for (const std::string& name : r->model().programmes) programmes += (programmes.empty() ? "" : "/") + name;
        std::string line = r->id() + ":";
        if (!programmes.empty()) line += " " + programmes;
        if (!r->model().entry_years.empty()) line += " " + year_ranges(r->model().entry_years);
        lines.push_back(std::move(line));
    }
    std::sort(lines.begin(), lines.end());
    std::string out;
    for (const std::string& line : lines) out += (out.empty() ? "" : "; ") + line;
    return out;
}

// Why no rule set was chosen, as the parameters of the catalogue message choose.why.
MessageParams no_choice(const Profile& profile, const std::vector<const RuleSet*>& judged,
                        const std::vector<const RuleSet*>& matches) {
    // Teachers: the hours rule sets decide (a folder may also hold programme frameworks).
    const bool hours = !profile.role.empty() || std::all_of(judged.begin(), judged.end(), [](const RuleSet* r) {
        return r->kind() == RuleKind::hours;
    });
    std::string reason = matches.empty() ? "none" : "several";
    MessageParams p;
    if (hours) {
        reason += profile.programme.empty() ? ".teacher" : ".teacher_policy";
        p = {{"role", profile.role}, {"policy", profile.programme}};
    } else {
        reason += ".student";
        p = {{"programme", profile.programme},
             {"entry_year", profile.entry_year ? std::to_string(*profile.entry_year) : std::string("none")}};
    }
    std::string ids;
    for (const auto* r : matches) ids += (ids.empty() ? "" : " ") + r->id();
    if (!matches.empty()) p.push_back({"rulesets", ids});
    if (reason == "none.student" && !judged.empty()) {
        reason += ".covered";
        p.push_back({"covered", coverage(judged)});
    }
    p.insert(p.begin(), {"reason", reason});
    return p;
}

}  // namespace

std::optional<RuleSet> choose_ruleset(const std::vector<RuleSet>& candidates, const Profile& profile,
                                      std::string* why, MessageParams* reason) {
    // Checks rule sets (settings, accounts) check datasets, not a student's records.
    std::vector<const RuleSet*> subject_sets;
    for (const auto& r : candidates)
        if (detail::family(r.kind()).audit) subject_sets.push_back(&r);
    if (subject_sets.size() == 1) return *subject_sets.front();
    if (subject_sets.empty()) {
        const MessageParams p{{"reason", "no_subject_sets"}};
        if (why) *why = message_text(Language::en, "choose.why", p);
        if (reason) *reason = p;
        return std::nullopt;
    }
    std::vector<const RuleSet*> matches;
    for (const auto* r : subject_sets)
        if (r->applies_to(profile)) matches.push_back(r);
    if (matches.size() == 1) return *matches.front();
    // A teacher whose named policy does not cover the role: that policy's audit says not_applicable.
    if (matches.empty() && !profile.programme.empty())
        for (const auto* r : subject_sets)
            if (r->kind() == RuleKind::hours && r->id() == profile.programme) return *r;
    if (why || reason) {
        const MessageParams p = no_choice(profile, matches.empty() ? subject_sets : matches, matches);
        if (why) *why = message_text(Language::en, "choose.why", p);
        if (reason) *reason = p;
    }
    return std::nullopt;
}

std::optional<RuleSet> choose_ruleset(const std::vector<RuleSet>& candidates, const Profile& profile,
                                      const AuditOptions& options, std::string* why, MessageParams* reason) {
    if (!options.rule_set.empty()) {
        for (const auto& r : candidates)
            if (r.id() == options.rule_set && detail::family(r.kind()).audit) return r;
        std::string ids;
        for (const auto& r : candidates)
            if (detail::family(r.kind()).audit) ids += (ids.empty() ? "" : ", ") + r.id();
        const MessageParams p{{"reason", "unknown_rule_set"}, {"rule_set", options.rule_set}, {"rulesets", ids}};
        if (why) *why = message_text(Language::en, "choose.why", p);
        if (reason) *reason = p;
        return std::nullopt;
    }
    if (!options.as_entry_year) return choose_ruleset(candidates, profile, why, reason);
    Profile as_if = profile;
    as_if.entry_year = options.as_entry_year;
    return choose_ruleset(candidates, as_if, why, reason);
}

}}  // namespace libaudit::v0