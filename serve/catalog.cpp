// The service's rule sets (catalog.hpp).
#include "catalog.hpp"

#include <ctime>

namespace libaudit_serve {

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

std::shared_ptr<const Catalog> load_catalog(const std::vector<std::string>& paths, int generation) {
    auto catalog = std::make_shared<Catalog>();
    for (const std::string& path : paths) catalog->sources.push_back({path, libaudit::load_rulesets(path)});
    catalog->loaded_at = utc_now();
    catalog->generation = generation;
    return catalog;
}

std::shared_ptr<const Catalog> CatalogHolder::get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return current_;
}

void CatalogHolder::set(std::shared_ptr<const Catalog> next) {
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = std::move(next);
}

void CatalogHolder::set_reload_error(const std::string& error, const std::string& at) {
    std::lock_guard<std::mutex> lock(mutex_);
    reload_error_ = error;
    reload_at_ = at;
}

std::pair<std::string, std::string> CatalogHolder::reload_error() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {reload_error_, reload_at_};
}

}  // namespace libaudit_serve
