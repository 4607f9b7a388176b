#pragma once
// Where and when self-arrival i starts, from its own Arrival stream: the
// journey loop, the event-driven engine and the budget's arrival windows
// (budget.cpp) must agree on it to the bit, so it is drawn here once.
#include <cstdint>

#include <boost/random/uniform_real_distribution.hpp>

#include "journeysim/model/model.h"
#include "journeysim/sim/rng.h"
#include "ledger.h"

namespace journeysim::detail {

struct SelfArrival {
  int segment;
  double time;
};

JS_INLINE SelfArrival self_arrival(const Model& m, std::uint32_t replication, std::uint32_t i) {
  Stream rng(m.seed, replication, i, Substream::Arrival);
  const int segment = static_cast<int>(pick(m.segment_cdf.data(), m.segment_cdf.size(), rng.uniform()));
  const double time =
      m.arrive_at_start ? 0.0 : boost::random::uniform_real_distribution<double>(0.0, m.window)(rng);
  return {segment, time};
}

}  // namespace journeysim::detail
