#include "journeysim/scenario/loader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "toml_reader.h"

namespace journeysim {

namespace {

// TOML++ 3.3 misbehaves on some malformed bytes (see DEPENDENCIES.md), so
// the text must be valid UTF-8 without control characters before it is parsed.
std::optional<Problem> text_problem(const std::string& text, const std::string& file) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Problem{file, {1, 1}, "", "the file is empty; a scenario starts with `schema = 1`"};
  }
  std::uint32_t line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", c);
        return Problem{file,
                       {line, column},
                       "",
                       std::string("control byte ") + hex +
                           " found; a scenario is a UTF-8 TOML text file, is this a binary file?"};
      }
    } else {
      length = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
      bool ok = length != 0 && i + length <= text.size() && c != 0xc0 && c != 0xc1 && c <= 0xf4;
      for (std::size_t k = 1; ok && k < length; ++k) {
        ok = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
      }
      if (!ok) {
        return Problem{file,
                       {line, column},
                       "",
                       "invalid UTF-8; a scenario is a UTF-8 TOML text file, is this a binary file?"};
      }
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
  return std::nullopt;
}

}  // namespace

Scenario load_scenario_text(const std::string& text, const std::string& file) {
  if (auto problem = text_problem(text, file)) throw ScenarioError({*problem});
  std::vector<Problem> problems;
  Scenario scenario = detail::read_toml(text, file, problems);
  // Semantic checks still run after type or range errors, so one pass shows
  // every problem; only a file that is not TOML at all has nothing to check.
  const bool parsed = problems.empty() || problems.front().message.rfind("malformed TOML", 0) != 0;
  if (parsed) {
    for (auto& p : validate(scenario)) problems.push_back(std::move(p));
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return scenario;
}

Scenario load_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ScenarioError(
        {Problem{path, {}, "", "cannot open the scenario file: " + std::string(std::strerror(errno))}});
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return load_scenario_text(buffer.str(), path);
}

}  // namespace journeysim
