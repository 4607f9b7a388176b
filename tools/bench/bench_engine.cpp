// journeysim-bench: the engine's speed on the 3-stage x 2-channel journey of
// tools/bench/journey.toml at 2,000,000 customers, through the `run`
// command's pipeline (load, plan, simulate, stream into the HDF5 file). Each
// configuration runs in a child process so its peak memory (wait4's
// ru_maxrss) is its own.
//
//   journeysim-bench [--customers N] [--quick] [--global-order] [--repeat N]
//   journeysim-bench --memory
// --global-order forces one (time, customer, sequence) queue over everyone,
// as scenarios with referrals or campaign budgets need. Each configuration
// runs --repeat times (default 5) and reports the median and the best: on a
// shared virtual machine one run can be 25% slower than the next.
// --memory checks that peak memory does not grow with the number of runs or
// with the event log: 100,000 runs of tools/bench/hundred.toml (budget
// 64 MiB), and 4 replications of 1,000,000 customers with --events on 2
// threads (budget 400 MiB).
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "journeysim/app/commands.h"

namespace js = journeysim;

namespace {

struct Measured {
  double seconds = 0;
  long long touchpoints = 0;
};

// Runs in the child: the pipeline as the CLI calls it, minus the console.
Measured measure(js::CommandRequest request) {
  char path[] = "/tmp/journeysim-bench-XXXXXX";
  const int fd = ::mkstemp(path);
  ::close(fd);
  request.output = path;
  const auto start = std::chrono::steady_clock::now();
  const auto outcome = js::run_command(request);
  const auto end = std::chrono::steady_clock::now();
  std::remove(path);
  Measured m;
  m.seconds = std::chrono::duration<double>(end - start).count();
  m.touchpoints = outcome.touchpoints;
  return m;
}

struct Sample {
  Measured m;
  double peak_mib = 0;
};

Sample run_child(const char* label, const js::CommandRequest& request) {
  int fds[2];
  if (::pipe(fds) != 0) std::exit(2);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    const Measured m = measure(request);
    if (::write(fds[1], &m, sizeof m) != static_cast<ssize_t>(sizeof m)) std::_Exit(2);
    std::_Exit(0);
  }
  ::close(fds[1]);
  Sample s;
  const bool got = ::read(fds[0], &s.m, sizeof s.m) == static_cast<ssize_t>(sizeof s.m);
  ::close(fds[0]);
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  if (!got || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "%s: the benchmark child failed\n", label);
    std::exit(2);
  }
  s.peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  return s;
}

js::CommandRequest journey(long customers, unsigned threads, std::uint32_t replications, bool global_order) {
  js::CommandRequest request;
  request.scenario = JOURNEYSIM_BENCH_DIR "/journey.toml";
  request.sets = {"population.customers=" + std::to_string(customers)};
  request.replications = replications;
  request.threads = threads;
  if (global_order) request.ordering = js::Ordering::Global;
  return request;
}

void run_config(const char* label, long customers, const js::CommandRequest& request, int repeat) {
  std::vector<Sample> samples;
  for (int i = 0; i < repeat; ++i) samples.push_back(run_child(label, request));
  std::sort(samples.begin(), samples.end(),
            [](const Sample& a, const Sample& b) { return a.m.seconds < b.m.seconds; });
  const Sample& best = samples.front();
  const Sample& median = samples[samples.size() / 2];
  auto rate = [](const Measured& m, double seconds) {
    return static_cast<double>(m.touchpoints) / seconds / 1e6;
  };
  double peak_mib = 0;
  for (const Sample& s : samples) peak_mib = std::max(peak_mib, s.peak_mib);
  const double budget_mib = (100.0 * static_cast<double>(customers)) / (1024.0 * 1024.0) + 64.0;
  std::printf(
      "%-27s %12lld touchpoints  median %6.2f s %6.2f M/s  best %6.2f s %6.2f M/s  peak %6.1f MiB (budget "
      "%6.1f MiB)\n",
      label, median.m.touchpoints, median.m.seconds, rate(median.m, median.m.seconds), best.m.seconds,
      rate(best.m, best.m.seconds), peak_mib, budget_mib);
  std::fflush(stdout);
}

int memory() {
  std::printf("journeysim-bench --memory: peak resident memory of the run pipeline\n");
  struct Case {
    const char* label;
    js::CommandRequest request;
    double budget_mib;
  };
  js::CommandRequest many;
  many.scenario = JOURNEYSIM_BENCH_DIR "/hundred.toml";  // 100,000 replications of 100 customers
  many.threads = 2;
  js::CommandRequest events = journey(1'000'000, 2, 4, false);
  events.events = true;
  bool over = false;
  for (const Case& c : {Case{"100,000 runs x 100 customers, 2 threads", many, 64.0},
                        Case{"4 x 1,000,000 customers, --events, 2 threads", events, 400.0}}) {
    const Sample s = run_child(c.label, c.request);
    over = over || s.peak_mib > c.budget_mib;
    std::printf("%-46s %7.2f s  peak %7.1f MiB (budget %5.0f MiB)%s\n", c.label, s.m.seconds, s.peak_mib,
                c.budget_mib, s.peak_mib > c.budget_mib ? "  OVER" : "");
    std::fflush(stdout);
  }
  return over ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  long customers = 2'000'000;
  int repeat = 5;
  bool global_order = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--customers" && i + 1 < argc)
      customers = std::atol(argv[++i]);
    else if (arg == "--quick")
      customers = 200'000;
    else if (arg == "--global-order")
      global_order = true;
    else if (arg == "--repeat" && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--memory")
      return memory();
    else {
      std::fprintf(stderr,
                   "usage: journeysim-bench [--customers N] [--quick] [--global-order] [--repeat N]\n"
                   "       journeysim-bench --memory\n");
      return 1;
    }
  }
  std::printf(
      "journeysim-bench: 3 stages x 2 channels, %ld customers, horizon 60 days, HDF5 output included%s, "
      "%d runs each; peak memory budget: 100 B/customer + 64 MiB\n",
      customers, global_order ? ", global event order" : "", repeat);
  run_config("1 thread, 1 replication", customers, journey(customers, 1, 1, global_order), repeat);
  run_config("1 thread, 2 replications", customers, journey(customers, 1, 2, global_order), repeat);
  run_config("2 threads, 2 replications", customers, journey(customers, 2, 2, global_order), repeat);
  return 0;
}
