// Datasets: named tables of rows (a school's settings form, its operation windows, students'
// uploads, accounts, courses, events), checked by `kind: checks` rule sets. The rule set declares
// each table's fields (type, Chinese header, default); rules constrain fields, relate fields
// and dates, require windows to lie inside other windows, and cap counts or sums over groups of
// rows. Violations name the rule, the table, the row and the field.
#pragma once
#include <libaudit/export.h>
#include <libaudit/calendar.hpp>
#include <libaudit/records.hpp>
#include <libaudit/result.hpp>
#include <libaudit/ruleset.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

LIBAUDIT_API_BEGIN
namespace libaudit { inline namespace v0 {

// One input row, values as written (trimmed). Keys are the rule set's field names once read
// through read_dataset (headers and Chinese aliases are resolved there).
struct DataRow {
    std::map<std::string, std::string> values;
    std::string file;   // where the row came from ("" = built in code or in the rule set)
    int line = 0;       // CSV line / 1-based index in a JSON array
    std::string path;   // JSON path of the row ("windows[2]"), empty for CSV
    std::map<std::string, int> columns;  // CSV column (1-based) of each field, when from CSV
};

struct DataTable {
    std::string name;   // the rule set's table name
    std::vector<DataRow> rows;
};

struct Dataset {
    std::string name;   // what is being checked (a school, an organiser): the subject id of the result
    std::vector<DataTable> tables;
    const DataTable* table(const std::string& table_name) const;
};

// Reads the inputs of a `kind: checks` rule set. Each input is `path` or `table=path`:
// * a JSON object whose keys are table names (a table is an array of objects, or one object for
//   a one-row table such as a settings form), optionally with "name" naming the dataset;
// * a CSV/TSV file for one table: the table named before '=', else the table whose name (or
//   title) is the file's stem, else the rule set's only input table.
// Headers and keys may be field names, titles or aliases. Unknown tables or columns, missing
// required columns and malformed files throw InputError with located diagnostics; values are
// not type-checked here (a bad value is a violation of the field's rule, reported by
// audit_dataset with its row and column). Throws IoError when a file cannot be read.
Dataset read_dataset(const RuleSet& rules, const std::vector<std::string>& inputs, const ReadOptions& options = {});
// Parses one input given as text (`name` is used for locations and to pick the table of a CSV).
void parse_dataset_input(const RuleSet& rules, const std::string& content, const std::string& name,
                         const std::string& table, Dataset& into, const ReadOptions& options = {});

struct CheckOptions {
    // "Now" for rules that compare with the as-of time (e.g. a deadline that has passed when a
    // value is still blank). Default: none; such rules then treat blanks as not yet due.
    std::optional<DateTime> as_of;
};

// Evaluates a `kind: checks` rule set. Never throws for violations (they are results); throws
// std::invalid_argument when the rule set is of another kind.
AuditResult audit_dataset(const RuleSet& rules, const Dataset& data, const CheckOptions& options = {});

}}  // namespace libaudit::v0
LIBAUDIT_API_END
