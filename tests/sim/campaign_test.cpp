// Campaigns (DESIGN 3.4): win-back against its exact value, every trigger
// and filter, the send budget in time order, and one-shot modifiers.
#include <catch2/catch.hpp>

#include <map>

#include "journeysim/sim/engine.h"
#include "journeysim/sim/rng.h"
#include "same_journeys.h"
#include "support.h"

using namespace journeysim;

namespace {

std::string one_stage(const std::string& touchpoint, const std::string& campaign, int customers = 100000) {
  return R"(
schema = 1
[scenario]
name = "camp"
horizon_days = 100000.0
seed = 21
[population]
customers = )" +
         std::to_string(customers) +
         R"(
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[channels]]
id = "email"
[[stages]]
id = "a"
[[touchpoints]]
stage = "a"
channel = "web"
)" + touchpoint +
         "\n[[campaigns]]\n" + campaign + "\n";
}

std::int64_t count_kind(const RunResult& r, EventKind kind) {
  std::int64_t n = 0;
  for (const auto& e : r.events) n += e.kind == kind;
  return n;
}

}  // namespace

TEST_CASE("win-back converts (1-f) / (1 - f reach win_back) of customers", "[engine][campaign][markov]") {
  const double f = 0.4, reach = 0.5, win = 0.6;
  const auto toml = one_stage(
      "friction = 0.4\nabandon = 1.0",
      "id = \"wb\"\ntrigger = \"abandon\"\nvia = \"email\"\n"
      "delay = { dist = \"fixed\", value = 1.0 }\nreach = 0.5\nwin_back = 0.6\ncost_per_send = 0.1");
  const auto r = simulate(jst::model_from(toml), 0);
  const double n = 100000, p = (1 - f) / (1 - f * reach * win);
  INFO("converted " << r.totals.converted << " expected " << n * p);
  CHECK(jst::z_score(static_cast<double>(r.totals.converted), n * p, jst::binomial_sd(n, p)) < 4.0);
  // Every abandonment triggers a send: sends = touches - conversions.
  CHECK(r.totals.campaign_sends == r.totals.touchpoints - r.totals.converted);
  CHECK(r.totals.cost == Approx(0.1 * static_cast<double>(r.totals.campaign_sends)));
  CHECK(r.totals.campaign_wins == r.totals.touchpoints - 100000);
  CHECK(r.channel_cost[1] == Approx(r.totals.cost));
}

TEST_CASE("a disabled campaign sends nothing", "[engine][campaign]") {
  const auto toml =
      one_stage("friction = 0.4",
                "id = \"wb\"\nenabled = false\ntrigger = \"abandon\"\nvia = \"email\"\nwin_back = 1.0", 1000);
  const auto r = simulate(jst::model_from(toml), 0);
  CHECK(r.totals.campaign_sends == 0);
  CHECK(r.totals.converted == r.totals.customers - r.totals.lost);
}

