#pragma once
// What-if experiments (DESIGN §2 [[variants]], §3.7): the baseline and every
// variant run on the same (seed, replication, customer) streams, so each
// variant's per-replication difference from the baseline is paired and tight.
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "journeysim/experiment/statistics.h"
#include "journeysim/model/model.h"
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
};

struct Arm {
  std::string id;  // "baseline" for arm 0
  std::string title;
  double fixed_cost = 0.0;
  Scenario scenario;  // resolved
  Model model;
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
  std::vector<RunResult> runs;  // ordered by (arm, replication)
  std::uint32_t replications = 0;
  double precision = 0.0;
  bool precision_met = true;
  std::vector<MetricRow> rows;

  const MetricRow* row(std::uint32_t variant, const std::string& metric) const;
};

// The metrics compared, in order: conversion_rate, customers, converted,
// revenue, cost, profit, mean_days_to_convert, campaign_sends, campaign_wins,
// promoters, detractors, then drop_off.<stage> (lost / reached) per stage.
std::vector<std::pair<std::string, std::function<double(const RunResult&)>>> compare_metrics(
    const Model& model);

// Builds every arm (validated as a whole), runs them and computes the table.
Comparison run_compare(const Scenario& scenario, const CompareOptions& options);

}  // namespace journeysim
