#pragma once
// Helpers shared by the tests: scenario text → model, temporary folders,
// running the CLI, and the exact-value comparisons of statistical tests.
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "journeysim/model/model.h"
#include "journeysim/scenario/loader.h"
#include "journeysim/sim/event_sink.h"
#include "journeysim/sim/run_result.h"

namespace jst {

std::string source_path(const std::string& relative);
std::string read_text(const std::string& path);

// The benchmark journey (tools/bench/journey.toml) with `customers`
// customers and `extra` (campaigns, [referrals] ...) appended.
std::string bench_journey(long customers, const std::string& extra = "");

journeysim::Scenario scenario_from(const std::string& toml);
journeysim::Model model_from(const std::string& toml, const std::string& variant = "");

// An --events log kept whole, in the order it is written; one that can be
// taken back (EventSink::retract) if `retractable`, counting how often it was.
struct KeepLog final : journeysim::EventSink {
  explicit KeepLog(bool can = false) : retractable(can) {}
  bool retractable;
  int retracted = 0;
  std::vector<journeysim::EventRecord> all;
  void write(std::vector<journeysim::EventRecord>& rows) override {
    all.insert(all.end(), rows.begin(), rows.end());
    rows.clear();
  }
  bool can_retract() const override { return retractable; }
  void retract() override {
    if (!retractable) throw std::logic_error("retract() on a log that cannot take records back");
    all.clear();
    ++retracted;
  }
};

// One replication on `threads` threads with its --events log in
// RunResult::events as the engine wrote it (processing order, unsorted: what
// goes into the file).
journeysim::RunResult simulate_logged(const journeysim::Model& model, std::uint32_t replication,
                                      unsigned threads);

// Problems a scenario text has, formatted one a line; empty if it loads.
std::string problems_of(const std::string& toml, const std::string& file = "test.toml");

struct TempDir {
  TempDir();
  ~TempDir();
  std::string path;
  std::string file(const std::string& name) const { return path + "/" + name; }
  // The names of what is in it, sorted.
  std::vector<std::string> names() const;
};

struct CliResult {
  int exit_code = -1;
  std::string out, err;
};
// Runs the journeysim binary with `args` (shell-quoted by the caller) in `cwd`.
CliResult run_cli(const std::string& args, const std::string& cwd = ".");
// The same after shell commands `setup` (a ulimit, an export) in that shell.
CliResult run_cli_after(const std::string& setup, const std::string& args, const std::string& cwd = ".");

// |observed - expected| in standard deviations.
inline double z_score(double observed, double expected, double sd) {
  return std::fabs(observed - expected) / sd;
}
inline double binomial_sd(double n, double p) {
  return std::sqrt(n * p * (1.0 - p));
}

}  // namespace jst
