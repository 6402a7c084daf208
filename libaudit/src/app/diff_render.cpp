// The report of `libaudit diff` for a terminal, as CSV and as JSON (libaudit/diff.hpp). Words from
// messages/*/diff.txt; national IDs masked unless asked; the rows are sorted, so the same subjects in
// any input order give the same bytes.
#include <libaudit/app.hpp>
#include <libaudit/diff.hpp>
#include <libaudit/validators.hpp>
#include <libaudit/version.hpp>

#include "base/json_writer.hpp"
#include "render/text.hpp"

namespace libaudit { inline namespace v0 {
namespace {

std::string say(Language l, const std::string& code, const MessageParams& params = {}) { return message_text(l, code, params); }

std::string outcome_word(Language l, const std::string& outcome) {
    const std::string code = (outcome == "no_ruleset" || outcome == "invalid_input" ? "diff.outcome." : "status.") + outcome;
    return say(l, code);
}

std::string subjects_text(Language l, std::size_t n) {
    return say(l, n == 1 ? "cli.subjects.one" : "cli.subjects.other", {{"count", std::to_string(n)}});
}

std::string number(const std::optional<double>& v) { return v ? detail::num(*v) : ""; }

std::string requirement_side(Language l, const RequirementChange& c, bool old_side) {
    const std::optional<Status>& status = old_side ? c.old_status : c.new_status;
    if (!status) return say(l, "diff.absent");
    const std::optional<double>& earned = old_side ? c.old_earned : c.new_earned;
    const std::optional<double>& required = old_side ? c.old_required : c.new_required;
    const std::string word = say(l, std::string("status.") + to_string(*status));
    if (c.unit.empty()) return say(l, "diff.figure.status", {{"status", word}});
    if (!required) return say(l, "diff.figure.earned", {{"earned", number(earned)}, {"unit", say(l, "diff.unit." + c.unit)}, {"status", word}});
    return say(l, "diff.figure",
               {{"earned", number(earned ? earned : std::optional<double>(0))}, {"required", number(required)},
                {"unit", say(l, "diff.unit." + c.unit)}, {"status", word}});
}

std::string place_text(Language l, const Placement& p) {
    if (!p.requirements.empty()) return detail::join(p.requirements, " + ");
    if (p.excluded.empty()) return say(l, "diff.place.none");
    const std::string reason = p.message.empty() || !has_message(l, p.message) ? p.excluded : say(l, p.message, p.params);
    return say(l, "diff.place.excluded", {{"reason", reason}});
}

std::string title_in(Language l, const std::string& title, const std::string& title_en) {
    return l == Language::en && !title_en.empty() ? title_en : title;
}

std::string shown_id(const std::string& id, bool unmask) { return unmask ? id : mask_if_national_id(id); }

void text_subject(std::string& out, Language l, const SubjectChange& c, bool unmask) {
    const MessageParams who{{"id", shown_id(c.subject_id, unmask)},
                            {"programme", c.programme},
                            {"entry_year", c.entry_year ? std::to_string(*c.entry_year) : "?"},
                            {"old", outcome_word(l, c.old_outcome)},
                            {"new", outcome_word(l, c.new_outcome)}};
    out += say(l, c.status_changed() ? "diff.subject" : "diff.subject.same", who) + "\n";
    const auto id_of = [](const std::string& ruleset) { return ruleset.substr(0, ruleset.find(' ')); };
    if (id_of(c.old_ruleset) != id_of(c.new_ruleset))
        out += "  " + say(l, "diff.subject.ruleset", {{"old", c.old_ruleset.empty() ? say(l, "diff.absent") : c.old_ruleset},
                                                        {"new", c.new_ruleset.empty() ? say(l, "diff.absent") : c.new_ruleset}}) + "\n";
    for (const RequirementChange& r : c.requirements)
        out += "  " + say(l, "diff.requirement", {{"title", title_in(l, r.title, r.title_en)}, {"id", r.id},
                                                  {"old", requirement_side(l, r, true)}, {"new", requirement_side(l, r, false)}}) + "\n";
    for (const RecordMove& m : c.records)
        out += "  " + say(l, "diff.record", {{"code", m.code}, {"title", m.title}, {"term", m.term ? format_term(*m.term) : "-"},
                                             {"old", place_text(l, m.old_place)}, {"new", place_text(l, m.new_place)}}) + "\n";
}

// "met → not_met: 3 subjects" for each change of status, in order of the words.
void text_transitions(std::string& out, Language l, const DiffReport& report) {
    std::map<std::pair<std::string, std::string>, std::size_t> moves;
    for (const SubjectChange& c : report.changes)
        if (c.status_changed()) ++moves[{c.old_outcome, c.new_outcome}];
    for (const auto& [move, n] : moves)
        out += say(l, "diff.transition", {{"old", outcome_word(l, move.first)}, {"new", outcome_word(l, move.second)},
                                          {"subjects", subjects_text(l, n)}}) + "\n";
}

}  // namespace

std::string render_diff_text(const DiffReport& report, Language l, bool unmask_ids) {
    std::string out = say(l, "diff.heading", {{"old", report.old_rules}, {"new", report.new_rules},
                                               {"subjects", subjects_text(l, report.subjects)}}) + "\n";
    const std::size_t changed = static_cast<std::size_t>(report.status_changes());
    const std::size_t figures = report.changes.size() - changed;
    out += say(l, "diff.counts", {{"changed", subjects_text(l, changed)}, {"figures", subjects_text(l, figures)},
                                  {"same", subjects_text(l, report.subjects - report.changes.size())}}) + "\n";
    text_transitions(out, l, report);
    if (report.changes.empty()) return out + say(l, "diff.none") + "\n";
    for (const bool status : {true, false}) {
        if ((status ? changed : figures) == 0) continue;
        out += "\n" + say(l, status ? "diff.section.status" : "diff.section.figures") + "\n";
        for (const SubjectChange& c : report.changes)
            if (c.status_changed() == status) text_subject(out, l, c, unmask_ids);
    }
    return unmask_ids ? out : mask_ids_in_text(out);
}

std::string render_diff_csv(const DiffReport& report, Language l, bool unmask_ids) {
    std::vector<std::string> header;
    for (const char* k : {"subject", "programme", "entry_year", "change", "item", "title", "term", "old", "new", "unit",
                          "old_earned", "old_required", "new_earned", "new_required"})
        header.push_back(say(l, std::string("diff.csv.") + k));
    std::string out = csv_line(header);
    for (const SubjectChange& c : report.changes) {
        const std::vector<std::string> who{shown_id(c.subject_id, unmask_ids), c.programme,
                                           c.entry_year ? std::to_string(*c.entry_year) : ""};
        const auto row = [&](std::vector<std::string> rest) {
            std::vector<std::string> fields = who;
            fields.insert(fields.end(), rest.begin(), rest.end());
            fields.resize(header.size());
            out += csv_line(fields);
        };
        if (c.status_changed())
            row({say(l, "diff.change.status"), "", "", "", outcome_word(l, c.old_outcome), outcome_word(l, c.new_outcome)});
        const auto status = [&](const std::optional<Status>& s) { return s ? say(l, std::string("status.") + to_string(*s)) : ""; };
        for (const RequirementChange& r : c.requirements)
            row({say(l, "diff.change.requirement"), r.id, title_in(l, r.title, r.title_en), "", status(r.old_status),
                 status(r.new_status), r.unit.empty() ? "" : say(l, "diff.unit." + r.unit), number(r.old_earned),
                 number(r.old_required), number(r.new_earned), number(r.new_required)});
        for (const RecordMove& m : c.records)
            row({say(l, "diff.change.record"), m.code, m.title, m.term ? format_term(*m.term) : "", place_text(l, m.old_place),
                 place_text(l, m.new_place)});
    }
    return unmask_ids ? out : mask_ids_in_text(out);
}

namespace {

void json_sets(detail::JsonWriter& w, const char* key, const std::string& given, const std::vector<RulesetInfo>& sets) {
    w.key(key);
    w.begin_object();
    w.key("rules"), w.string(given);
    w.key("rulesets");
    w.begin_array();
    for (const RulesetInfo& r : sets) {
        w.begin_object();
        w.key("id"), w.string(r.id);
        w.key("version"), w.string(r.version);
        w.key("file"), w.string(r.file);
        w.key("sha256"), w.string(r.sha256);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

void json_optional(detail::JsonWriter& w, const char* key, const std::optional<double>& v) {
    w.key(key);
    if (v) w.number(*v);
    else w.null();
}

void json_place(detail::JsonWriter& w, const char* key, const Placement& p) {
    w.key(key);
    w.begin_object();
    w.key("requirements");
    w.begin_array();
    for (const auto& id : p.requirements) w.string(id);
    w.end_array();
    w.key("excluded");
    if (p.excluded.empty()) w.null();
    else w.string(p.excluded);
    w.end_object();
}

void json_requirement(detail::JsonWriter& w, const RequirementChange& r) {
    w.begin_object();
    w.key("id"), w.string(r.id);
    w.key("title"), w.string(r.title);
    w.key("unit"), w.string(r.unit);
    for (const bool old_side : {true, false}) {
        w.key(old_side ? "old" : "new");
        const std::optional<Status>& s = old_side ? r.old_status : r.new_status;
        if (!s) {
            w.null();
            continue;
        }
        w.begin_object();
        w.key("status"), w.string(to_string(*s));
        json_optional(w, "earned", old_side ? r.old_earned : r.new_earned);
        json_optional(w, "required", old_side ? r.old_required : r.new_required);
        w.end_object();
    }
    w.end_object();
}

void json_subject(detail::JsonWriter& w, const SubjectChange& c, bool unmask) {
    w.begin_object();
    w.key("id"), w.string(shown_id(c.subject_id, unmask));
    w.key("programme"), w.string(c.programme);
    w.key("entry_year");
    if (c.entry_year) w.number(*c.entry_year);
    else w.null();
    w.key("old"), w.begin_object(), w.key("status"), w.string(c.old_outcome), w.key("ruleset"), w.string(c.old_ruleset), w.end_object();
    w.key("new"), w.begin_object(), w.key("status"), w.string(c.new_outcome), w.key("ruleset"), w.string(c.new_ruleset), w.end_object();
    w.key("requirements");
    w.begin_array();
    for (const RequirementChange& r : c.requirements) json_requirement(w, r);
    w.end_array();
    w.key("records");
    w.begin_array();
    for (const RecordMove& m : c.records) {
        w.begin_object();
        w.key("code"), w.string(m.code);
        w.key("title"), w.string(m.title);
        w.key("term"), w.string(m.term ? format_term(*m.term) : "");
        json_place(w, "old", m.old_place);
        json_place(w, "new", m.new_place);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

void json_counts(detail::JsonWriter& w, const char* key, const std::map<std::string, int>& counts) {
    w.key(key);
    w.begin_object();
    for (const auto& [outcome, n] : counts) w.key(outcome), w.number(n);
    w.end_object();
}

}  // namespace

std::string render_diff_json(const DiffReport& report, bool unmask_ids) {
    detail::JsonWriter w;
    w.mask_ids(!unmask_ids);
    w.begin_object();
    w.key("engine_version"), w.string(engine_version);
    json_sets(w, "old", report.old_rules, report.old_sets);
    json_sets(w, "new", report.new_rules, report.new_sets);
    w.key("subjects"), w.number(static_cast<double>(report.subjects));
    w.key("status_changed"), w.number(report.status_changes());
    w.key("changed"), w.number(static_cast<double>(report.changes.size()));
    json_counts(w, "old_counts", report.old_counts);
    json_counts(w, "new_counts", report.new_counts);
    w.key("students");
    w.begin_array();
    for (const SubjectChange& c : report.changes) json_subject(w, c, unmask_ids);
    w.end_array();
    w.end_object();
    return w.str() + "\n";
}

}}  // namespace libaudit::v0
