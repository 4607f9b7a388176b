#pragma once
// Counter-based random streams (Random123's Philox4x64-10). A stream is a
// pure function of (seed, replication, customer, substream, extra): nothing
// is shared between customers or threads, so results cannot depend on the
// thread count, and a variant sees the same draws as the baseline for the
// same customer (common random numbers).
//
// Philox key     = (the 64-bit master seed, 0).
// Philox counter = (block index, customer, replication, substream << 32 | extra),
// where customer is a self-arrival's id (< 2^32) or a referred customer's
// 64-bit stream key (top bit set), drawn by its referrer.
// Each block gives four 64-bit words: one word makes one decision or, for
// most delays, one draw (4x64 costs about what 4x32 does per block, for
// twice the bits: 6.6 against 6.2 ns a block on this machine).
#include <Random123/philox.h>

#include <cstdint>
#include <limits>

namespace journeysim {

// Named substreams, so that a feature's draws never shift another's.
enum class Substream : std::uint32_t {
  Journey = 0,   // channel, friction, abandon, outcome and delays of each touch
  Arrival = 1,   // segment and arrival time (self-arrivals) or referral delay
  Campaign = 2,  // extra = 8 x event sequence number + trigger kind (7 for a message)
  Referral = 3,  // extra = the event sequence number of the touch that refers
};

class Stream {
 public:
  using result_type = std::uint64_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  // Forced inline, with reset(): called, the event-driven engine built a
  // stream on the stack at every customer's first touch.
  __attribute__((always_inline))
  Stream(std::uint64_t seed, std::uint32_t replication, std::uint64_t customer, Substream substream,
         std::uint32_t extra = 0, std::uint32_t position = 0) {
    reset(seed, replication, customer, substream, extra, position);
  }

  // This stream made anew, in place: a new one assigned was built on the
  // stack and copied back with wide loads across the narrow stores that had
  // just built it, a store-forwarding stall (perf: 4-6% of the heap path).
  __attribute__((always_inline)) void reset(std::uint64_t seed, std::uint32_t replication,
                                            std::uint64_t customer, Substream substream,
                                            std::uint32_t extra = 0, std::uint32_t position = 0) {
    key_.v[0] = seed;
    key_.v[1] = 0;
    counter_.v[0] = 0;
    counter_.v[1] = customer;
    counter_.v[2] = replication;
    counter_.v[3] = (std::uint64_t{static_cast<std::uint32_t>(substream)} << 32) | extra;
    next_block_ = position >> 2;
    index_ = 4;
    if (position & 3u) {  // resume half way through a block
      refill();
      index_ = position & 3u;
    }
  }

  // The next 64-bit word of the stream. Forced inline, with uniform() and
  // refill(): once the touch became one kernel, GCC stopped inlining them
  // into the event-driven engine (+2.6% instructions on a campaign scenario).
  __attribute__((always_inline)) result_type operator()() {
    if (index_ == 4) refill();
    return words_.v[index_++];
  }

  // A uniform draw in (0, 1) from one word, with 53 bits: never 0 or 1, so
  // `u < p` is exact at p = 0 and p = 1.
  __attribute__((always_inline)) double uniform() {
    return (static_cast<double>((*this)() >> 11) + 0.5) * (1.0 / 9007199254740992.0);
  }

  // Words consumed so far; store it to resume the stream at the next event.
  std::uint32_t position() const { return static_cast<std::uint32_t>(next_block_ * 4 - 4 + index_); }

 private:
  __attribute__((always_inline)) void refill() {
    counter_.v[0] = next_block_++;
    words_ = r123::Philox4x64()(counter_, key_);
    index_ = 0;
  }

  r123::Philox4x64::key_type key_;  // key_, counter_, next_block_: reset()
  r123::Philox4x64::ctr_type counter_;
  r123::Philox4x64::ctr_type words_{};
  std::uint64_t next_block_;  // the block that the next refill computes
  std::uint32_t index_ = 4;   // the next word of words_; 4: none left
};

}  // namespace journeysim
