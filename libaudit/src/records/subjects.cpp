// Grouping records by subject: one Subject per student id in the order of first appearance,
// with the first profile of that id.
#include <libaudit/records.hpp>

#include <unordered_map>
#include <utility>

namespace libaudit { inline namespace v0 {

std::vector<Subject> group_subjects(std::vector<Record> records, const std::vector<Profile>& profiles) {
    std::vector<Subject> subjects;
    std::unordered_map<std::string, std::size_t> index;
    for (Record& record : records) {
        auto [it, inserted] = index.emplace(record.subject_id, subjects.size());
        if (inserted) {
            Subject s;
            s.profile.subject_id = record.subject_id;
            subjects.push_back(std::move(s));
        }
        subjects[it->second].records.push_back(std::move(record));
    }
    for (const Profile& profile : profiles) {
        const auto it = index.find(profile.subject_id);
        if (it == index.end()) continue;  // a profile without records: nothing to audit
        Profile& target = subjects[it->second].profile;
        if (target.present) continue;     // the first profile wins (duplicates are rejected on reading)
        target = profile;
        target.present = true;
    }
    return subjects;
}

}}  // namespace libaudit::v0
