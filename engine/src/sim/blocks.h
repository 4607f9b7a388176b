#pragma once
// One replication on every thread it is given: customers who never meet
// (the journey loop, and the per-customer heap) are counted in fixed blocks
// of kBlock customers, each block apart, and the blocks' results are added
// in block order. The blocks do not depend on the thread count, and neither
// does the order of the additions, so neither does the result, nor the
// event log, which the blocks hand over in block order too.
#include <cstdint>
#include <functional>
#include <vector>

#include "journeysim/sim/event_sink.h"
#include "journeysim/sim/run_result.h"

namespace journeysim::detail {

// Customers per block: customer ids [k x kBlock, (k + 1) x kBlock).
inline constexpr std::uint32_t kBlock = 1u << 16;

// Blocks of `customers` (one, empty, for none): block b holds customer ids
// [b x size, (b + 1) x size).
inline constexpr std::uint32_t block_count(std::uint32_t customers, std::uint32_t size = kBlock) {
  return customers == 0 ? 1 : (customers - 1) / size + 1;
}

// Runs `block(first, last, log)` for every block of [0, customers), `size`
// customers each (the last may hold fewer), on up to
// `threads` threads, and adds the results in block order (add_run).
// `events` is the run's log (nullptr for none); each block logs to `log`,
// which hands its records to `events` in block order: straight through
// while the block is the earliest one not yet added, else held in memory
// until it is. At most 2 x threads blocks are under way or waiting at any
// time, which bounds what is held. Rethrows the first failure, once every
// thread has stopped. The totals are the caller's to work out
// (total_segments).
using BlockRun = std::function<RunResult(std::uint32_t first, std::uint32_t last, EventSink* log)>;
RunResult run_blocks(std::uint32_t customers, unsigned threads, EventSink* events, const BlockRun& block,
                     std::uint32_t size = kBlock);

// What each block kept (referrals, triggers), one list in block order; the
// blocks' lists are freed as they are moved over.
template <class T>
std::vector<T> joined(std::vector<std::vector<T>>& blocks) {
  std::size_t n = 0;
  for (const auto& b : blocks) n += b.size();
  std::vector<T> all;
  all.reserve(n);  // grown by doubling, it would hold up to twice as much, and copy it
  for (auto& b : blocks) {
    all.insert(all.end(), b.begin(), b.end());
    std::vector<T>().swap(b);
  }
  return all;
}

}  // namespace journeysim::detail
