// Converting cells (CSV text or JSON scalars) to the typed fields of a Record or a Profile: terms,
// credits, hours, dates, yes/no, integers in range; each bad value reported where it was found.
#include "records/cells.hpp"

#include "base/input_words.hpp"
#include "base/number.hpp"
#include "records/cell_text.hpp"

#include <libaudit/calendar.hpp>
#include <libaudit/messages.hpp>
#include <libaudit/validators.hpp>

#include <charconv>
#include <initializer_list>
#include <system_error>
#include <utility>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

// A whole number with one optional sign ("+3", "-3"; not "+-3"). Not base/number.hpp's
// parse_integer, which rejects the "+" that spreadsheets write.
std::optional<long long> parse_signed(std::string_view s) {
    if (s.empty()) return std::nullopt;
    if (s.front() == '+') {
        s.remove_prefix(1);
        if (!s.empty() && s.front() == '-') return std::nullopt;
    }
    long long value = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    return value;
}

// Empty is false; the yes/no spellings of spreadsheets and forms, ASCII letters in any case, and
// the words of libaudit/data/words.txt (yes, no).
std::optional<bool> parse_bool(std::string_view s) {
    if (s.empty()) return false;
    for (std::string_view yes : {"true", "yes", "y", "1", "v", "\xE2\x9C\x93" /* ✓ */, "\xE2\x9C\x94" /* ✔ */})
        if (iequals(s, yes)) return true;
    for (std::string_view no : {"false", "no", "n", "0"})
        if (iequals(s, no)) return false;
    for (std::string_view yes : input_words("yes"))
        if (s == yes) return true;
    for (std::string_view no : input_words("no"))
        if (s == no) return false;
    return std::nullopt;
}

}  // namespace

std::string Where::prefix() const { return name() + ": "; }

std::string Where::name() const {
    if (!path.empty()) return path;
    std::string out(header);
    if (def != nullptr && !iequals(header, def->canonical)) {
        out += " (";
        out += def->canonical;
        out += ")";
    }
    return out;
}


namespace {

// Whether the text has a full-width digit (U+FF10-U+FF19: EF BC 90-99 in UTF-8), as an IME in
// full-width mode types them; they are not numbers to the reader, and look like ones to the user.
bool has_fullwidth_digit(std::string_view text) {
    for (std::size_t i = 0; i + 2 < text.size(); ++i)
        if (static_cast<unsigned char>(text[i]) == 0xEF && static_cast<unsigned char>(text[i + 1]) == 0xBC &&
            static_cast<unsigned char>(text[i + 2]) >= 0x90 && static_cast<unsigned char>(text[i + 2]) <= 0x99)
            return true;
    return false;
}

}  // namespace

void Converter::report(const char* code, const Where& w, const Cell& c, MessageParams more) {
    MessageParams params{{"at", w.name()}, {"got", describe(c)}};
    for (auto& p : more) params.push_back(std::move(p));
    // A value in full-width digits: the same message with a hint that says so (diag.<code>.fullwidth).
    std::string key;
    if (c.type == Cell::Type::text && has_fullwidth_digit(c.text) && has_message(Language::en, std::string("diag.") + code + ".fullwidth"))
        key = std::string("diag.") + code + ".fullwidth";
    problems_.add(code, std::move(key), std::move(params), w.line, w.column, std::string(w.header), w.path);
}

void Converter::wrong_type(const Where& w, const char* expected, const Cell& c) {
    report("R021", w, c, {{"expected", expected}});
}

std::string Converter::describe(const Cell& c) {
    switch (c.type) {
    case Cell::Type::text: return "'" + mask_if_national_id(c.text) + "'";
    case Cell::Type::list: return "array";  // got.array in the catalogue
    case Cell::Type::null: return "nothing";  // got.nothing
    default: return c.text;
    }
}

std::optional<std::string> Converter::text(const Cell& c, const Where& w) {
    if (c.type == Cell::Type::boolean || c.type == Cell::Type::list) {
        wrong_type(w, "string", c);
        return std::nullopt;
    }
    return c.text;  // null -> ""
}

std::optional<Term> Converter::term(const Cell& c, const Where& w) {
    if (c.type == Cell::Type::null || (c.type == Cell::Type::text && c.text.empty())) return std::nullopt;
    if (c.type == Cell::Type::text || (c.type == Cell::Type::number && c.integral)) {
        if (auto t = parse_term(c.text)) return t;
    } else if (c.type != Cell::Type::number) {
        wrong_type(w, "term", c);
        return std::nullopt;
    }
    report("R011", w, c);
    return std::nullopt;
}

std::optional<double> Converter::credits(const Cell& c, const Where& w) {
    std::optional<double> value;
    if (c.type == Cell::Type::number) value = c.number;
    else if (c.type == Cell::Type::text) value = parse_plain_number(c.text);
    else if (c.type != Cell::Type::null) {
        wrong_type(w, "number", c);
        return std::nullopt;
    }
    if (!value || !(*value >= 0 && *value <= kMaxCredits)) {  // also NaN and JSON's 1e999 (infinity)
        report("R010", w, c, {{"max", format_g(kMaxCredits)}});
        return std::nullopt;
    }
    return *value == 0 ? 0.0 : *value;  // no -0
}

std::optional<Date> Converter::date(const Cell& c, const Where& w) {
    if (c.type == Cell::Type::null || (c.type == Cell::Type::text && c.text.empty())) return std::nullopt;
    if (c.type == Cell::Type::text || (c.type == Cell::Type::number && c.integral)) {
        if (auto d = parse_date(c.text)) return d;
    } else {
        wrong_type(w, "date", c);
        return std::nullopt;
    }
    report("R016", w, c);
    return std::nullopt;
}

