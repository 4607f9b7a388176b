// Referrals without the global queue (src/sim/referrals.h): every customer
// simulated alone, its referred customers keyed by lineage, and the
// max_customers cap settled in the global order. It must live exactly the
// journeys of the global queue whether the cap binds or not, with ties in
// time, and give the same result on any number of threads.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

#include "journeysim/sim/engine.h"
#include "journeysim/sim/runner.h"
#include "same_journeys.h"
#include "sim/budget.h"
#include "support.h"

using namespace journeysim;

namespace {

// The benchmark journey, with referrals after a purchase and a win-back
// campaign; `population` goes into [population].
Model journey_with_referrals(long customers, const std::string& population = "",
                             const std::string& winback = "") {
  std::string toml = jst::bench_journey(customers, R"(
[referrals]
delay = { dist = "exponential", mean = 5.0 }
entry_stage = "s2"
[[campaigns]]
id = "winback"
trigger = "abandon"
stage = "s2"
via = "web"
delay = { dist = "exponential", mean = 2.0 }
reach = 0.6
cost_per_send = 0.02
win_back = 0.35
)");
  toml.insert(toml.find("[population]\n") + 13, population + "\n");
  toml.insert(toml.find("win_back = 0.35\n") + 16, winback + "\n");
  const std::string purchase = "advance = 0.9\nleave = 0.1\nvalue = 40.0";
  toml.replace(toml.find(purchase), purchase.size(), purchase + "\nreferrals = 0.6");
  return jst::model_from(toml);
}

// A referrer's `refer` record is written when the referral is settled, after
// the referrer's other records of that time (engine.h): put every such
// record last among its customer's records of the same time, on both sides.
void refer_records_last(std::vector<EventRecord>& events) {
  std::stable_sort(events.begin(), events.end(), [](const EventRecord& a, const EventRecord& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.customer != b.customer) return a.customer < b.customer;
    return (a.kind != EventKind::Refer) && (b.kind == EventKind::Refer);
  });
}

// The budget path with referrals, logged into `log`, the log in global order.
RunResult logged_budget(const Model& model, jst::KeepLog& log, unsigned threads,
                        const detail::BudgetWindows& sizes) {
  RunResult r = detail::simulate_budget(model, 1, &log, nullptr, threads, true, sizes);
  r.events = std::move(log.all);
  sort_into_global_order(model, Ordering::Auto, r.events);
  refer_records_last(r.events);
  return r;
}

void check_same_as_global(const Model& model, double epsilon) {
  auto auto_path = simulate(model, 1, true);
  auto global = simulate(model, 1, true, Ordering::Global);
  REQUIRE(!uses_global_queue(model, Ordering::Auto));
  REQUIRE(auto_path.totals.referred > 0);
  refer_records_last(auto_path.events);
  refer_records_last(global.events);
  jst::check_same_journeys(auto_path, global, epsilon);
  CHECK(auto_path.totals.referred == global.totals.referred);
  CHECK(auto_path.totals.referrals_dropped == global.totals.referrals_dropped);
}

// Supercritical (2 referrals per touch), all at the start and with fixed
// delays, so that many referring touches tie in time: the cap is met in
// the middle of referral chains.
const char* kCap = R"(
schema = 1
[scenario]
name = "cap"
horizon_days = 30.0
[population]
customers = 1000
arrival = { pattern = "at_start" }
max_customers = 3000
[[segments]]
id = "all"
share = 0.7
channels = { web = 1.0 }
[[segments]]
id = "other"
share = 0.3
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
advance = 0.5
leave = 0.1
delay = { dist = "fixed", value = 1.0 }
referrals = 2.0
[[touchpoints]]
stage = "b"
channel = "web"
friction = 0.2
abandon = 0.3
advance = 0.4
value = 10.0
delay = { dist = "fixed", value = 2.0 }
[referrals]
delay = { dist = "fixed", value = 1.0 }
)";

}  // namespace

TEST_CASE("referred customers simulated one at a time live exactly the journeys of the global order",
          "[engine][ordering][referrals]") {
  // Events recorded: the cap is settled in order (ids are handed out then).
  check_same_as_global(journey_with_referrals(20000), 1e-11);
}

TEST_CASE("a referral chain crossing max_customers is cut exactly where the global order cuts it",
          "[engine][ordering][referrals]") {
  const auto model = jst::model_from(kCap);
  const auto r = simulate(model, 0);
  CHECK(r.totals.customers == 3000);  // the cap binds
  CHECK(r.totals.referred == 2000);
  CHECK(r.totals.referrals_dropped > 0);
  check_same_as_global(model, 1e-12);

  // Random delays: the referral made just before the cap is met is kept, the next one dropped.
  std::string exponential = kCap;
  const std::string fixed = "[referrals]\ndelay = { dist = \"fixed\", value = 1.0 }";
  exponential.replace(exponential.find(fixed), fixed.size(),
                      "[referrals]\ndelay = { dist = \"exponential\", mean = 1.5 }");
  check_same_as_global(jst::model_from(exponential), 1e-12);
}

