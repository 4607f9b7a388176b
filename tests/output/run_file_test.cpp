// HDF5 round trip in a temporary folder.
#include <catch2/catch.hpp>

#include <filesystem>

#include "journeysim/app/commands.h"
#include "journeysim/core/version.h"
#include "journeysim/experiment/plan.h"
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
                    {{"population.customers", {false, 2000.0, false}, {}}}, 3);
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

TEST_CASE("reading something that is not a results file is an IoError", "[output][hdf5]") {
  CHECK_THROWS_AS(read_run_file(jst::source_path("scenarios/gym-membership.toml")), IoError);
}
