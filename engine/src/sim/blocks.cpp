#include "blocks.h"

#include <atomic>
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "ledger.h"

namespace journeysim::detail {

RunResult run_blocks(std::uint32_t customers, unsigned threads, bool in_order,
                     const std::function<RunResult(std::uint32_t first, std::uint32_t last)>& run) {
  const std::uint32_t N = customers;
  const std::uint32_t blocks = block_count(N);
  auto block = [&](std::uint32_t b) {
    const std::uint32_t first = b * kBlock, last = N - first > kBlock ? first + kBlock : N;
    return run(first, last);
  };
  RunResult total;
  if (in_order || threads <= 1) {
    total = block(0);
    for (std::uint32_t b = 1; b < blocks; ++b) add_run(total, block(b));
  } else {
    // Blocks finished out of order wait until those before them are added.
    std::vector<std::optional<RunResult>> done(blocks);
    std::atomic<std::uint32_t> next{0};
    std::mutex mutex;
    std::exception_ptr failure;
    std::uint32_t added = 0;
    auto work = [&] {
      for (;;) {
        const std::uint32_t b = next.fetch_add(1);
        if (b >= blocks) return;
        try {
          RunResult r = block(b);
          std::lock_guard<std::mutex> lock(mutex);
          done[b] = std::move(r);
          for (; added < blocks && done[added]; ++added) {
            if (added == 0)
              total = std::move(*done[0]);
            else
              add_run(total, *done[added]);
            done[added].reset();
          }
        } catch (...) {
          std::lock_guard<std::mutex> lock(mutex);
          if (!failure) failure = std::current_exception();
          next = blocks;
          return;
        }
      }
    };
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads && t < blocks; ++t) {
      try {
        helpers.emplace_back(work);
      } catch (const std::system_error&) {
        break;  // fewer threads than asked: the result is the same
      }
    }
    work();
    for (auto& h : helpers) h.join();
    if (failure) std::rethrow_exception(failure);
  }
  return total;
}

}  // namespace journeysim::detail
