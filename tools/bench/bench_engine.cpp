// journeysim-bench: the engine's speed on the 3-stage x 2-channel journey of
// tools/bench/journey.toml at 2,000,000 customers, through the `run`
// command's pipeline (load, plan, simulate, stream into the HDF5 file), on
// each engine path the scenario can take:
//   journey loop       nothing couples customers (journey.toml as it is);
//   per-customer heap  plus a win-back campaign without a budget;
//   referrals          journey.toml with referrals
//                      (--set touchpoint.s3.web.referrals=0.3): one customer
//                      at a time, max_customers settled apart;
//   budget             plus the campaign with a `max_sends` budget (one in
//                      twenty customers): one customer at a time, the budget
//                      settled apart;
//   budgets            plus a nudge on friction with a budget of its own
//                      (one in ten customers): settled one after the other;
//   budget+referrals   the budget path with the referrals: a round per
//                      budget spent, the referrals settled in order;
//   unspent budgets    the win-back and a greeting on every stage entered,
//                      each with a budget far above its sends (a cap set
//                      only in case): the budget path, every budget
//                      counted, no trigger kept; two messages for three
//                      touches, where the others send one for 40 or fewer.
// A second table shows each path's messages per touch and its time per
// event (a touch or a message) against the loop's per touch: what a path
// costs for the work its scenario asks of it.
// Each path runs 1 thread x 1 replication, 2 threads x 1 replication,
// 2 threads x 2 replications, and 1 replication with --events on 1 and 2 threads, each
// configuration --repeat times (default 5) in a child process, so that its
// peak memory (wait4's ru_maxrss) is its own, in rounds that run every path
// chosen once, the journey loop first. It prints the median and the range,
// touchpoints per second, nanoseconds per touch and its ratio to the
// journey loop's (the median over rounds of the ratio within a round: not
// the ratio of the two medians), for a configuration with --events its
// time over the same run's without --events, run next to it (the median of
// those ratios), and bytes per customer: the peak less that of the same
// configuration at 1,000 customers, over customers.
//
//   journeysim-bench [--customers N] [--quick] [--repeat N] [--path
//   loop|heap|referrals|budget|budgets|budget+referrals|unspent]
//                    [--global-order]
// --global-order forces one (time, customer, sequence) queue over everyone on
// every path, which before issue 11 scenarios with budgets or referrals took.
//   journeysim-bench --memory
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
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "journeysim/app/commands.h"

namespace js = journeysim;

namespace {

struct Measured {
  double seconds = 0;
  long long touchpoints = 0;
  long long messages = 0;
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
  m.messages = outcome.messages;
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

// The scenarios of the three paths: journey.toml, and a copy with a campaign appended.
const char* kCampaign = R"(
[[campaigns]]
id = "winback"
trigger = "abandon"
stage = "s2"
channel = "mobile"
via = "web"
delay = { dist = "fixed", value = 1.0 }
reach = 0.6
cost_per_send = 0.02
win_back = 0.35
)";

std::vector<std::string> made_files;  // removed at the end

std::string with_campaign(const std::string& extra) {
  const std::string path =
      "/tmp/journeysim-bench-" + std::to_string(::getpid()) + "-" + std::to_string(extra.size()) + ".toml";
  made_files.push_back(path);
  std::ifstream in(JOURNEYSIM_BENCH_DIR "/journey.toml");
  std::stringstream text;
  text << in.rdbuf() << kCampaign << extra;
  std::ofstream(path) << text.str();
  return path;
}

enum class Path { Loop, Heap, Budget, Referrals, Budgets, BudgetReferrals, Unspent };

js::CommandRequest journey(long customers, unsigned threads, std::uint32_t replications, bool global_order,
                           Path path = Path::Loop) {
  js::CommandRequest request;
  request.scenario = JOURNEYSIM_BENCH_DIR "/journey.toml";
  request.sets = {"population.customers=" + std::to_string(customers)};
  if (path == Path::Heap) request.scenario = with_campaign("");
  const std::string budget = "max_sends = " + std::to_string(customers / 20) + "\n";
  if (path == Path::Budget || path == Path::BudgetReferrals) request.scenario = with_campaign(budget);
  if (path == Path::Budgets)
    request.scenario = with_campaign(budget + R"(
[[campaigns]]
id = "nudge"
trigger = "friction"
via = "web"
reach = 0.5
cost_per_send = 0.01
advance_multiplier = 1.5
max_sends = )" + std::to_string(customers / 10) +
                                     "\n");
  if (path == Path::Unspent)
    request.scenario = with_campaign(R"(max_sends = 1000000000000

[[campaigns]]
id = "hello"
trigger = "enter"
via = "web"
reach = 0.5
cost_per_send = 0.01
max_sends = 1000000000000
)");
  if (path == Path::Referrals || path == Path::BudgetReferrals)
    request.sets.push_back("touchpoint.s3.web.referrals=0.3");
  request.replications = replications;
  request.threads = threads;
  if (global_order) request.ordering = js::Ordering::Global;
  return request;
}