std::optional<double> Converter::hours(const Cell& c, const Where& w) {
    if (c.type == Cell::Type::null || (c.type == Cell::Type::text && c.text.empty())) return std::nullopt;
    std::optional<double> value;
    if (c.type == Cell::Type::number) value = c.number;
    else if (c.type == Cell::Type::text) value = parse_plain_number(c.text);
    else {
        wrong_type(w, "number", c);
        return std::nullopt;
    }
    if (!value || !(*value >= 0 && *value <= kMaxHours)) {
        report("R017", w, c, {{"max", format_g(kMaxHours)}});
        return std::nullopt;
    }
    return *value == 0 ? 0.0 : *value;
}

std::optional<bool> Converter::boolean(const Cell& c, const Where& w) {
    if (c.type == Cell::Type::null || (c.type == Cell::Type::text && c.text.empty())) return std::nullopt;
    if (c.type == Cell::Type::boolean) return c.boolean;
    if (c.type == Cell::Type::list) {
        wrong_type(w, "boolean", c);
        return std::nullopt;
    }
    if (auto b = parse_bool(c.text)) return b;  // text, or a JSON number 0/1
    report("R012", w, c);
    return std::nullopt;
}

std::optional<int> Converter::integer(const Cell& c, const Where& w, const char* code, long long min, long long max) {
    if (c.type == Cell::Type::null || (c.type == Cell::Type::text && c.text.empty())) return std::nullopt;
    std::optional<long long> value;
    if (c.type == Cell::Type::number) {
        if (c.integral) value = c.integer;
    } else if (c.type == Cell::Type::text) {
        value = parse_signed(c.text);
    } else {
        wrong_type(w, "integer", c);
        return std::nullopt;
    }
    if (!value || *value < min || *value > max) {
        report(code, w, c, {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
        return std::nullopt;
    }
    return static_cast<int>(*value);
}

void assign(Record& r, InputField f, const Cell& c, const Where& w, Converter& cv) {
    if (std::string* target = text_member(r, f)) {
        if (auto s = cv.text(c, w)) *target = std::move(*s);
        return;
    }
    switch (f) {
    case InputField::term: r.term = cv.term(c, w); break;
    case InputField::credits:
        if (cv.sessions && (c.type == Cell::Type::null || (c.type == Cell::Type::text && c.text.empty()))) {
            r.credits = 0;
            break;
        }
        if (auto v = cv.credits(c, w)) r.credits = *v;
        break;
    case InputField::date: r.date = cv.date(c, w); break;
    case InputField::end_date: r.end_date = cv.date(c, w); break;
    case InputField::hours: r.hours = cv.hours(c, w); break;
    case InputField::tags:
        r.tags.clear();
        if (c.type == Cell::Type::list) {
            for (const std::string& item : c.items) split_tags(item, r.tags);
        } else if (auto s = cv.text(c, w)) {
            split_tags(*s, r.tags);
        }
        break;
    case InputField::selected:
    case InputField::approved: (f == InputField::selected ? r.selected : r.approved) = cv.boolean(c, w).value_or(false); break;
    default: break;  // profile fields never reach a record
    }
}

void assign(Profile& p, InputField f, const Cell& c, const Where& w, Converter& cv) {
    if (std::string* target = text_member(p, f)) {
        if (auto s = cv.text(c, w)) *target = std::move(*s);
        return;
    }
    switch (f) {
    case InputField::entry_year: p.entry_year = cv.integer(c, w, "R013", 1, 199); break;
    case InputField::semesters:
        p.semesters = cv.integer(c, w, "R014", 0, 1000);
        break;
    case InputField::teacher_education_pending: p.teacher_education_pending = cv.boolean(c, w); break;
    case InputField::role:
        if (auto t = cv.text(c, w)) p.role = std::move(*t);
        break;
    case InputField::employed_from: p.employed_from = cv.date(c, w); break;
    case InputField::employed_to: p.employed_to = cv.date(c, w); break;
    case InputField::submitted: p.submitted = cv.date(c, w); break;
    default: break;  // record fields never reach a profile
    }
}

void check_required(const Record& r, const Where& id_where, const Where& code_where, Problems& problems) {
    if (r.subject_id.empty())
        problems.add("R008", {}, {{"at", id_where.name()}}, id_where.line, id_where.column, std::string(id_where.header),
                     id_where.path);
    if (r.code.empty())
        problems.add("R009", {}, {{"at", code_where.name()}}, code_where.line, code_where.column,
                     std::string(code_where.header), code_where.path);
}

void check_session(bool empty, const Where& date_where, Problems& problems) {
    if (empty)
        problems.add("R016", "diag.R016.no_date", {{"at", date_where.name()}}, date_where.line, date_where.column,
                     std::string(date_where.header), date_where.path);
}

void check_session_dates(const Record& r, const Where& end_where, Problems& problems) {
    if (r.date && r.end_date && *r.end_date < *r.date)
        problems.add("R016", "diag.R016.end_before_start",
                     {{"at", end_where.name()}, {"start", format_date(*r.date)}, {"end", format_date(*r.end_date)}},
                     end_where.line, end_where.column, std::string(end_where.header), end_where.path);
}

void check_required(const Profile& p, const Where& id_where, const Where&, Problems& problems) {
    if (p.subject_id.empty())
        problems.add("R008", {}, {{"at", id_where.name()}}, id_where.line, id_where.column, std::string(id_where.header),
                     id_where.path);
}

}}}  // namespace libaudit::v0::detail
