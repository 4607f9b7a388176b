#include "arrival_windows.h"

#include <algorithm>
#include <limits>

#include "blocks.h"

namespace journeysim::detail {

std::uint32_t window_count(const Model& model, std::uint32_t per_window) {
  if (model.arrive_at_start || !(model.window > 0.0)) return 1;
  return std::clamp<std::uint32_t>(model.customers / std::max(per_window, 1u), 1, 256);
}

bool keep_arrivals(std::uint32_t customers, unsigned runs, double memory) {
  return memory > 0 && 23.0 * customers * std::max(runs, 1u) <= memory / 8;
}

ArrivalWindows arrival_windows(const Model& model, std::uint32_t replication, unsigned threads,
                               std::uint32_t first, std::uint32_t count, bool keep) {
  const std::uint32_t N = model.customers;
  ArrivalWindows w;
  w.first = first;
  if (count > 1) w.width = model.window / count;
  for (std::uint32_t k = 1; k < count; ++k) w.end.push_back(model.window * k / count);
  w.end.push_back(std::numeric_limits<double>::infinity());
  if (count == 1) {
    w.start = {0, N - first};
    return w;
  }

  // Drawn in id order on every thread, in blocks, each customer's window
  // with them and counted by block; then each block puts its customers in
  // place (window by window, block by block, so in id order), again on
  // every thread. The arrays are not zeroed first: a tenth of the time went
  // on that and on its page faults, on one thread.
  const std::uint32_t n = N - first, blocks = block_count(n);
  std::unique_ptr<double[]> times(keep ? new double[n] : nullptr);
  std::unique_ptr<std::uint8_t[]> segments(keep ? new std::uint8_t[n] : nullptr);
  std::unique_ptr<std::uint8_t[]> of(new std::uint8_t[n]);
  std::vector<std::uint32_t> at(std::size_t{blocks} * count, 0);  // block b's customers in window k
  run_blocks(n, threads, nullptr, [&](std::uint32_t from, std::uint32_t to, EventSink*) {
    std::uint32_t* counts = &at[std::size_t{from / kBlock} * count];
    for (std::uint32_t i = from; i < to; ++i) {
      const SelfArrival a = self_arrival(model, replication, first + i);
      if (keep) {
        times[i] = a.time;
        segments[i] = static_cast<std::uint8_t>(a.segment);
      }
      const auto k = static_cast<std::uint8_t>(w.of(a.time));
      of[i] = k;
      ++counts[k];
    }
    return RunResult{};
  });
  w.start.assign(count + 1, 0);
  for (std::uint32_t k = 0; k < count; ++k) {
    std::uint32_t next = w.start[k];
    for (std::uint32_t b = 0; b < blocks; ++b) {
      const std::uint32_t c = at[std::size_t{b} * count + k];
      at[std::size_t{b} * count + k] = next;  // where block b's first one goes
      next += c;
    }
    w.start[k + 1] = next;
  }
  w.ids.reset(new std::uint32_t[n]);
  if (keep) {
    w.times.reset(new double[n]);
    w.segments.reset(new std::uint8_t[n]);
  }
  run_blocks(n, threads, nullptr, [&](std::uint32_t from, std::uint32_t to, EventSink*) {
    std::uint32_t* place = &at[std::size_t{from / kBlock} * count];
    for (std::uint32_t i = from; i < to; ++i) {
      const std::uint32_t p = place[of[i]]++;
      w.ids[p] = first + i;
      if (keep) {
        w.times[p] = times[i];
        w.segments[p] = segments[i];
      }
    }
    return RunResult{};
  });
  return w;
}

}  // namespace journeysim::detail
