#include "journeysim/experiment/sweep.h"

#include <boost/random/mersenne_twister.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>
#include <numeric>

#include "journeysim/core/error.h"
#include "journeysim/experiment/sensitivity.h"
#include "journeysim/metrics/metrics.h"
#include "journeysim/scenario/loader.h"
#include "journeysim/scenario/param_path.h"

namespace journeysim {

namespace {

// A fraction u in [0, 1] of the way along the parameter's range.
double along(const SweepParameter& p, double u) {
  const double low = (*p.range)[0], high = (*p.range)[1];
  if (u >= 1.0) return high;  // the end exactly, not exp(log(high)) rounded
  if (p.scale == "log") return std::exp(std::log(low) + u * (std::log(high) - std::log(low)));
  return low + u * (high - low);
}

// A grid parameter's levels: its values, or `steps` points of its range.
std::vector<double> levels(const SweepParameter& p) {
  if (!p.values.empty()) return p.values;
  std::vector<double> out;
  const auto steps = static_cast<std::size_t>(p.steps.value_or(2));
  for (std::size_t i = 0; i < steps; ++i)
    out.push_back(along(p, static_cast<double>(i) / static_cast<double>(steps - 1)));
  return out;
}

std::vector<std::vector<double>> grid(const Sweep& sweep) {
  std::vector<std::vector<double>> axes;
  std::size_t total = 1;
  for (const auto& p : sweep.parameters) {
    axes.push_back(levels(p));
    total *= axes.back().size();
  }
  std::vector<std::vector<double>> points(total, std::vector<double>(axes.size()));
  for (std::size_t k = 0; k < total; ++k) {
    // The last parameter varies fastest: k in mixed radix, last digit first.
    std::size_t rest = k;
    for (std::size_t d = axes.size(); d-- > 0;) {
      points[k][d] = axes[d][rest % axes[d].size()];
      rest /= axes[d].size();
    }
  }
  return points;
}

// Draws, from one Mersenne Twister seeded with the scenario's seed: lhs,
// parameter by parameter, a Fisher-Yates shuffle of the strata then one
// uniform per stratum; random, point by point, one uniform per parameter.
std::vector<std::vector<double>> sampled(const Sweep& sweep, std::uint64_t seed) {
  const auto n = static_cast<std::size_t>(*sweep.points);
  const std::size_t dims = sweep.parameters.size();
  std::vector<std::vector<double>> points(n, std::vector<double>(dims));
  boost::random::mt19937_64 rng(seed);
  boost::random::uniform_real_distribution<double> uniform(0.0, 1.0);
  if (sweep.design == "lhs") {
    for (std::size_t d = 0; d < dims; ++d) {
      std::vector<std::size_t> strata(n);
      std::iota(strata.begin(), strata.end(), std::size_t{0});
      for (std::size_t i = n; i-- > 1;) {
        boost::random::uniform_int_distribution<std::size_t> pick(0, i);
        std::swap(strata[i], strata[pick(rng)]);
      }
      for (std::size_t k = 0; k < n; ++k) {
        const double u = (static_cast<double>(strata[k]) + uniform(rng)) / static_cast<double>(n);
        points[k][d] = along(sweep.parameters[d], std::min(u, std::nextafter(1.0, 0.0)));
      }
    }
  } else {
    for (auto& point : points) {
      for (std::size_t d = 0; d < dims; ++d) point[d] = along(sweep.parameters[d], uniform(rng));
    }
  }
  return points;
}

MorrisDesign morris_of(const Sweep& sweep, std::uint64_t seed) {
  return morris_points(static_cast<std::size_t>(sweep.trajectories.value_or(10)), sweep.parameters.size(),
                       static_cast<std::size_t>(sweep.levels.value_or(4)), seed);
}

std::string point_title(const SweepDesign& design, std::size_t k) {
  std::string title;
  for (std::size_t d = 0; d < design.paths.size(); ++d)
    title += (d ? ", " : "") + design.paths[d] + " = " + design.value(k, d).text();
  return title;
}

}  // namespace

ParamValue SweepDesign::value(std::size_t point, std::size_t parameter) const {
  const double x = values[point][parameter];
  return boolean[parameter] ? ParamValue::of_bool(x != 0.0) : ParamValue::of_number(x);
}

SweepDesign sweep_design(const Scenario& base) {
  if (!base.sweep) {
    throw ScenarioError({Problem{base.file,
                                 {},
                                 "sweep",
                                 "is missing: there is nothing to sweep; add a [sweep] table with "
                                 "[[sweep.parameters]] (scenarios/README.md shows how)"}});
  }
  const Sweep& sweep = *base.sweep;
  SweepDesign design;
  for (const auto& p : sweep.parameters) {
    design.paths.push_back(p.path);
    design.boolean.push_back(p.boolean);
  }
  const auto seed = static_cast<std::uint64_t>(base.scenario.seed);
  if (sweep.design == "grid") {
    design.values = grid(sweep);
  } else if (sweep.design == "sobol" || sweep.design == "morris") {
    // Unit points mapped onto the ranges, linear or log.
    const auto unit = sweep.design == "sobol"
                          ? saltelli_points(static_cast<std::size_t>(*sweep.points), design.paths.size())
                          : morris_of(sweep, seed).points;
    for (const auto& u : unit) {
      std::vector<double> point;
      for (std::size_t d = 0; d < u.size(); ++d) point.push_back(along(sweep.parameters[d], u[d]));
      design.values.push_back(std::move(point));
    }
  } else {
    design.values = sampled(sweep, seed);
  }
  // A count or the seed takes whole numbers: round what the design drew.
  for (std::size_t d = 0; d < design.paths.size(); ++d) {
    const auto now = get_param(base, design.paths[d]);
    if (now && now->integer) {
      for (auto& point : design.values) point[d] = std::round(point[d]);
    }
  }
  return design;
}

RunPlan plan_sweep(const Scenario& source, const std::vector<Override>& command_line,
                   std::uint32_t replications) {
  RunPlan plan;
  plan.command = "sweep";
  plan.source = source;
  const Scenario base = make_arm(source, "", command_line);
  const SweepDesign design = sweep_design(base);
  // The point's values go on top of --set: a --set of a swept path would be
  // silently undone at every point.
  std::vector<Problem> clashes;
  for (const auto& o : command_line) {
    for (std::size_t d = 0; d < design.paths.size(); ++d) {
      if (o.path != design.paths[d]) continue;
      const std::string label = "sweep.parameters[" + std::to_string(d) + "]";
      clashes.push_back({source.file, source.positions.find(label + ".path"), "--set " + o.path,
                         "is swept by " + label +
                             ", whose values replace it at every point; drop the --set, or the parameter"});
    }
  }
  if (!clashes.empty()) throw ScenarioError(clashes);
  plan.sweep_paths = design.paths;
  plan.sweep_values = design.values;
  for (std::size_t k = 0; k < design.values.size(); ++k) {
    Arm arm;
    arm.id = "p" + std::to_string(k);
    arm.title = point_title(design, k);
    arm.overrides = command_line;
    for (std::size_t d = 0; d < design.paths.size(); ++d)
      arm.overrides.push_back({design.paths[d], design.value(k, d), {}});
    arm.scenario = make_arm(source, "", arm.overrides);
    // A point needs its own parameters, not the file's text, variants or sweep.
    arm.scenario.source.clear();
    arm.scenario.variants.clear();
    arm.scenario.sweep.reset();
    arm.scenario.positions = SourceMap{};
    arm.model = compile_model(arm.scenario);
    plan.arms.push_back(std::move(arm));
  }
  Scenario effective = base;
  effective.source.clear();
  plan.effective = std::move(effective);
  const auto n =
      replications > 0 ? replications : static_cast<std::uint32_t>(base.sweep->replications.value_or(1));
  add_replications(plan, n);
  return plan;
}

std::vector<SensitivityRow> sweep_sensitivity(const RunPlan& plan,
                                              const std::vector<std::vector<double>>& means) {
  std::vector<SensitivityRow> rows;
  if (!plan.effective || !plan.effective->sweep) return rows;
  const Sweep& sweep = *plan.effective->sweep;
  if (sweep.design != "sobol" && sweep.design != "morris") return rows;
  const std::size_t D = plan.sweep_paths.size();
  const auto seed = static_cast<std::uint64_t>(plan.effective->scenario.seed);
  const MorrisDesign morris = sweep.design == "morris" ? morris_of(sweep, seed) : MorrisDesign{};
  for (std::string_view name : kSensitivityMetrics) {
    const std::size_t m = metric_index(name);
    std::vector<double> y;
    for (const auto& point : means) y.push_back(point[m]);
    if (sweep.design == "sobol") {
      const auto indices = sobol_indices(y, static_cast<std::size_t>(*sweep.points), D, seed);
      for (std::size_t d = 0; d < D; ++d) rows.push_back({d, std::string(name), indices[d], {}});
    } else {
      const auto effects = morris_effects(y, morris, D);
      for (std::size_t d = 0; d < D; ++d) rows.push_back({d, std::string(name), {}, effects[d]});
    }
  }
  return rows;
}

void PointStatistics::add(std::uint32_t point, const RunResult& r) {
  const auto& list = headline_metrics();
  if (!values_.empty() && point != current_) finish();
  if (values_.empty()) values_.resize(list.size());
  current_ = point;
  // A failed run (RunResult::error) has no values: left out, as NaN.
  for (std::size_t m = 0; m < list.size(); ++m)
    values_[m].push_back(r.error.empty() ? list[m].value(r.totals) : std::nan(""));
}

void PointStatistics::finish() {
  if (values_.empty()) return;
  Point p;
  p.point = current_;
  for (const auto& v : values_) p.metrics.push_back(mean_interval(v));
  values_.clear();
  take_(p);
}

}  // namespace journeysim
