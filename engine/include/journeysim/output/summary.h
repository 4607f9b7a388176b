#pragma once
// What a person reads on the console: headline metrics averaged over
// replications (as journeysim/metrics/metrics.h aggregates them), the funnel
// with each stage's drop-off and its main cause, and the comparison table.
// The library returns text; printing it is the CLI's business.
#include <string>
#include <string_view>
#include <vector>

#include "journeysim/experiment/compare.h"
#include "journeysim/experiment/execute.h"
#include "journeysim/experiment/plan.h"
#include "journeysim/experiment/sweep.h"
#include "journeysim/metrics/metrics.h"
#include "journeysim/output/budget_notes.h"
#include "journeysim/output/table.h"

namespace journeysim {

// A sink that keeps, per arm, what the summary shows: a running mean per
// metric and stage, and loss counts per touchpoint. Its size does not grow
// with the number of runs.
class RunSummary final : public ResultSink {
 public:
  explicit RunSummary(const RunPlan& plan);
  void run_done(std::size_t index, const PlannedRun& run, const RunResult& result) override;
  bool can_retract_events() const override { return true; }  // it keeps no events

  // The mean of a headline metric over the arm's replications.
  double mean(std::uint32_t arm, std::string_view metric) const;
  // `provenance`: a line under the title saying what the command line
  // changed; `format`: how the tables are written (text, CSV, Markdown).
  std::string format(std::uint32_t arm, const std::string& output_path, const std::string& provenance = "",
                     TableFormat format = TableFormat::Text) const;
  // Warnings the run should show (referrals dropped past max_customers, ...); empty when none.
  std::vector<std::string> warnings(std::uint32_t arm) const;

 private:
  struct Totals {
    std::int64_t runs = 0;
    std::vector<MeanOver> metrics;                  // parallel to headline_metrics()
    std::vector<MeanOver> reached, lost, drop_off;  // [stage]
    std::vector<double> abandon, leave;             // [stage][channel], summed
    std::vector<std::vector<MeanOver>> segments;    // [segment], parallel to headline_metrics()
  };
  const RunPlan& plan_;
  std::vector<Totals> arms_;
  BudgetNotes budgets_;  // its notes join the warnings
};

// A sink that keeps each sweep point's conversion rate and profit (mean and
// 95% interval over its replications), for the console: the best and worst
// points on each.
class SweepSummary final : public ResultSink {
 public:
  explicit SweepSummary(const RunPlan& plan);
  void run_done(std::size_t index, const PlannedRun& run, const RunResult& result) override;
  std::string format(const std::string& output_path, const std::string& provenance = "",
                     TableFormat format = TableFormat::Text);
  // Runs that failed (the event limit at an extreme point): how many, and the first.
  std::vector<std::string> warnings() const;
  std::size_t failed() const { return failed_; }

 private:
  const RunPlan& plan_;
  std::size_t failed_ = 0;
  std::string first_failure_;
  PointStatistics statistics_;
  std::vector<Interval> conversion_, profit_;  // [point]
  std::vector<std::vector<double>> means_;     // [point][headline metric], for sobol and morris
};

// The comparison tables: one row per arm with the headline metrics and 95%
// CIs, the paired difference from the baseline (* where its CI excludes 0),
// lift, ROI and payback for variants with a fixed cost; then each arm's
// drop-off per stage, conversion per segment and cost per channel; then
// the warnings.
std::string format_compare_summary(const Comparison& comparison, const std::string& output_path,
                                   const std::string& provenance = "", TableFormat format = TableFormat::Text,
                                   const std::vector<std::string>& warnings = {});

}  // namespace journeysim
