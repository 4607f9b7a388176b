#include "journeysim/sim/runner.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include "event_spill.h"
#include "journeysim/core/error.h"

namespace journeysim {

namespace {

// Runs that may be finished and waiting for an earlier one, per thread: what
// bounds memory, whatever the number of runs.
constexpr std::size_t kWaitingPerThread = 2;

class Pool {
 public:
  // `per_run`: threads each run may use itself (more than one when there
  // are fewer runs than threads asked for).
  Pool(const std::vector<RunJob>& jobs, RunSink& sink, const RunnerOptions& options, unsigned threads,
       unsigned per_run)
      : jobs_(jobs),
        sink_(sink),
        options_(options),
        window_(kWaitingPerThread * threads + 1),
        per_run_(per_run) {}

  void work() {
    for (;;) {
      std::size_t i;
      {
        std::unique_lock<std::mutex> lock(state_);
        auto may_start = [&] { return failure_ || next_ == jobs_.size() || next_ < committed_ + window_; };
        if (!may_start()) {
          ++blocked_;
          ready_.wait(lock, may_start);
          --blocked_;
        }
        if (failure_ || next_ == jobs_.size()) return;
        i = next_++;
      }
      try {
        Log log(*this, i);
        const RunJob& job = jobs_[i];
        RunResult r;
        try {
          r = simulate(*job.model, job.replication, options_.record_events ? &log : nullptr,
                       options_.ordering, options_.stop, per_run_);
        } catch (const ModelError& e) {
          if (!options_.keep_going) {
            if (job.arm.empty()) throw;
            throw ModelError("arm `" + std::string(job.arm) + "`: " + e.what());
          }
          r = failed_run(*job.model, job.replication, e.what());
        }
        r.variant = job.variant;
        finish(i, std::move(r), std::move(log.spill));
      } catch (...) {
        std::lock_guard<std::mutex> lock(state_);
        if (!failure_) failure_ = std::current_exception();
        ready_.notify_all();
        return;
      }
    }
  }

  void rethrow() {
    if (failure_) std::rethrow_exception(failure_);
  }

 private:
  // One run's event log: straight to the sink while the run is the earliest
  // not handed over, else parked in a spill file.
  struct Log final : EventSink {
    Log(Pool& pool, std::size_t job) : pool_(pool), job_(job) {}
    void write(std::vector<EventRecord>& rows) override {
      if (pool_.committed_ == job_) {  // only ever grows up to job_ while this run lives
        std::lock_guard<std::mutex> lock(pool_.sink_mutex_);
        if (spill) sent_ += pool_.drain(job_, *spill);
        sent_ += rows.size();
        pool_.sink_.events(job_, rows);
        return;
      }
      if (!spill) spill = std::make_unique<detail::EventSpill>();
      spill->append(rows);  // only this run's thread touches its spill until the run is done
    }
    bool can_retract() const override { return pool_.sink_.can_retract_events(); }
    // Once a record has gone to the sink, every later one does (the run
    // stays the earliest), so what was sent is the end of the sink's log.
    void retract() override {
      spill.reset();
      if (sent_ > 0) {
        std::lock_guard<std::mutex> lock(pool_.sink_mutex_);
        pool_.sink_.retract_events(job_, sent_);
        sent_ = 0;
      }
    }
    Pool& pool_;
    std::size_t job_;
    std::unique_ptr<detail::EventSpill> spill;
    std::uint64_t sent_ = 0;  // records handed to the sink
  };

  struct Finished {
    RunResult result;
    std::unique_ptr<detail::EventSpill> spill;
  };

  // Under sink_mutex_. Returns the records handed over.
  std::uint64_t drain(std::size_t job, detail::EventSpill& spill) {
    std::uint64_t rows = 0;
    spill.drain(buffer_, [&](std::vector<EventRecord>& part) {
      rows += part.size();
      sink_.events(job, part);
    });
    return rows;
  }

  void finish(std::size_t i, RunResult&& r, std::unique_ptr<detail::EventSpill> spill) {
    {
      std::lock_guard<std::mutex> lock(state_);
      if (failure_) return;
      waiting_.emplace(i, Finished{std::move(r), std::move(spill)});
    }
    deliver();
  }

