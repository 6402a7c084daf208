// The streaming batch SubjectReader: pass 1 checks a UTF-8 CSV file (header, encoding, whether
// each subject's rows are together, ids fingerprinted) and then reads it subject by subject in
// chunks, merging a profiles file in the same or ascending order as it goes; anything else (JSON,
// Big5, ungrouped rows) is read into memory. Subjects only the profiles have come last.
#include <libaudit/records.hpp>
#include <libaudit/validators.hpp>

#include "input/csv.hpp"
#include "input/input_text.hpp"
#include "records/cell_text.hpp"
#include "records/cells.hpp"
#include "records/chunked_file.hpp"
#include "records/csv_records.hpp"
#include "records/fields.hpp"
#include "records/problems.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace libaudit { inline namespace v0 {

using detail::CheckedRows;
using detail::ChunkedFile;
using detail::Converter;
using detail::CsvCursor;
using detail::CsvLayout;
using detail::InputField;
using detail::Problems;
using detail::RowRead;
using detail::decode_input;
using detail::input_delimiter;
using detail::input_is_json;
using detail::next_row;
using detail::read_header;
using detail::read_input_file;
using detail::read_row;
using detail::required_columns;
using detail::trim_fast;

namespace {

// An order-dependent fingerprint of a sequence of ids (FNV-1a over the ids and a separator).
void fingerprint(std::uint64_t& h, std::string_view id) noexcept {
    for (unsigned char c : id) h = (h ^ c) * 1099511628211ull;
    h = (h ^ 0xFFu) * 1099511628211ull;  // 0xFF never occurs in UTF-8
}

}  // namespace

struct SubjectReader::Impl {
    std::string path;
    std::optional<std::string> content;  // records given as text, `path` naming them

    std::unique_ptr<ChunkedFile> open() const {
        return content ? std::make_unique<ChunkedFile>(path, *content) : std::make_unique<ChunkedFile>(path);
    }
    std::optional<std::string_view> text() const {
        return content ? std::optional<std::string_view>(*content) : std::nullopt;
    }
    std::vector<Profile> profiles;
    std::unordered_map<std::string_view, const Profile*> profile_by_id;
    std::size_t total = 0;
    bool streaming = false;
    std::string why_not;              // English: why_not_params in the catalogue's streaming.<why_not_code>
    std::string why_not_code;
    MessageParams why_not_params;
    void not_streaming(std::string code, MessageParams params) {
        why_not_code = std::move(code);
        why_not_params = std::move(params);
        why_not = message_text(Language::en, "streaming." + why_not_code, why_not_params);
    }
    // The subjects' ids in the order of the file (pass 1): a fingerprint, and whether they ascend.
    std::uint64_t ids_fingerprint = 14695981039346656037ull;
    bool ids_ascending = true;

    // Profiles streamed beside the records (a merge join), when the records are streamed and the
    // profiles file lists the same ids in the same order (`same_order`), or both ascend (`ascending`,
    // profiles may be missing or extra). Otherwise the profiles are read whole and indexed.
    enum class Join { index, same_order, ascending } join = Join::index;
    std::string profiles_path;
    std::unique_ptr<ChunkedFile> profile_file;
    std::unique_ptr<CsvCursor> profile_cursor;
    CsvLayout profile_layout;
    std::vector<std::string_view> profile_cells;
    Profile next_profile;              // the next profile row not yet matched
    bool have_next_profile = false;

    // Streaming
    std::unique_ptr<ChunkedFile> file;
    std::unique_ptr<CsvCursor> cursor;
    CsvLayout layout;
    int id_column = -1;
    std::vector<std::string_view> cells;

    // In memory
    std::vector<Subject> subjects;
    std::vector<std::vector<Diagnostic>> problems;
    std::size_t next_subject = 0;

    // Subjects in the profiles without a single record (a teacher without any session): returned
    // after the records' subjects (with a merged profiles file: after the subject where they were
    // passed), audited with no records.
    std::vector<std::uint64_t> id_hashes;  // streamed records: the sorted hashes of their subject ids
    std::vector<bool> matched;             // index: profiles[i] has records
    std::deque<Profile> roster_only;       // found, not yet returned
    std::size_t roster_tail = 0;           // index: the next profile to look at once the records are done
    std::size_t roster_in_profiles = 0;    // merged profiles file: ids the records lack (for `total`)
    bool records_done = false;
    bool sessions = false;  // the records have dates: training sessions

