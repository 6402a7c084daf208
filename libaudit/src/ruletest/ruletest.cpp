// Rule-pack tests (*.test.yaml): read strictly with located errors, run each case through the
// same audit as the CLI, and compare what the case expects.
#include <libaudit/audit.hpp>
#include <libaudit/dataset.hpp>
#include <libaudit/records.hpp>
#include <libaudit/exceptions.hpp>
#include <libaudit/ruletest.hpp>
#include <libaudit/ruleset.hpp>

#include "base/json_writer.hpp"
#include "input/input_text.hpp"
#include "rules/yaml_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace libaudit { inline namespace v0 {

namespace {

namespace fs = std::filesystem;
using detail::YamlReader;
using Map = YamlReader::Map;

struct Expected {
    struct Figures {
        std::string status;
        std::map<std::string, std::map<std::string, double>> amounts;  // "earned" -> {"credits": 9}
        // Checks deadline rules: each row's days in input order, "lead_days 14" / "delay_days 1".
        std::optional<std::vector<std::string>> deadlines;
    };
    std::string status;
    bool check_flags = false;
    std::vector<std::string> flags;
    std::vector<std::pair<std::string, Figures>> requirements;
    std::vector<std::pair<std::string, std::string>> excluded;  // code -> reason
    bool check_violations = false;
    std::vector<std::string> violations;  // checks rule sets: exactly these rule ids are broken
};

struct Case {
    int line = 0;
    std::string name;
    AuditOptions options;
    Subject subject;
    Expected expect;
    // Checks rule sets: the case's tables (as JSON with a key per table, read by the dataset
    // reader) and the audit's time.
    bool checks = false;
    std::string data_json;
    CheckOptions check;
    std::string plan_file;  // `plan:`, checked against the rule set once it is loaded
};

std::string read_text(const std::string& path) { return detail::read_input_file(path, detail::max_rule_file_bytes); }

class TestReader : public YamlReader {
public:
    using YamlReader::YamlReader;

    std::string rules_path;
    std::vector<Case> cases;

    void read(const YAML::Node& doc, const std::string& file) {
        Map top(*this, doc, {"libaudit_test", "rules", "cases"}, "test_file");
        if (!top.ok()) return;
        if (auto v = top.required("libaudit_test"))
            if (auto n = integer(*v, "libaudit_test", 0, 1000); n && *n != 1)
                report(*v, "E023.test_version", {{"version", std::to_string(*n)}});
        if (auto v = top.required("rules"))
            if (auto s = string(*v, "rules")) rules_path = (fs::path(file).parent_path() / *s).lexically_normal().string();
        const YAML::Node* list = top.required("cases");
        if (!list) return;
        if (!list->IsSequence()) {
            report(*list, "E012.test_cases", {{"got", got(*list)}});
            return;
        }
        for (std::size_t i = 0; i < list->size(); ++i) read_case((*list)[i], file);
    }

private:
    void read_case(const YAML::Node& n, const std::string& file) {
        Case c;
        c.line = where(n).line;
        Map m(*this, n, {"name", "as_of", "select", "student", "records", "data", "expect", "exceptions",
                       "plan"},
              "test_case");
        if (!m.ok()) return;
        if (auto v = m.required("name")) c.name = string(*v, "name").value_or("");
        c.checks = m.has("data");
        if (c.checks) {
            // A checks rule set: tables instead of a student's records; as_of is a date and time.
            if (auto v = m.get("as_of"))
                if (auto s = string(*v, "as_of")) {
                    c.check.as_of = parse_datetime(*s);
                    if (!c.check.as_of)
                        report(*v, "E012.test_as_of_datetime", {{"value", *s}});
                }
            for (const char* k : {"select", "student", "records", "exceptions", "plan"})
                if (auto v = m.get(k)) report(*v, "E012.test_not_with_data", {{"key", k}});
            read_data(*m.get("data"), c);
            if (auto v = m.required("expect")) read_expect(*v, c.expect);
            cases.push_back(std::move(c));
            return;
        }
        if (auto v = m.get("as_of")) {
            if (auto s = string(*v, "as_of")) {
                c.options.as_of = parse_term(*s);
                if (!c.options.as_of) c.options.as_of_date = parse_date(*s);  // hours rule sets: a day
                if (!c.options.as_of && !c.options.as_of_date)
                    report(*v, "E012.test_as_of", {{"value", *s}});
            }
        }
        if (auto v = m.get("select")) c.options.selected = strings(*v, "select");
        if (auto v = m.get("exceptions")) read_exceptions_file(*v, file, c);
        if (auto v = m.get("plan")) read_plan_file(*v, file, c);
        if (auto v = m.get("student")) read_student(*v, c.subject.profile);
        if (auto v = m.required("records")) read_records_node(*v, file, c);
        for (auto& r : c.subject.records)
            if (r.subject_id.empty()) r.subject_id = c.subject.profile.subject_id.empty() ? "test" : c.subject.profile.subject_id;
        if (c.subject.profile.subject_id.empty() && !c.subject.records.empty())
            c.subject.profile.subject_id = c.subject.records.front().subject_id;
        if (auto v = m.required("expect")) read_expect(*v, c.expect);
        cases.push_back(std::move(c));
    }

