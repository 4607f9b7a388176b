// An independent, hand-written simulation of one journey (DESIGN §3.1-3.2 on
// the same streams: Arrival for segment and time, Journey for channel,
// friction, abandon or outcome, then the delay) must give exactly the
// engine's counts. It checks the engine's semantics and its draw order at
// once, in both event orders.
#include <catch2/catch.hpp>

#include "journeysim/sim/engine.h"
#include "journeysim/sim/sample.h"
#include "support.h"

using namespace journeysim;

namespace {

struct Counts {
  std::int64_t touches = 0, converted = 0, lost = 0, in_progress = 0;
  double revenue = 0;
};

Counts by_hand() {
  // [stage][channel]: friction, abandon, advance, leave, mean delay
  const double p[3][2][5] = {{{0, 1, .4, .2, 2}, {0, 1, .35, .25, 2}},
                             {{.1, .5, .5, .2, 1.5}, {.15, .5, .45, .2, 1.5}},
                             {{.1, .6, .9, .1, 1}, {.3, .7, .9, .1, 1}}};
  const double web_weight[2] = {0.7, 0.2}, sensitivity[2] = {1.0, 1.3};
  Counts n;
  for (std::uint32_t i = 0; i < 50000; ++i) {
    Stream arrival(1, 0, i, Substream::Arrival);
    const int seg = arrival.uniform() < 0.6 ? 0 : 1;
    double t = boost::random::uniform_real_distribution<double>(0.0, 30.0)(arrival);
    Stream r(1, 0, i, Substream::Journey);
    int s = 0;
    bool active = true;
    while (active && t <= 60.0) {
      const int c = r.uniform() < web_weight[seg] ? 0 : 1;
      const double* q = p[s][c];
      ++n.touches;
      if (r.uniform() < std::min(1.0, q[0] * sensitivity[seg])) {
        if (r.uniform() < q[1]) {
          active = false;
          ++n.lost;
          break;
        }
      } else {
        n.revenue += s == 2 ? 40.0 : 0.0;
        const double u = r.uniform();
        if (u < q[2]) {
          if (s == 2) {
            ++n.converted;  // the last stage converts and completes
            active = false;
            break;
          }
          ++s;
        } else if (u < q[2] + q[3]) {
          active = false;
          ++n.lost;
          break;
        }
      }
      t += boost::random::exponential_distribution<double>(1.0 / q[4])(r);
    }
    if (active) ++n.in_progress;
  }
  return n;
}

}  // namespace

TEST_CASE("an independent hand-written simulation gives exactly the engine counts", "[engine][oracle]") {
  const auto expected = by_hand();
  const auto scenario = load_scenario_file(jst::source_path("tools/bench/journey.toml"));
  const auto model =
      compile_model(make_arm(scenario, "", {{"population.customers", ParamValue::of_integer(50000), {}}}));
  for (auto ordering : {Ordering::Auto, Ordering::Global}) {
    const auto r = simulate(model, 0, false, ordering);
    CHECK(r.totals.touchpoints == expected.touches);
    CHECK(r.totals.converted == expected.converted);
    CHECK(r.totals.lost == expected.lost);
    CHECK(r.totals.in_progress == expected.in_progress);
    CHECK(r.totals.revenue == Approx(expected.revenue).epsilon(1e-12));
    // /flows: a row per stage, columns s1 s2 s3 lost completed.
    std::int64_t lost = 0, completed = 0;
    for (std::size_t s = 0; s < 3; ++s) {
      lost += r.flows[s * 5 + 3];
      completed += r.flows[s * 5 + 4];
      if (s < 2) CHECK(r.flows[s * 5 + s + 1] == r.reached[s + 1]);
    }
    CHECK(lost == expected.lost);
    CHECK(completed == expected.converted);
  }
}