TEST_CASE("every trigger fires where and only where its filters say", "[engine][campaign]") {
  // Two stages, two channels, two segments; one campaign per trigger, each
  // filtered. With reach 0 the campaigns change nothing, so each one's sends
  // must equal the matching events in the log.
  const std::string toml = R"(
schema = 1
[scenario]
name = "triggers"
horizon_days = 10000.0
seed = 4
[population]
customers = 20000
arrival = { pattern = "at_start" }
[[segments]]
id = "s1"
share = 0.5
channels = { x = 1.0, y = 1.0 }
[[segments]]
id = "s2"
share = 0.5
channels = { x = 1.0, y = 1.0 }
[[channels]]
id = "x"
[[channels]]
id = "y"
[[stages]]
id = "a"
[[stages]]
id = "b"
[[touchpoints]]
stage = "a"
channel = "x"
friction = 0.3
abandon = 0.5
advance = 0.6
leave = 0.2
[[touchpoints]]
stage = "a"
channel = "y"
friction = 0.2
abandon = 0.5
advance = 0.5
leave = 0.3
[[touchpoints]]
stage = "b"
channel = "x"
friction = 0.2
abandon = 0.5
advance = 0.5
leave = 0.3
[[touchpoints]]
stage = "b"
channel = "y"
advance = 0.5
leave = 0.3
[[campaigns]]
id = "c-abandon"
trigger = "abandon"
stage = "a"
channel = "x"
via = "y"
reach = 0.0
[[campaigns]]
id = "c-leave"
trigger = "leave"
segment = "s2"
via = "y"
reach = 0.0
[[campaigns]]
id = "c-friction"
trigger = "friction"
stage = "b"
via = "y"
reach = 0.0
[[campaigns]]
id = "c-advance"
trigger = "advance"
stage = "a"
channel = "y"
via = "y"
reach = 0.0
[[campaigns]]
id = "c-enter"
trigger = "enter"
stage = "b"
segment = "s1"
via = "y"
reach = 0.0
[[campaigns]]
id = "c-enter-arrival"
trigger = "enter"
stage = "a"
via = "y"
reach = 0.0
)";
  const auto scenario = jst::scenario_from(toml);
  const auto model = jst::model_from(toml);
  const auto r = simulate(model, 0, true);

  // Rebuild each customer's segment from the stream the engine used, then count events.
  std::vector<int> segment(20000);
  for (std::uint32_t i = 0; i < 20000; ++i) {
    Stream s(model.seed, 0, i, Substream::Arrival);
    segment[i] = s.uniform() < 0.5 ? 0 : 1;
  }
  std::int64_t abandon_ax = 0, leave_s2 = 0, friction_b = 0, advance_ay = 0, enter_b_s1 = 0, arrivals = 0;
  std::int64_t friction_events_b = 0;
  for (const auto& e : r.events) {
    if (e.kind == EventKind::Abandon && e.stage == 0 && e.channel == 0) ++abandon_ax;
    if (e.kind == EventKind::Leave && segment[e.customer] == 1) ++leave_s2;
    if (e.kind == EventKind::Advance && e.stage == 0 && e.channel == 1) ++advance_ay;
    if (e.kind == EventKind::Advance && e.stage == 0 && segment[e.customer] == 0) ++enter_b_s1;
    if (e.kind == EventKind::Arrive) ++arrivals;
    if ((e.kind == EventKind::Retry || e.kind == EventKind::Abandon) && e.stage == 1) ++friction_events_b;
  }
  friction_b = r.touch_friction[1 * 2 + 0] + r.touch_friction[1 * 2 + 1];
  CHECK(friction_b == friction_events_b);
  CHECK(abandon_ax > 0);
  CHECK(r.campaign_sends[0] == abandon_ax);
  CHECK(r.campaign_sends[1] == leave_s2);
  CHECK(r.campaign_sends[2] == friction_b);
  CHECK(r.campaign_sends[3] == advance_ay);
  CHECK(r.campaign_sends[4] == enter_b_s1);
  CHECK(r.campaign_sends[5] == arrivals);  // arrivals count as entering the entry stage
  CHECK(r.totals.campaign_wins == 0);
}

TEST_CASE("max_sends sends to the first triggers in time order", "[engine][campaign]") {
  std::string uniform =
      one_stage("friction = 0.5\nabandon = 1.0",
                "id = \"wb\"\ntrigger = \"abandon\"\nvia = \"email\"\nmax_sends = 300", 2000);
  const std::string at_start = "arrival = { pattern = \"at_start\" }";
  uniform.replace(uniform.find(at_start), at_start.size(),
                  "arrival = { pattern = \"uniform\", window_days = 50.0 }");
  const auto r = simulate(jst::model_from(uniform), 0, true);
  REQUIRE(count_kind(r, EventKind::Abandon) > 300);
  CHECK(r.totals.campaign_sends == 300);
  // With delay 0 the sends are the first 300 abandonments in time order.
  std::vector<double> abandons, sends;
  for (const auto& e : r.events) {
    if (e.kind == EventKind::Abandon) abandons.push_back(e.time);
    if (e.kind == EventKind::Send) sends.push_back(e.time);
  }
  REQUIRE(sends.size() == 300);
  CHECK(std::is_sorted(sends.begin(), sends.end()));
  CHECK(sends.back() == abandons[299]);
}