    // `exceptions: FILE`: an exceptions file (docs/exceptions.md), relative to the test file; its
    // problems are the test file's.
    void read_exceptions_file(const YAML::Node& n, const std::string& file, Case& c) {
        const auto s = string(n, "exceptions");
        if (!s) return;
        const std::string path = (fs::path(file).parent_path() / *s).lexically_normal().string();
        ExceptionsFile f = parse_exceptions(read_text(path), path);
        diagnostics.insert(diagnostics.end(), f.diagnostics.begin(), f.diagnostics.end());
        c.options.exceptions = std::move(f.exceptions);
    }

    // `plan: FILE`: a planned-courses file (docs/what-if.md), relative to the test file; its
    // problems are the test file's.
    void read_plan_file(const YAML::Node& n, const std::string& file, Case& c) {
        const auto s = string(n, "plan");
        if (!s) return;
        const std::string path = (fs::path(file).parent_path() / *s).lexically_normal().string();
        PlanFile f = parse_plan(read_text(path), path);
        diagnostics.insert(diagnostics.end(), f.diagnostics.begin(), f.diagnostics.end());
        c.options.plan = std::move(f.records);
        c.plan_file = path;
    }

    // `data: {table: [{field: value, ...}, ...]}` (a one-row form may be a single mapping) as the
    // JSON the dataset reader takes, every value as text.
    void read_data(const YAML::Node& n, Case& c) {
        if (!n.IsMap()) {
            report(n, "E012.test_data", {{"got", got(n)}});
            return;
        }
        detail::JsonWriter w;
        w.begin_object();
        for (const auto& kv : n) {
            w.key(std::string_view(kv.first.Scalar()));
            w.begin_array();
            const auto row = [&](const YAML::Node& r) {
                if (!r.IsMap()) {
                    report(r, "E012.test_row", {{"table", kv.first.Scalar()}, {"got", got(r)}});
                    return;
                }
                w.begin_object();
                for (const auto& cell : r) {
                    w.key(std::string_view(cell.first.Scalar()));
                    if (cell.second.IsNull()) w.string("");
                    else if (cell.second.IsScalar()) w.string(cell.second.Scalar());
                    else report(cell.second, "E012.test_cell", {{"field", cell.first.Scalar()}, {"got", got(cell.second)}});
                }
                w.end_object();
            };
            if (kv.second.IsSequence())
                for (std::size_t i = 0; i < kv.second.size(); ++i) row(kv.second[i]);
            else
                row(kv.second);
            w.end_array();
        }
        w.end_object();
        c.data_json = w.take();
    }

