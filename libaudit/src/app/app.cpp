// The application layer: what `libaudit check` and `batch` do around the engine, shared by the
// CLI and the Python module (libaudit/app.hpp).
#include <libaudit/app.hpp>
#include <libaudit/calendar.hpp>
#include <libaudit/diagnostic.hpp>
#include <libaudit/result.hpp>
#include <libaudit/term.hpp>
#include <libaudit/validators.hpp>

#include "base/edit_distance.hpp"
#include "render/still_needed.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace libaudit { inline namespace v0 {

void append_csv_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += field;
        return;
    }
    out += '"';
    for (char c : field) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

std::string csv_field(std::string_view field) {
    std::string out;
    append_csv_field(out, field);
    return out;
}

std::string csv_line(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) line += ',';
        append_csv_field(line, fields[i]);
    }
    line += '\n';
    return line;
}

std::optional<Diagnostic> parse_audit_as_of(const std::string& text, AuditOptions& options) {
    if (text.empty()) return std::nullopt;
    options.as_of = parse_term(text);
    options.as_of_date.reset();
    if (!options.as_of) options.as_of_date = parse_date(text);
    if (options.as_of || options.as_of_date) return std::nullopt;
    return usage_problem("as_of_term", {{"got", text}});
}

std::optional<Diagnostic> parse_check_as_of(const std::string& text, CheckOptions& options) {
    if (text.empty()) return std::nullopt;
    options.as_of = parse_datetime(text);
    if (options.as_of) return std::nullopt;
    return usage_problem("as_of_time", {{"got", text}});
}

Diagnostic usage_problem(const std::string& key, MessageParams params) {
    Diagnostic d;
    d.code = "U001";
    d.message_code = "usage." + key;
    d.message = message_text(Language::en, d.message_code, params);
    d.params = std::move(params);
    return d;
}

InputError usage_error(const std::string& key, MessageParams params) {
    return InputError({usage_problem(key, std::move(params))});
}

RuleSet choose_checks_ruleset(const std::vector<RuleSet>& rulesets, const std::string& rules_name) {
    const RuleSet* found = nullptr;
    int count = 0;
    for (const RuleSet& r : rulesets)
        if (r.kind() == RuleKind::checks) {
            if (!found) found = &r;
            ++count;
        }
    if (count != 1)
        throw usage_error(count == 0 ? "no_checks_ruleset" : "several_checks_rulesets", {{"rules", rules_name}});
    return *found;
}

RuleSet choose_subject_ruleset(const std::vector<RuleSet>& rulesets, const Profile& profile,
                               const std::string& rules_name) {
    return choose_subject_ruleset(rulesets, profile, rules_name, AuditOptions{});
}

RuleSet choose_subject_ruleset(const std::vector<RuleSet>& rulesets, const Profile& profile,
                               const std::string& rules_name, const AuditOptions& options) {
    std::string why;
    MessageParams reason;
    std::optional<RuleSet> rules = choose_ruleset(rulesets, profile, options, &why, &reason);
    if (!rules) {
        Diagnostic d;
        d.code = "U001";
        d.message = rules_name + ": " + why;
        d.message_code = "diag.no_ruleset";
        d.params = reason;
        d.params.insert(d.params.begin(), {"rules", rules_name});
        throw InputError({d});
    }
    return std::move(*rules);
}

namespace {

// `--select`: every code must name a course code or an offering (開課號) on the subject's records;
// one that does not is a usage error (U001), with the closest code on the records when one is near.
void check_selected(const CheckRequest& o, const Subject& subject) {
    for (const std::string& code : o.options.selected) {
        std::string best;
        std::size_t best_distance = 0;
        bool found = false;
        for (const Record& r : subject.records)
            for (const std::string* known : {&r.code, &r.offering}) {
                if (known->empty()) continue;
                if (*known == code) found = true;
                const std::size_t d = detail::edit_distance(*known, code);
                if (best.empty() || d < best_distance || (d == best_distance && *known < best)) best = *known, best_distance = d;
            }
        if (found) continue;
        const bool near = !best.empty() && best_distance <= std::max<std::size_t>(2, code.size() / 3);
        MessageParams params{{"code", code}, {"records", o.records}};
        if (near) params.push_back({"suggestion", best});
        throw usage_error(near ? "select_unknown_near" : "select_unknown", std::move(params));
    }
}

}  // namespace

AuditResult check_records(const CheckRequest& request) {
    return check_records(load_rulesets(request.rules), request);
}

