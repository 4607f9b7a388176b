#include "ledger.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "journeysim/core/error.h"

namespace journeysim::detail {

void too_many_events(const Model& m, std::uint32_t replication, std::uint32_t customer, double time,
                     int stage) {
  throw ModelError("customer " + std::to_string(customer) + " of replication " + std::to_string(replication) +
                   " reached " + std::to_string(kMaxEventsPerCustomer) + " events by day " +
                   std::to_string(time) + " at stage `" + m.stage_ids[static_cast<std::size_t>(stage)] +
                   "`: a touchpoint there repeats with (almost) no delay; give its delay or retry_delay a "
                   "realistic size");
}

void Ledger::interrupted() {
  throw Interrupted("interrupted");
}

Ledger::Ledger(const Model& m, std::uint32_t replication, EventSink* events, const std::atomic<bool>* stop)
    : events_(events), stop_(stop), stages_(m.stage_count()) {
  if (events_) log_.reserve(kEventChunk);
  const std::size_t S = m.stage_count(), C = m.channel_count();
  r.replication = replication;
  r.seed = m.seed;
  r.days = static_cast<std::size_t>(std::ceil(m.horizon));
  r.reached.assign(S, 0);
  r.lost.assign(S, 0);
  r.in_progress.assign(S, 0);
  r.touch_count.assign(S * C, 0);
  r.touch_friction.assign(S * C, 0);
  r.touch_abandon.assign(S * C, 0);
  r.touch_leave.assign(S * C, 0);
  r.touch_advance.assign(S * C, 0);
  r.touch_revenue.assign(S * C, 0.0);
  r.flows.assign(S * (S + 2), 0);
  r.occupancy.assign(r.days * S, 0);
  occupancy_delta_.assign((r.days + 1) * S, 0);
  r.campaign_sends.assign(m.campaigns.size(), 0);
  r.campaign_reached.assign(m.campaigns.size(), 0);
  r.campaign_wins.assign(m.campaigns.size(), 0);
  r.channel_cost.assign(C, 0.0);
}

RunResult Ledger::finish() {
  if (events_ && !log_.empty()) events_->write(log_);
  const std::size_t S = stages_;
  for (std::size_t d = 0; d < r.days; ++d) {
    for (std::size_t s = 0; s < S; ++s) {
      r.occupancy[d * S + s] = (d ? r.occupancy[(d - 1) * S + s] : 0) + occupancy_delta_[d * S + s];
    }
  }
  return std::move(r);
}

}  // namespace journeysim::detail
