// Without campaigns or referrals, Auto runs each journey as one loop of
// touches (src/sim/solo.cpp) instead of events. It must live exactly the
// journeys of the event-driven global order, on a scenario that uses every
// part of a touch: segments with and without satisfaction sensitivity,
// friction with retries, stays, a loop back, conversion, values and costs,
// every delay distribution, arrivals over a window and a horizon that cuts
// journeys short.
#include <catch2/catch.hpp>

#include <algorithm>

#include "journeysim/sim/engine.h"
#include "same_journeys.h"
#include "support.h"

using namespace journeysim;

namespace {

const char* kEverything = R"(
schema = 1
[scenario]
name = "everything"
horizon_days = 40.0
seed = 5
[population]
customers = 20000
arrival = { pattern = "uniform", window_days = 20.0 }
[[segments]]
id = "calm"
share = 0.5
channels = { web = 1.0, store = 1.0, phone = 0.5 }
[[segments]]
id = "touchy"
share = 0.3
channels = { web = 2.0, phone = 1.0 }
friction_sensitivity = 1.4
initial_satisfaction = 0.2
satisfaction_sensitivity = 0.9
[[segments]]
id = "late"
share = 0.2
channels = { store = 1.0 }
entry_stage = "consider"
satisfaction_sensitivity = 0.5
[[channels]]
id = "web"
cost_per_touch = 0.1
[[channels]]
id = "store"
cost_per_touch = 3.0
[[channels]]
id = "phone"
cost_per_touch = 1.5
[[stages]]
id = "aware"
delay = { dist = "uniform", min = 0.5, max = 2.0 }
[[stages]]
id = "consider"
delay = { dist = "lognormal", median = 1.0, sigma = 0.6 }
[[stages]]
id = "buy"
conversion = true
delay = { dist = "gamma", shape = 2.0, mean = 1.5 }
[[stages]]
id = "stay"
next = "buy"
delay = { dist = "fixed", value = 7.0 }
[[touchpoints]]
stage = "aware"
channel = "web"
friction = 0.1
abandon = 0.3
advance = 0.5
leave = 0.2
satisfaction = { success = 0.1, friction = -0.4 }
[[touchpoints]]
stage = "aware"
channel = "store"
advance = 0.7
leave = 0.1
[[touchpoints]]
stage = "aware"
channel = "phone"
friction = 0.3
advance = 0.4
leave = 0.3
retry_delay = { dist = "exponential", mean = 0.3 }
[[touchpoints]]
stage = "consider"
channel = "web"
friction = 0.2
abandon = 0.4
advance = 0.5
leave = 0.3
satisfaction = { success = 0.2, friction = -0.5 }
[[touchpoints]]
stage = "consider"
channel = "store"
friction = 0.05
abandon = 0.2
advance = 0.6
leave = 0.2
value = 5.0
[[touchpoints]]
stage = "consider"
channel = "phone"
advance = 0.3
leave = 0.4
[[touchpoints]]
stage = "buy"
channel = "web"
friction = 0.4
abandon = 0.6
advance = 0.8
leave = 0.1
value = 30.0
retry_delay = { dist = "fixed", value = 0.5 }
satisfaction = { success = 0.3, friction = -0.6 }
[[touchpoints]]
stage = "buy"
channel = "store"
friction = 0.1
abandon = 0.5
advance = 0.9
value = 45.0
[[touchpoints]]
stage = "buy"
channel = "phone"
friction = 0.2
abandon = 0.5
advance = 0.7
leave = 0.2
value = 25.0
[[touchpoints]]
stage = "stay"
channel = "web"
advance = 0.6
leave = 0.3
value = 10.0
[[touchpoints]]
stage = "stay"
channel = "store"
friction = 0.2
abandon = 0.3
advance = 0.5
leave = 0.2
value = 12.0
[[touchpoints]]
stage = "stay"
channel = "phone"
advance = 0.4
leave = 0.5
value = 8.0
)";

}  // namespace