namespace {

// The one subject of the records (or `o.id`).
Subject one_subject(const CheckRequest& o, std::vector<Record> records, const std::vector<Profile>& profiles) {
    std::vector<Subject> subjects = group_subjects(std::move(records), profiles);
    if (!o.id.empty()) {
        std::vector<Subject> keep;
        for (auto& s : subjects)
            if (s.profile.subject_id == o.id) keep.push_back(std::move(s));
        // Someone on the roster with no rows at all (a teacher without a single session) is
        // audited with no records: nothing earned, which is what the audit must say.
        if (keep.empty())
            for (const Profile& p : profiles)
                if (p.subject_id == o.id) {
                    Subject& s = keep.emplace_back();
                    s.profile = p;
                    s.profile.present = true;
                    break;
                }
        const std::string shown = o.unmask_ids ? o.id : mask_if_national_id(o.id);
        if (keep.empty())
            throw usage_error(o.profiles.empty() ? "id_not_found" : "id_not_found_profiles",
                              {{"id", shown}, {"records", o.records}, {"profiles", o.profiles}});
        subjects = std::move(keep);
    }
    if (subjects.empty()) throw usage_error("no_records", {{"records", o.records}});
    if (subjects.size() > 1) {
        std::string ids;
        for (std::size_t i = 0; i < subjects.size() && i < 5; ++i) {
            const std::string& id = subjects[i].profile.subject_id;
            ids += " " + (o.unmask_ids ? id : mask_if_national_id(id));
        }
        throw usage_error(subjects.size() > 5 ? "several_subjects_more" : "several_subjects",
                          {{"records", o.records}, {"count", std::to_string(subjects.size())}, {"ids", ids.substr(1)}});
    }
    check_selected(o, subjects.front());
    return std::move(subjects.front());
}

// The rule set for the subject's profile (or the what-if's), its exceptions checked against it.
RuleSet subject_ruleset(const std::vector<RuleSet>& rulesets, const CheckRequest& o, const Subject& subject) {
    RuleSet rules = choose_subject_ruleset(rulesets, subject.profile, o.rules, o.options);
    // A plan has courses and credits: hours rule sets audit dated sessions (docs/what-if.md).
    if (!o.options.plan.empty() && rules.kind() != RuleKind::programme)
        throw usage_error("plan_kind", {{"ruleset", rules.id()}, {"kind", to_string(rules.kind())}});
    // An exception naming a requirement the chosen rule set does not have is bad input.
    if (!o.options.exceptions.empty())
        if (std::vector<Diagnostic> problems = check_exceptions(o.options.exceptions, rules); !problems.empty())
            throw InputError(std::move(problems));
    return rules;
}

// The one subject of the records (or `o.id`), audited with the rule set for its profile.
AuditResult check_subject(const std::vector<RuleSet>& rulesets, const CheckRequest& o, std::vector<Record> records,
                          const std::vector<Profile>& profiles) {
    const Subject subject = one_subject(o, std::move(records), profiles);
    return audit(subject_ruleset(rulesets, o, subject), subject, o.options);
}

}  // namespace

AuditResult check_records(const std::vector<RuleSet>& rulesets, const CheckRequest& o) {
    if (o.records.empty()) throw usage_error("records_required", {});
    RecordFile input = read_record_file(o.records, o.read);
    // A separate profile file wins over a profile embedded in a JSON transcript.
    std::vector<Profile> profiles = o.profiles.empty() ? std::move(input.profiles) : read_profiles(o.profiles, o.read);
    return check_subject(rulesets, o, std::move(input.records), profiles);
}

CourseExplanation explain_course_records(const std::vector<RuleSet>& rulesets, const CheckRequest& o,
                                         const std::string& code) {
    if (o.records.empty()) throw usage_error("records_required", {});
    RecordFile input = read_record_file(o.records, o.read);
    std::vector<Profile> profiles = o.profiles.empty() ? std::move(input.profiles) : read_profiles(o.profiles, o.read);
    const Subject subject = one_subject(o, std::move(input.records), profiles);
    return explain_course(subject_ruleset(rulesets, o, subject), code, subject, o.options);
}

AuditResult check_records_text(const std::vector<RuleSet>& rulesets, const CheckRequest& o,
                               const std::string& records_text, const std::string* profiles_text) {
    RecordFile input = parse_record_file(records_text, o.records, o.read);
    std::vector<Profile> profiles =
        profiles_text ? parse_profiles(*profiles_text, o.profiles, o.read) : std::move(input.profiles);
    return check_subject(rulesets, o, std::move(input.records), profiles);
}

AuditResult check_data(const std::string& rules, const std::vector<std::string>& inputs, const std::string& name,
                       const CheckOptions& options, const ReadOptions& read) {
    return check_data(load_rulesets(rules), rules, inputs, name, options, read);
}

AuditResult check_data(const std::vector<RuleSet>& rulesets, const std::string& rules_name,
                       const std::vector<std::string>& inputs, const std::string& name, const CheckOptions& options,
                       const ReadOptions& read) {
    const RuleSet rules = choose_checks_ruleset(rulesets, rules_name);
    Dataset data = read_dataset(rules, inputs, read);
    if (!name.empty()) data.name = name;
    return audit_dataset(rules, data, options);
}

