#include "budget.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <iterator>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "arrival_windows.h"
#include "blocks.h"
#include "budget_pilot.h"
#include "event_spill.h"
#include "journeysim/core/error.h"
#include "journeysim/core/machine.h"
#include "pending_triggers.h"
#include "referrals.h"
#include "simulation.h"

namespace journeysim::detail {

namespace {

constexpr std::uint32_t kMaxPilot = 1u << 20;

// A log parked on disk until it turns out to stand (and is handed over) or
// not (and is forgotten): a budget that is never spent is known only once
// the run is over. With referrals, a round's log, which stands if the round
// is the last; without, the pilot's log until it is foretold which budgets
// are counted, and the rest's for a sink that cannot take records back.
// If the disk is short, the spill is given up at once, to leave the room
// to the results, and the journeys it held run again, logged.
struct Parked final : EventSink {
  std::optional<EventSpill> spill{std::in_place};
  bool failed = false;
  void write(std::vector<EventRecord>& rows) override {
    if (!failed) {
      try {
        spill->append(rows);
      } catch (const IoError&) {
        give_up();
      }
    }
    rows.clear();
  }
  // Whether every record written so far is on disk, to be handed over.
  bool stands() {
    if (!failed) {
      try {
        spill->flush();
      } catch (const IoError&) {
        give_up();
      }
    }
    return !failed;
  }
  void give_up() {
    failed = true;
    spill.reset();
  }
  // Those of its records that `stand` (a customer id) to `to`.
  template <class Stands>
  void hand_over(EventSink& to, const Stands& stand) {
    std::vector<EventRecord> buffer;
    spill->drain(buffer, [&](std::vector<EventRecord>& rows) {
      rows.erase(
          std::remove_if(rows.begin(), rows.end(), [&](const EventRecord& e) { return !stand(e.customer); }),
          rows.end());
      to.write(rows);
    });
  }
  void hand_over(EventSink& to) {
    hand_over(to, [](std::uint32_t) { return true; });
  }
};

// With referrals a trigger's place in the order depends on the referred
// customers' ids, which the runs before it hand out: every customer runs
// again, in order (referrals.h), for each cut. Unless a pilot run depth
// first foretells every budget never spent (`sd`: never_spent). Then with
// no log everyone runs depth first, on every thread, and that is the run if
// indeed no budget is spent and the cap does not bind (else the rounds
// follow, and the depth-first run was wasted). With a log, the first round
// logs straight to it, rather than park its log on disk until the round
// shows whether it stands (a quarter of a run on 2 threads went to writing
// and reading that back), and takes the log back if a budget is spent
// after all.
RunResult with_referrals(const Model& model, std::uint32_t replication, EventSink* events,
                         const std::atomic<bool>* stop, unsigned threads, double sd) {
  const std::size_t K = model.campaigns.size();
  bool straight = false;  // the first round's log goes straight to `events`
  if (!events || events->can_retract()) {
    const std::uint32_t N = model.customers, pilot = std::min(N / 16, kMaxPilot);
    std::atomic<std::uint64_t> referred{0};
    std::vector<std::int64_t> sent(K, 0);
    try {
      RunResult r = depth_first(model, replication, stop, threads, 0, pilot, referred, &sent);
      const std::vector<bool> unspent = never_spent(model, sent, pilot, sd);
      bool foretold = true;
      for (std::size_t k = 0; k < K; ++k)
        foretold = foretold && (model.campaigns[k].max_sends < 0 || unspent[k]);
      straight = foretold && events;
      if (foretold && !events) {
        add_run(r, depth_first(model, replication, stop, threads, pilot, N, referred, &sent));
        bool spent = false;
        for (std::size_t k = 0; k < K; ++k)
          spent = spent || (model.campaigns[k].max_sends >= 0 && sent[k] >= model.campaigns[k].max_sends);
        if (!spent) {
          total_segments(r, model);
          return r;
        }
      }
    } catch (const CapBinds&) {
      // settled in rounds, below
    }
  }
  std::vector<BudgetTrigger> cuts(K, kNoCut), triggers;
  std::vector<bool> settled(model.campaigns.size(), false);
  const std::vector<std::int64_t> spent(model.campaigns.size(), 0);
  for (;;) {
    // Once every budget is settled this round is the last, so it is the
    // one logged; else the last round, found only once it has run, runs
    // again, logged.
    bool last = true;
    for (std::size_t k = 0; k < cuts.size(); ++k)
      last = last && (settled[k] || model.campaigns[k].max_sends < 0);
    Parked parked;
    EventSink* log = last || straight ? events : events ? &parked : nullptr;
    RunResult r = referrals_in_order(model, replication, log, stop, threads, cuts, triggers);
    const auto earliest = earliest_cut(model, triggers, settled, spent);
    if (!earliest) {
      if (events && !last && !straight) {
        if (parked.stands())
          parked.hand_over(*events);
        else
          r = referrals_in_order(model, replication, events, stop, threads, cuts, triggers);
      }
      total_segments(r, model);
      return r;
    }
    if (straight) events->retract();
    straight = false;
    settled[earliest->campaign] = true;
    cuts[earliest->campaign] = *earliest;
  }
}

}  // namespace

RunResult simulate_budget(const Model& model, std::uint32_t replication, EventSink* events,
                          const std::atomic<bool>* stop, unsigned threads, bool referrals,
                          const BudgetWindows& sizes) {
  if (referrals) return with_referrals(model, replication, events, stop, threads, sizes.count_sd);
  const std::uint32_t N = model.customers;
  const std::size_t K = model.campaigns.size();
  std::vector<BudgetTrigger> cuts(K, kNoCut);
  std::vector<bool> settled(K, false);
  ArrivalWindows windows;  // set once the pilot has run

  // With a log, a customer's records go out once its journey can change no
  // more: at once for one who meets no budget still open (a block's records
  // wait for their turn, blocks.h); the others are `deferred`: they run
  // again, logged, once every budget is settled (Simulation::defer_open).
  // But those whose only open budgets are counted (below) are hopeful:
  // their journeys stand unless a counted budget is spent after all
  // (`recounted`), so their records stay in the log, in the order they
  // ran. The pilot runs before it is known which budgets are counted, so
  // every customer of it that meets a budget is hopeful, and its log is
  // parked (`piloted_log`) until it is known which are deferred after all.
  // The rest's log goes straight to `events` where it can take its records
  // back (EventSink::retract), else is parked too (`parked`) while a budget
  // is counted: a run with a budget on a frequent trigger, set high only
  // in case, had nearly its whole log parked on disk, and on 2 threads cost
  // twice the run without a log. If a counted budget is spent after all,
  // the log is taken back, or the parked one dropped, and every customer
  // but the deferred runs again, logged, in the order they ran. So the log
  // does not depend on the sink.
  std::vector<std::uint32_t> deferred;
  const std::uint32_t pilot = std::min(N / 16, kMaxPilot);
  Parked piloted_log;
  std::optional<Parked> parked;
  bool recounted = false;

  // A block's triggers by the window their time falls in (window v's at
  // [start[v], start[v + 1]) of `list`, in the order met), those of settled
  // budgets left out: sorted so by the block's own thread, so that what
  // keep() does alone is copy spans (it was 5% of a two-budget run on 2
  // threads), into a list of their size, which a run holds many of at once.
  // Before the windows are drawn, `list` as met, no `start`. The triggers
  // of a budget `counted` (never_spent) are not kept but counted, by the
  // simulation itself (Simulation::count) once the windows are drawn:
  // `sends`, campaign k's sends in window v at [k * W + v], those of the
  // block's runs less those of the runs they replace, or empty when no
  // budget is counted.
  std::vector<bool> counted(K, false);
  auto any_counted = [&] { return std::find(counted.begin(), counted.end(), true) != counted.end(); };
  struct Kept {
    std::vector<BudgetTrigger> list;
    std::vector<std::uint32_t> start;
    std::vector<std::int64_t> sends;
  };
  using Triggers = std::vector<Kept>;
  auto by_window = [&](std::vector<BudgetTrigger> met, std::vector<std::int64_t> sends) {
    Kept out;
    const std::size_t W = windows.count();
    if (W == 0) {
      out.list = std::move(met);
      return out;
    }
    out.sends = std::move(sends);
    if (out.sends.empty() && any_counted()) out.sends.assign(K * W, 0);
    std::vector<std::uint32_t> at(met.size());  // W: a settled or counted budget's, left out
    out.start.assign(W + 2, 0);
    for (std::size_t i = 0; i < met.size(); ++i) {
      // A counted budget's triggers are met here only in the pilot's
      // runs, made before it was foretold.
      const BudgetTrigger& t = met[i];
      if (settled[t.campaign] || counted[t.campaign]) {
        at[i] = static_cast<std::uint32_t>(W);
        if (counted[t.campaign]) out.sends[t.campaign * W + windows.of(t.t)] += t.sent;
      } else {
        at[i] = static_cast<std::uint32_t>(windows.of(t.t));
      }
      ++out.start[at[i] + 1];
    }
    for (std::size_t v = 1; v <= W + 1; ++v) out.start[v] += out.start[v - 1];
    out.list.resize(out.start[W]);
    std::vector<std::uint32_t> next(out.start.begin(), out.start.end() - 1);
    for (std::size_t i = 0; i < met.size(); ++i) {
      if (at[i] < W) out.list[next[at[i]]++] = met[i];
    }
    out.start.pop_back();
    return out;
  };

  // Runs the customers at positions [0, n) of `at` (which gives one's id
  // and arrival) with `cuts`, less their runs with `before` unless null,
  // block by block, logged (above) to `log` unless null; their triggers
  // become `kept`, by block, in block order (not joined into one list: that
  // copy held a run's triggers twice over).
  auto run = [&](std::uint32_t n, const auto& at, const std::vector<BudgetTrigger>* before, EventSink* log,
                 Triggers& kept) {
    const bool logged = log != nullptr;
    kept.assign(block_count(n, sizes.block), {});
    std::vector<std::vector<std::uint32_t>> held(logged ? kept.size() : 0);
    const bool counting = windows.count() > 0 && any_counted();
    // The pilot runs before any budget is counted: any budget may be.
    const bool piloting = windows.count() == 0 && !std::isnan(sizes.count_sd);
    RunResult r = run_blocks(
        n, threads, log,
        [&](std::uint32_t first, std::uint32_t last, EventSink* block_log) {
          Simulation now(model, replication, block_log, true, stop, 0, 0);
          now.budget(cuts);
          if (counting) now.count(counted, windows);
          if (logged) now.defer_open(counting || piloting, piloting);
          std::optional<Simulation> was;
          if (before) {
            was.emplace(model, replication, nullptr, true, stop, 0, 0).budget(*before);
            if (counting) was->count(counted, windows);
          }
          for (std::uint32_t k = first; k < last; ++k) {
            const auto [i, a] = at(k);
            if (was) was->run_customer(i, a);
            now.run_customer(i, a);
          }
          const std::uint32_t b = first / sizes.block;
          std::vector<std::int64_t> sends = now.take_counts();
          if (was) {
            const std::vector<std::int64_t> gone = was->take_counts();
            for (std::size_t j = 0; j < gone.size(); ++j) sends[j] -= gone[j];
          }
          kept[b] = by_window(now.take_triggers(), std::move(sends));
          if (logged) held[b] = now.take_deferred();
          RunResult out = now.finish();
          if (was) add_run(out, was->finish(), -1);
          return out;
        },
        sizes.block);
    const std::vector<std::uint32_t> open = joined(held);
    deferred.insert(deferred.end(), open.begin(), open.end());
    return r;
  };

  // The pilot: a sixteenth of the customers, the first ids, which arrive in
  // no particular order, run first. What their triggers foretell decides
  // whether the rest run in arrival windows (below), which costs drawing
  // every arrival first, about a tenth of a run, or in one window, in id
  // order, where every customer with a trigger after a cut that its guess
  // (below) does not refuse runs twice more.
  // At most 2^20 of them: every trigger of theirs is held until it is
  // foretold which budgets are counted, and a sixteenth of 16 million
  // customers held 10 bytes a customer of them.
  Triggers fresh;
  // A customer run out of window order (the pilot, a customer run again)
  // draws its arrival afresh: a stream block, cheaper than the cache miss
  // of looking it up among everyone's.
  auto drawn = [&](std::uint32_t i) { return std::pair{i, self_arrival(model, replication, i)}; };
  // The customer at position p of the windows (arrival_windows.h), once they are drawn.
  auto placed = [&](std::uint32_t p) {
    return std::pair{windows.id(p), windows.arrival_at(model, replication, p)};
  };
  // Its log is parked (above) unless no budget can be counted: then it
  // defers its customers that meet a budget as it runs, as the rest do.
  RunResult total =
      run(pilot, drawn, nullptr, !events || std::isnan(sizes.count_sd) ? events : &piloted_log, fresh);
  std::vector<BudgetTrigger> piloted;
  std::size_t piloted_count = 0;
  for (const Kept& b : fresh) piloted_count += b.list.size();
  piloted.reserve(piloted_count);
  for (Kept& b : fresh) {
    piloted.insert(piloted.end(), b.list.begin(), b.list.end());
    b = Kept{};
  }
  fresh.clear();
  counted = never_spent(model, sends_of(K, piloted), pilot, sizes.count_sd);
  // The rest's log (above), where the pilot's goes first.
  EventSink* log = events;
  if (events && !events->can_retract() && any_counted()) log = &parked.emplace();
  // Customers run again, logged, to `to`, with `cuts` (their counts are in
  // the total already), in the order of `ids`.
  auto logged_again = [&](const std::vector<std::uint32_t>& ids, EventSink* to) {
    run_blocks(
        static_cast<std::uint32_t>(ids.size()), threads, to,
        [&](std::uint32_t first, std::uint32_t last, EventSink* block_log) {
          Simulation sim(model, replication, block_log, true, stop, 0, 0);
          sim.budget(cuts);
          for (std::uint32_t k = first; k < last; ++k) {
            const auto [i, a] = drawn(ids[k]);
            sim.run_customer(i, a);
          }
          return sim.finish();
        },
        sizes.block);
  };
  // The pilot's customers that met a budget (every one of them hopeful)
  // whose journeys stand unless a counted budget is spent after all: those
  // that met only counted ones. The others are deferred, and their records
  // left out of the pilot's log as it is handed over. With no room on disk
  // for that log, the pilot's customers that stand run again, logged, with
  // no cut yet, as they ran.
  if (events && !std::isnan(sizes.count_sd)) {
    std::vector<bool> stands(pilot, true);
    for (const BudgetTrigger& t : piloted) {
      if (!counted[t.campaign] && t.customer < pilot && stands[t.customer]) {
        stands[t.customer] = false;
        deferred.push_back(t.customer);
      }
    }
    if (piloted_log.stands()) {
      piloted_log.hand_over(*log, [&](std::uint32_t i) { return stands[i]; });
    } else {
      piloted_log.give_up();
      std::vector<std::uint32_t> ids;
      for (std::uint32_t i = 0; i < pilot; ++i) {
        if (stands[i]) ids.push_back(i);
      }
      logged_again(ids, log);
    }
  }
  // The triggers kept for settling, 24 bytes each, wait until their window
  // is settled: in one window, until the end. Where the pilot foretells
  // more than sizes.trigger_bytes of them in all, the run goes in windows
  // whatever else it foretells, and runs at once no more windows than hold
  // about that much (group, below), so that what it holds does not grow
  // with the run (a review's scenario held 150 bytes a customer in one
  // window, on budgets on enter and friction that were never spent, before
  // they were counted instead). Only the triggers of budgets not counted
  // are kept. Fixed, not the machine's: the grouping sets the order days to
  // convert are summed in.
  const double pilot_triggers = static_cast<double>(std::count_if(
      piloted.begin(), piloted.end(), [&](const BudgetTrigger& t) { return !counted[t.campaign]; }));
  const bool many = pilot > 0 && pilot_triggers * N / pilot * sizeof(BudgetTrigger) > sizes.trigger_bytes;
  const std::vector<BudgetTrigger> unguessed = cuts;  // no cut yet
  guess_cuts(model, piloted, pilot, sizes.guess_sd, counted, cuts);
  std::uint32_t count = 1;
  if (sizes.mode == WindowMode::Always ||
      (sizes.mode == WindowMode::Auto && (many || windows_pay(model, piloted, pilot, cuts))))
    count = window_count(model, sizes.per_window);
  // Asked only where there are windows to fill: the memory a run may use
  // is read from /proc and /sys, which a sweep of 100,000 small runs would
  // otherwise read 100,000 times.
  const bool arrivals_kept =
      count > 1 && (sizes.arrivals == WindowArrivals::Keep ||
                    (sizes.arrivals == WindowArrivals::Auto &&
                     keep_arrivals(N - pilot, std::thread::hardware_concurrency(), usable_memory_bytes())));
  windows = arrival_windows(model, replication, threads, pilot, count, arrivals_kept);
  const std::size_t W = windows.count();
  if (sizes.windows_run) *sizes.windows_run = static_cast<std::uint32_t>(W);

  // The triggers not yet final, by the window their time falls in; those of
  // window w are final once its customers, and every earlier window's, have
  // run, and its budgets are settled.
  std::vector<PendingTriggers> pending(W);
  std::vector<std::int64_t> spent(K, 0);    // sends in the windows that are final
  std::vector<std::int64_t> to_come(K, 0);  // sends in `pending`, the windows not yet final
  // A counted budget's sends in window v, not yet final, at [k * W + v]
  // (Kept::sends); in to_come too.
  std::vector<std::int64_t> pending_sends(K * W, 0);
  // The blocks' triggers from window w on, to `pending`: a block's list
  // taken over whole where all of it falls in one window (always, in one
  // window), else its span of each window copied, and freed.
  auto whole = [](const Kept& b, std::size_t v) {
    return b.start[v] == 0 && b.start[v + 1] == b.list.size() && !b.list.empty();
  };
  auto keep = [&](Triggers& blocks, std::size_t w) {
    for (std::size_t v = w; v < W; ++v) {
      std::size_t adding = 0;
      for (const Kept& b : blocks) adding += whole(b, v) ? 0 : b.start[v + 1] - b.start[v];
      pending[v].reserve(adding);
    }
    for (Kept& b : blocks) {
      for (std::size_t i = 0; i < b.sends.size(); ++i) {
        if (i % W < w) continue;  // the same in the runs they replace: final
        pending_sends[i] += b.sends[i];
        to_come[i / W] += b.sends[i];
      }
      const auto from = b.list.begin() + b.start[w];
      for (auto t = from; t != b.list.end(); ++t) to_come[t->campaign] += t->sent;
      for (std::size_t v = w; v < W; ++v) {
        if (whole(b, v)) {
          pending[v].take(std::move(b.list));  // and no other window has any
          break;
        }
        pending[v].copy(b.list.begin() + b.start[v], b.list.begin() + b.start[v + 1]);
      }
      b = Kept{};
    }
  };
  const std::vector<std::int64_t> pilot_sent = sends_of(K, piloted);
  fresh.push_back(by_window(std::move(piloted), {}));
  keep(fresh, 0);

  // Runs again, with `cuts`, the customers in `again`, which ran with
  // `before`, from window w on: their triggers from w on anew (those in
  // earlier windows are final and the same), those of settled budgets
  // dropped. Not logged: they were deferred when they first ran (a trigger
  // of a budget open then).
  auto run_again = [&](std::vector<std::uint32_t>& again, std::size_t w,
                       const std::vector<BudgetTrigger>& before) {
    std::sort(again.begin(), again.end());
    again.erase(std::unique(again.begin(), again.end()), again.end());
    for (std::size_t v = w; v < W; ++v) {
      pending[v].erase_if([&](const BudgetTrigger& t) {
        if (!settled[t.campaign] && !std::binary_search(again.begin(), again.end(), t.customer)) return false;
        to_come[t.campaign] -= t.sent;
        return true;
      });
    }
    if (again.empty()) return;
    add_run(total, run(
                       static_cast<std::uint32_t>(again.size()),
                       [&](std::uint32_t j) { return drawn(again[j]); }, &before, nullptr, fresh));
    keep(fresh, w);
  };

  // The pilot ran with no guesses: those of its customers with a trigger
  // after one run again with it, so that every customer run so far has
  // lived its journey with `cuts`, as each settling below keeps it.
  {
    std::vector<std::uint32_t> again;
    for (const PendingTriggers& list : pending) {
      list.for_each([&](const BudgetTrigger& t) {
        if (is_guess(cuts[t.campaign]) && sooner(cuts[t.campaign], t)) again.push_back(t.customer);
      });
    }
    run_again(again, 0, unguessed);
  }

  // A budget counted (never_spent) that is spent after all, in window w:
  // its cut is to be found among its triggers, which were not kept. Every
  // customer run so far (the pilot, and the windows' first `ran`) has lived
  // its journey with `cuts`, so runs again with them to find its triggers
  // from window w on, the same as before (the counts match), and nothing
  // else is taken from these runs. Then the budget is settled as any other.
  // This costs a run of everyone so far, but only where the pilot was
  // wrong by more than sizes.count_sd.
  std::uint32_t ran = 0;
  auto recollect = [&](std::uint16_t k, std::size_t w) {
    counted[k] = false;
    recounted = true;
    for (std::size_t v = w; v < W; ++v) {
      to_come[k] -= pending_sends[k * W + v];
      pending_sends[k * W + v] = 0;
    }
    auto collect = [&](std::uint32_t n, const auto& at) {
      std::vector<std::vector<BudgetTrigger>> found(block_count(n, sizes.block));
      run_blocks(
          n, threads, nullptr,
          [&](std::uint32_t first, std::uint32_t last, EventSink*) {
            Simulation sim(model, replication, nullptr, true, stop, 0, 0);
            sim.budget(cuts);
            for (std::uint32_t j = first; j < last; ++j) {
              const auto [i, a] = at(j);
              sim.run_customer(i, a);
            }
            for (const BudgetTrigger& t : sim.take_triggers()) {
              if (t.campaign == k && windows.of(t.t) >= w) found[first / sizes.block].push_back(t);
            }
            return RunResult{};
          },
          sizes.block);
      for (const std::vector<BudgetTrigger>& block : found) {
        for (const BudgetTrigger& t : block) {
          pending[windows.of(t.t)].push_back(t);
          to_come[k] += t.sent;
        }
      }
    };
    collect(pilot, drawn);
    collect(ran, placed);
  };

  // Settles the budgets spent before window w's end (every customer
  // arriving before it has run) one at a time, earliest cut first: up to
  // the first trigger any budget refuses, by a cut or a guess, these runs
  // and the global order agree, so the earliest cut found, if no later
  // than every guess, is the one the global order has. Customers run so far
  // with a trigger after it that they did not refuse run again with it
  // refused; the others' runs stay as they are. A guess before the window's
  // end with no cut found by then is wrong: every trigger up to it is known,
  // and its budget was not spent. It is dropped, and the customers with a
  // trigger it refused run again. Then the window's triggers are final.
  // So once window w is settled, every guess still standing is at or after
  // its end: every trigger a guess refused, and every trigger after a cut
  // found later, falls in window w or after, which is why the customers run
  // again have their triggers replaced from window w on only.
  auto settle = [&](std::size_t w) {
    for (;;) {
      for (std::uint16_t k = 0; k < K; ++k) {
        if (counted[k] && spent[k] + pending_sends[k * W + w] >= model.campaigns[k].max_sends)
          recollect(k, w);
      }
      const auto earliest = earliest_cut(model, pending[w], settled, spent);
      std::optional<std::uint16_t> guess;  // the earliest
      for (std::uint16_t k = 0; k < K; ++k) {
        if (is_guess(cuts[k]) && (!guess || cuts[k].t < cuts[*guess].t)) guess = k;
      }
      const std::vector<BudgetTrigger> before = cuts;
      std::vector<std::uint32_t> again;
      if (earliest && (!guess || earliest->t <= cuts[*guess].t)) {
        const std::uint16_t k = earliest->campaign;
        settled[k] = true;
        cuts[k] = *earliest;
        for (std::size_t v = w; v < W; ++v) {
          pending[v].for_each([&](const BudgetTrigger& t) {
            if (t.campaign == k && !t.refused && sooner(cuts[k], t)) again.push_back(t.customer);
          });
        }
      } else if (guess && cuts[*guess].t < windows.end[w]) {
        const std::uint16_t k = *guess;
        cuts[k] = kNoCut;
        for (std::size_t v = w; v < W; ++v) {
          pending[v].for_each([&](const BudgetTrigger& t) {
            if (t.campaign == k && t.refused) again.push_back(t.customer);
          });
        }
      } else {
        break;
      }
      run_again(again, w, before);
    }
    pending[w].for_each([&](const BudgetTrigger& t) {
      spent[t.campaign] += t.sent;
      to_come[t.campaign] -= t.sent;
    });
    for (std::uint16_t k = 0; k < K; ++k) {
      spent[k] += pending_sends[k * W + w];
      to_come[k] -= pending_sends[k * W + w];
    }
    pending[w].clear();
  };

  // How many windows from w to run at once: a window is settled only once
  // its customers have run, and every window run at once costs the threads
  // a wait for the last block. So windows far from any cut run together:
  // half as many as the pilot's rate of sends says the budget left lasts
  // (any grouping is exact; a cut inside a group only makes more customers
  // run again), and all the rest once every budget is settled; but never
  // more than hold about sizes.trigger_bytes of triggers (above).
  const double share = pilot ? static_cast<double>(N - pilot) / pilot / static_cast<double>(W) : 0.0;
  auto group = [&](std::size_t w) {
    std::size_t n = W - w;
    bool open = false;  // a budget not yet settled: only then are triggers kept
    for (std::uint16_t k = 0; k < K; ++k) {
      if (settled[k] || model.campaigns[k].max_sends < 0) continue;
      open = true;
      const double per_window = static_cast<double>(pilot_sent[k]) * share;
      // The budget less what is spent, and sent in windows to come.
      const std::int64_t left = model.campaigns[k].max_sends - spent[k] - to_come[k];
      const double lasts =
          per_window > 0.0 ? static_cast<double>(std::max<std::int64_t>(left, 0)) / per_window : 1e9;
      n = std::min(n, static_cast<std::size_t>(std::clamp(lasts / 2.0, 1.0, 1e9)));
    }
    const double triggers = pilot_triggers * share;  // a window's, by the pilot
    if (open && triggers > 0.0)
      n = std::min(n, static_cast<std::size_t>(
                          std::clamp(sizes.trigger_bytes / sizeof(BudgetTrigger) / triggers, 1.0, 1e9)));
    return n;
  };

  // The windows in arrival order, some at once (above).
  for (std::size_t w = 0; w < W;) {
    const std::size_t n = group(w);
    const std::uint32_t from = windows.start[w];
    add_run(total, run(
                       windows.start[w + n] - from, [&](std::uint32_t k) { return placed(from + k); },
                       nullptr, log, fresh));
    keep(fresh, w);
    ran = windows.start[w + n];
    for (std::size_t v = w; v < w + n; ++v) settle(v);
    w += n;
  }
  if (events) {
    // Every budget is settled. If a counted budget was spent after all (or
    // the disk was short), every customer logged so far runs again, logged,
    // with the cuts, in the order they ran, once the log is taken back (or
    // the parked one dropped). Then the deferred customers run again,
    // logged, in the order they first ran.
    if (!recounted && (!parked || parked->stands())) {
      if (parked) parked->hand_over(*events);
    } else {
      if (!parked) events->retract();
      parked.reset();  // its disk to the results
      std::vector<std::uint32_t> late = deferred;
      std::sort(late.begin(), late.end());
      auto on_time = [&](std::uint32_t i) { return !std::binary_search(late.begin(), late.end(), i); };
      std::vector<std::uint32_t> ids;  // in the order they ran
      for (std::uint32_t i = 0; i < pilot; ++i) {
        if (on_time(i)) ids.push_back(i);
      }
      for (std::uint32_t p = 0; p < N - pilot; ++p) {
        if (on_time(windows.id(p))) ids.push_back(windows.id(p));
      }
      logged_again(ids, events);
    }
    logged_again(deferred, events);
  }
  total_segments(total, model);
  return total;
}

}  // namespace journeysim::detail
