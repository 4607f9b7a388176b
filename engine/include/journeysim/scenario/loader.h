#pragma once
// Reading a scenario: file → text checks → TOML → structs → validation.
// Every function here collects all problems and throws one ScenarioError.
#include <cstdint>
#include <string>
#include <vector>

#include "journeysim/scenario/scenario.h"

namespace journeysim {

// Reads and validates a scenario file, as written (defaults not yet filled).
Scenario load_scenario_file(const std::string& path);
// The same from text already in memory; `file` names it in messages.
Scenario load_scenario_text(const std::string& text, const std::string& file);

// Every semantic problem: references, uniqueness, sums, reachability,
// variant and sweep paths, the memory estimate. Empty when valid.
std::vector<Problem> validate(const Scenario& scenario);

// A copy with every default filled in (titles, next stages, inherited
// delays and costs, max_customers ...). The scenario must be valid.
Scenario resolve_defaults(const Scenario& scenario);

// The arm a run simulates: the scenario, the command line's overrides, then
// the variant's own (if any) on top, validated again as a whole and
// resolved. An empty variant id is the baseline.
Scenario make_arm(const Scenario& scenario, const std::string& variant_id,
                  const std::vector<Override>& command_line);

// The resolved scenario as TOML text, for /scenario/effective.
std::string effective_toml(const Scenario& resolved);

// The TOML++ version the scenario reader was built with.
std::string toml_version();

// The most points a [sweep] design may have: each is held as a compiled
// arm for the whole sweep, about 17 KB (17 GB at this size).
inline constexpr double kMaxSweepPoints = 1'000'000;

// /occupancy has a row per day while the horizon is at most this many days,
// and beyond it a row per `step` days, the smallest whole step that keeps to
// this many rows: a 100,000-day horizon would otherwise write 100,000 rows
// per run, nearly all alike.
inline constexpr std::uint64_t kMaxOccupancyRows = 4000;

}  // namespace journeysim
