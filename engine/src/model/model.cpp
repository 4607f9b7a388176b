#include "journeysim/model/model.h"

#include "journeysim/scenario/loader.h"

#include <algorithm>
#include <cmath>

namespace journeysim {

namespace {
template <class T>
int index_of(const std::vector<T>& items, const std::string& id) {
  if (id.empty()) return -1;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

Trigger trigger_of(const std::string& name) {
  if (name == "abandon") return Trigger::Abandon;
  if (name == "leave") return Trigger::Leave;
  if (name == "friction") return Trigger::Friction;
  if (name == "advance") return Trigger::Advance;
  return Trigger::Enter;
}
}  // namespace

Model compile_model(const Scenario& s) {
  Model m;
  for (const auto& x : s.stages) m.stage_ids.push_back(x.id);
  for (const auto& x : s.channels) m.channel_ids.push_back(x.id);
  for (const auto& x : s.segments) m.segment_ids.push_back(x.id);
  for (const auto& x : s.campaigns) m.campaign_ids.push_back(x.id);
  m.horizon = s.scenario.horizon_days;
  const auto days = static_cast<std::uint64_t>(std::ceil(std::min(m.horizon, 1e18)));
  m.occupancy_step = std::max<std::uint64_t>(1, (days + kMaxOccupancyRows - 1) / kMaxOccupancyRows);
  m.occupancy_rows = static_cast<std::size_t>((days + m.occupancy_step - 1) / m.occupancy_step);
  m.seed = static_cast<std::uint64_t>(s.scenario.seed);
  m.customers = static_cast<std::uint32_t>(s.population.customers);
  m.max_customers = static_cast<std::uint32_t>(s.population.max_customers.value_or(s.population.customers));
  m.arrive_at_start = s.population.arrival.pattern == "at_start";
  m.window = s.population.arrival.window_days.value_or(0.0);

  double cumulative = 0.0;
  for (const auto& seg : s.segments) {
    cumulative += seg.share;
    m.segment_cdf.push_back(cumulative);
    m.segments.push_back({seg.friction_sensitivity, seg.initial_satisfaction, seg.satisfaction_sensitivity,
                          std::max(0, index_of(s.stages, seg.entry_stage))});
  }
  // Shares sum to 1 within 1e-9; the last bucket takes what rounding leaves.
  if (!m.segment_cdf.empty()) m.segment_cdf.back() = 1.0;

  for (const auto& st : s.stages) m.stages.push_back({index_of(s.stages, st.next), st.conversion});

  for (const auto& t : s.touchpoints) {
    TouchpointModel tm;
    tm.stage = index_of(s.stages, t.stage);
    tm.channel = index_of(s.channels, t.channel);
    tm.friction = t.friction;
    tm.abandon = t.abandon;
    tm.advance = t.advance;
    tm.leave = t.leave;
    tm.value = t.value;
    tm.value_on_advance = t.value_on == "advance";
    tm.cost = t.cost.value_or(0.0);
    tm.referrals = t.referrals;
    tm.delay = t.delay.value_or(Delay{});
    tm.retry_delay = t.retry_delay.value_or(tm.delay);
    tm.sat_success = t.satisfaction.success;
    tm.sat_friction = t.satisfaction.friction;
    m.touchpoints.push_back(tm);
  }

  for (std::size_t seg = 0; seg < s.segments.size(); ++seg) {
    for (std::size_t st = 0; st < s.stages.size(); ++st) {
      ChannelChoice choice;
      choice.first = static_cast<std::uint32_t>(m.choice_cdf.size());
      double total = 0.0;
      for (const auto& t : s.touchpoints) {
        if (t.stage != s.stages[st].id) continue;
        auto it = s.segments[seg].channels.find(t.channel);
        if (it != s.segments[seg].channels.end()) total += it->second;
      }
      double running = 0.0;
      for (std::size_t i = 0; i < s.touchpoints.size(); ++i) {
        const auto& t = s.touchpoints[i];
        if (t.stage != s.stages[st].id) continue;
        auto it = s.segments[seg].channels.find(t.channel);
        const double w = it == s.segments[seg].channels.end() ? 0.0 : it->second;
        if (w <= 0.0) continue;
        running += w;
        m.choice_cdf.push_back(running / total);
        m.choice_touchpoint.push_back(static_cast<std::uint32_t>(i));
      }
      choice.size = static_cast<std::uint32_t>(m.choice_cdf.size()) - choice.first;
      if (choice.size > 0) m.choice_cdf.back() = 1.0;
      m.choices.push_back(choice);
    }
  }

  for (const auto& c : s.campaigns) {
    CampaignModel cm;
    cm.trigger = trigger_of(c.trigger);
    cm.wins_back = cm.trigger == Trigger::Abandon || cm.trigger == Trigger::Leave;
    cm.stage = index_of(s.stages, c.stage);
    cm.channel = index_of(s.channels, c.channel);
    cm.segment = index_of(s.segments, c.segment);
    cm.via = std::max(0, index_of(s.channels, c.via));
    cm.delay = c.delay.value_or(Delay{DelayKind::Fixed, 0.0, 0.0});
    cm.reach = c.reach;
    cm.cost_per_send = c.cost_per_send;
    cm.max_sends = c.max_sends.value_or(-1);
    cm.win_back = c.win_back;
    cm.advance_multiplier = c.advance_multiplier;
    cm.friction_multiplier = c.friction_multiplier;
    cm.value_multiplier = c.value_multiplier;
    if (c.enabled) {
      m.campaigns_by_trigger[static_cast<int>(cm.trigger)].push_back(
          static_cast<std::uint16_t>(m.campaigns.size()));
      if (cm.value_multiplier != 1.0) {
        cm.value_column = static_cast<int>(m.value_campaigns.size());
        m.value_campaigns.push_back(static_cast<std::uint16_t>(m.campaigns.size()));
      }
    }
    m.campaigns.push_back(cm);
  }
  m.referral_stage = std::max(0, index_of(s.stages, s.referrals.entry_stage));
  m.referral_delay = s.referrals.delay.value_or(Delay{});
  return m;
}

}  // namespace journeysim
