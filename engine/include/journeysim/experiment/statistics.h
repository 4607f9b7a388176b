#pragma once
// Confidence intervals over replications: the mean of independent runs and
// the mean of paired differences (variant minus baseline on the same random
// numbers), both with Student t intervals.
#include <vector>

namespace journeysim {

// The two-sided quantile: t such that P(|T_df| <= t) = level.
double student_t_quantile(double level, int degrees_of_freedom);

struct Interval {
  double mean = 0.0;
  double low = 0.0;  // NaN with fewer than two values: no spread to estimate
  double high = 0.0;
  double sd = 0.0;  // sample standard deviation (NaN likewise)
  int n = 0;
  double half_width() const { return high - mean; }
  bool excludes_zero() const { return n > 1 && (low > 0.0 || high < 0.0); }
};

// Mean and `level` Student t interval of the finite values (NaN entries,
// e.g. days to convert in a run without conversions, are left out).
Interval mean_interval(const std::vector<double>& values, double level = 0.95);

// The interval of the per-replication differences a[i] - b[i].
Interval paired_interval(const std::vector<double>& a, const std::vector<double>& b, double level = 0.95);

}  // namespace journeysim
