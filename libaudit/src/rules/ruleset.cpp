// The RuleSet accessors: a RuleSet is a frozen model shared between threads; what it says of
// itself needs nothing but the model. (Whom it applies to asks its family: engine/load.cpp.)
#include <libaudit/ruleset.hpp>

#include "rules/model.hpp"

namespace libaudit { inline namespace v0 {

const std::string& RuleSet::id() const { return model_->id; }
const std::string& RuleSet::version() const { return model_->version; }
const std::string& RuleSet::title() const { return model_->title; }
RuleKind RuleSet::kind() const { return model_->kind; }
const std::string& RuleSet::file() const { return model_->file; }
const std::string& RuleSet::sha256() const { return model_->sha256; }

}}  // namespace libaudit::v0
