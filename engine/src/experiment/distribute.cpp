#include "journeysim/experiment/distribute.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "journeysim/core/error.h"
#include "journeysim/sim/run_codec.h"
#include "journeysim/sim/runner.h"

namespace journeysim {

namespace {

enum class Kind : std::uint8_t {
  Ready = 1,
  Failed,
  Go,
  Quit,
  Chunk,
  Results,
  Error,
  Interrupted,
  Skipped,
  Stop
};

template <class... T>
std::string message(Kind kind, const T&... fields) {
  ByteWriter w;
  w.put(kind);
  w.all(fields...);
  return std::move(w.bytes);
}

Kind kind_of(ByteReader& in) {
  Kind kind{};
  in.get(kind);
  return kind;
}

std::string process(int rank) {
  return "process " + std::to_string(rank);
}

[[noreturn]] void unexpected(int from) {
  throw IoError(process(from) + " sent a message out of turn: is every process the same journeysim?");
}

// plan.runs[first, first + count).
struct Chunk {
  std::uint64_t first = 0, count = 0;
};

// A chunk should take long against a message's round trip and rank 0's
// polling (at most kMaxPause), and short against the sweep, so that the
// processes finish together.
constexpr double kChunkSeconds = 0.05;
constexpr std::size_t kMaxRunsPerThread = 64;  // in one chunk
// Chunks handed to a process and not yet returned: one running, one waiting,
// so a process never waits for rank 0 between chunks.
constexpr std::size_t kOutstanding = 2;
constexpr auto kMinPause = std::chrono::microseconds(20);
constexpr auto kMaxPause = std::chrono::microseconds(1000);

// The runs of a chunk in job order.
struct Keep final : RunSink {
  std::vector<RunResult> results;
  void done(std::size_t, RunResult&& r) override { results.push_back(std::move(r)); }
};
struct Encode final : RunSink {
  ByteWriter out;
  void done(std::size_t, RunResult&& r) override { put_run(out, r); }
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Rank 0's own threads, fed chunks like any other process.
class LocalWorker {
 public:
  struct Done {
    Chunk chunk;
    std::vector<RunResult> results;
    double seconds = 0.0;
    std::exception_ptr failure;
  };

  LocalWorker(const RunPlan& plan, const ExecuteOptions& options) : plan_(plan), options_(options) {
    options_.progress = {};  // rank 0 counts runs as it hands them over
    options_.stop = &abort_;
    thread_ = std::thread([this] { loop(); });
  }
  ~LocalWorker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closing_ = true;
    }
    abort_ = true;  // a chunk still running is of no use to anyone
    work_.notify_all();
    thread_.join();
  }

  void give(Chunk chunk) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      todo_.push_back(chunk);
    }
    work_.notify_all();
  }

  // A finished chunk, waiting up to `pause` for one.
  bool take(Done& out, std::chrono::microseconds pause) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (done_.empty() && pause.count() > 0) finished_.wait_for(lock, pause, [&] { return !done_.empty(); });
    if (done_.empty()) return false;
    out = std::move(done_.front());
    done_.pop_front();
    return true;
  }

 private:
  void loop() {
    for (;;) {
      Done d;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        work_.wait(lock, [&] { return closing_ || !todo_.empty(); });
        if (closing_) return;
        d.chunk = todo_.front();
        todo_.pop_front();
      }
      const auto start = std::chrono::steady_clock::now();
      try {
        Keep keep;
        run_jobs(plan_jobs(plan_, d.chunk.first, d.chunk.first + d.chunk.count), keep, options_);
        d.results = std::move(keep.results);
      } catch (...) {
        d.failure = std::current_exception();
      }
      d.seconds = seconds_since(start);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        done_.push_back(std::move(d));
      }
      finished_.notify_all();
    }
  }

  const RunPlan& plan_;
  ExecuteOptions options_;
  std::atomic<bool> abort_{false};
  std::mutex mutex_;
  std::condition_variable work_, finished_;
  std::deque<Chunk> todo_;
  std::deque<Done> done_;
  bool closing_ = false;
  std::thread thread_;  // last: started once everything above exists
};

// A process as rank 0 sees it.
struct Slot {
  int rank = 0;
  unsigned threads = 1;
  std::deque<Chunk> out;   // handed out, not yet back, in the order handed out
  double run_seconds = 0;  // one thread's time for one run, once a chunk has come back
};

class Coordinator {
 public:
  Coordinator(Transport& transport, const RunPlan& plan, std::size_t first,
              const std::vector<ResultSink*>& sinks, const ExecuteOptions& options,
              const std::vector<unsigned>& threads)
      : transport_(transport),
        plan_(plan),
        sinks_(sinks),
        options_(options),
        first_(first),
        end_(plan.runs.size()),
        next_(first),
        committed_(first),
        local_(plan, options) {
    for (std::size_t r = 0; r < threads.size(); ++r) {
      slots_.push_back({static_cast<int>(r), threads[r], {}, 0.0});
      all_threads_ += threads[r];
    }
    window_ = all_threads_ * kMaxRunsPerThread * (kOutstanding + 1);
  }

