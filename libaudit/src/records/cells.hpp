// Internal: one value (a CSV cell or a JSON scalar) converted and stored into a Record or a
// Profile field, a bad value reported where it was found.
#pragma once
#include <libaudit/records.hpp>

#include "records/fields.hpp"
#include "records/problems.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// The ranges of the numbers a record holds (docs/records.md): far above any real course or
// session, far below what would overflow a sum of millions of them in the allocator's fixed
// point (1/1000 credit or hour in an int64).
constexpr double kMaxCredits = 1000;
constexpr double kMaxHours = 10000;

// One value to store in a field: a CSV cell or a JSON scalar, plus where it came from.
struct Cell {
    enum class Type { text, number, boolean, null, list };
    Type type = Type::text;
    std::string text;                // trimmed text; a JSON number or boolean as printed
    double number = 0;               // Type::number
    bool integral = false;           // Type::number holding an integer
    long long integer = 0;           // when integral
    bool boolean = false;            // Type::boolean
    std::vector<std::string> items;  // Type::list (a JSON array of strings, for tags)
};

struct Where {
    int line = 0;
    int column = 0;
    std::string_view header;  // CSV header text or JSON key, as written (outlives the Where)
    std::string path;    // JSON path, empty for CSV
    const InputFieldDef* def = nullptr;

    // The message prefix naming the value: the header as written plus the canonical name when
    // they differ ("學分 (credits): ", "credits: "), or the JSON path ("records[3].學分: ").
    std::string prefix() const;
    // The same without ": " (the message parameter `at`).
    std::string name() const;
};

// Converts cells to typed values, reporting a bad value (its code, where, what was expected).
class Converter {
public:
    explicit Converter(Problems& problems) : problems_(problems) {}

    // The message "diag.<code>" with the parameters at (w.name()), got (describe(c)) and `more`.
    void report(const char* code, const Where& w, const Cell& c, MessageParams more = {});

    // A JSON value of the wrong kind.
    void wrong_type(const Where& w, const char* expected, const Cell& c);

    // The value as the message parameter `got`: quoted text (national IDs masked), a JSON number
    // or boolean as written, or "nothing" / "array" (words of the catalogue).
    static std::string describe(const Cell& c);

    std::optional<std::string> text(const Cell& c, const Where& w);

    std::optional<Term> term(const Cell& c, const Where& w);

    std::optional<double> credits(const Cell& c, const Where& w);

    // Empty -> nullopt; AD or ROC dates (calendar.hpp's parse_date), else R016.
    std::optional<Date> date(const Cell& c, const Where& w);

    // Empty -> nullopt (a credit class gives credits instead); else a number >= 0 or R017.
    std::optional<double> hours(const Cell& c, const Where& w);

    // Session files (records with a date): empty credits cells are allowed (hours are given).
    bool sessions = false;

    // Empty -> nullopt (the caller decides what an absent value means); a bad value is reported.
    std::optional<bool> boolean(const Cell& c, const Where& w);

    // Empty -> nullopt; outside [min, max] or not an integer -> reported with `code`.
    std::optional<int> integer(const Cell& c, const Where& w, const char* code, long long min, long long max);


private:
    Problems& problems_;
};

// The string member a text field is stored in; null for fields that need converting.
inline std::string* text_member(Record& r, InputField f) noexcept {
    switch (f) {
    case InputField::student_id: return &r.subject_id;
    case InputField::code: return &r.code;
    case InputField::offering: return &r.offering;
    case InputField::title: return &r.title;
    case InputField::grade: return &r.grade;
    case InputField::dept: return &r.dept;
    case InputField::school: return &r.school;
    case InputField::category: return &r.category;
    default: return nullptr;
    }
}

inline std::string* text_member(Profile& p, InputField f) noexcept {
    switch (f) {
    case InputField::student_id: return &p.subject_id;
    case InputField::name: return &p.name;
    case InputField::english_name: return &p.english_name;
    case InputField::national_id: return &p.national_id;
    case InputField::email: return &p.email;
    case InputField::mobile: return &p.mobile;
    case InputField::programme: return &p.programme;
    default: return nullptr;
    }
}

// Stores one value into a record or profile; a bad value is reported and leaves the default.
void assign(Record& r, InputField f, const Cell& c, const Where& w, Converter& cv);
void assign(Profile& p, InputField f, const Cell& c, const Where& w, Converter& cv);

inline bool missing_required(const Record& r) noexcept { return r.subject_id.empty() || r.code.empty(); }
inline bool missing_required(const Profile& p) noexcept { return p.subject_id.empty(); }

// Required non-empty values after a row or object is read.
void check_required(const Record& r, const Where& id_where, const Where& code_where, Problems& problems);
void check_required(const Profile& p, const Where& id_where, const Where&, Problems& problems);

// A session (a record of a session file) needs its date; `empty`: no date was written at all (a
// date that was written but unreadable is already reported).
void check_session(bool empty, const Where& date_where, Problems& problems);
// A session that ends before it starts (R016 at its end date).
void check_session_dates(const Record& r, const Where& end_where, Problems& problems);

}}}  // namespace libaudit::v0::detail
