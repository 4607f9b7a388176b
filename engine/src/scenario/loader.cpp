#include "journeysim/scenario/loader.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string_view>

#include "text_guard.h"
#include "toml_reader.h"

namespace journeysim {

Scenario load_scenario_text(const std::string& given, const std::string& file) {
  // A UTF-8 byte-order mark (some Windows editors write one) is not TOML, but
  // says nothing either: dropped, so line 1's columns are what an editor shows.
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  const std::string text = given.rfind(kBom, 0) == 0 ? given.substr(kBom.size()) : given;
  if (auto problem = detail::guard_text(text, file)) throw ScenarioError({*problem});
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

std::string toml_version() {
  return detail::toml_library_version();
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
