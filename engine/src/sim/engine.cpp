#include "journeysim/sim/engine.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "calendar_queue.h"
#include "journeysim/sim/rng.h"
#include "journeysim/sim/sample.h"

namespace journeysim {

namespace {

using detail::Event;

enum EventType : std::uint32_t { kArrival = 0, kTouch = 1, kMessage = 2 };
enum Status : std::uint8_t { kWaiting = 0, kActive = 1, kLost = 2, kCompleted = 3 };

double clamp01(double x) {
  return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
}
double clamp_unit(double x) {
  return x < -1.0 ? -1.0 : (x > 1.0 ? 1.0 : x);
}

std::size_t pick(const double* cdf, std::size_t n, double u) {
  std::size_t i = 0;
  while (i + 1 < n && u >= cdf[i]) ++i;
  return i;
}

class Simulation {
 public:
  Simulation(const Model& m, std::uint32_t replication, bool record_events)
      : m_(m), rep_(replication), record_(record_events), queue_(m.horizon, 4 * std::size_t{m.customers}) {
    S_ = m.stage_count();
    C_ = m.channel_count();
    r_.replication = replication;
    r_.seed = m.seed;
    r_.stages = S_;
    r_.channels = C_;
    r_.campaigns = m.campaigns.size();
    r_.days = static_cast<std::size_t>(std::ceil(m.horizon));
    r_.reached.assign(S_, 0);
    r_.lost.assign(S_, 0);
    r_.in_progress.assign(S_, 0);
    r_.touch_count.assign(S_ * C_, 0);
    r_.touch_friction.assign(S_ * C_, 0);
    r_.touch_abandon.assign(S_ * C_, 0);
    r_.touch_leave.assign(S_ * C_, 0);
    r_.touch_revenue.assign(S_ * C_, 0.0);
    r_.flows.assign(S_ * (S_ + 2), 0);
    r_.occupancy.assign(r_.days * S_, 0);
    r_.campaign_sends.assign(m.campaigns.size(), 0);
    r_.campaign_reached.assign(m.campaigns.size(), 0);
    r_.campaign_wins.assign(m.campaigns.size(), 0);
    r_.channel_cost.assign(C_, 0.0);
    scheduled_.assign(m.campaigns.size(), 0);
    in_stage_.assign(S_, 0);
  }

  RunResult run() {
    add_self_arrivals();
    Event e;
    while (queue_.pop(e)) {
      snapshot_until(e.time);
      switch (e.info & 3u) {
        case kArrival:
          arrive(e);
          break;
        case kTouch:
          touch(e.customer, stage_[e.customer], e.time, e.seq);
          break;
        default:
          message(e.customer, e.info >> 2, e.time, e.seq);
          break;
      }
    }
    snapshot_until(std::numeric_limits<double>::infinity());
    finish();
    return std::move(r_);
  }

 private:
  // ---- customers ------------------------------------------------------
  std::uint32_t new_customer(int segment, int stage, double arrival) {
    const auto id = static_cast<std::uint32_t>(stage_.size());
    stage_.push_back(static_cast<std::uint8_t>(stage));
    segment_.push_back(static_cast<std::uint8_t>(segment));
    status_.push_back(kWaiting);
    converted_.push_back(0);
    modifier_.push_back(0);
    arrival_.push_back(arrival);
    satisfaction_.push_back(m_.segments[segment].initial_satisfaction);
    reached_.push_back(0);
    position_.push_back(0);
    seq_.push_back(0);
    return id;
  }

  void reserve(std::size_t n) {
    stage_.reserve(n);
    segment_.reserve(n);
    status_.reserve(n);
    converted_.reserve(n);
    modifier_.reserve(n);
    arrival_.reserve(n);
    satisfaction_.reserve(n);
    reached_.reserve(n);
    position_.reserve(n);
    seq_.reserve(n);
  }

  int draw_segment(Stream& rng) const {
    return static_cast<int>(pick(m_.segment_cdf.data(), m_.segment_cdf.size(), rng.uniform()));
  }

  void add_self_arrivals() {
    reserve(m_.customers);
    for (std::uint32_t i = 0; i < m_.customers; ++i) {
      Stream rng(m_.seed, rep_, i, Substream::Arrival);
      const int segment = draw_segment(rng);
      const double t =
          m_.arrive_at_start ? 0.0 : boost::random::uniform_real_distribution<double>(0.0, m_.window)(rng);
      const std::uint32_t id = new_customer(segment, m_.segments[segment].entry_stage, t);
      schedule(id, t, kArrival);
    }
  }

