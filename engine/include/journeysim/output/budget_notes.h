#pragma once
// Which campaigns ran out of their max_sends, arm by arm: a result a reader
// of the numbers must know (the triggers after it sent nothing), said by
// run and compare alike, in every output format.
#include <string>
#include <vector>

#include "journeysim/experiment/execute.h"
#include "journeysim/experiment/plan.h"

namespace journeysim {

class BudgetNotes final : public ResultSink {
 public:
  explicit BudgetNotes(const RunPlan& plan);
  void run_done(std::size_t index, const PlannedRun& run, const RunResult& result) override;
  bool can_retract_events() const override { return true; }  // it keeps no events
  // "campaign `x` ran out of sends (max_sends = 5) in 2 of 2 replications:
  // later triggers sent nothing", prefixed by "arm `id`: " when there are
  // several arms; empty when no budget ran out.
  std::vector<std::string> notes() const;

 private:
  const RunPlan& plan_;
  std::vector<std::int64_t> runs_;                // [arm]
  std::vector<std::vector<std::int64_t>> spent_;  // [arm][campaign]: runs that sent max_sends
};

}  // namespace journeysim