  // Hands over every run that is next in line. One thread delivers at a
  // time; a thread that finds the sink busy leaves its run to that thread,
  // which looks again before it lets go, so no run is left waiting.
  void deliver() {
    for (;;) {
      std::unique_lock<std::mutex> sink(sink_mutex_, std::try_to_lock);
      if (!sink.owns_lock()) return;
      for (;;) {
        Finished f;
        const std::size_t index = committed_;
        {
          std::lock_guard<std::mutex> lock(state_);
          auto it = waiting_.find(index);
          if (it == waiting_.end() || failure_) break;
          f = std::move(it->second);
          waiting_.erase(it);
        }
        if (f.spill) drain(index, *f.spill);
        sink_.done(index, std::move(f.result));
        {
          std::lock_guard<std::mutex> lock(state_);
          committed_ = index + 1;
          if (blocked_) ready_.notify_all();
        }
        if (options_.progress) options_.progress(index + 1, jobs_.size());
      }
      sink.unlock();
      std::lock_guard<std::mutex> lock(state_);
      if (failure_ || waiting_.find(committed_) == waiting_.end()) return;
    }
  }

  const std::vector<RunJob>& jobs_;
  RunSink& sink_;
  const RunnerOptions& options_;
  const std::size_t window_;
  const unsigned per_run_;

  std::mutex state_;       // next_, waiting_, blocked_, failure_, and writes of committed_
  std::mutex sink_mutex_;  // one thread at a time in the sink
  std::condition_variable ready_;
  std::size_t next_ = 0;                   // the next job to start
  std::atomic<std::size_t> committed_{0};  // jobs handed to the sink
  std::size_t blocked_ = 0;                // workers waiting for the window
  std::map<std::size_t, Finished> waiting_;
  std::vector<EventRecord> buffer_;  // for reading spills back
  std::exception_ptr failure_;
};

}  // namespace

unsigned thread_count(unsigned requested) {
  return requested ? requested : std::max(1u, std::thread::hardware_concurrency());
}

void run_jobs(const std::vector<RunJob>& jobs, RunSink& sink, const RunnerOptions& options) {
  const unsigned asked = thread_count(options.threads);
  const unsigned threads =
      static_cast<unsigned>(std::min<std::size_t>(asked, std::max<std::size_t>(1, jobs.size())));
  Pool pool(jobs, sink, options, threads, std::max(1u, asked / threads));
  // This thread is one of the workers. Asked for more threads than the
  // system will start (--threads 40000), the pool is what it could start.
  std::vector<std::thread> workers;
  for (unsigned t = 1; t < threads; ++t) {
    try {
      workers.emplace_back([&] { pool.work(); });
    } catch (const std::system_error&) {
      break;
    }
  }
  pool.work();
  for (auto& t : workers) t.join();
  pool.rethrow();
}

namespace {
struct KeepAll final : RunSink {
  KeepAll(const std::vector<RunJob>& jobs, const RunnerOptions& options)
      : jobs_(jobs), options_(options), results(jobs.size()) {}
  void events(std::size_t job, std::vector<EventRecord>& rows) override {
    auto& all = results[job].events;
    all.insert(all.end(), rows.begin(), rows.end());
    rows.clear();
  }
  bool can_retract_events() const override { return true; }
  void retract_events(std::size_t job, std::uint64_t rows) override {
    auto& all = results[job].events;
    all.resize(all.size() - rows);
  }
  void done(std::size_t job, RunResult&& r) override {
    r.events = std::move(results[job].events);
    sort_into_global_order(*jobs_[job].model, options_.ordering, r.events);
    results[job] = std::move(r);
  }
  const std::vector<RunJob>& jobs_;
  const RunnerOptions& options_;
  std::vector<RunResult> results;
};
}  // namespace

std::vector<RunResult> run_jobs(const std::vector<RunJob>& jobs, const RunnerOptions& options) {
  KeepAll keep(jobs, options);
  run_jobs(jobs, keep, options);
  return std::move(keep.results);
}

std::vector<RunResult> run_replications(const Model& model, std::uint32_t replications,
                                        const RunnerOptions& options) {
  std::vector<RunJob> jobs;
  for (std::uint32_t r = 0; r < replications; ++r) jobs.push_back({&model, 0, r, {}});
  return run_jobs(jobs, options);
}

}  // namespace journeysim