  void run() {
    std::exception_ptr failure;
    try {
      loop();
    } catch (...) {
      failure = std::current_exception();
    }
    stop_others();
    if (failure) std::rethrow_exception(failure);
  }

 private:
  void loop() {
    auto pause = kMinPause;
    while (committed_ < end_) {
      if (options_.stop && options_.stop->load()) throw Interrupted("interrupted");
      hand_out();
      bool busy = false;
      std::string m;
      for (int from; (from = transport_.try_receive(m)) >= 0;) {
        accept_message(from, m);
        busy = true;
      }
      LocalWorker::Done d;
      while (local_.take(d, busy ? std::chrono::microseconds(0) : pause)) {
        accept_local(d);
        busy = true;
      }
      deliver();
      pause = busy ? kMinPause : std::min(pause * 2, kMaxPause);
    }
  }

  std::size_t chunk_size(const Slot& s) const {
    std::size_t size = s.threads;  // a run a thread until one chunk has been timed
    if (s.run_seconds > 0) {
      const double runs = kChunkSeconds * s.threads / s.run_seconds;
      size = runs >= double(kMaxRunsPerThread * s.threads) ? kMaxRunsPerThread * s.threads
                                                           : static_cast<std::size_t>(runs);
      size = std::max<std::size_t>(size, s.threads);
    }
    // Near the end, no process takes more than its share of half what is
    // left, so that they all finish at about the same time.
    const std::size_t share = ((end_ - next_) * s.threads + 2 * all_threads_ - 1) / (2 * all_threads_);
    return std::max<std::size_t>(1, std::min(size, share));
  }

  void hand_out() {
    for (auto& s : slots_) {
      while (s.out.size() < kOutstanding && next_ < end_ && next_ < committed_ + window_) {
        const std::size_t count = std::min({chunk_size(s), end_ - next_, committed_ + window_ - next_});
        const Chunk chunk{next_, count};
        next_ += count;
        s.out.push_back(chunk);
        if (s.rank == 0) {
          local_.give(chunk);
        } else {
          transport_.send(s.rank, message(Kind::Chunk, chunk.first, chunk.count));
        }
      }
    }
  }

  // What came back for the slot's oldest chunk.
  Chunk returned(Slot& s) {
    if (s.out.empty()) unexpected(s.rank);
    const Chunk chunk = s.out.front();
    s.out.pop_front();
    return chunk;
  }

  void learn(Slot& s, double seconds, std::size_t runs) {
    const double one = seconds * s.threads / static_cast<double>(std::max<std::size_t>(1, runs));
    s.run_seconds = s.run_seconds > 0 ? 0.5 * (s.run_seconds + one) : one;
  }

  void accept_message(int from, const std::string& m) {
    if (from <= 0 || from >= static_cast<int>(slots_.size())) unexpected(from);
    Slot& s = slots_[from];
    const Chunk chunk = returned(s);
    ByteReader in{m};
    switch (kind_of(in)) {
      case Kind::Results: {
        Chunk got;
        double seconds = 0;
        in.all(got.first, got.count, seconds);
        if (got.first != chunk.first || got.count != chunk.count) unexpected(from);
        for (std::uint64_t i = 0; i < got.count; ++i) get_run(in, waiting_[got.first + i]);
        learn(s, seconds, got.count);
        return;
      }
      case Kind::Error: {
        std::string why;
        in.get(why);
        throw IoError(process(from) + " failed: " + why);
      }
      case Kind::Interrupted:
        throw Interrupted("interrupted");
      default:
        unexpected(from);
    }
  }

  void accept_local(LocalWorker::Done& d) {
    returned(slots_[0]);
    if (d.failure) std::rethrow_exception(d.failure);
    for (std::size_t i = 0; i < d.results.size(); ++i) waiting_[d.chunk.first + i] = std::move(d.results[i]);
    learn(slots_[0], d.seconds, d.results.size());
  }

  void deliver() {
    while (!waiting_.empty() && waiting_.begin()->first == committed_) {
      auto it = waiting_.begin();
      for (auto* sink : sinks_) sink->run_done(committed_, plan_.runs[committed_], it->second);
      waiting_.erase(it);
      ++committed_;
      if (options_.progress) options_.progress(committed_ - first_, end_ - first_);
    }
  }

