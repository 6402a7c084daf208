// `libaudit generate`: deterministic synthetic cohorts for trying libaudit at scale and for the
// benchmarks (docs/performance.md). Every number comes from a seeded std::mt19937_64 (whose
// output the C++ standard fixes) reduced by modulo, so a seed gives the same files everywhere.
#include "generate.hpp"

#include <cerrno>
#include <libaudit/calendar.hpp>
#include <libaudit/libaudit.hpp>

#include "rules/model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <random>
#include <tuple>

namespace libaudit_cli {
namespace {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    // Uniform enough in [0, n) for test data (n is small).
    int below(int n) { return static_cast<int>(engine_() % static_cast<std::uint64_t>(n)); }
    bool chance(int percent) { return below(100) < percent; }
    template <class T> const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(below(static_cast<int>(v.size())))]; }

private:
    std::mt19937_64 engine_;
};

// Buffered output to a file, or to standard output for "-"; throws IoError when it cannot be written.
class Out {
public:
    explicit Out(const std::string& path)
        : path_(path), file_(path == "-" ? stdout : std::fopen(path.c_str(), "wb")) {
        if (file_ == nullptr) throw libaudit::IoError::cannot_write(path, errno);
    }
    ~Out() {
        if (file_ != nullptr && file_ != stdout) std::fclose(file_);
    }
    Out(const Out&) = delete;
    Out& operator=(const Out&) = delete;
    fmt::memory_buffer& buffer() { return buffer_; }
    void flush_if_full() {
        if (buffer_.size() > (1u << 20)) flush();
    }
    void close() {
        flush();
        const bool failed = file_ == stdout ? std::fflush(file_) != 0 : std::fclose(file_) != 0;
        file_ = nullptr;
        if (failed) throw libaudit::IoError::cannot_write(path_, errno);
    }

private:
    void flush() {
        if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) throw libaudit::IoError::cannot_write(path_, errno);
        buffer_.clear();
    }
    std::string path_;
    std::FILE* file_;
    fmt::memory_buffer buffer_;
};

const std::vector<std::string> surnames{"陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊", "許", "鄭"};
const std::vector<std::string> surnames_en{"CHEN", "LIN", "HUANG", "CHANG", "LI", "WANG", "WU", "LIU", "TSAI", "YANG", "HSU", "CHENG"};
const std::vector<std::string> given{"雅婷", "冠宇", "思涵", "明哲", "淑惠", "家豪", "怡君", "志明", "佩珊", "建宏"};
const std::vector<std::string> given_en{"YA-TING", "KUAN-YU", "SZU-HAN", "MING-CHE", "SHU-HUI", "CHIA-HAO", "YI-CHUN", "CHIH-MING", "PEI-SHAN", "CHIEN-HUNG"};
// Courses of other departments (outside every framework), ticked or not as flexible credits.
struct Outside {
    const char* code;
    const char* title;
    int credits;
    const char* dept;
    const char* category;
};
const std::vector<Outside> outside{
    {"EDU3105", "兒童發展與輔導", 2, "教育學系", "學士班課程"},
    {"PSY6102", "諮商理論專題", 3, "心理與諮商學系", "選修"},
    {"SPE6103", "特殊教育專題研究", 2, "特殊教育學系", "選修"},
    {"ART6201", "藝術教育專題", 3, "藝術與造形設計學系", "選修"},
    {"CSIE6010", "資料科學導論", 3, "資訊科學系", "選修"},
};

// A national ID with a valid checksum.
std::string national_id(Rng& rng, bool female) {
    while (true) {
        std::string id(1, static_cast<char>('A' + rng.below(26)));
        id += female ? '2' : '1';
        for (int i = 0; i < 8; ++i) id += static_cast<char>('0' + rng.below(10));
        if (libaudit::valid_national_id(id)) return id;
    }
}

