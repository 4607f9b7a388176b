#include "journeysim/core/version.h"

namespace journeysim {

std::string_view engine_version() noexcept {
  return JOURNEYSIM_VERSION;
}

}  // namespace journeysim
