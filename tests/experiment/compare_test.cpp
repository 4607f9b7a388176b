// journeysim compare: statistics, common random numbers, win-back lift
// against its exact value, --precision, ROI, and the /compare table.
#include <catch2/catch.hpp>

#include "journeysim/experiment/compare.h"
#include "journeysim/output/run_file.h"
#include "journeysim/output/summary.h"
#include "support.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace journeysim;

TEST_CASE("Student t quantiles match the table", "[experiment][statistics]") {
  // Two-sided 95% critical values, from any statistics table.
  const std::pair<int, double> table[] = {{1, 12.706}, {2, 4.303},  {5, 2.571},  {10, 2.228},
                                          {19, 2.093}, {30, 2.042}, {120, 1.980}};
  for (const auto& [df, t] : table) CHECK(student_t_quantile(0.95, df) == Approx(t).margin(0.0005));
  CHECK(student_t_quantile(0.99, 10) == Approx(3.169).margin(0.0005));
  CHECK(student_t_quantile(0.95, 100000) == Approx(1.95996).margin(0.0001));
}

TEST_CASE("mean and paired intervals", "[experiment][statistics]") {
  const auto i = mean_interval({1.0, 2.0, 3.0, 4.0});
  CHECK(i.mean == 2.5);
  CHECK(i.sd == Approx(std::sqrt(5.0 / 3.0)));
  CHECK(i.half_width() == Approx(3.182446 * std::sqrt(5.0 / 3.0) / 2.0).epsilon(1e-6));
  CHECK(i.excludes_zero());
  const auto nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(mean_interval({1.0, nan, 3.0}).n == 2);  // runs without a value are left out
  const auto d = paired_interval({5.0, 7.0, 6.0}, {4.0, 6.5, 5.5});
  CHECK(d.mean == Approx(2.0 / 3.0));
  // One value says nothing about spread: no interval, not one of width 0.
  const auto one = mean_interval({3.0});
  CHECK(one.mean == 3.0);
  CHECK(std::isnan(one.low));
  CHECK(std::isnan(one.high));
  CHECK(std::isnan(one.half_width()));
  CHECK(!one.excludes_zero());
}

TEST_CASE("compare with one replication stores no interval and marks nothing significant",
          "[experiment][cli]") {
  jst::TempDir dir;
  const auto r = jst::run_cli("compare '" + jst::source_path("scenarios/gym-membership.toml") +
                                  "' --replications 1 --set population.customers=2000 -o c.h5",
                              dir.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, !Catch::Contains("+-") && !Catch::Contains(" *"));
  const auto f = read_run_file(dir.file("c.h5"));
  REQUIRE(!f.compare.empty());
  for (const auto& row : f.compare) {
    INFO(row.metric << " of arm " << row.variant);
    CHECK(!std::isnan(row.mean));
    CHECK(std::isnan(row.ci_low));
    CHECK(std::isnan(row.ci_high));
    CHECK(std::isnan(row.diff_ci_low));
    CHECK(row.significant == 0);
    if (row.variant > 0 && row.metric == "conversion_rate") CHECK(!std::isnan(row.diff));
  }
}

TEST_CASE("the exact win-back lift lies inside the paired CI", "[experiment][compare][markov]") {
  const std::string toml = R"(
schema = 1
[scenario]
name = "winback"
horizon_days = 100000.0
seed = 77
replications = 20
[population]
customers = 20000
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
id = "buy"
[[touchpoints]]
stage = "buy"
channel = "web"
friction = 0.4
[[campaigns]]
id = "wb"
enabled = false
trigger = "abandon"
via = "email"
delay = { dist = "fixed", value = 1.0 }
reach = 0.5
win_back = 0.6
[[variants]]
id = "promo"
set = { "campaign.wb.enabled" = true }
)";
  const auto c = run_compare(jst::scenario_from(toml), {});
  const double f = 0.4, reach = 0.5, win = 0.6;
  const double exact = (1 - f) / (1 - f * reach * win) - (1 - f);
  const auto* row = c.row(1, "conversion_rate");
  INFO("lift " << row->diff.mean << " [" << row->diff.low << ", " << row->diff.high << "], exact " << exact);
  CHECK(row->diff.low <= exact);
  CHECK(exact <= row->diff.high);
  CHECK(row->significant);
  CHECK(c.row(0, "conversion_rate")->value.mean == Approx(1 - f).margin(0.005));
  CHECK(row->lift_pct == Approx(100.0 * exact / (1 - f)).margin(1.0));
}

