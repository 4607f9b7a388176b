// The one list of metrics: each ratio's zero-denominator rule, and every
// place that shows a metric (/runs, /compare, the console) agreeing with it.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "journeysim/app/commands.h"
#include "journeysim/metrics/metrics.h"
#include "journeysim/output/run_file.h"
#include "journeysim/output/table.h"
#include "support.h"

using namespace journeysim;

namespace {
// Every customer arrives after the one-day horizon: a run with no customers.
const char* kNobody = R"(schema = 1
[scenario]
name = "nobody"
horizon_days = 1.0
replications = 2
[population]
customers = 5
arrival = { pattern = "uniform", window_days = 1000000.0 }
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
[[variants]]
id = "same"
set = { "touchpoint.only.web.friction" = 0.0 }
)";
}  // namespace

TEST_CASE("a ratio with a zero denominator is NaN, a mean skips NaN", "[metrics]") {
  CHECK(std::isnan(ratio(0.0, 0.0)));
  CHECK(std::isnan(ratio(3.0, 0.0)));
  CHECK(ratio(1.0, 4.0) == 0.25);
  RunTotals t;
  CHECK(std::isnan(metric("conversion_rate").value(t)));
  CHECK(std::isnan(metric("mean_days_to_convert").value(t)));
  t.customers = 4;
  t.converted = 1;
  t.days_to_convert = 6.0;
  t.revenue = 10.0;
  t.cost = 2.5;
  CHECK(metric("conversion_rate").value(t) == 0.25);
  CHECK(metric("mean_days_to_convert").value(t) == 6.0);
  CHECK(metric("profit").value(t) == 7.5);
  CHECK(metric("customers").value(t) == 4.0);
  MeanOver m;
  CHECK(std::isnan(m.mean()));
  m.add(1.0);
  m.add(std::nan(""));
  m.add(3.0);
  CHECK(m.mean() == 2.0);
  CHECK_THROWS_AS(metric("conversion"), std::out_of_range);
}

TEST_CASE("the runs table holds the keys and then every headline metric, in the order of the list",
          "[metrics][output]") {
  jst::TempDir dir;
  CommandRequest request;
  request.scenario = jst::source_path("scenarios/teaching-minimal.toml");
  request.output = dir.file("t.h5");
  request.replications = 1;
  request.sets = {"population.customers=50"};
  run_command(request);
  const auto f = read_run_file(request.output);
  REQUIRE(f.runs.size() == 1);
  CHECK(f.runs[0].values.size() == headline_metrics().size());
  for (const auto& m : headline_metrics()) CHECK(f.runs[0].values.count(std::string(m.name)) == 1);
}

TEST_CASE("with no customers, conversion is NaN in /runs and /compare and a dash on the console",
          "[metrics]") {
  jst::TempDir dir;
  std::ofstream(dir.file("nobody.toml")) << kNobody;
  CommandRequest request;
  request.scenario = dir.file("nobody.toml");
  request.output = dir.file("run.h5");
  const auto run = run_command(request);
  const auto f = read_run_file(request.output);
  REQUIRE(f.runs.size() == 2);
  CHECK(f.runs[0]["customers"] == 0.0);
  CHECK(std::isnan(f.runs[0]["conversion_rate"]));
  CHECK(std::isnan(f.runs[0]["mean_days_to_convert"]));
  CHECK_THAT(run.summary, Catch::Contains("conversion rate                      -"));

  request.output = dir.file("compare.h5");
  compare_command(request);
  const auto c = read_run_file(request.output);
  bool seen = false;
  for (const auto& row : c.compare) {
    if (row.metric != "conversion_rate") continue;
    seen = true;
    CHECK(std::isnan(row.mean));
  }
  CHECK(seen);
}

TEST_CASE("docs/metrics.md lists every headline metric with its unit and meaning", "[metrics][docs]") {
  const auto doc = jst::read_text(jst::source_path("docs/metrics.md"));
  for (const auto& m : headline_metrics()) {
    const std::string row =
        "| " + std::string(m.name) + " | " + std::string(m.unit) + " | " + std::string(m.meaning) + " |";
    INFO(row);
    CHECK(doc.find(row) != std::string::npos);
  }
}

TEST_CASE("the console rounds an exact half away from zero, as the report does", "[metrics][format]") {
  // printf rounds a half to even: a mean of 12,646.5 customers read 12,646
  // on the console and 12,647 in the report.
  CHECK(journeysim::grouped(12646.5, 0) == "12,647");
  CHECK(journeysim::fixed(-2.5, 0) == "-3");
  CHECK(journeysim::fixed(0.125, 2) == "0.13");
  // The shortest decimal that reads back as the double is rounded, as ICU does for the
  // report: 0.285 is 0.28499999999999998 as a double, which printf rounds down.
  CHECK(journeysim::fixed(0.285, 2) == "0.29");
  CHECK(journeysim::fixed(1.005, 2) == "1.01");
  CHECK(journeysim::fixed(0.15, 1) == "0.2");
  CHECK(journeysim::fixed(1.25, 1) == "1.3");
  CHECK(journeysim::fixed(2.4999, 0) == "2");
  CHECK(journeysim::fixed(9.995, 2) == "10.00");
  CHECK(journeysim::fixed(-0.5, 0) == "-1");
  CHECK(journeysim::fixed(0.0, 2) == "0.00");
  CHECK(journeysim::fixed(123.0, 0) == "123");
  CHECK(journeysim::fixed(1e20, 0) == "100000000000000000000");
}
