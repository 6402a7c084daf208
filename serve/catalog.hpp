// The rule sets the service audits with: loaded once from the folders given at start, replaced
// whole on SIGHUP. Requests hold a snapshot (a shared_ptr), so audits in flight finish on the set
// they started with.
#pragma once
#include <libaudit/ruleset.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace libaudit_serve {

struct RuleSource {
    std::string path;                     // as given at start: names the rule sets in messages
    std::vector<libaudit::RuleSet> sets;  // load order
};

struct Catalog {
    std::vector<RuleSource> sources;
    std::string loaded_at;  // UTC, ISO 8601
    int generation = 0;     // 1 at start, +1 per successful reload
};

// Loads every path; throws what load_rulesets throws (RuleError, IoError) for the first that fails.
std::shared_ptr<const Catalog> load_catalog(const std::vector<std::string>& paths, int generation);

// The current catalogue and how the last reload went.
class CatalogHolder {
public:
    explicit CatalogHolder(std::shared_ptr<const Catalog> first) : current_(std::move(first)) {}
    std::shared_ptr<const Catalog> get() const;
    void set(std::shared_ptr<const Catalog> next);
    // The last reload's failure ("" after a success), and when it was.
    void set_reload_error(const std::string& error, const std::string& at);
    std::pair<std::string, std::string> reload_error() const;

private:
    mutable std::mutex mutex_;
    std::shared_ptr<const Catalog> current_;
    std::string reload_error_, reload_at_;
};

// Now, UTC, as 2026-12-06T01:02:03Z.
std::string utc_now();

}  // namespace libaudit_serve