    static std::uint64_t id_hash(std::string_view id) noexcept {
        std::uint64_t h = 14695981039346656037ull;
        fingerprint(h, id);
        return h;
    }
    // Whether the (streamed) records have this subject; a hash collision may say yes wrongly, which
    // only makes `total` (a progress figure) one short.
    bool in_records(std::string_view id) const {
        return std::binary_search(id_hashes.begin(), id_hashes.end(), id_hash(id));
    }
    bool first_of_its_id(const Profile& p) const {
        const auto it = profile_by_id.find(p.subject_id);
        return it != profile_by_id.end() && it->second == &p;
    }
    // Adds the subjects that only the profiles have to `total` (called once everything is read or scanned).
    void count_roster_only() {
        if (join == Join::ascending) {
            total += roster_in_profiles;
        } else if (join == Join::index) {
            for (std::size_t i = 0; i < profiles.size(); ++i)
                if (first_of_its_id(profiles[i]) && (streaming ? !in_records(profiles[i].subject_id) : !matched[i]))
                    ++total;
        }
    }
    // Once the records are done: queues the next subject only the profiles have, if any.
    void next_roster_only() {
        if (join == Join::ascending) {
            if (have_next_profile) {
                roster_only.push_back(next_profile);
                advance_profile();
            }
            return;
        }
        if (join != Join::index) return;
        while (roster_tail < profiles.size()) {
            const std::size_t i = roster_tail++;
            if (!matched[i] && first_of_its_id(profiles[i])) {
                roster_only.push_back(profiles[i]);
                return;
            }
        }
    }

    // Pass 1 over a profiles file (UTF-8 CSV): every row read and checked, the ids fingerprinted.
    // True when it can be merged with the records; false (read it whole instead, which reports any
    // problem) for JSON, Big5, a problem in a row, or an order that does not match.
    bool scan_profiles(const std::string& ppath, const ReadOptions& options) {
        if (options.for_profiles().encoding == Encoding::big5 || !streaming) return false;  // detect: Big5 fails pass 1
        try {
            CheckedRows in(ppath);
            if (input_is_json(ppath, in.head())) return false;
            in.start();
            std::vector<std::string_view> row;
            int line = 0;
            Problems found(ppath);
            if (!in.next(row, line)) return false;
            const CsvLayout pl = read_header<Profile>(row, line, found);
            if (!found.empty()) return false;
            Converter cv(found);
            Profile p;
            std::string previous;
            bool ascending = true;
            std::size_t count = 0;
            std::uint64_t h = 14695981039346656037ull;
            while (in.next(row, line)) {
                const RowRead r = read_row(pl, row, line, p, cv, found);
                if (r == RowRead::skipped) continue;
                if (r != RowRead::item || !found.empty() || p.subject_id.empty()) return false;
                if (!previous.empty() && !(previous < p.subject_id)) {
                    if (previous == p.subject_id) return false;  // a duplicate: reported by the whole read
                    ascending = false;
                }
                previous = p.subject_id;
                fingerprint(h, p.subject_id);
                ++count;
                if (!in_records(p.subject_id)) ++roster_in_profiles;
            }
            if (count == total && h == ids_fingerprint) join = Join::same_order;
            else if (ascending && ids_ascending) join = Join::ascending;
            else return false;
        } catch (const Error&) {
            return false;
        }
        profiles_path = ppath;
        profile_file = std::make_unique<ChunkedFile>(ppath);
        profile_file->refill(0);
        profile_cursor =
            std::make_unique<CsvCursor>(profile_file->buffer(), ppath, input_delimiter(ppath, profile_file->buffer()));
        int line = 0;
        next_row(*profile_file, *profile_cursor, profile_cells, line);
        Problems found(ppath);
        profile_layout = read_header<Profile>(profile_cells, line, found);
        advance_profile();
        return true;
    }

