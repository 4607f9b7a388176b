#include "journeysim/output/budget_notes.h"

#include "journeysim/output/table.h"

namespace journeysim {

BudgetNotes::BudgetNotes(const RunPlan& plan) : plan_(plan), runs_(plan.arms.size(), 0) {
  for (const auto& arm : plan.arms) spent_.emplace_back(arm.model.campaigns.size(), 0);
}

void BudgetNotes::run_done(std::size_t, const PlannedRun& run, const RunResult& r) {
  ++runs_[run.arm];
  const auto& campaigns = plan_.arms[run.arm].model.campaigns;
  for (std::size_t c = 0; c < campaigns.size() && c < r.campaign_sends.size(); ++c) {
    if (campaigns[c].max_sends >= 0 && r.campaign_sends[c] >= campaigns[c].max_sends) ++spent_[run.arm][c];
  }
}

std::vector<std::string> BudgetNotes::notes() const {
  std::vector<std::string> out;
  for (std::size_t a = 0; a < plan_.arms.size(); ++a) {
    const Model& m = plan_.arms[a].model;
    for (std::size_t c = 0; c < m.campaigns.size(); ++c) {
      const std::int64_t spent = spent_[a][c];
      if (spent == 0) continue;
      out.push_back((plan_.arms.size() > 1 ? "arm `" + plan_.arms[a].id + "`: " : std::string()) +
                    "campaign `" + m.campaign_ids[c] + "` ran out of sends (max_sends = " +
                    grouped(static_cast<double>(m.campaigns[c].max_sends)) + ")" +
                    (runs_[a] > 1 ? " in " + grouped(static_cast<double>(spent)) + " of " +
                                        grouped(static_cast<double>(runs_[a])) + " replications"
                                  : "") +
                    ": later triggers sent nothing");
    }
  }
  return out;
}

}  // namespace journeysim
