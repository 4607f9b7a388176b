#include "referrals.h"

#include <algorithm>
#include <vector>

#include "blocks.h"
#include "simulation.h"

namespace journeysim::detail {

namespace {

RunResult depth_first(const Model& model, std::uint32_t replication, const std::atomic<bool>* stop,
                      unsigned threads, std::uint64_t slots) {
  std::atomic<std::uint64_t> referred{0};
  return run_blocks(model.customers, threads, nullptr,
                    [&](std::uint32_t first, std::uint32_t last, EventSink*) {
                      Simulation sim(model, replication, nullptr, true, stop, first, last);
                      sim.depth_first(&referred, slots);
                      return sim.run();
                    });
}

RunResult settled(const Model& model, std::uint32_t replication, EventSink* events,
                  const std::atomic<bool>* stop, unsigned threads, std::uint64_t slots) {
  const std::uint32_t N = model.customers;
  std::vector<std::vector<Referral>> kept(block_count(N));
  RunResult total =
      run_blocks(N, threads, events, [&](std::uint32_t first, std::uint32_t last, EventSink* log) {
        Simulation sim(model, replication, log, true, stop, first, last);
        RunResult r = sim.run();
        kept[first / kBlock] = sim.take_referrals();
        return r;
      });
  std::vector<Referral> heap;
  for (auto& block : kept) {
    heap.insert(heap.end(), block.begin(), block.end());
    std::vector<Referral>().swap(block);
  }
  std::make_heap(heap.begin(), heap.end(), LaterReferral{});
  // An accepted child's referrals come after it in the order (a later touch,
  // or at the same time a higher id than anyone's so far), so the heap meets
  // every referral in the global order.
  Simulation children(model, replication, events, true, stop, 0, 0);
  std::uint64_t accepted = 0;
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), LaterReferral{});
    const Referral r = heap.back();
    heap.pop_back();
    if (accepted >= slots) {
      children.drop(r);
      continue;
    }
    children.accept(r, static_cast<std::uint32_t>(N + accepted++));
    for (const Referral& grandchild : children.take_referrals()) {
      heap.push_back(grandchild);
      std::push_heap(heap.begin(), heap.end(), LaterReferral{});
    }
  }
  add_run(total, children.finish());
  return total;
}

}  // namespace

RunResult simulate_referrals(const Model& model, std::uint32_t replication, EventSink* events,
                             const std::atomic<bool>* stop, unsigned threads) {
  const std::uint64_t slots = model.max_customers - model.customers;
  RunResult r;
  bool done = false;
  if (!events) {
    try {
      r = depth_first(model, replication, stop, threads, slots);
      done = true;
    } catch (const CapBinds&) {
      // settled below
    }
  }
  if (!done) r = settled(model, replication, events, stop, threads, slots);
  total_segments(r, model.stage_count());
  return r;
}

}  // namespace journeysim::detail
