// journeysim report: the page's data is the results file's (means over
// replications, the scenario's titles), the page holds everything inline,
// and a scenario cannot break out of the data's script element.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "journeysim/app/commands.h"
#include "journeysim/core/error.h"
#include "journeysim/output/run_file.h"
#include "journeysim/report/report.h"
#include "support.h"

using namespace journeysim;

namespace {

nlohmann::json data_of(const std::string& page) {
  const std::string open = "<script id=\"data\" type=\"application/json\">";
  const auto from = page.find(open) + open.size();
  const auto to = page.find("</script>", from);
  REQUIRE(to != std::string::npos);
  return nlohmann::json::parse(page.substr(from, to - from));
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("report: the page carries the means and titles of the run file, and the chart library",
          "[report]") {
  jst::TempDir dir;
  // A comment that would end a script element if it were copied in as it is.
  std::string toml = jst::read_text(jst::source_path("scenarios/teaching-minimal.toml"));
  toml += "\n# </script><script>alert(1)</script>\n";
  toml.replace(toml.find("title = \"Checkout form\""), 23, "");  // an untitled touchpoint
  std::ofstream(dir.file("s.toml")) << toml;
  CommandRequest run;
  run.scenario = dir.file("s.toml");
  run.output = dir.file("s.h5");
  run.replications = 3;
  run.sets = {"population.customers=2000", "scenario.seed=9007199254740993"};
  run_command(run);

  const std::string page = render_report(dir.file("s.h5"));
  CHECK(count(page, "</script>") == 3);  // data, ECharts, the page's script: nothing closed early
  CHECK(page.find("echarts") != std::string::npos);
  CHECK(page.find("Content-Security-Policy\" content=\"default-src 'none'") != std::string::npos);
  const auto data = data_of(page);
  CHECK(data["title"] == "Two stages, one channel: how friction shapes a funnel");
  CHECK(data["replications"] == 3);
  // As text: the page's JavaScript rounds a number past 2^53 (it showed ...992).
  CHECK(data["seed"] == "9007199254740993");
  CHECK(data["events"] == false);
  CHECK(data["source"].get<std::string>().find("</script><script>alert(1)") != std::string::npos);

  const auto file = read_run_file(dir.file("s.h5"));
  double conversion = 0;
  for (const auto& r : file.runs) conversion += r["conversion_rate"] / 3.0;
  const auto& tiles = data["tiles"];
  REQUIRE(tiles.size() == 6);
  CHECK(tiles[1]["name"] == "conversion_rate");
  CHECK(tiles[1]["unit"] == "fraction");
  CHECK(data["metrics"]["conversion_rate"]["label"] == "Conversion rate");
  CHECK(data["command_line"] == "");  // written through the library, not typed  // from the list of metrics
  CHECK(data["metrics"]["profit"]["meaning"] == "revenue - cost");
  CHECK(tiles[1]["value"]["mean"].get<double>() == Approx(conversion).epsilon(1e-12));
  CHECK(tiles[1]["value"]["low"].get<double>() < conversion);
  REQUIRE(data["funnel"].size() == 2);
  CHECK(data["funnel"][0]["title"] == "interest");
  CHECK(data["funnel"][0]["reached"]["mean"].get<double>() == 2000.0);
  // Touchpoints labelled as on the console: the channel in brackets unless the
  // title names it ("purchase via web [web]" read twice over).
  CHECK(data["touchpoint_titles"][0][0] == "Product page [web]");
  CHECK(data["touchpoint_titles"][1][0] == "purchase via web");

  // The command writes it beside the results file, and never over the results file.
  const auto written = report_command(dir.file("s.h5"), "");
  CHECK(written.output == dir.file("s.html"));
  CHECK(jst::read_text(dir.file("s.html")).size() == page.size());
  CHECK_THROWS_AS(report_command(dir.file("s.h5"), dir.file("s.h5")), IoError);
  // run --report: the page beside the results, named in the summary.
  run.output = dir.file("r.h5");
  run.report = true;
  const auto both = run_command(run);
  CHECK(std::filesystem::exists(dir.file("r.html")));
  CHECK_THAT(both.summary, Catch::Contains("report: " + dir.file("r.html")));
  CHECK(read_run_file(dir.file("s.h5")).runs.size() == 3);
  // Results named x.html would be replaced by their own page: refused before any run.
  run.output = dir.file("x.html");
  CHECK_THROWS_WITH(run_command(run), Catch::Contains("it would be " + dir.file("x.html") + " itself"));
  CHECK_FALSE(std::filesystem::exists(dir.file("x.html")));
}

TEST_CASE("report: a compare page carries every arm with its paired differences from /compare", "[report]") {
  jst::TempDir dir;
  CommandRequest compare;
  compare.scenario = jst::source_path("scenarios/gym-membership.toml");
  compare.output = dir.file("c.h5");
  compare.replications = 2;
  compare.sets = {"population.customers=1000"};
  compare.report = true;
  const auto outcome = compare_command(compare);
  CHECK_THAT(outcome.summary, Catch::Contains("report: " + dir.file("c.html")));
  const auto data = data_of(render_report(dir.file("c.h5")));
  CHECK(data_of(jst::read_text(dir.file("c.html"))) == data);
  const auto file = read_run_file(dir.file("c.h5"));
  REQUIRE(data["arms"].size() == 4);
  CHECK(data["arms"][0]["title"] == "Baseline");
  CHECK(data["arms"][1]["title"] == "Shorter mobile sign-up form (6 fields)");
  CHECK(data["arms"][1]["fixed_cost"] == 15000.0);
  CHECK(data["replications"] == 2);
  for (const auto& r : file.compare) {
    if (r.variant != 1 || r.metric != "conversion_rate") continue;
    CHECK(data["arms"][1]["metrics"]["conversion_rate"]["diff"].get<double>() == r.diff);
    CHECK(data["arms"][1]["metrics"]["conversion_rate"]["significant"] == (r.significant != 0));
  }
  REQUIRE(data["funnels"].size() == 4);
  CHECK(data["funnels"][0][0].get<double>() == 1000.0);
  // The promo arm's sends and wins: its runs' means.
  REQUIRE(data["campaigns"].size() == 1);
  double sends = 0, wins = 0;
  for (const auto& r : file.runs) {
    if (r.variant != 2) continue;
    sends += r["campaign_sends"] / 2.0;
    wins += r["campaign_wins"] / 2.0;
  }
  CHECK(sends > 0);
  CHECK(data["campaign_sends"][2][0].get<double>() == Approx(sends));
  CHECK(data["campaign_wins"][2][0].get<double>() == Approx(wins));
  CHECK(data["campaign_sends"][0][0].get<double>() == 0.0);
}

TEST_CASE("report: the data of the run charts adds up to the totals of the file", "[report]") {
  jst::TempDir dir;
  CommandRequest run;
  run.scenario = jst::source_path("scenarios/gym-membership.toml");
  run.output = dir.file("g.h5");
  run.replications = 2;
  run.sets = {"population.customers=2000", "scenario.horizon_days=1001"};
  run_command(run);
  const auto data = data_of(render_report(dir.file("g.h5")));
  const auto file = read_run_file(dir.file("g.h5"));
  auto mean = [&](const char* metric) { return (file.runs[0][metric] + file.runs[1][metric]) / 2.0; };
  auto total = [](const nlohmann::json& rows) {
    double sum = 0;
    for (const auto& row : rows) {
      if (row.is_array()) {
        for (const auto& v : row) sum += v.get<double>();
      } else {
        sum += row.get<double>();
      }
    }
    return sum;
  };
  const std::size_t S = data["stages"].size();
  CHECK(total(data["convert_days"]) == Approx(mean("converted")));
  CHECK(total(data["touch"]["revenue"]) == Approx(mean("revenue")));
  CHECK(total(data["touch"]["count"]) == Approx(mean("touchpoints")));
  CHECK(total(data["channel_cost"]) == Approx(mean("cost")));
  double lost_moves = 0, abandon_and_leave = total(data["touch"]["abandon"]) + total(data["touch"]["leave"]);
  for (const auto& row : data["flows"]) lost_moves += row[S].get<double>();
  CHECK(lost_moves == Approx(abandon_and_leave));  // the Sankey's two lost nodes take all of column "lost"
  double reached = 0;
  for (const auto& f : data["funnel"]) reached += f["reached"]["mean"].get<double>();
  CHECK(total(data["segment_reached"]) == Approx(reached));
  // 1,001 daily rows of occupancy: every third drawn (days 1, 4, ... 1000), and the last.
  const auto& occupancy = data["occupancy"];
  CHECK(occupancy.size() == 335);
  CHECK(occupancy.front()[0] == 1.0);
  CHECK(occupancy.back()[0] == 1001.0);
  CHECK(occupancy[1][0] == 4.0);
  CHECK(occupancy.back().size() == S + 1);
}

TEST_CASE(
    "report: the Sankey inflows are the arrivals at each entry stage and the referred customers at theirs",
    "[report]") {
  jst::TempDir dir;
  CommandRequest run;
  run.scenario = jst::source_path("scenarios/retail-omnichannel.toml");  // referrals enter at consideration
  run.output = dir.file("r.h5");
  run.replications = 2;
  run.sets = {"population.customers=3000"};
  run_command(run);
  const auto data = data_of(render_report(dir.file("r.h5")));
  const auto file = read_run_file(dir.file("r.h5"));
  auto mean = [&](const char* metric) { return (file.runs[0][metric] + file.runs[1][metric]) / 2.0; };
  const auto& own = data["arrivals"];
  const auto& referred = data["referred_in"];
  REQUIRE(own.size() == data["stages"].size());
  REQUIRE(referred.size() == data["stages"].size());
  CHECK(data["stages"][1]["id"] == "consideration");
  CHECK(mean("referred") > 100);
  CHECK(own[0].get<double>() ==
        Approx(mean("customers") - mean("referred")));  // every segment starts at awareness
  CHECK(referred[1].get<double>() == Approx(mean("referred")));
  for (std::size_t s = 0; s < own.size(); ++s) {
    if (s != 0) CHECK(own[s].get<double>() == 0.0);
    if (s != 1) CHECK(referred[s].get<double>() == 0.0);
  }
}

// A file with an event log: the page's command to run its effective scenario
// again adds --events, and so run it gives /runs to the last bit. Without the
// log, retail's referred customers run in another order and its days to
// convert, a sum of doubles, came out 1e-15 apart (helper-25).
TEST_CASE("report: the effective scenario of a file with events runs the same /runs again with --events",
          "[report][events]") {
  jst::TempDir dir;
  CommandRequest run;
  run.scenario = jst::source_path("scenarios/retail-omnichannel.toml");
  run.output = dir.file("r.h5");
  run.replications = 2;
  run.events = true;
  run.sets = {"population.customers=3000"};
  run_command(run);
  const auto file = read_run_file(dir.file("r.h5"));
  CHECK(data_of(render_report(dir.file("r.h5")))["events"] == true);
  std::ofstream(dir.file("effective.toml")) << file.effective;
  CommandRequest again;
  again.scenario = dir.file("effective.toml");
  again.output = dir.file("again.h5");
  again.events = true;
  run_command(again);
  const auto rerun = read_run_file(dir.file("again.h5"));
  REQUIRE(rerun.runs.size() == file.runs.size());
  for (std::size_t i = 0; i < file.runs.size(); ++i) CHECK(rerun.runs[i].values == file.runs[i].values);
}
