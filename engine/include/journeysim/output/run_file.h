#pragma once
// The HDF5 results file, format_version 1 (outputs/README.md documents it).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "journeysim/experiment/compare.h"
#include "journeysim/model/model.h"
#include "journeysim/scenario/scenario.h"
#include "journeysim/sim/run_result.h"

namespace journeysim {

// A row of /runs, as stored (packed compound).
struct RunRow {
  std::uint32_t run, variant, replication;
  std::uint64_t seed;
  std::int64_t customers, referred, referrals_dropped, converted, completed, lost, in_progress, touchpoints,
      frictions;
  double conversion_rate, revenue, cost, profit;
  std::int64_t campaign_sends, campaign_wins, promoters, detractors;
  double mean_days_to_convert;
};

struct RunFileInput {
  std::string command;                  // "run", "compare", ...
  const Scenario* source = nullptr;     // as loaded: its text goes to /scenario/source
  const Scenario* effective = nullptr;  // the resolved arm: /scenario/effective and the labels
  const Model* model = nullptr;
  std::vector<std::string> variants;  // labels; [0] is the baseline
  const std::vector<RunResult>* results = nullptr;
  bool events = false;
  const Comparison* comparison = nullptr;  // compare: adds /compare
};

// Writes the whole file through a temporary beside `path`; throws IoError
// naming the path, and leaves nothing under `path` on failure.
void write_run_file(const std::string& path, const RunFileInput& input);

// A row of /compare, as stored.
struct CompareRecord {
  std::uint32_t variant;
  std::string metric;
  double mean, ci_low, ci_high, diff, diff_ci_low, diff_ci_high, lift_pct;
  std::uint8_t significant;
};

// What tests and later commands read back.
struct RunFileContents {
  std::map<std::string, std::string> text_attrs;
  std::int64_t format_version = 0;
  std::vector<RunRow> runs;
  std::map<std::string, std::vector<std::string>> labels;
  std::string source, effective;
  std::int64_t event_count = 0;
  std::vector<CompareRecord> compare;  // empty unless written by compare
};
RunFileContents read_run_file(const std::string& path);
// A numeric dataset, flattened, with its shape.
std::vector<std::int64_t> read_counts(const std::string& path, const std::string& dataset,
                                      std::vector<std::uint64_t>* dims = nullptr);

}  // namespace journeysim
