#pragma once
// Runs many runs over a pool of threads and hands each one's results over in
// job order, as soon as it and every run before it are done. Each run is a
// pure function of (model, replication), so what a sink receives is the same
// bit for bit whatever the thread count.
//
// Memory does not grow with the number of runs: a worker takes a new job
// only while fewer than a few runs per thread wait for an earlier one, and a
// run's --events log streams on. The log of the earliest unfinished run goes
// straight to the sink; a later run's waits in a temporary file (on disk, not
// in memory) until every run before it is handed over.
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "journeysim/model/model.h"
#include "journeysim/sim/engine.h"
#include "journeysim/sim/event_sink.h"
#include "journeysim/sim/run_result.h"

namespace journeysim {

struct RunJob {
  const Model* model = nullptr;
  std::uint32_t variant = 0;  // the arm or point: RunResult::variant
  std::uint32_t replication = 0;
  // With several arms, the arm's id: a run that stops the others (a
  // ModelError, without keep_going) is reported as that arm's.
  std::string_view arm;
};

struct RunnerOptions {
  unsigned threads = 0;  // 0: every core
  bool record_events = false;
  // A run stopped by a ModelError (a customer past the event limit at an
  // extreme sweep point) is handed over as failed_run(), and the others go
  // on, instead of stopping every run.
  bool keep_going = false;
  Ordering ordering = Ordering::Auto;
  const std::atomic<bool>* stop = nullptr;  // see simulate(): every run stops, run_jobs throws Interrupted
  // Called after each handed-over run with (done, total), one thread at a time.
  std::function<void(std::size_t, std::size_t)> progress;
};

// The threads a pool of `requested` threads runs on: every core for 0, at least 1.
unsigned thread_count(unsigned requested);

// Receives the runs of run_jobs in job order, one call at a time.
class RunSink {
 public:
  virtual ~RunSink() = default;
  // Part of job `job`'s event log, in order; every part comes before done(job).
  // Takes the records and leaves `rows` empty.
  virtual void events(std::size_t /*job*/, std::vector<EventRecord>& rows) { rows.clear(); }
  // Whether retract_events() can take back a job's last records (EventSink::retract).
  virtual bool can_retract_events() const { return false; }
  // Forgets the last `rows` records of job `job`'s log, which is the last
  // one events() was given.
  virtual void retract_events(std::size_t /*job*/, std::uint64_t /*rows*/) {}
  virtual void done(std::size_t job, RunResult&& result) = 0;
};

// Streams every job's results into `sink`. Rethrows the first failure of a
// run or of the sink, after every worker has stopped.
void run_jobs(const std::vector<RunJob>& jobs, RunSink& sink, const RunnerOptions& options);

// Keeps every result (and, with record_events, its whole log in global time
// order, as simulate(..., true) gives it): for tests and small experiments.
std::vector<RunResult> run_jobs(const std::vector<RunJob>& jobs, const RunnerOptions& options);

// Replications 0 … n-1 of one model, kept.
std::vector<RunResult> run_replications(const Model& model, std::uint32_t replications,
                                        const RunnerOptions& options);

}  // namespace journeysim