TEST_CASE("a journey run as one loop of touches lives exactly the journeys of the global order",
          "[engine][ordering][solo]") {
  const auto model = jst::model_from(kEverything);
  REQUIRE(customers_independent(model));
  const auto solo = simulate(model, 3, true, Ordering::Auto);
  const auto global = simulate(model, 3, true, Ordering::Global);
  // The scenario reaches every path it is meant to test.
  REQUIRE(solo.totals.converted > 0);
  REQUIRE(solo.totals.in_progress > 0);
  REQUIRE(solo.totals.completed == 0);  // the loop never ends but by leaving or the horizon
  REQUIRE(solo.totals.frictions > 0);
  REQUIRE(solo.flows[3 * 6 + 2] > 0);  // stay -> buy, round the loop
  REQUIRE(solo.totals.promoters > 0);
  REQUIRE(solo.totals.detractors > 0);

  jst::check_same_journeys(solo, global);
}

TEST_CASE("the journey loop stops a customer that retries with no delay, naming the stage",
          "[engine][solo]") {
  // Retries a picosecond apart never reach the horizon: the same error as
  // the event-driven order, not a hang.
  const auto model = jst::model_from(R"(
schema = 1
[scenario]
name = "stuck"
horizon_days = 10.0
[population]
customers = 1
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "only"
[[touchpoints]]
stage = "only"
channel = "web"
friction = 1.0
abandon = 0.0
retry_delay = { dist = "uniform", min = 0.0, max = 1e-12 }
)");
  CHECK_THROWS_WITH(simulate(model, 0),
                    Catch::Contains("stage `only`") && Catch::Contains("4,194,304 events"));
  CHECK_THROWS_WITH(simulate(model, 0, false, Ordering::Global), Catch::Contains("stage `only`"));
}

TEST_CASE("a runaway customer is blamed on what repeats: a win-back campaign or the horizon",
          "[engine][solo]") {
  std::string toml = R"(
schema = 1
[scenario]
name = "wb"
horizon_days = 30.0
[population]
customers = 1
arrival = { pattern = "at_start" }
[[segments]]
id = "a"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[channels]]
id = "mail"
[[stages]]
id = "s1"
[[touchpoints]]
stage = "s1"
channel = "web"
friction = 1.0
abandon = 1.0
retry_delay = { dist = "fixed", value = 1.0 }
[[campaigns]]
id = "later"
trigger = "leave"
via = "mail"
win_back = 1.0
delay = { dist = "exponential", mean = 1.0 }
[[campaigns]]
id = "comeback"
trigger = "abandon"
via = "mail"
win_back = 1.0
)";
  // Abandoned and won back at once, again and again, on day 0. (Every
  // ordering reports through the same function: one is enough, at 4 M
  // events.) A win-back a day later cannot repeat that often: not a suspect.
  CHECK_THROWS_WITH(simulate(jst::model_from(toml), 0),
                    Catch::Contains("by day 0 at stage `s1`") &&
                        Catch::Contains("a campaign that wins customers back (`comeback`);"));
  // A day between win-backs: the horizon, not a delay, holds 4 M events.
  toml += "delay = { dist = \"fixed\", value = 1.0 }\n";
  toml.replace(toml.find("horizon_days = 30.0"), 19, "horizon_days = 1e9");
  CHECK_THROWS_WITH(simulate(jst::model_from(toml), 0),
                    Catch::Contains("by day 4194304 at stage") &&
                        Catch::Contains("(events 1 day apart on average): the horizon of 1000000000 days") &&
                        Catch::Contains("shorten horizon_days"));
}