struct Result {
  double median = 0, low = 0, high = 0;  // seconds
  long long touchpoints = 0, messages = 0;
  double peak_mib = 0;
  std::vector<double> ns;        // per touch, run by run, in the order run
  std::vector<double> ns_event;  // per touch or message, run by run
  // With --events: the time with events over the same run's without, run
  // next to each other in the same round (the issue 11 target: at most 2 x).
  std::vector<double> events_over_plain;
  std::vector<double> plain_seconds;  // those runs without --events, to read the ratio against
};

// The middle value, or the mean of the two middle ones for an even count.
double median_of(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

Result summarise(const std::vector<Sample>& in_order) {
  std::vector<Sample> samples = in_order;
  std::sort(samples.begin(), samples.end(),
            [](const Sample& a, const Sample& b) { return a.m.seconds < b.m.seconds; });
  Result r;
  std::vector<double> seconds;
  for (const Sample& x : in_order) seconds.push_back(x.m.seconds);
  r.median = median_of(seconds);
  r.low = samples.front().m.seconds;
  r.high = samples.back().m.seconds;
  r.touchpoints = samples.front().m.touchpoints;
  r.messages = samples.front().m.messages;
  for (const Sample& x : samples) r.peak_mib = std::max(r.peak_mib, x.peak_mib);
  for (const Sample& x : in_order) {
    r.ns.push_back(x.m.seconds * 1e9 / static_cast<double>(x.m.touchpoints));
    r.ns_event.push_back(x.m.seconds * 1e9 / static_cast<double>(x.m.touchpoints + x.m.messages));
  }
  return r;
}

// The median over rounds of a's over b's, run by run.
double median_ratio(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> ratios;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) ratios.push_back(a[i] / b[i]);
  return ratios.empty() ? 1.0 : median_of(ratios);
}

// One row: the path and configuration, its times, its cost per touch against
// the journey loop's in the same configuration (the median of the ratios of
// runs made one after the other, loop then path: this machine's speed drifts
// by a quarter over minutes, which a ratio of medians taken minutes apart
// would carry), and bytes per customer.
void path_row(const char* path, const char* config, const Result& r, const Result* loop, double small_mib,
              long customers, std::uint32_t replications) {
  char events[64] = "–";
  if (!r.events_over_plain.empty())
    std::snprintf(events, sizeof events, "%.2f × (without: %.2f s)", median_of(r.events_over_plain),
                  median_of(r.plain_seconds));
  const double ns = r.median * 1e9 / static_cast<double>(r.touchpoints);
  const double bytes = std::max(0.0, (r.peak_mib - small_mib) * 1024.0 * 1024.0) /
                       static_cast<double>(customers) / static_cast<double>(replications);
  std::printf("| %s | %s | %.2f s (%.2f–%.2f) | %.2f | %.0f ns | %.2f × | %s | %.0f |\n", path, config,
              r.median, r.low, r.high, static_cast<double>(r.touchpoints) / r.median / 1e6, ns,
              loop ? median_ratio(r.ns, loop->ns) : 1.0, events, bytes);
  std::fflush(stdout);
}