  void schedule(std::uint32_t customer, double time, std::uint32_t info) {
    if (time > m_.horizon) return;  // nothing happens after the horizon
    queue_.push(Event{time, customer, seq_[customer]++, info});
  }

  void log(std::uint32_t customer, double t, int stage, int channel, EventKind kind) {
    if (record_) {
      r_.events.push_back(
          {customer, t, static_cast<std::int16_t>(stage), static_cast<std::int16_t>(channel), kind});
    }
  }

  // ---- occupancy --------------------------------------------------------
  // Row d holds the stage counts at time d+1, after every event at or before it.
  void snapshot_until(double t) {
    while (next_day_ < r_.days && t > static_cast<double>(next_day_ + 1)) {
      std::copy(in_stage_.begin(), in_stage_.end(),
                r_.occupancy.begin() + static_cast<std::ptrdiff_t>(next_day_ * S_));
      ++next_day_;
    }
  }

  void enter(std::uint32_t c, int stage, double t, int channel, std::uint32_t seq) {
    stage_[c] = static_cast<std::uint8_t>(stage);
    ++in_stage_[stage];
    const std::uint64_t bit = std::uint64_t{1} << stage;
    if (!(reached_[c] & bit)) {
      reached_[c] |= bit;
      ++r_.reached[stage];
    }
    fire(Trigger::Enter, c, t, stage, channel, seq);
  }

  void arrive(const Event& e) {
    const std::uint32_t c = e.customer;
    status_[c] = kActive;
    ++r_.totals.customers;
    if (c >= m_.customers) ++r_.totals.referred;
    log(c, e.time, stage_[c], -1, EventKind::Arrive);
    enter(c, stage_[c], e.time, -1, e.seq);
    touch(c, stage_[c], e.time, e.seq);
  }

  void lose(std::uint32_t c, int stage, int channel, double t, std::uint32_t seq, Trigger why) {
    status_[c] = kLost;
    --in_stage_[stage];
    ++r_.flows[static_cast<std::size_t>(stage) * (S_ + 2) + S_];
    log(c, t, stage, channel, why == Trigger::Abandon ? EventKind::Abandon : EventKind::Leave);
    fire(why, c, t, stage, channel, seq);
  }

  double satisfaction_factor(std::uint32_t c, const SegmentModel& seg) const {
    return clamp01(1.0 - seg.satisfaction_sensitivity * satisfaction_[c]);
  }

