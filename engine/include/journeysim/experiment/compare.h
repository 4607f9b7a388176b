#pragma once
// What-if experiments (scenarios/README.md [[variants]]): the baseline and
// every variant run on the same (seed, replication, customer) streams, so
// each variant's per-replication difference from the baseline is paired and
// tight. The metrics compared come from journeysim/metrics/metrics.h.
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "journeysim/experiment/execute.h"
#include "journeysim/experiment/plan.h"
#include "journeysim/experiment/statistics.h"
#include "journeysim/metrics/metrics.h"
#include "journeysim/scenario/scenario.h"
#include "journeysim/sim/run_result.h"

namespace journeysim {

struct CompareOptions {
  std::uint32_t replications = 0;      // 0: the scenario's
  unsigned threads = 0;                // 0: every core
  std::vector<Override> command_line;  // --set, applied to every arm
  // > 0: add batches of `replications` until every variant's 95% CI
  // half-width of the conversion-rate difference is at most this.
  double precision = 0.0;
  std::uint32_t max_replications = 200;
  std::function<void(std::size_t, std::size_t)> progress;
  const std::atomic<bool>* stop = nullptr;  // see simulate()
};

// One row of /compare: a metric of one arm, and for a variant its paired
// difference from the baseline.
struct MetricRow {
  std::uint32_t variant = 0;
  std::string metric;
  Interval value;
  Interval diff;  // n == 0 for the baseline and for roi / payback_days
  double lift_pct = std::numeric_limits<double>::quiet_NaN();
  bool significant = false;
};

struct Comparison {
  std::vector<Arm> arms;
  std::vector<RunResult> runs;  // run_compare(Scenario, ...) only: by (arm, replication)
  std::uint32_t replications = 0;
  double precision = 0.0;
  bool precision_met = true;
  // With a precision: the widest 95% CI half-width of a variant's
  // conversion-rate difference at the end (infinite where one has none).
  double widest_half_width = std::numeric_limits<double>::quiet_NaN();
  std::vector<MetricRow> rows;

  const MetricRow* row(std::uint32_t variant, const std::string& metric) const;
};

// The metrics compared, in /compare's order: conversion_rate, customers,
// converted, revenue, cost, profit, mean_days_to_convert, campaign_sends,
// campaign_wins, promoters, detractors, then drop_off.<stage> per stage,
// then conversion_rate.<segment> per segment when there is more than one,
// then cost.<channel> per channel (touches and campaign sends charged to it).
std::vector<std::string> compared_metrics(const Model& model);

// A sink that keeps each run's compared metric values (a few numbers a run),
// by arm and replication: all that the paired statistics need.
class MetricValues final : public ResultSink {
 public:
  explicit MetricValues(const RunPlan& plan);
  void run_done(std::size_t index, const PlannedRun& run, const RunResult& result) override;
  // Metric m of arm a, by replication.
  const std::vector<double>& of(std::uint32_t arm, std::size_t m) const { return values_[arm][m]; }
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;
  std::vector<const Metric*> headline_;  // the first names_, looked up once
  std::size_t stages_;                   // drop_off.<stage> names follow them
  std::size_t segments_;                 // conversion_rate.<segment> names, then cost.<channel>
  std::vector<std::vector<std::vector<double>>> values_;  // [arm][metric][replication]
};

// Executes a compare plan into `sinks` (and its own MetricValues), adding
// batches of replications while options.precision asks for them, and
// computes the table. The plan grows by those batches, in plan order.
Comparison execute_compare(RunPlan& plan, const std::vector<ResultSink*>& sinks,
                           const CompareOptions& options);

// The plan of the first batch: options.replications per arm, else the
// baseline's (the file's, or a --set of scenario.replications); with a
// precision, never more than options.max_replications.
RunPlan plan_first_batch(const Scenario& scenario, const CompareOptions& options);

// The whole experiment in memory, runs kept: for tests and small experiments.
Comparison run_compare(const Scenario& scenario, const CompareOptions& options);

}  // namespace journeysim