    // Reads the next profile row of a merged profiles file (checked in pass 1).
    void advance_profile() {
        have_next_profile = false;
        Problems found(profiles_path);
        Converter cv(found);
        int line = 0;
        while (next_row(*profile_file, *profile_cursor, profile_cells, line) == CsvCursor::Status::row) {
            if (read_row(profile_layout, profile_cells, line, next_profile, cv, found) == RowRead::item) {
                have_next_profile = true;
                return;
            }
        }
    }

    void attach_profile(Subject& s, const std::string& id) {
        if (join != Join::index) {
            while (join == Join::ascending && have_next_profile && next_profile.subject_id < id) {
                roster_only.push_back(next_profile);  // no records: returned after this subject
                advance_profile();
            }
            if (have_next_profile && next_profile.subject_id == id) {
                s.profile = next_profile;
                s.profile.present = true;
                advance_profile();
            } else {
                if (join == Join::same_order && !id.empty())
                    throw IoError(profiles_path + " or " + path + " changed while it was being read");
                s.profile = Profile{};
                s.profile.subject_id = id;
            }
            return;
        }
        const auto it = profile_by_id.find(id);
        if (it != profile_by_id.end()) {
            s.profile = *it->second;
            s.profile.present = true;
            matched[static_cast<std::size_t>(it->second - profiles.data())] = true;
        } else {
            s.profile = Profile{};
            s.profile.subject_id = id;
        }
    }

    // The records' header row (`found`: false when the file has no row at all): the layout, the
    // id column and whether these are sessions; InputError (R003, or the header's problems).
    void take_header(bool found, const std::vector<std::string_view>& header, int line) {
        Problems header_problems(path);
        if (!found) {
            header_problems.add("R003", {}, {{"columns", required_columns<Record>()}}, 0, 0);
            header_problems.throw_if_any();
        }
        layout = read_header<Record>(header, line, header_problems);
        sessions = layout.sessions;
        header_problems.throw_if_any();
        id_column = layout.column_of(InputField::student_id);
    }

    // Pass 1 over a UTF-8 CSV file: the header, the encoding, whether rows are grouped by
    // subject, and how many subjects there are. True when the file can be streamed.
    bool scan(const ReadOptions& options) {
        if (options.encoding == Encoding::big5) {
            not_streaming("big5", {});
            return false;
        }
        if (options.encoding == Encoding::utf8) return scan_utf8();
        try {  // detect: a file that is not UTF-8 is found so in pass 1, and read whole (as Big5 if it is)
            return scan_utf8();
        } catch (const InputError& e) {
            if (e.diagnostics().empty() || e.diagnostics().front().message_code != "diag.R002") throw;
            not_streaming("big5", {});
            return false;
        }
    }

    bool scan_utf8() {
        CheckedRows in(path, text());
        if (input_is_json(path, in.head())) {
            not_streaming("json", {});
            return false;
        }
        in.start();
        std::vector<std::string_view> row;
        int line = 0;
        std::size_t wanted = static_cast<std::size_t>(-1);  // cells per row: all of the header, then up to the id
        const auto read = [&] { return in.next(row, line, wanted); };
        const bool has_header = read();
        take_header(has_header, row, line);
        wanted = static_cast<std::size_t>(id_column) + 1;

        // Grouped when no id starts two runs of rows. Memory must not grow with the file: 8 bytes per
        // subject (a hash of its id) rather than the ids; only when two hashes agree is the file read
        // again with the ids themselves, to tell a real repeat (and its lines) from a collision.
        std::vector<std::uint64_t> hashes;
        std::string current;
        while (read()) {
            if (static_cast<std::size_t>(id_column) >= row.size()) continue;
            const std::string_view id = trim_fast(row[static_cast<std::size_t>(id_column)]);
            if (id.empty() || id == current) continue;
            ids_ascending = ids_ascending && (current.empty() || current < id);
            fingerprint(ids_fingerprint, id);
            std::uint64_t h = 14695981039346656037ull;
            fingerprint(h, id);
            hashes.push_back(h);
            current.assign(id);
        }
        total = hashes.size();
        std::sort(hashes.begin(), hashes.end());
        const bool distinct = std::adjacent_find(hashes.begin(), hashes.end()) == hashes.end();
        id_hashes = std::move(hashes);
        return distinct || grouped_exactly();
    }

