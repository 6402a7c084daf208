// Records (transcript rows, training sessions, events) and the subject they belong to.
#pragma once
#include <libaudit/export.h>
#include <libaudit/calendar.hpp>
#include <libaudit/diagnostic.hpp>
#include <libaudit/term.hpp>

#include <cstddef>
#include <memory>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// One input row: a course on a transcript (later also a training session or an event).
// Text fields keep the input verbatim (trimmed); `grade` is interpreted by the rule set's
// grading policy, not here.
struct Record {
    std::string subject_id;   // 學號 / teacher id
    std::string code;         // course code 科目代碼
    std::string offering;     // offering number 開課號, e.g. "0648"
    std::string title;        // 科目名稱
    std::optional<Term> term; // 學年期
    double credits = 0;       // 學分
    std::string grade;        // 成績: "85", "W", "", "停修", "通過" ...
    std::string dept;         // 開課系所
    std::string school;       // 開課學校 (empty = own school)
    std::string category;     // 類別
    std::vector<std::string> tags;
    bool selected = false;    // ticked as flexible credit (勾選彈性學分)
    bool approved = false;    // approved by the department where a rule asks for approval
    // Training sessions (in-service hours): a file with a `date` column is a session file.
    std::optional<Date> date;      // 研習日期 / 開始日期: the session's (first) day
    std::optional<Date> end_date;  // 結束日期
    std::optional<double> hours;   // 時數, as recorded; credit classes give `credits` instead
    std::map<std::string, std::string> extra;  // any other column, by header
    int source_row = 0;       // line in the CSV file / index+1 in a JSON array (0 = built in code)
    // A planned course of a what-if audit (docs/what-if.md): counts as in progress, marked as planned.
    bool planned = false;
};

// Facts about the subject (student, teacher) from the profile file.
struct Profile {
    std::string subject_id;
    std::string name;
    std::string english_name;
    std::string national_id;
    std::string email;
    std::string mobile;
    std::string programme;            // programme / class code the rule set applies to
    std::optional<int> entry_year;    // ROC entry school year
    std::optional<int> semesters;     // semesters enrolled so far (在學學期數), incl. the current one
    std::optional<bool> teacher_education_pending;  // 教程生 still needing courses next semester
    std::string role;                      // 身分別: free text matched by rule packs (teacher, counselling ...)
    std::optional<Date> employed_from;     // 到職日
    std::optional<Date> employed_to;       // 離職日 (empty: still employed)
    std::optional<Date> submitted;         // 申請日期: the day a graduation application was sent
    std::map<std::string, std::string> extra;
    bool present = false;             // false when no profile row was given for the subject
};

struct Subject {
    Profile profile;
    std::vector<Record> records;
};

// How an input file's bytes are decoded. `detect` (the default) looks at each file's own bytes:
// UTF-8 (with or without a BOM) when they are valid UTF-8, else Big5 (CP950); a file that is
// neither is reported as not valid UTF-8 (R002). JSON is always UTF-8.
enum class Encoding { utf8, big5, detect };

struct ReadOptions {
    Encoding encoding = Encoding::detect;      // the records files (and the profiles, unless below)
    std::optional<Encoding> profiles_encoding = std::nullopt;  // the profiles file, when not `encoding`
    // The options a profiles file is read with: `encoding` replaced by profiles_encoding, if given.
    ReadOptions for_profiles() const {
        ReadOptions o = *this;
        if (profiles_encoding) o.encoding = *profiles_encoding;
        return o;
    }
};

// Reads records from a CSV (by extension .csv/.tsv or content) or JSON file. Columns may use the
// English names or the Chinese aliases documented in docs/records.md. Every bad row is reported
// (InputError with one diagnostic per problem); nothing is skipped silently. Throws IoError when the
// file cannot be read.
std::vector<Record> read_records(const std::string& path, const ReadOptions& options = {});
std::vector<Record> parse_records(const std::string& content, const std::string& name, const ReadOptions& options = {});

// A records file with the profiles it may carry: a JSON object {"profile": {...}, "records": [...]}
// (or "profiles": [...]) holds both; CSV files and other JSON shapes hold records only.
struct RecordFile {
    std::vector<Record> records;
    std::vector<Profile> profiles;
};
RecordFile read_record_file(const std::string& path, const ReadOptions& options = {});
RecordFile parse_record_file(const std::string& content, const std::string& name, const ReadOptions& options = {});

