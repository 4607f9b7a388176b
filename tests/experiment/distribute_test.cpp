// A plan spread over processes (experiment/distribute.h), with threads in
// one process standing in for MPI ranks: the sinks receive what execute()
// gives them, bit for bit, for any number of processes and threads, and
// every failure ends every process instead of leaving one waiting.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "journeysim/core/error.h"
#include "journeysim/experiment/distribute.h"
#include "journeysim/experiment/sweep.h"
#include "journeysim/sim/engine.h"
#include "journeysim/sim/run_codec.h"
#include "support.h"

using namespace journeysim;

namespace {

// A mailbox per process; messages from one process to another arrive in
// the order sent, as MPI promises.
class Post {
 public:
  explicit Post(int processes) : boxes_(processes) {}
  void put(int from, int to, const std::string& m) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      boxes_[to].push_back({from, m});
    }
    arrived_.notify_all();
  }
  int take_any(int to, std::string& m) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (boxes_[to].empty()) return -1;
    const int from = boxes_[to].front().first;
    m = std::move(boxes_[to].front().second);
    boxes_[to].pop_front();
    return from;
  }
  std::string take_from(int to, int from) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      auto& box = boxes_[to];
      for (auto it = box.begin(); it != box.end(); ++it) {
        if (it->first != from) continue;
        std::string m = std::move(it->second);
        box.erase(it);
        return m;
      }
      arrived_.wait(lock);
    }
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::deque<std::pair<int, std::string>>> boxes_;
};

class ThreadTransport final : public Transport {
 public:
  ThreadTransport(Post& post, int rank, int size) : post_(post), rank_(rank), size_(size) {}
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void send(int to, const std::string& m) override { post_.put(rank_, to, m); }
  int try_receive(std::string& m) override { return post_.take_any(rank_, m); }
  std::string receive(int from) override { return post_.take_from(rank_, from); }

 private:
  Post& post_;
  int rank_, size_;
};

std::string sweep_scenario(std::uint64_t seed = 5) {
  std::string touchpoints;
  for (const char* stage : {"look", "buy"}) {
    for (const char* channel : {"web", "store"}) {
      touchpoints += std::string("[[touchpoints]]\nstage = \"") + stage + "\"\nchannel = \"" + channel +
                     "\"\nfriction = 0.3\nabandon = 0.2\nadvance = 0.5\nleave = 0.1\n";
      if (std::string(stage) == "buy") touchpoints += "value = 40.0\nvalue_on = \"advance\"\n";
    }
  }
  return R"(schema = 1
[scenario]
name = "spread"
horizon_days = 200.0
seed = )" +
         std::to_string(seed) +
         R"(
[population]
customers = 300
arrival = { pattern = "uniform", window_days = 20.0 }
[[segments]]
id = "a"
share = 0.6
channels = { web = 0.7, store = 0.3 }
[[segments]]
id = "b"
share = 0.4
channels = { web = 0.2, store = 0.8 }
[[channels]]
id = "web"
cost_per_touch = 0.5
[[channels]]
id = "store"
cost_per_touch = 2.0
[[stages]]
id = "look"
delay = { dist = "exponential", mean = 2.0 }
[[stages]]
id = "buy"
conversion = true
)" + touchpoints +
         R"(
[sweep]
design = "lhs"
points = 7
replications = 3
[[sweep.parameters]]
path = "touchpoint.buy.web.friction"
range = [0.1, 0.8]
[[sweep.parameters]]
path = "touchpoint.look.store.abandon"
range = [0.05, 0.5]
)";
}

RunPlan plan_of(const std::string& toml) {
  return plan_sweep(jst::scenario_from(toml), {}, 0);
}

// Every run's bytes, checking that they come in plan order.
struct Bytes final : ResultSink {
  std::vector<std::string> runs;
  std::size_t first = 0, fail_at = SIZE_MAX;
  void run_done(std::size_t index, const PlannedRun&, const RunResult& r) override {
    if (index != first + runs.size()) throw std::logic_error("out of order");
    if (index == fail_at) throw IoError("the disk is full");
    runs.push_back(encode_run(r));
  }
};

// Rank 0 in this thread, the others in threads of their own; what rank 0's
// sinks received, or the failure it threw.
struct Spread {
  std::vector<std::string> runs;
  std::string failure;
  // What follow() returned, by rank: chars, since the ranks are threads
  // writing at once, and std::vector<bool> packs them into shared words.
  std::vector<char> followed;
};

