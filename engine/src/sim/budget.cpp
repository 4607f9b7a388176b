#include "budget.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "blocks.h"
#include "simulation.h"

namespace journeysim::detail {

RunResult simulate_budget(const Model& model, std::uint32_t replication, EventSink* events,
                          const std::atomic<bool>* stop, unsigned threads) {
  std::int64_t max_sends = 0;
  for (const auto& list : model.campaigns_by_trigger) {
    for (auto idx : list) max_sends = std::max(max_sends, model.campaigns[idx].max_sends);
  }
  const std::uint32_t N = model.customers;
  std::vector<std::vector<BudgetTrigger>> kept(block_count(N));
  RunResult total = run_blocks(N, threads, nullptr, [&](std::uint32_t first, std::uint32_t last, EventSink*) {
    Simulation sim(model, replication, nullptr, true, stop, first, last);
    sim.budget(nullptr);
    RunResult r = sim.run();
    kept[first / kBlock] = sim.take_triggers();
    return r;
  });

  std::vector<BudgetTrigger> sent;
  for (const auto& block : kept) {
    for (const BudgetTrigger& t : block) {
      if (t.sent) sent.push_back(t);
    }
  }
  const bool binds = sent.size() > static_cast<std::uint64_t>(max_sends);
  if (!binds && !events) {
    total_segments(total, model.stage_count());
    return total;
  }
  // The last trigger the budget pays for (none at all: before every trigger).
  BudgetTrigger paid{-std::numeric_limits<double>::infinity(), 0, 0, false};
  if (binds && max_sends > 0) {
    std::nth_element(sent.begin(), sent.begin() + (max_sends - 1), sent.end(), sooner);
    paid = sent[static_cast<std::size_t>(max_sends - 1)];
  }
  std::vector<BudgetTrigger>().swap(sent);
  if (events) {
    // The log is written as the customers run: everyone again, in order,
    // with the triggers after the last paid one refused.
    std::vector<std::vector<BudgetTrigger>>().swap(kept);
    RunResult logged =
        run_blocks(N, threads, events, [&](std::uint32_t first, std::uint32_t last, EventSink* log) {
          Simulation sim(model, replication, log, true, stop, first, last);
          sim.budget(binds ? &paid : nullptr);
          return sim.run();
        });
    total_segments(logged, model.stage_count());
    return logged;
  }
  // Customers with a trigger after it, in id order (each block's triggers
  // are in customer order).
  std::vector<std::uint32_t> again;
  for (auto& block : kept) {
    for (const BudgetTrigger& t : block) {
      if (sooner(paid, t) && (again.empty() || again.back() != t.customer)) again.push_back(t.customer);
    }
    std::vector<BudgetTrigger>().swap(block);
  }
  const RunResult change = run_blocks(static_cast<std::uint32_t>(again.size()), threads, nullptr,
                                      [&](std::uint32_t first, std::uint32_t last, EventSink*) {
                                        Simulation before(model, replication, nullptr, true, stop, 0, 0);
                                        before.budget(nullptr);
                                        Simulation after(model, replication, nullptr, true, stop, 0, 0);
                                        after.budget(&paid);
                                        for (std::uint32_t i = first; i < last; ++i) {
                                          before.run_customer(again[i]);
                                          after.run_customer(again[i]);
                                        }
                                        RunResult r = after.finish();
                                        add_run(r, before.finish(), -1);
                                        return r;
                                      });
  add_run(total, change);
  total_segments(total, model.stage_count());
  return total;
}

}  // namespace journeysim::detail
