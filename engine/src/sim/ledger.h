#pragma once
// What a run counts, shared by the two ways of running it: the event-driven
// Simulation (engine.cpp) and the journey loop of solo.cpp. Both must count
// in exactly the same way, so the counting lives here once.
#include <atomic>
#include <cstdint>
#include <limits>
#include <vector>

#include "journeysim/model/model.h"
#include "journeysim/sim/event_sink.h"
#include "journeysim/sim/run_result.h"

// The small helpers of a touch: a call would spill every live double.
#define JS_INLINE __attribute__((always_inline)) inline

namespace journeysim::detail {

enum Status : std::uint8_t { kWaiting = 0, kActive = 1, kLost = 2, kCompleted = 3 };

// Validation keeps delays from being always zero, but a delay of 1e-9 days in
// a loop would still run for ever in practice; this bound also keeps event
// sequence numbers inside the campaign stream key.
inline constexpr std::uint32_t kMaxEventsPerCustomer = 1u << 22;
[[noreturn]] void too_many_events(const Model& m, std::uint32_t replication, std::uint32_t customer,
                                  double time, int stage);

JS_INLINE double clamp01(double x) {
  return x < 0.0 ? 0.0 : (x > 1.0 ? 1.0 : x);
}
JS_INLINE double clamp_unit(double x) {
  return x < -1.0 ? -1.0 : (x > 1.0 ? 1.0 : x);
}

// The first i with u < cdf[i] (the last entry is 1). Counted without a
// branch on u: the draw is random, so a branch on it is mispredicted often
// (7% of the run time on the benchmark journey).
JS_INLINE std::size_t pick(const double* cdf, std::size_t n, double u) {
  std::size_t i = 0;
  for (std::size_t j = 0; j + 1 < n; ++j) i += u >= cdf[j];
  return i;
}

// Adds every count and sum of `x` to `into`, cell by cell (the same shapes):
// one run's results from its blocks of customers, added in block order.
// `sign` -1 takes `x` off instead: customers simulated again (budget.h)
// leave their first run.
void add_run(RunResult& into, const RunResult& x, int sign = 1);
// Money from the counts, then RunResult's totals and per-stage arrays as the
// sums of its segments' (SegmentResults), in segment order. Every touch of
// a touchpoint costs the same and every send of a campaign too, and a touch
// earns its value times the value_multiplier of the campaign it ran under:
// money is a few exact products of counts, the same however the customers
// were split into blocks, run again or taken off (a sum touch by touch
// would not be).
void total_segments(RunResult& r, const Model& m);

class Ledger {
 public:
  // `events`: where the log goes, nullptr for none; `stop`: see simulate().
  Ledger(const Model& m, std::uint32_t replication, EventSink* events,
         const std::atomic<bool>* stop = nullptr);

  // Throws Interrupted once `stop` is set; cheap enough for every customer.
  JS_INLINE void check_stop() const {
    if (stop_ && stop_->load(std::memory_order_relaxed)) interrupted();
  }

  RunResult r;

  // Segment g's totals: what the engine adds to (RunResult::totals is their sum).
  JS_INLINE RunTotals& totals(int g) { return r.by_segment.totals[static_cast<std::size_t>(g)]; }

  // Row d of occupancy holds the stage counts at time (d+1) x step, after
  // every event at or before it. A customer entering (leaving) a stage at t
  // counts in (leaves) every row d with (d+1) x step >= t, so a difference
  // array over rows, summed at the end, gives the rows whatever order
  // customers run in.
  JS_INLINE void occupy(double t, int stage, std::int64_t delta) {
    const std::size_t row = row_of(t);
    if (row < r.days) occupancy_delta_[row * stages_ + static_cast<std::size_t>(stage)] += delta;
  }

  // ---- moves between stages: occupancy and /flows ---------------------
  // A customer advancing from one stage into another at t.
  JS_INLINE void advance(double t, int from, int to) {
    ++r.flows[flow(from, static_cast<std::size_t>(to))];
    const std::size_t row = row_of(t);
    if (row < r.days) {
      occupancy_delta_[row * stages_ + static_cast<std::size_t>(from)] -= 1;
      occupancy_delta_[row * stages_ + static_cast<std::size_t>(to)] += 1;
    }
  }

