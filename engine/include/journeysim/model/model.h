#pragma once
// A validated, resolved scenario compiled into dense immutable tables, so the
// engine's hot path indexes arrays instead of looking up ids.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "journeysim/scenario/scenario.h"

namespace journeysim {

enum class Trigger : std::uint8_t { Abandon, Leave, Friction, Advance, Enter };
inline constexpr int kTriggerCount = 5;

struct TouchpointModel {
  int stage = 0;
  int channel = 0;
  double friction = 0.0, abandon = 1.0, advance = 1.0, leave = 0.0;
  double value = 0.0, cost = 0.0, referrals = 0.0;
  bool value_on_advance = false;
  Delay delay, retry_delay;
  double sat_success = 0.0, sat_friction = 0.0;
};

struct SegmentModel {
  double friction_sensitivity = 1.0;
  double initial_satisfaction = 0.0;
  double satisfaction_sensitivity = 0.0;
  int entry_stage = 0;
};

struct StageModel {
  int next = -1;  // -1: advancing completes the journey
  bool conversion = false;
};

struct CampaignModel {
  Trigger trigger = Trigger::Abandon;
  bool wins_back = false;                      // abandon and leave triggers bring lost customers back
  int stage = -1, channel = -1, segment = -1;  // filters, -1 matches any
  int via = 0;
  Delay delay;
  double reach = 1.0, cost_per_send = 0.0;
  std::int64_t max_sends = -1;  // -1: no budget
  double win_back = 0.0;
  double advance_multiplier = 1.0, friction_multiplier = 1.0, value_multiplier = 1.0;
  // With value_multiplier other than 1, an enabled campaign's column in
  // SegmentResults::touch_earned_with; else -1.
  int value_column = -1;
};

// The touchpoints a segment can use at a stage, with cumulative normalised weights.
struct ChannelChoice {
  std::uint32_t first = 0;  // into Model::choice_cdf / choice_touchpoint
  std::uint32_t size = 0;
};

struct Model {
  std::vector<std::string> stage_ids, channel_ids, segment_ids, campaign_ids;
  double horizon = 0.0;
  std::uint64_t occupancy_step = 1;  // days per row of /occupancy
  std::size_t occupancy_rows = 0;    // ceil(ceil(horizon) / occupancy_step); see kMaxOccupancyRows
  std::uint64_t seed = 0;
  std::uint32_t customers = 0;
  std::uint32_t max_customers = 0;
  bool arrive_at_start = false;
  double window = 0.0;

  std::vector<double> segment_cdf;
  std::vector<SegmentModel> segments;
  std::vector<StageModel> stages;
  std::vector<TouchpointModel> touchpoints;
  std::vector<ChannelChoice> choices;  // [segment * stages + stage]
  std::vector<double> choice_cdf;
  std::vector<std::uint32_t> choice_touchpoint;
  std::vector<CampaignModel> campaigns;
  std::array<std::vector<std::uint16_t>, kTriggerCount> campaigns_by_trigger;  // enabled only
  std::vector<std::uint16_t> value_campaigns;  // those with a value_column, in column order
  int referral_stage = 0;
  Delay referral_delay;

  std::size_t stage_count() const { return stage_ids.size(); }
  std::size_t channel_count() const { return channel_ids.size(); }
  const ChannelChoice& choice(int segment, int stage) const {
    return choices[static_cast<std::size_t>(segment) * stage_ids.size() + static_cast<std::size_t>(stage)];
  }
};

// Compiles a resolved scenario (see make_arm). Never fails on a valid one.
Model compile_model(const Scenario& resolved);

}  // namespace journeysim
