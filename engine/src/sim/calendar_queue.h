#pragma once
// A calendar queue: events fall into fixed-width time buckets. When the
// queue reaches a bucket it sorts it; events pushed into the bucket being
// processed go to a small side heap and are merged in order. Order is
// exactly (time, customer, sequence), because buckets cover disjoint time
// ranges, yet no heap ever holds millions of customers, and because the
// sorted bucket is known in advance the engine can prefetch the customers
// of the next events (peek()).
#include <algorithm>
#include <cstdint>
#include <vector>

namespace journeysim::detail {

struct Event {
  double time;
  std::uint32_t customer;
  std::uint32_t seq;
  std::uint32_t info;  // kind in the low 2 bits, payload above (a message: Simulation::message_info)
};

inline bool earlier(const Event& a, const Event& b) {
  if (a.time != b.time) return a.time < b.time;
  if (a.customer != b.customer) return a.customer < b.customer;
  return a.seq < b.seq;
}

// Function objects, not function pointers, so that std::sort inlines them.
struct Earlier {
  bool operator()(const Event& a, const Event& b) const { return earlier(a, b); }
};
struct Later {
  bool operator()(const Event& a, const Event& b) const { return earlier(b, a); }
};

class CalendarQueue {
 public:
  // About `per_bucket` events should fall in each bucket over the whole run.
  CalendarQueue(double horizon, std::size_t expected_events, std::size_t per_bucket = 192) {
    const std::size_t buckets =
        std::clamp<std::size_t>(expected_events / per_bucket, 16, std::size_t{1} << 22);
    buckets_.resize(buckets);
    scale_ = static_cast<double>(buckets) / horizon;
  }

  // Every event pushed lies at or after the one last popped.
  void push(const Event& e) {
    const std::size_t b = bucket_of(e.time);
    if (started_ && b <= current_) {
      side_.push_back(e);
      std::push_heap(side_.begin(), side_.end(), Later{});
    } else {
      buckets_[b].push_back(e);
    }
  }

  bool pop(Event& out) {
    while (next_ == sorted_.size() && side_.empty()) {
      if (!advance()) return false;
    }
    const bool from_side =
        next_ == sorted_.size() || (!side_.empty() && earlier(side_.front(), sorted_[next_]));
    if (from_side) {
      std::pop_heap(side_.begin(), side_.end(), Later{});
      out = side_.back();
      side_.pop_back();
    } else {
      out = sorted_[next_++];
    }
    return true;
  }

  // The customer of the k-th next event in the sorted bucket, if known (for prefetching).
  const Event* peek(std::size_t k) const {
    return next_ + k < sorted_.size() ? &sorted_[next_ + k] : nullptr;
  }

 private:
  bool advance() {
    if (started_) ++current_;
    started_ = true;
    if (current_ >= buckets_.size()) return false;
    sorted_.swap(buckets_[current_]);
    std::vector<Event>().swap(buckets_[current_]);  // the previous bucket's memory goes back
    std::sort(sorted_.begin(), sorted_.end(), Earlier{});
    next_ = 0;
    return true;
  }

  std::size_t bucket_of(double t) const {
    return std::min(buckets_.size() - 1, static_cast<std::size_t>(t * scale_));
  }

  std::vector<std::vector<Event>> buckets_;
  std::vector<Event> sorted_, side_;
  std::size_t next_ = 0;
  double scale_ = 1.0;
  std::size_t current_ = 0;
  bool started_ = false;
};

}  // namespace journeysim::detail
