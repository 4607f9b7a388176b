// HDF5 round trip in a temporary folder.
#include <catch2/catch.hpp>

#include <filesystem>

#include "journeysim/app/commands.h"
#include "journeysim/core/version.h"
#include "journeysim/experiment/plan.h"
#include "journeysim/metrics/metrics.h"
#include "journeysim/output/run_file.h"
#include "journeysim/sim/runner.h"
#include "support.h"

using namespace journeysim;

namespace {
struct Written {
  RunPlan plan;
  std::vector<RunResult> results;  // the same runs, kept in memory
};

// Through the pipeline, as `journeysim run` does; the same arm's runs also in memory.
Written write(const std::string& path, bool events) {
  CommandRequest request;
  request.scenario = jst::source_path("scenarios/gym-membership.toml");
  request.output = path;
  request.variant = "promo";
  request.sets = {"population.customers=2000"};
  request.replications = 3;
  request.events = events;
  run_command(request);
  Written w;
  w.plan = plan_run(load_scenario_file(request.scenario), "promo",
                    {{"population.customers", ParamValue::of_integer(2000), {}}}, 3);
  RunnerOptions options;
  options.record_events = events;
  w.results = run_replications(w.plan.arms.front().model, 3, options);
  return w;
}
}  // namespace

TEST_CASE("a run file reads back what was written", "[output][hdf5]") {
  jst::TempDir dir;
  const auto path = dir.file("gym.h5");
  const auto w = write(path, true);
  const auto f = read_run_file(path);
  CHECK(f.text_attrs.at("format") == "journeysim");
  CHECK(f.format_version == kFormatVersion);
  CHECK(f.text_attrs.at("engine_version") == engine_version());
  CHECK(f.text_attrs.at("scenario_name") == "gym-membership");
  CHECK(f.source == w.plan.source.source);
  CHECK_THAT(f.effective, Catch::Contains("customers = 2000"));
  CHECK(f.labels.at("stages") == w.plan.arms.front().model.stage_ids);
  CHECK(f.labels.at("channels") == w.plan.arms.front().model.channel_ids);
  CHECK(f.labels.at("variants") == std::vector<std::string>{"promo"});
  REQUIRE(f.runs.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& t = w.results[i].totals;
    CHECK(f.runs[i].run == i);
    CHECK(f.runs[i].replication == i);
    CHECK(f.runs[i]["customers"] == static_cast<double>(t.customers));
    CHECK(f.runs[i]["converted"] == static_cast<double>(t.converted));
    CHECK(f.runs[i]["revenue"] == t.revenue);
    CHECK(f.runs[i]["profit"] == t.revenue - t.cost);
    CHECK(f.runs[i]["campaign_sends"] == static_cast<double>(t.campaign_sends));
    CHECK(f.runs[i]["mean_days_to_convert"] == t.days_to_convert / static_cast<double>(t.converted));
  }
  std::size_t events = 0;
  for (const auto& r : w.results) events += r.events.size();
  CHECK(f.event_count == static_cast<std::int64_t>(events));

  std::vector<std::uint64_t> dims;
  const auto occupancy = read_counts(path, "/occupancy", &dims);
  CHECK(dims == std::vector<std::uint64_t>{3, 120, 4});
  CHECK(occupancy[(2 * 120 + 119) * 4 + 1] == w.results[2].occupancy[119 * 4 + 1]);
  const auto touches = read_counts(path, "/touch/count", &dims);
  CHECK(dims == std::vector<std::uint64_t>{3, 4, 5});
  CHECK(touches == [&] {
    std::vector<std::int64_t> all;
    for (const auto& r : w.results) all.insert(all.end(), r.touch_count.begin(), r.touch_count.end());
    return all;
  }());
  const auto flows = read_counts(path, "/flows", &dims);
  CHECK(dims == std::vector<std::uint64_t>{3, 4, 6});
}

