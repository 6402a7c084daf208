// Violations of checks rule sets in words: the catalogue gives the sentences; this file only
// fills in the parameters that are themselves made of words (a bound "end + 7 days (2026-01-12)",
// the missing classes of a password, the places of rows).
#include "families/checks/wording.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {
namespace {

const std::string* find(const MessageParams& params, const char* name) {
    for (const auto& p : params)
        if (p.name == name) return &p.value;
    return nullptr;
}

std::string get(const MessageParams& params, const char* name) {
    const std::string* v = find(params, name);
    return v ? *v : std::string{};
}

void set(MessageParams& params, const char* name, std::string value) {
    for (auto& p : params)
        if (p.name == name) {
            p.value = std::move(value);
            return;
        }
    params.push_back({name, std::move(value)});
}

std::vector<std::string> split(const std::string& s, const std::string& by) {
    std::vector<std::string> out;
    if (s.empty()) return out;
    std::size_t at = 0;
    for (;;) {
        const std::size_t next = s.find(by, at);
        out.push_back(s.substr(at, next == std::string::npos ? std::string::npos : next - at));
        if (next == std::string::npos) return out;
        at = next + by.size();
    }
}

// "a, b, c" in the language's way of listing.
std::string listed(Language language, const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items)
        out = out.empty() ? item : message_text(language, "checks.report.and", {{"a", out}, {"b", item}});
    return out;
}

// A row's place: a line number in words, a JSON/XML path as it is.
std::string place(Language language, const std::string& where) {
    const bool line = !where.empty() && std::all_of(where.begin(), where.end(), [](char c) { return c >= '0' && c <= '9'; });
    return message_text(language, line ? "checks.report.line" : "checks.report.path", {{line ? "line" : "path", where}});
}

std::string signed_amount(Language language, const char* code, const std::string& of, const std::string& amount,
                          const char* unit) {
    const int n = std::atoi(amount.c_str());
    return message_text(language, code, {{"of", of}, {"sign", n > 0 ? "+" : "-"}, {unit, std::to_string(std::abs(n))}});
}

std::string bound_text(Language language, const MessageParams& p) {
    if (const std::string* field = find(p, "bound_field")) {
        std::string of = *field;
        if (language == Language::zh_TW && !get(p, "bound_field_title").empty()) of = get(p, "bound_field_title");
        if (find(p, "bound_next_hour")) of = message_text(language, "checks.bound.next_hour", {{"of", of}});
        if (const std::string* df = find(p, "bound_days_field")) {
            const std::string days_field =
                language == Language::zh_TW && !get(p, "bound_days_field_title").empty() ? get(p, "bound_days_field_title") : *df;
            const std::string days = get(p, "bound_days");
            const bool minus = !days.empty() && days[0] == '-';
            of = message_text(language, "checks.bound.days_field",
                              {{"of", of}, {"sign", minus ? "-" : "+"}, {"days_field", days_field},
                               {"days", minus ? days.substr(1) : days}});
        } else if (const std::string* d = find(p, "bound_days")) {
            of = signed_amount(language, "checks.bound.plus_days", of, *d, "days");
        }
        if (const std::string* h = find(p, "bound_hours"))
            of = signed_amount(language, "checks.bound.plus_hours", of, *h, "hours");
        if (const std::string* shown = find(p, "bound_shown"))
            return message_text(language, "checks.bound.field.shown", {{"of", of}, {"bound", get(p, "bound")}, {"shown", *shown}});
        return message_text(language, "checks.bound.field", {{"of", of}, {"bound", get(p, "bound")}});
    }
    if (const std::string* t = find(p, "bound_template")) return message_text(language, "checks.bound.template", {{"template", *t}});
    return get(p, "bound");
}

// The parameters with their words filled in.
MessageParams worded(Language language, MessageParams p) {
    if (find(p, "bound")) set(p, "bound_text", bound_text(language, p));
    if (const std::string* missing = find(p, "missing")) {
        std::vector<std::string> words;
        for (const auto& c : split(*missing, ","))
            words.push_back(message_text(language, "checks.password.class." + c, {{"min_length", get(p, "min_length")}}));
        set(p, "missing", listed(language, words));
    }
    for (const char* name : {"first", "locked_at"})
        if (const std::string* where = find(p, name)) set(p, name, place(language, *where));
    if (const std::string* counted = find(p, "counted")) {
        std::vector<std::string> places;
        for (const auto& c : split(*counted, ", ")) places.push_back(place(language, c));
        set(p, "counted", listed(language, places));
    }
    return p;
}

// The rule set's English names for the words of a lifecycle message: the event, the state, the
// lock's title and each of the allowed events ("a, b").
void english_names(MessageParams& params, const std::map<std::string, std::string>& names_en) {
    const auto english = [&](const std::string& name) {
        const auto it = names_en.find(name);
        return it == names_en.end() ? name : it->second;
    };
    for (auto& p : params) {
        if (p.name == "event" || p.name == "state" || p.name == "lock_title") {
            p.value = english(p.value);
        } else if (p.name == "allowed") {
            std::string out;
            for (std::size_t at = 0; at <= p.value.size() && !p.value.empty();) {
                const std::size_t end = std::min(p.value.find(", ", at), p.value.size());
                out += (out.empty() ? "" : ", ") + english(p.value.substr(at, end - at));
                at = end + 2;
            }
            p.value = out;
        }
    }
}

}  // namespace

MessageParams shown_params(Language language, const MessageParams& params, const std::string& shown_value,
                           const std::string& field_title, const std::map<std::string, std::string>* names_en) {
    MessageParams p = params;
    if (find(p, "value") && find(p, "field")) set(p, "value", shown_value);
    if (language == Language::zh_TW && !field_title.empty() && find(p, "field")) set(p, "field", field_title);
    if (language == Language::en && names_en && !names_en->empty()) english_names(p, *names_en);
    return p;
}

std::string checks_text(Language language, const std::string& code, const MessageParams& params) {
    const std::string text = message_text(language, code, worded(language, params));
    const std::string* late = find(params, "days_late");
    const std::string* early = find(params, "days_early");
    if (!late && !early) return text;
    // A deadline's figures (messages/<lang>/figures.txt): the days late or early, and the lead
    // time before (or the delay after) the field the deadline is counted from.
    const std::string* lead = find(params, "lead_days");
    const std::string* delay = find(params, "delay_days");
    std::string of = get(params, "bound_field");
    if (language == Language::zh_TW && !get(params, "bound_field_title").empty()) of = get(params, "bound_field_title");
    const std::string figure = message_text(
        language, std::string("figures.") + (lead ? "lead_" : delay ? "delay_" : "") + (late ? "late" : "early"),
        {{"days", late ? *late : *early}, {"of", of}, {"from", lead ? *lead : delay ? *delay : std::string{}}});
    return message_text(language, "figures.wrap", {{"text", text}, {"figure", figure}});
}

std::string checks_expected(Language language, const std::string& code, const MessageParams& params) {
    return message_text(language, code + ".expected", worded(language, params));
}

}}}  // namespace libaudit::v0::detail
