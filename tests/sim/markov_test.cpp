// The engine against exact results of absorbing Markov chains. Every test
// runs at a fixed seed, so it cannot flake; each bound is stated in standard
// deviations of the estimator, computed exactly where the distribution is
// known (binomial, geometric, Galton-Watson) and from replications otherwise.
#include <catch2/catch.hpp>

#include <array>

#include "journeysim/sim/engine.h"
#include "journeysim/sim/runner.h"
#include "support.h"

using namespace journeysim;

namespace {

constexpr double kMaxZ = 4.0;  // a correct engine fails this with probability < 1e-4 per check

// Three stages, two channels, two segments with different channel mixes and
// friction sensitivities; every outcome of a touch is possible somewhere.
const char* kFunnel = R"(
schema = 1
[scenario]
name = "funnel"
horizon_days = 100000.0
seed = 11
[population]
customers = 200000
arrival = { pattern = "at_start" }
[[segments]]
id = "g1"
share = 0.4
channels = { x = 1.0, y = 3.0 }
friction_sensitivity = 1.5
[[segments]]
id = "g2"
share = 0.6
channels = { x = 1.0 }
[[channels]]
id = "x"
cost_per_touch = 0.5
[[channels]]
id = "y"
cost_per_touch = 2.0
[[stages]]
id = "a"
[[stages]]
id = "b"
conversion = true
[[stages]]
id = "c"
[[touchpoints]]
stage = "a"
channel = "x"
friction = 0.2
abandon = 0.5
advance = 0.6
leave = 0.1
[[touchpoints]]
stage = "a"
channel = "y"
friction = 0.1
advance = 0.5
leave = 0.2
[[touchpoints]]
stage = "b"
channel = "x"
friction = 0.3
abandon = 0.4
advance = 0.7
leave = 0.05
[[touchpoints]]
stage = "b"
channel = "y"
friction = 0.05
abandon = 0.9
advance = 0.4
leave = 0.3
retry_delay = { dist = "fixed", value = 0.25 }
[[touchpoints]]
stage = "c"
channel = "x"
friction = 0.1
advance = 0.8
leave = 0.1
[[touchpoints]]
stage = "c"
channel = "y"
advance = 0.3
leave = 0.1
)";

struct TouchParams {
  double friction, abandon, advance, leave, cost;
};

// Per-touch probabilities of leaving the stage forward (A) or lost (L) for a
// segment, and the expected touches per channel until one of them happens.
struct StageChain {
  double p_advance;                 // absorption forward
  std::array<double, 2> touches{};  // expected touches per channel, given the stage is reached
};

StageChain stage_chain(const std::array<TouchParams, 2>& tp, const std::array<double, 2>& w, double sens) {
  const double total_w = w[0] + w[1];
  double A = 0.0, L = 0.0;
  for (int c = 0; c < 2; ++c) {
    const double p = w[c] / total_w;
    const double f = std::min(1.0, tp[c].friction * sens);
    A += p * (1 - f) * tp[c].advance;
    L += p * (f * tp[c].abandon + (1 - f) * tp[c].leave);
  }
  StageChain out;
  out.p_advance = A / (A + L);
  const double expected_touches = 1.0 / (A + L);
  for (int c = 0; c < 2; ++c) out.touches[c] = expected_touches * w[c] / total_w;
  return out;
}

struct Exact {
  double convert = 0, complete = 0, cost = 0, touches = 0;
  std::array<double, 2> convert_given_segment{};  // P(convert | the customer is in segment g)
};

