#pragma once
#include <cstdint>

#include "journeysim/model/model.h"
#include "journeysim/sim/run_result.h"

namespace journeysim {

// How the engine orders events. Customers interact only through campaign
// budgets (max_sends: the first N triggers in time order) and referrals
// (new customer ids and the max_customers cap follow time order). Without
// them each customer's journey depends on its own streams alone, so Auto
// simulates customers one by one, each with its own events in (time,
// sequence) order, and without campaigns as one loop of touches: the same
// journeys, events and counts as the global order, five times faster
// (tools/bench). Sums of money may differ in the last bits (they are added
// in another order), deterministically. Global forces one (time, customer,
// sequence) queue over everyone.
enum class Ordering { Auto, Global };

// True when no campaign budget and no referral couples customers.
bool customers_independent(const Model& model);

// One replication of one arm, exactly as DESIGN §3 describes, up to the
// horizon. Single-threaded and a pure function of (model, replication).
RunResult simulate(const Model& model, std::uint32_t replication, bool record_events = false,
                   Ordering ordering = Ordering::Auto);

}  // namespace journeysim
