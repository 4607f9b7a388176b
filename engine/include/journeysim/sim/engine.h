#pragma once
#include <atomic>
#include <cstdint>

#include "journeysim/model/model.h"
#include "journeysim/sim/event_sink.h"
#include "journeysim/sim/run_result.h"

namespace journeysim {

// How the engine orders events. Customers interact only through campaign
// budgets (max_sends: the first N triggers in time order) and referrals
// (new customer ids and the max_customers cap follow time order). Each
// customer's journey depends on its own streams alone (a referred one's
// are keyed by its lineage), so Auto simulates customers one by one, each
// with its own events in (time, sequence) order, and without campaigns or
// referrals as one loop of touches: the same journeys, events and counts
// as the global order, five times faster (tools/bench). Referrals past
// max_customers, and campaigns' budgets, are settled apart, in the
// global order. Money follows from the counts, so it is the same to the
// bit; the sum of days to convert may differ in the last bits (it is added
// in another order), deterministically. Global forces one (time, customer,
// sequence) queue over everyone.
enum class Ordering { Auto, Global };

// True when no campaign budget and no referral couples customers.
bool customers_independent(const Model& model);

// True when `simulate` runs every event in one (time, customer, sequence)
// queue: only when asked to. Referrals and budgets couple customers only
// through the global order of referrals and triggers, which Auto settles
// apart, one customer at a time (docs/semantics.md §5). The model stays an
// argument: a coupling Auto cannot settle would take the queue again.
bool uses_global_queue(const Model& model, Ordering ordering);

// One replication of one arm, exactly as docs/semantics.md describes, up to
// the horizon. A pure function of (model, replication).
// The --events log streams to `events` (nullptr: none) in processing order.
// When `stop` becomes true (from another thread, or a signal handler), the
// run throws Interrupted within a customer or 4,096 events. `threads`: how
// many threads one replication may use (every path but the global queue;
// the result is the same for any number).
RunResult simulate(const Model& model, std::uint32_t replication, EventSink* events,
                   Ordering ordering = Ordering::Auto, const std::atomic<bool>* stop = nullptr,
                   unsigned threads = 1);

// What a run that failed hands over in place of its results: every table
// sized for `model` and zero, and the reason in RunResult::error.
RunResult failed_run(const Model& model, std::uint32_t replication, std::string error);

// The same with the whole log kept in RunResult::events, in the global
// (time, customer, sequence) order whatever the path: for tests and small runs.
RunResult simulate(const Model& model, std::uint32_t replication, bool record_events = false,
                   Ordering ordering = Ordering::Auto);

// Sorts a log written in processing order into the global (time, customer,
// sequence) order: a stable sort by (time, customer) when customers ran one
// by one, nothing to do when they ran in global order. With referrals, a
// `refer` record is written when the referral is settled, so it stays after
// its referrer's other records of the same time.
void sort_into_global_order(const Model& model, Ordering ordering, std::vector<EventRecord>& events);

}  // namespace journeysim