    // The grouping check with the ids themselves (a second pass; only when two ids' hashes agree).
    bool grouped_exactly() {
        CheckedRows in(path, text());
        in.start();
        std::vector<std::string_view> row;
        int line = 0;
        in.next(row, line);  // the header, checked in pass 1
        const std::size_t wanted = static_cast<std::size_t>(id_column) + 1;
        std::unordered_map<std::string, int> first_line;  // subject id -> the line its rows start
        std::string current;
        while (in.next(row, line, wanted)) {
            if (static_cast<std::size_t>(id_column) >= row.size()) continue;
            const std::string_view id = trim_fast(row[static_cast<std::size_t>(id_column)]);
            if (id.empty() || id == current) continue;
            current.assign(id);
            const auto [it, inserted] = first_line.emplace(current, line);
            if (!inserted) {
                not_streaming("not_together", {{"id", mask_if_national_id(current)},
                                               {"first", std::to_string(it->second)}, {"line", std::to_string(line)}});
                return false;
            }
        }
        return true;
    }

    void start_streaming(const ReadOptions& options) {
        file = open();
        file->refill(0);
        (void)options;
        cursor = std::make_unique<CsvCursor>(file->buffer(), path, input_delimiter(path, file->buffer()));
        int line = 0;
        next_row(*file, *cursor, cells, line);  // the header, checked by scan()
    }

    void read_in_memory(const ReadOptions& options) {
        const std::string text = decode_input(content ? *content : read_input_file(path), path, options);
        std::unordered_map<std::string, std::size_t> index;
        if (input_is_json(path, text)) {
            RecordFile rf = parse_record_file(text, path, options);
            if (profiles.empty()) {
                profiles = std::move(rf.profiles);
                index_profiles();
            }
            sessions = std::any_of(rf.records.begin(), rf.records.end(), [](const Record& r) { return r.date.has_value(); });
            subjects = group_subjects(std::move(rf.records), profiles);
            problems.resize(subjects.size());
            total = subjects.size();
            for (const Subject& s : subjects)
                if (const auto it = profile_by_id.find(s.profile.subject_id); it != profile_by_id.end())
                    matched[static_cast<std::size_t>(it->second - profiles.data())] = true;
            return;
        }
        CsvCursor all(text, path, input_delimiter(path, text));
        int line = 0;
        const bool has_header = all.next(cells, line) == CsvCursor::Status::row;
        take_header(has_header, cells, line);
        std::size_t current = 0;  // rows without a readable id go with the row before
        Record record;
        while (all.next(cells, line) == CsvCursor::Status::row) {
            const std::string_view id = static_cast<std::size_t>(id_column) < cells.size()
                                            ? trim_fast(cells[static_cast<std::size_t>(id_column)])
                                            : std::string_view();
            if (!id.empty() || subjects.empty()) {
                const auto [it, inserted] = index.emplace(std::string(id), subjects.size());
                if (inserted) {
                    attach_profile(subjects.emplace_back(), it->first);
                    problems.emplace_back();
                }
                current = it->second;
            }
            Problems row_problems(path);
            Converter cv(row_problems);
            record = Record{};
            if (read_row(layout, cells, line, record, cv, row_problems) == RowRead::item)
                subjects[current].records.push_back(std::move(record));
            for (Diagnostic& d : row_problems.take()) problems[current].push_back(std::move(d));
        }
        // Blank rows before the first student id make an empty group: drop it.
        if (!subjects.empty() && subjects.front().profile.subject_id.empty() && subjects.front().records.empty() &&
            problems.front().empty()) {
            subjects.erase(subjects.begin());
            problems.erase(problems.begin());
        }
        total = subjects.size();
    }

    void index_profiles() {
        matched.assign(profiles.size(), false);
        profile_by_id.clear();
        for (const Profile& p : profiles) profile_by_id.emplace(p.subject_id, &p);  // the first wins
    }

