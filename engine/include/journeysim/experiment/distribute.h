#pragma once
// A plan's runs spread over processes (under mpirun): every process plans
// the same runs from the same files; rank 0 hands out chunks of runs, runs
// chunks on its own threads too, and hands every result to its sinks in plan
// order, as execute() does. Each run is a pure function of (model,
// replication) and travels as its bytes (sim/run_codec.h), so what the sinks
// receive is the same bit for bit for any number of processes and threads.
//
// The protocol: each other process says it is ready (with the fingerprint
// of its plan and its thread count) or why it is not; rank 0 answers go or
// quit; then chunks go out, at most two waiting per process, and come back
// as results (or the error that stopped them); stop ends it. Rank 0 always
// ends with stop or quit, whatever failed, so no process is left waiting.
#include <cstdint>
#include <string>
#include <vector>

#include "journeysim/experiment/execute.h"
#include "journeysim/experiment/plan.h"
#include "journeysim/experiment/transport.h"

namespace journeysim {

// Rank 0's side.
class Lead {
 public:
  explicit Lead(Transport& transport) : transport_(transport) {}
  // Without execute() (rank 0 could not plan, or the output cannot be
  // written): turns the other processes away, so they end at once.
  ~Lead();
  Lead(const Lead&) = delete;
  Lead& operator=(const Lead&) = delete;

  // Waits until every other process is ready; then executes
  // plan.runs[first …] over every process and hands the results to the
  // sinks in plan order. Throws IoError when another process could not plan
  // or planned other runs (another fingerprint), or failed; Interrupted when
  // one was interrupted; rethrows a failure of a sink or of rank 0's runs.
  void execute(const RunPlan& plan, std::size_t first, const std::vector<ResultSink*>& sinks,
               const ExecuteOptions& options, std::uint64_t fingerprint);

 private:
  Transport& transport_;
  bool answered_ = false;  // the others were told go or quit
};

// Any other rank's side: `plan` is null, and `failure` says why, when this
// process could not plan. Runs the chunks rank 0 hands out (with
// options.threads, options.keep_going and options.stop) until it says stop.
// Returns false when rank 0 turned it away.
bool follow(const RunPlan* plan, std::uint64_t fingerprint, const std::string& failure,
            const ExecuteOptions& options, Transport& transport);

}  // namespace journeysim
