// `libaudit explain RULES --course CODE` (docs/what-if.md, "Which requirements could a course count
// for"): the requirements of a programme rule set that would accept a course and, for one student,
// where it counts now, where it would count if taken, or why it would count nowhere.
#pragma once
#include <libaudit/export.h>
#include <libaudit/audit.hpp>
#include <libaudit/messages.hpp>
#include <libaudit/records.hpp>
#include <libaudit/result.hpp>
#include <libaudit/ruleset.hpp>

#include <optional>
#include <string>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// A requirement named by its id and titles.
struct RequirementName {
    std::string id;
    std::string title;
    std::string title_en;  // "" = none
};

// A requirement (a leaf of the tree) that accepts the course.
struct CourseRequirement {
    std::string id;
    std::string title;
    std::string title_en;                 // "" = none
    std::vector<RequirementName> path;    // the requirements above it, from the root down
    bool when_ticked = false;         // only when ticked as a flexible credit
};

// One of the student's attempts at the course and what became of it.
struct CourseAttempt {
    RecordRef record;
    std::string requirement;  // where it counts ("" = nowhere) ...
    std::string title;        // ... and that requirement's titles
    std::string title_en;
    std::string reason;       // why it does not count: an exclusion's reason (failed, repeat, over_cap ...)
    std::string message;      // ... as a catalogue message, with its parameters
    MessageParams params;
};

// Where the course goes for one student.
struct CoursePlacement {
    std::string subject_id;
    // "counted": an attempt on the transcript counts in `requirement` (passed, or in progress);
    // "would_count": not (or not yet successfully) taken, it would count in `requirement` if taken
    //   (the audit made again with it as a planned course);
    // "nowhere": it would count in no requirement; `reason` says why.
    std::string state;
    std::string requirement;  // the leaf, "" with nowhere
    std::string title;
    std::string title_en;
    std::vector<RequirementName> path;  // the requirements above it, from the root down
    bool not_needed = false;  // it counts (would count) in a branch not needed now: an alternative is met without it
    bool in_progress = false; // counted: the attempt that counts is in progress (or planned) ...
    bool planned = false;     // ... a planned course (--plan)
    // nowhere: cap_full (every requirement that accepts it has reached its cap), outside_framework
    // (not in the framework and not ticked), not_accepted (no requirement accepts it), or an
    // exclusion's reason; `message` and `params` the catalogue's sentence for it.
    std::string reason;
    std::string message;
    MessageParams params;
    std::vector<CourseAttempt> attempts;  // the transcript's attempts, in term order
    Status status = Status::not_met;      // the audit's status as it stands
    std::optional<Status> status_with;    // would_count: the audit's status with the course taken
};

struct CourseExplanation {
    std::string code;          // as asked
    std::string ruleset;       // the rule set's id
    std::string ruleset_title;
    std::string ruleset_title_en;
    bool in_framework = false;
    std::string framework_code;  // the framework course (equivalents resolved), "" outside the framework
    std::string title;
    std::string title_en;
    std::optional<double> credits;
    std::vector<CourseRequirement> accepting;  // in tree order
    std::optional<CoursePlacement> placement;  // with a subject
};

// The requirements of `rules` (kind: programme) that would accept the course. Throws InputError
// (U001 explain_course_kind) for a rule set of another kind.
CourseExplanation explain_course(const RuleSet& rules, const std::string& code);
// The same, and where it goes for `subject` (audited with `options`, a plan and exceptions included).
CourseExplanation explain_course(const RuleSet& rules, const std::string& code, const Subject& subject,
                                 const AuditOptions& options = {});

// The explanation as text (zh-TW or en) and as JSON (docs/what-if.md); national IDs masked unless
// `unmask_ids`.
std::string render_course_text(const CourseExplanation& e, Language language = Language::zh_TW, bool unmask_ids = false);
std::string render_course_json(const CourseExplanation& e, Language language = Language::zh_TW, bool unmask_ids = false);

}}  // namespace libaudit::v0
LIBAUDIT_API_END
