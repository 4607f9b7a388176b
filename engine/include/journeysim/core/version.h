#pragma once
#include <string_view>

namespace journeysim {

// Recorded in every output file so a result can be traced to the code that made it.
std::string_view engine_version() noexcept;

// The HDF5 layout version documented in outputs/README.md.
inline constexpr int kFormatVersion = 1;

}  // namespace journeysim