TEST_CASE("common random numbers make paired differences far tighter than unpaired ones",
          "[experiment][crn]") {
  auto scenario = load_scenario_file(jst::source_path("scenarios/gym-membership.toml"));
  CompareOptions options;
  options.replications = 12;
  options.command_line = {{"population.customers", ParamValue::of_integer(10000), {}}};
  const auto c = run_compare(scenario, options);
  for (std::uint32_t v = 1; v < c.arms.size(); ++v) {
    const auto* row = c.row(v, "conversion_rate");
    const double paired = row->diff.sd * row->diff.sd;
    const double unpaired = row->value.sd * row->value.sd +
                            c.row(0, "conversion_rate")->value.sd * c.row(0, "conversion_rate")->value.sd;
    INFO(c.arms[v].id << ": paired variance " << paired << ", unpaired " << unpaired);
    CHECK(paired < 0.25 * unpaired);
  }
}

TEST_CASE("the precision option adds replications until the CI is narrow enough, and no longer",
          "[experiment][compare]") {
  auto scenario = load_scenario_file(jst::source_path("scenarios/gym-membership.toml"));
  CompareOptions options;
  options.replications = 3;
  options.precision = 0.004;
  options.command_line = {{"population.customers", ParamValue::of_integer(4000), {}}};
  const auto c = run_compare(scenario, options);
  REQUIRE(c.precision_met);
  REQUIRE(c.replications > 3);
  CHECK(c.replications % 3 == 0);
  auto widest = [](const Comparison& x) {
    double w = 0;
    for (std::uint32_t v = 1; v < x.arms.size(); ++v)
      w = std::max(w, x.row(v, "conversion_rate")->diff.half_width());
    return w;
  };
  CHECK(widest(c) <= 0.004);
  // One batch fewer was not enough.
  CompareOptions fewer = options;
  fewer.precision = 0.0;
  fewer.replications = c.replications - 3;
  CHECK(widest(run_compare(scenario, fewer)) > 0.004);
  // An unreachable precision stops at the maximum and says so.
  options.precision = 1e-7;
  options.max_replications = 6;
  const auto capped = run_compare(scenario, options);
  CHECK(!capped.precision_met);
  CHECK(capped.replications == 6);
  // It says how far it got: the widest difference's half-width, in points.
  CHECK(capped.widest_half_width == widest(capped));
  char got[32];
  std::snprintf(got, sizeof got, "%.4g", 100 * widest(capped));
  CHECK_THAT(format_compare_summary(capped, "c.h5", "", TableFormat::Text, {}),
             Catch::Contains("precision NOT reached after 6 replications (the maximum): the widest "
                             "conversion-rate difference is known to +-" +
                             std::string(got) + " points, against +-1e-05 asked"));
  // A maximum below one batch is still the maximum.
  options.replications = 5;
  options.max_replications = 2;
  const auto small = run_compare(scenario, options);
  CHECK(small.replications == 2);
  CHECK(small.runs.size() == 2 * small.arms.size());
}

TEST_CASE("compare: --set scenario.replications sets the replications, as for run", "[experiment][compare]") {
  // It was echoed in the header and ignored: the file's 20 ran.
  const auto scenario = load_scenario_file(jst::source_path("scenarios/gym-membership.toml"));
  CompareOptions options;
  options.command_line = {{"population.customers", ParamValue::of_integer(500), {}},
                          {"scenario.replications", ParamValue::of_integer(3), {}}};
  CHECK(run_compare(scenario, options).replications == 3);
  options.replications = 2;  // --replications still wins
  CHECK(run_compare(scenario, options).replications == 2);
}