Exact exact_funnel() {
  const std::array<std::array<TouchParams, 2>, 3> stages = {{
      {{{0.2, 0.5, 0.6, 0.1, 0.5}, {0.1, 1.0, 0.5, 0.2, 2.0}}},
      {{{0.3, 0.4, 0.7, 0.05, 0.5}, {0.05, 0.9, 0.4, 0.3, 2.0}}},
      {{{0.1, 1.0, 0.8, 0.1, 0.5}, {0.0, 1.0, 0.3, 0.1, 2.0}}},
  }};
  struct Seg {
    double share, sens;
    std::array<double, 2> w;
  };
  const Seg segs[] = {{0.4, 1.5, {1.0, 3.0}}, {0.6, 1.0, {1.0, 0.0}}};
  Exact e;
  for (std::size_t k = 0; k < 2; ++k) {
    const Seg& g = segs[k];
    double reach = 1.0;
    for (int s = 0; s < 3; ++s) {
      const auto chain = stage_chain(stages[s], g.w, g.sens);
      for (int c = 0; c < 2; ++c) {
        e.touches += g.share * reach * chain.touches[c];
        e.cost += g.share * reach * chain.touches[c] * stages[s][c].cost;
      }
      reach *= chain.p_advance;
      if (s == 1) {
        e.convert += g.share * reach;
        e.convert_given_segment[k] = reach;
      }
    }
    e.complete += g.share * reach;
  }
  return e;
}

// exp(Q t) by its Taylor series; Q is small and Q t of norm below 5.
template <std::size_t N>
std::array<std::array<double, N>, N> expm(const std::array<std::array<double, N>, N>& Q, double t) {
  std::array<std::array<double, N>, N> result{}, term{};
  for (std::size_t i = 0; i < N; ++i) result[i][i] = term[i][i] = 1.0;
  for (int k = 1; k < 80; ++k) {
    std::array<std::array<double, N>, N> next{};
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t j = 0; j < N; ++j)
        for (std::size_t m = 0; m < N; ++m) next[i][j] += term[i][m] * Q[m][j] * t / k;
    term = next;
    for (std::size_t i = 0; i < N; ++i)
      for (std::size_t j = 0; j < N; ++j) result[i][j] += term[i][j];
  }
  return result;
}

}  // namespace

TEST_CASE("conversion through several stages, channels and a segment mixture is exact", "[engine][markov]") {
  const auto model = jst::model_from(kFunnel);
  const auto r = simulate(model, 0);
  const auto exact = exact_funnel();
  const double n = 200000;
  INFO("converted " << r.totals.converted << " expected " << n * exact.convert);
  CHECK(jst::z_score(static_cast<double>(r.totals.converted), n * exact.convert,
                     jst::binomial_sd(n, exact.convert)) < kMaxZ);
  CHECK(jst::z_score(static_cast<double>(r.totals.completed), n * exact.complete,
                     jst::binomial_sd(n, exact.complete)) < kMaxZ);
  CHECK(r.totals.lost + r.totals.completed == r.totals.customers);  // the horizon is far away
  CHECK(r.totals.in_progress == 0);
}

TEST_CASE("each segment converts at its own exact rate, on every engine path", "[engine][markov][segments]") {
  const auto model = jst::model_from(kFunnel);
  const auto exact = exact_funnel();
  // Conditional on a segment's customers n_g, its conversions are Binomial(n_g, p_g).
  for (Ordering ordering : {Ordering::Auto, Ordering::Global}) {
    const auto r = simulate(model, 0, false, ordering);
    std::int64_t customers = 0, converted = 0;
    for (std::size_t g = 0; g < 2; ++g) {
      const auto& seg = r.by_segment.totals[g];
      const double n = static_cast<double>(seg.customers), p = exact.convert_given_segment[g];
      INFO("segment " << g << ": converted " << seg.converted << " of " << seg.customers << ", expected "
                      << n * p);
      CHECK(jst::z_score(static_cast<double>(seg.converted), n * p, jst::binomial_sd(n, p)) < kMaxZ);
      customers += seg.customers;
      converted += seg.converted;
    }
    // The segments differ enough that mixing them up would show.
    CHECK(std::fabs(exact.convert_given_segment[0] - exact.convert_given_segment[1]) > 0.05);
    CHECK(customers == r.totals.customers);
    CHECK(converted == r.totals.converted);
  }
}

