#pragma once
// The one list of headline metrics. Each is defined here once: its name (the
// /runs column and the /compare metric), unit, meaning, how a run's value
// follows from the run's counts, and how values aggregate over replications.
// /runs, /compare, the console summary and the report all read this list.
//
// Ratios (conversion_rate, mean_days_to_convert, drop_off.<stage>) are NaN
// when their denominator is 0: there is nothing to take a rate of. The
// console prints NaN as "-". Every metric aggregates over replications the
// same way: the mean of the replications' values, skipping NaN (NaN when all
// are NaN); compare adds a Student-t 95% interval around that mean.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "journeysim/sim/run_result.h"

namespace journeysim {

enum class MetricKind : std::uint8_t {
  Count,  // a whole number of customers, touches or messages (int64 in /runs)
  Money,  // currency (double)
  Ratio,  // a fraction, NaN on a zero denominator (double)
  Days,   // days (double), NaN when undefined
};

struct Metric {
  std::string_view name;
  std::string_view label;  // for people: a chart's axis, a tile, a table's header
  std::string_view unit;
  std::string_view meaning;
  MetricKind kind;
  // A count's value is this field of the totals; the others derive.
  std::int64_t RunTotals::*count = nullptr;
  double (*derive)(const RunTotals&) = nullptr;

  double value(const RunTotals& t) const;
  bool integral() const { return count != nullptr; }
};

// Every headline metric, in the column order of /runs.
const std::vector<Metric>& headline_metrics();
// The metric named `name`; throws std::out_of_range for an unknown name.
const Metric& metric(std::string_view name);
// Its position in headline_metrics() (a /runs column, a per-metric vector's slot).
std::size_t metric_index(std::string_view name);

// a / b, NaN when b is 0: the one definition of a ratio for every metric.
double ratio(double numerator, double denominator);

// Per-stage metrics: drop_off.<stage> = lost at the stage / reached it.
double drop_off(const RunResult& r, std::size_t stage);
inline constexpr std::string_view kDropOffMeaning =
    "customers lost at the stage (abandon or leave) / customers who reached it";

// Aggregation over replications: the mean of the values that are not NaN.
// Accumulate one value at a time so callers need not keep them.
struct MeanOver {
  double sum = 0.0;
  std::int64_t n = 0;
  void add(double v) {
    if (v == v) {  // not NaN
      sum += v;
      ++n;
    }
  }
  double mean() const;
};

}  // namespace journeysim
