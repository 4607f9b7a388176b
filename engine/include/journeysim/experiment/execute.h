#pragma once
// Executing a run plan: every run on the thread pool, each one's results
// handed to every sink in plan order as soon as it and the runs before it are
// done (sim/runner.h). Nothing here holds a run after its sinks have seen it.
#include <atomic>
#include <cstddef>
#include <functional>
#include <vector>

#include "journeysim/experiment/plan.h"
#include "journeysim/sim/engine.h"
#include "journeysim/sim/run_result.h"

namespace journeysim {

// Receives runs in plan order, one call at a time.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  // Part of run `index`'s event log (with ExecuteOptions::events), in order,
  // before run_done(index).
  virtual void events(std::size_t /*index*/, const std::vector<EventRecord>& /*rows*/) {}
  virtual void run_done(std::size_t index, const PlannedRun& run, const RunResult& result) = 0;
};

struct ExecuteOptions {
  unsigned threads = 0;  // 0: every core
  bool events = false;   // stream each run's event log to the sinks
  Ordering ordering = Ordering::Auto;
  const std::atomic<bool>* stop = nullptr;  // see simulate()
  // (runs done, runs planned in this call), after each run, one thread at a time.
  std::function<void(std::size_t, std::size_t)> progress;
};

// Executes plan.runs[first …] into the sinks. Rethrows the first failure.
void execute(const RunPlan& plan, std::size_t first, const std::vector<ResultSink*>& sinks,
             const ExecuteOptions& options);

}  // namespace journeysim
