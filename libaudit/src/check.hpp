// The check stage after loading: meaning-level problems (see check.cpp). Internal.
#pragma once
#include "model.hpp"
#include "yaml_reader.hpp"

namespace libaudit::detail {

// Reports E030, E031 and W040 through `out` (which knows the file's source lines).
void check_model(const Model& m, YamlReader& out);

}  // namespace libaudit::detail
