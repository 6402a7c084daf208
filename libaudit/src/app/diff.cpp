// `libaudit diff`: two versions of the rules over one cohort (libaudit/diff.hpp). Loading a version
// (a path or a git revision), checking that both are for the same programmes, the one pass over the
// records (audit_stream_twice) and what differs between a subject's two audits.
#include <libaudit/app.hpp>
#include <libaudit/diff.hpp>

#include "rules/model.hpp"

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fcntl.h>
#include <set>
#include <tuple>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace libaudit { inline namespace v0 {
namespace {

namespace fs = std::filesystem;

struct GitOutput {
    int status = -1;
    std::string out, err;
};

// Reads all of `fd` and closes it.
std::string drain(int fd) {
    std::string text;
    char buffer[65536];
    while (true) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return text;
}

// `git ARGS` in the current folder, standard output and error kept (status -1: git not found).
GitOutput git(const std::vector<std::string>& args) {
    std::vector<std::string> argv{"git"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargs;
    for (auto& a : argv) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    int out[2], err[2];
    if (::pipe(out) != 0) return {};
    if (::pipe(err) != 0) {
        ::close(out[0]), ::close(out[1]);
        return {};
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, err[0]);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid = 0;
    const int started = posix_spawnp(&pid, "git", &actions, nullptr, cargs.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]), ::close(err[1]);
    GitOutput r;
    r.out = drain(out[0]);  // git's messages are short: the error pipe cannot fill meanwhile
    r.err = drain(err[0]);
    if (started != 0) return GitOutput{};
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

// git's first line of complaint (or that git could not be run), for io.diff.git.
[[noreturn]] void git_failed(const std::string& spec, const GitOutput& r) {
    std::string detail = r.status < 0 ? "git not found" : r.err.substr(0, r.err.find('\n'));
    if (detail.empty()) detail = "git exited with " + std::to_string(r.status);
    throw IoError("io.diff.git", {{"spec", spec}, {"detail", detail}});
}

bool rule_file_name(const std::string& name) {
    const auto ends = [&](const char* tail) {
        const std::size_t n = std::char_traits<char>::length(tail);
        return name.size() >= n && name.compare(name.size() - n, n, tail) == 0;
    };
    return (ends(".yaml") || ends(".yml")) && !ends(".test.yaml") && !ends(".test.yml");
}

// The rule files of a git revision: "REV:PATH" a file, or every rule file below a folder (sorted).
std::vector<std::pair<std::string, std::string>> git_rule_files(const std::string& spec) {
    const GitOutput type = git({"cat-file", "-t", spec});
    if (type.status != 0) git_failed(spec, type);
    std::vector<std::string> names;
    if (type.out.rfind("tree", 0) == 0) {
        const GitOutput list = git({"ls-tree", "-r", "--name-only", spec});
        if (list.status != 0) git_failed(spec, list);
        std::size_t start = 0;
        while (start < list.out.size()) {
            const std::size_t end = std::min(list.out.find('\n', start), list.out.size());
            const std::string name = list.out.substr(start, end - start);
            if (rule_file_name(name)) names.push_back(spec + (spec.back() == '/' ? "" : "/") + name);
            start = end + 1;
        }
        std::sort(names.begin(), names.end());
    } else {
        names.push_back(spec);
    }
    std::vector<std::pair<std::string, std::string>> files;
    for (const std::string& name : names) {
        const GitOutput blob = git({"cat-file", "blob", name});
        if (blob.status != 0) git_failed(name, blob);
        files.emplace_back(name, blob.out);
    }
    return files;
}

// "REV:PATH" that is not a path on disk.
bool revision_spec(const std::string& spec) {
    std::error_code ec;
    const std::size_t colon = spec.find(':');
    return colon != std::string::npos && colon > 0 && !fs::exists(spec, ec);
}

}  // namespace

std::vector<RuleSet> load_rules_at(const std::string& spec) {
    if (!revision_spec(spec)) return load_rulesets(spec);
    std::vector<RuleSet> sets;
    std::vector<Diagnostic> problems;
    for (const auto& [name, text] : git_rule_files(spec)) {
        try {
            sets.push_back(load_ruleset_from_string(text, name));
        } catch (const RuleError& e) {
            problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
    }
    if (!problems.empty()) throw RuleError(problems);
    if (sets.empty()) throw IoError("io.diff.no_rules", {{"spec", spec}});
    return sets;
}

namespace {

std::string words(const std::set<std::string>& s) {
    std::string out;
    for (const auto& w : s) out += (out.empty() ? "" : ", ") + w;
    return out;
}

// Both versions audit the same kind of subject, and programme frameworks share a programme (a rule
// set for any programme shares every one).
void check_comparable(const std::vector<RuleSet>& old_sets, const std::vector<RuleSet>& new_sets) {
    std::set<std::string> old_kinds, new_kinds, old_programmes, new_programmes;
    bool old_any = false, new_any = false;
    const auto collect = [](const std::vector<RuleSet>& sets, std::set<std::string>& kinds, std::set<std::string>& programmes,
                            bool& any) {
        for (const RuleSet& r : sets) {
            kinds.insert(to_string(r.kind()));
            if (r.kind() != RuleKind::programme) continue;
            if (r.model().programmes.empty()) any = true;
            programmes.insert(r.model().programmes.begin(), r.model().programmes.end());
        }
    };
    collect(old_sets, old_kinds, old_programmes, old_any);
    collect(new_sets, new_kinds, new_programmes, new_any);
    std::vector<std::string> shared;
    std::set_intersection(old_kinds.begin(), old_kinds.end(), new_kinds.begin(), new_kinds.end(), std::back_inserter(shared));
    if (shared.empty()) throw usage_error("diff.other_kind", {{"old", words(old_kinds)}, {"new", words(new_kinds)}});
    if (old_any || new_any || old_programmes.empty() || new_programmes.empty()) return;
    shared.clear();
    std::set_intersection(old_programmes.begin(), old_programmes.end(), new_programmes.begin(), new_programmes.end(),
                          std::back_inserter(shared));
    if (shared.empty())
        throw usage_error("diff.other_programme", {{"old", words(old_programmes)}, {"new", words(new_programmes)}});
}

std::string outcome_of(const BatchItem& item) {
    if (item.result) return to_string(item.result->status);
    return item.problems.empty() ? "no_ruleset" : "invalid_input";
}

// A requirement's figures as compared: in the unit it measures first (credits, hours, courses, semesters).
struct Figures {
    const RequirementResult* r = nullptr;
    std::string unit;
    std::optional<double> earned, required;
};

Figures figures_of(const RequirementResult& r) {
    Figures f;
    f.r = &r;
    const std::pair<const char*, std::optional<double> Amount::*> units[] = {
        {"credits", &Amount::credits}, {"hours", &Amount::hours}, {"courses", &Amount::courses}, {"semesters", &Amount::semesters}};
    for (const auto& [unit, member] : units)
        if (r.required.*member || r.earned.*member) {
            f.unit = unit;
            f.earned = r.earned.*member;
            f.required = r.required.*member;
            return f;
        }
    return f;
}

// Every requirement of a result by id, in tree order (`order`).
void flatten(const std::vector<RequirementResult>& rs, std::map<std::string, Figures>& by_id, std::vector<std::string>& order) {
    for (const RequirementResult& r : rs) {
        if (by_id.emplace(r.id, figures_of(r)).second) order.push_back(r.id);
        flatten(r.children, by_id, order);
    }
}

// Where each record (by its row in the input) counts in a result: leaf requirements, or excluded.
// The record itself by pointer into the result: this runs once per subject on the calling thread.
using Places = std::map<int, std::pair<const RecordRef*, Placement>>;

void place_records(const std::vector<RequirementResult>& rs, Places& places) {
    for (const RequirementResult& r : rs) {
        if (r.children.empty())
            for (const RecordRef& ref : r.counted) {
                auto& slot = places[ref.source_row];
                slot.first = &ref;
                slot.second.requirements.push_back(r.id);
            }
        place_records(r.children, places);
    }
}

Places placements(const BatchItem& item) {
    Places places;
    if (!item.result) return places;
    place_records(item.result->requirements, places);
    for (const Exclusion& e : item.result->excluded) {
        auto& slot = places[e.record.source_row];
        if (!slot.second.requirements.empty() || !slot.second.excluded.empty()) continue;
        slot.first = &e.record;
        slot.second.excluded = e.reason;
        slot.second.message = e.message;
        slot.second.params = e.params;
    }
    for (auto& [row, slot] : places) std::sort(slot.second.requirements.begin(), slot.second.requirements.end());
    return places;
}

std::vector<RequirementChange> requirement_changes(const BatchItem& a, const BatchItem& b) {
    std::map<std::string, Figures> old_by, new_by;
    std::vector<std::string> order;
    if (a.result) flatten(a.result->requirements, old_by, order);
    std::vector<std::string> new_order;
    if (b.result) flatten(b.result->requirements, new_by, new_order);
    for (const auto& id : new_order)
        if (!old_by.count(id)) order.push_back(id);
    std::vector<RequirementChange> changes;
    for (const std::string& id : order) {
        const auto o = old_by.find(id), n = new_by.find(id);
        RequirementChange c;
        c.id = id;
        const RequirementResult& any = o != old_by.end() ? *o->second.r : *n->second.r;
        c.title = any.title, c.title_en = any.title_en;
        if (o != old_by.end())
            c.old_status = o->second.r->status, c.old_earned = o->second.earned, c.old_required = o->second.required, c.unit = o->second.unit;
        if (n != new_by.end())
            c.new_status = n->second.r->status, c.new_earned = n->second.earned, c.new_required = n->second.required, c.unit = n->second.unit;
        if (c.old_status != c.new_status || c.old_earned != c.new_earned || c.old_required != c.new_required)
            changes.push_back(std::move(c));
    }
    return changes;
}

std::vector<RecordMove> record_moves(const BatchItem& a, const BatchItem& b) {
    const Places old_places = placements(a), new_places = placements(b);
    std::set<int> rows;
    for (const auto& p : old_places) rows.insert(p.first);
    for (const auto& p : new_places) rows.insert(p.first);
    std::vector<RecordMove> moves;
    const Placement none;
    for (const int row : rows) {
        const auto o = old_places.find(row), n = new_places.find(row);
        const Placement& op = o != old_places.end() ? o->second.second : none;
        const Placement& np = n != new_places.end() ? n->second.second : none;
        if (op == np) continue;
        const RecordRef& ref = o != old_places.end() ? *o->second.first : *n->second.first;
        moves.push_back(RecordMove{ref.code, ref.title, ref.term, row, op, np});
    }
    // By course and term, not by row: the same records in another order of the file give the same list.
    std::sort(moves.begin(), moves.end(), [](const RecordMove& x, const RecordMove& y) {
        const auto key = [](const RecordMove& m) {
            return std::make_tuple(m.code, m.term ? m.term->year : 0, m.term ? m.term->semester : 0, m.old_place.requirements,
                                   m.old_place.excluded, m.new_place.requirements, m.new_place.excluded, m.title);
        };
        return key(x) < key(y);
    });
    return moves;
}

RulesetInfo info_of(const RuleSet& r) {
    RulesetInfo i;
    i.id = r.id();
    i.version = r.version();
    i.title = r.title();
    i.sha256 = r.sha256();
    i.file = r.file();
    i.kind = r.kind();
    return i;
}

}  // namespace

DiffReport diff_rules(const DiffRequest& request) {
    const std::vector<RuleSet> old_sets = load_rules_at(request.old_rules);
    const std::vector<RuleSet> new_sets = load_rules_at(request.new_rules);
    return diff_rules(old_sets, new_sets, request);
}

DiffReport diff_rules(const std::vector<RuleSet>& old_sets, const std::vector<RuleSet>& new_sets, const DiffRequest& request) {
    check_comparable(old_sets, new_sets);
    DiffReport report;
    report.old_rules = request.old_rules;
    report.new_rules = request.new_rules;
    for (const RuleSet& r : old_sets) report.old_sets.push_back(info_of(r));
    for (const RuleSet& r : new_sets) report.new_sets.push_back(info_of(r));
    SubjectReader reader(request.records, SubjectReader::ProfilesFile(request.profiles), request.read);
    StreamOptions so;
    so.jobs = request.jobs;
    const auto next = [&](Subject& s, std::vector<Diagnostic>& problems) { return reader.next(s, problems); };
    const auto write = [&](BatchItem& a, BatchItem& b) {
        ++report.old_counts[outcome_of(a)];
        ++report.new_counts[outcome_of(b)];
        report.problems.insert(report.problems.end(), a.problems.begin(), a.problems.end());
        if (std::optional<SubjectChange> change = compare_items(a, b)) report.changes.push_back(std::move(*change));
    };
    report.subjects = audit_stream_twice(old_sets, new_sets, next, write, request.options, so);
    std::sort(report.changes.begin(), report.changes.end(),
              [](const SubjectChange& x, const SubjectChange& y) { return x.subject_id < y.subject_id; });
    return report;
}

std::optional<SubjectChange> compare_items(const BatchItem& old_item, const BatchItem& new_item) {
    SubjectChange c;
    c.subject_id = old_item.subject_id;
    c.old_outcome = outcome_of(old_item);
    c.new_outcome = outcome_of(new_item);
    c.requirements = requirement_changes(old_item, new_item);
    c.records = record_moves(old_item, new_item);
    if (!c.status_changed() && c.requirements.empty() && c.records.empty()) return std::nullopt;
    const BatchItem& known = old_item.result ? old_item : new_item;
    if (known.result) {
        c.programme = known.result->subject.programme;
        c.entry_year = known.result->subject.entry_year;
    }
    const auto ruleset = [](const BatchItem& i) { return i.result ? i.result->ruleset.id + " " + i.result->ruleset.version : ""; };
    c.old_ruleset = ruleset(old_item);
    c.new_ruleset = ruleset(new_item);
    return c;
}

int DiffReport::status_changes() const {
    return static_cast<int>(std::count_if(changes.begin(), changes.end(), [](const SubjectChange& c) { return c.status_changed(); }));
}

int diff_exit_code(const DiffReport& report) {
    const auto invalid = [](const std::map<std::string, int>& counts) {
        return counts.count("invalid_input") > 0 || counts.count("invalid") > 0;
    };
    if (invalid(report.old_counts) || invalid(report.new_counts)) return 2;
    return report.status_changes() > 0 ? 1 : 0;
}

}}  // namespace libaudit::v0
