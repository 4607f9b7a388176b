#pragma once
// Campaigns' send budgets without the global queue. A campaign's max_sends
// goes to its first max_sends triggers in the global (time, customer, seq)
// order whose message falls inside the horizon; once they are spent, every
// later trigger of it is refused and draws no delay. That order is the
// only thing customers share. So (docs/semantics.md §3):
//
// 1. customers run alone (one customer at a time, in blocks on every
//    thread), with the cuts found so far, keeping the budgeted campaigns'
//    triggers;
// 2. a campaign whose triggers sent fewer than max_sends messages refused
//    none; for one that sent max_sends or more, the max_sends-th sent
//    trigger in the global order is its cut, the last one it pays for;
// 3. the earliest cut of all is the global order's: until some budget
//    refuses a trigger (by a cut, or a guess, below), these runs and the
//    global order agree. A customer
//    with a trigger after it lives the same journey up to that trigger,
//    and every trigger of its own after that comes later still: those
//    customers, and only they, run again with the cut (their first runs
//    taken off the counts), which may move other campaigns' cuts;
// 4. so the cuts are settled one at a time, earliest first, each from the
//    runs with every cut before it, until no budget left is spent. Each
//    campaign is settled at most once: at most one round per budget.
//
// A customer runs again at a cut only for a trigger after the cut that its
// run did not refuse. So before the windows run, each budget the pilot
// foretells spent is guessed spent a little later than foretold, and every
// trigger after the guess is refused, and kept, marked: once the cut is
// found, only the customers with a trigger between it and the guess run
// again, not every one on its way then (the bench's two budgets: 21,927 customers
// run again, not 77,894, 14,331 of them the pilot's, below). A
// budget found not spent by its guess drops it: the customers with a
// trigger it refused run again, as they would have at a cut. A guess
// changes how much runs again (so the order days to convert are summed
// in), never the cuts or the counts.
//
// A budget the pilot foretells never spent (its customers sent well short
// of their share of it) keeps no triggers, 24 bytes each, only its sends
// by window: a budget on a frequent trigger, set high to cap a campaign
// only in case, held every customer's triggers until the end. If the
// counts say it is spent after all, in window w, every customer run so far
// runs again, unchanged, for its triggers from w on, and it is settled as
// any other.
//
// Customers run in windows of arrival time (arrival_windows.h): once every
// customer arriving before a time has run, every trigger before it is
// known, so each window's budgets are settled once it has run, and only the
// customers on their way at a cut run again, not every later one. Drawing
// the arrivals for the windows costs a tenth of a run, so a pilot, the
// first sixteenth of the ids, runs first and foretells whether that pays
// (budget_pilot.h): not where the guesses leave few customers to run again;
// then the rest run in one window, in id order.
//
// With an event log, a customer's records go out at once unless it met a
// budget still open, not counted; those customers run again, logged, once
// every budget is settled. If a counted budget is spent after all, the log
// is taken back (EventSink::retract: only whole), or, for a sink that
// cannot take it back, the part parked on disk is dropped, and every
// customer but the deferred runs again, logged, before them. With
// referrals, every customer runs again, logged.
//
// With referrals, a trigger's place in the global order depends on the ids
// of referred customers, which follow the global order of the referrals
// before it, and a cut changes which referrals are made after it. So each
// round runs everyone again, with the referrals settled in order
// (referrals.h), which gives every customer its global id; the cuts are
// settled the same way, earliest first, one per round: as many runs as
// budgets that are spent, plus one. A pilot runs depth first (ids not
// needed) first. Where it foretells no budget spent, without a log,
// everyone runs depth first, on every thread, and that is the run if no
// budget is spent indeed and the cap does not bind; with a log that can be
// taken back (EventSink::retract, as the results file's can), the first
// round logs straight to it, and takes it back if a budget is spent after
// all. Otherwise a round's log is parked on disk until the round shows
// whether it was the last.
#include <atomic>
#include <cstdint>

#include "journeysim/model/model.h"
#include "journeysim/sim/event_sink.h"
#include "journeysim/sim/run_result.h"

namespace journeysim::detail {

// How the budget path without referrals cuts the run: in arrival windows
// or not (Auto: as a pilot of the customers foretells), customers per
// arrival window (about), and per block. None of them changes what is
// counted, only the order days to convert are summed in and how much runs twice; the
// tests make them small to meet many windows with few customers.
enum class WindowMode { Auto, Always, Never };
// Whether the windows keep every customer's arrival (Auto: keep_arrivals()
// in arrival_windows.h) or the runs draw them again: the same draws.
enum class WindowArrivals { Auto, Keep, Draw };
struct BudgetWindows {
  std::uint32_t per_window = 1u << 15;
  std::uint32_t block = 1u << 12;
  WindowMode mode = WindowMode::Auto;
  WindowArrivals arrivals = WindowArrivals::Auto;
  // Triggers kept for settling, in bytes, past which the run goes in
  // windows and runs no more of them at once than hold about this many.
  double trigger_bytes = 64.0 * 1024 * 1024;
  // How much later than the pilot foretells a budget is guessed spent, in
  // standard deviations of the pilot's count of sends (NaN: no guesses).
  // The tests guess early (negative) to see wrong guesses dropped.
  double guess_sd = 4.0;
  // How far short of its share of a budget the pilot's sends must fall for
  // the budget to be foretold never spent, in the same standard deviations
  // (NaN: none is). Such a budget's triggers are counted by window, not
  // kept. The tests count every budget (-infinity), spent or not, to see
  // a wrong foretelling mended.
  double count_sd = 4.0;
  // Where set, receives the number of arrival windows the run went in (the
  // tests see what the pilot chose).
  std::uint32_t* windows_run = nullptr;
};

// `referrals`: the model refers (with_referrals in budget.cpp).
RunResult simulate_budget(const Model& model, std::uint32_t replication, EventSink* events,
                          const std::atomic<bool>* stop, unsigned threads, bool referrals,
                          const BudgetWindows& sizes = {});

}  // namespace journeysim::detail
