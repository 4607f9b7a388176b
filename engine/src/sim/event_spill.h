#pragma once
// A run's event log parked on disk while an earlier run is still going: an
// unnamed temporary file in $TMPDIR (default /tmp; unlinked at once, so it
// is gone when closed or when the process dies), written in whole chunks and
// read back in chunks.
#include <cstdio>
#include <vector>

#include "journeysim/sim/run_result.h"

namespace journeysim::detail {

class EventSpill {
 public:
  EventSpill() = default;
  ~EventSpill();
  EventSpill(const EventSpill&) = delete;
  EventSpill& operator=(const EventSpill&) = delete;

  // Appends the records and clears `rows`. Throws IoError when the disk is full.
  void append(std::vector<EventRecord>& rows);
  bool empty() const { return count_ == 0; }
  // Writes out what stdio still buffers. Throws IoError when the disk is
  // full: drain() rewinds first, which would let that pass unseen and fail
  // on reading back, half way through handing the records over.
  void flush();

  // Hands every record back, in order, kEventChunk at a time through `buffer`,
  // then forgets them.
  template <class F>
  void drain(std::vector<EventRecord>& buffer, F&& take) {
    if (!file_) return;
    std::rewind(file_);
    for (std::size_t left = count_; left > 0;) {
      read_chunk(buffer, left);
      left -= buffer.size();
      take(buffer);
    }
    reset();
  }

 private:
  void read_chunk(std::vector<EventRecord>& buffer, std::size_t left);
  void reset();
  std::FILE* file_ = nullptr;
  std::size_t count_ = 0;
};

}  // namespace journeysim::detail
