#include "touch.h"

#include <algorithm>

namespace journeysim::detail {

std::vector<ResolvedTouch> resolve_touches(const Model& m) {
  std::vector<ResolvedTouch> table(m.choice_touchpoint.size());
  const std::size_t S = m.stage_count(), C = m.channel_count();
  for (std::size_t g = 0; g < m.segments.size(); ++g) {
    for (std::size_t s = 0; s < S; ++s) {
      const ChannelChoice& choice = m.choice(static_cast<int>(g), static_cast<int>(s));
      for (std::size_t k = choice.first; k < choice.first + choice.size; ++k) {
        const TouchpointModel& tp = m.touchpoints[m.choice_touchpoint[k]];
        ResolvedTouch& x = table[k];
        x.friction_product = tp.friction * m.segments[g].friction_sensitivity;
        x.friction = clamp01(x.friction_product);
        x.abandon = tp.abandon;
        x.advance = clamp01(tp.advance);
        x.leave = tp.leave;
        // What the general formula gives with a satisfaction factor of 1.
        x.fixed_leave = std::min(clamp01(tp.leave), 1.0 - x.advance);
        x.sat_friction = tp.sat_friction;
        x.sat_success = tp.sat_success;
        x.value_on_advance = tp.value_on_advance;
        x.referrals = tp.referrals;
        if (tp.referrals > 0.0) x.referral_count = ReferralCount(tp.referrals);
        x.delay = tp.delay;
        x.retry_delay = tp.retry_delay;
        x.sc = static_cast<std::uint32_t>((g * S + s) * C + static_cast<std::size_t>(tp.channel));
        x.channel = static_cast<std::uint32_t>(tp.channel);
        x.next = m.stages[s].next;
        x.conversion = m.stages[s].conversion;
      }
    }
  }
  return table;
}

}  // namespace journeysim::detail
