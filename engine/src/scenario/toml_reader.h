#pragma once
// Private to the scenario module: TOML text to Scenario, every syntax, type and
// range problem collected with its position. Cross references and sums are
// validate()'s job.
#include <optional>
#include <string>
#include <vector>

#include "journeysim/scenario/scenario.h"

namespace journeysim::detail {

// "3.3.0": the TOML++ this was built with (for --version).
std::string toml_library_version();

// A --set value read as TOML reads a value (5 exact as an integer, 0.25,
// 1e-3, inf, true), or nullopt with `why` saying what was wrong.
std::optional<ParamValue> parse_param_text(const std::string& text, std::string& why);

Scenario read_toml(const std::string& text, const std::string& file, std::vector<Problem>& problems);

}  // namespace journeysim::detail
