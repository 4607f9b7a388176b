#pragma once
// Drawing delays and counts with Boost.Random distributions, whose results,
// unlike the standard library's, are the same on every platform.
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <cmath>

#include "journeysim/scenario/delay.h"
#include "journeysim/sim/rng.h"

namespace journeysim {

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
      return boost::random::gamma_distribution<double>(d.p1, d.p2 / d.p1)(rng);
  }
  return d.p1;
}

inline std::uint32_t sample_poisson(double mean, Stream& rng) {
  if (mean <= 0.0) return 0;
  return static_cast<std::uint32_t>(boost::random::poisson_distribution<std::uint32_t, double>(mean)(rng));
}

}  // namespace journeysim
