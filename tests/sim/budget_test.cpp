// One campaign's send budget settled without the global queue
// (src/sim/budget.h): every customer alone with no budget, then those with
// a trigger past the last paid one again. It must live exactly the
// journeys of the global queue, with the budget binding or not, with
// triggers tied in time around the last send, and give the same result on
// any number of threads.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>

#include "journeysim/sim/engine.h"
#include "same_journeys.h"
#include "sim/arrival_windows.h"
#include "sim/budget.h"
#include "support.h"

using namespace journeysim;

namespace {

// The benchmark journey with two campaigns on the same abandonments, so a
// refused send (which draws no delay) shifts the other's draws: a budgeted
// win-back, and a survey after it in file order that wins back too (its
// delay decides when), then a nudge on friction, which can fire many times
// for one customer. The survey and the nudge have a budget too when given
// one (-1: none).
std::string budget_toml(long customers, long max_sends, long survey_sends = -1, long nudge_sends = -1) {
  auto budget = [](long n) { return n < 0 ? std::string() : "max_sends = " + std::to_string(n) + "\n"; };
  return jst::bench_journey(customers, R"(
[[campaigns]]
id = "winback"
trigger = "abandon"
via = "web"
delay = { dist = "exponential", mean = 2.0 }
reach = 0.6
cost_per_send = 0.02
win_back = 0.35
)" + budget(max_sends) + R"(
[[campaigns]]
id = "survey"
trigger = "abandon"
via = "web"
delay = { dist = "exponential", mean = 1.0 }
reach = 0.5
cost_per_send = 0.01
win_back = 0.3
)" + budget(survey_sends) + R"(
[[campaigns]]
id = "nudge"
trigger = "friction"
via = "web"
reach = 0.5
cost_per_send = 0.01
advance_multiplier = 1.5
)" + budget(nudge_sends));
}
Model journey_with_budget(long customers, long max_sends, long survey_sends = -1, long nudge_sends = -1) {
  return jst::model_from(budget_toml(customers, max_sends, survey_sends, nudge_sends));
}

RunResult run(const Model& model, Ordering ordering, unsigned threads = 1) {
  return simulate(model, 1, static_cast<EventSink*>(nullptr), ordering, nullptr, threads);
}

// Money follows from counts, exact on every path. Days to convert are a
// sum, added in another order than the global queue's, and customers run
// again take their first runs off: what cancels leaves the rounding of the
// larger sums, a few parts in 1e12 of what is left.
constexpr double kSums = 1e-10;
constexpr double kInf = std::numeric_limits<double>::infinity();

// Arrival windows of about 500 customers and blocks of 256: 40 windows in
// 20,000 customers, so that budgets are spent in the middle of the run, with
// customers of earlier windows still on their way; of 64, for 256 windows
// (the most there are) with cuts between windows that hold no cut; and no
// windows, whatever the pilot foretells (blocks of 256: every customer with
// a trigger after a cut runs again). kFineDrawn: kFine with the arrivals
// drawn again as the windows run, as a run of billions of customers does.
const detail::BudgetWindows kFine{500, 256, detail::WindowMode::Always, detail::WindowArrivals::Keep},
    kFineDrawn{500, 256, detail::WindowMode::Always, detail::WindowArrivals::Draw},
    kFinest{64, 64, detail::WindowMode::Always}, kIdOrder{500, 256, detail::WindowMode::Never},
    // Auto, with so little room for triggers (4 KiB) that the run goes in
    // windows, a few at a time, whatever the pilot foretells (as a run of
    // millions with frequent triggers does at 64 MiB).
    kFewTriggers{500, 256, detail::WindowMode::Auto, detail::WindowArrivals::Auto, 4096.0},
    // Budgets guessed spent too early, so that guesses are dropped, in
    // windows and in one window (where a cut is found after a guess of
    // another budget, not yet dropped), and not guessed at all (budget.h).
    kEarlyGuesses{500, 256, detail::WindowMode::Always, detail::WindowArrivals::Auto, 64.0 * 1024 * 1024,
                  -3.0},
    kEarlyInIdOrder{500, 256, detail::WindowMode::Never, detail::WindowArrivals::Auto, 64.0 * 1024 * 1024,
                    -3.0},
    kNoGuesses{500,
               256,
               detail::WindowMode::Always,
               detail::WindowArrivals::Auto,
               64.0 * 1024 * 1024,
               std::numeric_limits<double>::quiet_NaN()},
    // Every budget foretold never spent, so counted, not kept: each one that
    // is spent has its triggers found again once its count says so
    // (budget.h), in windows and in one.
    kAllCounted{500, 256,  detail::WindowMode::Always, detail::WindowArrivals::Auto, 64.0 * 1024 * 1024,
                4.0, -kInf},
    kAllCountedInIdOrder{
        500, 256, detail::WindowMode::Never, detail::WindowArrivals::Auto, 64.0 * 1024 * 1024, 4.0, -kInf},
    // None counted, whatever the pilot foretells: its customers that meet a
    // budget are deferred as they run, and its log is not parked.
    kNoneCounted{500,
                 256,
                 detail::WindowMode::Always,
                 detail::WindowArrivals::Auto,
                 64.0 * 1024 * 1024,
                 4.0,
                 std::numeric_limits<double>::quiet_NaN()};

// With `logged`, the log in RunResult::events, sorted into the global order.
RunResult in_windows(const Model& model, const detail::BudgetWindows& sizes, unsigned threads = 1,
                     bool logged = false) {
  jst::KeepLog log;
  RunResult r = detail::simulate_budget(model, 1, logged ? &log : nullptr, nullptr, threads, false, sizes);
  r.events = std::move(log.all);
  sort_into_global_order(model, Ordering::Auto, r.events);
  return r;
}

// Every customer arrives at 0 and every delay is fixed, so abandonments
// come in large groups at the same time: the last paid send falls inside
// one, between customers and between one customer's triggers.
const char* kTies = R"(
schema = 1
[scenario]
name = "ties"
horizon_days = 20.0
[population]
customers = 2000
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "a"
[[touchpoints]]
stage = "a"
channel = "web"
friction = 0.6
abandon = 0.5
advance = 0.3
retry_delay = { dist = "fixed", value = 1.0 }
delay = { dist = "fixed", value = 1.0 }
[[campaigns]]
id = "wb"
trigger = "abandon"
via = "web"
reach = 0.8
win_back = 0.9
max_sends = 777
[[campaigns]]
id = "again"
trigger = "friction"
via = "web"
delay = { dist = "fixed", value = 0.5 }
reach = 0.5
friction_multiplier = 0.5
)";

