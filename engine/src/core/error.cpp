#include "journeysim/core/error.h"

#include <cstdio>

namespace journeysim {

namespace {
// A key or text from the scenario, shown as TOML writes it: a quoted key may
// hold a control character (\u0000), and a NUL cut every message after it
// short, the exception's what() being a C string.
std::string visible(const std::string& text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}
}  // namespace

std::string Problem::format() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (pos.line > 0) {
    out += ':' + std::to_string(pos.line) + ':' + std::to_string(pos.column);
  }
  out += ": error: ";
  if (!key.empty()) out += visible(key) + ": ";
  out += visible(message);
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
    : BadInput(join(problems)), problems_(std::move(problems)) {}

}  // namespace journeysim
