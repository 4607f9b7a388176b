// journeysim sweep: the designs' points, exact conversion at every grid
// point, common random numbers across points, and the file it writes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "journeysim/app/commands.h"
#include "journeysim/core/error.h"
#include "journeysim/experiment/sweep.h"
#include "journeysim/output/journal.h"
#include "journeysim/output/run_file.h"
#include "journeysim/scenario/param_path.h"
#include "support.h"

using namespace journeysim;

namespace {

// One stage: a touch converts with A = (1 - f) advance and is lost with
// L = f abandon + (1 - f) leave, so conversion = A / (A + L) exactly.
std::string one_stage(const std::string& sweep) {
  return R"(schema = 1
[scenario]
name = "one-stage"
horizon_days = 100000.0
seed = 17
[population]
customers = 20000
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
cost_per_touch = 1.0
[[stages]]
id = "buy"
conversion = true
[[touchpoints]]
stage = "buy"
channel = "web"
friction = 0.2
abandon = 0.5
advance = 0.3
leave = 0.1
)" + sweep;
}

SweepDesign design_of(const std::string& toml) {
  return sweep_design(resolve_defaults(jst::scenario_from(toml)));
}

}  // namespace

TEST_CASE("a grid is every combination, the first parameter slowest, ranges with both ends", "[sweep]") {
  const auto d = design_of(one_stage(R"(
[sweep]
[[sweep.parameters]]
path = "touchpoint.buy.web.friction"
values = [0.1, 0.2, 0.4]
[[sweep.parameters]]
path = "touchpoint.buy.web.abandon"
range = [0.2, 0.8]
steps = 3
[[sweep.parameters]]
path = "channel.web.cost_per_touch"
range = [1.0, 100.0]
steps = 3
scale = "log"
)"));
  REQUIRE(d.paths.size() == 3);
  REQUIRE(d.values.size() == 27);
  CHECK(d.values[0] == std::vector<double>{0.1, 0.2, 1.0});
  CHECK(d.values[1][2] == Approx(10.0));                       // evenly spaced in log(value)
  CHECK(d.values[2] == std::vector<double>{0.1, 0.2, 100.0});  // the end exactly
  CHECK(d.values[3][1] == Approx(0.5));
  CHECK(d.values[9][0] == 0.2);  // after 3 x 3 points the first parameter moves
  CHECK(d.values[26] == std::vector<double>{0.4, 0.8, 100.0});
}

TEST_CASE("a Latin hypercube puts exactly one point in each stratum of each range", "[sweep]") {
  const std::string toml = one_stage(R"(
[sweep]
design = "lhs"
points = 50
[[sweep.parameters]]
path = "touchpoint.buy.web.friction"
range = [0.1, 0.6]
[[sweep.parameters]]
path = "channel.web.cost_per_touch"
range = [1.0, 1000.0]
scale = "log"
)");
  const auto d = design_of(toml);
  REQUIRE(d.values.size() == 50);
  std::set<int> linear, logarithmic;
  for (const auto& p : d.values) {
    linear.insert(static_cast<int>(std::floor((p[0] - 0.1) / 0.5 * 50)));
    logarithmic.insert(static_cast<int>(std::floor(std::log(p[1]) / std::log(1000.0) * 50)));
    CHECK(p[0] >= 0.1);
    CHECK(p[0] < 0.6);
  }
  CHECK(linear.size() == 50);
  CHECK(logarithmic.size() == 50);
  CHECK(*linear.begin() == 0);
  CHECK(*linear.rbegin() == 49);
  // Paired at random, from the seed: the same again, another with another seed.
  CHECK(design_of(toml).values == d.values);
  std::string other = toml;
  other.replace(other.find("seed = 17"), 9, "seed = 18");
  CHECK(design_of(other).values != d.values);
  // Not the strata in order: pairing them at random.
  std::size_t same_order = 0;
  for (std::size_t k = 1; k < 50; ++k) same_order += (d.values[k][0] > d.values[k - 1][0]);
  CHECK(same_order < 40);
}

TEST_CASE("a boolean parameter takes false and true, at every level of the others", "[sweep]") {
  // A campaign switched off and on: the grid has both arms, and each arm's scenario says so.
  std::string toml = one_stage(R"(
[sweep]
[[sweep.parameters]]
path = "campaign.again.enabled"
values = [false, true]
[[sweep.parameters]]
path = "touchpoint.buy.web.friction"
values = [0.1, 0.3]
)");
  toml.insert(toml.find("[sweep]"),
              "[[campaigns]]\nid = \"again\"\ntrigger = \"abandon\"\nstage = \"buy\"\nchannel = \"web\"\nvia "
              "= \"web\"\nwin_back = 0.5\n");
  const auto d = design_of(toml);
  REQUIRE(d.values.size() == 4);
  CHECK(d.boolean == std::vector<bool>{true, false});
  CHECK(d.values[0] == std::vector<double>{0.0, 0.1});
  CHECK(d.values[3] == std::vector<double>{1.0, 0.3});
  CHECK(d.value(0, 0).text() == "false");
  CHECK(d.value(2, 0).text() == "true");
  const RunPlan plan = plan_sweep(jst::scenario_from(toml), {}, 1);
  REQUIRE(plan.arms.size() == 4);
  CHECK_FALSE(plan.arms[1].scenario.campaigns.at(0).enabled);
  CHECK(plan.arms[2].scenario.campaigns.at(0).enabled);
  CHECK(plan.arms[2].title == "campaign.again.enabled = true, touchpoint.buy.web.friction = 0.1");
  // A journal's key holds the points themselves: the same [sweep] making other points
  // (sobol's since 1be04db) must not resume an old journal.
  RunPlan moved = plan;
  moved.sweep_values[1][1] += 0.01;
  CHECK(journal_key(plan, {}).effective != journal_key(moved, {}).effective);
  CHECK(journal_key(plan, {}).effective == journal_key(RunPlan(plan), {}).effective);
  // The file's effective scenario writes them back as false and true, so that it runs again.
  const std::string effective = effective_toml(effective_scenario(plan));
  CHECK_THAT(effective, Catch::Contains("values = [false, true]"));
  CHECK(load_scenario_text(effective, "effective.toml").sweep->parameters.at(0).boolean);
}

TEST_CASE("sweep: a --set of a swept path is refused, not silently undone", "[sweep][validate]") {
  const std::string toml = one_stage(R"(
[sweep]
[[sweep.parameters]]
path = "touchpoint.buy.web.friction"
values = [0.1, 0.3]
)");
  try {
    plan_sweep(jst::scenario_from(toml), {parse_override("touchpoint.buy.web.friction=0.5")}, 1);
    FAIL("planned");
  } catch (const ScenarioError& e) {
    CHECK_THAT(std::string(e.what()),
               Catch::Contains("--set touchpoint.buy.web.friction: is swept by sweep.parameters[0], whose "
                               "values replace it at every point; drop the --set, or the parameter"));
  }
  CHECK(plan_sweep(jst::scenario_from(toml), {parse_override("touchpoint.buy.web.abandon=0.4")}, 1)
            .arms.size() == 2);
}

TEST_CASE("random points lie in their ranges and whole-number fields are rounded", "[sweep]") {
  const auto d = design_of(one_stage(R"(
[sweep]
design = "random"
points = 200
[[sweep.parameters]]
path = "population.customers"
range = [100, 5000]
[[sweep.parameters]]
path = "touchpoint.buy.web.friction"
range = [0.0, 0.5]
)"));
  REQUIRE(d.values.size() == 200);
  double low = 1e9, high = 0;
  for (const auto& p : d.values) {
    CHECK(p[0] == std::round(p[0]));
    CHECK(p[0] >= 100);
    CHECK(p[0] <= 5000);
    CHECK(p[1] >= 0.0);
    CHECK(p[1] <= 0.5);
    low = std::min(low, p[1]);
    high = std::max(high, p[1]);
  }
  CHECK(low < 0.05);  // spread over the range
  CHECK(high > 0.45);
}

TEST_CASE("every grid point converts at its exact Markov-chain rate", "[sweep][markov]") {
  jst::TempDir dir;
  const std::string toml = one_stage(R"(
[sweep]
replications = 1
[[sweep.parameters]]
path = "touchpoint.buy.web.friction"
values = [0.0, 0.2, 0.6]
[[sweep.parameters]]
path = "touchpoint.buy.web.advance"
values = [0.1, 0.5, 0.9]
)");
  std::ofstream(dir.file("s.toml")) << toml;
  CommandRequest request;
  request.scenario = dir.file("s.toml");
  request.output = dir.file("s.h5");
  sweep_command(request);
  const auto f = read_run_file(request.output);
  std::vector<std::uint64_t> dims;
  const auto values = read_values(request.output, "/sweep/values", &dims);
  REQUIRE(dims == std::vector<std::uint64_t>{9, 2});
  REQUIRE(f.runs.size() == 9);
  for (std::size_t k = 0; k < 9; ++k) {
    const double fr = values[k * 2], adv = values[k * 2 + 1];
    const double leave = std::min(0.1, 1.0 - adv);
    const double A = (1 - fr) * adv, L = fr * 0.5 + (1 - fr) * leave, p = A / (A + L);
    const double n = 20000, converted = f.runs[k]["converted"];
    INFO("point " << k << ": friction " << fr << ", advance " << adv << ": " << converted << " against "
                  << n * p);
    CHECK(f.runs[k].variant == k);
    CHECK(jst::z_score(converted, n * p, jst::binomial_sd(n, p)) < 4.0);
  }
}

TEST_CASE("replication r of every point runs on the same random numbers", "[sweep][crn]") {
  // The touch's cost changes money only: every point lives the same journeys.
  jst::TempDir dir;
  std::ofstream(dir.file("s.toml")) << one_stage(R"(
[sweep]
design = "random"
points = 4
replications = 2
[[sweep.parameters]]
path = "channel.web.cost_per_touch"
range = [1.0, 9.0]
)");
  CommandRequest request;
  request.scenario = dir.file("s.toml");
  request.output = dir.file("s.h5");
  request.sets = {"population.customers=3000"};
  sweep_command(request);
  const auto f = read_run_file(request.output);
  REQUIRE(f.runs.size() == 8);
  for (std::size_t k = 1; k < 4; ++k) {
    for (std::size_t r = 0; r < 2; ++r) {
      CHECK(f.runs[k * 2 + r]["converted"] == f.runs[r]["converted"]);
      CHECK(f.runs[k * 2 + r]["touchpoints"] == f.runs[r]["touchpoints"]);
      CHECK(f.runs[k * 2 + r]["cost"] != f.runs[r]["cost"]);
    }
  }
  CHECK(f.runs[0]["converted"] != f.runs[1]["converted"]);  // replications differ
}

TEST_CASE("sweep: the file has the points, a summary per point, and reruns from its effective scenario",
          "[sweep][cli]") {
  jst::TempDir dir;
  const auto r = jst::run_cli("sweep '" + jst::source_path("scenarios/gym-membership.toml") +
                                  "' --set population.customers=2000 --replications 2 -o s.h5",
                              dir.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("sweep, lhs design, 20 points x 2 replications"));
  CHECK_THAT(r.out, Catch::Contains("best 1") && Catch::Contains("worst 1") && Catch::Contains("by profit"));
  const auto f = read_run_file(dir.file("s.h5"));
  CHECK(f.text_attrs.at("command") == "sweep");
  CHECK(f.runs.size() == 40);
  CHECK(f.labels.at("variants").size() == 20);
  std::vector<std::uint64_t> dims;
  read_values(dir.file("s.h5"), "/sweep/values", &dims);
  CHECK(dims == std::vector<std::uint64_t>{20, 2});
  // The summary's means are the means of each point's runs, with an interval.
  REQUIRE(f.sweep_summary.size() == 20);
  for (std::size_t k = 0; k < 20; ++k) {
    const auto& row = f.sweep_summary[k];
    CHECK(row.at("point") == static_cast<double>(k));
    CHECK(
        row.at("conversion_rate") ==
        Approx((f.runs[2 * k]["conversion_rate"] + f.runs[2 * k + 1]["conversion_rate"]) / 2).epsilon(1e-12));
    CHECK(row.at("profit_ci_low") < row.at("profit"));
    CHECK(row.at("profit_ci_high") > row.at("profit"));
  }
  // Its effective scenario, [sweep] included, runs the same sweep again.
  std::ofstream(dir.file("again.toml")) << f.effective;
  const auto again = jst::run_cli("sweep again.toml -o again.h5 -q", dir.path);
  INFO(again.err);
  REQUIRE(again.exit_code == 0);
  const auto g = read_run_file(dir.file("again.h5"));
  REQUIRE(g.runs.size() == f.runs.size());
  for (std::size_t i = 0; i < f.runs.size(); ++i) CHECK(g.runs[i].values == f.runs[i].values);
}

TEST_CASE("sweep: a scenario without a sweep says there is nothing to sweep", "[sweep][cli]") {
  jst::TempDir dir;
  const auto r =
      jst::run_cli("sweep '" + jst::source_path("scenarios/teaching-minimal.toml") + "' -o s.h5", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("sweep: is missing: there is nothing to sweep"));
  CHECK(!std::filesystem::exists(dir.file("s.h5")));
}

namespace {
// Two stages, each passed with probability 1 - friction (abandon 1, advance 1):
// conversion = X1 X2 with X1 = 1 - f1 ~ U[0.5, 0.9] and X2 = 1 - f2 ~ U[0.4, 1.0].
std::string product_of_two(const std::string& sweep) {
  return R"(schema = 1
[scenario]
name = "product"
horizon_days = 100000.0
seed = 23
[population]
customers = 5000
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
cost_per_touch = 1.0
[[stages]]
id = "first"
[[stages]]
id = "second"
conversion = true
[[touchpoints]]
stage = "first"
channel = "web"
friction = 0.3
abandon = 1.0
advance = 1.0
[[touchpoints]]
stage = "second"
channel = "web"
friction = 0.3
abandon = 1.0
advance = 1.0
)" + sweep;
}
}  // namespace

TEST_CASE("Sobol indices of a product of two stage probabilities match its exact variance decomposition",
          "[sweep][sensitivity]") {
  jst::TempDir dir;
  std::ofstream(dir.file("s.toml")) << product_of_two(R"(
[sweep]
design = "sobol"
points = 128
replications = 1
[[sweep.parameters]]
path = "touchpoint.first.web.friction"
range = [0.1, 0.5]
[[sweep.parameters]]
path = "touchpoint.second.web.friction"
range = [0.0, 0.6]
[[sweep.parameters]]
path = "channel.web.cost_per_touch"
range = [1.0, 3.0]
)");
  CommandRequest request;
  request.scenario = dir.file("s.toml");
  request.output = dir.file("s.h5");
  const auto outcome = sweep_command(request);
  // The console says how to read noisy estimates, as the report does.
  CHECK_THAT(outcome.summary, Catch::Contains("an index past 0 or 1, says there are too few (raise [sweep] "
                                              "points, a power of two)"));
  // Y = X1 X2, independent: V = E[X1^2] E[X2^2] - (E X1 E X2)^2, V1 = Var X1 (E X2)^2,
  // V2 = Var X2 (E X1)^2, and with two inputs ST1 = 1 - S2, ST2 = 1 - S1.
  const double m1 = 0.7, v1 = 0.4 * 0.4 / 12, m2 = 0.7, v2 = 0.6 * 0.6 / 12;
  const double V = (v1 + m1 * m1) * (v2 + m2 * m2) - m1 * m1 * m2 * m2;
  const double S1 = v1 * m2 * m2 / V, S2 = v2 * m1 * m1 / V;
  const double first[] = {S1, S2, 0.0}, total[] = {1 - S2, 1 - S1, 0.0};
  const auto rows = read_table(request.output, "/sensitivity");
  REQUIRE(rows.size() == 4 * 3);  // conversion_rate, revenue, profit, days to convert; 3 parameters each
  for (std::size_t d = 0; d < 3; ++d) {
    const auto& r = rows[d];  // conversion_rate comes first
    INFO("parameter " << d << ": first " << r.at("first") << " [" << r.at("first_ci_low") << ", "
                      << r.at("first_ci_high") << "] exact " << first[d] << "; total " << r.at("total")
                      << " [" << r.at("total_ci_low") << ", " << r.at("total_ci_high") << "] exact "
                      << total[d]);
    CHECK(r.at("parameter") == static_cast<double>(d));
    // Within the bootstrap interval widened by the binomial noise of 5,000 customers a point.
    CHECK(r.at("first_ci_low") - 0.02 <= first[d]);
    CHECK(r.at("first_ci_high") + 0.02 >= first[d]);
    CHECK(r.at("total_ci_low") - 0.02 <= total[d]);
    CHECK(r.at("total_ci_high") + 0.02 >= total[d]);
    CHECK(r.at("total") == Approx(total[d]).margin(0.06));
    CHECK(r.at("first") == Approx(first[d]).margin(0.08));
  }
  CHECK(rows[0].at("total") < rows[1].at("total"));  // the wider range matters more
}

TEST_CASE("Morris ranks the parameters of a scenario and gives zero to one without effect",
          "[sweep][sensitivity]") {
  jst::TempDir dir;
  std::ofstream(dir.file("s.toml")) << product_of_two(R"(
[sweep]
design = "morris"
trajectories = 12
replications = 1
[[sweep.parameters]]
path = "channel.web.cost_per_touch"
range = [1.0, 3.0]
[[sweep.parameters]]
path = "touchpoint.second.web.friction"
range = [0.0, 0.6]
[[sweep.parameters]]
path = "touchpoint.first.web.friction"
range = [0.1, 0.5]
)");
  CommandRequest request;
  request.scenario = dir.file("s.toml");
  request.output = dir.file("s.h5");
  request.sets = {"population.customers=2000"};
  const auto outcome = sweep_command(request);
  const auto rows = read_table(request.output, "/sensitivity");
  REQUIRE(rows.size() == 4 * 3);
  // Conversion: the cost does nothing (the same streams at every point: exactly 0).
  CHECK(rows[0].at("mu_star") == 0.0);
  // E[dY/dX2] over the range = E X1 = 0.7 per unit of X2, so about 0.7 x 0.6 per whole range;
  // X1's: 0.7 x 0.4. Both lower conversion.
  CHECK(rows[1].at("mu_star") == Approx(0.42).margin(0.08));
  CHECK(rows[2].at("mu_star") == Approx(0.28).margin(0.08));
  CHECK(rows[1].at("mu") < 0);
  CHECK(rows[2].at("mu") < 0);
  CHECK_THAT(outcome.summary, Catch::Contains("effect on conversion_rate") && Catch::Contains("mu*"));
}

TEST_CASE("sweep: sobol needs a power of two and morris its trajectories", "[sweep][validate]") {
  const std::string param =
      "[[sweep.parameters]]\npath = \"touchpoint.first.web.friction\"\nrange = [0.1, 0.5]\n";
  CHECK_THAT(jst::problems_of(product_of_two("[sweep]\ndesign = \"sobol\"\npoints = 100\n" + param)),
             Catch::Contains("sweep.points: is 100; a sobol design needs a power of two"));
  CHECK_THAT(jst::problems_of(product_of_two("[sweep]\ndesign = \"morris\"\n" + param)),
             Catch::Contains("sweep.trajectories: is missing; a morris design needs trajectories"));
  CHECK_THAT(
      jst::problems_of(product_of_two("[sweep]\ndesign = \"lhs\"\npoints = 4\ntrajectories = 3\n" + param)),
      Catch::Contains("sweep.trajectories: only a morris design takes it"));
  CHECK(jst::problems_of(product_of_two("[sweep]\ndesign = \"sobol\"\npoints = 64\n" + param)).empty());
  // An odd number of levels would step off the grid, and out of the range.
  CHECK_THAT(jst::problems_of(
                 product_of_two("[sweep]\ndesign = \"morris\"\ntrajectories = 4\nlevels = 3\n" + param)),
             Catch::Contains("sweep.levels: is 3; allowed: an even number, at least 2"));
  CHECK_THAT(jst::problems_of(product_of_two("[sweep]\ndesign = \"sobol\"\npoints = 2\n" + param)),
             Catch::Contains("a sobol design needs at least 4 base samples"));
  // 30^5 = 24.3 million points, each a compiled arm: refused before any is made.
  std::string huge = "[sweep]\n";
  for (const char* path :
       {"touchpoint.first.web.friction", "touchpoint.second.web.friction", "channel.web.cost_per_touch",
        "touchpoint.first.web.abandon", "touchpoint.second.web.abandon"})
    huge += "[[sweep.parameters]]\npath = \"" + std::string(path) + "\"\nrange = [0.1, 0.5]\nsteps = 30\n";
  CHECK_THAT(jst::problems_of(product_of_two(huge)),
             Catch::Contains("sweep: has 2.43e+07 points; allowed: at most 1000000"));
}

TEST_CASE("the progress line shows runs done, the rate and the time left", "[cli]") {
  CHECK(progress_text(0, 600, 0.0, "runs") == "simulating: 0/600 runs");
  CHECK(progress_text(120, 600, 4.0, "runs") == "simulating: 120/600 runs, 30 runs/s, about 16 s left");
  CHECK(progress_text(10, 600, 10.0, "runs") == "simulating: 10/600 runs, 1 runs/s, about 10 min left");
  CHECK(progress_text(1, 10000, 10.0, "runs") == "simulating: 1/10000 runs, 0.1 runs/s, about 27.8 h left");
}

TEST_CASE("a run that fails at an extreme point is recorded and the sweep goes on", "[sweep][cli]") {
  // At a retry delay of 1e-12 days a customer who meets friction retries
  // millions of times without time passing: the event limit stops that run.
  jst::TempDir dir;
  {
    // The touchpoint needs a retry delay of its own to be swept, and abandon 0 to retry.
    std::string toml = one_stage(R"(
[sweep]
replications = 1
[[sweep.parameters]]
path = "touchpoint.buy.web.retry_delay.value"
values = [1.0, 1e-12, 0.5]
)");
    toml.replace(toml.find("abandon = 0.5"), 13,
                 "abandon = 0.0\nretry_delay = { dist = \"fixed\", value = 1.0 }");
    toml.replace(toml.find("friction = 0.2"), 14, "friction = 1.0");
    std::ofstream(dir.file("s.toml")) << toml;
  }
  const auto r = jst::run_cli("sweep s.toml -o s.h5 --set population.customers=200", dir.path);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("warning: 1 run failed") && Catch::Contains("p1 (") &&
                        Catch::Contains("events, the most one customer may have"));
  // The failed point has no mean: it is not ranked (it was "best 3" with dashes).
  CHECK_THAT(r.out, Catch::Contains("best 2          p2") && !Catch::Contains("best 3"));
  const auto f = read_run_file(dir.file("s.h5"));
  REQUIRE(f.runs.size() == 3);
  CHECK(f.runs[1]["customers"] == 0);  // the failed point's row is zeros
  CHECK(f.runs[0]["customers"] == 200);
  CHECK(f.runs[2]["customers"] == 200);  // the point after it ran
  REQUIRE(f.sweep_summary.size() == 3);
  CHECK(std::isnan(f.sweep_summary[1].at("conversion_rate")));
  CHECK(!std::isnan(f.sweep_summary[2].at("conversion_rate")));
  const auto failures = read_table(dir.file("s.h5"), "/sweep/failures");
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].at("run") == 1);
  CHECK(failures[0].at("point") == 1);
  CHECK(failures[0].at("replication") == 0);

  // When every run fails the file is still written, but the exit code says
  // so: a script went on with a sweep of zeros (exit code 0).
  std::string only = jst::read_text(dir.file("s.toml"));
  only.replace(only.find("values = [1.0, 1e-12, 0.5]"), 26, "values = [1e-12]");
  std::ofstream(dir.file("all.toml")) << only;
  const auto all = jst::run_cli("sweep all.toml -o all.h5 --set population.customers=200", dir.path);
  CHECK(all.exit_code == 1);
  CHECK_THAT(all.err, Catch::Contains("journeysim: error: every run of the sweep failed; all.h5 holds why in "
                                      "/sweep/failures"));
  CHECK(read_table(dir.file("all.h5"), "/sweep/failures").size() == 1);
}

