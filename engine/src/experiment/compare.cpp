#include "journeysim/experiment/compare.h"

#include <algorithm>
#include <cmath>

#include "journeysim/metrics/metrics.h"

namespace journeysim {

namespace {

constexpr std::string_view kCompared[] = {
    "conversion_rate",      "customers",      "converted",     "revenue",   "cost",      "profit",
    "mean_days_to_convert", "campaign_sends", "campaign_wins", "promoters", "detractors"};
constexpr std::string_view kDropOff = "drop_off.";
constexpr std::string_view kSegmentConversion = "conversion_rate.";
constexpr std::string_view kChannelCost = "cost.";

void compute_rows(Comparison& c, const MetricValues& v) {
  c.rows.clear();
  const double horizon = c.arms.front().scenario.scenario.horizon_days;
  for (std::uint32_t a = 0; a < c.arms.size(); ++a) {
    for (std::size_t m = 0; m < v.names().size(); ++m) {
      MetricRow row;
      row.variant = a;
      row.metric = v.names()[m];
      row.value = mean_interval(v.of(a, m));
      if (a > 0) {
        row.diff = paired_interval(v.of(a, m), v.of(0, m));
        const double base_mean = mean_interval(v.of(0, m)).mean;
        if (base_mean != 0.0 && std::isfinite(base_mean)) row.lift_pct = 100.0 * row.diff.mean / base_mean;
        // Arms on different engine paths add days to convert in a different
        // order (money follows from counts, exact on every path): a
        // difference within rounding of the baseline is none.
        const bool beyond_rounding = std::fabs(row.diff.mean) > 1e-9 * std::fabs(base_mean);
        row.significant = row.diff.excludes_zero() && beyond_rounding;
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
      auto days = [&](double diff) {
        return std::isnan(diff) ? diff : diff > 0.0 ? fixed / (diff / horizon) : INFINITY;
      };
      payback.value.mean = days(d.mean);
      payback.value.low = days(d.high);
      payback.value.high = days(d.low);
      // Paid back within the horizon or not, with 95% confidence: the same
      // question as ROI above or below 0 (it was always 0).
      payback.significant = roi.significant;
      c.rows.push_back(payback);
    }
  }
}

// Every run kept, for run_compare.
struct KeepRuns final : ResultSink {
  std::vector<RunResult> runs;
  void run_done(std::size_t, const PlannedRun&, const RunResult& r) override { runs.push_back(r); }
};

}  // namespace

const MetricRow* Comparison::row(std::uint32_t variant, const std::string& metric) const {
  for (const auto& r : rows) {
    if (r.variant == variant && r.metric == metric) return &r;
  }
  return nullptr;
}

std::vector<std::string> compared_metrics(const Model& model) {
  std::vector<std::string> names(std::begin(kCompared), std::end(kCompared));
  for (const auto& id : model.stage_ids) names.push_back(std::string(kDropOff) + id);
  // One segment's conversion would repeat conversion_rate.
  if (model.segment_ids.size() > 1) {
    for (const auto& id : model.segment_ids) names.push_back(std::string(kSegmentConversion) + id);
  }
  for (const auto& id : model.channel_ids) names.push_back(std::string(kChannelCost) + id);
  return names;
}

MetricValues::MetricValues(const RunPlan& plan)
    : names_(compared_metrics(plan.arms.front().model)),
      stages_(plan.arms.front().model.stage_count()),
      segments_(plan.arms.front().model.segment_ids.size() > 1 ? plan.arms.front().model.segment_ids.size()
                                                               : 0) {
  values_.assign(plan.arms.size(), std::vector<std::vector<double>>(names_.size()));
  for (auto name : kCompared) headline_.push_back(&metric(name));  // conversion_rate first
}

void MetricValues::run_done(std::size_t, const PlannedRun& run, const RunResult& r) {
  auto& arm = values_[run.arm];
  for (std::size_t m = 0; m < names_.size(); ++m) {
    auto& by_rep = arm[m];
    if (by_rep.size() <= run.replication) by_rep.resize(run.replication + 1, 0.0);
    const std::size_t H = headline_.size();
    const std::size_t G = H + stages_ + segments_;
    by_rep[run.replication] = m < H             ? headline_[m]->value(r.totals)
                              : m < H + stages_ ? drop_off(r, m - H)
                              : m < G           ? headline_[0]->value(r.by_segment.totals[m - H - stages_])
                                                : r.channel_cost[m - G];
  }
}

Comparison execute_compare(RunPlan& plan, const std::vector<ResultSink*>& sinks,
                           const CompareOptions& options) {
  MetricValues values(plan);
  std::vector<ResultSink*> all = sinks;
  all.push_back(&values);
  Comparison c;
  c.precision = options.precision;
  const std::uint32_t batch = plan.replications;
  std::size_t first = 0;
  ExecuteOptions exec;
  exec.threads = options.threads;
  exec.stop = options.stop;
  for (;;) {
    if (options.progress) {
      const std::size_t offset = first, total = plan.runs.size();
      exec.progress = [&, offset, total](std::size_t d, std::size_t) { options.progress(offset + d, total); };
    }
    execute(plan, first, all, exec);
    first = plan.runs.size();
    if (options.precision <= 0.0 || plan.arms.size() < 2) break;
    // Enough when every variant's conversion-rate difference is known to +- precision.
    double widest = 0.0;
    for (std::uint32_t a = 1; a < plan.arms.size(); ++a) {
      // NaN (fewer than two finite differences) is not known to any precision.
      const double half = paired_interval(values.of(a, 0), values.of(0, 0)).half_width();
      widest = std::isnan(half) ? INFINITY : std::max(widest, half);
    }
    c.precision_met = plan.replications >= 2 && widest <= options.precision;
    c.widest_half_width = widest;
    if (c.precision_met || plan.replications >= options.max_replications) break;
    add_replications(plan, std::min(batch, options.max_replications - plan.replications));
  }
  c.arms = plan.arms;
  c.replications = plan.replications;
  compute_rows(c, values);
  return c;
}

RunPlan plan_first_batch(const Scenario& scenario, const CompareOptions& options) {
  // 0 replications asked: the plan takes the baseline's, after the --set
  // options (scenario.replications among them) as every other field.
  RunPlan plan = plan_compare(scenario, options.command_line, options.replications);
  if (options.precision > 0.0 && plan.replications > options.max_replications)
    plan = plan_compare(scenario, options.command_line, options.max_replications);
  return plan;
}

Comparison run_compare(const Scenario& scenario, const CompareOptions& options) {
  RunPlan plan = plan_first_batch(scenario, options);
  KeepRuns keep;
  Comparison c = execute_compare(plan, {&keep}, options);
  c.runs = std::move(keep.runs);
  std::stable_sort(c.runs.begin(), c.runs.end(), [](const RunResult& x, const RunResult& y) {
    return x.variant != y.variant ? x.variant < y.variant : x.replication < y.replication;
  });
  return c;
}

}  // namespace journeysim
