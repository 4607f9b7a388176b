#pragma once
// Private to the scenario module: checks of the raw text before TOML++ sees
// it. A scenario must be non-empty UTF-8 without control characters, and
// must not contain the few malformed shapes on which TOML++ 3.3 (Debian's)
// has undefined behaviour (see DEPENDENCIES.md and text_guard.cpp). Valid
// TOML passes untouched; tools/fuzz.sh keeps this honest.
#include <optional>
#include <string>

#include "journeysim/core/error.h"

namespace journeysim::detail {

// The first problem, with its position, or nothing.
std::optional<Problem> guard_text(const std::string& text, const std::string& file);

}  // namespace journeysim::detail