TEST_CASE("a point with some runs failed is ranked saying how many runs it has", "[sweep][cli]") {
  // One customer in a hundred is on a phone line retrying a picosecond apart:
  // the runs that drew one fail, and the mean of the others (no such
  // customer, 100 % conversion) ranked first with nothing to say so.
  jst::TempDir dir;
  // Shared with the Python reader's and the report's checks.
  const std::string part = jst::source_path("tests/fixtures/scenarios/partial-failure.toml");
  const auto r = jst::run_cli("sweep '" + part + "' -o part.h5", dir.path);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("best 1          p1 (2 of 4 runs)") &&
                        Catch::Contains("best 2          p0                  "));
  // The warning gives the point's values as the rankings do.
  CHECK_THAT(r.out, Catch::Contains("The first: p1 (touchpoint.buy.phone.retry_delay.value = 1e-12)"));
}

// The sweep checks the journal's path and locks it without following a link,
// but the writer opened it again by name: a link swapped in between had the
// journal written over whatever it pointed to.
TEST_CASE("the journal writer never writes through a link", "[sweep][resume]") {
  jst::TempDir dir;
  std::ofstream(dir.file("notes.txt")) << "my notes\n";
  std::filesystem::create_symlink("notes.txt", dir.file("out.h5.journal"));
  const RunPlan plan = plan_sweep(jst::scenario_from(jst::bench_journey(100, R"(
[sweep]
[[sweep.parameters]]
path = "touchpoint.s1.web.advance"
values = [0.3, 0.4]
)")),
                                  {}, 1);
  for (const std::size_t continue_from : {std::size_t{0}, std::size_t{1}}) {
    CHECK_THROWS_AS(JournalWriter(dir.file("out.h5.journal"), journal_key(plan, {}), continue_from), IoError);
    CHECK(jst::read_text(dir.file("notes.txt")) == "my notes\n");
  }
}
