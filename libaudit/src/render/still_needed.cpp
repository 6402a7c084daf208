// What a requirement still needs, in words (render/still_needed.hpp).
#include "render/still_needed.hpp"

#include "render/text.hpp"

namespace libaudit { inline namespace v0 { namespace detail {

namespace {

void collect_titles(const RequirementResult& r, Language language, std::map<std::string, std::string>& titles) {
    titles[r.id] = in_language(language, r.title, r.title_en);
    for (const auto& c : r.children) collect_titles(c, language, titles);
}

std::map<std::string, std::string> titles_of(const std::vector<RequirementResult>& requirements, Language language) {
    std::map<std::string, std::string> titles;
    for (const auto& r : requirements) collect_titles(r, language, titles);
    return titles;
}

const std::string& title_of(const std::map<std::string, std::string>& titles, const std::string& id) {
    const auto it = titles.find(id);
    return it == titles.end() ? id : it->second;
}

std::string course_text(const CourseOption& c, Language language, const std::map<std::string, std::string>& titles) {
    MessageParams p{{"code", c.code}, {"title", in_language(language, c.title, c.title_en)}, {"credits", num(c.credits)}};
    if (c.placed_in.empty()) return message_text(language, "still_needed.course", p);
    p.push_back({"placed", title_of(titles, c.placed_in)});
    return message_text(language, "still_needed.course_placed", p);
}

std::string courses_text(const StillNeeded& s, Language language, const std::map<std::string, std::string>& titles,
                         std::size_t max_courses) {
    std::vector<std::string> names;
    for (const auto& c : s.courses) {
        if (max_courses > 0 && names.size() == max_courses) break;
        names.push_back(course_text(c, language, titles));
    }
    std::string list = joined(language, names, "outline.list");
    if (names.size() < s.courses.size())
        list = message_text(language, "still_needed.more", {{"list", list}, {"count", std::to_string(s.courses.size())}});
    return message_text(language, "still_needed.courses", {{"list", list}});
}

std::string requirements_text(const StillNeeded& s, Language language, const std::map<std::string, std::string>& titles) {
    std::vector<std::string> names;
    for (const auto& id : s.requirements) names.push_back(title_of(titles, id));
    const std::string list = joined(language, names, "outline.list");
    if (s.choose >= static_cast<int>(s.requirements.size()))
        return message_text(language, "still_needed.requirements", {{"list", list}});
    return message_text(language, "still_needed.choose", {{"n", std::to_string(s.choose)}, {"list", list}});
}

bool empty(const Amount& a) { return !a.credits && !a.courses && !a.semesters && !a.hours; }

void section_lines(const RequirementResult& r, Language language, const std::map<std::string, std::string>& titles,
                   std::string& out) {
    // A requirement met once its courses in progress pass, and whose sub-requirements say which: their lines say it.
    const bool said_below = r.status == Status::met_pending && r.still_needed && !r.still_needed->requirements.empty();
    if (r.still_needed && !said_below)
        out += "  " + message_text(language, "still_needed.line",
                                   {{"requirement", title_of(titles, r.id)},
                                    {"what", still_needed_text(r, language, titles, 8)}}) +
               "\n";
    for (const auto& c : r.children) section_lines(c, language, titles, out);
}

void summary_items(const RequirementResult& r, Language language, const std::map<std::string, std::string>& titles,
                   std::vector<std::string>& out) {
    if (r.still_needed && !empty(r.still_needed->missing)) {
        std::string what = message_text(language, "still_needed.missing",
                                        {{"amount", amount_with_units(r.still_needed->missing, language)}});
        if (r.period)
            what = message_text(language, "still_needed.summary_period",
                                {{"what", what}, {"from", format_date(r.period->first)}, {"to", format_date(r.period->last)}});
        out.push_back(message_text(language, "still_needed.summary_item",
                                   {{"requirement", title_of(titles, r.id)}, {"what", what}}));
    }
    for (const auto& c : r.children) summary_items(c, language, titles, out);
}

}  // namespace

bool nothing_missing(const RequirementResult& r) { return !r.still_needed || empty(r.still_needed->missing); }

std::string row_mark(const RequirementResult& r, Language language) {
    const bool chinese = language == Language::zh_TW;
    if (r.not_needed) return message_text(language, "still_needed.mark.not_needed");
    if (r.status == Status::met_pending) return message_text(language, "report.mark.met_pending" + pending_suffix(r));
    if (r.status != Status::not_met || !nothing_missing(r)) return mark(r.status, chinese);
    const bool waits = r.still_needed && !r.still_needed->requirements.empty();
    return message_text(language, waits ? "still_needed.mark.children" : "still_needed.mark.see_below",
                        {{"mark", mark(r.status, chinese)}});
}

std::string amount_with_units(const Amount& a, Language language) {
    std::vector<std::string> parts;
    const auto add = [&](const std::optional<double>& v, const char* unit) {
        if (v) parts.push_back(message_text(language, unit, {{"n", num(*v)}}));
    };
    add(a.credits, "report.unit.credits");
    add(a.courses, "report.unit.courses");
    add(a.semesters, "report.unit.semesters");
    add(a.hours, "report.unit.hours");
    return join(parts, " ");
}

std::string still_needed_text(const RequirementResult& r, Language language,
                              const std::map<std::string, std::string>& titles, std::size_t max_courses) {
    if (!r.still_needed) return "";
    const StillNeeded& s = *r.still_needed;
    std::vector<std::string> parts;
    if (!empty(s.missing))
        parts.push_back(message_text(language, "still_needed.missing", {{"amount", amount_with_units(s.missing, language)}}));
    if (!empty(s.awaiting))
        parts.push_back(message_text(language, "still_needed.awaiting", {{"amount", amount_with_units(s.awaiting, language)}}));
    if (!s.requirements.empty()) parts.push_back(requirements_text(s, language, titles));
    if (!s.courses.empty()) parts.push_back(courses_text(s, language, titles, max_courses));
    if (r.period && (!empty(s.missing) || !empty(s.awaiting)))
        parts.push_back(message_text(language, "still_needed.period",
                                     {{"from", format_date(r.period->first)}, {"to", format_date(r.period->last)}}));
    if (!s.categories.empty())
        parts.push_back(message_text(language, "still_needed.categories", {{"categories", joined(language, s.categories, "outline.list")}}));
    return joined(language, parts, "outline.then");
}

std::string still_needed_section(const std::vector<RequirementResult>& requirements, Language language) {
    const std::map<std::string, std::string> titles = titles_of(requirements, language);
    std::string lines;
    for (const auto& r : requirements) section_lines(r, language, titles, lines);
    if (lines.empty()) return "";
    return message_text(language, "still_needed.heading") + "\n" + lines;
}

std::string still_needed_summary(const std::vector<RequirementResult>& requirements, Language language) {
    const std::map<std::string, std::string> titles = titles_of(requirements, language);
    std::vector<std::string> items;
    for (const auto& r : requirements) summary_items(r, language, titles, items);
    return joined(language, items, "outline.then");
}

}}}  // namespace libaudit::v0::detail