    void read_student(const YAML::Node& n, Profile& p) {
        Map m(*this, n,
              {"student_id", "name", "english_name", "national_id", "email", "mobile", "programme", "entry_year",
               "semesters", "teacher_education_pending", "role", "employed_from", "employed_to", "submitted"},
              "'student'");
        if (!m.ok()) return;
        p.present = true;
        auto text = [&](const char* key, std::string& out) {
            if (auto v = m.get(key)) out = string(*v, key).value_or("");
        };
        text("student_id", p.subject_id);
        text("name", p.name);
        text("english_name", p.english_name);
        text("national_id", p.national_id);
        text("email", p.email);
        text("mobile", p.mobile);
        text("programme", p.programme);
        if (auto v = m.get("entry_year")) p.entry_year = integer(*v, "entry_year", 1, 199);
        if (auto v = m.get("semesters")) p.semesters = integer(*v, "semesters", 0, 40);
        if (auto v = m.get("teacher_education_pending")) p.teacher_education_pending = boolean(*v, "teacher_education_pending");
        text("role", p.role);
        if (auto v = m.get("employed_from")) p.employed_from = date(*v, "employed_from");
        if (auto v = m.get("employed_to")) p.employed_to = date(*v, "employed_to");
        if (auto v = m.get("submitted")) p.submitted = date(*v, "submitted");
    }

    std::optional<Date> date(const YAML::Node& v, const char* key) {
        const auto s = string(v, key);
        if (!s) return std::nullopt;
        auto d = parse_date(*s);
        if (!d) report(v, "E012.test_date", {{"key", key}, {"value", *s}});
        return d;
    }

    // 'records' names a file that cannot be read: why, as the file reader says it.
    void unreadable_records(const YAML::Node& n, const IoError& e) {
        const std::string key = "E021.test_records." + (e.code().rfind("io.", 0) == 0 ? e.code().substr(3) : "");
        if (has_message(Language::en, "lint." + key)) report(n, key, e.params());
        else report(n, "E021.test_records.other", {{"detail", e.what()}});
    }

    void read_records_node(const YAML::Node& n, const std::string& file, Case& c) {
        if (n.IsScalar()) {  // a transcript file beside the test
            const std::string path = (fs::path(file).parent_path() / n.Scalar()).lexically_normal().string();
            try {
                RecordFile f = read_record_file(path);
                // A file of several subjects (a staff's sessions): only the case's subject's rows.
                std::vector<std::string> ids;
                for (const Record& r : f.records)
                    if (std::find(ids.begin(), ids.end(), r.subject_id) == ids.end()) ids.push_back(r.subject_id);
                const std::string& who = c.subject.profile.subject_id;
                if (ids.size() > 1 && who.empty()) {
                    report(n, "E012.test_records_many", {{"count", std::to_string(ids.size())}});
                } else if (!who.empty() && !ids.empty()) {
                    if (std::find(ids.begin(), ids.end(), who) == ids.end())
                        report(n, "E012.test_records_without", {{"student", who}});
                    f.records.erase(std::remove_if(f.records.begin(), f.records.end(),
                                                   [&](const Record& r) { return r.subject_id != who; }),
                                    f.records.end());
                }
                c.subject.records = std::move(f.records);
                if (!c.subject.profile.present && !f.profiles.empty()) c.subject.profile = f.profiles.front();
            } catch (const IoError& e) {
                unreadable_records(n, e);
            } catch (const InputError& e) {
                diagnostics.insert(diagnostics.end(), e.diagnostics().begin(), e.diagnostics().end());
            }
            return;
        }
        if (!n.IsSequence()) {
            report(n, "E012.test_records", {{"got", got(n)}});
            return;
        }
        for (std::size_t i = 0; i < n.size(); ++i) {
            const YAML::Node item = n[i];
            Map m(*this, item,
                  {"student_id", "code", "offering", "title", "term", "credits", "grade", "dept", "school", "category",
                   "tags", "selected", "approved", "date", "end_date", "hours"},
                  "record");
            if (!m.ok()) continue;
            Record r;
            r.source_row = where(item).line;
            auto text = [&](const char* key, std::string& out) {
                if (auto v = m.get(key)) out = string(*v, key).value_or("");
            };
            text("student_id", r.subject_id);
            if (auto v = m.required("code")) r.code = string(*v, "code").value_or("");
            text("offering", r.offering);
            text("title", r.title);
            const bool session = m.has("date");  // a training session: term and credits optional
            if (auto v = m.get("date")) r.date = date(*v, "date");
            if (auto v = m.get("end_date")) r.end_date = date(*v, "end_date");
            if (auto v = m.get("hours")) r.hours = number(*v, "hours");
            if (auto v = session ? m.get("term") : m.required("term")) {
                if (auto s = string(*v, "term")) {
                    r.term = parse_term(*s);
                    if (!r.term) report(*v, "E012.test_term", {{"value", *s}});
                }
            }
            if (auto v = session ? m.get("credits") : m.required("credits")) r.credits = number(*v, "credits").value_or(0);
            text("grade", r.grade);
            text("dept", r.dept);
            text("school", r.school);
            text("category", r.category);
            if (auto v = m.get("tags")) r.tags = strings(*v, "tags");
            if (auto v = m.get("selected")) r.selected = boolean(*v, "selected").value_or(false);
            if (auto v = m.get("approved")) r.approved = boolean(*v, "approved").value_or(false);
            c.subject.records.push_back(std::move(r));
        }
    }

