#include "journeysim/experiment/statistics.h"

#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace journeysim {

double student_t_quantile(double level, int degrees_of_freedom) {
  const boost::math::students_t t(static_cast<double>(degrees_of_freedom));
  return boost::math::quantile(t, 0.5 + 0.5 * level);
}

Interval mean_interval(const std::vector<double>& values, double level) {
  Interval out;
  double sum = 0.0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++out.n;
  }
  if (out.n == 0) {
    out.mean = out.low = out.high = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  out.mean = sum / out.n;
  if (out.n < 2) {
    // One value has no spread to estimate: no interval, rather than one of width 0.
    out.low = out.high = out.sd = std::numeric_limits<double>::quiet_NaN();
    return out;
  }
  double squares = 0.0;
  for (double v : values) {
    if (!std::isnan(v)) squares += (v - out.mean) * (v - out.mean);
  }
  out.sd = std::sqrt(squares / (out.n - 1));
  const double half = student_t_quantile(level, out.n - 1) * out.sd / std::sqrt(static_cast<double>(out.n));
  out.low = out.mean - half;
  out.high = out.mean + half;
  return out;
}

Interval paired_interval(const std::vector<double>& a, const std::vector<double>& b, double level) {
  std::vector<double> d;
  d.reserve(a.size());
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) d.push_back(a[i] - b[i]);
  return mean_interval(d, level);
}

}  // namespace journeysim
