#include "journeysim/experiment/sensitivity.h"

#include <algorithm>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/sobol.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <limits>
#include <numeric>

namespace journeysim {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The 2.5% and 97.5% points of sorted values (linear interpolation).
double percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return kNaN;
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(at));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (at - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

// Indices from the rows `rows` (a bootstrap resample, or every row).
void estimate(const std::vector<double>& y, std::size_t d, const std::vector<std::size_t>& rows,
              std::vector<double>& first, std::vector<double>& total) {
  const std::size_t stride = d + 2;
  double sum = 0.0, squares = 0.0;
  for (std::size_t i : rows) {
    for (double v : {y[i * stride], y[i * stride + d + 1]}) {
      sum += v;
      squares += v * v;
    }
  }
  const double m = 2.0 * static_cast<double>(rows.size());
  const double mean = sum / m;
  const double variance = (squares - m * mean * mean) / (m - 1.0);
  for (std::size_t j = 0; j < d; ++j) {
    double s = 0.0, t = 0.0;
    for (std::size_t i : rows) {
      const double a = y[i * stride], ab = y[i * stride + 1 + j], b = y[i * stride + d + 1];
      // f(B) centred: the same expectation (f(AB^j) - f(A) has mean 0), a
      // far smaller variance when the output's mean is large against its spread.
      s += (b - mean) * (ab - a);
      t += (a - ab) * (a - ab);
    }
    const double n = static_cast<double>(rows.size());
    first[j] = variance > 0.0 ? s / n / variance : kNaN;
    total[j] = variance > 0.0 ? t / n / (2.0 * variance) : kNaN;
  }
}

}  // namespace

std::vector<std::vector<double>> saltelli_points(std::size_t n, std::size_t d) {
  boost::random::sobol sequence(2 * d);
  // Points n to 2n - 1 of the sequence (the all-zero point is point 0): for
  // n a power of two, a net in their own right, each coordinate in each of
  // n equal intervals once (Owen 2020; SALib skips a power of two too).
  // Boost starts at point 1, (0.5, ..., 0.5) in every dimension: there A
  // and B are the same point, every run of the row is the same run, and the
  // row adds nothing to the estimators' sums but counts in their n, which
  // biased every index down by a factor (n - 1) / n.
  sequence.discard(static_cast<std::uintmax_t>(n - 1) * 2 * d);
  std::vector<std::vector<double>> points;
  points.reserve(n * (d + 2));
  std::vector<double> row(2 * d);
  for (std::size_t i = 0; i < n; ++i) {
    for (auto& x : row) x = std::ldexp(static_cast<double>(sequence()), -64);
    const std::vector<double> a(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(d));
    const std::vector<double> b(row.begin() + static_cast<std::ptrdiff_t>(d), row.end());
    points.push_back(a);
    for (std::size_t j = 0; j < d; ++j) {
      std::vector<double> ab = a;
      ab[j] = b[j];
      points.push_back(std::move(ab));
    }
    points.push_back(b);
  }
  return points;
}

std::vector<SobolIndex> sobol_indices(const std::vector<double>& y, std::size_t n, std::size_t d,
                                      std::uint64_t seed, std::size_t resamples) {
  std::vector<SobolIndex> out(d);
  if (n == 0 || y.size() != n * (d + 2)) return out;
  std::vector<std::size_t> all(n);
  std::iota(all.begin(), all.end(), std::size_t{0});
  std::vector<double> first(d), total(d);
  estimate(y, d, all, first, total);
  std::vector<std::vector<double>> boot_first(d), boot_total(d);
  boost::random::mt19937_64 rng(seed);
  boost::random::uniform_int_distribution<std::size_t> pick(0, n - 1);
  std::vector<std::size_t> rows(n);
  std::vector<double> f(d), t(d);
  for (std::size_t b = 0; b < resamples; ++b) {
    for (auto& r : rows) r = pick(rng);
    estimate(y, d, rows, f, t);
    for (std::size_t j = 0; j < d; ++j) {
      boot_first[j].push_back(f[j]);
      boot_total[j].push_back(t[j]);
    }
  }
  for (std::size_t j = 0; j < d; ++j) {
    auto interval = [](std::vector<double>& v, double& low, double& high) {
      if (std::any_of(v.begin(), v.end(), [](double x) { return std::isnan(x); })) {
        low = high = kNaN;
        return;
      }
      std::sort(v.begin(), v.end());
      low = percentile(v, 0.025);
      high = percentile(v, 0.975);
    };
    out[j].first = first[j];
    out[j].total = total[j];
    interval(boot_first[j], out[j].first_low, out[j].first_high);
    interval(boot_total[j], out[j].total_low, out[j].total_high);
  }
  return out;
}

MorrisDesign morris_points(std::size_t trajectories, std::size_t d, std::size_t levels, std::uint64_t seed) {
  MorrisDesign design;
  const double step = 1.0 / static_cast<double>(levels - 1);
  design.delta = static_cast<double>(levels) / (2.0 * static_cast<double>(levels - 1));
  boost::random::mt19937_64 rng(seed);
  boost::random::uniform_int_distribution<std::size_t> level(0, levels - 1);
  for (std::size_t r = 0; r < trajectories; ++r) {
    std::vector<double> x(d);
    for (auto& v : x) v = static_cast<double>(level(rng)) * step;
    std::vector<std::size_t> order(d);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = d; i-- > 1;) {
      boost::random::uniform_int_distribution<std::size_t> pick(0, i);
      std::swap(order[i], order[pick(rng)]);
    }
    design.points.push_back(x);
    for (std::size_t j : order) {
      x[j] += x[j] + design.delta <= 1.0 + 1e-12 ? design.delta : -design.delta;
      design.points.push_back(x);
      design.moved.push_back(j);
    }
  }
  return design;
}

std::vector<MorrisEffect> morris_effects(const std::vector<double>& y, const MorrisDesign& design,
                                         std::size_t d) {
  std::vector<std::vector<double>> effects(d);
  const std::size_t trajectories = d ? design.moved.size() / d : 0;
  for (std::size_t r = 0; r < trajectories; ++r) {
    const std::size_t base = r * (d + 1);
    for (std::size_t k = 0; k < d; ++k) {
      const std::size_t j = design.moved[r * d + k];
      const double step = design.points[base + k + 1][j] - design.points[base + k][j];
      effects[j].push_back((y[base + k + 1] - y[base + k]) / step);
    }
  }
  std::vector<MorrisEffect> out(d);
  for (std::size_t j = 0; j < d; ++j) {
    const auto& e = effects[j];
    if (e.empty()) continue;
    double sum = 0.0, abs = 0.0;
    for (double v : e) {
      sum += v;
      abs += std::fabs(v);
    }
    const double n = static_cast<double>(e.size());
    out[j].mu = sum / n;
    out[j].mu_star = abs / n;
    double squares = 0.0;
    for (double v : e) squares += (v - out[j].mu) * (v - out[j].mu);
    out[j].sigma = e.size() > 1 ? std::sqrt(squares / (n - 1.0)) : kNaN;
  }
  return out;
}

}  // namespace journeysim