    void read_amounts(const YAML::Node& n, const std::string& key, Expected::Figures& f) {
        Map m(*this, n, {"credits", "courses", "semesters", "hours"}, "'" + key + "'");
        if (!m.ok()) return;
        for (const char* k : {"credits", "courses", "semesters", "hours"})
            if (auto v = m.get(k))
                if (auto x = number(*v, k)) f.amounts[key][k] = *x;
    }

    // `deadlines: [{lead_days: 14}, {delay_days: 1}]`: a deadline rule's rows, in input order.
    void read_deadlines(const YAML::Node& n, Expected::Figures& f) {
        f.deadlines.emplace();
        if (!n.IsSequence()) {
            report(n, "E012.test_deadlines", {});
            return;
        }
        for (const auto& item : n) {
            Map dm(*this, item, {"lead_days", "delay_days"}, "deadline");
            if (!dm.ok()) continue;
            for (const char* k : {"lead_days", "delay_days"})
                if (auto v = dm.get(k))
                    if (auto x = number(*v, k)) f.deadlines->push_back(std::string(k) + " " + fmt::format("{:g}", *x));
            if (!dm.has("lead_days") && !dm.has("delay_days")) report(item, "E012.test_deadlines", {});
        }
    }

    void read_expect(const YAML::Node& n, Expected& e) {
        Map m(*this, n, {"status", "flags", "requirements", "excluded", "violations"}, "'expect'");
        if (!m.ok()) return;
        static const std::vector<std::string> statuses{"met", "met_pending", "not_met", "needs_review", "invalid",
                                                       "not_applicable"};
        auto status = [&](const YAML::Node& v, std::string& out) {
            out = string(v, "status").value_or("");
            if (!out.empty() && std::find(statuses.begin(), statuses.end(), out) == statuses.end())
                report(v, "E012.test_status", {{"value", out}});
        };
        if (auto v = m.required("status")) status(*v, e.status);
        if (auto v = m.get("flags")) {
            e.check_flags = true;
            if (!(v->IsSequence() && v->size() == 0)) e.flags = strings(*v, "flags");
        }
        if (auto v = m.get("requirements")) {
            if (!v->IsMap()) {
                report(*v, "E012.test_requirements", {});
            } else {
                for (const auto& kv : *v) {
                    Expected::Figures f;
                    Map fm(*this, kv.second, {"status", "required", "earned", "pending", "remaining", "deadlines"},
                           "requirement", {{"requirement", kv.first.Scalar()}});
                    if (!fm.ok()) continue;
                    if (auto s = fm.get("status")) status(*s, f.status);
                    if (auto dl = fm.get("deadlines")) read_deadlines(*dl, f);
                    for (const char* key : {"required", "earned", "pending", "remaining"})
                        if (auto a = fm.get(key)) read_amounts(*a, key, f);
                    e.requirements.emplace_back(kv.first.Scalar(), std::move(f));
                }
            }
        }
        if (auto v = m.get("violations")) {
            e.check_violations = true;
            if (!(v->IsSequence() && v->size() == 0)) e.violations = strings(*v, "violations");
        }
        if (auto v = m.get("excluded")) {
            if (!v->IsMap()) {
                report(*v, "E012.test_excluded", {});
            } else {
                for (const auto& kv : *v)
                    if (auto reason = string(kv.second, kv.first.Scalar())) e.excluded.emplace_back(kv.first.Scalar(), *reason);
            }
        }
    }
};

const RequirementResult* find(const std::vector<RequirementResult>& rs, const std::string& id) {
    for (const auto& r : rs) {
        if (r.id == id) return &r;
        if (const auto* c = find(r.children, id)) return c;
    }
    return nullptr;
}

std::optional<double> amount(const Amount& a, const std::string& key) {
    if (key == "credits") return a.credits;
    if (key == "courses") return a.courses;
    if (key == "hours") return a.hours;
    return a.semesters;
}

std::string list(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    std::string s = "[";
    for (const auto& x : v) s += (s.size() > 1 ? ", " : "") + x;
    return s + "]";
}

using Differences = std::vector<RuleTestDifference>;

// A requirement's figures that differ from the expected ones (test.diff.amount).
void compare_amounts(const std::string& id, const Expected::Figures& f, const RequirementResult& req, Differences& d) {
    for (const auto& [which, values] : f.amounts) {
        const Amount& a = which == "required" ? req.required
                          : which == "earned" ? req.earned
                          : which == "pending" ? req.pending
                                               : req.remaining;
        for (const auto& [key, want] : values) {
            const std::optional<double> got = amount(a, key);
            if (got && std::abs(*got - want) <= 1e-9) continue;
            MessageParams p{{"requirement", id}, {"figure", which}, {"unit", key}, {"expected", fmt::format("{:g}", want)}};
            if (got) p.push_back({"got", fmt::format("{:g}", *got)});
            d.push_back({got ? "test.diff.amount" : "test.diff.amount.none", std::move(p), std::nullopt});
        }
    }
}

// A deadline rule's days, row by row (test.diff.deadlines).
void compare_deadlines(const std::string& id, const std::vector<std::string>& want, const RequirementResult& req,
                       Differences& d) {
    std::vector<std::string> got;
    for (const auto& x : req.deadlines)
        got.push_back(x.met ? "lead_days " + std::to_string(x.lead_days) : "delay_days " + std::to_string(x.delay_days));
    if (got == want) return;
    const auto joined = [](const std::vector<std::string>& v) {
        std::string s = "[";
        for (const auto& x : v) s += (s.size() > 1 ? ", " : "") + x;
        return s + "]";
    };
    d.push_back({"test.diff.deadlines", {{"requirement", id}, {"expected", joined(want)}, {"got", joined(got)}}, std::nullopt});
}

void compare_requirements(const Expected& e, const AuditResult& r, Differences& d) {
    for (const auto& [id, f] : e.requirements) {
        const RequirementResult* req = find(r.requirements, id);
        if (!req) {
            d.push_back({"test.diff.no_requirement", {{"requirement", id}}, std::nullopt});
            continue;
        }
        if (!f.status.empty() && f.status != to_string(req->status))
            d.push_back({"test.diff.requirement_status",
                         {{"requirement", id}, {"expected", f.status}, {"got", to_string(req->status)}},
                         std::nullopt});
        compare_amounts(id, f, *req, d);
        if (f.deadlines) compare_deadlines(id, *f.deadlines, *req, d);
    }
}

Differences compare(const Expected& e, const AuditResult& r) {
    Differences d;
    if (e.status != to_string(r.status))
        d.push_back({"test.diff.status", {{"expected", e.status}, {"got", to_string(r.status)}}, std::nullopt});
    if (e.check_flags) {
        std::vector<std::string> got;
        for (const auto& f : r.flags) got.push_back(f.code);
        if (list(got) != list(e.flags))
            d.push_back({"test.diff.flags", {{"expected", list(e.flags)}, {"got", list(got)}}, std::nullopt});
    }
    compare_requirements(e, r, d);
    if (e.check_violations) {
        std::vector<std::string> got;
        for (const auto& v : r.violations) got.push_back(v.rule);
        std::sort(got.begin(), got.end());
        got.erase(std::unique(got.begin(), got.end()), got.end());
        if (list(got) != list(e.violations))
            d.push_back({"test.diff.violations", {{"expected", list(e.violations)}, {"got", list(got)}}, std::nullopt});
    }
    for (const auto& [code, reason] : e.excluded) {
        std::vector<std::string> reasons;
        for (const auto& x : r.excluded)
            if (x.record.code == code) reasons.push_back(x.reason);
        if (std::find(reasons.begin(), reasons.end(), reason) != reasons.end()) continue;
        MessageParams p{{"code", code}, {"expected", reason}};
        if (!reasons.empty()) p.push_back({"got", list(reasons)});
        d.push_back({reasons.empty() ? "test.diff.excluded.counted" : "test.diff.excluded", std::move(p), std::nullopt});
    }
    return d;
}

// A case's differences, as data and in English.
void set_differences(RuleTestResult& r, Differences d) {
    for (const auto& x : d) r.differences.push_back(difference_text(x, Language::en));
    r.difference_messages = std::move(d);
    r.passed = r.difference_messages.empty();
}

// Audits a case and compares the result with what it expects.
Differences run_case(const Case& c, const RuleSet& rules, const std::string& rules_path, const std::string& file) {
    if (!c.checks) return compare(c.expect, audit(rules, c.subject, c.options));
    if (rules.kind() != RuleKind::checks) return {{"test.diff.not_checks", {{"rules", rules_path}}, std::nullopt}};
    Dataset data;
    data.name = c.name;
    try {
        parse_dataset_input(rules, c.data_json, file, "", data);
        return compare(c.expect, audit_dataset(rules, data, c.check));
    } catch (const InputError& e) {
        Differences d;
        for (const auto& problem : e.diagnostics()) d.push_back({"test.diff.data", {}, problem});
        return d;
    }
}

}  // namespace