  // ---- a touchpoint (DESIGN 3.2) -----------------------------------------
  void touch(std::uint32_t c, int s, double t, std::uint32_t seq) {
    const SegmentModel& seg = m_.segments[segment_[c]];
    Stream rng(m_.seed, rep_, c, Substream::Journey, 0, position_[c]);
    const ChannelChoice& choice = m_.choice(segment_[c], s);
    std::size_t k = choice.first;
    if (choice.size > 1) k += pick(&m_.choice_cdf[choice.first], choice.size, rng.uniform());
    const TouchpointModel& tp = m_.touchpoints[m_.choice_touchpoint[k]];
    const int ch = tp.channel;
    const std::size_t sc = static_cast<std::size_t>(s) * C_ + static_cast<std::size_t>(ch);

    ++r_.totals.touchpoints;
    ++r_.touch_count[sc];
    r_.totals.cost += tp.cost;
    r_.channel_cost[ch] += tp.cost;

    // A campaign's modifiers last exactly one touch.
    const CampaignModel* mod = modifier_[c] ? &m_.campaigns[modifier_[c] - 1u] : nullptr;
    modifier_[c] = 0;

    const double friction =
        clamp01(tp.friction * seg.friction_sensitivity * (mod ? mod->friction_multiplier : 1.0));
    if (rng.uniform() < friction) {
      ++r_.totals.frictions;
      ++r_.touch_friction[sc];
      satisfaction_[c] = clamp_unit(satisfaction_[c] + tp.sat_friction);
      const double abandon = clamp01(tp.abandon * satisfaction_factor(c, seg));
      const bool abandons = rng.uniform() < abandon;
      fire(Trigger::Friction, c, t, s, ch, seq);
      if (abandons) {
        ++r_.touch_abandon[sc];
        lose(c, s, ch, t, seq, Trigger::Abandon);
      } else {
        log(c, t, s, ch, EventKind::Retry);
        schedule(c, t + sample_delay(tp.retry_delay, rng), kTouch);
      }
      position_[c] = rng.position();
      return;
    }

    satisfaction_[c] = clamp_unit(satisfaction_[c] + tp.sat_success);
    const double value = tp.value * (mod ? mod->value_multiplier : 1.0);
    r_.totals.revenue += value;
    r_.touch_revenue[sc] += value;
    if (tp.referrals > 0.0) refer(c, t, seq, tp.referrals);

    const double advance = clamp01(tp.advance * (mod ? mod->advance_multiplier : 1.0));
    const double leave = std::min(clamp01(tp.leave * satisfaction_factor(c, seg)), 1.0 - advance);
    const double u = rng.uniform();
    if (u < advance) {
      const StageModel& stage = m_.stages[s];
      if (stage.conversion && !converted_[c]) {
        converted_[c] = 1;
        ++r_.totals.converted;
        days_to_convert_ += t - arrival_[c];
        log(c, t, s, ch, EventKind::Convert);
      }
      log(c, t, s, ch, EventKind::Advance);
      --in_stage_[s];
      fire(Trigger::Advance, c, t, s, ch, seq);
      if (stage.next < 0) {
        ++r_.flows[static_cast<std::size_t>(s) * (S_ + 2) + S_ + 1];
        status_[c] = kCompleted;
        log(c, t, s, ch, EventKind::Complete);
      } else {
        ++r_.flows[static_cast<std::size_t>(s) * (S_ + 2) + static_cast<std::size_t>(stage.next)];
        enter(c, stage.next, t, ch, seq);
        schedule(c, t + sample_delay(tp.delay, rng), kTouch);
      }
    } else if (u < advance + leave) {
      ++r_.touch_leave[sc];
      lose(c, s, ch, t, seq, Trigger::Leave);
    } else {
      log(c, t, s, ch, EventKind::Stay);
      schedule(c, t + sample_delay(tp.delay, rng), kTouch);
    }
    position_[c] = rng.position();
  }

  // ---- referrals (DESIGN 3.3) ---------------------------------------------
  void refer(std::uint32_t parent, double t, std::uint32_t seq, double mean) {
    Stream rng(m_.seed, rep_, parent, Substream::Referral, seq);
    const std::uint32_t k = sample_poisson(mean, rng);
    for (std::uint32_t i = 0; i < k; ++i) {
      if (stage_.size() >= m_.max_customers) {
        ++r_.totals.referrals_dropped;
        continue;
      }
      const auto child = static_cast<std::uint32_t>(stage_.size());
      Stream arrival(m_.seed, rep_, child, Substream::Arrival);
      const int segment = draw_segment(arrival);
      const double at = t + sample_delay(m_.referral_delay, arrival);
      new_customer(segment, m_.referral_stage, at);
      log(parent, t, stage_[parent], -1, EventKind::Refer);
      schedule(child, at, kArrival);
    }
  }

  // ---- campaigns (DESIGN 3.4) ---------------------------------------------
  void fire(Trigger trigger, std::uint32_t c, double t, int stage, int channel, std::uint32_t seq) {
    const auto& list = m_.campaigns_by_trigger[static_cast<int>(trigger)];
    if (list.empty()) return;
    // One event can fire several triggers (friction then abandon, advance
    // then enter): each gets its own stream, and messages another (kind 7).
    Stream rng(m_.seed, rep_, c, Substream::Campaign, seq * 8u + static_cast<std::uint32_t>(trigger));
    for (std::uint16_t idx : list) {
      const CampaignModel& cm = m_.campaigns[idx];
      if ((cm.stage >= 0 && cm.stage != stage) || (cm.channel >= 0 && cm.channel != channel) ||
          (cm.segment >= 0 && cm.segment != segment_[c])) {
        continue;
      }
      if (cm.max_sends >= 0 && scheduled_[idx] >= cm.max_sends) continue;
      const double at = t + sample_delay(cm.delay, rng);
      if (at > m_.horizon) continue;  // never sent, so it spends no budget
      ++scheduled_[idx];
      schedule(c, at, kMessage | (static_cast<std::uint32_t>(idx) << 2));
    }
  }