// `settled` (the path Auto takes) and the budget path in fine windows and
// in id order all live the journeys of the global order.
void check_every_way(const Model& model, const RunResult& settled, const RunResult& global) {
  jst::check_same_journeys(settled, global, kSums);
  for (const auto& sizes : {kFine, kFineDrawn, kFinest, kIdOrder, kFewTriggers, kEarlyGuesses,
                            kEarlyInIdOrder, kNoGuesses, kAllCounted, kAllCountedInIdOrder}) {
    INFO("windows of " << sizes.per_window << " customers"
                       << (sizes.arrivals == detail::WindowArrivals::Draw ? ", arrivals drawn again" : "")
                       << ", guesses " << sizes.guess_sd << " sd late, counted under " << sizes.count_sd
                       << " sd");
    jst::check_same_journeys(in_windows(model, sizes), global, kSums);
  }
}

}  // namespace

TEST_CASE("a send budget settled one customer at a time lives exactly the journeys of the global order",
          "[engine][ordering][budget]") {
  for (long max_sends : {1L, 40L, 900L, 100000000L}) {
    INFO("max_sends " << max_sends);
    const auto model = journey_with_budget(20000, max_sends);
    REQUIRE(!uses_global_queue(model, Ordering::Auto));
    const auto settled = run(model, Ordering::Auto);
    const auto global = run(model, Ordering::Global);
    CHECK(settled.campaign_sends[0] == std::min<long>(max_sends, global.campaign_sends[0]));
    check_every_way(model, settled, global);
  }
}