int RuleTestReport::passed() const {
    return static_cast<int>(std::count_if(results.begin(), results.end(), [](const RuleTestResult& r) { return r.passed; }));
}
int RuleTestReport::failed() const { return static_cast<int>(results.size()) - passed(); }

std::vector<std::string> rule_test_files(const std::string& path) { return detail::yaml_files_under(path, true); }

std::string difference_text(const RuleTestDifference& difference, Language language) {
    if (!difference.problem) return message_text(language, difference.code, difference.params);
    MessageParams params = difference.params;
    params.push_back({"problem", format_diagnostic(*difference.problem, language, false)});
    return message_text(language, difference.code, params);
}

namespace {

// A case's exceptions and plan against the rule set under test, as check does: a requirement id the
// rule set does not have (X005), a planned course it does not have and that is not ticked (P004).
std::vector<Diagnostic> check_case_inputs(const std::vector<Case>& cases, const RuleSet& rules) {
    std::vector<Diagnostic> out;
    for (const Case& c : cases) {
        if (c.checks) continue;
        for (Diagnostic& d : check_exceptions(c.options.exceptions, rules)) out.push_back(std::move(d));
        if (c.plan_file.empty() || rules.kind() != RuleKind::programme) continue;
        const PlanFile f = parse_plan(read_text(c.plan_file), c.plan_file, ReadOptions{}, {rules});
        out.insert(out.end(), f.diagnostics.begin(), f.diagnostics.end());
    }
    return out;
}

}  // namespace