TEST_CASE("without events the cap is tried depth first and settled in order when it binds",
          "[engine][referrals]") {
  // Bound or not, depth first (no event log) and in order (a log) count the same.
  for (const char* cap : {"max_customers = 3000", "max_customers = 1000000"}) {
    INFO(cap);
    std::string toml = kCap;
    toml.replace(toml.find("max_customers = 3000"), 20, cap);
    const auto model = jst::model_from(toml);
    auto quiet = simulate(model, 0, false);
    auto logged = simulate(model, 0, true);
    logged.events.clear();
    jst::check_same_journeys(quiet, logged, 1e-12);
    CHECK(quiet.totals.referrals_dropped == logged.totals.referrals_dropped);
  }
}

TEST_CASE("depth first, a cap passed by one referral binds and a cap met exactly does not",
          "[engine][referrals]") {
  // Depth first counts the referred customers of every block in batches
  // (simulation.h); the cap binds only if the whole run's count passes it,
  // which the last, part batch of each block can decide.
  const long N = 5000;
  const auto uncapped = simulate(journey_with_referrals(N, "max_customers = 1000000"), 0, false);
  const std::int64_t referred = uncapped.totals.referred;
  REQUIRE(referred > 0);
  REQUIRE(referred < 1024);  // fewer than one batch: only the blocks' last reports count them
  for (const std::int64_t spare : {-1, 0}) {
    INFO("cap " << spare << " from every referral made");
    const auto model = journey_with_referrals(N, "max_customers = " + std::to_string(N + referred + spare));
    auto quiet = simulate(model, 0, false);
    auto logged = simulate(model, 0, true);  // settled in order
    logged.events.clear();
    jst::check_same_journeys(quiet, logged, 1e-12);
    CHECK(quiet.totals.referred == referred + std::min<std::int64_t>(spare, 0));
    CHECK((quiet.totals.referrals_dropped > 0) == (spare < 0));
  }
}

TEST_CASE("one replication with referrals is the same on 1 2 3 and 7 threads",
          "[engine][referrals][reproducible]") {
  // 300,000 customers: four blocks and a part one, the cap far (depth first),
  // then a cap that binds after a while (settled in order).
  for (const char* cap : {"", "max_customers = 330000"}) {
    INFO(cap);
    const auto model = journey_with_referrals(300000, cap);
    const auto one = simulate(model, 2, static_cast<EventSink*>(nullptr), Ordering::Auto, nullptr, 1);
    CHECK(one.totals.referred > 10000);
    CHECK((one.totals.referrals_dropped > 0) == (*cap != 0));
    for (unsigned threads : {2u, 3u, 7u}) {
      INFO(threads << " threads");
      CHECK(simulate(model, 2, static_cast<EventSink*>(nullptr), Ordering::Auto, nullptr, threads) == one);
    }
  }
}

TEST_CASE("the event log of one replication with referrals is the same on 1 2 3 and 7 threads",
          "[engine][referrals][events][reproducible]") {
  const auto one = jst::check_log_same_on_threads(journey_with_referrals(300000), 2);
  CHECK(one.totals.referred > 1000);
}

// A send budget with referrals: each round runs everyone, the referrals
// settled in order so that every trigger has its global place (budget.h).
TEST_CASE("a send budget with referrals settled apart lives exactly the journeys of the global order",
          "[engine][ordering][referrals][budget]") {
  for (const char* cap : {"", "max_customers = 21000"}) {
    for (const char* budget :
         {"max_sends = 1", "max_sends = 40", "max_sends = 900", "max_sends = 100000000"}) {
      INFO(cap << " " << budget);
      const auto model = journey_with_referrals(20000, cap, budget);
      REQUIRE(!uses_global_queue(model, Ordering::Auto));
      check_same_as_global(model, 1e-10);
    }
  }
}

// Without a log, a pilot run depth first foretells whether any budget is
// spent; if none is foretold, everyone runs depth first on every thread,
// and only if a budget is spent after all (or the cap binds) in rounds:
// the counts are those of the global order whichever way it goes. Every
// budget foretold never spent (-infinity) takes the depth-first run even
// where it is spent, to see it fall back; none (NaN) takes the rounds.
TEST_CASE("a send budget with referrals and no log counts as the global order whether foretold spent or not",
          "[engine][ordering][referrals][budget]") {
  const double kAlways = -std::numeric_limits<double>::infinity(),
               kNever = std::numeric_limits<double>::quiet_NaN();
  int fast = 0;  // budgets never spent, the cap not binding: the depth-first run is the result
  for (const char* cap : {"", "max_customers = 21000"}) {
    for (const char* budget : {"max_sends = 1", "max_sends = 900", "max_sends = 100000000"}) {
      INFO(cap << " " << budget);
      const auto model = journey_with_referrals(20000, cap, budget);
      auto global = simulate(model, 1, false, Ordering::Global);
      const bool unspent = global.campaign_sends[0] < model.campaigns[0].max_sends;
      fast += unspent && global.totals.referrals_dropped == 0;
      for (const double sd : {4.0, kAlways, kNever}) {
        for (unsigned threads : {1u, 3u}) {
          INFO("foretold under " << sd << " sd, " << threads << " threads");
          detail::BudgetWindows sizes;
          sizes.count_sd = sd;
          const auto r = detail::simulate_budget(model, 1, nullptr, nullptr, threads, true, sizes);
          jst::check_same_journeys(r, global, 1e-10);
          CHECK(r.totals.referred == global.totals.referred);
          CHECK(r.totals.referrals_dropped == global.totals.referrals_dropped);
        }
      }
    }
  }
  CHECK(fast == 1);  // not a test of nothing: the uncapped budget of 1e8
}