Spread spread(const RunPlan& plan, int processes, unsigned threads, std::size_t first = 0,
              std::vector<std::string> plans_of_others = {}, std::size_t fail_at = SIZE_MAX) {
  Post post(processes);
  Spread out;
  out.followed.assign(processes, false);
  std::vector<std::thread> others;
  std::vector<RunPlan> other_plans(processes);
  for (int r = 1; r < processes; ++r) {
    others.emplace_back([&, r] {
      ThreadTransport t(post, r, processes);
      ExecuteOptions o;
      o.threads = threads;
      o.keep_going = true;
      const std::string toml = plans_of_others.empty() ? std::string() : plans_of_others[r - 1];
      if (toml == "broken") {
        out.followed[r] = follow(nullptr, 0, "test.toml:3:1: it is broken", o, t);
        return;
      }
      const RunPlan& mine = toml.empty() ? plan : (other_plans[r] = plan_of(toml));
      out.followed[r] = follow(&mine, checksum64(toml.empty() ? "plan" : toml), "", o, t);
    });
  }
  ThreadTransport t(post, 0, processes);
  Bytes bytes;
  bytes.first = first;
  bytes.fail_at = fail_at;
  try {
    Lead lead(t);
    ExecuteOptions o;
    o.threads = threads;
    o.keep_going = true;
    lead.execute(plan, first, {&bytes}, o, checksum64("plan"));
  } catch (const std::exception& e) {
    out.failure = e.what();
  }
  for (auto& th : others) th.join();
  out.runs = std::move(bytes.runs);
  return out;
}

}  // namespace

TEST_CASE("runs spread over processes reach the sinks as one process gives them, bit for bit",
          "[distribute]") {
  const RunPlan plan = plan_of(sweep_scenario());
  REQUIRE(plan.runs.size() == 21);
  Bytes alone;
  ExecuteOptions o;
  o.threads = 1;
  o.keep_going = true;
  execute(plan, 0, {&alone}, o);

  for (int processes : {1, 2, 3, 5}) {
    for (unsigned threads : {1u, 2u}) {
      INFO(processes << " processes, " << threads << " threads");
      const Spread s = spread(plan, processes, threads);
      CHECK(s.failure.empty());
      CHECK(s.runs == alone.runs);
      for (int r = 1; r < processes; ++r) CHECK(s.followed[r]);
    }
  }
  // A resume starts past the runs in the journal.
  const Spread rest = spread(plan, 3, 1, 15);
  CHECK(rest.failure.empty());
  REQUIRE(rest.runs.size() == 6);
  CHECK(rest.runs.front() == alone.runs[15]);
  CHECK(rest.runs.back() == alone.runs[20]);
}

TEST_CASE("a process that cannot plan, or plans other runs, stops the sweep with its reason",
          "[distribute]") {
  const RunPlan plan = plan_of(sweep_scenario());
  const Spread broken = spread(plan, 3, 1, 0, {"", "broken"});
  CHECK(broken.failure == "process 2 could not plan the sweep: test.toml:3:1: it is broken");
  CHECK(broken.runs.empty());
  CHECK_FALSE(broken.followed[1]);  // turned away

  const Spread other = spread(plan, 3, 1, 0, {sweep_scenario(6), ""});
  CHECK_THAT(other.failure, Catch::StartsWith("process 1 planned other runs than process 0"));
  CHECK_FALSE(other.followed[2]);
}

TEST_CASE("a sink that fails on rank 0 stops every process, none left waiting", "[distribute]") {
  const RunPlan plan = plan_of(sweep_scenario());
  const Spread s = spread(plan, 3, 2, 0, {}, 4);
  CHECK(s.failure == "the disk is full");
  CHECK(s.runs.size() == 4);
  CHECK(s.followed[1]);
  CHECK(s.followed[2]);
}

TEST_CASE("rank 0 failing before it runs anything turns the others away", "[distribute]") {
  const RunPlan plan = plan_of(sweep_scenario());
  Post post(3);
  std::vector<char> followed(3, true);  // not vector<bool>: two threads write it at once
  std::vector<std::thread> others;
  for (int r = 1; r < 3; ++r) {
    others.emplace_back([&, r] {
      ThreadTransport t(post, r, 3);
      followed[r] = follow(&plan, 1, "", {}, t);
    });
  }
  {
    ThreadTransport t(post, 0, 3);
    Lead lead(t);  // the output cannot be written, say: never executes
  }
  for (auto& th : others) th.join();
  CHECK_FALSE(followed[1]);
  CHECK_FALSE(followed[2]);
}

TEST_CASE("a run as bytes gives back the run, its error included", "[distribute]") {
  const RunPlan plan = plan_of(sweep_scenario());
  ExecuteOptions o;
  o.threads = 1;
  auto results = run_jobs(plan_jobs(plan, 0, 2), o);
  results[1] = failed_run(plan.arms[0].model, 1, "a customer passed the event limit");
  for (const auto& r : results) {
    const RunResult back = decode_run(encode_run(r));
    CHECK(encode_run(back) == encode_run(r));
    CHECK(back.error == r.error);
    CHECK(back.by_segment == r.by_segment);
    CHECK(back.totals.revenue == r.totals.revenue);
  }
  CHECK_THROWS_AS(decode_run(encode_run(results[0]).substr(0, 100)), IoError);

  // With a campaign that scales value: the counts money is computed from
  // travel too.
  const RunResult r = simulate(jst::model_from(jst::bench_journey(2000, R"(
[[campaigns]]
id = "nudge"
trigger = "friction"
via = "web"
reach = 0.8
cost_per_send = 0.03
value_multiplier = 1.5
)")),
                               0);
  REQUIRE(!r.by_segment.touch_earned_with.empty());
  REQUIRE(r.totals.campaign_sends > 0);
  CHECK(decode_run(encode_run(r)) == r);
}
