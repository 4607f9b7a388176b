#pragma once
// Parameter sweeps (the [sweep] table, scenarios/README.md): the design's
// points, each an arm of the run plan, run with the same replications on
// the same random streams (common random numbers across points), and the
// per-point statistics that /sweep/summary and the console show.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "journeysim/experiment/plan.h"
#include "journeysim/experiment/sensitivity.h"
#include "journeysim/experiment/statistics.h"
#include "journeysim/scenario/scenario.h"
#include "journeysim/sim/run_result.h"

namespace journeysim {

// The design's points: values[point][parameter], in the order the paths
// are listed. Whole-number fields (counts, the seed) are rounded to the
// nearest whole number. Deterministic from the scenario's seed.
//  - grid: every combination of each parameter's values (or `steps` evenly
//    spaced values of its range, ends included), the first parameter
//    varying slowest;
//  - lhs: `points` Latin-hypercube points: each range cut into `points`
//    equal strata, one point in each, strata paired at random;
//  - random: `points` independent uniform draws in the ranges.
// With scale = "log" a range is spaced or sampled evenly in log(value).
struct SweepDesign {
  std::vector<std::string> paths;
  std::vector<std::vector<double>> values;  // [point][parameter]; false and true as 0 and 1
  std::vector<bool> boolean;                // [parameter]: values = [false, true]
  ParamValue value(std::size_t point, std::size_t parameter) const;
};
// `base`: the scenario with the command line applied and defaults filled
// (its sweep table decides). Throws ScenarioError when it has no [sweep].
SweepDesign sweep_design(const Scenario& base);

// `sweep`: an arm per point ("p0", "p1", …), the command line's --set first
// and the point's values on top, replications 0 … n-1 of each, point by
// point. `replications` 0: the sweep's own (or the scenario's).
RunPlan plan_sweep(const Scenario& source, const std::vector<Override>& command_line,
                   std::uint32_t replications);

// The metrics whose sensitivity a sobol or morris sweep analyses.
inline constexpr std::string_view kSensitivityMetrics[] = {"conversion_rate", "revenue", "profit",
                                                           "mean_days_to_convert"};

// A row of /sensitivity: one parameter's indices (sobol) or elementary
// effects (morris) on one metric, computed from each point's mean over its
// replications. Its order: metric by metric, parameters in order.
struct SensitivityRow {
  std::size_t parameter = 0;  // into RunPlan::sweep_paths
  std::string metric;
  SobolIndex sobol;
  MorrisEffect morris;
};
// `means`: [point][headline metric]. Empty unless the design is sobol or morris.
std::vector<SensitivityRow> sweep_sensitivity(const RunPlan& plan,
                                              const std::vector<std::vector<double>>& means);

// The mean and 95% interval of every headline metric over one point's
// replications, from its runs given in plan order (a point's runs are
// consecutive). Feed every run; `finish()` after the last.
class PointStatistics {
 public:
  struct Point {
    std::uint32_t point = 0;
    std::vector<Interval> metrics;  // parallel to headline_metrics()
  };
  // Called with each point once its last run is in.
  explicit PointStatistics(std::function<void(const Point&)> take) : take_(std::move(take)) {}
  void add(std::uint32_t point, const RunResult& result);
  void finish();

 private:
  std::function<void(const Point&)> take_;
  std::uint32_t current_ = 0;
  std::vector<std::vector<double>> values_;  // [metric][replication] of the current point
};

}  // namespace journeysim
