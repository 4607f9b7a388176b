#include "journeysim/experiment/execute.h"

#include "journeysim/sim/runner.h"

namespace journeysim {

namespace {
// The runner's job-ordered stream, fanned out to the plan's sinks.
struct FanOut final : RunSink {
  FanOut(const RunPlan& plan, std::size_t first, const std::vector<ResultSink*>& sinks)
      : plan_(plan), first_(first), sinks_(sinks) {}
  void events(std::size_t job, std::vector<EventRecord>& rows) override {
    for (auto* s : sinks_) s->events(first_ + job, rows);
    rows.clear();
  }
  bool can_retract_events() const override {
    for (auto* s : sinks_) {
      if (!s->can_retract_events()) return false;
    }
    return true;
  }
  void retract_events(std::size_t job, std::uint64_t rows) override {
    for (auto* s : sinks_) s->retract_events(first_ + job, rows);
  }
  void done(std::size_t job, RunResult&& result) override {
    for (auto* s : sinks_) s->run_done(first_ + job, plan_.runs[first_ + job], result);
  }
  const RunPlan& plan_;
  std::size_t first_;
  const std::vector<ResultSink*>& sinks_;
};
}  // namespace

std::vector<RunJob> plan_jobs(const RunPlan& plan, std::size_t first, std::size_t end) {
  std::vector<RunJob> jobs;
  jobs.reserve(end - first);
  for (std::size_t i = first; i < end; ++i) {
    const auto& run = plan.runs[i];
    const std::string_view arm =
        plan.arms.size() > 1 ? std::string_view(plan.arms[run.arm].id) : std::string_view();
    jobs.push_back({&plan.arms[run.arm].model, run.arm, run.replication, arm});
  }
  return jobs;
}

void execute(const RunPlan& plan, std::size_t first, const std::vector<ResultSink*>& sinks,
             const ExecuteOptions& options) {
  FanOut fan(plan, first, sinks);
  run_jobs(plan_jobs(plan, first, plan.runs.size()), fan, options);
}

}  // namespace journeysim