TEST_CASE("compare: a precision of 0 is refused, naming what is allowed", "[experiment][cli]") {
  const auto r = jst::run_cli("compare '" + jst::source_path("scenarios/gym-membership.toml") +
                              "' --precision 0 -o c.h5");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("--precision: is 0; allowed: a fraction above 0 and at most 1"));
}

TEST_CASE("compare: a fixed cost with cents is printed with them", "[experiment][cli]") {
  jst::TempDir dir;
  std::string gym = jst::read_text(jst::source_path("scenarios/gym-membership.toml"));
  gym.replace(gym.find("fixed_cost = 2000.0"), 19, "fixed_cost = 0.5");
  std::ofstream(dir.file("cents.toml")) << gym;
  const auto r =
      jst::run_cli("compare cents.toml --replications 2 --set population.customers=500 -o c.h5", dir.path);
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  // The promo's row: its fixed cost as given, the others' whole.
  std::istringstream lines(r.out);
  std::string line, promo;
  while (std::getline(lines, line)) {
    if (line.find("  promo ") != std::string::npos && line.find(" days") != std::string::npos) promo = line;
  }
  CHECK_THAT(promo, Catch::Contains(" 0.50 "));
  CHECK_THAT(r.out, Catch::Contains(" 15,000 "));
}

TEST_CASE("ROI and payback follow from the paired profit difference", "[experiment][compare]") {
  auto scenario = load_scenario_file(jst::source_path("scenarios/gym-membership.toml"));
  CompareOptions options;
  options.replications = 4;
  options.command_line = {{"population.customers", ParamValue::of_integer(3000), {}}};
  const auto c = run_compare(scenario, options);
  REQUIRE(c.arms[1].id == "short-form");
  const auto* profit = c.row(1, "profit");
  const auto* roi = c.row(1, "roi");
  const auto* payback = c.row(1, "payback_days");
  CHECK(roi->value.mean == Approx((profit->diff.mean - 15000.0) / 15000.0));
  CHECK(payback->value.mean == Approx(15000.0 / (profit->diff.mean / 120.0)));
  CHECK(c.row(0, "roi") == nullptr);  // the baseline has no fixed cost
  // Paid back within the horizon or not, with 95% confidence, exactly when
  // ROI is above or below 0 so (it was always 0).
  int significant = 0;
  for (std::uint32_t a = 1; a < c.arms.size(); ++a) {
    const auto* r = c.row(a, "roi");
    const auto* p = c.row(a, "payback_days");
    CHECK(p->significant == r->significant);
    if (r->significant) CHECK(((p->value.high < 120.0) || (p->value.low > 120.0)));
    significant += r->significant;
  }
  CHECK(significant > 0);
  CHECK(c.runs.size() == 16);
  CHECK(c.runs[5].variant == 1);
  CHECK(c.runs[5].replication == 1);
}