std::string csv_cell(const std::string& v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string q = "\"";
    for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

struct Framework {
    const libaudit::detail::Model* model;
    std::string programme;   // as written in the profile
    std::string id_code;     // two digits in the student id
    std::vector<int> entry_years;
    bool summer;             // courses in summer sessions (term 3)
};

void write_profiles_header(Out& out) {
    fmt::format_to(std::back_inserter(out.buffer()), "學號,姓名,英文姓名,身分證字號,電子信箱,手機,班別,入學學年度,在學學期數,教程待修\n");
}

// The programme rule sets that students can follow, each with the two id digits of its
// programme (71, 81, ... in order of first appearance).
std::vector<Framework> programme_frameworks(const std::vector<libaudit::RuleSet>& rulesets, const std::string& rules) {
    std::vector<Framework> frameworks;
    for (const auto& r : rulesets) {
        const auto& m = r.model();
        if (m.kind != libaudit::RuleKind::programme || m.programmes.empty() || m.entry_years.empty() || m.courses.empty()) continue;
        Framework f{&m, m.programmes.back(), "", m.entry_years, m.eligibility.count_summer};
        frameworks.push_back(f);
    }
    if (frameworks.empty()) throw libaudit::IoError(rules + ": no programme rule set with applies_to to generate students for");
    std::vector<std::string> programmes;
    for (auto& f : frameworks) {
        auto it = std::find(programmes.begin(), programmes.end(), f.programme);
        if (it == programmes.end()) it = programmes.insert(programmes.end(), f.programme);
        f.id_code = std::to_string(71 + 10 * static_cast<int>(it - programmes.begin()));
    }
    return frameworks;
}

// The next student's framework. Legacy cohorts (entered before ROC 100) are a few stragglers,
// not a fifth of the cohort.
const Framework& pick_framework(Rng& rng, const std::vector<Framework>& frameworks) {
    const Framework* pick = &rng.pick(frameworks);
    while (pick->entry_years.back() < 100 && !rng.chance(10)) pick = &rng.pick(frameworks);
    return *pick;
}

// 2, the entry year, the programme's digits and the index (its hundred-thousands appended).
std::string student_id(const Framework& f, int entry, std::int64_t i) {
    return fmt::format("2{:03}{}{:05}", entry, f.id_code, i % 100000) + (i >= 100000 ? std::to_string(i / 100000) : "");
}

// Terms the student attended, in order: summer sessions (term 3), or two semesters a year.
std::vector<libaudit::Term> attended_terms(const Framework& f, int entry, int years) {
    const int last_year = entry + years - 1;
    std::vector<libaudit::Term> terms;
    for (int y = entry; y <= last_year; ++y) {
        if (f.summer) {
            terms.push_back({y, 3});
        } else {
            terms.push_back({y, 1});
            terms.push_back({y, 2});
        }
    }
    return terms;
}

struct CourseCells {
    std::string code, title, category, credits, tick, dept;
};

// Mostly a course of the framework; now and then another department's, ticked as flexible or not.
CourseCells pick_course(Rng& rng, const libaudit::detail::Model& m, const std::string& dept) {
    CourseCells c;
    c.dept = dept;
    if (rng.chance(8)) {
        const Outside& o = rng.pick(outside);
        c.code = o.code;
        c.title = o.title;
        c.credits = std::to_string(o.credits);
        c.dept = o.dept;
        c.category = o.category;
        c.tick = rng.chance(60) ? "是" : "";
    } else {
        const auto& course = rng.pick(m.courses);
        c.code = course.code;
        c.title = course.title;
        c.credits = fmt::format("{:g}", course.credits);
        c.category = course.required ? "必修" : "選修";
    }
    return c;
}

// In progress (empty) in the last term often; otherwise withdrawn, failed or passed.
std::string pick_grade(Rng& rng, bool last_term) {
    if (last_term && rng.chance(60)) return "";
    if (rng.chance(4)) return "停修";
    if (rng.chance(6)) return std::to_string(40 + rng.below(30));  // failed
    return std::to_string(70 + rng.below(30));
}

// `per_student` transcript rows spread evenly over the terms attended.
void write_transcript(Rng& rng, const Framework& f, const std::string& id, const std::vector<libaudit::Term>& terms,
                      int per_student, Out& records) {
    const libaudit::Term last = terms.back();
    const std::string dept = f.summer ? "課程與教學研究所" : "教育經營與管理學系";
    for (int k = 0; k < per_student; ++k) {
        const libaudit::Term term = terms[static_cast<std::size_t>(k * static_cast<int>(terms.size()) / std::max(1, per_student))];
        const CourseCells c = pick_course(rng, *f.model, dept);
        const std::string grade = pick_grade(rng, term.year == last.year && term.semester == last.semester);
        const int offering = rng.below(10000);
        fmt::format_to(std::back_inserter(records.buffer()), "{},{:04},{},{},{}-{},{},{},{},{},{}\n", id, offering, c.code,
                       c.title, term.year, term.semester, c.credits, grade, c.dept, c.category, c.tick);
    }
}

// The student's profile row. The random draws are made one by one in the order that g++ on x86-64
// evaluated them when they were all arguments of one call (right to left: still pending, the
// phone number from its end, the national ID), so that a seed gives the same files as before.
void write_profile(Rng& rng, const Framework& f, const std::string& id, int entry, std::size_t terms, Out& profiles) {
    const int s = rng.below(static_cast<int>(surnames.size()));
    const int g = rng.below(static_cast<int>(given.size()));
    const bool female = g % 2 == 0;
    const bool pending = rng.chance(5);  // 教程待修
    const int phone3 = rng.below(1000);
    const int phone2 = rng.below(1000);
    const int phone1 = rng.below(100);
    const std::string national = national_id(rng, female);
    const auto surname = static_cast<std::size_t>(s);
    const auto given_name = static_cast<std::size_t>(g);
    fmt::format_to(std::back_inserter(profiles.buffer()), "{},{}{},{},{},a{}@grad.ntue.edu.tw,09{:02}-{:03}-{:03},{},{},{},{}\n",
                   id, surnames[surname], given[given_name], csv_cell(surnames_en[surname] + ", " + given_en[given_name]),
                   national, id, phone1, phone2, phone3, f.programme, entry, terms, pending ? "是" : "否");
}

// Students against the bundled frameworks: required courses mostly passed, electives across
// domains, some failed, withdrawn, repeated, in progress, and other departments' courses.
void generate_students(const GenerateOptions& o, int per_student, Out& records, Out& profiles) {
    const std::vector<libaudit::RuleSet> rulesets = libaudit::load_rulesets(o.rules);
    const std::vector<Framework> frameworks = programme_frameworks(rulesets, o.rules);
    Rng rng(o.seed);
    fmt::format_to(std::back_inserter(records.buffer()), "學號,開課號,科目代碼,科目名稱,學年期,學分,成績,開課系所,課程類別,勾選\n");
    write_profiles_header(profiles);
    for (std::int64_t i = 0; i < o.count; ++i) {
        const Framework& f = pick_framework(rng, frameworks);
        const int entry = rng.pick(f.entry_years);
        const std::string id = student_id(f, entry, i);
        const int years = 1 + rng.below(4);  // years of study so far
        const std::vector<libaudit::Term> terms = attended_terms(f, entry, years);
        write_transcript(rng, f, id, terms, per_student, records);
        records.flush_if_full();
        write_profile(rng, f, id, entry, terms.size(), profiles);
        profiles.flush_if_full();
    }
}

// Allocation-hard: a rule file with `requirements` domains and `courses` courses, each course in
// 3-6 domains, and students who took most of them (docs/allocation.md).
void generate_hard(const GenerateOptions& o, Out& records, Out& profiles) {
    Rng rng(o.seed);
    Out rules(o.rules_out);
    auto& y = rules.buffer();
    fmt::format_to(std::back_inserter(y),
                   "# Generated by `libaudit generate --kind hard --seed {}`: {} requirements x {} courses,\n"
                   "# each course eligible for 3-6 of them (allocation-hard, docs/allocation.md).\n"
                   "libaudit: 1\nkind: programme\nid: generated-hard-{}\nversion: \"1\"\ntitle: 分配困難測試架構\n"
                   "applies_to:\n  programme: [HARD]\ngrading:\n  pass_mark: 70\ncourses:\n",
                   o.seed, o.requirements, o.courses, o.seed);
    std::vector<int> credits(static_cast<std::size_t>(o.courses));
    for (int c = 0; c < o.courses; ++c) {
        credits[static_cast<std::size_t>(c)] = 2 + rng.below(2);
        std::vector<int> domains;
        const int k = std::min(o.requirements, 3 + rng.below(4));
        while (static_cast<int>(domains.size()) < k) {
            const int d = rng.below(o.requirements);
            if (std::find(domains.begin(), domains.end(), d) == domains.end()) domains.push_back(d);
        }
        std::sort(domains.begin(), domains.end());
        std::string list;
        for (int d : domains) list += fmt::format("{}d{:02}", list.empty() ? "" : ", ", d);
        fmt::format_to(std::back_inserter(y), "  - {{code: H{:03}, title: 課程{:03}, credits: {}, type: elective, domain: [{}]}}\n", c, c,
                       credits[static_cast<std::size_t>(c)], list);
    }
    fmt::format_to(std::back_inserter(y), "domains:\n");
    for (int d = 0; d < o.requirements; ++d)
        fmt::format_to(std::back_inserter(y), "  - {{id: d{:02}, title: 領域{:02}, min_credits: 6}}\n", d, d);
    fmt::format_to(std::back_inserter(y), "total:\n  min_credits: {}\n", 6 * o.requirements);
    rules.close();

    fmt::format_to(std::back_inserter(records.buffer()), "學號,科目代碼,學年期,學分,成績\n");
    write_profiles_header(profiles);
    for (std::int64_t i = 0; i < o.count; ++i) {
        const std::string id = fmt::format("H{:07}", i);
        for (int c = 0; c < o.courses; ++c) {
            if (rng.chance(10)) continue;  // a course not taken
            fmt::format_to(std::back_inserter(records.buffer()), "{},H{:03},{}-{},{},{}\n", id, c, 112 + c * 2 / o.courses,
                           1 + c % 2, credits[static_cast<std::size_t>(c)], 70 + rng.below(30));
        }
        records.flush_if_full();
        fmt::format_to(std::back_inserter(profiles.buffer()), "{},測試{},,,,,HARD,112,4,否\n", id, i);
    }
}


// Teachers (kind hours, rules/tw-inservice): a national-ID-keyed session export and staff profile
// in the format of examples/hours. Sessions come from a catalogue that depends on the seed only,
// so the first teachers of a larger run are the teachers of a smaller one.
struct Session {
    std::string code, title, category, start, end, hours, credits, tags;
    int date = 0;          // days since 1970, for ordering a teacher's sessions
    bool preschool = false;  // offered to preschool educators (教保服務人員) rather than K-12 teachers
    bool counselling = false;  // tagged 輔導知能
};

struct Topic {
    const char* title;
    const char* tags;  // as the platform writes them, ';'-separated
    bool preschool;
};
const std::vector<Topic> topics{
    {"輔導知能：學生情緒支持", "輔導知能", false}, {"輔導知能：正向管教", "輔導知能", false},
    {"輔導知能：自傷防治", "輔導知能;生命教育", false}, {"輔導知能：網路成癮", "輔導知能;資訊素養", false},
    {"輔導專業：危機處遇", "輔導知能", false}, {"輔導專業：家庭會談", "輔導知能", false},
    {"校園霸凌防制", "輔導知能;法治教育", false}, {"生成式 AI 融入教學", "數位學習", false},
    {"數位教學工具應用", "數位學習", false}, {"資訊安全與個資保護", "資訊素養", false},
    {"性別平等教育研習", "性別平等教育", false}, {"環境教育戶外課程", "環境教育", false},
    {"氣候變遷教育", "環境教育", false}, {"特殊教育知能研習", "特殊教育", false},
    {"融合教育實務", "特殊教育", false}, {"素養導向教學設計", "", false},
    {"閱讀理解策略", "閱讀素養", false}, {"數學素養教學", "", false},
    {"差異化教學", "", false}, {"公開授課與觀議課", "", false},
    {"校園防災演練", "防災教育", false}, {"課程領導", "", false},
    {"幼兒園課程大綱研習", "", true}, {"幼兒安全與急救", "安全教育", true},
    {"幼兒情緒輔導", "輔導知能", true}, {"親職講座", "", true},
    {"幼兒園評鑑說明會", "", true}, {"幼兒體能與律動", "", true},
};
struct CreditClass {
    const char* title;
    const char* category;  // 學分班 or 學位班: recorded in credits
    const char* tags;
    bool preschool;
};
const std::vector<CreditClass> credit_classes{
    {"輔導諮商學分班", "學分班", "輔導知能", false}, {"特殊教育學分班", "學分班", "特殊教育", false},
    {"教育行政學分班", "學分班", "", false},         {"第二專長學分班", "學分班", "", false},
    {"教保學分班", "學分班", "", true},             {"課程與教學碩士在職專班", "學位班", "", false},
};

std::vector<Session> session_catalogue(Rng& rng) {
    const libaudit::Date first = *libaudit::make_date(2021, 1, 1);
    const libaudit::Date last = *libaudit::make_date(2026, 7, 31);
    const int span = libaudit::days_between(first, last) + 1;
    // Recorded hours of a non-credit session: whole and half hours, a few under the 1-hour minimum,
    // a few off the 0.5-hour unit (rounded down by the packs).
    const std::vector<const char*> hours{"0.5", "1", "1.5", "2", "2", "2.5", "3", "3", "3", "3.5", "4", "6"};
    std::vector<Session> sessions;
    constexpr int size = 3000;
    for (int k = 0; k < size; ++k) {
        Session s;
        s.code = std::to_string(400000 + 7 * k);
        const libaudit::Date start = libaudit::add_days(first, rng.below(span));
        s.date = start.days;
        s.start = libaudit::format_date(start);
        const int kind = rng.below(1000);
        if (kind < 60) {  // credit and degree classes: a semester long, in credits
            const CreditClass& c = rng.pick(credit_classes);
            s.title = c.title;
            s.category = c.category;
            s.tags = c.tags;
            s.preschool = c.preschool;
            s.credits = std::to_string(1 + rng.below(3));
            s.end = libaudit::format_date(libaudit::add_days(start, 100 + rng.below(40)));
        } else {
            const Topic& t = rng.pick(topics);
            s.title = t.title;
            s.tags = t.tags;
            s.preschool = t.preschool;
            // 非學分班 mostly; school-based sessions; a few categories the packs do not declare.
            s.category = kind < 995 ? (rng.chance(30) ? "非學分班(校本研習)" : "非學分班") : (rng.chance(50) ? "研習營" : "工作坊");
            s.hours = rng.chance(3) ? (rng.chance(50) ? "0.75" : "1.75") : rng.pick(hours);
            s.end = rng.chance(90) ? s.start : libaudit::format_date(libaudit::add_days(start, 1));
        }
        s.counselling = s.tags.rfind("輔導知能", 0) == 0;
        sessions.push_back(std::move(s));
    }
    return sessions;
}

// A national ID with a valid checksum, unique per index below 10 million (the seven middle digits are
// the index times a number prime to 10, modulo 10^7: a bijection). The product needs 64 bits. The
// sex digit is drawn before the letter: the order in which g++ evaluated them as arguments of one
// call, kept so that a seed gives the same files.
std::string indexed_national_id(Rng& rng, std::int64_t index) {
    const std::int64_t digits = (index % 10000000) * 3141593 % 10000000;
    const int sex = 1 + rng.below(2);
    const auto letter = static_cast<char>('A' + rng.below(26));
    const std::string head = fmt::format("{}{}{:07}", letter, sex, digits);
    for (char d = '0'; d <= '9'; ++d)
        if (libaudit::valid_national_id(head + d)) return head + d;
    return head + '0';  // unreachable: the last digit has weight 1
}

void generate_teachers(const GenerateOptions& o, int per_teacher, Out& records, Out& profiles) {
    Rng rng(o.seed);
    const std::vector<Session> catalogue = session_catalogue(rng);
    std::vector<const Session*> k12, preschool, k12_counselling;
    for (const auto& s : catalogue) {
        (s.preschool ? preschool : k12).push_back(&s);
        if (!s.preschool && s.counselling) k12_counselling.push_back(&s);
    }
    fmt::format_to(std::back_inserter(records.buffer()), "身分證字號,課程代碼,研習名稱,班別性質,研習日期,結束日期,時數,學分,標籤\n");
    fmt::format_to(std::back_inserter(profiles.buffer()), "身分證字號,姓名,身分別,到職日,離職日\n");
    const libaudit::Date hired_from = *libaudit::make_date(2021, 1, 1);
    const libaudit::Date year_2026 = *libaudit::make_date(2026, 1, 1);
    std::vector<const Session*> taken;
    for (std::int64_t i = 0; i < o.count; ++i) {
        const std::string id = indexed_national_id(rng, i);
        const int r = rng.below(100);
        const std::string role = r < 80 ? "teacher" : r < 88 ? "counselling" : "preschool";
        // Employment dates: some recent hires (pro-rated hours for preschool educators), a few leavers.
        std::string hired, left;
        if (rng.chance(role == "preschool" ? 15 : 8))
            hired = libaudit::format_date(libaudit::add_days(hired_from, rng.below(libaudit::days_between(hired_from, year_2026) + 200)));
        if (rng.chance(3)) left = libaudit::format_date(libaudit::add_days(year_2026, 150 + rng.below(200)));
        const int s = rng.below(static_cast<int>(surnames.size()));
        const int g = rng.below(static_cast<int>(given.size()));
        fmt::format_to(std::back_inserter(profiles.buffer()), "{},{}{},{},{},{}\n", id, surnames[static_cast<std::size_t>(s)],
                       given[static_cast<std::size_t>(g)], role, hired, left);
        profiles.flush_if_full();

        // The sessions attended: each at most once (the platform's duplicate rows aside), in date order.
        const auto& pool = role == "preschool" ? preschool : k12;
        taken.clear();
        while (static_cast<int>(taken.size()) < std::min<int>(per_teacher, static_cast<int>(pool.size()))) {
            const Session* c = role == "counselling" && rng.chance(50) ? rng.pick(k12_counselling) : rng.pick(pool);
            if (std::find(taken.begin(), taken.end(), c) == taken.end()) taken.push_back(c);
        }
        std::sort(taken.begin(), taken.end(), [](const Session* a, const Session* b) { return std::tie(a->date, a->code) < std::tie(b->date, b->code); });
        for (const Session* c : taken) {
            const int copies = rng.chance(1) ? 2 : 1;  // the platform's export repeats a row now and then
            for (int k = 0; k < copies; ++k)
                fmt::format_to(std::back_inserter(records.buffer()), "{},{},{},{},{},{},{},{},{}\n", id, c->code, c->title, c->category,
                               c->start, c->end, c->hours, c->credits, c->tags);
        }
        records.flush_if_full();
    }
}

}  // namespace

int run_generate(const GenerateOptions& o) {
    if (o.records_out == "-" && o.profiles_out == "-")
        throw libaudit::IoError("--records and --profiles cannot both be standard output ('-')");
    Out records(o.records_out);
    Out profiles(o.profiles_out);
    if (o.kind == "students") {
        generate_students(o, o.records < 0 ? 60 : o.records, records, profiles);
    } else if (o.kind == "hard") {
        if (o.rules_out.empty()) throw libaudit::IoError("--kind hard writes a rule file: give --rules-out FILE");
        generate_hard(o, records, profiles);
    } else if (o.kind == "teachers") {
        generate_teachers(o, o.records < 0 ? 50 : o.records, records, profiles);
    }
    records.close();
    profiles.close();
    return 0;
}

}  // namespace libaudit_cli
