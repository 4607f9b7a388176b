#pragma once
// The touch (docs/semantics.md, "A touch"), written once. Every engine path
// calls touch(): the journey loop (solo.cpp) and the event-driven
// Simulation (engine.cpp), whether its customers run one by one through a
// small heap or all together through the calendar queue. What a path does
// not need is compiled out, not copied: `Sensitive` keeps the satisfaction
// factor of abandon and leave, and `Reactions::kReacts` keeps what other
// parts of the engine do in response (campaign triggers and modifiers,
// referrals, touches counted by the campaign that scales their value).
#include <cstdint>
#include <vector>

#include "journeysim/model/model.h"
#include "journeysim/sim/rng.h"
#include "journeysim/sim/sample.h"
#include "ledger.h"

namespace journeysim::detail {

// One channel choice (a segment, a stage, a touchpoint) with every constant
// of its touch resolved, so a touch follows no chain of indices.
struct ResolvedTouch {
  double friction;          // clamp(friction x friction_sensitivity)
  double friction_product;  // the same unclamped, for a campaign's multiplier
  double abandon, advance, leave;
  double fixed_leave;  // the leave probability when satisfaction does not scale it
  double sat_friction, sat_success;
  double referrals;
  bool value_on_advance;  // else value is earned by every touch without friction
  Delay delay, retry_delay;
  std::uint32_t sc, channel;  // [segment][stage][channel] index, channel
  std::int32_t next;
  bool conversion;
  // The count of referrals, with `referrals` its mean (when above 0): built
  // once, since building one at every referring touch took an exp() (a
  // log and a square root above a mean of 10) each time.
  ReferralCount referral_count{1.0};
};

// Parallel to Model::choice_touchpoint: row k resolves channel choice k.
std::vector<ResolvedTouch> resolve_touches(const Model& m);

// What a touch reads and changes of one customer; a path keeps it as it likes.
struct Journey {
  double satisfaction;
  double arrival;         // journey loop only; the event-driven engine's comes from Reactions::arrival()
  std::uint64_t reached;  // a bit per stage
  int stage;
  int segment;
  bool converted;
};

enum class Outcome : std::uint8_t {
  Again,      // touches again after TouchResult::delay (a retry, an advance or a stay)
  Lost,       // abandoned or left
  Completed,  // advanced out of the last stage
};

struct TouchResult {
  Outcome outcome;
  double delay;  // with Again
};

// For a path where nothing reacts to a touch: no campaigns, no referrals.
struct NoReactions {
  static constexpr bool kReacts = false;
  void fire(Trigger, double, int, int) {}
  void refer(double, const ReferralCount&) {}
  void lost(Trigger, double, int, int) {}
  void completed() {}
  void entered(int, double, int) {}
  double arrival() const { return 0.0; }
};

// What satisfaction multiplies abandon and leave by: above 1 for an unhappy
// customer, below for a happy one. Not clamped: the product is.
JS_INLINE double satisfaction_factor(const SegmentModel& seg, double satisfaction) {
  return 1.0 - seg.satisfaction_sensitivity * satisfaction;
}

// Customer `c` touches its stage j.stage at time t. `choices` is its
// segment's row of Model::choices; `mod`, the campaign whose one-shot
// modifiers apply to this touch (nullptr for none). Draws, in order: the
// channel (when the stage offers more than one), friction, then abandon, or
// else the outcome; then the delay to the next touch.
template <bool Sensitive, class Reactions>
JS_INLINE TouchResult touch(const Model& m, const ResolvedTouch* table, const ChannelChoice* choices,
                            const SegmentModel& seg, Journey& j, const CampaignModel* mod, Stream& rng,
                            Ledger& ledger, std::uint32_t c, double t, Reactions& react) {
  constexpr bool kReacts = Reactions::kReacts;
  RunResult& r = ledger.r;
  const int s = j.stage;
  const ChannelChoice choice = choices[s];
  std::size_t k = choice.first;
  if (choice.size > 1) k += pick(m.choice_cdf.data() + choice.first, choice.size, rng.uniform());
  const ResolvedTouch& x = table[k];
  const int ch = static_cast<int>(x.channel);
  const int g = j.segment;
  SegmentResults& b = r.by_segment;
  ++b.touch_count[x.sc];

  const double friction =
      kReacts && mod ? clamp01(x.friction_product * mod->friction_multiplier) : x.friction;
  if (rng.uniform() < friction) {
    ++b.touch_friction[x.sc];
    j.satisfaction = clamp_unit(j.satisfaction + x.sat_friction);
    const double abandon =
        Sensitive ? clamp01(x.abandon * satisfaction_factor(seg, j.satisfaction)) : x.abandon;
    const bool abandons = rng.uniform() < abandon;
    if constexpr (kReacts) react.fire(Trigger::Friction, t, s, ch);
    if (abandons) {
      ++b.touch_abandon[x.sc];
      ledger.lose(c, g, t, s, ch, EventKind::Abandon);
      if constexpr (kReacts) react.lost(Trigger::Abandon, t, s, ch);
      return {Outcome::Lost, 0.0};
    }
    ledger.log(c, g, t, s, ch, EventKind::Retry);
    return {Outcome::Again, sample_delay(x.retry_delay, rng)};
  }

  j.satisfaction = clamp_unit(j.satisfaction + x.sat_success);
  // Money follows from the counts once the run is over (money_from_counts);
  // a touch that earns under a campaign's value_multiplier is counted apart.
  auto earn = [&] {
    if constexpr (kReacts) {
      if (mod && mod->value_column >= 0)
        ++b.touch_earned_with[x.sc * m.value_campaigns.size() + static_cast<std::size_t>(mod->value_column)];
    }
  };
  if (!x.value_on_advance) earn();
  if constexpr (kReacts) {
    if (x.referrals > 0.0) react.refer(t, x.referral_count);
  }
  double advance = x.advance, leave = x.fixed_leave;
  if (kReacts && mod) advance = clamp01(x.advance * mod->advance_multiplier);
  if (Sensitive || (kReacts && mod)) {
    leave = std::min(clamp01(x.leave * satisfaction_factor(seg, j.satisfaction)), 1.0 - advance);
  }
  const double u = rng.uniform();
  if (u < advance) {
    ++b.touch_advance[x.sc];
    if (x.value_on_advance) earn();
    if (x.conversion && !j.converted) {
      j.converted = true;
      RunTotals& tot = ledger.totals(g);
      ++tot.converted;
      // The event-driven engine keeps arrival times apart, read only here.
      double days;
      if constexpr (kReacts) {
        days = t - react.arrival();
      } else {
        days = t - j.arrival;
      }
      tot.days_to_convert += days;
      ledger.converted_after(days);
      ledger.log(c, g, t, s, ch, EventKind::Convert);
    }
    ledger.log(c, g, t, s, ch, EventKind::Advance);
    if constexpr (kReacts) react.fire(Trigger::Advance, t, s, ch);
    if (x.next < 0) {
      ledger.complete(c, g, t, s, ch);
      if constexpr (kReacts) react.completed();
      return {Outcome::Completed, 0.0};
    }
    ledger.advance(t, s, x.next);
    j.stage = x.next;
    ledger.reach(j.reached, g, x.next);
    if constexpr (kReacts) react.entered(x.next, t, ch);
  } else if (u < advance + leave) {
    ++b.touch_leave[x.sc];
    ledger.lose(c, g, t, s, ch, EventKind::Leave);
    if constexpr (kReacts) react.lost(Trigger::Leave, t, s, ch);
    return {Outcome::Lost, 0.0};
  } else {
    ledger.log(c, g, t, s, ch, EventKind::Stay);
  }
  return {Outcome::Again, sample_delay(x.delay, rng)};
}

}  // namespace journeysim::detail
