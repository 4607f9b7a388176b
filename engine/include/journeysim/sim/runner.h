#pragma once
// Runs replications over a pool of threads. Each run is a pure function of
// (model, replication) and lands in its own slot, so the results are the
// same bit for bit whatever the thread count.
#include <cstdint>
#include <functional>
#include <vector>

#include "journeysim/model/model.h"
#include "journeysim/sim/engine.h"
#include "journeysim/sim/run_result.h"

namespace journeysim {

struct RunJob {
  const Model* model = nullptr;
  std::uint32_t variant = 0;
  std::uint32_t replication = 0;
};

struct RunnerOptions {
  unsigned threads = 0;  // 0: every core
  bool record_events = false;
  Ordering ordering = Ordering::Auto;
  // Called after each finished run with (done, total), from one thread at a time.
  std::function<void(std::size_t, std::size_t)> progress;
};

std::vector<RunResult> run_jobs(const std::vector<RunJob>& jobs, const RunnerOptions& options);

// Replications 0 … n-1 of one model.
std::vector<RunResult> run_replications(const Model& model, std::uint32_t replications,
                                        const RunnerOptions& options);

}  // namespace journeysim
