#include "support.h"

#include <sys/wait.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "journeysim/model/model.h"
#include "journeysim/sim/engine.h"
#include "journeysim/sim/event_sink.h"

namespace jst {

std::string source_path(const std::string& relative) {
  return std::string(JOURNEYSIM_SOURCE_DIR) + "/" + relative;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string bench_journey(long customers, const std::string& extra) {
  std::string toml = read_text(source_path("tools/bench/journey.toml"));
  const std::string given = "customers = 2000000";
  toml.replace(toml.find(given), given.size(), "customers = " + std::to_string(customers));
  return toml + extra;
}

journeysim::Scenario scenario_from(const std::string& toml) {
  return journeysim::load_scenario_text(toml, "test.toml");
}

journeysim::Model model_from(const std::string& toml, const std::string& variant) {
  return journeysim::compile_model(journeysim::make_arm(scenario_from(toml), variant, {}));
}

journeysim::RunResult simulate_logged(const journeysim::Model& model, std::uint32_t replication,
                                      unsigned threads) {
  KeepLog log;
  auto r = journeysim::simulate(model, replication, &log, journeysim::Ordering::Auto, nullptr, threads);
  r.events = std::move(log.all);
  return r;
}

std::string problems_of(const std::string& toml, const std::string& file) {
  try {
    journeysim::load_scenario_text(toml, file);
  } catch (const journeysim::ScenarioError& e) {
    return e.what();
  }
  return {};
}

TempDir::TempDir() {
  char pattern[] = "/tmp/journeysim-test-XXXXXX";
  path = ::mkdtemp(pattern);
}
TempDir::~TempDir() {
  std::filesystem::remove_all(path);
}
std::vector<std::string> TempDir::names() const {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(path)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

CliResult run_cli(const std::string& args, const std::string& cwd) {
  return run_cli_after("true", args, cwd);
}

CliResult run_cli_after(const std::string& setup, const std::string& args, const std::string& cwd) {
  TempDir tmp;
  const std::string command = "cd '" + cwd + "' && " + setup + " && '" + std::string(JOURNEYSIM_CLI) + "' " +
                              args + " >'" + tmp.file("out") + "' 2>'" + tmp.file("err") + "' </dev/null";
  const int status = std::system(command.c_str());
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(tmp.file("out"));
  r.err = read_text(tmp.file("err"));
  return r;
}

}  // namespace jst
