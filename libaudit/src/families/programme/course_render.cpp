// kind: programme: a course's explanation (libaudit/course.hpp) as text and as JSON.
#include <libaudit/course.hpp>
#include <libaudit/validators.hpp>

#include "base/json_writer.hpp"
#include "render/text.hpp"

namespace libaudit { inline namespace v0 {

namespace {

using detail::in_language;
using detail::num;

// "最低畢業學分 › 創新經營與評鑑 › 選修 [domain.innovation.electives]"
std::string requirement_text(Language language, const std::vector<RequirementName>& path, const RequirementName& self) {
    std::string titles;
    for (const auto& p : path) titles += in_language(language, p.title, p.title_en) + " › ";
    titles += in_language(language, self.title, self.title_en);
    return message_text(language, "explain.course.requirement", {{"path", titles}, {"id", self.id}});
}

std::string record_text(Language language, const RecordRef& r) {
    const std::string grade = r.planned       ? message_text(language, "explain.course.record.planned")
                              : r.in_progress ? message_text(language, "explain.course.record.in_progress")
                                              : message_text(language, "explain.course.record.grade", {{"grade", r.grade}});
    return message_text(language, "explain.course.record",
                        {{"term", r.term ? format_term(*r.term) : "?"},
                         {"title", r.title.empty() ? r.code : r.title},
                         {"credits", num(r.credits)},
                         {"grade", grade}});
}

std::string why_text(Language language, const std::string& message, const MessageParams& params) {
    return message.empty() ? std::string() : message_text(language, message, params);
}

std::string status_text(Language language, Status s) { return detail::status_label(s, language == Language::zh_TW); }

void placement_text(Language language, const CoursePlacement& p, std::string& out) {
    out += "\n" + message_text(language, "explain.course.student", {{"id", p.subject_id}, {"status", status_text(language, p.status)}}) + "\n";
    out += "  " + message_text(language, p.attempts.empty() ? "explain.course.attempts.none" : "explain.course.attempts") + "\n";
    for (const auto& a : p.attempts) {
        const std::string record = record_text(language, a.record);
        out += "    ";
        if (!a.requirement.empty())
            out += message_text(language, "explain.course.attempt.counts",
                                {{"record", record}, {"requirement", in_language(language, a.title, a.title_en)}, {"id", a.requirement}});
        else
            out += message_text(language, "explain.course.attempt.excluded",
                                {{"record", record}, {"why", why_text(language, a.message, a.params)}});
        out += "\n";
    }
    const std::string where = requirement_text(language, p.path, {p.requirement, p.title, p.title_en});
    if (p.state == "counted")
        out += "  " + message_text(language, p.planned       ? "explain.course.counted.planned"
                                             : p.in_progress ? "explain.course.counted.in_progress"
                                                             : "explain.course.counted",
                                   {{"requirement", where}}) + "\n";
    else if (p.state == "would_count")
        out += "  " + message_text(language, "explain.course.would_count",
                                   {{"requirement", where}, {"status", status_text(language, p.status_with.value_or(p.status))}}) + "\n";
    else
        out += "  " + message_text(language, "explain.course.nowhere", {{"why", why_text(language, p.message, p.params)}}) + "\n";
    if (p.state != "nowhere" && p.not_needed) out += "  " + message_text(language, "explain.course.not_needed") + "\n";
}

void write_path(detail::JsonWriter& w, const std::vector<RequirementName>& path) {
    w.key("path");
    w.begin_array();
    for (const auto& p : path) w.string(p.id);
    w.end_array();
}

void write_record(detail::JsonWriter& w, const RecordRef& r) {
    w.begin_object();
    w.key("code"), w.string(r.code);
    if (!r.offering.empty()) w.key("offering"), w.string(r.offering);
    w.key("title"), w.string(r.title);
    w.key("term");
    if (r.term) w.string(format_term(*r.term));
    else w.null();
    w.key("credits"), w.number(r.credits);
    w.key("grade"), w.string(r.grade);
    w.key("row"), w.number(r.source_row);
    w.key("in_progress"), w.boolean(r.in_progress);
    if (r.planned) w.key("planned"), w.boolean(true);
    w.end_object();
}

void write_reason(detail::JsonWriter& w, Language language, const std::string& reason, const std::string& message,
                  const MessageParams& params) {
    w.key("reason"), w.string(reason);
    w.key("message"), w.string(message);
    w.key("detail"), w.string(why_text(Language::en, message, params));
    w.key("text"), w.string(why_text(language, message, params));
}

void write_placement(detail::JsonWriter& w, Language language, const CoursePlacement& p) {
    w.key("student");
    w.begin_object();
    w.key("id"), w.string(p.subject_id);
    w.key("status"), w.string(to_string(p.status));
    w.key("state"), w.string(p.state);
    if (p.state != "nowhere") {
        w.key("requirement"), w.string(p.requirement);
        w.key("title"), w.string(in_language(language, p.title, p.title_en));
        write_path(w, p.path);
        w.key("not_needed"), w.boolean(p.not_needed);
        w.key("in_progress"), w.boolean(p.in_progress);
        if (p.state == "counted") w.key("planned"), w.boolean(p.planned);
    } else {
        write_reason(w, language, p.reason, p.message, p.params);
    }
    if (p.status_with) w.key("status_with"), w.string(to_string(*p.status_with));
    w.key("attempts");
    w.begin_array();
    for (const auto& a : p.attempts) {
        w.begin_object();
        w.key("record");
        write_record(w, a.record);
        if (!a.requirement.empty()) w.key("requirement"), w.string(a.requirement);
        else write_reason(w, language, a.reason, a.message, a.params);
        w.end_object();
    }
    w.end_array();
    w.end_object();
}

}  // namespace

std::string render_course_text(const CourseExplanation& e, Language language, bool unmask_ids) {
    MessageParams params{{"code", e.code}, {"ruleset", e.ruleset}};
    if (e.in_framework) {
        if (e.framework_code != e.code) params[0].value += " → " + e.framework_code;
        params.push_back({"title", in_language(language, e.title, e.title_en)});
        params.push_back({"credits", num(e.credits.value_or(0))});
    }
    std::string out = message_text(language, e.in_framework ? "explain.course.heading" : "explain.course.heading.outside", params);
    out += "\n" + message_text(language, e.accepting.empty() ? "explain.course.accepting.none" : "explain.course.accepting") + "\n";
    for (const auto& a : e.accepting) {
        std::string r = requirement_text(language, a.path, {a.id, a.title, a.title_en});
        if (a.when_ticked) r = message_text(language, "explain.course.when_ticked", {{"requirement", r}});
        out += "  " + r + "\n";
    }
    if (e.placement) placement_text(language, *e.placement, out);
    return unmask_ids ? out : mask_ids_in_text(out);
}

std::string render_course_json(const CourseExplanation& e, Language language, bool unmask_ids) {
    detail::JsonWriter w;
    w.mask_ids(!unmask_ids);
    w.begin_object();
    w.key("schema"), w.string("urn:libaudit:schema:course-1");
    w.key("language"), w.string(to_string(language));
    w.key("course");
    w.begin_object();
    w.key("code"), w.string(e.code);
    w.key("in_framework"), w.boolean(e.in_framework);
    if (e.in_framework) {
        w.key("framework_code"), w.string(e.framework_code);
        w.key("title"), w.string(e.title);
        if (!e.title_en.empty()) w.key("title_en"), w.string(e.title_en);
        w.key("credits"), w.number(e.credits.value_or(0));
    }
    w.end_object();
    w.key("ruleset");
    w.begin_object();
    w.key("id"), w.string(e.ruleset);
    w.key("title"), w.string(in_language(language, e.ruleset_title, e.ruleset_title_en));
    w.end_object();
    w.key("accepting");
    w.begin_array();
    for (const auto& a : e.accepting) {
        w.begin_object();
        w.key("id"), w.string(a.id);
        w.key("title"), w.string(in_language(language, a.title, a.title_en));
        write_path(w, a.path);
        w.key("when_ticked"), w.boolean(a.when_ticked);
        w.end_object();
    }
    w.end_array();
    if (e.placement) write_placement(w, language, *e.placement);
    w.end_object();
    return w.str() + "\n";
}

}}  // namespace libaudit::v0
