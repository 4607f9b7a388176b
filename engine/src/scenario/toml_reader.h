#pragma once
// Private to the scenario module: TOML text to Scenario, every syntax, type and
// range problem collected with its position. Cross references and sums are
// validate()'s job.
#include <string>
#include <vector>

#include "journeysim/scenario/scenario.h"

namespace journeysim::detail {

// "3.3.0": the TOML++ this was built with (for --version).
std::string toml_library_version();

Scenario read_toml(const std::string& text, const std::string& file, std::vector<Problem>& problems);

}  // namespace journeysim::detail
