#include "solo.h"

#include <algorithm>
#include <vector>

#include "journeysim/sim/engine.h"
#include "journeysim/sim/rng.h"
#include "journeysim/sim/sample.h"
#include "ledger.h"

namespace journeysim::detail {

namespace {

// One channel choice (a segment, a stage, a touchpoint) with every constant
// of its touch resolved, so the loop follows no chain of indices.
struct Touch {
  double friction;  // clamped, with the segment's friction sensitivity
  double abandon, advance, leave;
  double fixed_leave;  // the leave probability when satisfaction does not scale it
  double sat_friction, sat_success;
  Delay delay, retry_delay;
  std::uint32_t sc, channel;  // [stage][channel] index, channel
  std::int32_t next;
  bool conversion;
};

class SoloRun {
 public:
  SoloRun(const Model& m, std::uint32_t replication, EventSink* events)
      : m_(m), rep_(replication), ledger_(m, replication, events), S_(m.stage_count()) {
    table_.resize(m.choice_touchpoint.size());
    const std::size_t C = m.channel_count();
    for (std::size_t g = 0; g < m.segments.size(); ++g) {
      for (std::size_t s = 0; s < S_; ++s) {
        const ChannelChoice& choice = m.choice(static_cast<int>(g), static_cast<int>(s));
        for (std::size_t k = choice.first; k < choice.first + choice.size; ++k) {
          const TouchpointModel& tp = m.touchpoints[m.choice_touchpoint[k]];
          Touch& x = table_[k];
          x.friction = clamp01(tp.friction * m.segments[g].friction_sensitivity);
          x.abandon = tp.abandon;
          x.advance = clamp01(tp.advance);
          x.leave = tp.leave;
          // What the general formula gives with a satisfaction factor of 1.
          x.fixed_leave = std::min(clamp01(tp.leave), 1.0 - x.advance);
          x.sat_friction = tp.sat_friction;
          x.sat_success = tp.sat_success;
          x.delay = tp.delay;
          x.retry_delay = tp.retry_delay;
          x.sc = static_cast<std::uint32_t>(s * C + static_cast<std::size_t>(tp.channel));
          x.channel = static_cast<std::uint32_t>(tp.channel);
          x.next = m.stages[s].next;
          x.conversion = m.stages[s].conversion;
        }
      }
    }
  }

  RunResult run() {
    for (std::uint32_t i = 0; i < m_.customers; ++i) {
      Stream arrival(m_.seed, rep_, i, Substream::Arrival);
      const auto g = pick(m_.segment_cdf.data(), m_.segment_cdf.size(), arrival.uniform());
      const double t0 = m_.arrive_at_start
                            ? 0.0
                            : boost::random::uniform_real_distribution<double>(0.0, m_.window)(arrival);
      if (t0 > m_.horizon) continue;  // still waiting at the horizon: counted nowhere
      // With no satisfaction sensitivity, satisfaction scales nothing: the
      // loop then skips a chain of arithmetic that every abandon and leave
      // decision would wait for.
      if (m_.segments[g].satisfaction_sensitivity == 0.0)
        journey<false>(i, g, t0);
      else
        journey<true>(i, g, t0);
    }
    money_from_counts();
    return ledger_.finish();
  }

