// Peak memory does not grow with the number of runs or with the event log:
// results stream to the file as runs finish. The figures at full size
// (100,000 runs; 4 x 1,000,000 customers with --events) come from
// `journeysim-bench --memory`; these are the same checks, small enough for a
// debug build. Not under the sanitizers, whose own memory would swamp them.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <fstream>

#include "journeysim/output/run_file.h"
#include "support.h"

#ifndef JOURNEYSIM_SANITIZED
namespace {
// The largest peak resident size of any child waited for so far, in MiB.
double children_peak_mib() {
  struct rusage usage {};
  getrusage(RUSAGE_CHILDREN, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Peak memory of a small run, then of a large one: the second may not exceed
// the first by more than `growth_mib`.
void check_flat(const std::string& small, const std::string& large, double growth_mib) {
  jst::TempDir dir;
  const auto a = jst::run_cli(small + " -o a.h5 -q", dir.path);
  REQUIRE(a.exit_code == 0);
  const double first = children_peak_mib();
  const auto b = jst::run_cli(large + " -o b.h5 -q", dir.path);
  REQUIRE(b.exit_code == 0);
  const double second = children_peak_mib();
  INFO("peak " << first << " MiB, then " << second << " MiB");
  CHECK(second - first < growth_mib);
  CHECK(second < 64.0);
}
}  // namespace

TEST_CASE("peak memory does not grow with the number of runs", "[memory][cli]") {
  const std::string hundred = "run '" + jst::source_path("tools/bench/hundred.toml") + "' --threads 2";
  // Holding every run, as before streaming, grew by about 6.5 KiB a run: 62 MiB here.
  check_flat(hundred + " --replications 200", hundred + " --replications 10000", 16.0);
}

TEST_CASE("peak memory does not grow with the event log", "[memory][cli]") {
  const std::string journey =
      "run '" + jst::source_path("tools/bench/journey.toml") + "' --events --threads 2 --replications 2";
  // Holding the log, as before streaming, grew by 24 bytes an event: about 140 MiB here. Both
  // sizes fill the chunks on their way to the file (output/event_log.h), whose number is bounded.
  check_flat(journey + " --set population.customers=100000", journey + " --set population.customers=400000",
             16.0);
}

TEST_CASE("peak memory does not grow with the referrals dropped past max_customers",
          "[memory][cli][referrals]") {
  // 100 customers who stay and refer 50 a day to a cap of 2,000 places: over 30 days
  // about 2.9 million referrals are dropped. Each was held until the settling came to
  // it: 200 MB (and 1.35 GB at 20,000 places), where now only the places left are.
  jst::TempDir dir;
  std::ofstream(dir.file("gw.toml")) << R"(schema = 1
[scenario]
name = "gw"
horizon_days = 30.0
[population]
customers = 100
max_customers = 2000
arrival = { pattern = "at_start" }
[[segments]]
id = "a"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "s1"
[[touchpoints]]
stage = "s1"
channel = "web"
advance = 0.0
leave = 0.0
referrals = 50
)";
  const std::string run = "run '" + dir.file("gw.toml") + "' --threads 2 --replications 1";
  check_flat(run + " --set scenario.horizon_days=3", run, 16.0);
}

TEST_CASE("more threads than the system will start run on those it does start", "[cli][threads]") {
  // 200 MiB of address space holds a few threads' stacks, not 500 (one malloc
  // arena for all, or the arenas alone would use it up).
  jst::TempDir dir;
  const auto r = jst::run_cli_after("export MALLOC_ARENA_MAX=1 && ulimit -v 200000",
                                    "run '" + jst::source_path("tools/bench/hundred.toml") +
                                        "' --threads 500 --replications 500 -o out.h5 -q",
                                    dir.path);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(journeysim::read_run_file(dir.file("out.h5")).runs.size() == 500);
}
#endif