TEST_CASE("a send budget settled with an event log logs exactly the events of the global order",
          "[engine][ordering][budget]") {
  for (const auto& model : {journey_with_budget(5000, 60), journey_with_budget(5000, 60, 40, 300)}) {
    auto settled = simulate(model, 1, true);  // sorted into the global order
    const auto global = simulate(model, 1, true, Ordering::Global);
    REQUIRE(global.campaign_sends[0] == 60);
    jst::check_same_journeys(settled, global, kSums);
    jst::check_same_journeys(in_windows(model, kFinest, 2, true), global, kSums);
    jst::check_same_journeys(in_windows(model, kAllCounted, 2, true), global, kSums);
  }
}

// TMPDIR set for a scope, and put back however the scope ends (a failed
// REQUIRE throws), so that later tests' spills are not sent nowhere.
struct TmpdirFor {
  explicit TmpdirFor(const char* dir) {
    if (const char* was = std::getenv("TMPDIR")) before = was;
    ::setenv("TMPDIR", dir, 1);
  }
  ~TmpdirFor() {
    if (before)
      ::setenv("TMPDIR", before->c_str(), 1);
    else
      ::unsetenv("TMPDIR");
  }
  std::optional<std::string> before;
};

// A budget foretold never spent (counted) that indeed is not: the records
// of the customers who met it stand as they ran, the pilot's parked on disk
// meanwhile and handed over at the end, the windows' straight in a log that
// can take its records back, else parked too; with no room on disk, those
// customers run again, logged. Either way the log is the global order's,
// and the same on any number of threads and whether the sink can take
// records back or not, in the order it was written. With another budget
// that is spent (not counted), the pilot's customers that met it are run
// again instead, and their parked records left out, while the others'
// stand. A counted budget that is spent after all (every budget counted)
// has the log taken back, or the parked one dropped, and the customers run
// again in the same order.
TEST_CASE("a budget foretold never spent logs the journeys that met it once, as the global order does",
          "[engine][ordering][budget][events]") {
  // In the second, the nudge (on friction, its budget counted) is met by
  // customers who never abandon: some of the pilot's meet only it, and
  // their parked records stand.
  for (const auto& model :
       {journey_with_budget(5000, 100000000, 100000000), journey_with_budget(5000, 60, -1, 100000000)}) {
    const auto global = simulate(model, 1, true, Ordering::Global);
    bool spent = false;
    for (std::size_t k = 0; k < model.campaigns.size(); ++k) {
      INFO("campaign " << k << ", max_sends " << model.campaigns[k].max_sends);
      REQUIRE(global.campaign_sends[k] > 0);
      spent = spent || global.campaign_sends[k] == model.campaigns[k].max_sends;
    }
    int taken_back = 0;
    auto raw = [&](const detail::BudgetWindows& sizes, unsigned threads, bool retractable) {
      jst::KeepLog log(retractable);
      RunResult r = detail::simulate_budget(model, 1, &log, nullptr, threads, false, sizes);
      taken_back += log.retracted;
      r.events = std::move(log.all);
      return r;
    };
    for (const bool room : {true, false}) {
      INFO((room ? "room" : "no room") << " on disk");
      std::optional<TmpdirFor> nowhere;
      if (!room) nowhere.emplace("/nonexistent/journeysim-test");
      jst::check_same_journeys(simulate(model, 1, true), global, kSums);
      for (const auto& sizes : {kFine, kAllCounted, kAllCountedInIdOrder, kNoneCounted}) {
        INFO("windows of " << sizes.per_window << " customers, counted under " << sizes.count_sd << " sd");
        jst::check_same_journeys(in_windows(model, sizes, 2, true), global, kSums);
        const auto one = raw(sizes, 1, false);
        for (const auto& [threads, retractable] : {std::pair{3u, false}, {1u, true}, {2u, true}}) {
          INFO(threads << " threads, " << (retractable ? "can" : "cannot") << " take records back");
          auto other = raw(sizes, threads, retractable);
          REQUIRE(other.events.size() == one.events.size());
          for (std::size_t i = 0; i < one.events.size(); ++i) {
            INFO("record " << i);
            REQUIRE(other.events[i].customer == one.events[i].customer);
            REQUIRE(other.events[i].time == one.events[i].time);
            REQUIRE(other.events[i].kind == one.events[i].kind);
          }
          if (threads == 2) {
            sort_into_global_order(model, Ordering::Auto, other.events);
            jst::check_same_journeys(other, global, kSums);
          }
        }
      }
    }
    // Only where a budget counted (every one, in kAllCounted) is spent.
    CHECK((taken_back > 0) == spent);
  }
}