TEST_CASE("a campaign modifiers apply to exactly one touch", "[engine][campaign]") {
  // Advancing out of `a` triggers a message (delay 0, reach 1) whose advance
  // multiplier 0 stops the next touch from advancing; the touch after it
  // advances as usual. So every customer touches `b` exactly twice, the
  // first time earning twice its value.
  const std::string toml = R"(
schema = 1
[scenario]
name = "modifier"
horizon_days = 1000.0
[population]
customers = 5000
arrival = { pattern = "at_start" }
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
[[touchpoints]]
stage = "b"
channel = "web"
value = 0.1
cost = 0.3
[[campaigns]]
id = "hold"
trigger = "advance"
stage = "a"
via = "web"
advance_multiplier = 0.0
value_multiplier = 2.0
cost_per_send = 0.07
)";
  const auto r = simulate(jst::model_from(toml), 0);
  CHECK(r.touch_count[0] == 5000);
  CHECK(r.touch_count[1] == 10000);
  CHECK(r.totals.completed == 5000);
  CHECK(r.totals.campaign_sends == 5000);
  // Money is counts times constants (a sum of 0.1s touch by touch would
  // drift from these products in the last bits).
  const double revenue = 5000 * 0.1 + 5000 * (0.1 * 2.0);
  CHECK(r.totals.revenue == revenue);
  CHECK(r.touch_revenue[1] == revenue);
  CHECK(r.totals.cost == 10000 * 0.3 + 5000 * 0.07);
  CHECK(r.channel_cost[0] == r.totals.cost);
}

TEST_CASE(
    "messages due by the next touch of their customer come before it, ties included, as in the global order",
    "[engine][campaign][ordering]") {
  // One by one, a touch runs the next one in place and takes there the
  // messages due by then. Fixed delays make ties: a greeting on entering a
  // stage is due at once (delay 0), a nudge on friction exactly when the
  // retry is (both 1 day), a reminder on leaving `a` half a day before the
  // next touch, and a late one on leaving `b` 2.5 days after, past several
  // touches, winning back those lost by then. Each changes the touch it
  // reaches, so a message taken out of order would show in the counts as
  // well as in the log.
  const std::string toml = R"(
schema = 1
[scenario]
name = "message-order"
horizon_days = 40.0
seed = 11
[population]
customers = 4000
arrival = { pattern = "uniform", window_days = 5.0 }
[[segments]]
id = "all"
share = 1.0
channels = { web = 0.5, app = 0.5 }
satisfaction_sensitivity = 0.5
[[channels]]
id = "web"
[[channels]]
id = "app"
[[stages]]
id = "a"
delay = { dist = "fixed", value = 1.0 }
[[stages]]
id = "b"
delay = { dist = "fixed", value = 1.0 }
[[stages]]
id = "c"
delay = { dist = "fixed", value = 1.0 }
[[touchpoints]]
stage = "a"
channel = "web"
friction = 0.3
abandon = 0.2
advance = 0.3
leave = 0.1
[[touchpoints]]
stage = "a"
channel = "app"
friction = 0.2
abandon = 0.3
advance = 0.4
leave = 0.1
[[touchpoints]]
stage = "b"
channel = "web"
friction = 0.3
abandon = 0.2
advance = 0.3
leave = 0.1
[[touchpoints]]
stage = "b"
channel = "app"
advance = 0.3
leave = 0.2
[[touchpoints]]
stage = "c"
channel = "web"
friction = 0.2
abandon = 0.4
advance = 0.5
leave = 0.1
value = 10.0
[[touchpoints]]
stage = "c"
channel = "app"
advance = 0.4
leave = 0.2
value = 10.0
[[campaigns]]
id = "greeting"
trigger = "enter"
via = "web"
reach = 0.5
advance_multiplier = 0.5
[[campaigns]]
id = "nudge"
trigger = "friction"
via = "app"
delay = { dist = "fixed", value = 1.0 }
reach = 0.7
friction_multiplier = 0.2
[[campaigns]]
id = "reminder"
trigger = "advance"
stage = "a"
via = "web"
delay = { dist = "fixed", value = 0.5 }
reach = 0.6
advance_multiplier = 2.0
[[campaigns]]
id = "late"
trigger = "advance"
stage = "b"
via = "app"
delay = { dist = "fixed", value = 2.5 }
reach = 0.8
value_multiplier = 3.0
win_back = 0.5
)";
  const auto model = jst::model_from(toml);
  REQUIRE(customers_independent(model));
  const auto one_by_one = simulate(model, 1, true, Ordering::Auto);
  const auto global = simulate(model, 1, true, Ordering::Global);
  for (std::size_t k = 0; k < 4; ++k) CHECK(global.campaign_reached[k] > 500);
  jst::check_same_journeys(one_by_one, global);
}

