#pragma once
// The run summary a person reads on the console: headline numbers averaged
// over replications, and the funnel with each stage's drop-off and its main
// cause. The library returns text; printing it is the CLI's business.
#include <string>
#include <vector>

#include "journeysim/experiment/compare.h"
#include "journeysim/model/model.h"
#include "journeysim/scenario/scenario.h"
#include "journeysim/sim/run_result.h"

namespace journeysim {

std::string format_run_summary(const Scenario& arm, const Model& model, const std::vector<RunResult>& results,
                               const std::string& output_path);

// The comparison table: one row per arm with the headline metrics and 95%
// CIs, the paired difference from the baseline (* where its CI excludes 0),
// lift, and ROI and payback for variants with a fixed cost.
std::string format_compare_summary(const Comparison& comparison, const std::string& output_path);

// Warnings the run should show (referrals dropped past max_customers, ...); empty when none.
std::vector<std::string> run_warnings(const Scenario& arm, const std::vector<RunResult>& results);

}  // namespace journeysim
