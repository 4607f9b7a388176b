#pragma once
// Referrals without the global queue. Customers who refer meet only through
// max_customers: a referred customer's streams are keyed by its lineage
// (simulation.h, kReferredKey), so its journey does not depend on anyone
// else's, and only which referrals fall past the cap does, in the global
// order of the referring touches. So every customer is simulated alone, one
// at a time, and the cap is settled apart (docs/semantics.md §3):
//
// - first, optimistically, each block of self-arrivals with all their
//   descendants depth first, on every thread, counting the referred
//   customers of the whole run: if they never pass max_customers, the cap
//   never bound and that is the result;
// - else (or with an event log, whose ids of referred customers are handed
//   out in the global order) the self-arrivals, keeping their referrals,
//   then the referrals in the global order of their touches from a heap:
//   each accepted one is simulated at once and adds its own referrals to
//   the heap (they come later in that order), until the cap is reached and
//   every one left is dropped.
#include <atomic>
#include <cstdint>
#include <vector>

#include "journeysim/model/model.h"
#include "journeysim/sim/event_sink.h"
#include "journeysim/sim/run_result.h"

namespace journeysim::detail {

RunResult simulate_referrals(const Model& model, std::uint32_t replication, EventSink* events,
                             const std::atomic<bool>* stop, unsigned threads);

struct BudgetTrigger;

// The same in order, with send budgets (budget.h): triggers after a
// campaign's cut in `cuts` refused, and every budgeted trigger, referred
// customers' with the ids the global order gives them, put in `triggers`.
// The totals are the caller's to work out (total_segments).
RunResult referrals_in_order(const Model& model, std::uint32_t replication, EventSink* events,
                             const std::atomic<bool>* stop, unsigned threads,
                             const std::vector<BudgetTrigger>& cuts, std::vector<BudgetTrigger>& triggers);

// Self-arrivals [from, to) and all their descendants, depth first (no log,
// referred customers' ids not known), on every thread. Throws CapBinds once
// the referred customers counted in `referred` (the whole run's) pass
// max_customers. With `sent`, the model's send budgets are all open and
// never cut, and each budgeted campaign's sends are added to it (by
// campaign): where no budget is spent and the cap does not bind, this is
// the run (budget.h).
RunResult depth_first(const Model& model, std::uint32_t replication, const std::atomic<bool>* stop,
                      unsigned threads, std::uint32_t from, std::uint32_t to,
                      std::atomic<std::uint64_t>& referred, std::vector<std::int64_t>* sent = nullptr);

}  // namespace journeysim::detail