// A file size limit for a scope (RLIMIT_FSIZE), with SIGXFSZ ignored so
// that a write past it fails (EFBIG) rather than kill the process: a disk
// that fills up part-way through a run.
struct FileSizeLimit {
  explicit FileSizeLimit(rlim_t bytes) {
    ::getrlimit(RLIMIT_FSIZE, &was);
    rlimit lower = was;
    lower.rlim_cur = std::min(bytes, was.rlim_max);
    handler = std::signal(SIGXFSZ, SIG_IGN);
    ::setrlimit(RLIMIT_FSIZE, &lower);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &was);
    std::signal(SIGXFSZ, handler);
  }
  rlimit was{};
  void (*handler)(int) = SIG_DFL;
};

// The disk fills up once the pilot's log is parked (20 KB: before its end;
// 100 and 300 KB: after, while the rest's is parked for a sink that cannot
// take records back): a file given up late is given up as one that never
// opened, and the journeys it held run again, logged, in its place.
TEST_CASE("a disk that fills up part-way through a budget run still logs every journey once, in order",
          "[engine][budget][events]") {
  for (const auto& model :
       {journey_with_budget(5000, 100000000, 100000000), journey_with_budget(5000, 60, -1, 100000000)}) {
    const auto global = simulate(model, 1, true, Ordering::Global);
    for (const rlim_t bytes : {rlim_t{20000}, rlim_t{100000}, rlim_t{300000}}) {
      for (const auto& sizes : {kFine, kAllCounted, kAllCountedInIdOrder}) {
        std::optional<RunResult> first;
        for (const auto& [threads, retractable] :
             {std::pair{1u, false}, {3u, false}, {1u, true}, {2u, true}}) {
          INFO(bytes << " bytes on disk, counted under " << sizes.count_sd << " sd, " << threads
                     << " threads, " << (retractable ? "can" : "cannot") << " take records back");
          jst::KeepLog log(retractable);
          RunResult r;
          {
            FileSizeLimit full(bytes);
            r = detail::simulate_budget(model, 1, &log, nullptr, threads, false, sizes);
          }
          r.events = std::move(log.all);
          if (!first) first = r;
          REQUIRE(r.events.size() == first->events.size());
          for (std::size_t i = 0; i < r.events.size(); ++i) {
            INFO("record " << i);
            REQUIRE(r.events[i].customer == first->events[i].customer);
            REQUIRE(r.events[i].time == first->events[i].time);
            REQUIRE(r.events[i].kind == first->events[i].kind);
          }
          sort_into_global_order(model, Ordering::Auto, r.events);
          jst::check_same_journeys(r, global, kSums);
        }
      }
    }
  }
}

TEST_CASE("two triggers at the same time compete for the last send as in the global order",
          "[engine][ordering][budget]") {
  const auto model = jst::model_from(kTies);
  REQUIRE(!uses_global_queue(model, Ordering::Auto));
  const auto settled = run(model, Ordering::Auto);
  const auto global = run(model, Ordering::Global);
  REQUIRE(global.campaign_sends[0] == 777);  // the budget binds
  jst::check_same_journeys(settled, global, kSums);
  CHECK(settled.campaign_wins == global.campaign_wins);
}

TEST_CASE("one replication with a send budget is the same on 1 2 3 and 7 threads",
          "[engine][budget][reproducible]") {
  const auto model = journey_with_budget(300000, 5000);
  const auto one = run(model, Ordering::Auto, 1);
  CHECK(one.campaign_sends[0] == 5000);
  for (unsigned threads : {2u, 3u, 7u}) {
    INFO(threads << " threads");
    CHECK(run(model, Ordering::Auto, threads) == one);
  }
}

TEST_CASE("the event log of one replication with send budgets is the same on 1 2 3 and 7 threads",
          "[engine][budget][events][reproducible]") {
  const auto one = jst::check_log_same_on_threads(journey_with_budget(300000, 5000, 3000, 20000), 1);
  CHECK(one.campaign_sends[0] == 5000);
}

