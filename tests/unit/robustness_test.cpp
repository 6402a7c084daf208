// Corrupted input never crashes a parser: deterministic random mutations (byte flips, deletions,
// duplicated spans, truncation) of bundled rule files and records must give either a result or a
// located RuleError / InputError. Run under ASan/UBSan in CI, this also catches memory errors.
#include <doctest/doctest.h>
#include <libaudit/libaudit.hpp>

#include <fstream>
#include <random>
#include <sstream>

using namespace libaudit;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string mutate(std::string s, std::mt19937& rng) {
    const int edits = 1 + static_cast<int>(rng() % 4);
    static const char pool[] = "{}[]:,-#'\"\n \t&*!|>%@`0123456789yesno\xe5\xad\xb8\xff";
    for (int e = 0; e < edits && !s.empty(); ++e) {
        const std::size_t at = rng() % s.size();
        switch (rng() % 5) {
            case 0: s[at] = pool[rng() % (sizeof pool - 1)]; break;
            case 1: s.erase(at, 1 + rng() % 8); break;
            case 2: s.insert(at, s.substr(rng() % s.size(), 1 + rng() % 40)); break;
            case 3: s.resize(at); break;
            default: s.insert(at, 1, pool[rng() % (sizeof pool - 1)]);
        }
    }
    return s;
}

int iterations() {
    const char* env = std::getenv("LIBAUDIT_MUTATIONS");
    return env ? std::atoi(env) : 300;
}

}  // namespace

TEST_CASE("robustness: mutated rule files give a rule set or located diagnostics") {
    const std::string base = slurp(std::string(LIBAUDIT_SOURCE_DIR) + "/rules/ntue-eam/eam-mse-113.yaml");
    const Subject student = group_subjects(read_records(std::string(LIBAUDIT_SOURCE_DIR) +
                                                        "/examples/grad/eam-met-pending/transcript.csv"),
                                           {})
                                .front();
    std::mt19937 rng(2026);
    int loaded = 0;
    for (int i = 0; i < iterations(); ++i) {
        const std::string text = mutate(base, rng);
        CAPTURE(i);
        const LintResult r = lint_ruleset_from_string(text, "m.yaml");
        if (r.ruleset) {
            ++loaded;
            CHECK_NOTHROW(render_json(audit(*r.ruleset, student)));
        } else {
            REQUIRE(!r.diagnostics.empty());
            for (const auto& d : r.diagnostics) CHECK(!d.code.empty());
        }
    }
    CHECK(loaded > 0);  // some mutations are harmless (comments, titles)
}

TEST_CASE("robustness: mutated CSV and JSON records give records or located diagnostics") {
    const std::string root = std::string(LIBAUDIT_SOURCE_DIR) + "/examples/grad/";
    const std::string csv = slurp(root + "eam-exclusions/transcript.csv");
    const std::string json = slurp(root + "cse-met-json/transcript.json");
    const std::string profile = slurp(root + "eam-met/student.csv");
    std::mt19937 rng(1911);
    for (int i = 0; i < iterations(); ++i) {
        CAPTURE(i);
        for (const auto& [text, name] : {std::pair{mutate(csv, rng), "m.csv"}, std::pair{mutate(json, rng), "m.json"}}) {
            try {
                (void)parse_record_file(text, name);
            } catch (const InputError& e) {
                REQUIRE(!e.diagnostics().empty());
            }
        }
        try {
            (void)parse_profiles(mutate(profile, rng), "p.csv");
        } catch (const InputError& e) {
            REQUIRE(!e.diagnostics().empty());
        }
        try {
            (void)parse_records(mutate(csv, rng), "b.csv", ReadOptions{Encoding::big5});
        } catch (const InputError& e) {
            REQUIRE(!e.diagnostics().empty());
        }
    }
}

TEST_CASE("robustness: date, date-time and term parsers accept or reject any text, and round-trip") {
    std::mt19937 rng(1945);
    const std::string seeds[] = {"2025-08-01", "114/08/01 10:27", "民國114年8月1日", "1140801", "109-2", "1092"};
    for (int i = 0; i < iterations() * 10; ++i) {
        const std::string text = mutate(seeds[static_cast<std::size_t>(i) % 6], rng);
        CAPTURE(text);
        if (const auto d = parse_date(text)) CHECK(parse_date(format_date(*d)) == d);
        if (const auto t = parse_datetime(text)) CHECK(parse_datetime(format_datetime(*t)) == t);
        if (const auto t = parse_term(text)) CHECK(parse_term(format_term(*t)) == t);
    }
}

TEST_CASE("robustness: mutated hours packs and session files give results or located diagnostics") {
    const std::string root(LIBAUDIT_SOURCE_DIR);
    const std::string pack = slurp(root + "/rules/tw-inservice/legacy-18h.yaml");
    const std::string sessions = slurp(root + "/examples/hours/counselling/sessions.csv");
    const std::string staff = slurp(root + "/examples/hours/preschool/staff.csv");
    const RuleSet counselling = load_ruleset(root + "/rules/tw-inservice/counselling.yaml");
    const std::vector<Subject> teachers = group_subjects(parse_records(sessions, "s.csv"), parse_profiles(staff, "p.csv"));
    AuditOptions o;
    o.as_of_date = parse_date("2026-07-31");
    std::mt19937 rng(1103);
    int loaded = 0;
    for (int i = 0; i < iterations(); ++i) {
        CAPTURE(i);
        const LintResult r = lint_ruleset_from_string(mutate(pack, rng), "m.yaml");
        if (r.ruleset) {
            ++loaded;
            for (const auto& t : teachers) CHECK_NOTHROW(render_text(audit(*r.ruleset, t, o)));
        } else {
            REQUIRE(!r.diagnostics.empty());
        }
        try {
            for (const auto& t : group_subjects(parse_records(mutate(sessions, rng), "m.csv"),
                                                parse_profiles(mutate(staff, rng), "p.csv")))
                CHECK_NOTHROW(render_json(audit(counselling, t, o)));
        } catch (const InputError& e) {
            REQUIRE(!e.diagnostics().empty());
        }
    }
    CHECK(loaded > 0);
}
