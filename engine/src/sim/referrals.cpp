#include "referrals.h"

#include <algorithm>
#include <vector>

#include "blocks.h"
#include "simulation.h"

namespace journeysim::detail {

namespace {

// `cuts`, `triggers`: send budgets (referrals_in_order), or null.
RunResult settled(const Model& model, std::uint32_t replication, EventSink* events,
                  const std::atomic<bool>* stop, unsigned threads, std::uint64_t slots,
                  const std::vector<BudgetTrigger>* cuts = nullptr,
                  std::vector<BudgetTrigger>* triggers = nullptr) {
  const std::uint32_t N = model.customers;
  std::vector<std::vector<Referral>> kept(block_count(N));
  std::vector<std::vector<BudgetTrigger>> budgeted(cuts ? block_count(N) : 0);
  RunResult total =
      run_blocks(N, threads, events, [&](std::uint32_t first, std::uint32_t last, EventSink* log) {
        Simulation sim(model, replication, log, true, stop, first, last);
        sim.keep_at_most(slots);
        if (cuts) sim.budget(*cuts);
        RunResult r = sim.run();
        std::vector<Referral>& mine = kept[first / kBlock];
        mine = sim.take_referrals();
        std::sort(mine.begin(), mine.end(), EarlierReferral{});
        if (cuts) {
          // To its size: every block's list is held until they are joined,
          // and grown by doubling they held up to twice as much.
          budgeted[first / kBlock] = sim.take_triggers();
          budgeted[first / kBlock].shrink_to_fit();
        }
        return r;
      });
  if (triggers) *triggers = joined(budgeted);
  // Each block's referrals sorted by its own thread, merged here with a heap
  // of the blocks' next ones, and a heap for those the accepted children
  // make: popping every referral from one heap of them all cost 7% of a
  // budget-with-referrals run (cache misses at each of 17 levels). An
  // accepted child's referrals come after it in the order (a later touch,
  // or at the same time a higher id than anyone's so far), so the merge
  // meets every referral in the global order.
  std::vector<std::size_t> at(kept.size(), 0);
  auto later_block = [&](std::size_t a, std::size_t b) {
    return LaterReferral{}(kept[a][at[a]], kept[b][at[b]]);
  };
  std::vector<std::size_t> blocks;
  for (std::size_t b = 0; b < kept.size(); ++b) {
    if (!kept[b].empty()) blocks.push_back(b);
  }
  std::make_heap(blocks.begin(), blocks.end(), later_block);
  std::vector<Referral> heap;
  Simulation children(model, replication, events, true, stop, 0, 0);
  if (cuts) children.budget(*cuts);
  std::uint64_t accepted = 0;
  while (!blocks.empty() || !heap.empty()) {
    Referral r;
    if (heap.empty() ||
        (!blocks.empty() && LaterReferral{}(heap.front(), kept[blocks.front()][at[blocks.front()]]))) {
      std::pop_heap(blocks.begin(), blocks.end(), later_block);
      const std::size_t b = blocks.back();
      r = kept[b][at[b]++];
      if (at[b] < kept[b].size()) {
        std::push_heap(blocks.begin(), blocks.end(), later_block);
      } else {
        blocks.pop_back();
        std::vector<Referral>().swap(kept[b]);
      }
    } else {
      std::pop_heap(heap.begin(), heap.end(), LaterReferral{});
      r = heap.back();
      heap.pop_back();
    }
    if (accepted >= slots) {
      children.drop(r);
      continue;
    }
    children.accept(r, static_cast<std::uint32_t>(N + accepted++));
    for (const Referral& grandchild : children.take_referrals()) {
      heap.push_back(grandchild);
      std::push_heap(heap.begin(), heap.end(), LaterReferral{});
    }
    // As in each block (keep_at_most): past the places left, the latest are
    // dropped now rather than held until they come up.
    if (const std::uint64_t left = slots - accepted; heap.size() > 2 * left + 4096) {
      children.drop_all_but(heap, left);
      std::make_heap(heap.begin(), heap.end(), LaterReferral{});
    }
  }
  if (triggers) {
    const std::vector<BudgetTrigger> more = children.take_triggers();
    triggers->insert(triggers->end(), more.begin(), more.end());
  }
  add_run(total, children.finish());
  return total;
}

}  // namespace

RunResult referrals_in_order(const Model& model, std::uint32_t replication, EventSink* events,
                             const std::atomic<bool>* stop, unsigned threads,
                             const std::vector<BudgetTrigger>& cuts, std::vector<BudgetTrigger>& triggers) {
  return settled(model, replication, events, stop, threads, model.max_customers - model.customers, &cuts,
                 &triggers);
}

RunResult depth_first(const Model& model, std::uint32_t replication, const std::atomic<bool>* stop,
                      unsigned threads, std::uint32_t from, std::uint32_t to,
                      std::atomic<std::uint64_t>& referred, std::vector<std::int64_t>* sent) {
  const std::size_t K = model.campaigns.size();
  const std::vector<BudgetTrigger> open(sent ? K : 0, kNoCut);
  const std::uint64_t slots = model.max_customers - model.customers;
  std::vector<std::vector<std::int64_t>> by_block(sent ? block_count(to - from) : 0);
  RunResult r =
      run_blocks(to - from, threads, nullptr, [&](std::uint32_t first, std::uint32_t last, EventSink*) {
        Simulation sim(model, replication, nullptr, true, stop, from + first, from + last);
        sim.depth_first(&referred, slots);
        if (sent) sim.budget(open);
        RunResult out = sim.run();
        if (sent) by_block[first / kBlock] = sends_of(K, sim.take_triggers());
        return out;
      });
  for (const std::vector<std::int64_t>& block : by_block) {
    for (std::size_t k = 0; k < K; ++k) (*sent)[k] += block[k];
  }
  return r;
}

RunResult simulate_referrals(const Model& model, std::uint32_t replication, EventSink* events,
                             const std::atomic<bool>* stop, unsigned threads) {
  const std::uint64_t slots = model.max_customers - model.customers;
  RunResult r;
  bool done = false;
  if (!events) {
    try {
      std::atomic<std::uint64_t> referred{0};
      r = depth_first(model, replication, stop, threads, 0, model.customers, referred);
      done = true;
    } catch (const CapBinds&) {
      // settled below
    }
  }
  if (!done) r = settled(model, replication, events, stop, threads, slots);
  total_segments(r, model);
  return r;
}

}  // namespace journeysim::detail