TEST_CASE("expected touchpoints and cost per customer are exact", "[engine][markov]") {
  const auto model = jst::model_from(kFunnel);
  const auto exact = exact_funnel();
  // Per-customer variance has no short closed form here: estimate it from 8 replications.
  RunnerOptions options;
  const auto results = run_replications(model, 8, options);
  double sum_t = 0, sum_t2 = 0, sum_c = 0, sum_c2 = 0;
  for (const auto& r : results) {
    const double t = static_cast<double>(r.totals.touchpoints) / 200000.0, c = r.totals.cost / 200000.0;
    sum_t += t;
    sum_t2 += t * t;
    sum_c += c;
    sum_c2 += c * c;
  }
  const double R = 8.0;
  const double mean_t = sum_t / R, sd_t = std::sqrt((sum_t2 - R * mean_t * mean_t) / (R - 1) / R);
  const double mean_c = sum_c / R, sd_c = std::sqrt((sum_c2 - R * mean_c * mean_c) / (R - 1) / R);
  INFO("touches/customer " << mean_t << " exact " << exact.touches << "; cost " << mean_c << " exact "
                           << exact.cost);
  // 6 standard errors: with 7 degrees of freedom a t statistic that large has probability < 1e-3.
  CHECK(jst::z_score(mean_t, exact.touches, sd_t) < 6.0);
  CHECK(jst::z_score(mean_c, exact.cost, sd_c) < 6.0);
  CHECK(mean_t == Approx(exact.touches).epsilon(0.005));
}

TEST_CASE("revenue from a geometric retention loop is exact", "[engine][markov]") {
  const std::string toml = R"(
schema = 1
[scenario]
name = "loop"
horizon_days = 1000000.0
seed = 5
[population]
customers = 100000
arrival = { pattern = "uniform", window_days = 10.0 }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "member"
[[touchpoints]]
stage = "member"
channel = "web"
advance = 0.0
leave = 0.2
value = 10.0
delay = { dist = "fixed", value = 30.0 }
)";
  const auto r = simulate(jst::model_from(toml), 0);
  // Renewals until the first leave: T ~ Geometric(0.2) on {1, 2, ...}, E T = 5, Var T = 0.8 / 0.04 = 20.
  const double n = 100000, expected = n * 10.0 * 5.0, sd = std::sqrt(n * 100.0 * 20.0);
  INFO("revenue " << r.totals.revenue << " expected " << expected);
  CHECK(jst::z_score(r.totals.revenue, expected, sd) < kMaxZ);
  CHECK(r.totals.lost == 100000);
}

TEST_CASE("referral branching gives N / (1 - m) customers", "[engine][markov][referrals]") {
  const std::string toml = R"(
schema = 1
[scenario]
name = "refer"
horizon_days = 100000.0
seed = 8
[population]
customers = 100000
arrival = { pattern = "at_start" }
max_customers = 10000000
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
referrals = 0.5
[referrals]
delay = { dist = "exponential", mean = 3.0 }
)";
  const auto r = simulate(jst::model_from(toml), 0);
  // Galton-Watson with Poisson(m) offspring: total progeny of one root has
  // mean 1/(1-m) and variance m/(1-m)^3.
  const double n = 100000, m = 0.5;
  const double expected = n / (1 - m), sd = std::sqrt(n * m / std::pow(1 - m, 3));
  INFO("customers " << r.totals.customers << " expected " << expected);
  CHECK(jst::z_score(static_cast<double>(r.totals.customers), expected, sd) < kMaxZ);
  CHECK(r.totals.referred == r.totals.customers - 100000);
  CHECK(r.totals.referrals_dropped == 0);
}

