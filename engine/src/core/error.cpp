#include "journeysim/core/error.h"

namespace journeysim {

std::string Problem::format() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (pos.line > 0) {
    out += ':' + std::to_string(pos.line) + ':' + std::to_string(pos.column);
  }
  out += ": error: ";
  if (!key.empty()) out += key + ": ";
  out += message;
  return out;
}

namespace {
std::string join(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += '\n';
    out += p.format();
  }
  return out;
}
}  // namespace

ScenarioError::ScenarioError(std::vector<Problem> problems)
    : Error(join(problems)), problems_(std::move(problems)) {}

}  // namespace journeysim
