#pragma once
// Self-arrivals in windows of arrival time, for settling send budgets
// without the global queue (budget.h): a customer's events all come at or
// after its arrival, so once every customer arriving before a time has run,
// every trigger before that time is known.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

#include "arrival.h"
#include "journeysim/model/model.h"

namespace journeysim::detail {

// Customers [first, N) by window: window w's are at positions [start[w],
// start[w + 1]), in id order, and each arrives at or after end[w - 1] and
// before end[w] (the last window's end is infinite).
struct ArrivalWindows {
  std::uint32_t first = 0;
  std::vector<std::uint32_t> start;
  std::vector<double> end;
  double width = 0.0;  // of every window but the last (0: one window)
  // With more than one window, the ids by position, and how each customer
  // arrives, by position too (13 bytes a customer in all) when they fit
  // (keep_arrivals()), so that a window's run reads them in order: by id, they
  // were a cache miss a customer, a tenth of a two-budget run even when
  // fetched a customer ahead. With one window, none of them: the ids are
  // first, first + 1, ..., and arrivals are drawn as they run, as they are
  // when not kept.
  std::unique_ptr<std::uint32_t[]> ids;  // not zeroed first: every one is written
  std::unique_ptr<double[]> times;
  std::unique_ptr<std::uint8_t[]> segments;

  std::size_t count() const { return end.size(); }
  std::uint32_t id(std::uint32_t position) const { return ids ? ids[position] : first + position; }
  // The customer at `position` and how it arrives.
  SelfArrival arrival_at(const Model& m, std::uint32_t replication, std::uint32_t position) const {
    if (!times) return self_arrival(m, replication, id(position));
    return {segments[position], times[position]};
  }

  // The window whose span holds time t (t >= 0): a guess from t, then a
  // step or two to the window the ends say (a binary search would
  // mispredict at every step).
  std::size_t of(double t) const {
    const double last = static_cast<double>(count() - 1);
    std::size_t w = width > 0.0 ? static_cast<std::size_t>(std::min(t / width, last)) : 0;
    while (w > 0 && t < end[w - 1]) --w;
    while (!(t < end[w])) ++w;
    return w;
  }
};

// How many windows of equal length hold about `per_window` customers each:
// at most 256, and one when everyone arrives at the start.
std::uint32_t window_count(const Model& model, std::uint32_t per_window);

// Customers [first, N) in `count` windows of equal length over the arrival
// window. With more than one, every customer's arrival is drawn, on every
// thread, and kept if `keep` (23 bytes a customer while they are put in
// place, 13 after; else 5, then 4), since the runs would draw them again.
// Keeping them or not changes the speed, never a result: the same draws.
ArrivalWindows arrival_windows(const Model& model, std::uint32_t replication, unsigned threads,
                               std::uint32_t first, std::uint32_t count, bool keep);

// Whether the arrivals of `customers` are kept: while 23 bytes a customer,
// in each of `runs` runs at once (a run per core, at most), come to at
// most an eighth of `memory` bytes (usable_memory_bytes(): 70 million
// customers on this project's 2 cores and 24 GiB). A run of billions then
// holds 5 bytes a customer, not 23.
bool keep_arrivals(std::uint32_t customers, unsigned runs, double memory);

}  // namespace journeysim::detail
