#include "journeysim/scenario/loader.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
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
  // In the file's order, as an editor goes through them: reading and
  // validating find them in two passes (a range at line 37 came before a
  // reference at line 35). Problems with no position go last.
  auto key = [](const Problem& p) {
    return std::pair{p.pos.line == 0 ? UINT32_MAX : p.pos.line, p.pos.column};
  };
  std::stable_sort(problems.begin(), problems.end(),
                   [&](const Problem& a, const Problem& b) { return key(a) < key(b); });
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return scenario;
}

std::string toml_version() {
  return detail::toml_library_version();
}

namespace {
constexpr std::uintmax_t kMaxScenarioBytes = 16u << 20;
}  // namespace

Scenario load_scenario_file(const std::string& path) {
  auto refuse = [&](const std::string& why) { throw ScenarioError({Problem{path, {}, "", why}}); };
  auto stopped = [&] { throw Interrupted("nothing was written (" + path + " was still being read)"); };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) refuse("cannot read the scenario: it is a folder");
  // A signal while a FIFO waits for its writer (or mid-read) is a stop, not
  // a file that cannot be read: the CLI says "stopped by SIGTERM".
  std::ifstream in(path, std::ios::binary);
  if (!in && errno == EINTR) stopped();
  if (!in) refuse("cannot open the scenario file: " + std::string(std::strerror(errno)));
  // At most 16 MiB, read as it comes: read whole, /dev/zero or a runaway
  // pipe (`<(...)` is one, and welcome) filled the memory, deaf to Ctrl-C.
  std::string text;
  char chunk[65536];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxScenarioBytes)
      refuse("cannot read the scenario: it is over 16 MiB, far past any scenario");
  }
  if (in.bad() && errno == EINTR) stopped();
  return load_scenario_text(text, path);
}

}  // namespace journeysim