TEST_CASE("referrals past max_customers are dropped and counted", "[engine][referrals]") {
  const std::string toml = R"(
schema = 1
[scenario]
name = "cap"
horizon_days = 1000.0
[population]
customers = 1000
arrival = { pattern = "at_start" }
max_customers = 3000
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
referrals = 2.0
)";
  const auto r = simulate(jst::model_from(toml), 0);
  CHECK(r.totals.customers == 3000);  // supercritical: the cap binds
  CHECK(r.totals.referred == 2000);
  CHECK(r.totals.referrals_dropped > 0);

  // Referrals that would arrive after the horizon are nobody: not customers,
  // not dropped, and they take no place under the cap. With the cap at the
  // self-arrivals and every referral arriving after the horizon, nothing is
  // dropped. (Before, each took an id, a place and, past the cap, a 'dropped'.)
  std::string late = toml;
  late.replace(late.find("max_customers = 3000"), 20, "max_customers = 1000");
  late.replace(late.find("referrals = 2.0"), 15,
               "referrals = 2.0\n[referrals]\ndelay = { dist = \"fixed\", value = 2000.0 }");
  const auto l = simulate(jst::model_from(late), 0);
  CHECK(l.totals.customers == 1000);
  CHECK(l.totals.referred == 0);
  CHECK(l.totals.referrals_dropped == 0);

  // Half of them late (exponential, mean = horizon / ln 2): the rest fill the cap exactly.
  std::string half = late;
  half.replace(half.find("max_customers = 1000"), 20, "max_customers = 1500");
  half.replace(half.find("{ dist = \"fixed\", value = 2000.0 }"), 34,
               "{ dist = \"exponential\", mean = 1442.695 }");
  const auto h = simulate(jst::model_from(half), 0);
  CHECK(h.totals.customers == 1500);
  CHECK(h.totals.referred == 500);
}

TEST_CASE("referrals per touch are bounded to what the engine draws one by one", "[engine][referrals]") {
  for (const char* value : {"1e9", "1e300", "1000.5"}) {
    INFO(value);
    CHECK_THAT(jst::problems_of(std::string(R"(
schema = 1
[scenario]
name = "many"
horizon_days = 10.0
[population]
customers = 10
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
referrals = )") + value + "\n"),
               Catch::Contains("touchpoint.a.web.referrals: is") &&
                   Catch::Contains("allowed: a number in [0, 1000] (expected new customers per touch)"));
  }
}

TEST_CASE("counts and daily occupancy at a short horizon match the CTMC matrix exponential",
          "[engine][markov][horizon]") {
  const std::string toml = R"(
schema = 1
[scenario]
name = "ctmc"
horizon_days = 3.5
seed = 99
[population]
customers = 100000
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "b"
conversion = true
delay = { dist = "exponential", mean = 1.25 }
[[stages]]
id = "c"
delay = { dist = "exponential", mean = 1.25 }
[[touchpoints]]
stage = "b"
channel = "web"
advance = 0.3
leave = 0.2
[[touchpoints]]
stage = "c"
channel = "web"
advance = 0.4
leave = 0.1
)";
  const auto r = simulate(jst::model_from(toml), 0);
  // States: 0 in b, 1 in c, 2 lost in b, 3 lost in c, 4 completed. With every
  // delay exponential (mean mu) each stage is left at rate (advance or leave)/mu.
  const double mu = 1.25;
  std::array<std::array<double, 5>, 5> Q{};
  Q[0][1] = 0.3 / mu;
  Q[0][2] = 0.2 / mu;
  Q[0][0] = -0.5 / mu;
  Q[1][4] = 0.4 / mu;
  Q[1][3] = 0.1 / mu;
  Q[1][1] = -0.5 / mu;
  // The first touch is at arrival (t = 0): advance 0.3, leave 0.2, stay 0.5.
  const std::array<double, 5> p0 = {0.5, 0.3, 0.2, 0.0, 0.0};
  auto at = [&](double t) {
    const auto P = expm(Q, t);
    std::array<double, 5> p{};
    for (int i = 0; i < 5; ++i)
      for (int j = 0; j < 5; ++j) p[j] += p0[i] * P[i][j];
    return p;
  };
  const double n = 100000;
  const auto end = at(3.5);
  auto check = [&](std::int64_t observed, double p, const char* what) {
    INFO(what << ": observed " << observed << ", expected " << n * p);
    CHECK(jst::z_score(static_cast<double>(observed), n * p, jst::binomial_sd(n, p)) < kMaxZ);
  };
  check(r.in_progress[0], end[0], "in progress at b");
  check(r.in_progress[1], end[1], "in progress at c");
  check(r.totals.lost, end[2] + end[3], "lost");
  check(r.totals.completed, end[4], "completed");
  check(r.totals.converted, end[1] + end[3] + end[4], "converted");
  REQUIRE(r.days == 4);
  for (std::size_t d = 0; d < 4; ++d) {
    const auto p = at(std::min(3.5, static_cast<double>(d + 1)));
    check(r.occupancy[d * 2 + 0], p[0], "occupancy b");
    check(r.occupancy[d * 2 + 1], p[1], "occupancy c");
  }
}

