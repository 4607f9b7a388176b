// One campaign's send budget settled without the global queue
// (src/sim/budget.h): every customer alone with no budget, then those with
// a trigger past the last paid one again. It must live exactly the
// journeys of the global queue, with the budget binding or not, with
// triggers tied in time around the last send, and give the same result on
// any number of threads.
#include <catch2/catch.hpp>

#include "journeysim/sim/engine.h"
#include "same_journeys.h"
#include "support.h"

using namespace journeysim;

namespace {

// The benchmark journey with two campaigns on the same abandonments, so a
// refused send (which draws no delay) shifts the other's draws: a budgeted
// win-back, and an unbudgeted survey after it in file order that wins back
// too (its delay decides when). A friction
// campaign can fire many times for one customer.
Model journey_with_budget(long customers, long max_sends) {
  return jst::model_from(jst::bench_journey(customers, R"(
[[campaigns]]
id = "winback"
trigger = "abandon"
via = "web"
delay = { dist = "exponential", mean = 2.0 }
reach = 0.6
cost_per_send = 0.02
win_back = 0.35
max_sends = )" + std::to_string(max_sends) +
                                                           R"(
[[campaigns]]
id = "survey"
trigger = "abandon"
via = "web"
delay = { dist = "exponential", mean = 1.0 }
reach = 0.5
cost_per_send = 0.01
win_back = 0.3
[[campaigns]]
id = "nudge"
trigger = "friction"
via = "web"
reach = 0.5
cost_per_send = 0.01
advance_multiplier = 1.5
)"));
}

RunResult run(const Model& model, Ordering ordering, unsigned threads = 1) {
  return simulate(model, 1, static_cast<EventSink*>(nullptr), ordering, nullptr, threads);
}

// Every customer arrives at 0 and every delay is fixed, so abandonments
// come in large groups at the same time: the last paid send falls inside
// one, between customers and between one customer's triggers.
const char* kTies = R"(
schema = 1
[scenario]
name = "ties"
horizon_days = 20.0
[population]
customers = 2000
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "a"
[[touchpoints]]
stage = "a"
channel = "web"
friction = 0.6
abandon = 0.5
advance = 0.3
retry_delay = { dist = "fixed", value = 1.0 }
delay = { dist = "fixed", value = 1.0 }
[[campaigns]]
id = "wb"
trigger = "abandon"
via = "web"
reach = 0.8
win_back = 0.9
max_sends = 777
[[campaigns]]
id = "again"
trigger = "friction"
via = "web"
delay = { dist = "fixed", value = 0.5 }
reach = 0.5
friction_multiplier = 0.5
)";

}  // namespace

TEST_CASE("a send budget settled one customer at a time lives exactly the journeys of the global order",
          "[engine][ordering][budget]") {
  for (long max_sends : {1L, 40L, 900L, 100000000L}) {
    INFO("max_sends " << max_sends);
    const auto model = journey_with_budget(20000, max_sends);
    REQUIRE(!uses_global_queue(model, Ordering::Auto));
    const auto settled = run(model, Ordering::Auto);
    const auto global = run(model, Ordering::Global);
    CHECK(settled.campaign_sends[0] == std::min<long>(max_sends, global.campaign_sends[0]));
    jst::check_same_journeys(settled, global, 1e-12);
  }
}

TEST_CASE("a send budget settled with an event log logs exactly the events of the global order",
          "[engine][ordering][budget]") {
  const auto model = journey_with_budget(5000, 60);
  auto settled = simulate(model, 1, true);  // sorted into the global order
  const auto global = simulate(model, 1, true, Ordering::Global);
  REQUIRE(global.campaign_sends[0] == 60);
  jst::check_same_journeys(settled, global, 1e-12);
}

TEST_CASE("two triggers at the same time compete for the last send as in the global order",
          "[engine][ordering][budget]") {
  const auto model = jst::model_from(kTies);
  REQUIRE(!uses_global_queue(model, Ordering::Auto));
  const auto settled = run(model, Ordering::Auto);
  const auto global = run(model, Ordering::Global);
  REQUIRE(global.campaign_sends[0] == 777);  // the budget binds
  jst::check_same_journeys(settled, global, 1e-12);
  CHECK(settled.campaign_wins == global.campaign_wins);
}

TEST_CASE("one replication with a send budget is the same on 1 2 3 and 7 threads",
          "[engine][budget][reproducible]") {
  const auto model = journey_with_budget(300000, 5000);
  const auto one = run(model, Ordering::Auto, 1);
  CHECK(one.campaign_sends[0] == 5000);
  for (unsigned threads : {2u, 3u, 7u}) {
    INFO(threads << " threads");
    CHECK(run(model, Ordering::Auto, threads) == one);
  }
}

TEST_CASE("the event log of one replication with a send budget is the same on 1 2 3 and 7 threads",
          "[engine][budget][events][reproducible]") {
  const auto model = journey_with_budget(300000, 5000);
  const auto one = jst::simulate_logged(model, 1, 1);
  REQUIRE(one.campaign_sends[0] == 5000);
  for (unsigned threads : {2u, 3u, 7u}) {
    INFO(threads << " threads");
    CHECK(jst::simulate_logged(model, 1, threads) == one);
  }
}

TEST_CASE("several budgets go to the global queue", "[engine][budget]") {
  const std::string two = jst::bench_journey(1000, R"(
[[campaigns]]
id = "a"
trigger = "abandon"
via = "web"
max_sends = 5
[[campaigns]]
id = "b"
trigger = "leave"
via = "web"
max_sends = 5
)");
  CHECK(uses_global_queue(jst::model_from(two), Ordering::Auto));
}