TEST_CASE("several send budgets are settled one at a time exactly as in the global order",
          "[engine][ordering][budget]") {
  // (win-back, survey, nudge): the win-back's cut moves the survey's
  // (refused win-backs draw no delay, and their customers stay lost), the
  // nudge's moves both (nudged customers abandon less); a budget of 1; and
  // budgets that never bind beside one that does; and a survey whose budget
  // binds late, with no budget on the nudge, where a guess of the survey's
  // spent too early is still there when the win-back's cut is found (in
  // one window: kEarlyInIdOrder), and the cut must wait for it to go.
  struct Budgets {
    long winback, survey, nudge;
  };
  for (const Budgets b :
       {Budgets{40, 30, 500}, Budgets{900, 1, 2000}, Budgets{1, 50, 200}, Budgets{300, 100000000, 100000000},
        Budgets{100000000, 100000000, 3000}, Budgets{300, 400, -1}}) {
    INFO("max_sends " << b.winback << ", " << b.survey << ", " << b.nudge);
    const auto model = journey_with_budget(20000, b.winback, b.survey, b.nudge);
    REQUIRE(!uses_global_queue(model, Ordering::Auto));
    const auto settled = run(model, Ordering::Auto);
    const auto global = run(model, Ordering::Global);
    CHECK(global.campaign_sends[0] <= b.winback);
    CHECK(settled.campaign_sends == global.campaign_sends);
    check_every_way(model, settled, global);
  }
}

TEST_CASE("send budgets settled in fine arrival windows are the same on 1 2 3 and 7 threads",
          "[engine][budget][reproducible]") {
  const auto model = journey_with_budget(20000, 40, 30, 500);
  for (const auto& sizes : {kFine, kAllCounted}) {
    const auto one = in_windows(model, sizes);
    for (unsigned threads : {2u, 3u, 7u}) {
      INFO(threads << " threads, counted under " << sizes.count_sd << " sd");
      CHECK(in_windows(model, sizes, threads) == one);
    }
  }
}

TEST_CASE("arrival windows keep each arrival by position, or only the ids, and give the same arrivals",
          "[engine][budget]") {
  const auto model = journey_with_budget(20000, 40, 30, 500);
  const std::uint32_t pilot = 1250, count = 40;
  const auto kept = detail::arrival_windows(model, 1, 2, pilot, count, true);
  const auto drawn = detail::arrival_windows(model, 1, 2, pilot, count, false);
  CHECK(kept.times != nullptr);
  CHECK(drawn.times == nullptr);
  CHECK(drawn.segments == nullptr);
  REQUIRE(kept.start == drawn.start);
  for (std::uint32_t p = 0; p < model.customers - pilot; ++p) {
    REQUIRE(kept.id(p) == drawn.id(p));
    const auto expected = detail::self_arrival(model, 1, kept.id(p));
    const auto a = kept.arrival_at(model, 1, p), b = drawn.arrival_at(model, 1, p);
    REQUIRE(a.time == expected.time);
    REQUIRE(a.segment == expected.segment);
    REQUIRE(b.time == expected.time);
    REQUIRE(b.segment == expected.segment);
  }
  // Kept while 23 bytes a customer in every run at once fit an eighth of the memory.
  CHECK(detail::keep_arrivals(1000, 2, 8.0 * 23 * 1000 * 2));
  CHECK_FALSE(detail::keep_arrivals(1000, 2, 8.0 * 23 * 1000 * 2 - 1));
  CHECK_FALSE(detail::keep_arrivals(1000, 1, 0.0));
}

TEST_CASE("arrival windows that draw the arrivals again give the very results of windows that keep them",
          "[engine][budget][reproducible]") {
  // Which one a run takes depends on the machine's memory (keep_arrivals),
  // so it must not change a bit of the results, the log included.
  const auto model = journey_with_budget(20000, 40, 30, 500);
  for (unsigned threads : {1u, 2u}) {
    INFO(threads << " threads");
    CHECK(in_windows(model, kFineDrawn, threads, true) == in_windows(model, kFine, threads, true));
  }
}