TEST_CASE("messages that change nothing but counts count the same with and without the event log",
          "[engine][campaign][ordering]") {
  // Without a log, a message that cannot win anyone back, in a scenario
  // where no campaign has a modifier, is counted as it is scheduled and
  // never queued; with a log it is queued, to be logged at its time. The
  // two must live the same journeys: the sequence number the message would
  // have taken shifts the streams of the customer's later triggers, and
  // where a campaign has a modifier, a later message without one takes its
  // place, so it must be queued.
  const std::string journey = R"(
schema = 1
[scenario]
name = "inert-messages"
horizon_days = 40.0
seed = 5
[population]
customers = 4000
arrival = { pattern = "uniform", window_days = 5.0 }
[[segments]]
id = "all"
share = 1.0
channels = { web = 0.5, app = 0.5 }
[[channels]]
id = "web"
[[channels]]
id = "app"
[[stages]]
id = "a"
delay = { dist = "fixed", value = 1.0 }
[[stages]]
id = "b"
delay = { dist = "exponential", mean = 1.0 }
[[touchpoints]]
stage = "a"
channel = "web"
friction = 0.4
abandon = 0.2
advance = 0.3
leave = 0.1
[[touchpoints]]
stage = "a"
channel = "app"
friction = 0.3
abandon = 0.3
advance = 0.4
leave = 0.1
[[touchpoints]]
stage = "b"
channel = "web"
friction = 0.3
abandon = 0.3
advance = 0.4
leave = 0.1
[[touchpoints]]
stage = "b"
channel = "app"
advance = 0.3
leave = 0.2
[[campaigns]]
id = "greeting"
trigger = "enter"
via = "web"
reach = 0.5
[[campaigns]]
id = "late"
trigger = "abandon"
via = "app"
delay = { dist = "exponential", mean = 2.0 }
reach = 0.6
win_back = 0.5
[[campaigns]]
id = "hello"
trigger = "friction"
via = "web"
delay = { dist = "fixed", value = 0.5 }
reach = 0.9
)";
  std::string extra;
  SECTION("no campaign has a modifier") {}
  SECTION("a message with no modifier arrives after one with a modifier, and takes its place") {
    extra = R"(
[[campaigns]]
id = "nudge"
trigger = "friction"
via = "app"
friction_multiplier = 0.1
)";
  }
  SECTION("a budget never spent and one spent") {
    extra = R"(
[[campaigns]]
id = "bye"
trigger = "leave"
via = "web"
reach = 0.8
max_sends = 1000000000000
[[campaigns]]
id = "poke"
trigger = "advance"
via = "app"
delay = { dist = "exponential", mean = 0.5 }
reach = 0.7
max_sends = 1500
)";
  }
  const auto model = jst::model_from(journey + extra);
  auto logged = simulate(model, 1, true, Ordering::Auto);
  const auto plain = simulate(model, 1, false, Ordering::Auto);
  for (std::size_t k = 0; k < model.campaigns.size(); ++k) CHECK(logged.campaign_reached[k] > 300);
  CHECK(count_kind(logged, EventKind::Send) == logged.totals.campaign_sends);
  logged.events.clear();
  jst::check_same_journeys(logged, plain);
}