  void message(std::uint32_t c, std::uint32_t idx, double t, std::uint32_t seq) {
    const CampaignModel& cm = m_.campaigns[idx];
    ++r_.campaign_sends[idx];
    ++r_.totals.campaign_sends;
    r_.totals.cost += cm.cost_per_send;
    r_.channel_cost[cm.via] += cm.cost_per_send;
    log(c, t, stage_[c], cm.via, EventKind::Send);
    Stream rng(m_.seed, rep_, c, Substream::Campaign, seq * 8u + 7u);
    const bool reached = rng.uniform() < cm.reach;
    const bool wins = rng.uniform() < cm.win_back;
    if (!reached) return;
    ++r_.campaign_reached[idx];
    log(c, t, stage_[c], cm.via, EventKind::Reach);
    modifier_[c] = static_cast<std::uint16_t>(idx + 1);
    if (cm.wins_back && status_[c] == kLost && wins) {
      ++r_.campaign_wins[idx];
      ++r_.totals.campaign_wins;
      status_[c] = kActive;
      ++in_stage_[stage_[c]];
      log(c, t, stage_[c], cm.via, EventKind::WinBack);
      touch(c, stage_[c], t, seq);
    }
  }

  void finish() {
    auto& tot = r_.totals;
    for (std::size_t c = 0; c < status_.size(); ++c) {
      if (status_[c] == kLost) {
        ++tot.lost;
        ++r_.lost[stage_[c]];
      } else if (status_[c] == kActive) {
        ++tot.in_progress;
        ++r_.in_progress[stage_[c]];
      } else if (status_[c] == kCompleted) {
        ++tot.completed;
      }
    }
    tot.profit = tot.revenue - tot.cost;
    tot.mean_days_to_convert = tot.converted > 0 ? days_to_convert_ / static_cast<double>(tot.converted)
                                                 : std::numeric_limits<double>::quiet_NaN();
  }

  const Model& m_;
  std::uint32_t rep_;
  bool record_;
  detail::CalendarQueue queue_;
  std::size_t S_ = 0, C_ = 0;
  RunResult r_;
  double days_to_convert_ = 0.0;
  std::size_t next_day_ = 0;
  std::vector<std::int64_t> scheduled_;
  std::vector<std::int64_t> in_stage_;

  // Per-customer state, one array per field (structure of arrays).
  std::vector<std::uint8_t> stage_, segment_, status_, converted_;
  std::vector<std::uint16_t> modifier_;  // campaign index + 1, 0 for none
  std::vector<double> arrival_, satisfaction_;
  std::vector<std::uint64_t> reached_;  // bit per stage
  std::vector<std::uint32_t> position_, seq_;
};

}  // namespace

RunResult simulate(const Model& model, std::uint32_t replication, bool record_events) {
  return Simulation(model, replication, record_events).run();
}

std::string_view event_kind_name(EventKind kind) {
  static constexpr std::string_view kNames[kEventKindCount] = {"arrive", "advance", "stay",    "leave",
                                                               "retry",  "abandon", "convert", "complete",
                                                               "refer",  "send",    "reach",   "win_back"};
  return kNames[static_cast<int>(kind)];
}

bool RunResult::operator==(const RunResult& o) const {
  auto same_totals = [](const RunTotals& a, const RunTotals& b) {
    auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
    return a.customers == b.customers && a.referred == b.referred &&
           a.referrals_dropped == b.referrals_dropped && a.converted == b.converted &&
           a.completed == b.completed && a.lost == b.lost && a.in_progress == b.in_progress &&
           a.touchpoints == b.touchpoints && a.frictions == b.frictions && a.revenue == b.revenue &&
           a.cost == b.cost && a.profit == b.profit && a.campaign_sends == b.campaign_sends &&
           a.campaign_wins == b.campaign_wins && same(a.mean_days_to_convert, b.mean_days_to_convert);
  };
  auto same_events = [](const std::vector<EventRecord>& a, const std::vector<EventRecord>& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
             return x.customer == y.customer && x.time == y.time && x.stage == y.stage &&
                    x.channel == y.channel && x.kind == y.kind;
           });
  };
  return variant == o.variant && replication == o.replication && seed == o.seed &&
         same_totals(totals, o.totals) && reached == o.reached && lost == o.lost &&
         in_progress == o.in_progress && touch_count == o.touch_count && touch_friction == o.touch_friction &&
         touch_abandon == o.touch_abandon && touch_leave == o.touch_leave &&
         touch_revenue == o.touch_revenue && flows == o.flows && occupancy == o.occupancy &&
         campaign_sends == o.campaign_sends && campaign_reached == o.campaign_reached &&
         campaign_wins == o.campaign_wins && channel_cost == o.channel_cost && same_events(events, o.events);
}

}  // namespace journeysim
