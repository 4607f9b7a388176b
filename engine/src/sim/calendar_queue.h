#pragma once
// A calendar queue: events fall into fixed-width time buckets; only the
// bucket being processed is a binary heap. Order is exactly (time, customer,
// sequence) because buckets cover disjoint time ranges, yet the heap stays
// small enough for cache, where one heap over millions of customers would not.
#include <algorithm>
#include <cstdint>
#include <vector>

namespace journeysim::detail {

struct Event {
  double time;
  std::uint32_t customer;
  std::uint32_t seq;
  std::uint32_t info;  // kind in the low 2 bits, payload (campaign index) above
};

struct Later {
  bool operator()(const Event& a, const Event& b) const {
    if (a.time != b.time) return a.time > b.time;
    if (a.customer != b.customer) return a.customer > b.customer;
    return a.seq > b.seq;
  }
};

class CalendarQueue {
 public:
  CalendarQueue(double horizon, std::size_t expected_events) {
    const std::size_t buckets = std::clamp<std::size_t>(expected_events / 512, 16, std::size_t{1} << 20);
    buckets_.resize(buckets);
    scale_ = static_cast<double>(buckets) / horizon;
  }

  // Every event pushed lies at or after the one last popped.
  void push(const Event& e) {
    const std::size_t b = bucket_of(e.time);
    if (b <= current_ && started_) {
      heap_.push_back(e);
      std::push_heap(heap_.begin(), heap_.end(), Later{});
    } else {
      buckets_[b].push_back(e);
    }
  }

  bool pop(Event& out) {
    while (heap_.empty()) {
      if (started_) ++current_;
      started_ = true;
      if (current_ >= buckets_.size()) return false;
      heap_.clear();
      heap_.swap(buckets_[current_]);
      std::vector<Event>().swap(buckets_[current_]);  // the old heap's memory goes back
      std::make_heap(heap_.begin(), heap_.end(), Later{});
    }
    std::pop_heap(heap_.begin(), heap_.end(), Later{});
    out = heap_.back();
    heap_.pop_back();
    return true;
  }

 private:
  std::size_t bucket_of(double t) const {
    const double b = t * scale_;
    return std::min(buckets_.size() - 1, static_cast<std::size_t>(b));
  }

  std::vector<std::vector<Event>> buckets_;
  std::vector<Event> heap_;
  double scale_ = 1.0;
  std::size_t current_ = 0;
  bool started_ = false;
};

}  // namespace journeysim::detail
