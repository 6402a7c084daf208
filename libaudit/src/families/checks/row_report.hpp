// Internal: per-row verdicts for tables with `report: rows` (an attendee-list upload: how many
// rows were accepted, which were rejected and why), built from a checks audit's violations, and
// their text and JSON forms.
#pragma once
#include <libaudit/dataset.hpp>
#include <libaudit/render.hpp>

#include "families/checks/model.hpp"
#include "base/json_writer.hpp"

#include <map>
#include <string>
#include <vector>

namespace libaudit { inline namespace v0 { namespace detail {

// One report per `report: rows` table, in table order. `personal`: by table, by field index.
std::vector<RowReport> build_row_reports(const CheckModel& model, const Dataset& data,
                                         const std::map<std::string, std::vector<bool>>& personal,
                                         const std::vector<Violation>& violations);

// A personal value as reports show it: an ID (valid or not, 10 characters) as the platform masks
// it (A1234*****) unless --unmask-ids; anything else (a password, a secret) always as eight '*',
// whatever its length and --unmask-ids. Shared with families/checks/render.cpp.
std::string mask_value(const std::string& value, bool personal, const RenderOptions& o);

std::string render_row_reports_text(const AuditResult& res, const RenderOptions& o);
void write_row_reports_json(JsonWriter& w, const AuditResult& res, const RenderOptions& o);
// A violation's or row reason's parameters as a JSON object of strings.
void write_message_params(JsonWriter& w, const MessageParams& params);

}}}  // namespace libaudit::v0::detail