TEST_CASE("a long horizon keeps every step-th row of the daily occupancy", "[engine][occupancy]") {
  // 9,000 days: past kMaxOccupancyRows, so a row per 3 days (ceil(9000 / 4000)).
  const std::string toml = R"(
schema = 1
[scenario]
name = "long"
horizon_days = 9000.0
seed = 4
[population]
customers = 3000
arrival = { pattern = "uniform", window_days = 8000.0 }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "a"
[[stages]]
id = "b"
[[touchpoints]]
stage = "a"
channel = "web"
advance = 0.3
leave = 0.1
delay = { dist = "exponential", mean = 20.0 }
[[touchpoints]]
stage = "b"
channel = "web"
advance = 0.0
leave = 0.05
delay = { dist = "exponential", mean = 30.0 }
)";
  const Model coarse = jst::model_from(toml);
  REQUIRE(coarse.occupancy_step == 3);
  REQUIRE(coarse.occupancy_rows == 3000);
  Model daily = coarse;  // the same runs, counted every day
  daily.occupancy_step = 1;
  daily.occupancy_rows = 9000;
  for (Ordering ordering : {Ordering::Auto, Ordering::Global}) {
    const auto c = simulate(coarse, 0, false, ordering), d = simulate(daily, 0, false, ordering);
    REQUIRE(c.days == 3000);
    REQUIRE(c.occupancy_step == 3);
    REQUIRE(d.days == 9000);
    std::size_t differ = 0, changes = 0;
    for (std::size_t row = 0; row < 3000; ++row) {
      for (std::size_t s = 0; s < 2; ++s) {
        differ += c.occupancy[row * 2 + s] != d.occupancy[(3 * row + 2) * 2 + s];
        changes += row > 0 && c.occupancy[row * 2 + s] != c.occupancy[(row - 1) * 2 + s];
      }
    }
    CHECK(differ == 0);
    CHECK(changes > 1000);                // the table moves, so a misplaced row would show
    CHECK(c.by_segment == d.by_segment);  // only the table changes
  }
}

// A replication of more than kBlock customers is run in blocks, on as
// many threads as it is given: the same result on any number of them
// (300,000 customers: four blocks and a part one), and still exactly the
// journeys of the global order (100,000 customers: a block and a part one).
TEST_CASE("one replication split into blocks is the same on 1 2 3 and 7 threads",
          "[engine][solo][reproducible]") {
  std::string toml = jst::read_text(jst::source_path("tools/bench/journey.toml"));
  toml.replace(toml.find("customers = 2000000"), 19, "customers = 300000");
  const auto big = jst::model_from(toml);
  REQUIRE(big.customers > 4 * (1u << 16));  // past four blocks of src/sim/blocks.h's kBlock
  const auto one = simulate(big, 2, static_cast<EventSink*>(nullptr), Ordering::Auto, nullptr, 1);
  CHECK(one.totals.customers == 300'000);
  for (unsigned threads : {2u, 3u, 7u}) {
    INFO(threads << " threads");
    CHECK(simulate(big, 2, static_cast<EventSink*>(nullptr), Ordering::Auto, nullptr, threads) == one);
  }
}

// With --events the blocks run on every thread too, and hand their records
// over in block order: the log the file gets is the same, customer by
// customer, on any number of threads.
TEST_CASE("the event log of one replication split into blocks is the same on 1 2 3 and 7 threads",
          "[engine][solo][events][reproducible]") {
  std::string toml = jst::read_text(jst::source_path("tools/bench/journey.toml"));
  toml.replace(toml.find("customers = 2000000"), 19, "customers = 300000");
  const auto one = jst::check_log_same_on_threads(jst::model_from(toml), 2);
  CHECK(one.events.size() > 1'000'000);
  CHECK(jst::by_customer(one.events));
}

TEST_CASE("a replication run in blocks lives exactly the journeys of the global order",
          "[engine][ordering][solo]") {
  std::string toml = kEverything;
  toml.replace(toml.find("customers = 20000"), 17, "customers = 100000");
  const auto model = jst::model_from(toml);
  REQUIRE(model.customers == 100'000);
  const auto blocks = simulate(model, 1, static_cast<EventSink*>(nullptr), Ordering::Auto, nullptr, 2);
  const auto global = simulate(model, 1, static_cast<EventSink*>(nullptr), Ordering::Global);
  // The global path adds a cost per touch, millions of times: 1e-10 of rounding.
  jst::check_same_journeys(blocks, global, 1e-10);
}