TEST_CASE("a file that cannot be written names the path and leaves nothing behind", "[output][hdf5]") {
  jst::TempDir dir;
  CHECK_THROWS_WITH(write(dir.file("missing/dir/x.h5"), false),
                    Catch::Contains("cannot write " + dir.file("missing/dir/x.h5") + ": the folder " +
                                    dir.file("missing/dir") + " does not exist"));
  CHECK(std::filesystem::is_empty(dir.path));
}

TEST_CASE("writing replaces an existing file only when complete", "[output][hdf5]") {
  jst::TempDir dir;
  const auto path = dir.file("x.h5");
  write(path, false);
  write(path, false);
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path)) ++files;
  CHECK(files == 1);  // no temporary left beside it
  CHECK(read_run_file(path).runs.size() == 3);
}

TEST_CASE("reading something that is not a results file is an InputError", "[output][hdf5]") {
  // Bad input (exit code 1), not a failure to carry out the command.
  CHECK_THROWS_AS(read_run_file(jst::source_path("scenarios/gym-membership.toml")), InputError);
  CHECK_THROWS_AS(read_run_file("no-such-results.h5"), InputError);
}

TEST_CASE("a run file holds the results of each segment, summing to the totals exactly",
          "[output][hdf5][segments]") {
  jst::TempDir dir;
  const auto path = dir.file("gym.h5");
  const auto w = write(path, true);
  const auto f = read_run_file(path);
  const std::size_t R = 3, G = 2, S = 4, C = 5;
  REQUIRE(f.labels.at("segments").size() == G);
  REQUIRE(f.segment_runs.size() == R * G);
  for (std::size_t run = 0; run < R; ++run) {
    for (std::size_t g = 0; g < G; ++g) {
      const auto& row = f.segment_runs[run * G + g];
      CHECK(row.run == run);
      CHECK(row.replication == run);
      CHECK(row.segment == g);
      const auto& t = w.results[run].by_segment.totals[g];
      CHECK(row["customers"] == static_cast<double>(t.customers));
      CHECK(row["revenue"] == t.revenue);
    }
    // Every count and money column of /runs is the sum of the segments' rows.
    for (const auto& m : headline_metrics()) {
      if (m.kind != MetricKind::Count && m.kind != MetricKind::Money) continue;
      double sum = 0.0;
      for (std::size_t g = 0; g < G; ++g) sum += f.segment_runs[run * G + g][m.name];
      INFO(m.name);
      if (m.name == "profit")  // revenue - cost per row: equal up to rounding
        CHECK(sum == Approx(f.runs[run][m.name]).epsilon(1e-12));
      else
        CHECK(sum == f.runs[run][m.name]);
    }
  }
  // Each dataset with a segment axis, summed over it, is the dataset without.
  auto check = [&](const std::string& total_name, std::size_t cells, auto read) {
    std::vector<std::uint64_t> dims, segment_dims;
    const auto total = read(path, "/" + total_name, &dims);
    const auto parts = read(path, "/by_segment/" + total_name, &segment_dims);
    INFO(total_name);
    REQUIRE(segment_dims.size() == dims.size() + 1);
    CHECK(segment_dims[1] == G);
    REQUIRE(parts.size() == total.size() * G);
    for (std::size_t run = 0; run < R; ++run) {
      for (std::size_t i = 0; i < cells; ++i) {
        typename std::decay_t<decltype(total)>::value_type sum{};
        for (std::size_t g = 0; g < G; ++g) sum += parts[(run * G + g) * cells + i];
        CHECK(sum == total[run * cells + i]);
      }
    }
  };
  const auto counts = [](auto&&... a) { return read_counts(a...); };
  const auto values = [](auto&&... a) { return read_values(a...); };
  for (const char* name : {"funnel/reached", "funnel/lost", "funnel/in_progress"}) check(name, S, counts);
  for (const char* name : {"touch/count", "touch/friction", "touch/abandon", "touch/leave"})
    check(name, S * C, counts);
  check("touch/revenue", S * C, values);
}
