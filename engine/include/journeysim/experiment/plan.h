#pragma once
// A run plan: the arms (the baseline, variants, later sweep points), each
// compiled once into a model, and the list of runs, each (arm, replication).
// The order of `runs` is the order of the results file's rows.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "journeysim/model/model.h"
#include "journeysim/scenario/scenario.h"

namespace journeysim {

struct Arm {
  std::string id;  // "baseline" or a variant id: /labels/variants
  std::string title;
  double fixed_cost = 0.0;
  // What defines the arm on top of the scenario file, in the order applied:
  // the command line's --set, then the variant's own `set`.
  std::vector<Override> overrides;
  Scenario scenario;  // resolved: /scenario/effective
  Model model;
};

struct PlannedRun {
  std::uint32_t arm = 0;
  std::uint32_t replication = 0;
};

struct RunPlan {
  std::string command;  // "run", "compare", "sweep": the file's `command` attribute
  Scenario source;      // the scenario file as loaded: /scenario/source
  std::vector<Arm> arms;
  std::vector<PlannedRun> runs;
  std::uint32_t replications = 0;  // per arm, planned so far
  // What /scenario/effective records: the first arm's scenario unless set
  // (a sweep records its base, [sweep] table included, not its first point).
  std::optional<Scenario> effective;
  // sweep: the swept paths, and each point's (arm's) values [point][parameter].
  std::vector<std::string> sweep_paths;
  std::vector<std::vector<double>> sweep_values;
};

// `run`: one arm (the baseline, or `variant`), replications 0 … n-1 (0: the
// scenario's own count). Throws ScenarioError for an unknown variant or an
// override that makes the arm invalid.
RunPlan plan_run(const Scenario& source, const std::string& variant,
                 const std::vector<Override>& command_line, std::uint32_t replications);

// `compare`: the baseline and every variant, arm by arm.
RunPlan plan_compare(const Scenario& source, const std::vector<Override>& command_line,
                     std::uint32_t replications);

// What ran, as /scenario/effective records it: `effective` (else the first
// arm's scenario) with the replications planned, so that running it again
// with no options gives the same runs.
Scenario effective_scenario(const RunPlan& plan);

// The settings that change nothing in any arm they are part of (a --set,
// a variant's `set`, a swept parameter): a field of a campaign that is not
// enabled. A run that ignores a setting without a word looks like a
// setting that makes no difference. One warning each, worded to be shown.
std::vector<std::string> settings_without_effect(const RunPlan& plan);

// Plans `more` further replications of every arm, after those planned, arm by arm.
void add_replications(RunPlan& plan, std::uint32_t more);

}  // namespace journeysim
