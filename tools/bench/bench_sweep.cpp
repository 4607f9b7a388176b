// journeysim-bench-sweep: the sweep benchmark of issue 9. 200 Latin-hypercube
// points x 5 replications of the gym example at 10,000 customers (the
// example's own [sweep] with more points), on 1 and 2 threads, through
// `journeysim sweep` (plan, runs, HDF5 file, journal, summary), and the same
// runs simulated with nothing written: the difference is the sweep's own
// overhead. Rounds alternate between the two so that the noise of a shared
// machine falls on both alike. Built with MPI, it also times
// `mpirun -np 2 journeysim sweep` (one thread a process), after the 1-thread
// sweep of each round, launch included.
//
//   journeysim-bench-sweep [--points N] [--rounds N]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "journeysim/app/commands.h"
#include "journeysim/experiment/execute.h"
#include "journeysim/experiment/sweep.h"
#include "journeysim/scenario/loader.h"
#include "journeysim/scenario/param_path.h"

namespace js = journeysim;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Discard final : js::ResultSink {
  void run_done(std::size_t, const js::PlannedRun&, const js::RunResult&) override {}
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int points = 200, rounds = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--points" && i + 1 < argc) {
      points = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: journeysim-bench-sweep [--points N] [--rounds N]\n");
      return 1;
    }
  }
  // The gym example with its [sweep] made bigger: points, and 5 replications.
  std::ifstream in(JOURNEYSIM_SOURCE_DIR "/scenarios/gym-membership.toml");
  std::stringstream text;
  text << in.rdbuf();
  std::string toml = text.str();
  const std::string own = "points = 20\nreplications = 3\n";
  const auto at = toml.find(own);
  if (at == std::string::npos) {
    std::fprintf(stderr, "journeysim-bench-sweep: the gym example's [sweep] is not as expected\n");
    return 1;
  }
  toml.replace(at, own.size(), "points = " + std::to_string(points) + "\nreplications = 5\n");
  char dir[] = "/tmp/journeysim-bench-sweep-XXXXXX";
  if (!::mkdtemp(dir)) return 1;
  const std::string scenario = std::string(dir) + "/sweep.toml", output = std::string(dir) + "/sweep.h5";
  std::ofstream(scenario) << toml;

  std::printf(
      "journeysim-bench-sweep: %d LHS points x 5 replications of the gym example at 10,000 customers, "
      "%d rounds; medians\n",
      points, rounds);
  const std::vector<std::string> sets{"population.customers=10000"};
  // OpenMPI refuses root unless told (containers and CI run as root).
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT", "1", 0);
  ::setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1", 0);
  const std::string mpirun = std::string("mpirun -np 2 ") + JOURNEYSIM_CLI + " sweep " + scenario + " -o " +
                             output + " -q --set " + sets.front();
  const std::string launch = std::string("mpirun -np 2 ") + JOURNEYSIM_CLI + " --version > /dev/null";
  double one_thread = 0;
  for (unsigned threads : {1u, 2u}) {
    std::vector<double> sweep, bare, spread, launched;
    for (int r = 0; r < rounds; ++r) {
      js::CommandRequest request;
      request.scenario = scenario;
      request.output = output;
      request.sets = sets;
      request.threads = threads;
      auto start = std::chrono::steady_clock::now();
      js::sweep_command(request);
      sweep.push_back(seconds_since(start));

      start = std::chrono::steady_clock::now();
      const js::RunPlan plan =
          js::plan_sweep(js::load_scenario_file(scenario), {js::parse_override(sets.front())}, 0);
      Discard nothing;
      js::ExecuteOptions options;
      options.threads = threads;
      js::execute(plan, 0, {&nothing}, options);
      bare.push_back(seconds_since(start));

      if (JOURNEYSIM_HAVE_MPI && threads == 1) {
        start = std::chrono::steady_clock::now();
        if (std::system(mpirun.c_str()) != 0) {
          std::fprintf(stderr, "journeysim-bench-sweep: %s failed\n", mpirun.c_str());
          return 1;
        }
        spread.push_back(seconds_since(start));
        start = std::chrono::steady_clock::now();
        if (std::system(launch.c_str()) != 0) return 1;
        launched.push_back(seconds_since(start));
      }
    }
    const double s = median(sweep), b = median(bare);
    if (threads == 1) one_thread = s;
    std::printf(
        "%u thread%s: sweep %.2f s (%.2fx), the same runs with nothing written %.2f s: overhead %.1f %%\n",
        threads, threads == 1 ? " " : "s", s, one_thread / s, b, 100.0 * (s - b) / s);
    if (!spread.empty()) {
      const double m = median(spread), l = median(launched);
      std::printf(
          "mpirun -np 2, a thread each: sweep %.2f s (%.2fx); of which starting MPI (mpirun -np 2 "
          "journeysim --version) %.2f s; the rest %.2f s (%.2fx)\n",
          m, one_thread / m, l, m - l, one_thread / (m - l));
    }
    std::fflush(stdout);
  }
  std::remove(output.c_str());
  std::remove(scenario.c_str());
  ::rmdir(dir);
  return 0;
}