TEST_CASE("one replication with a send budget and referrals is the same on 1 2 3 and 7 threads",
          "[engine][referrals][budget][reproducible]") {
  // A budget never spent (depth first) and one spent (in rounds).
  for (const char* budget : {"max_sends = 100000000", "max_sends = 2000"}) {
    INFO(budget);
    const auto model = journey_with_referrals(300000, "", budget);
    const auto one = simulate(model, 1, static_cast<EventSink*>(nullptr), Ordering::Auto, nullptr, 1);
    CHECK((one.campaign_sends[0] == 2000) == (std::string(budget) == "max_sends = 2000"));
    for (unsigned threads : {2u, 3u, 7u}) {
      INFO(threads << " threads");
      CHECK(simulate(model, 1, static_cast<EventSink*>(nullptr), Ordering::Auto, nullptr, threads) == one);
    }
  }
}

// With a log, where the pilot foretells every budget never spent, the
// first round logs straight on, and takes its log back if a budget is spent
// after all; where it does not, or the log cannot be taken back, the
// round's log waits on disk until the round shows whether it was the last.
// Every budget foretold never spent (-infinity) takes the log back where
// one is spent, to see it mended; none (NaN) parks every round's log.
TEST_CASE("a send budget with referrals logs as the global order whether its log is taken back or parked",
          "[engine][ordering][referrals][budget][events]") {
  const double kAlways = -std::numeric_limits<double>::infinity(),
               kNever = std::numeric_limits<double>::quiet_NaN();
  int retracted = 0;
  for (const char* cap : {"", "max_customers = 21000"}) {
    for (const char* budget : {"max_sends = 1", "max_sends = 900", "max_sends = 100000000"}) {
      INFO(cap << " " << budget);
      const auto model = journey_with_referrals(20000, cap, budget);
      auto global = simulate(model, 1, true, Ordering::Global);
      refer_records_last(global.events);
      const bool spent = global.campaign_sends[0] == model.campaigns[0].max_sends;
      for (const double sd : {4.0, kAlways, kNever}) {
        for (const bool retractable : {true, false}) {
          INFO("foretold under " << sd << " sd, " << (retractable ? "" : "not ") << "retractable");
          detail::BudgetWindows sizes;
          sizes.count_sd = sd;
          jst::KeepLog log(retractable);
          const auto r = logged_budget(model, log, 3, sizes);
          jst::check_same_journeys(r, global, 1e-10);
          CHECK(log.retracted <= (retractable && spent && !std::isnan(sd) ? 1 : 0));
          retracted += log.retracted;
        }
      }
    }
  }
  CHECK(retracted >= 2);  // not a test of nothing: -infinity with both budgets spent, without the cap
}

// A round's log parked on disk (in TMPDIR): with no room there the round
// runs again, logged.
TEST_CASE("a budget never spent with referrals logs the same with no room for its log to wait",
          "[engine][ordering][referrals][budget][events]") {
  const char* was = std::getenv("TMPDIR");
  const std::string before = was ? was : "";
  ::setenv("TMPDIR", "/nonexistent/journeysim-test", 1);
  const auto model = journey_with_referrals(5000, "", "max_sends = 100000000");
  auto global = simulate(model, 1, true, Ordering::Global);
  refer_records_last(global.events);
  jst::KeepLog log(false);
  jst::check_same_journeys(logged_budget(model, log, 2, {}), global, 1e-10);
  if (was)
    ::setenv("TMPDIR", before.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
}

TEST_CASE(
    "the retail example with budgeted call-backs settled apart lives exactly the journeys of the global "
    "order",
    "[engine][ordering][referrals][budget]") {
  auto scenario = load_scenario_file(jst::source_path("scenarios/retail-omnichannel.toml"));
  const std::vector<Override> small{{"population.customers", ParamValue::of_integer(20000), {}},
                                    {"campaign.checkout_rescue.max_sends", ParamValue::of_integer(150), {}}};
  const auto model = compile_model(make_arm(scenario, "rescue-calls", small));
  const auto global = simulate(model, 1, false, Ordering::Global);
  REQUIRE(global.campaign_sends[1] == 150);  // the budget binds
  check_same_as_global(model, 1e-10);
}