TEST_CASE("the time-to-convert distribution is exact", "[engine][markov][horizon]") {
  const std::string toml = R"(
schema = 1
[scenario]
name = "convert_days"
horizon_days = 40.0
seed = 5
[population]
customers = 100000
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "b"
conversion = true
delay = { dist = "exponential", mean = 1.25 }
[[stages]]
id = "c"
[[touchpoints]]
stage = "b"
channel = "web"
advance = 0.3
leave = 0.2
[[touchpoints]]
stage = "c"
channel = "web"
advance = 1.0
)";
  const auto r = simulate(jst::model_from(toml), 0);
  // The first touch, at arrival, converts with 0.3 (row 0). After a stay
  // (0.5) the touches come at rate 1/1.25 and each decides with 0.5, so the
  // wait is exponential with rate 0.4 and ends in a conversion with 0.6.
  const double n = 100000, rate = 0.5 / 1.25;
  REQUIRE(r.convert_days.size() == 40);
  std::int64_t sum = 0;
  for (auto c : r.convert_days) sum += c;
  CHECK(sum == r.totals.converted);
  for (std::size_t d = 0; d < 20; ++d) {
    const double within =
        std::exp(-rate * static_cast<double>(d)) - std::exp(-rate * static_cast<double>(d + 1));
    const double p = (d == 0 ? 0.3 : 0.0) + 0.5 * 0.6 * within;
    INFO("row " << d << ": observed " << r.convert_days[d] << ", expected " << n * p);
    CHECK(jst::z_score(static_cast<double>(r.convert_days[d]), n * p, jst::binomial_sd(n, p)) < kMaxZ);
  }
}

TEST_CASE("nothing happens after the horizon", "[engine][horizon]") {
  const std::string toml = R"(
schema = 1
[scenario]
name = "late"
horizon_days = 10.0
[population]
customers = 1000
arrival = { pattern = "uniform", window_days = 20.0 }
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
advance = 0.0
delay = { dist = "fixed", value = 4.0 }
)";
  const auto r = simulate(jst::model_from(toml), 0, true);
  for (const auto& e : r.events) CHECK(e.time <= 10.0);
  // About half arrive in the window's first half; each touches at t, t+4, t+8 while <= 10.
  CHECK(r.totals.customers == Approx(500).margin(4 * jst::binomial_sd(1000, 0.5)));
  CHECK(r.totals.in_progress == r.totals.customers);
}

TEST_CASE("a journey that loops without time passing stops with an error instead of hanging", "[engine]") {
  const std::string toml = R"(
schema = 1
[scenario]
name = "spin"
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
id = "a"
[[touchpoints]]
stage = "a"
channel = "web"
advance = 0.0
delay = { dist = "uniform", min = 0.0, max = 1e-12 }
)";
  for (auto ordering : {Ordering::Auto, Ordering::Global}) {
    CHECK_THROWS_WITH(
        simulate(jst::model_from(toml), 0, false, ordering),
        Catch::Contains("of replication 0 reached 4,194,304 events") && Catch::Contains("at stage `a`"));
  }
}

