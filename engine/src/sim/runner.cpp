#include "journeysim/sim/runner.h"

#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

#include "journeysim/sim/engine.h"

namespace journeysim {

std::vector<RunResult> run_jobs(const std::vector<RunJob>& jobs, const RunnerOptions& options) {
  std::vector<RunResult> results(jobs.size());
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, jobs.size())));

  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::size_t done = 0;
  std::exception_ptr failure;
  auto worker = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      try {
        results[i] = simulate(*jobs[i].model, jobs[i].replication, options.record_events, options.ordering);
        results[i].variant = jobs[i].variant;
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
        next = jobs.size();
      }
      std::lock_guard<std::mutex> lock(mutex);
      ++done;
      if (options.progress) options.progress(done, jobs.size());
    }
  };
  if (threads == 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  if (failure) std::rethrow_exception(failure);
  return results;
}

std::vector<RunResult> run_replications(const Model& model, std::uint32_t replications,
                                        const RunnerOptions& options) {
  std::vector<RunJob> jobs;
  for (std::uint32_t r = 0; r < replications; ++r) jobs.push_back({&model, 0, r});
  return run_jobs(jobs, options);
}

}  // namespace journeysim
