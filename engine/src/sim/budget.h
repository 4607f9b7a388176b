#pragma once
// Campaigns' send budgets without the global queue. A campaign's max_sends
// goes to its first max_sends triggers in the global (time, customer, seq)
// order whose message falls inside the horizon; once they are spent, every
// later trigger of it is refused and draws no delay. That order is the
// only thing customers share. So (docs/semantics.md §3):
//
// 1. every customer runs alone with no budget at all (one customer at a
//    time, in blocks on every thread), keeping the budgeted campaigns'
//    triggers;
// 2. a campaign whose triggers sent fewer than max_sends messages refused
//    none; for one that sent max_sends or more, the max_sends-th sent
//    trigger in the global order is its cut, the last one it pays for;
// 3. the earliest cut of all is the global order's: until some budget
//    refuses a trigger, these runs and the global order agree. A customer
//    with a trigger after it lives the same journey up to that trigger,
//    and every trigger of its own after that comes later still: those
//    customers, and only they, run again with the cut (their first runs
//    taken off the counts), which may move other campaigns' cuts;
// 4. so the cuts are settled one at a time, earliest first, each from the
//    runs with every cut before it, until no budget left is spent. Each
//    campaign is settled at most once: at most one round per budget.
//
// With an event log, the runs are not logged, and once the cuts are
// settled every customer runs again, logged, with them: its log is
// written as the customers run, and the first runs' log cannot be taken
// back.
//
// With referrals, a trigger's place in the global order depends on the ids
// of referred customers, which follow the global order of the referrals
// before it, and a cut changes which referrals are made after it. So each
// round runs everyone again, with the referrals settled in order
// (referrals.h), which gives every customer its global id; the cuts are
// settled the same way, earliest first, one per round: as many runs as
// budgets that are spent, plus one.
#include <atomic>
#include <cstdint>

#include "journeysim/model/model.h"
#include "journeysim/sim/event_sink.h"
#include "journeysim/sim/run_result.h"

namespace journeysim::detail {

// `referrals`: the model refers (with_referrals in budget.cpp).
RunResult simulate_budget(const Model& model, std::uint32_t replication, EventSink* events,
                          const std::atomic<bool>* stop, unsigned threads, bool referrals);

}  // namespace journeysim::detail