TEST_CASE("compare gives the conversion of each segment, arm by arm", "[experiment][compare][segments]") {
  auto scenario = load_scenario_file(jst::source_path("scenarios/gym-membership.toml"));
  CompareOptions options;
  options.replications = 3;
  options.command_line = {{"population.customers", ParamValue::of_integer(3000), {}}};
  const auto c = run_compare(scenario, options);
  const auto names = compared_metrics(c.arms.front().model);
  const auto at = std::find(names.begin(), names.end(), "conversion_rate.mobile_first");
  REQUIRE(at + 1 < names.end());
  CHECK(at[1] == "conversion_rate.desktop");
  CHECK(names.back() == "cost.email");  // then a cost per channel
  for (std::uint32_t a = 0; a < c.arms.size(); ++a) {
    for (std::size_t g = 0; g < 2; ++g) {
      const auto* row = c.row(a, "conversion_rate." + c.arms[a].model.segment_ids[g]);
      REQUIRE(row != nullptr);
      double sum = 0.0;
      for (const auto& r : c.runs) {
        const auto& t = r.by_segment.totals[g];
        if (r.variant == a) sum += static_cast<double>(t.converted) / static_cast<double>(t.customers);
      }
      CHECK(row->value.mean == Approx(sum / 3.0).epsilon(1e-12));
    }
  }
  // Cost per channel, from /channel_cost: the e-mail promo costs only in the arms that send it.
  for (std::uint32_t a = 0; a < c.arms.size(); ++a) {
    double email = 0.0;
    for (const auto& r : c.runs) email += r.variant == a ? r.channel_cost[4] : 0.0;
    CHECK(c.row(a, "cost.email")->value.mean == Approx(email / 3.0).epsilon(1e-12));
  }
  CHECK(c.row(0, "cost.email")->value.mean == 0.0);
  CHECK(c.row(2, "cost.email")->value.mean > 0.0);
  // The promo runs on another engine path, which adds the same Instagram
  // costs in another order: a difference within rounding is not significant.
  CHECK(std::fabs(c.row(2, "cost.instagram")->diff.mean) < 1e-6);
  CHECK(!c.row(2, "cost.instagram")->significant);
  // The short form is a mobile change: it lifts the mobile-first segment more.
  CHECK(c.row(1, "conversion_rate.mobile_first")->diff.mean > c.row(1, "conversion_rate.desktop")->diff.mean);
  // One segment would only repeat conversion_rate.
  const auto one = jst::model_from(jst::read_text(jst::source_path("scenarios/teaching-minimal.toml")));
  for (const auto& name : compared_metrics(one)) CHECK(name.rfind("conversion_rate.", 0) != 0);
}

TEST_CASE("compare: the CLI prints the table and writes /compare", "[experiment][cli]") {
  jst::TempDir dir;
  const auto r = jst::run_cli("compare '" + jst::source_path("scenarios/gym-membership.toml") +
                                  "' --replications 3 --set population.customers=2000 -o c.h5",
                              dir.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("4 arms x 3 replications on common random numbers"));
  CHECK_THAT(r.out, Catch::Contains("short-form"));
  CHECK_THAT(r.out, Catch::Contains("ROI"));
  const auto f = read_run_file(dir.file("c.h5"));
  CHECK(f.text_attrs.at("command") == "compare");
  CHECK(f.labels.at("variants") == std::vector<std::string>{"baseline", "short-form", "promo", "both"});
  CHECK(f.runs.size() == 12);
  CHECK(f.runs[3].variant == 1);
  bool found = false;
  for (const auto& row : f.compare) {
    if (row.variant == 1 && row.metric == "conversion_rate") {
      found = true;
      CHECK(row.diff > 0);
      CHECK(row.diff_ci_low <= row.diff);
      CHECK(row.significant == 1);
    }
    if (row.variant == 0) CHECK(std::isnan(row.diff));
  }
  CHECK(found);
}

TEST_CASE("compare: bad variant specs are refused with their position", "[experiment][cli]") {
  jst::TempDir dir;
  auto text = jst::read_text(jst::source_path("scenarios/gym-membership.toml"));
  const std::string from = "\"campaign.promo_email.enabled\" = true";
  text.replace(text.find(from), from.size(), "\"campaign.promo_email.enabled\" = 2");
  std::ofstream(dir.file("bad.toml")) << text;
  const auto r = jst::run_cli("compare bad.toml -o c.h5", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("bad.toml:172:9:"));
  CHECK_THAT(r.err, Catch::Contains("campaign.promo_email.enabled: (variant `promo`) is a boolean field"));
  CHECK(!std::filesystem::exists(dir.file("c.h5")));
}

