// The shared rule reader: file bytes and the `kind:` of a document.
#include "rules/rule_reader.hpp"

#include "input/input_text.hpp"

#include "base/edit_distance.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <filesystem>
#include <sstream>
#include <algorithm>

namespace libaudit { inline namespace v0 { namespace detail {

std::string read_file(const std::string& path) { return read_input_file(path, max_rule_file_bytes); }

std::optional<RuleKind> RuleReader::kind_of(const YAML::Node& doc) {
    const YAML::Node kind_node = doc.IsMap() ? doc["kind"] : YAML::Node();
    if (!kind_node || !kind_node.IsScalar()) return RuleKind::programme;
    const std::string k = kind_node.Scalar();
    if (const auto kind = parse_rule_kind(k)) return kind;
    // An unknown kind (a typo such as `kind: hour`): the rest of the file would be read against
    // the wrong language and bury this one error under many, so stop here.
    MessageParams params{{"kind", k}};
    for (const char* known : {"programme", "checks", "hours"})
        if (edit_distance(k, std::string(known)) <= 2) params.push_back({"suggestion", known});
    const char* key = params.size() > 1 ? "E023.unknown_kind.hint" : "E023.unknown_kind";
    report(kind_node, key, std::move(params));
    return std::nullopt;
}

std::vector<std::string> yaml_files_under(const std::string& path, bool tests) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
        if (!fs::exists(path, ec)) throw IoError::no_such_path(path);
        return {path};
    }
    std::vector<std::string> files;
    for (fs::recursive_directory_iterator it(path, ec), end; it != end && !ec; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        auto ends_with = [&](const std::string& suffix) {
            return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
        };
        const bool yaml = ends_with(".yaml") || ends_with(".yml");
        const bool test = ends_with(".test.yaml") || ends_with(".test.yml");
        if (it->is_regular_file() && yaml && test == tests) files.push_back(it->path().string());
    }
    if (ec) throw IoError("cannot list " + path + ": " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
}

}}}  // namespace libaudit::v0::detail
