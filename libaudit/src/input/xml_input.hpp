// Internal: a small XML reader for checks inputs (attendee lists exported as XML). Elements,
// attributes, text, CDATA, comments, processing instructions, a DOCTYPE (skipped) and the
// predefined and numeric entities; every element keeps the line and column of its start tag.
// No namespaces processing (a prefix stays part of the name), no external entities.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

struct XmlElement {
    std::string name;
    std::vector<std::pair<std::string, std::string>> attributes;  // in document order, entities expanded
    std::vector<XmlElement> children;                             // child elements only
    std::string text;                                             // character data directly inside, expanded
    int line = 0;                                                 // 1-based line and character column of '<'
    int column = 0;
    bool leaf() const { return children.empty(); }
};

// Parses a whole document (UTF-8). A syntax error throws InputError R034 located at its
// line:column (characters), with the offending line and what was expected there.
XmlElement parse_xml(std::string_view text, const std::string& file_name);

// XML by extension (.xml), or a document starting with '<'.
bool input_is_xml(const std::string& name, std::string_view text);

}}}  // namespace libaudit::v0::detail