TEST_CASE("satisfaction scales abandonment, and promoters and detractors are counted",
          "[engine][markov][satisfaction]") {
  // Satisfaction starts at 0.5 and never moves; with sensitivity 1 every
  // abandon probability is multiplied by 1 - 0.5: a' = 0.8 x 0.5 = 0.4.
  // Conversion = (1-f) / (1 - f (1 - a')) = 0.5 / 0.7.
  const std::string toml = R"(
schema = 1
[scenario]
name = "sat"
horizon_days = 100000.0
seed = 31
[population]
customers = 100000
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
initial_satisfaction = 0.5
satisfaction_sensitivity = 1.0
[[channels]]
id = "web"
[[stages]]
id = "a"
[[touchpoints]]
stage = "a"
channel = "web"
friction = 0.5
abandon = 0.8
)";
  const auto r = simulate(jst::model_from(toml), 0);
  const double n = 100000, p = 0.5 / 0.7;
  INFO("converted " << r.totals.converted << " expected " << n * p);
  CHECK(jst::z_score(static_cast<double>(r.totals.converted), n * p, jst::binomial_sd(n, p)) < kMaxZ);
  CHECK(r.totals.promoters == 100000);
  CHECK(r.totals.detractors == 0);

  // A friction costs 1.0 satisfaction: every customer who met one ends a detractor.
  std::string harsh = toml;
  harsh.replace(harsh.find("abandon = 0.8"), 13, "abandon = 0.8\nsatisfaction = { friction = -1.0 }");
  const auto h = simulate(jst::model_from(harsh), 0);
  std::int64_t met_friction = 0;
  for (auto f : h.touch_friction) met_friction += f > 0;
  CHECK(h.totals.detractors + h.totals.promoters == 100000);
  CHECK(h.totals.detractors > 0);
  CHECK(h.totals.detractors == h.totals.customers - h.totals.promoters);
}

TEST_CASE("an unhappy customer abandons more: the product is clamped, not the factor",
          "[engine][markov][satisfaction]") {
  // Satisfaction stays at -0.5 with sensitivity 1: abandon 0.4 becomes
  // clamp(0.4 x (1 + 0.5)) = 0.6, so conversion = (1-f) / (1 - f (1 - a'))
  // = 0.5 / (1 - 0.5 x 0.4) = 0.625. Clamping the factor to [0, 1] first, as
  // the engine once did, gave 0.5 / 0.7 = 0.714: detractors were no likelier
  // to abandon than anyone else.
  const std::string toml = R"(
schema = 1
[scenario]
name = "unhappy"
horizon_days = 100000.0
seed = 37
[population]
customers = 100000
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
initial_satisfaction = -0.5
satisfaction_sensitivity = 1.0
[[channels]]
id = "web"
[[stages]]
id = "a"
[[touchpoints]]
stage = "a"
channel = "web"
friction = 0.5
abandon = 0.4
)";
  const double n = 100000, p = 0.625;
  for (auto ordering : {Ordering::Auto, Ordering::Global}) {
    const auto r = simulate(jst::model_from(toml), 0, false, ordering);
    INFO("converted " << r.totals.converted << " expected " << n * p);
    CHECK(jst::z_score(static_cast<double>(r.totals.converted), n * p, jst::binomial_sd(n, p)) < kMaxZ);
    CHECK(r.totals.detractors == r.totals.customers);
  }
  // Leaving too: with advance 0.5 and leave 0.2 the factor 1.5 makes leave 0.3,
  // so after one touch without friction a customer advances with 0.5 / 0.8.
  std::string leaving = toml;
  leaving.replace(leaving.find("friction = 0.5\nabandon = 0.4"), 28,
                  "friction = 0.0\nadvance = 0.5\nleave = 0.2");
  const auto l = simulate(jst::model_from(leaving), 0);
  const double q = 0.5 / 0.8;
  CHECK(jst::z_score(static_cast<double>(l.totals.converted), n * q, jst::binomial_sd(n, q)) < kMaxZ);
}
