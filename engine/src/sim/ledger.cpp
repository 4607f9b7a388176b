#include "ledger.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "journeysim/core/error.h"
#include "journeysim/scenario/checks.h"

namespace journeysim::detail {

void too_many_events(const Model& m, std::uint32_t replication, std::uint32_t customer, double time,
                     int stage) {
  // The day to two decimals: the point is when, not the last digit of a
  // double ("day 132.727832774").
  const std::string day = format_result(std::round(time * 100.0) / 100.0);
  const std::string who = "customer " + std::to_string(customer) + " of replication " +
                          std::to_string(replication) + " reached " + grouped_count(kMaxEventsPerCustomer) +
                          " events, the most one customer may have, by day " + day + " at stage `" +
                          m.stage_ids[static_cast<std::size_t>(stage)] + "`";
  // Events a thousandth of a day apart or more: the delays are real, the
  // horizon is what holds so many of them.
  const double gap = time / kMaxEventsPerCustomer;
  if (gap >= 1e-3) {
    char apart[32];
    std::snprintf(apart, sizeof apart, "%.3g", gap);
    throw ModelError(
        who + " (events " + apart + (gap == 1.0 ? " day" : " days") + " apart on average): the horizon of " +
        format_result(m.horizon) +
        " days holds more repeats than that; shorten horizon_days or lengthen the delays that repeat");
  }
  // A win-back campaign is a suspect only if its delay is short enough to
  // repeat this often: each round of it takes its mean delay, and makes a
  // few events, so one whose mean is a hundred gaps or more cannot be the
  // loop (a win-back a day later was named beside one at once).
  std::string campaigns;
  for (std::size_t c = 0; c < m.campaigns.size(); ++c) {
    const CampaignModel& cm = m.campaigns[c];
    const auto& enabled = m.campaigns_by_trigger[static_cast<int>(cm.trigger)];
    const bool on = std::find(enabled.begin(), enabled.end(), c) != enabled.end();
    if (on && cm.wins_back && cm.win_back > 0 && delay_mean(cm.delay) <= 100.0 * gap)
      campaigns += (campaigns.empty() ? "`" : ", `") + m.campaign_ids[c] + "`";
  }
  throw ModelError(
      who + ": something there repeats with (almost) no delay: a touchpoint's delay or retry_delay" +
      (campaigns.empty() ? std::string()
                         : ", or the delay of a campaign that wins customers back (" + campaigns + ")") +
      "; give it a realistic size");
}

void Ledger::interrupted() {
  throw Interrupted("interrupted");
}

Ledger::Ledger(const Model& m, std::uint32_t replication, EventSink* events, const std::atomic<bool>* stop)
    : m_(m), events_(events), stop_(stop), stages_(m.stage_count()) {
  if (events_) log_.reserve(kEventChunk);
  const std::size_t S = m.stage_count(), C = m.channel_count();
  r.replication = replication;
  r.seed = m.seed;
  r.days = m.occupancy_rows;
  r.occupancy_step = m.occupancy_step;
  step_ = m.occupancy_step;
  const std::size_t G = m.segments.size();
  SegmentResults& b = r.by_segment;
  b.totals.assign(G, RunTotals{});
  for (auto* v : {&b.reached, &b.lost, &b.in_progress}) v->assign(G * S, 0);
  for (auto* v : {&b.touch_count, &b.touch_friction, &b.touch_abandon, &b.touch_leave, &b.touch_advance})
    v->assign(G * S * C, 0);
  b.touch_revenue.assign(G * S * C, 0.0);
  b.campaign_sends.assign(G * m.campaigns.size(), 0);
  b.touch_earned_with.assign(G * S * C * m.value_campaigns.size(), 0);
  r.flows.assign(S * (S + 2), 0);
  r.occupancy.assign(r.days * S, 0);
  r.convert_days.assign(r.days, 0);
  occupancy_delta_.assign((r.days + 1) * S, 0);
  r.campaign_sends.assign(m.campaigns.size(), 0);
  r.campaign_reached.assign(m.campaigns.size(), 0);
  r.campaign_wins.assign(m.campaigns.size(), 0);
  r.channel_cost.assign(C, 0.0);
}

namespace {

// total[i] = the sum over segments of per_segment[g * n + i], in segment order.
template <class T>
std::vector<T> sum_segments(const std::vector<T>& per_segment, std::size_t n) {
  std::vector<T> total(n, T{});
  for (std::size_t at = 0; at < per_segment.size(); at += n) {
    for (std::size_t i = 0; i < n; ++i) total[i] += per_segment[at + i];
  }
  return total;
}

// `sign` 1 adds `x`, -1 takes it off (an exact negation, then the same sum).
void add(RunTotals& to, const RunTotals& x, int sign = 1) {
  to.customers += sign * x.customers;
  to.referred += sign * x.referred;
  to.referrals_dropped += sign * x.referrals_dropped;
  to.converted += sign * x.converted;
  to.completed += sign * x.completed;
  to.lost += sign * x.lost;
  to.in_progress += sign * x.in_progress;
  to.touchpoints += sign * x.touchpoints;
  to.frictions += sign * x.frictions;
  to.revenue += sign * x.revenue;
  to.cost += sign * x.cost;
  to.campaign_sends += sign * x.campaign_sends;
  to.campaign_wins += sign * x.campaign_wins;
  to.promoters += sign * x.promoters;
  to.detractors += sign * x.detractors;
  to.days_to_convert += sign * x.days_to_convert;
}

// Assigns every money cell (and the touch totals) from the counts, so it may
// run on a result whose money was added up from blocks.
void money_from_counts(const Model& m, RunResult& r) {
  SegmentResults& b = r.by_segment;
  const std::size_t C = m.channel_count(), S = m.stage_count(), K = m.campaigns.size();
  std::fill(r.channel_cost.begin(), r.channel_cost.end(), 0.0);
  for (std::size_t g = 0; g < m.segments.size(); ++g) {
    RunTotals& tot = b.totals[g];
    tot.touchpoints = tot.frictions = 0;
    tot.cost = tot.revenue = 0.0;
    for (const TouchpointModel& tp : m.touchpoints) {
      const std::size_t sc =
          (g * S + static_cast<std::size_t>(tp.stage)) * C + static_cast<std::size_t>(tp.channel);
      const std::int64_t touches = b.touch_count[sc], frictions = b.touch_friction[sc];
      tot.touchpoints += touches;
      tot.frictions += frictions;
      const double cost = static_cast<double>(touches) * tp.cost;
      tot.cost += cost;
      r.channel_cost[static_cast<std::size_t>(tp.channel)] += cost;
      std::int64_t plain = tp.value_on_advance ? b.touch_advance[sc] : touches - frictions;
      double scaled = 0.0;
      const std::size_t V = m.value_campaigns.size();
      for (std::size_t v = 0; v < V; ++v) {
        const std::int64_t n = b.touch_earned_with[sc * V + v];
        plain -= n;
        if (n)
          scaled += static_cast<double>(n) * (tp.value * m.campaigns[m.value_campaigns[v]].value_multiplier);
      }
      b.touch_revenue[sc] = static_cast<double>(plain) * tp.value + scaled;
      tot.revenue += b.touch_revenue[sc];
    }
    for (std::size_t k = 0; k < K; ++k) {
      const CampaignModel& cm = m.campaigns[k];
      const double cost = static_cast<double>(b.campaign_sends[g * K + k]) * cm.cost_per_send;
      tot.cost += cost;
      r.channel_cost[static_cast<std::size_t>(cm.via)] += cost;
    }
  }
}

}  // namespace

void total_segments(RunResult& r, const Model& m) {
  money_from_counts(m, r);
  const std::size_t stages = m.stage_count();
  const SegmentResults& b = r.by_segment;
  r.totals = RunTotals{};
  for (const RunTotals& t : b.totals) add(r.totals, t);
  const std::size_t SC = r.channel_cost.size() * stages;
  r.reached = sum_segments(b.reached, stages);
  r.lost = sum_segments(b.lost, stages);
  r.in_progress = sum_segments(b.in_progress, stages);
  r.touch_count = sum_segments(b.touch_count, SC);
  r.touch_friction = sum_segments(b.touch_friction, SC);
  r.touch_abandon = sum_segments(b.touch_abandon, SC);
  r.touch_leave = sum_segments(b.touch_leave, SC);
  r.touch_advance = sum_segments(b.touch_advance, SC);
  r.touch_revenue = sum_segments(b.touch_revenue, SC);
}

namespace {
template <class T>
void add_cells(std::vector<T>& into, const std::vector<T>& x, int sign) {
  for (std::size_t i = 0; i < into.size() && i < x.size(); ++i) into[i] += static_cast<T>(sign) * x[i];
}
}  // namespace

void add_run(RunResult& into, const RunResult& x, int sign) {
  SegmentResults& b = into.by_segment;
  const SegmentResults& y = x.by_segment;
  for (std::size_t g = 0; g < b.totals.size(); ++g) add(b.totals[g], y.totals[g], sign);
  for (auto [to, from] : {std::pair{&b.reached, &y.reached},
                          {&b.lost, &y.lost},
                          {&b.in_progress, &y.in_progress},
                          {&b.touch_count, &y.touch_count},
                          {&b.touch_friction, &y.touch_friction},
                          {&b.touch_abandon, &y.touch_abandon},
                          {&b.touch_leave, &y.touch_leave},
                          {&b.touch_advance, &y.touch_advance},
                          {&b.campaign_sends, &y.campaign_sends},
                          {&b.touch_earned_with, &y.touch_earned_with},
                          {&into.flows, &x.flows},
                          {&into.occupancy, &x.occupancy},
                          {&into.convert_days, &x.convert_days},
                          {&into.campaign_sends, &x.campaign_sends},
                          {&into.campaign_reached, &x.campaign_reached},
                          {&into.campaign_wins, &x.campaign_wins}})
    add_cells(*to, *from, sign);
  add_cells(b.touch_revenue, y.touch_revenue, sign);
  add_cells(into.channel_cost, x.channel_cost, sign);
}

RunResult Ledger::finish() {
  if (events_ && !log_.empty()) events_->write(log_);
  const std::size_t S = stages_;
  total_segments(r, m_);
  for (std::size_t d = 0; d < r.days; ++d) {
    for (std::size_t s = 0; s < S; ++s) {
      r.occupancy[d * S + s] = (d ? r.occupancy[(d - 1) * S + s] : 0) + occupancy_delta_[d * S + s];
    }
  }
  return std::move(r);
}

}  // namespace journeysim::detail