TEST_CASE(
    "a budget spent exactly still refuses the later triggers whose message would fall after the horizon",
    "[engine][ordering][budget]") {
  // As many sends as the win-back makes unbounded: every later trigger
  // would send after the horizon, and is refused, so draws no delay, and
  // the survey on the same abandonment draws other numbers. The horizon
  // cuts the arrivals short, so that many abandon near its end.
  auto toml = [](long max_sends) {
    std::string text = budget_toml(20000, max_sends);
    text.replace(text.find("horizon_days = 60.0"), 19, "horizon_days = 20.0");
    return text;
  };
  const long sent = run(jst::model_from(toml(-1)), Ordering::Global).campaign_sends[0];
  const auto model = jst::model_from(toml(sent));
  const auto settled = run(model, Ordering::Auto);
  const auto global = run(model, Ordering::Global);
  REQUIRE(global.campaign_sends[0] == sent);
  jst::check_same_journeys(settled, global, kSums);
}

// An abandonment that every win-back undoes at once loops for ever unless
// the budget stops it: a customer's own sends past max_sends are refused
// even before any cut is known (review of issue 11).
TEST_CASE("a budget that alone ends a loop of win-backs ends it one customer at a time too",
          "[engine][ordering][budget]") {
  for (const char* customers : {"1", "100"}) {
    INFO(customers << " customers");
    const auto model = jst::model_from(std::string(R"(
schema = 1
[scenario]
name = "loop"
horizon_days = 60.0
[population]
customers = )") + customers + R"(
arrival = { pattern = "uniform", window_days = 30.0 }
[[segments]]
id = "a"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "s1"
delay = { dist = "fixed", value = 1.0 }
[[touchpoints]]
stage = "s1"
channel = "web"
friction = 1.0
abandon = 1.0
advance = 0.5
leave = 0.0
[[campaigns]]
id = "winback"
trigger = "abandon"
via = "web"
win_back = 1.0
reach = 1.0
max_sends = 3
)");
    const auto global = run(model, Ordering::Global);
    REQUIRE(global.campaign_sends[0] == 3);
    check_every_way(model, run(model, Ordering::Auto), global);
  }
}

TEST_CASE("neither several budgets nor a budget with referrals go to the global queue", "[engine][budget]") {
  const std::string two = jst::bench_journey(1000, R"(
[[campaigns]]
id = "a"
trigger = "abandon"
via = "web"
max_sends = 5
[[campaigns]]
id = "b"
trigger = "leave"
via = "web"
max_sends = 5
)");
  CHECK(!uses_global_queue(jst::model_from(two), Ordering::Auto));
  std::string referring = two;
  const std::string purchase = "advance = 0.9\nleave = 0.1\nvalue = 40.0";
  referring.replace(referring.find(purchase), purchase.size(), purchase + "\nreferrals = 0.2");
  CHECK(!uses_global_queue(jst::model_from(referring), Ordering::Auto));
}

// The fixture the CLI's end-to-end test takes back logs with: its pilot (one
// customer of sixteen) foretells the budget never spent where it sends
// little, and the rest spend it, in replications 1, 4, 5 and 10 of the
// first twelve. Those logs are taken back and written again, the others
// not; every one is the global order's, and the same as a sink's that
// cannot take records back.
TEST_CASE("the fixture foretold-wrong-budget takes its log back where its pilot foretells wrongly",
          "[engine][budget][events]") {
  const auto model = jst::model_from(
      jst::read_text(jst::source_path("tests/fixtures/scenarios/foretold-wrong-budget.toml")));
  for (std::uint32_t r = 0; r < 12; ++r) {
    INFO("replication " << r);
    jst::KeepLog can(true), cannot(false);
    auto taken = simulate(model, r, &can, Ordering::Auto, nullptr, 1);
    simulate(model, r, &cannot, Ordering::Auto, nullptr, 2);
    CHECK(can.retracted == (r == 1 || r == 4 || r == 5 || r == 10 ? 1 : 0));
    REQUIRE(can.all.size() == cannot.all.size());
    for (std::size_t i = 0; i < can.all.size(); ++i) {
      INFO("record " << i);
      REQUIRE(can.all[i].customer == cannot.all[i].customer);
      REQUIRE(can.all[i].time == cannot.all[i].time);
      REQUIRE(can.all[i].kind == cannot.all[i].kind);
    }
    taken.events = std::move(can.all);
    sort_into_global_order(model, Ordering::Auto, taken.events);
    jst::check_same_journeys(taken, simulate(model, r, true, Ordering::Global), kSums);
  }
}