  // A conversion `days` after the customer's arrival, counted in /convert_days.
  JS_INLINE void converted_after(double days) {
    const std::size_t row = row_of(days);
    if (row < r.days) ++r.convert_days[row];
  }

  // Customer c of segment g completing the journey by advancing out of the last stage.
  JS_INLINE void complete(std::uint32_t c, int g, double t, int stage, int channel) {
    occupy(t, stage, -1);
    ++r.flows[flow(stage, stages_ + 1)];
    log(c, g, t, stage, channel, EventKind::Complete);
  }

  // A customer lost at a stage (`why`: Abandon or Leave).
  JS_INLINE void lose(std::uint32_t c, int g, double t, int stage, int channel, EventKind why) {
    occupy(t, stage, -1);
    ++r.flows[flow(stage, stages_)];
    log(c, g, t, stage, channel, why);
  }

  // Counts a stage in /funnel/reached the first time a customer of segment
  // g (its bit set `reached`) gets there.
  JS_INLINE void reach(std::uint64_t& reached, int g, int stage) {
    const std::uint64_t bit = std::uint64_t{1} << stage;
    if (!(reached & bit)) {
      reached |= bit;
      ++r.by_segment.reached[at(g, stage)];
    }
  }

  JS_INLINE void log(std::uint32_t c, int g, double t, int stage, int channel, EventKind kind) {
    if (events_) {
      log_.push_back({c, t, static_cast<std::int16_t>(stage), static_cast<std::int16_t>(channel),
                      static_cast<std::int16_t>(g), kind});
      if (log_.size() == flush_at_) events_->write(log_);
    }
  }

  // A customer's final state, counted once its journey can change no more.
  JS_INLINE void tally(int g, Status status, int stage, double satisfaction) {
    auto& tot = totals(g);
    if (status != kWaiting) {
      tot.promoters += satisfaction >= 0.5;
      tot.detractors += satisfaction <= -0.5;
    }
    if (status == kLost) {
      ++tot.lost;
      ++r.by_segment.lost[at(g, stage)];
    } else if (status == kActive) {
      ++tot.in_progress;
      ++r.by_segment.in_progress[at(g, stage)];
    } else if (status == kCompleted) {
      ++tot.completed;
    }
  }

  // Customer by customer: the records wait until the customer's journey is
  // over (end_customer), and go to the sink only then, dropped if `drop`
  // (budget.cpp: a journey that may still change).
  void hold() { flush_at_ = std::numeric_limits<std::size_t>::max(); }
  void end_customer(bool drop) {
    if (drop) log_.resize(mark_);
    if (events_ && log_.size() >= kEventChunk) events_->write(log_);
    mark_ = log_.size();
  }

  // Occupancy rows from their differences, the totals from the segments'
  // counts; the rest of the log to the sink.
  RunResult finish();

 private:
  // The first row d with (d+1) x step >= t, for t >= 0: ceil(t/step) - 1,
  // which is (ceil(t) - 1) / step for a whole step. Without libm's ceil (a
  // call on baseline x86-64), and without a division for a daily table.
  JS_INLINE std::size_t row_of(double t) const {
    if (t >= 1e18) return r.days;  // past any row (and past size_t's range)
    auto whole = static_cast<std::size_t>(t);
    if (static_cast<double>(whole) < t) ++whole;
    const std::size_t day = whole == 0 ? 0 : whole - 1;
    return step_ == 1 ? day : day / step_;
  }

  // Segment g's entry for a stage, in a [segment][stage] array.
  JS_INLINE std::size_t at(int g, int stage) const {
    return static_cast<std::size_t>(g) * stages_ + static_cast<std::size_t>(stage);
  }

  // Row `from` of /flows: a column per stage, then lost, then completed.
  std::size_t flow(int from, std::size_t column) const {
    return static_cast<std::size_t>(from) * (stages_ + 2) + column;
  }

  [[noreturn]] static void interrupted();
  const Model& m_;
  EventSink* events_;
  const std::atomic<bool>* stop_;
  std::vector<EventRecord> log_;  // at most kEventChunk records not yet handed over (but hold())
  std::size_t flush_at_ = kEventChunk;
  std::size_t mark_ = 0;  // hold(): where the current customer's records start
  std::size_t stages_;
  std::uint64_t step_ = 1;
  std::vector<std::int64_t> occupancy_delta_;
};

}  // namespace journeysim::detail
