#pragma once
// A campaign's send budget without the global queue. max_sends goes to the
// first max_sends triggers in the global (time, customer, seq) order whose
// message falls inside the horizon; that order is the only thing customers
// share. So (docs/semantics.md §3):
//
// 1. every customer runs alone with no budget at all (one customer at a
//    time, in blocks on every thread), keeping the campaign's triggers;
// 2. if no more than max_sends messages were sent, no trigger would have
//    been refused, and that is the result;
// 3. else the max_sends-th sent trigger in the global order is the last one
//    the budget pays for. A customer with a trigger after it lives the same
//    journey up to that trigger, and every trigger of its own after that
//    comes later still, so it is refused too: those customers, and only
//    they, run again with every trigger after the last paid one refused,
//    and their first runs are taken off the counts.
//
// With an event log, the first runs are not logged, and every customer runs
// again, logged, with the triggers after the last paid one refused: its log
// is written as the customers run, and the first runs' log cannot be taken
// back. One budgeted campaign, no referrals; the rest takes the global queue
// (engine.cpp).
#include <atomic>
#include <cstdint>

#include "journeysim/model/model.h"
#include "journeysim/sim/event_sink.h"
#include "journeysim/sim/run_result.h"

namespace journeysim::detail {

RunResult simulate_budget(const Model& model, std::uint32_t replication, EventSink* events,
                          const std::atomic<bool>* stop, unsigned threads);

}  // namespace journeysim::detail
