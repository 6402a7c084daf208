// Umbrella header for libaudit.
#pragma once
#include <libaudit/app.hpp>
#include <libaudit/audit.hpp>
#include <libaudit/calendar.hpp>
#include <libaudit/dataset.hpp>
#include <libaudit/diagnostic.hpp>
#include <libaudit/exceptions.hpp>
#include <libaudit/records.hpp>
#include <libaudit/render.hpp>
#include <libaudit/result.hpp>
#include <libaudit/rule_kind.hpp>
#include <libaudit/ruleset.hpp>
#include <libaudit/ruletest.hpp>
#include <libaudit/term.hpp>
#include <libaudit/text.hpp>
#include <libaudit/validators.hpp>
#include <libaudit/version.hpp>
