// A replication of more than 65,536 independent customers (src/sim/blocks.h)
// is counted in blocks, on as many threads as it is given. On the
// per-customer heap path (a campaign without a budget) the result must not
// depend on the thread count, and the blocks must still live exactly the
// journeys of the global order. The journey-loop path has the same tests in
// solo_test.cpp.
#include <catch2/catch.hpp>

#include <algorithm>

#include "journeysim/sim/engine.h"
#include "same_journeys.h"
#include "support.h"

using namespace journeysim;

namespace {

// The benchmark journey with a win-back campaign and no `max_sends`:
// customers stay independent, but a campaign keeps them off the journey loop.
Model journey_with_campaign(long customers) {
  return jst::model_from(jst::bench_journey(customers, R"(
[[campaigns]]
id = "winback"
trigger = "abandon"
stage = "s2"
channel = "mobile"
via = "web"
delay = { dist = "exponential", mean = 2.0 }
reach = 0.6
cost_per_send = 0.02
win_back = 0.35
)"));
}

}  // namespace

TEST_CASE("one replication on the per-customer heap is the same on 1 2 3 and 7 threads",
          "[engine][blocks][reproducible]") {
  const auto big = journey_with_campaign(300000);
  REQUIRE(customers_independent(big));
  REQUIRE(big.customers > 4 * (1u << 16));  // four blocks and a part one
  const auto one = simulate(big, 2, static_cast<EventSink*>(nullptr), Ordering::Auto, nullptr, 1);
  CHECK(one.totals.customers == 300'000);
  CHECK(one.totals.campaign_wins > 1000);  // the campaign does act
  for (unsigned threads : {2u, 3u, 7u}) {
    INFO(threads << " threads");
    CHECK(simulate(big, 2, static_cast<EventSink*>(nullptr), Ordering::Auto, nullptr, threads) == one);
  }
}

TEST_CASE("the event log of one replication on the per-customer heap is the same on 1 2 3 and 7 threads",
          "[engine][blocks][events][reproducible]") {
  const auto one = jst::check_log_same_on_threads(journey_with_campaign(300000), 2);
  CHECK(one.events.size() > 1'000'000);
  CHECK(jst::by_customer(one.events));
}

TEST_CASE(
    "a replication on the per-customer heap run in blocks lives exactly the journeys of the global order",
    "[engine][ordering][blocks]") {
  const auto model = journey_with_campaign(100000);  // a block and a part one
  const auto blocks = simulate(model, 1, static_cast<EventSink*>(nullptr), Ordering::Auto, nullptr, 2);
  const auto global = simulate(model, 1, static_cast<EventSink*>(nullptr), Ordering::Global);
  REQUIRE(blocks.totals.campaign_sends > 0);
  // Costs and values are added per block, then the blocks: 1e-10 of rounding.
  jst::check_same_journeys(blocks, global, 1e-10);
}
