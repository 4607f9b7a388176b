#pragma once
// Two runs of one replication in different event orders must live the same
// journeys: every count, occupancy row, logged event and sum of money equal
// (money is computed from counts); days to convert, a sum in another order,
// equal but for rounding.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "journeysim/sim/run_result.h"
#include "support.h"

namespace jst {

// Days to convert are sums in different orders on the two paths: equal
// within `epsilon` (relative), which grows with the number of terms.
inline void check_same_journeys(const journeysim::RunResult& a, const journeysim::RunResult& b,
                                double epsilon = 1e-12) {
  CHECK(a.totals.customers == b.totals.customers);
  CHECK(a.totals.converted == b.totals.converted);
  CHECK(a.totals.completed == b.totals.completed);
  CHECK(a.totals.lost == b.totals.lost);
  CHECK(a.totals.in_progress == b.totals.in_progress);
  CHECK(a.totals.touchpoints == b.totals.touchpoints);
  CHECK(a.totals.frictions == b.totals.frictions);
  CHECK(a.totals.promoters == b.totals.promoters);
  CHECK(a.totals.detractors == b.totals.detractors);
  CHECK(a.totals.campaign_sends == b.totals.campaign_sends);
  CHECK(a.totals.campaign_wins == b.totals.campaign_wins);
  CHECK(a.reached == b.reached);
  CHECK(a.lost == b.lost);
  CHECK(a.in_progress == b.in_progress);
  CHECK(a.touch_count == b.touch_count);
  CHECK(a.touch_friction == b.touch_friction);
  CHECK(a.touch_abandon == b.touch_abandon);
  CHECK(a.touch_leave == b.touch_leave);
  CHECK(a.touch_advance == b.touch_advance);
  CHECK(a.flows == b.flows);
  CHECK(a.occupancy == b.occupancy);
  CHECK(a.convert_days == b.convert_days);
  CHECK(a.campaign_sends == b.campaign_sends);
  CHECK(a.campaign_reached == b.campaign_reached);
  CHECK(a.campaign_wins == b.campaign_wins);
  REQUIRE(a.events.size() == b.events.size());
  std::size_t first_difference = a.events.size();
  for (std::size_t i = 0; i < a.events.size() && first_difference == a.events.size(); ++i) {
    const auto &x = a.events[i], &y = b.events[i];
    if (!(x.customer == y.customer && x.time == y.time && x.kind == y.kind && x.stage == y.stage &&
          x.channel == y.channel))
      first_difference = i;
  }
  CHECK(first_difference == a.events.size());
  CHECK(a.totals.revenue == b.totals.revenue);
  CHECK(a.totals.cost == b.totals.cost);
  CHECK(a.touch_revenue == b.touch_revenue);
  CHECK(a.channel_cost == b.channel_cost);
  for (std::size_t g = 0; g < a.by_segment.totals.size() && g < b.by_segment.totals.size(); ++g) {
    CHECK(a.by_segment.totals[g].revenue == b.by_segment.totals[g].revenue);
    CHECK(a.by_segment.totals[g].cost == b.by_segment.totals[g].cost);
  }
  CHECK(a.by_segment.touch_revenue == b.by_segment.touch_revenue);
  CHECK(a.totals.days_to_convert == Approx(b.totals.days_to_convert).epsilon(epsilon));
}

// Replication `r` of `model` with its --events log on 2, 3 and 7 threads is
// the same, log included, as on 1 thread, which is returned.
inline journeysim::RunResult check_log_same_on_threads(const journeysim::Model& model, std::uint32_t r) {
  auto one = simulate_logged(model, r, 1);
  for (unsigned threads : {2u, 3u, 7u}) {
    INFO(threads << " threads");
    CHECK(simulate_logged(model, r, threads) == one);
  }
  return one;
}

// Customer by customer: the log of customers who never meet, in blocks.
inline bool by_customer(const std::vector<journeysim::EventRecord>& events) {
  return std::is_sorted(events.begin(), events.end(),
                        [](const auto& a, const auto& b) { return a.customer < b.customer; });
}

}  // namespace jst