 private:
  // One customer's journey from its arrival at t0 (DESIGN 3.2).
  template <bool Sensitive>
  JS_INLINE void journey(std::uint32_t i, std::size_t g, double t0) {
    RunResult& r = ledger_.r;
    const SegmentModel& seg = m_.segments[g];
    const ChannelChoice* const choices = &m_.choices[g * S_];
    const double* const cdf = m_.choice_cdf.data();
    double sat = seg.initial_satisfaction;
    int s = seg.entry_stage;
    std::uint64_t reached = 0;
    bool converted = false;
    Status status = kActive;
    ++r.totals.customers;
    ledger_.log(i, t0, s, -1, EventKind::Arrive);
    ledger_.occupy(t0, s, +1);
    ledger_.reach(reached, s);

    // The satisfaction factor of abandon and leave (DESIGN 3.5).
    auto factor = [&] { return clamp01(1.0 - seg.satisfaction_sensitivity * sat); };
    Stream rng(m_.seed, rep_, i, Substream::Journey);
    std::uint32_t seq = 1;  // the arrival was event 0
    double t = t0;
    for (;;) {
      const ChannelChoice choice = choices[s];
      std::size_t k = choice.first;
      if (choice.size > 1) k += pick(cdf + choice.first, choice.size, rng.uniform());
      const Touch& x = table_[k];
      const int ch = static_cast<int>(x.channel);
      ++r.touch_count[x.sc];

      const Delay* delay;
      if (rng.uniform() < x.friction) {
        ++r.touch_friction[x.sc];
        sat = clamp_unit(sat + x.sat_friction);
        const double abandon = Sensitive ? clamp01(x.abandon * factor()) : x.abandon;
        if (rng.uniform() < abandon) {
          ++r.touch_abandon[x.sc];
          status = kLost;
          ledger_.lose(i, t, s, ch, EventKind::Abandon);
          break;
        }
        ledger_.log(i, t, s, ch, EventKind::Retry);
        delay = &x.retry_delay;
      } else {
        sat = clamp_unit(sat + x.sat_success);
        const double leave =
            Sensitive ? std::min(clamp01(x.leave * factor()), 1.0 - x.advance) : x.fixed_leave;
        const double u = rng.uniform();
        if (u < x.advance) {
          if (x.conversion && !converted) {
            converted = true;
            ++r.totals.converted;
            r.totals.days_to_convert += t - t0;
            ledger_.log(i, t, s, ch, EventKind::Convert);
          }
          ledger_.log(i, t, s, ch, EventKind::Advance);
          if (x.next < 0) {
            status = kCompleted;
            ledger_.complete(i, t, s, ch);
            break;
          }
          ledger_.advance(t, s, x.next);
          s = x.next;
          ledger_.reach(reached, s);
        } else if (u < x.advance + leave) {
          ++r.touch_leave[x.sc];
          status = kLost;
          ledger_.lose(i, t, s, ch, EventKind::Leave);
          break;
        } else {
          ledger_.log(i, t, s, ch, EventKind::Stay);
        }
        delay = &x.delay;
      }
      t += sample_delay(*delay, rng);
      if (t > m_.horizon) break;  // the next touch falls after the horizon
      if (seq >= kMaxEventsPerCustomer) too_many_events(m_, rep_, i, t, s);
      ++seq;
    }
    ledger_.tally(status, s, sat);
  }

  // Every touch of a touchpoint costs the same, and every one without
  // friction earns the same: totals and money follow from the counts, exact
  // products rather than sums of millions of terms.
  void money_from_counts() {
    RunResult& r = ledger_.r;
    const std::size_t C = m_.channel_count();
    for (const TouchpointModel& tp : m_.touchpoints) {
      const std::size_t sc = static_cast<std::size_t>(tp.stage) * C + static_cast<std::size_t>(tp.channel);
      const std::int64_t touches = r.touch_count[sc], frictions = r.touch_friction[sc];
      r.totals.touchpoints += touches;
      r.totals.frictions += frictions;
      const double cost = static_cast<double>(touches) * tp.cost;
      r.totals.cost += cost;
      r.channel_cost[static_cast<std::size_t>(tp.channel)] += cost;
      r.touch_revenue[sc] = static_cast<double>(touches - frictions) * tp.value;
      r.totals.revenue += r.touch_revenue[sc];
    }
  }

  const Model& m_;
  std::uint32_t rep_;
  Ledger ledger_;
  std::size_t S_;
  std::vector<Touch> table_;  // parallel to Model::choice_touchpoint
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
                                                 EventSink* events) {
  return SoloRun(model, replication, events).run();
}

}  // namespace journeysim::detail