// A planned-courses file for a what-if audit (docs/what-if.md): a CSV/TSV with the transcript's
// columns, JSON or YAML records with its keys (no grade). Every record comes back with `planned`
// set. A column the transcript does not have (P001, with a did-you-mean), a grade (P002), a YAML
// file of another shape (P003) or a bad cell (the transcript's R codes) is a located error; nothing
// is read from a file with errors. The overloads with rule sets (libaudit/ruleset.hpp) also check
// that every planned course is one of theirs (P004).
struct PlanFile {
    std::vector<Record> records;
    std::vector<Diagnostic> diagnostics;
    bool ok() const;  // no error
};
PlanFile parse_plan(const std::string& content, const std::string& name, const ReadOptions& options = {});
// The same from a path: IoError when it cannot be read, InputError (every diagnostic) when it has an error.
std::vector<Record> read_plan(const std::string& path, const ReadOptions& options = {});

// Reads profiles (one per subject) from CSV or JSON.
std::vector<Profile> read_profiles(const std::string& path, const ReadOptions& options = {});
std::vector<Profile> parse_profiles(const std::string& content, const std::string& name, const ReadOptions& options = {});

// Groups records by subject id in order of first appearance and attaches matching profiles.
std::vector<Subject> group_subjects(std::vector<Record> records, const std::vector<Profile>& profiles);

// Reads a records file one subject at a time, for cohorts of any size (libaudit batch).
//
// A UTF-8 CSV/TSV file whose rows are grouped by subject (all rows of a subject together, as an
// export sorted by student id is) is streamed: memory holds a chunk of the file and the current
// subject, never the whole file. A first pass over the file checks the encoding and the grouping
// and counts the subjects before anything is returned. Other input is read whole and grouped in
// memory, in order of first appearance (streaming() is false and why_not_streaming() says why):
// rows not grouped by subject, Big5, JSON.
//
// The header is checked in the constructor (InputError); a bad row makes only its subject's
// input invalid: next() returns that subject with the located problems (file:line:column).
// Text standing for a records file called `name` (e.g. a DataFrame written as CSV): read as the
// file would be, located as `name`:line:column.
struct TextInput {
    std::string content;
    std::string name;
};

class SubjectReader {
public:
    // `profiles` are matched to subjects by id (Profile::present is false for a subject without one).
    SubjectReader(const std::string& records_path, std::vector<Profile> profiles, const ReadOptions& options = {});
    // The same over text held in memory (streamed from it when grouped, never copied again).
    SubjectReader(TextInput records, std::vector<Profile> profiles, const ReadOptions& options = {});
    // The same with a profiles file (CSV or JSON; an empty path: none). When the records are streamed
    // and the profiles file is UTF-8 CSV listing the same ids in the same order, or both files' ids
    // ascend, it is streamed too (a merge join: memory does not grow with the cohort); otherwise it is
    // read whole and indexed by id. Problems in it are thrown as from read_profiles.
    struct ProfilesFile {
        explicit ProfilesFile(std::string p) : path(std::move(p)) {}
        std::string path;
    };
    SubjectReader(const std::string& records_path, const ProfilesFile& profiles, const ReadOptions& options = {});
    ~SubjectReader();
    SubjectReader(const SubjectReader&) = delete;
    SubjectReader& operator=(const SubjectReader&) = delete;

    // The next subject in input order into `subject` (its storage is reused: pass the same object
    // again to avoid allocations) and the problems with its rows into `problems` (cleared first).
    // False when there are no more subjects.
    bool next(Subject& subject, std::vector<Diagnostic>& problems);

    std::size_t subjects() const noexcept;       // how many subjects the file holds
    bool streaming() const noexcept;
    bool sessions() const noexcept;  // the records are training sessions (they have a date column)
    bool profiles_streamed() const noexcept;     // a profiles file merged as it is read (not indexed whole)
    const std::string& why_not_streaming() const noexcept;  // English
    // Why not, in `language` (the catalogue's streaming.*; a subject's national ID masked).
    std::string why_not_streaming(Language language) const;

private:
    // The two constructors above: the file named `records.name`, or (`from_text`) the text.
    SubjectReader(TextInput records, std::vector<Profile> profiles, const ReadOptions& options, bool from_text);
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}}  // namespace libaudit::v0
LIBAUDIT_API_END
