#pragma once
// What one run (one arm, one replication) produced: totals and the arrays
// behind /funnel, /touch, /flows, /occupancy and /events (outputs/README.md).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace journeysim {

// One record of the --events log.
enum class EventKind : std::uint8_t {
  Arrive,
  Advance,
  Stay,
  Leave,
  Retry,
  Abandon,
  Convert,
  Complete,
  Refer,
  Send,
  Reach,
  WinBack
};
inline constexpr int kEventKindCount = 12;
std::string_view event_kind_name(EventKind kind);

struct EventRecord {
  std::uint32_t customer;
  double time;
  std::int16_t stage;    // -1 when none
  std::int16_t channel;  // -1 when none
  std::int16_t segment;  // the customer's
  EventKind kind;
};

struct RunTotals {
  std::int64_t customers = 0;  // every arrival, referred included
  std::int64_t referred = 0;
  std::int64_t referrals_dropped = 0;  // past max_customers
  std::int64_t converted = 0;
  std::int64_t completed = 0;
  std::int64_t lost = 0;
  std::int64_t in_progress = 0;
  std::int64_t touchpoints = 0;
  std::int64_t frictions = 0;
  double revenue = 0.0;
  double cost = 0.0;
  std::int64_t campaign_sends = 0;
  std::int64_t campaign_wins = 0;
  std::int64_t promoters = 0;    // satisfaction >= 0.5 at the end (arrived customers)
  std::int64_t detractors = 0;   // satisfaction <= -0.5
  double days_to_convert = 0.0;  // summed over conversions
};
// Ratios of these (conversion rate, profit, mean days to convert ...) are
// metrics: journeysim/metrics/metrics.h defines each once.

// The same counts for each segment's customers alone. The engine counts
// only these; RunResult's totals and arrays are their sums over segments in
// segment order (money too), so a sum over segments equals the total exactly.
struct SegmentResults {
  std::vector<RunTotals> totals;                         // [segment]
  std::vector<std::int64_t> reached, lost, in_progress;  // [segment][stage]
  std::vector<std::int64_t> touch_count, touch_friction, touch_abandon, touch_leave,
      touch_advance;                  // [segment][stage][channel]
  std::vector<double> touch_revenue;  // [segment][stage][channel]
  // What money is computed from, with touch_count, touch_friction and
  // touch_advance (not written to the file): campaign sends, and the touches
  // that earned under a campaign's value_multiplier (a column for each
  // enabled campaign whose multiplier is not 1, CampaignModel::value_column;
  // empty when there is none).
  std::vector<std::int64_t> campaign_sends;     // [segment][campaign]
  std::vector<std::int64_t> touch_earned_with;  // [segment][stage][channel][value column]

  bool operator==(const SegmentResults& o) const;
};

struct RunResult {
  std::uint32_t variant = 0;
  std::uint32_t replication = 0;
  std::uint64_t seed = 0;
  std::size_t days = 0;              // rows of occupancy (Model::occupancy_rows)
  std::uint64_t occupancy_step = 1;  // days per row of occupancy
  RunTotals totals;
  std::vector<std::int64_t> reached, lost, in_progress;                               // [stage]
  std::vector<std::int64_t> touch_count, touch_friction, touch_abandon, touch_leave;  // [stage][channel]
  std::vector<std::int64_t> touch_advance;  // [stage][channel]: value_on = "advance" earns on these
  std::vector<double> touch_revenue;        // [stage][channel]
  std::vector<std::int64_t> flows;          // [stage][stage + lost + completed]
  std::vector<std::int64_t> occupancy;      // [row][stage]: row d at time (d + 1) x occupancy_step
  // [row]: conversions by the time they took since arrival, in occupancy's
  // rows: row d holds those after ((d x step), (d + 1) x step] days (row 0 from 0).
  std::vector<std::int64_t> convert_days;
  std::vector<std::int64_t> campaign_sends, campaign_reached, campaign_wins;  // [campaign]
  std::vector<double> channel_cost;  // [channel], touches and campaign sends
  SegmentResults by_segment;
  std::string error;  // a run that failed (see RunnerOptions::keep_going): why; every count is 0
  std::vector<EventRecord> events;  // simulate(..., record_events = true) only

  bool operator==(const RunResult& o) const;
};

}  // namespace journeysim