RuleTestReport run_rule_tests(const std::vector<std::string>& paths) {
    RuleTestReport report;
    std::vector<Diagnostic> problems;
    std::map<std::string, RuleSet> rules;
    for (const auto& path : paths) {
        for (const auto& file : rule_test_files(path)) {
            const std::string text = read_text(file);
            TestReader reader(file, text);
            try {
                reader.read(YAML::Load(text), file);
            } catch (const YAML::ParserException& e) {
                reader.syntax_error(e);
            }
            if (!reader.diagnostics.empty()) {
                problems.insert(problems.end(), reader.diagnostics.begin(), reader.diagnostics.end());
                continue;
            }
            auto it = rules.find(reader.rules_path);
            if (it == rules.end()) {
                try {
                    it = rules.emplace(reader.rules_path, load_ruleset(reader.rules_path)).first;
                } catch (const RuleError& e) {
                    problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
                    continue;
                }
            }
            if (std::vector<Diagnostic> bad = check_case_inputs(reader.cases, it->second); !bad.empty()) {
                problems.insert(problems.end(), bad.begin(), bad.end());
                continue;
            }
            for (const Case& c : reader.cases) {
                RuleTestResult r;
                r.file = file;
                r.line = c.line;
                r.name = c.name;
                set_differences(r, run_case(c, it->second, reader.rules_path, file));
                report.results.push_back(std::move(r));
            }
        }
    }
    if (!problems.empty()) throw RuleError(problems);
    return report;
}

}}  // namespace libaudit::v0
