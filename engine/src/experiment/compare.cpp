#include "journeysim/experiment/compare.h"

#include <algorithm>
#include <cmath>

#include "journeysim/scenario/loader.h"
#include "journeysim/sim/runner.h"

namespace journeysim {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(std::int64_t a, std::int64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : kNaN;
}

// Values of one metric for one arm, by replication.
std::vector<double> values_of(const Comparison& c, std::uint32_t arm,
                              const std::function<double(const RunResult&)>& metric) {
  std::vector<double> out;
  for (const auto& r : c.runs) {
    if (r.variant == arm) out.push_back(metric(r));
  }
  return out;
}

void compute_rows(Comparison& c) {
  c.rows.clear();
  const auto metrics = compare_metrics(c.arms.front().model);
  const double horizon = c.arms.front().scenario.scenario.horizon_days;
  for (std::uint32_t a = 0; a < c.arms.size(); ++a) {
    for (const auto& [name, metric] : metrics) {
      MetricRow row;
      row.variant = a;
      row.metric = name;
      const auto mine = values_of(c, a, metric);
      row.value = mean_interval(mine);
      if (a > 0) {
        const auto base = values_of(c, 0, metric);
        row.diff = paired_interval(mine, base);
        const double base_mean = mean_interval(base).mean;
        if (base_mean != 0.0 && std::isfinite(base_mean)) row.lift_pct = 100.0 * row.diff.mean / base_mean;
        row.significant = row.diff.excludes_zero();
      }
      c.rows.push_back(row);
    }
    // ROI and payback from the paired profit difference over the horizon.
    const double fixed = c.arms[a].fixed_cost;
    if (a > 0 && fixed > 0.0) {
      // A copy: the rows pushed below may reallocate the vector it lives in.
      const Interval d = c.row(a, "profit")->diff;
      MetricRow roi;
      roi.variant = a;
      roi.metric = "roi";
      roi.value = d;
      roi.value.mean = (d.mean - fixed) / fixed;
      roi.value.low = (d.low - fixed) / fixed;
      roi.value.high = (d.high - fixed) / fixed;
      roi.significant = roi.value.n > 1 && (roi.value.low > 0.0 || roi.value.high < 0.0);
      c.rows.push_back(roi);
      MetricRow payback;
      payback.variant = a;
      payback.metric = "payback_days";
      payback.value = d;
      // Days of the profit difference per day that repay the fixed cost;
      // infinite when the change does not pay (a lower bound from the upper CI end).
      auto days = [&](double diff) { return diff > 0.0 ? fixed / (diff / horizon) : INFINITY; };
      payback.value.mean = days(d.mean);
      payback.value.low = days(d.high);
      payback.value.high = days(d.low);
      c.rows.push_back(payback);
    }
  }
}

}  // namespace

const MetricRow* Comparison::row(std::uint32_t variant, const std::string& metric) const {
  for (const auto& r : rows) {
    if (r.variant == variant && r.metric == metric) return &r;
  }
  return nullptr;
}

std::vector<std::pair<std::string, std::function<double(const RunResult&)>>> compare_metrics(
    const Model& model) {
  std::vector<std::pair<std::string, std::function<double(const RunResult&)>>> m = {
      {"conversion_rate", [](const RunResult& r) { return ratio(r.totals.converted, r.totals.customers); }},
      {"customers", [](const RunResult& r) { return static_cast<double>(r.totals.customers); }},
      {"converted", [](const RunResult& r) { return static_cast<double>(r.totals.converted); }},
      {"revenue", [](const RunResult& r) { return r.totals.revenue; }},
      {"cost", [](const RunResult& r) { return r.totals.cost; }},
      {"profit", [](const RunResult& r) { return r.totals.profit; }},
      {"mean_days_to_convert", [](const RunResult& r) { return r.totals.mean_days_to_convert; }},
      {"campaign_sends", [](const RunResult& r) { return static_cast<double>(r.totals.campaign_sends); }},
      {"campaign_wins", [](const RunResult& r) { return static_cast<double>(r.totals.campaign_wins); }},
      {"promoters", [](const RunResult& r) { return static_cast<double>(r.totals.promoters); }},
      {"detractors", [](const RunResult& r) { return static_cast<double>(r.totals.detractors); }},
  };
  for (std::size_t s = 0; s < model.stage_count(); ++s) {
    m.emplace_back("drop_off." + model.stage_ids[s],
                   [s](const RunResult& r) { return ratio(r.lost[s], r.reached[s]); });
  }
  return m;
}

Comparison run_compare(const Scenario& scenario, const CompareOptions& options) {
  Comparison c;
  {
    Arm base;
    base.id = "baseline";
    base.title = "As written";
    base.scenario = make_arm(scenario, "", options.command_line);
    c.arms.push_back(std::move(base));
  }
  for (const auto& v : scenario.variants) {
    Arm arm;
    arm.id = v.id;
    arm.title = v.title.empty() ? v.id : v.title;
    arm.fixed_cost = v.fixed_cost;
    arm.scenario = make_arm(scenario, v.id, options.command_line);
    c.arms.push_back(std::move(arm));
  }
  for (auto& arm : c.arms) arm.model = compile_model(arm.scenario);

  const std::uint32_t batch = options.replications > 0
                                  ? options.replications
                                  : static_cast<std::uint32_t>(c.arms.front().scenario.scenario.replications);
  c.precision = options.precision;
  RunnerOptions runner;
  runner.threads = options.threads;
  std::uint32_t done = 0;
  while (true) {
    const std::uint32_t next = std::min(done + batch, std::max(options.max_replications, batch));
    std::vector<RunJob> jobs;
    for (std::uint32_t a = 0; a < c.arms.size(); ++a) {
      for (std::uint32_t r = done; r < next; ++r) jobs.push_back({&c.arms[a].model, a, r});
    }
    if (options.progress) {
      const std::size_t offset = static_cast<std::size_t>(done) * c.arms.size();
      runner.progress = [&, offset](std::size_t d, std::size_t) {
        options.progress(offset + d, offset + jobs.size());
      };
    }
    auto results = run_jobs(jobs, runner);
    for (auto& r : results) c.runs.push_back(std::move(r));
    done = next;
    if (options.precision <= 0.0 || c.arms.size() < 2) break;
    // Enough when every variant's conversion-rate difference is known to +- precision.
    const auto rate = compare_metrics(c.arms.front().model).front().second;
    double widest = 0.0;
    for (std::uint32_t a = 1; a < c.arms.size(); ++a) {
      widest = std::max(widest, paired_interval(values_of(c, a, rate), values_of(c, 0, rate)).half_width());
    }
    c.precision_met = done >= 2 && widest <= options.precision;
    if (c.precision_met || done >= options.max_replications) break;
  }
  std::stable_sort(c.runs.begin(), c.runs.end(), [](const RunResult& x, const RunResult& y) {
    return x.variant != y.variant ? x.variant < y.variant : x.replication < y.replication;
  });
  c.replications = done;
  compute_rows(c);
  return c;
}

}  // namespace journeysim