    bool next_streamed(Subject& subject, std::vector<Diagnostic>& out) {
        Problems row_problems(path);
        Converter cv(row_problems);
        std::string current;
        std::size_t n = 0;
        bool any_row = false;
        int line = 0;
        while (true) {
            if (next_row(*file, *cursor, cells, line) != CsvCursor::Status::row) break;
            const std::string_view id = static_cast<std::size_t>(id_column) < cells.size()
                                            ? trim_fast(cells[static_cast<std::size_t>(id_column)])
                                            : std::string_view();
            if (!id.empty()) {
                if (current.empty()) {
                    current.assign(id);
                } else if (id != current) {
                    cursor->unread();  // the first row of the next subject
                    break;
                }
            }
            any_row = true;
            if (n == subject.records.size()) subject.records.emplace_back();
            if (read_row(layout, cells, line, subject.records[n], cv, row_problems) == RowRead::item) ++n;
        }
        subject.records.resize(n);
        out = row_problems.take();
        if (!any_row || (current.empty() && n == 0 && out.empty())) return false;  // only blank rows were left
        attach_profile(subject, current);
        return true;
    }
};

SubjectReader::SubjectReader(const std::string& records_path, std::vector<Profile> profiles, const ReadOptions& options)
    : SubjectReader(TextInput{std::string(), records_path}, std::move(profiles), options, false) {}

SubjectReader::SubjectReader(TextInput records, std::vector<Profile> profiles, const ReadOptions& options)
    : SubjectReader(std::move(records), std::move(profiles), options, true) {}

SubjectReader::SubjectReader(TextInput records, std::vector<Profile> profiles, const ReadOptions& options,
                             bool from_text)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = std::move(records.name);
    if (from_text) impl_->content = std::move(records.content);
    impl_->profiles = std::move(profiles);
    impl_->index_profiles();
    impl_->streaming = impl_->scan(options);
    if (impl_->streaming) impl_->start_streaming(options);
    else impl_->read_in_memory(options);
    impl_->count_roster_only();
}

SubjectReader::SubjectReader(const std::string& records_path, const ProfilesFile& profiles, const ReadOptions& options)
    : impl_(std::make_unique<Impl>()) {
    const std::string& profiles_path = profiles.path;
    impl_->path = records_path;
    impl_->streaming = impl_->scan(options);
    if (!profiles_path.empty() && !impl_->scan_profiles(profiles_path, options)) {
        impl_->profiles = read_profiles(profiles_path, options);
        impl_->index_profiles();
    }
    if (impl_->streaming) impl_->start_streaming(options);
    else impl_->read_in_memory(options);
    impl_->count_roster_only();
}

SubjectReader::~SubjectReader() = default;

bool SubjectReader::next(Subject& subject, std::vector<Diagnostic>& problems) {
    Impl& m = *impl_;
    if (m.roster_only.empty() && !m.records_done) {
        if (m.streaming) {
            if (m.next_streamed(subject, problems)) return true;
        } else if (m.next_subject < m.subjects.size()) {
            subject = std::move(m.subjects[m.next_subject]);
            problems = std::move(m.problems[m.next_subject]);
            ++m.next_subject;
            return true;
        }
        m.records_done = true;
    }
    if (m.roster_only.empty()) m.next_roster_only();
    if (m.roster_only.empty()) return false;
    subject.profile = std::move(m.roster_only.front());
    subject.profile.present = true;
    m.roster_only.pop_front();
    subject.records.clear();
    problems.clear();
    return true;
}

std::size_t SubjectReader::subjects() const noexcept { return impl_->total; }
bool SubjectReader::streaming() const noexcept { return impl_->streaming; }
bool SubjectReader::sessions() const noexcept { return impl_->sessions; }
bool SubjectReader::profiles_streamed() const noexcept { return impl_->join != Impl::Join::index; }
const std::string& SubjectReader::why_not_streaming() const noexcept { return impl_->why_not; }
std::string SubjectReader::why_not_streaming(Language language) const {
    return impl_->why_not_code.empty() ? std::string()
                                       : message_text(language, "streaming." + impl_->why_not_code, impl_->why_not_params);
}

}}  // namespace libaudit::v0
