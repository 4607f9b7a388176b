#pragma once
// Drawing delays and counts with Boost.Random distributions, whose results,
// unlike the standard library's, are the same on every platform (gamma:
// Marsaglia and Tsang's method on Boost's normal, sample_gamma).
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

#include "journeysim/scenario/delay.h"
#include "journeysim/sim/rng.h"

namespace journeysim {

// A gamma draw by Marsaglia and Tsang's method (ACM TOMS 26(3), 2000), on
// Boost's ziggurat normal and a uniform word: one normal and one uniform
// nearly always (the squeeze accepts all but about 2-5% without a log).
// Boost's gamma_distribution draws a Cauchy variate by tan() and tests it
// with exp() and log(), about 1.5 times a draw: a sixth of the retail
// example's run. The same method as numpy's and libstdc++'s, but on the
// stream's own draws, so the same on every platform. Shape below 1 uses
// Gamma(a) = Gamma(a + 1) x U^(1/a), from the paper too.
inline double sample_gamma(double shape, double scale, Stream& rng) {
  const double a = shape < 1.0 ? shape + 1.0 : shape;
  const double d = a - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  double draw;
  for (;;) {
    const double x = boost::random::normal_distribution<double>()(rng);
    double v = 1.0 + c * x;
    if (v <= 0.0) continue;
    v = v * v * v;
    const double u = rng.uniform(), x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2 || std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) {
      draw = d * v;
      break;
    }
  }
  if (shape < 1.0) draw *= std::pow(rng.uniform(), 1.0 / shape);
  return draw * scale;
}

inline double sample_delay(const Delay& d, Stream& rng) {
  switch (d.kind) {
    case DelayKind::Fixed:
      return d.p1;
    case DelayKind::Exponential:
      return boost::random::exponential_distribution<double>(1.0 / d.p1)(rng);
    case DelayKind::Uniform:
      return d.p1 == d.p2 ? d.p1 : boost::random::uniform_real_distribution<double>(d.p1, d.p2)(rng);
    case DelayKind::Lognormal:
      // Boost takes the underlying normal's mean and sigma; the median is exp(mean).
      return d.p2 == 0.0 ? d.p1 : boost::random::lognormal_distribution<double>(std::log(d.p1), d.p2)(rng);
    case DelayKind::Gamma:
      return sample_gamma(d.p1, d.p2 / d.p1, rng);
  }
  return d.p1;
}

// A count of referrals (Poisson), built once for its mean.
using ReferralCount = boost::random::poisson_distribution<std::uint32_t, double>;

inline std::uint32_t sample_poisson(double mean, Stream& rng) {
  if (mean <= 0.0) return 0;
  return ReferralCount(mean)(rng);
}

}  // namespace journeysim