bool hours_summary(const std::vector<RuleSet>& rulesets, bool sessions_file) {
    return sessions_file ||
           std::all_of(rulesets.begin(), rulesets.end(), [](const RuleSet& r) { return r.kind() == RuleKind::hours; });
}

std::vector<std::string> summary_csv_header(bool hours, Language language) {
    static const char* const teachers[] = {"subject_id", "name",  "role", "ruleset", "status", "short_hours",
                                           "flags",      "still_needed"};
    static const char* const students[] = {"student_id",     "name",            "ruleset",
                                           "status",         "required_credits", "earned_credits",
                                           "pending_credits", "remaining_credits", "flags",
                                           "still_needed"};
    std::vector<std::string> out;
    for (const char* column : hours ? std::vector<const char*>(std::begin(teachers), std::end(teachers))
                                    : std::vector<const char*>(std::begin(students), std::end(students)))
        out.push_back(message_text(language, std::string("csv.") + column));
    return out;
}

// The codes of the result's flags, each once, in the order first given (a flag given several
// times, e.g. same_term_attempts per course and term, is one finding for the summary's reader).
std::string summary_flags(const BatchItem& item) {
    if (!item.result) return item.problems.empty() ? "no_ruleset" : "invalid_input";
    std::string flags;
    const auto& all = item.result->flags;
    for (auto f = all.begin(); f != all.end(); ++f) {
        const auto same = [&](const Flag& g) { return g.code == f->code; };
        if (std::find_if(all.begin(), f, same) != f) continue;
        if (!flags.empty()) flags += ';';
        flags += f->code;
    }
    return flags;
}

namespace {
std::string number(const std::optional<double>& v) { return v ? fmt::format("{:g}", *v) : std::string(); }
}  // namespace

std::vector<std::string> summary_csv_row(const BatchItem& item, bool hours, bool unmask_ids, Language language) {
    std::vector<std::string> cells{unmask_ids ? item.subject_id : mask_if_national_id(item.subject_id)};
    const std::string flags = summary_flags(item);
    const auto status = [&](Status s) { return message_text(language, std::string("status.") + to_string(s)); };
    if (!item.result) {
        if (hours) cells.insert(cells.end(), {"", "", "", status(Status::invalid), "", flags, ""});
        else cells.insert(cells.end(), {"", "", status(Status::invalid), "", "", "", "", flags, ""});
        return cells;
    }
    const AuditResult& r = *item.result;
    const RequirementResult& total = r.requirements.front();
    if (hours)
        cells.insert(cells.end(), {r.subject.name, r.subject.role, r.ruleset.id, status(r.status),
                                   number(total.remaining.hours), flags});
    else
        cells.insert(cells.end(), {r.subject.name, r.ruleset.id, status(r.status), number(total.required.credits),
                                   number(total.earned.credits), number(total.pending.credits),
                                   number(total.remaining.credits), flags});
    // The requirements still missing something, and what (masked like every text leaving the engine).
    const std::string needed = detail::still_needed_summary(r.requirements, language);
    cells.push_back(unmask_ids ? needed : mask_ids_in_text(needed));
    return cells;
}

std::vector<SummaryRow> summary_rows(const std::vector<const BatchItem*>& items, bool unmask_ids) {
    std::vector<SummaryRow> rows;
    rows.reserve(items.size());
    for (const BatchItem* item : items) {
        SummaryRow& row = rows.emplace_back();
        const AuditResult* r = item->result ? &*item->result : nullptr;
        // Teachers are often keyed by their national ID: masked as in every report unless asked.
        row.subject_id = unmask_ids ? item->subject_id : mask_if_national_id(item->subject_id);
        if (r) {
            row.name = r->subject.name;
            row.national_id = unmask_ids ? r->subject.national_id : mask_national_id(r->subject.national_id);
            row.programme = r->subject.programme;
            if (r->subject.entry_year) row.entry_year = *r->subject.entry_year;
            row.ruleset = r->ruleset.id;
            if (r->as_of) row.as_of = format_term(*r->as_of);
            else if (r->as_of_date) row.as_of = format_date(*r->as_of_date);
            row.role = r->subject.role;
        }
        row.status = r ? to_string(r->status) : "invalid";
        row.exit_code = exit_code(r ? r->status : Status::invalid);
        const RequirementResult* total = r && !r->requirements.empty() ? &r->requirements.front() : nullptr;
        if (total) {
            const Amount* amounts[] = {&total->required, &total->earned, &total->pending, &total->remaining};
            for (std::size_t i = 0; i < 4; ++i) {
                row.credits[i] = amounts[i]->credits;
                row.hours[i] = amounts[i]->hours;
            }
        }
        row.flag_codes = summary_flags(*item);
        // Why there is no result: no rule set applies, or the first problem with the input rows.
        row.error = item->problems.empty() ? item->error : format_diagnostic(item->problems.front(), false);
    }
    return rows;
}

}}  // namespace libaudit::v0
