#include "budget.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <vector>

#include "blocks.h"
#include "referrals.h"
#include "simulation.h"

namespace journeysim::detail {

namespace {

// Campaign k's cut if its budget is spent: the max_sends-th sent trigger
// in the global order (max_sends >= 1, validate.cpp). Once it is spent, every later trigger is refused and
// draws no delay, whether or not its message would have fallen inside the horizon.
std::optional<BudgetTrigger> cut_of(const std::vector<BudgetTrigger>& triggers, std::uint16_t k,
                                    std::int64_t max_sends) {
  std::vector<BudgetTrigger> sent;
  for (const BudgetTrigger& t : triggers) {
    if (t.campaign == k && t.sent) sent.push_back(t);
  }
  if (sent.size() < static_cast<std::uint64_t>(max_sends)) return std::nullopt;
  const auto last = sent.begin() + (max_sends - 1);
  std::nth_element(sent.begin(), last, sent.end(), sooner);
  return *last;
}

// The earliest cut of the campaigns not yet settled, if any budget left is spent.
std::optional<BudgetTrigger> earliest_cut(const Model& model, const std::vector<BudgetTrigger>& triggers,
                                          const std::vector<bool>& settled) {
  std::optional<BudgetTrigger> earliest;
  for (std::uint16_t k = 0; k < model.campaigns.size(); ++k) {
    if (settled[k] || model.campaigns[k].max_sends < 0) continue;
    const auto cut = cut_of(triggers, k, model.campaigns[k].max_sends);
    if (cut && (!earliest || sooner(*cut, *earliest))) earliest = cut;
  }
  return earliest;
}

// With referrals a trigger's place in the order depends on the referred
// customers' ids, which the runs before it hand out: every customer runs
// again, in order (referrals.h), for each cut.
RunResult with_referrals(const Model& model, std::uint32_t replication, EventSink* events,
                         const std::atomic<bool>* stop, unsigned threads) {
  std::vector<BudgetTrigger> cuts(model.campaigns.size(), kNoCut), triggers;
  std::vector<bool> settled(model.campaigns.size(), false);
  for (;;) {
    RunResult r = referrals_in_order(model, replication, nullptr, stop, threads, cuts, triggers);
    const auto earliest = earliest_cut(model, triggers, settled);
    if (!earliest) {
      if (events) r = referrals_in_order(model, replication, events, stop, threads, cuts, triggers);
      total_segments(r, model.stage_count());
      return r;
    }
    settled[earliest->campaign] = true;
    cuts[earliest->campaign] = *earliest;
  }
}

}  // namespace

RunResult simulate_budget(const Model& model, std::uint32_t replication, EventSink* events,
                          const std::atomic<bool>* stop, unsigned threads, bool referrals) {
  if (referrals) return with_referrals(model, replication, events, stop, threads);
  const std::uint32_t N = model.customers;
  std::vector<BudgetTrigger> cuts(model.campaigns.size(), kNoCut);

  std::vector<std::vector<BudgetTrigger>> kept(block_count(N));
  RunResult total = run_blocks(N, threads, nullptr, [&](std::uint32_t first, std::uint32_t last, EventSink*) {
    Simulation sim(model, replication, nullptr, true, stop, first, last);
    sim.budget(cuts);
    RunResult r = sim.run();
    kept[first / kBlock] = sim.take_triggers();
    return r;
  });
  std::vector<BudgetTrigger> triggers = joined(kept);

  // Settle the budgets one at a time, earliest cut first: up to the first
  // trigger any budget refuses, these runs and the global order agree, so
  // the earliest cut found here is the one the global order has. Customers
  // with a trigger after it run again with it refused, the others' runs
  // stay as they are; then the next earliest, until no budget left is spent.
  std::vector<bool> settled(model.campaigns.size(), false);
  for (;;) {
    const auto earliest = earliest_cut(model, triggers, settled);
    if (!earliest) break;
    const std::uint16_t k = earliest->campaign;
    settled[k] = true;
    const std::vector<BudgetTrigger> before = cuts;
    cuts[k] = *earliest;

    std::vector<std::uint32_t> again;
    for (const BudgetTrigger& t : triggers) {
      if (t.campaign == k && sooner(cuts[k], t)) again.push_back(t.customer);
    }
    std::sort(again.begin(), again.end());
    again.erase(std::unique(again.begin(), again.end()), again.end());
    if (again.empty()) continue;

    // Their runs with the cut, less their runs without it, and their triggers
    // anew. With a log the counts come from the logged run at the end: only
    // the triggers are needed, not the runs to take off.
    const std::uint32_t n = static_cast<std::uint32_t>(again.size());
    std::vector<std::vector<BudgetTrigger>> renewed(block_count(n));
    const RunResult change =
        run_blocks(n, threads, nullptr, [&](std::uint32_t first, std::uint32_t last, EventSink*) {
          Simulation was(model, replication, nullptr, true, stop, 0, 0);
          was.budget(before);
          Simulation now(model, replication, nullptr, true, stop, 0, 0);
          now.budget(cuts);
          for (std::uint32_t i = first; i < last; ++i) {
            if (!events) was.run_customer(again[i]);
            now.run_customer(again[i]);
          }
          renewed[first / kBlock] = now.take_triggers();
          RunResult r = now.finish();
          add_run(r, was.finish(), -1);
          return r;
        });
    add_run(total, change);
    triggers.erase(std::remove_if(triggers.begin(), triggers.end(),
                                  [&](const BudgetTrigger& t) {
                                    return std::binary_search(again.begin(), again.end(), t.customer);
                                  }),
                   triggers.end());
    const std::vector<BudgetTrigger> fresh = joined(renewed);
    triggers.insert(triggers.end(), fresh.begin(), fresh.end());
  }
  if (events) {
    // The log is written as the customers run, and the first runs' cannot
    // be taken back: everyone runs again, in order, logged, with the cuts.
    std::vector<BudgetTrigger>().swap(triggers);
    total = run_blocks(N, threads, events, [&](std::uint32_t first, std::uint32_t last, EventSink* log) {
      Simulation sim(model, replication, log, true, stop, first, last);
      sim.budget(cuts);
      return sim.run();
    });
  }
  total_segments(total, model.stage_count());
  return total;
}

}  // namespace journeysim::detail
