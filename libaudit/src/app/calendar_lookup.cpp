// `libaudit calendar`: what the school calendar says about a date or a term code (libaudit/app.hpp).
#include <libaudit/app.hpp>
#include <libaudit/calendar.hpp>
#include <libaudit/term.hpp>
#include <libaudit/text.hpp>

#include "base/json_writer.hpp"

#include <algorithm>

namespace libaudit { inline namespace v0 {

namespace {

// The summer session a date in July or August would belong to: the one that closes the school
// year ending in July (a session on 2025-08-05 tagged 1133 still belongs to school year 113).
std::optional<Term> summer_near(Date d) {
    const int month = ymd(d).month;
    if (month != 7 && month != 8) return std::nullopt;
    const int year = school_year_of(d);
    return Term{month == 7 ? year : year - 1, 3};
}

}  // namespace

std::optional<CalendarLookup> lookup_calendar(std::string_view text) {
    CalendarLookup out;
    out.text = std::string(text);
    if (const std::optional<Date> d = parse_date(text)) {
        out.date = *d;
        out.term = term_of(*d);
        out.school_year = out.term.year;
        out.term_dates = term_range(out.term);
        out.summer = summer_near(*d);
    } else if (const std::optional<Term> t = parse_term(text)) {
        out.term = *t;
        // A summer session belongs to the school year that is ending, whatever its dates.
        out.school_year = t->year;
        out.term_dates = term_range(*t);
    } else {
        return std::nullopt;
    }
    out.school_year_dates = school_year_range(out.school_year);
    return out;
}

namespace {

MessageParams range_params(const DateRange& r) {
    return {{"first", format_date(r.first)},
            {"last", format_date(r.last)},
            {"first_roc", format_roc_date(r.first)},
            {"last_roc", format_roc_date(r.last)}};
}

constexpr const char* labels[] = {"date", "term", "term_dates", "school_year", "note"};

// One "label  value" line, labels padded to the widest label's display width (plus two) so the
// values line up, in CJK as in English.
void line(std::string& out, Language language, const char* label, const std::string& value) {
    int width = 0;
    for (const char* l : labels) width = std::max(width, display_width(message_text(language, std::string("calendar.label.") + l)));
    out += pad(message_text(language, std::string("calendar.label.") + label), width + 2);
    out += value;
    out += '\n';
}

std::string term_words(const Term& t, Language language) {
    return message_text(language, "calendar.term", {{"term", format_term(t)}, {"semester", std::to_string(t.semester)}});
}

}  // namespace

std::string render_calendar_text(const CalendarLookup& c, Language language) {
    std::string out;
    if (c.date) {
        line(out, language, "date",
             message_text(language, "calendar.date", {{"date", format_date(*c.date)}, {"roc", format_roc_date(*c.date)}}));
    }
    line(out, language, "term", term_words(c.term, language));
    if (c.term_dates) {
        line(out, language, "term_dates", message_text(language, "calendar.range", range_params(*c.term_dates)));
    }
    MessageParams year = range_params(c.school_year_dates);
    year.push_back({"year", std::to_string(c.school_year)});
    line(out, language, "school_year", message_text(language, "calendar.school_year", year));
    if (!c.date && c.term.semester == 3) {
        line(out, language, "note", message_text(language, "calendar.summer", {{"year", std::to_string(c.school_year)}}));
    }
    if (c.summer) {
        line(out, language, "note",
             message_text(language, "calendar.summer_near",
                          {{"term", format_term(*c.summer)}, {"year", std::to_string(c.summer->year)}}));
    }
    return out;
}

namespace {

void range_json(detail::JsonWriter& w, const DateRange& r) {
    w.begin_object();
    w.key("first");
    w.string(format_date(r.first));
    w.key("last");
    w.string(format_date(r.last));
    w.key("first_roc");
    w.string(format_roc_date(r.first));
    w.key("last_roc");
    w.string(format_roc_date(r.last));
    w.end_object();
}

}  // namespace

std::string render_calendar_json(const CalendarLookup& c) {
    detail::JsonWriter w;
    w.begin_object();
    w.key("input");
    w.string(c.text);
    w.key("kind");
    w.string(c.date ? "date" : "term");
    if (c.date) {
        w.key("date");
        w.string(format_date(*c.date));
        w.key("roc_date");
        w.string(format_roc_date(*c.date));
    }
    w.key("term");
    w.string(format_term(c.term));
    w.key("semester");
    w.number(c.term.semester);
    w.key("term_dates");
    if (c.term_dates) {
        range_json(w, *c.term_dates);
    } else {
        w.null();
    }
    w.key("school_year");
    w.number(c.school_year);
    w.key("school_year_dates");
    range_json(w, c.school_year_dates);
    w.key("summer_session");
    if (c.summer) {
        w.string(format_term(*c.summer));
    } else {
        w.null();
    }
    w.end_object();
    return w.take() + "\n";
}

}}  // namespace libaudit::v0
