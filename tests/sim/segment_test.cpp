// Results by segment: the engine counts each segment's customers apart and
// the run's totals are their sums, on every engine path.
#include <catch2/catch.hpp>

#include "journeysim/sim/engine.h"
#include "support.h"

using namespace journeysim;

namespace {

Model example(const std::string& file, const std::string& variant = "", double customers = 4000) {
  auto scenario = load_scenario_file(jst::source_path("scenarios/" + file));
  std::vector<Override> overrides{{"population.customers", ParamValue::of_number(customers), {}}};
  return compile_model(make_arm(scenario, variant, overrides));
}

// total[i] against the sum over segments of per_segment[g * n + i], added in
// segment order (money too, so equality is exact).
template <class T>
void check_sums(const std::vector<T>& total, const std::vector<T>& per_segment, std::size_t segments) {
  REQUIRE(per_segment.size() == total.size() * segments);
  for (std::size_t i = 0; i < total.size(); ++i) {
    T sum{};
    for (std::size_t g = 0; g < segments; ++g) sum += per_segment[g * total.size() + i];
    CHECK(sum == total[i]);
  }
}

void check_totals(const RunResult& r) {
  const auto& seg = r.by_segment.totals;
  RunTotals sum;
  for (const auto& t : seg) {
    sum.customers += t.customers;
    sum.referred += t.referred;
    sum.referrals_dropped += t.referrals_dropped;
    sum.converted += t.converted;
    sum.completed += t.completed;
    sum.lost += t.lost;
    sum.in_progress += t.in_progress;
    sum.touchpoints += t.touchpoints;
    sum.frictions += t.frictions;
    sum.revenue += t.revenue;
    sum.cost += t.cost;
    sum.campaign_sends += t.campaign_sends;
    sum.campaign_wins += t.campaign_wins;
    sum.promoters += t.promoters;
    sum.detractors += t.detractors;
    sum.days_to_convert += t.days_to_convert;
  }
  const auto& t = r.totals;
  CHECK(sum.customers == t.customers);
  CHECK(sum.referred == t.referred);
  CHECK(sum.referrals_dropped == t.referrals_dropped);
  CHECK(sum.converted == t.converted);
  CHECK(sum.completed == t.completed);
  CHECK(sum.lost == t.lost);
  CHECK(sum.in_progress == t.in_progress);
  CHECK(sum.touchpoints == t.touchpoints);
  CHECK(sum.frictions == t.frictions);
  CHECK(sum.revenue == t.revenue);
  CHECK(sum.cost == t.cost);
  CHECK(sum.campaign_sends == t.campaign_sends);
  CHECK(sum.campaign_wins == t.campaign_wins);
  CHECK(sum.promoters == t.promoters);
  CHECK(sum.detractors == t.detractors);
  CHECK(sum.days_to_convert == t.days_to_convert);
}

void check_segments(const Model& m, const RunResult& r) {
  const std::size_t G = m.segments.size();
  REQUIRE(r.by_segment.totals.size() == G);
  check_totals(r);
  const auto& b = r.by_segment;
  check_sums(r.reached, b.reached, G);
  check_sums(r.lost, b.lost, G);
  check_sums(r.in_progress, b.in_progress, G);
  check_sums(r.touch_count, b.touch_count, G);
  check_sums(r.touch_friction, b.touch_friction, G);
  check_sums(r.touch_abandon, b.touch_abandon, G);
  check_sums(r.touch_leave, b.touch_leave, G);
  check_sums(r.touch_revenue, b.touch_revenue, G);
  // Every segment's row is its own: arrivals in the log by segment.
  std::vector<std::int64_t> arrivals(G, 0);
  for (const auto& e : r.events) {
    REQUIRE(e.segment >= 0);
    REQUIRE(static_cast<std::size_t>(e.segment) < G);
    arrivals[static_cast<std::size_t>(e.segment)] += e.kind == EventKind::Arrive;
  }
  for (std::size_t g = 0; g < G; ++g) {
    CHECK(arrivals[g] == b.totals[g].customers);
    // Every arrival ends the run in exactly one state, counted in its own segment.
    const auto& t = b.totals[g];
    CHECK(t.lost + t.completed + t.in_progress == t.customers);
  }
}

}  // namespace

TEST_CASE("sums over segments equal the totals exactly, on every engine path", "[engine][segments]") {
  struct Case {
    const char* file;
    const char* variant;
    Ordering ordering;
    const char* path;
  };
  const Case cases[] = {
      {"gym-membership.toml", "", Ordering::Auto, "the journey loop"},
      {"gym-membership.toml", "both", Ordering::Auto, "customers one by one with campaigns"},
      {"gym-membership.toml", "both", Ordering::Global, "the global order with campaigns"},
      {"retail-omnichannel.toml", "", Ordering::Auto, "the global order with referrals and campaigns"},
  };
  for (const auto& c : cases) {
    SECTION(std::string(c.file) + " " + c.variant + " through " + c.path) {
      const auto model = example(c.file, c.variant);
      REQUIRE(model.segments.size() > 1);
      const auto r = simulate(model, 1, true, c.ordering);
      check_segments(model, r);
      // Each segment has customers and conversions of its own, so a mix-up would show.
      for (const auto& t : r.by_segment.totals) {
        CHECK(t.customers > 0);
        CHECK(t.converted > 0);
      }
    }
  }
}

TEST_CASE("every event names the segment of its customer", "[engine][segments]") {
  // Two segments entering at different stages: each arrival's stage gives its segment away.
  const auto model = jst::model_from(R"(
schema = 1
[scenario]
name = "two"
horizon_days = 30.0
seed = 3
[population]
customers = 2000
arrival = { pattern = "at_start" }
[[segments]]
id = "first"
share = 0.3
channels = { web = 1.0 }
[[segments]]
id = "second"
share = 0.7
channels = { web = 1.0 }
entry_stage = "b"
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
[[touchpoints]]
stage = "b"
channel = "web"
advance = 0.5
)");
  for (Ordering ordering : {Ordering::Auto, Ordering::Global}) {
    const auto r = simulate(model, 0, true, ordering);
    std::int64_t arrivals = 0;
    for (const auto& e : r.events) {
      if (e.kind != EventKind::Arrive) continue;
      ++arrivals;
      CHECK(e.segment == e.stage);
    }
    CHECK(arrivals == r.totals.customers);
    const auto& b = r.by_segment;
    CHECK(b.reached[0 * 2 + 1] > 0);   // the first segment advanced into b
    CHECK(b.reached[1 * 2 + 0] == 0);  // the second never saw a
    CHECK(b.touch_count[0 * 2 + 0] > 0);
    CHECK(b.touch_count[1 * 2 + 0] == 0);
    CHECK(b.touch_count[1 * 2 + 1] >= b.totals[1].customers);  // each of its customers touched b
    CHECK(b.totals[0].customers + b.totals[1].customers == r.totals.customers);
    check_segments(model, r);
  }
}
