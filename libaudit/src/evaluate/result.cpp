// What every audit result starts with, and flags (evaluate/result.hpp).
#include "evaluate/result.hpp"

#include <libaudit/version.hpp>

namespace libaudit { inline namespace v0 { namespace detail {

AuditResult start_result(const Model& m, const Subject& subject) {
    AuditResult res;
    res.engine_version = engine_version;
    res.ruleset = {m.id, m.version, m.title, m.sha256, m.file, m.kind, m.title_en};
    const Profile& profile = subject.profile;
    res.subject.id = profile.subject_id.empty() && !subject.records.empty() ? subject.records.front().subject_id
                                                                              : profile.subject_id;
    res.subject.name = profile.name;
    res.subject.national_id = profile.national_id;
    res.subject.english_name = profile.english_name;
    res.subject.email = profile.email;
    res.subject.mobile = profile.mobile;
    res.subject.programme = profile.programme;
    res.subject.entry_year = profile.entry_year;
    return res;
}

Exclusion exclusion(RecordRef record, std::string reason, std::string message, MessageParams params) {
    Exclusion e;
    e.record = std::move(record);
    e.reason = std::move(reason);
    e.detail = message_text(Language::en, message, params);
    e.message = std::move(message);
    e.params = std::move(params);
    return e;
}

Exclusion exclusion(const Classified& c) { return exclusion(ref(c), c.exclusion, c.message, c.params); }

void add_flag(AuditResult& res, std::string code, std::string severity, MessageParams params, std::string requirement,
              std::string field, std::string message) {
    Flag f;
    f.message = message.empty() ? "flag." + code : std::move(message);
    f.detail = message_text(Language::en, f.message, params);
    f.code = std::move(code);
    f.severity = std::move(severity);
    f.params = std::move(params);
    f.requirement = std::move(requirement);
    f.field = std::move(field);
    res.flags.push_back(std::move(f));
}

}}}  // namespace libaudit::v0::detail