TEST_CASE("compare gives the same runs and table for 1 and 2 threads", "[experiment][reproducible]") {
  auto scenario = load_scenario_file(jst::source_path("scenarios/gym-membership.toml"));
  CompareOptions one, two;
  one.replications = two.replications = 3;
  one.threads = 1;
  two.threads = 2;
  one.command_line = two.command_line = {{"population.customers", ParamValue::of_integer(2000), {}}};
  const auto a = run_compare(scenario, one);
  const auto b = run_compare(scenario, two);
  REQUIRE(a.runs.size() == b.runs.size());
  for (std::size_t i = 0; i < a.runs.size(); ++i) CHECK(a.runs[i] == b.runs[i]);
  REQUIRE(a.rows.size() == b.rows.size());
  for (std::size_t i = 0; i < a.rows.size(); ++i) {
    CHECK(a.rows[i].metric == b.rows[i].metric);
    CHECK((a.rows[i].value.mean == b.rows[i].value.mean || std::isnan(a.rows[i].value.mean)));
    CHECK((a.rows[i].diff.high == b.rows[i].diff.high || std::isnan(a.rows[i].diff.high)));
  }
}

TEST_CASE("compare --set changes every arm, and the own set of a variant still applies on top",
          "[experiment][compare]") {
  auto scenario = load_scenario_file(jst::source_path("scenarios/gym-membership.toml"));
  CompareOptions options;
  options.replications = 2;
  options.command_line = {{"population.customers", ParamValue::of_integer(2000), {}},
                          {"touchpoint.purchase.mobile.friction", ParamValue::of_number(0.5), {}}};
  const auto c = run_compare(scenario, options);
  REQUIRE(c.arms[1].id == "short-form");
  auto friction = [](const Arm& arm) {
    for (const auto& t : arm.scenario.touchpoints)
      if (t.stage == "purchase" && t.channel == "mobile") return t.friction;
    return -1.0;
  };
  CHECK(friction(c.arms[0]) == 0.5);   // the baseline takes the command line's
  CHECK(friction(c.arms[1]) == 0.12);  // short-form's own 0.12 wins over it
  CHECK(friction(c.arms[2]) == 0.5);   // promo does not set it
  CHECK(c.row(1, "conversion_rate")->diff.mean > 0);
}

TEST_CASE("compare: a scenario without variants has nothing to compare", "[experiment][cli]") {
  jst::TempDir dir;
  const auto r =
      jst::run_cli("compare '" + jst::source_path("scenarios/teaching-minimal.toml") + "' -o c.h5", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err,
             Catch::Contains("teaching-minimal.toml: error: variants: there is nothing to compare: the "
                             "scenario has no [[variants]]"));
  CHECK(!std::filesystem::exists(dir.file("c.h5")));
}

TEST_CASE("compare: the table writes big, tiny and zero numbers as a person would", "[experiment][summary]") {
  auto scenario = load_scenario_file(jst::source_path("scenarios/gym-membership.toml"));
  CompareOptions options;
  options.replications = 2;
  options.command_line = {{"population.customers", ParamValue::of_integer(500), {}}};
  auto c = run_compare(scenario, options);
  for (auto& row : c.rows) {
    if (row.variant == 1 && row.metric == "roi")
      row.value.mean = 30361.09;  // a change that costs next to nothing
    if (row.variant == 1 && row.metric == "payback_days")
      row.value.mean = 0.006;                                                 // repaid within the first hour
    if (row.variant == 1 && row.metric == "profit") row.diff.mean = -0.0001;  // rounds to zero
    if (row.variant == 2 && row.metric == "roi") row.value.mean = 0.0512;
    if (row.variant == 2 && row.metric == "payback_days") row.value.mean = 20.46;
    if (row.variant == 3 && row.metric == "payback_days") row.value.mean = INFINITY;
  }
  const auto text = format_compare_summary(c, "");
  // As the report rounds them: 0.1 % (0.01 % under 10 %) and 0.1 day.
  CHECK_THAT(text, Catch::Contains("+3,036,109.0 %"));
  CHECK_THAT(text, Catch::Contains("+5.12 %") && Catch::Contains("20.5 days") && Catch::Contains("never"));
  CHECK_THAT(text, Catch::Contains("0.006 days"));
  CHECK_THAT(text, !Catch::Contains("-0 +-") && !Catch::Contains(" 0 days"));
}
