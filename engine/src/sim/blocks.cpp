#include "blocks.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "ledger.h"

namespace journeysim::detail {

namespace {

// Buffers of kEventChunk records for the blocks that hold their log, kept
// for the next ones: a fresh buffer for every hand-over, grown and copied,
// cost page faults and copies worth a tenth of a run with --events.
class Buffers {
 public:
  std::vector<EventRecord> take() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        std::vector<EventRecord> b = std::move(free_.back());
        free_.pop_back();
        return b;
      }
    }
    std::vector<EventRecord> b;
    b.reserve(kEventChunk);
    return b;
  }
  void give(std::vector<EventRecord> b) {
    b.clear();
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(b));
  }

 private:
  std::mutex mutex_;
  std::vector<std::vector<EventRecord>> free_;
};

// One block's log. Only the block's own thread writes while it runs; the
// thread adding blocks in order reads `held_` once the block is done. The
// block's records reach `out` only once every earlier block's have, so the
// log does not depend on which thread ran what.
struct BlockLog final : EventSink {
  BlockLog(const std::atomic<std::uint32_t>& head, std::uint32_t block, EventSink* out, Buffers& buffers)
      : head_(head), block_(block), out_(out), buffers_(buffers) {}
  void write(std::vector<EventRecord>& rows) override {
    if (head_.load(std::memory_order_acquire) == block_) {
      pass_on();
      out_->write(rows);
      return;
    }
    held_.push_back(std::move(rows));  // kept as it is, and an empty buffer instead
    rows = buffers_.take();
  }
  // What was held, to `out` (the block's turn has come).
  void pass_on() {
    for (auto& b : held_) {
      out_->write(b);
      buffers_.give(std::move(b));
    }
    held_.clear();
  }

 private:
  const std::atomic<std::uint32_t>& head_;
  std::uint32_t block_;
  EventSink* out_;
  Buffers& buffers_;
  std::vector<std::vector<EventRecord>> held_;
};

struct Done {
  RunResult result;
  // Held by pointer: as std::optional, moved into `done`, GCC warned
  // (-Wmaybe-uninitialized, under ASan).
  std::unique_ptr<BlockLog> log;
};

}  // namespace

RunResult run_blocks(std::uint32_t customers, unsigned threads, EventSink* events, const BlockRun& run,
                     std::uint32_t size) {
  const std::uint32_t N = customers;
  const std::uint32_t blocks = block_count(N, size);
  threads = std::max(1u, std::min(threads, blocks));
  const std::uint32_t window = 2 * threads;

  Buffers buffers;  // outlives the blocks' logs
  // Blocks finished out of order wait until those before them are added.
  std::vector<std::optional<Done>> done(blocks);
  std::atomic<std::uint32_t> head{0};  // the earliest block not yet added
  std::uint32_t next = 0;              // the next block to start
  std::mutex mutex;
  std::condition_variable room;
  std::exception_ptr failure;
  RunResult total;

  auto work = [&] {
    for (;;) {
      std::uint32_t b;
      {
        std::unique_lock<std::mutex> lock(mutex);
        room.wait(lock, [&] { return failure || next >= blocks || next < head.load() + window; });
        if (failure || next >= blocks) return;
        b = next++;
      }
      try {
        const std::uint32_t first = b * size, last = N - first > size ? first + size : N;
        Done d;
        if (events) d.log = std::make_unique<BlockLog>(head, b, events, buffers);
        d.result = run(first, last, d.log.get());
        std::lock_guard<std::mutex> lock(mutex);
        done[b].emplace(std::move(d));
        for (std::uint32_t a = head.load(); a < blocks && done[a]; a = head.load()) {
          if (done[a]->log) done[a]->log->pass_on();
          if (a == 0)
            total = std::move(done[0]->result);
          else
            add_run(total, done[a]->result);
          done[a].reset();
          head.store(a + 1, std::memory_order_release);
        }
        room.notify_all();
      } catch (...) {
        std::lock_guard<std::mutex> lock(mutex);
        if (!failure) failure = std::current_exception();
        room.notify_all();
        return;
      }
    }
  };
  std::vector<std::thread> helpers;
  for (unsigned t = 1; t < threads; ++t) {
    try {
      helpers.emplace_back(work);
    } catch (const std::system_error&) {
      break;  // fewer threads than asked: the result is the same
    }
  }
  work();
  for (auto& h : helpers) h.join();
  if (failure) std::rethrow_exception(failure);
  return total;
}

}  // namespace journeysim::detail
