#include "journeysim/sim/engine.h"

#include <algorithm>
#include <cmath>

#include "blocks.h"
#include "budget.h"
#include "ledger.h"
#include "referrals.h"
#include "simulation.h"
#include "solo.h"

namespace journeysim {

using detail::Simulation;

namespace {
bool has_referrals(const Model& model) {
  return std::any_of(model.touchpoints.begin(), model.touchpoints.end(),
                     [](const TouchpointModel& t) { return t.referrals > 0.0; });
}
// Enabled campaigns with a send budget (each enabled campaign is listed
// under its one trigger).
bool has_budget(const Model& model) {
  for (const auto& list : model.campaigns_by_trigger) {
    for (auto idx : list) {
      if (model.campaigns[idx].max_sends >= 0) return true;
    }
  }
  return false;
}
}  // namespace

bool customers_independent(const Model& model) {
  return !has_referrals(model) && !has_budget(model);
}

bool uses_global_queue(const Model&, Ordering ordering) {
  // Budgets and referrals are settled apart (budget.h, referrals.h).
  return ordering == Ordering::Global;
}

RunResult simulate(const Model& model, std::uint32_t replication, EventSink* events, Ordering ordering,
                   const std::atomic<bool>* stop, unsigned threads) {
  if (uses_global_queue(model, ordering)) return Simulation(model, replication, events, false, stop).run();
  if (has_budget(model))
    return detail::simulate_budget(model, replication, events, stop, threads, has_referrals(model));
  if (has_referrals(model)) return detail::simulate_referrals(model, replication, events, stop, threads);
  if (detail::solo_applies(model)) return detail::simulate_solo(model, replication, events, stop, threads);
  RunResult r = detail::run_blocks(
      model.customers, threads, events, [&](std::uint32_t first, std::uint32_t last, EventSink* log) {
        return Simulation(model, replication, log, true, stop, first, last).run();
      });
  detail::total_segments(r, model);
  return r;
}

RunResult failed_run(const Model& model, std::uint32_t replication, std::string error) {
  RunResult r = detail::Ledger(model, replication, nullptr).finish();
  r.error = std::move(error);
  return r;
}

namespace {
struct KeepAll final : EventSink {
  std::vector<EventRecord> all;
  void write(std::vector<EventRecord>& rows) override {
    all.insert(all.end(), rows.begin(), rows.end());
    rows.clear();
  }
  bool can_retract() const override { return true; }
  void retract() override { all.clear(); }
};
}  // namespace

RunResult simulate(const Model& model, std::uint32_t replication, bool record_events, Ordering ordering) {
  if (!record_events) return simulate(model, replication, nullptr, ordering);
  KeepAll log;
  RunResult r = simulate(model, replication, &log, ordering);
  r.events = std::move(log.all);
  sort_into_global_order(model, ordering, r.events);
  return r;
}

void sort_into_global_order(const Model& model, Ordering ordering, std::vector<EventRecord>& events) {
  if (uses_global_queue(model, ordering)) return;
  // Stable, so one customer's records at one time keep their order.
  std::stable_sort(events.begin(), events.end(), [](const EventRecord& a, const EventRecord& b) {
    return a.time != b.time ? a.time < b.time : a.customer < b.customer;
  });
}

std::string_view event_kind_name(EventKind kind) {
  static constexpr std::string_view kNames[kEventKindCount] = {"arrive", "advance", "stay",    "leave",
                                                               "retry",  "abandon", "convert", "complete",
                                                               "refer",  "send",    "reach",   "win_back"};
  return kNames[static_cast<int>(kind)];
}

namespace {
bool same_totals(const RunTotals& a, const RunTotals& b) {
  auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
  return a.customers == b.customers && a.referred == b.referred &&
         a.referrals_dropped == b.referrals_dropped && a.converted == b.converted &&
         a.completed == b.completed && a.lost == b.lost && a.in_progress == b.in_progress &&
         a.touchpoints == b.touchpoints && a.frictions == b.frictions && a.revenue == b.revenue &&
         a.cost == b.cost && a.campaign_sends == b.campaign_sends && a.campaign_wins == b.campaign_wins &&
         a.promoters == b.promoters && a.detractors == b.detractors &&
         same(a.days_to_convert, b.days_to_convert);
}
}  // namespace

bool SegmentResults::operator==(const SegmentResults& o) const {
  return std::equal(totals.begin(), totals.end(), o.totals.begin(), o.totals.end(), same_totals) &&
         reached == o.reached && lost == o.lost && in_progress == o.in_progress &&
         touch_count == o.touch_count && touch_friction == o.touch_friction &&
         touch_abandon == o.touch_abandon && touch_leave == o.touch_leave &&
         touch_advance == o.touch_advance && touch_revenue == o.touch_revenue &&
         campaign_sends == o.campaign_sends && touch_earned_with == o.touch_earned_with;
}

bool RunResult::operator==(const RunResult& o) const {
  auto same_events = [](const std::vector<EventRecord>& a, const std::vector<EventRecord>& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
             return x.customer == y.customer && x.time == y.time && x.stage == y.stage &&
                    x.channel == y.channel && x.segment == y.segment && x.kind == y.kind;
           });
  };
  return variant == o.variant && replication == o.replication && seed == o.seed &&
         same_totals(totals, o.totals) && reached == o.reached && lost == o.lost &&
         in_progress == o.in_progress && touch_count == o.touch_count && touch_friction == o.touch_friction &&
         touch_abandon == o.touch_abandon && touch_leave == o.touch_leave &&
         touch_advance == o.touch_advance && touch_revenue == o.touch_revenue && flows == o.flows &&
         occupancy == o.occupancy && campaign_sends == o.campaign_sends &&
         campaign_reached == o.campaign_reached && campaign_wins == o.campaign_wins &&
         channel_cost == o.channel_cost && convert_days == o.convert_days && by_segment == o.by_segment &&
         error == o.error && same_events(events, o.events);
}

}  // namespace journeysim
