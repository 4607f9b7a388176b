// The runner hands runs over in job order, with their event logs, whatever
// the thread count; a later run's log waits on disk, and a disk that cannot
// take it is an IoError, not a crash or a lost log.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "journeysim/core/error.h"
#include "journeysim/sim/runner.h"
#include "support.h"

using namespace journeysim;

namespace {
// Records the order of everything handed over, and takes records back
// where `retractable`, counting how often. `hold`: the first records of job
// 0 are held up that long, so that the runs after it are sure to end while
// it goes on.
struct Recorder final : RunSink {
  explicit Recorder(bool can = false, std::chrono::milliseconds wait = {}) : retractable(can), hold(wait) {}
  bool retractable;
  std::chrono::milliseconds hold;
  int retracted = 0;
  std::vector<std::size_t> order;  // job of each call: events and done alike
  std::vector<std::vector<EventRecord>> logs;
  void events(std::size_t job, std::vector<EventRecord>& rows) override {
    if (job == 0 && logs.empty()) std::this_thread::sleep_for(hold);
    order.push_back(job);
    if (logs.size() <= job) logs.resize(job + 1);
    logs[job].insert(logs[job].end(), rows.begin(), rows.end());
    rows.clear();
  }
  bool can_retract_events() const override { return retractable; }
  void retract_events(std::size_t job, std::uint64_t rows) override {
    logs[job].resize(logs[job].size() - rows);
    ++retracted;
  }
  void done(std::size_t job, RunResult&&) override { order.push_back(job); }
};

// Rows of two logs that differ, among as many as both have.
std::size_t rows_differing(const std::vector<EventRecord>& a, const std::vector<EventRecord>& b) {
  std::size_t differ = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    differ += !(a[i].customer == b[i].customer && a[i].time == b[i].time && a[i].kind == b[i].kind &&
                a[i].stage == b[i].stage && a[i].channel == b[i].channel);
  }
  return differ;
}

// A send budget its pilot foretells never spent in 3 of the first 12
// replications, and spent in all (the fixture says how): a run that
// logged straight on takes its log back (sim/budget.cpp).
Model fooled_model() {
  return jst::model_from(jst::read_text(jst::source_path("tests/fixtures/scenarios/foretold-wrong.toml")));
}

Model journey_model(int customers) {
  auto text = jst::read_text(jst::source_path("tools/bench/journey.toml"));
  const auto at = text.find("customers = ");
  text.replace(at, text.find('\n', at) - at, "customers = " + std::to_string(customers));
  return jst::model_from(text);
}
}  // namespace

TEST_CASE("runs and their logs are handed over in job order on 2 threads", "[sim][runner]") {
  // The second run is four times the first: its log waits on disk until the first
  // is done, then goes straight on (after what waited). The short ones after
  // it finish first and wait whole.
  const Model mid = journey_model(50000), big = journey_model(200000), small = journey_model(15000);
  const std::vector<RunJob> jobs = {
      {&mid, 0, 0, {}}, {&big, 0, 1, {}}, {&small, 0, 2, {}}, {&small, 0, 3, {}}};
  RunnerOptions options;
  options.record_events = true;
  Recorder one, two;
  options.threads = 1;
  run_jobs(jobs, one, options);
  options.threads = 2;
  run_jobs(jobs, two, options);
  CHECK(std::is_sorted(two.order.begin(), two.order.end()));
  REQUIRE(two.logs.size() == 4);
  CHECK(two.logs[1].size() > kEventChunk);
  for (std::size_t j = 0; j < 4; ++j) {
    REQUIRE(one.logs[j].size() == two.logs[j].size());
    CHECK(rows_differing(one.logs[j], two.logs[j]) == 0);
  }
}

TEST_CASE("a log that cannot wait on disk stops the runs with an IoError", "[sim][runner]") {
  const Model big = journey_model(200000), small = journey_model(15000);
  const std::vector<RunJob> jobs = {{&big, 0, 0, {}}, {&small, 0, 1, {}}};
  RunnerOptions options;
  options.record_events = true;
  options.threads = 2;
  Recorder sink;
  ::setenv("TMPDIR", "/nonexistent/journeysim", 1);
  CHECK_THROWS_WITH(run_jobs(jobs, sink, options),
                    Catch::Contains("cannot create a temporary file in /nonexistent/journeysim for a run's "
                                    "event log") &&
                        Catch::Contains("No such file or directory; set TMPDIR to a directory that exists"));
  ::unsetenv("TMPDIR");
}

TEST_CASE("a log taken back is gone from the sink whether it went straight on or waited on disk",
          "[sim][runner][budget][events]") {
  const Model big = journey_model(200000), fooled = fooled_model();
  // Replications 0, 9 and 11 foretell wrongly, 1 does not.
  const std::vector<RunJob> jobs = {
      {&big, 0, 0, {}}, {&fooled, 0, 0, {}}, {&fooled, 0, 1, {}}, {&fooled, 0, 9, {}}, {&fooled, 0, 11, {}}};
  RunnerOptions options;
  options.record_events = true;
  options.threads = 1;
  Recorder parked(false);
  run_jobs(jobs, parked, options);
  // On 1 thread every run is the earliest: its log goes straight to the
  // sink, and so is taken back from there.
  Recorder straight(true);
  run_jobs(jobs, straight, options);
  CHECK(straight.retracted == 3);
  // On 2 threads the small runs end while the big one goes on, held up 3 s:
  // their logs, waiting on disk, are taken back there, not from the sink.
  options.threads = 2;
  Recorder waited(true, std::chrono::milliseconds(3000));
  run_jobs(jobs, waited, options);
  CHECK(waited.retracted < 3);
  REQUIRE(parked.logs.size() == jobs.size());
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    INFO("job " << j);
    CHECK(straight.logs[j].size() == parked.logs[j].size());
    CHECK(waited.logs[j].size() == parked.logs[j].size());
    CHECK(rows_differing(parked.logs[j], straight.logs[j]) == 0);
    CHECK(rows_differing(parked.logs[j], waited.logs[j]) == 0);
  }
}