// One row of the messages table: a path's messages per touch, and its cost
// per event (a touch or a message) against the loop's per touch (the loop
// sends none), in the same rounds as above: what a path costs for the work
// its scenario asks of it, where per touch also counts the messages' work.
void message_row(const char* path, const char* config, const Result& r, const Result& loop) {
  std::printf("| %s | %s | %.2f | %.0f ns | %.2f × | %.2f × |\n", path, config,
              static_cast<double>(r.messages) / static_cast<double>(r.touchpoints),
              r.median * 1e9 / static_cast<double>(r.touchpoints + r.messages), median_ratio(r.ns, loop.ns),
              median_ratio(r.ns_event, loop.ns));
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
  std::string only;
  bool global_order = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--customers" && i + 1 < argc)
      customers = std::atol(argv[++i]);
    else if (arg == "--quick")
      customers = 200'000;
    else if (arg == "--repeat" && i + 1 < argc)
      repeat = std::max(1, std::atoi(argv[++i]));
    else if (arg == "--global-order")
      global_order = true;
    else if (arg == "--path" && i + 1 < argc)
      only = argv[++i];
    else if (arg == "--memory")
      return memory();
    else {
      std::fprintf(stderr,
                   "usage: journeysim-bench [--customers N] [--quick] [--repeat N] [--path "
                   "loop|heap|referrals|budget|budgets|budget+referrals|unspent] "
                   "[--global-order]\n"
                   "       journeysim-bench --memory\n");
      return 1;
    }
  }
  std::printf(
      "journeysim-bench: 3 stages x 2 channels, %ld customers, horizon 60 days, HDF5 output included, "
      "%d run%s each (median and range)%s\n"
      "vs journey loop: this path's time per touch over the journey loop's, run by run in the same round "
      "(each round runs every path chosen once; a row with --events against the loop with --events), "
      "median of those ratios; above 1 is slower\n"
      "--events vs without: a run with --events over the same run without, run next to each other, "
      "median of those ratios (and of the times without)\n\n",
      customers, repeat, repeat == 1 ? "" : "s",
      global_order ? "; every path on the global queue (--global-order), the journey loop's rows included"
                   : "");
  std::printf(
      "| path | configuration | wall time | M touches/s | per touch | vs journey loop | --events vs without "
      "| bytes per customer |\n"
      "| --- | --- | --- | --- | --- | --- | --- | --- |\n");
  struct PathCase {
    const char* name;
    const char* key;
    Path path;
  };
  struct Config {
    const char* name;
    unsigned threads;
    std::uint32_t replications;
    bool events;
  };
  const Config configs[] = {{"1 thread, 1 replication", 1, 1, false},
                            {"2 threads, 1 replication", 2, 1, false},
                            {"2 threads, 2 replications", 2, 2, false},
                            {"1 thread, 1 replication, --events", 1, 1, true},
                            {"2 threads, 1 replication, --events", 2, 1, true}};
  const PathCase paths[] = {{"journey loop", "loop", Path::Loop},
                            {"per-customer heap", "heap", Path::Heap},
                            {"referrals, one at a time", "referrals", Path::Referrals},
                            {"budget (max_sends)", "budget", Path::Budget},
                            {"two budgets", "budgets", Path::Budgets},
                            {"budget and referrals", "budget+referrals", Path::BudgetReferrals},
                            {"unspent budgets", "unspent", Path::Unspent}};
  std::vector<const PathCase*> chosen;
  for (const PathCase& p : paths) {
    if (p.path == Path::Loop || only.empty() || only == p.key) chosen.push_back(&p);
  }
  // By configuration, the chosen paths one after the other, --repeat times
  // round: each path's run i is next to the journey loop's run i.
  std::vector<std::vector<Result>> results(chosen.size(), std::vector<Result>(std::size(configs)));
  std::vector<std::vector<double>> small_mib(chosen.size(), std::vector<double>(std::size(configs)));
  for (std::size_t c = 0; c < std::size(configs); ++c) {
    const Config& k = configs[c];
    std::vector<js::CommandRequest> requests, plain;
    for (std::size_t q = 0; q < chosen.size(); ++q) {
      auto request = journey(customers, k.threads, k.replications, global_order, chosen[q]->path);
      plain.push_back(request);
      request.events = k.events;
      requests.push_back(request);
      auto small = journey(1000, k.threads, k.replications, global_order, chosen[q]->path);
      small.events = k.events;
      small_mib[q][c] = run_child("small", small).peak_mib;
    }
    std::vector<std::vector<Sample>> samples(chosen.size());
    std::vector<std::vector<double>> over(chosen.size()), without_s(chosen.size());
    for (int i = 0; i < repeat; ++i) {
      for (std::size_t q = 0; q < chosen.size(); ++q) {
        // With --events, the same run without next to it, first in every other round.
        const bool pair = k.events, plain_first = i % 2 == 0;
        double without = 0;
        if (pair && plain_first) without = run_child(chosen[q]->name, plain[q]).m.seconds;
        samples[q].push_back(run_child(chosen[q]->name, requests[q]));
        if (pair && !plain_first) without = run_child(chosen[q]->name, plain[q]).m.seconds;
        if (pair) {
          over[q].push_back(samples[q].back().m.seconds / without);
          without_s[q].push_back(without);
        }
      }
    }
    for (std::size_t q = 0; q < chosen.size(); ++q) {
      results[q][c] = summarise(samples[q]);
      results[q][c].events_over_plain = over[q];
      results[q][c].plain_seconds = without_s[q];
    }
    std::fprintf(stderr, "journeysim-bench: %s done\n", k.name);
  }
  for (std::size_t q = 0; q < chosen.size(); ++q) {
    for (std::size_t c = 0; c < std::size(configs); ++c) {
      path_row(chosen[q]->name, configs[c].name, results[q][c], q == 0 ? nullptr : &results[0][c],
               small_mib[q][c], customers, configs[c].replications);
    }
  }
  if (chosen.size() > 1)
    std::printf(
        "\nMessages: campaign messages per touch, and the time per event (a touch or a message) over the "
        "journey loop's per touch, run by run in the same round, median of those ratios (runs without "
        "--events)\n\n"
        "| path | configuration | messages per touch | per event | vs journey loop, per touch | per event |\n"
        "| --- | --- | --- | --- | --- | --- |\n");
  for (std::size_t q = 1; q < chosen.size(); ++q) {
    for (std::size_t c = 0; c < std::size(configs); ++c) {
      if (!configs[c].events) message_row(chosen[q]->name, configs[c].name, results[q][c], results[0][c]);
    }
  }
  for (const auto& f : made_files) std::remove(f.c_str());
  return 0;
}
