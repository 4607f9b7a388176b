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
#include "journeysim/sim/runner.h"

namespace journeysim {

// Receives runs in plan order, one call at a time.
class ResultSink {
 public:
  virtual ~ResultSink() = default;
  // Part of run `index`'s event log (with ExecuteOptions::record_events), in order,
  // before run_done(index).
  virtual void events(std::size_t /*index*/, const std::vector<EventRecord>& /*rows*/) {}
  // Forgets the last `rows` records of run `index`'s log (RunSink::retract_events).
  // False by default, so that a sink that keeps events() cannot be left
  // holding records taken back: one that keeps none, or takes them back,
  // says so.
  virtual bool can_retract_events() const { return false; }
  virtual void retract_events(std::size_t /*index*/, std::uint64_t /*rows*/) {}
  virtual void run_done(std::size_t index, const PlannedRun& run, const RunResult& result) = 0;
};

// Threads, the event log (record_events streams each run's log to the
// sinks), the event order, the stop flag and progress (runs done, runs in
// this call): the runner's own options, passed on as they are.
using ExecuteOptions = RunnerOptions;

// The runner's jobs for plan.runs[first, end).
std::vector<RunJob> plan_jobs(const RunPlan& plan, std::size_t first, std::size_t end);

// Executes plan.runs[first …] into the sinks. Rethrows the first failure.
void execute(const RunPlan& plan, std::size_t first, const std::vector<ResultSink*>& sinks,
             const ExecuteOptions& options);

}  // namespace journeysim
