// Same scenario + seed → identical results, whatever the thread count.
#include <catch2/catch.hpp>

#include "journeysim/sim/engine.h"
#include "journeysim/sim/runner.h"
#include "same_journeys.h"
#include "support.h"

using namespace journeysim;

namespace {
Model small_gym(const std::string& variant = "") {
  auto scenario = load_scenario_file(jst::source_path("scenarios/gym-membership.toml"));
  std::vector<Override> overrides{{"population.customers", ParamValue::of_integer(5000), {}}};
  return compile_model(make_arm(scenario, variant, overrides));
}
}  // namespace

TEST_CASE("results are bit-identical for 1 and 2 threads", "[engine][reproducible]") {
  const auto model = small_gym("both");
  RunnerOptions one, two;
  one.threads = 1;
  two.threads = 2;
  one.record_events = two.record_events = true;
  const auto a = run_replications(model, 5, one);
  const auto b = run_replications(model, 5, two);
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) CHECK(a[i] == b[i]);
  CHECK(!(a[0] == a[1]));  // replications do differ
  CHECK(a[0].totals.campaign_sends > 0);
}

TEST_CASE("the same replication run twice gives the same result", "[engine][reproducible]") {
  const auto model = small_gym();
  CHECK(simulate(model, 3, true) == simulate(model, 3, true));
}

TEST_CASE("a variant shares the baseline random numbers (common random numbers)", "[engine][crn]") {
  // The promo only acts after a mobile abandonment; customers who never
  // abandon on mobile must live the same journey in both arms.
  const auto base = simulate(small_gym(), 0, true);
  const auto promo = simulate(small_gym("promo"), 0, true);
  CHECK(base.totals.customers == promo.totals.customers);
  // Awareness happens before any campaign can act: identical in both arms.
  CHECK(base.touch_count[0 * 5 + 0] == promo.touch_count[0 * 5 + 0]);
  CHECK(base.touch_count[0 * 5 + 1] == promo.touch_count[0 * 5 + 1]);
  CHECK(base.reached[1] == promo.reached[1]);
  CHECK(promo.totals.converted >= base.totals.converted);
}

TEST_CASE("customers simulated one by one live exactly the journeys of the global order",
          "[engine][ordering]") {
  // The gym's "both" arm has a campaign (win-back, modifiers) but no budget or
  // referral, so Auto simulates it customer by customer.
  const auto model = small_gym("both");
  REQUIRE(customers_independent(model));
  const auto fast = simulate(model, 2, true, Ordering::Auto);
  const auto global = simulate(model, 2, true, Ordering::Global);
  REQUIRE(fast.totals.campaign_wins > 0);
  jst::check_same_journeys(fast, global);
}

TEST_CASE("the global queue is used only when asked for", "[engine][ordering]") {
  auto scenario = load_scenario_file(jst::source_path("scenarios/retail-omnichannel.toml"));
  std::vector<Override> small{{"population.customers", ParamValue::of_integer(3000), {}}};
  const auto retail = compile_model(make_arm(scenario, "", small));
  CHECK(!customers_independent(retail));  // referrals
  CHECK(!uses_global_queue(retail, Ordering::Auto));
  CHECK(uses_global_queue(retail, Ordering::Global));
  // The call-back campaign has max_sends = 2000: a budget and referrals, settled apart too.
  CHECK(!uses_global_queue(compile_model(make_arm(scenario, "rescue-calls", small)), Ordering::Auto));
}