  // Every other process answers each chunk it was given (results, an error
  // or "skipped"), then is told to stop: none is left waiting, and none is
  // left blocked sending to a rank 0 that has gone.
  void stop_others() {
    for (auto& s : slots_) {
      if (s.rank == 0) continue;
      for (; !s.out.empty(); s.out.pop_front()) transport_.receive(s.rank);
      transport_.send(s.rank, message(Kind::Stop));
    }
  }

  Transport& transport_;
  const RunPlan& plan_;
  const std::vector<ResultSink*>& sinks_;
  const ExecuteOptions& options_;
  const std::size_t first_, end_;
  std::size_t next_, committed_;
  std::vector<Slot> slots_;
  std::size_t all_threads_ = 0, window_ = 0;
  std::map<std::size_t, RunResult> waiting_;  // back, not yet handed to the sinks
  LocalWorker local_;                         // last: its thread goes before the rest
};

}  // namespace

Lead::~Lead() {
  if (answered_) return;
  // Each process says whether it is ready before it listens; it is then
  // told to quit. A destructor must not throw: a failing transport (MPI
  // aborts on its own errors) is all that could.
  try {
    for (int r = 1; r < transport_.size(); ++r) transport_.receive(r);
    for (int r = 1; r < transport_.size(); ++r) transport_.send(r, message(Kind::Quit));
  } catch (...) {
  }
}

void Lead::execute(const RunPlan& plan, std::size_t first, const std::vector<ResultSink*>& sinks,
                   const ExecuteOptions& options, std::uint64_t fingerprint) {
  answered_ = true;
  std::vector<unsigned> threads(static_cast<std::size_t>(transport_.size()), thread_count(options.threads));
  std::string problem;
  for (int r = 1; r < transport_.size(); ++r) {
    const std::string m = transport_.receive(r);
    ByteReader in{m};
    std::string why;
    switch (kind_of(in)) {
      case Kind::Ready: {
        std::uint64_t theirs = 0;
        std::uint32_t their_threads = 0;
        in.all(theirs, their_threads);
        threads[r] = std::max(1u, their_threads);
        if (theirs != fingerprint)
          why = process(r) +
                " planned other runs than process 0: are the scenario file and journeysim the same on "
                "every machine?";
        break;
      }
      case Kind::Failed:
        in.get(why);
        why = process(r) + " could not plan the sweep: " + why;
        break;
      default:
        why = process(r) + " sent a message out of turn: is every process the same journeysim?";
    }
    if (problem.empty()) problem = why;
  }
  for (int r = 1; r < transport_.size(); ++r)
    transport_.send(r, message(problem.empty() ? Kind::Go : Kind::Quit));
  if (!problem.empty()) throw IoError(problem);
  Coordinator(transport_, plan, first, sinks, options, threads).run();
}

bool follow(const RunPlan* plan, std::uint64_t fingerprint, const std::string& failure,
            const ExecuteOptions& options, Transport& transport) {
  if (plan && failure.empty()) {
    transport.send(
        0, message(Kind::Ready, fingerprint, static_cast<std::uint32_t>(thread_count(options.threads))));
  } else {
    transport.send(0, message(Kind::Failed, failure.empty() ? std::string("no plan") : failure));
  }
  {
    const std::string m = transport.receive(0);
    ByteReader in{m};
    if (kind_of(in) != Kind::Go || !plan) return false;
  }
  ExecuteOptions mine = options;
  mine.progress = {};
  bool failed = false;  // then every chunk still coming is answered "skipped"
  for (;;) {
    const std::string m = transport.receive(0);
    ByteReader in{m};
    const Kind kind = kind_of(in);
    if (kind == Kind::Stop || kind == Kind::Quit) return true;
    if (failed) {
      transport.send(0, message(Kind::Skipped));
      continue;
    }
    const auto start = std::chrono::steady_clock::now();
    try {
      Chunk chunk;
      if (kind != Kind::Chunk) throw IoError("process 0 sent a message out of turn");
      in.all(chunk.first, chunk.count);
      const std::size_t runs = plan->runs.size();
      if (chunk.first > runs || chunk.count > runs - chunk.first)
        throw IoError("process 0 asked for runs past the plan's end");
      Encode encode;
      encode.out.all(Kind::Results, chunk.first, chunk.count);
      const std::size_t seconds_at = encode.out.bytes.size();
      encode.out.put(0.0);
      run_jobs(plan_jobs(*plan, chunk.first, chunk.first + chunk.count), encode, mine);
      const double seconds = seconds_since(start);
      std::memcpy(encode.out.bytes.data() + seconds_at, &seconds, sizeof seconds);
      transport.send(0, encode.out.bytes);
    } catch (const Interrupted&) {
      transport.send(0, message(Kind::Interrupted));
      failed = true;
    } catch (const std::exception& e) {
      transport.send(0, message(Kind::Error, std::string(e.what())));
      failed = true;
    }
  }
}

}  // namespace journeysim
