#pragma once
// Where a run's --events log goes while the run is going on, so that no run
// holds its whole log: the engine fills a buffer of kEventChunk records and
// hands it over full (one virtual call per chunk, not per event), then the
// rest when the run ends.
#include <cstddef>
#include <vector>

#include "journeysim/sim/run_result.h"

namespace journeysim {

// Records per hand-over: also the chunk of /events in the results file.
inline constexpr std::size_t kEventChunk = 65536;

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Takes the records (in the engine's processing order: customer by
  // customer where customers are independent, else global time order) and
  // leaves `rows` empty with its capacity kept.
  virtual void write(std::vector<EventRecord>& rows) = 0;
  // Whether retract() can take back every record written so far. A run
  // that foretells its log will stand writes it straight on where it can,
  // rather than park it until it knows (budget.cpp), and takes it back in
  // the rare case the foretelling was wrong.
  virtual bool can_retract() const { return false; }
  // Forgets every record written so far, as if none had been.
  virtual void retract() {}
};

}  // namespace journeysim
