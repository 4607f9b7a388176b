#include "solo.h"

#include <algorithm>
#include <vector>

#include "arrival.h"
#include "blocks.h"
#include "journeysim/sim/engine.h"
#include "journeysim/sim/rng.h"
#include "journeysim/sim/sample.h"
#include "ledger.h"
#include "touch.h"

namespace journeysim::detail {

namespace {

class SoloRun {
 public:
  // Customers [first, last) of the replication.
  SoloRun(const Model& m, std::uint32_t replication, EventSink* events, const std::atomic<bool>* stop,
          std::uint32_t first, std::uint32_t last)
      : m_(m),
        rep_(replication),
        first_(first),
        last_(last),
        ledger_(m, replication, events, stop),
        S_(m.stage_count()),
        table_(resolve_touches(m)) {}

  // Customers [first, last), counted; money follows from the counts in
  // finish().
  RunResult run() {
    customers();
    return ledger_.finish();
  }

 private:
  void customers() {
    for (std::uint32_t i = first_; i < last_; ++i) {
      ledger_.check_stop();
      const SelfArrival arrival = self_arrival(m_, rep_, i);
      const auto g = static_cast<std::size_t>(arrival.segment);
      const double t0 = arrival.time;
      if (t0 > m_.horizon) continue;  // still waiting at the horizon: counted nowhere
      // With no satisfaction sensitivity, satisfaction scales nothing: the
      // loop then skips a chain of arithmetic that every abandon and leave
      // decision would wait for.
      if (m_.segments[g].satisfaction_sensitivity == 0.0)
        journey<false>(i, g, t0);
      else
        journey<true>(i, g, t0);
    }
  }

  // One customer's journey from its arrival at t0: a loop of touches, each
  // giving the delay to the next.
  template <bool Sensitive>
  JS_INLINE void journey(std::uint32_t i, std::size_t g, double t0) {
    const SegmentModel& seg = m_.segments[g];
    const ChannelChoice* const choices = &m_.choices[g * S_];
    const int segment = static_cast<int>(g);
    Journey j{seg.initial_satisfaction, t0, 0, seg.entry_stage, segment, false};
    ++ledger_.totals(segment).customers;
    ledger_.log(i, segment, t0, j.stage, -1, EventKind::Arrive);
    ledger_.occupy(t0, j.stage, +1);
    ledger_.reach(j.reached, segment, j.stage);

    Stream rng(m_.seed, rep_, i, Substream::Journey);
    NoReactions none;
    std::uint32_t seq = 1;  // the arrival was event 0
    double t = t0;
    Status status = kActive;
    for (;;) {
      const TouchResult result =
          touch<Sensitive>(m_, table_.data(), choices, seg, j, nullptr, rng, ledger_, i, t, none);
      if (result.outcome != Outcome::Again) {
        status = result.outcome == Outcome::Lost ? kLost : kCompleted;
        break;
      }
      t += result.delay;
      if (t > m_.horizon) break;  // the next touch falls after the horizon
      if (seq >= kMaxEventsPerCustomer) too_many_events(m_, rep_, i, t, j.stage);
      ++seq;
    }
    ledger_.tally(segment, status, j.stage, j.satisfaction);
  }

  const Model& m_;
  std::uint32_t rep_, first_, last_;
  Ledger ledger_;
  std::size_t S_;
  std::vector<ResolvedTouch> table_;  // parallel to Model::choice_touchpoint
};

}  // namespace

bool solo_applies(const Model& model) {
  return customers_independent(model) &&
         std::all_of(model.campaigns_by_trigger.begin(), model.campaigns_by_trigger.end(),
                     [](const auto& list) { return list.empty(); });
}

// flatten: the delay distributions inlined keep the stream in registers
// (about 5% on the benchmark journey).
__attribute__((flatten)) RunResult simulate_solo(const Model& model, std::uint32_t replication,
                                                 EventSink* events, const std::atomic<bool>* stop,
                                                 unsigned threads) {
  const std::uint32_t N = model.customers;
  if (N <= kBlock) return SoloRun(model, replication, events, stop, 0, N).run();
  RunResult total =
      run_blocks(N, threads, events, [&](std::uint32_t first, std::uint32_t last, EventSink* log) {
        return SoloRun(model, replication, log, stop, first, last).run();
      });
  total_segments(total, model);
  return total;
}

}  // namespace journeysim::detail
