#pragma once
// The /events dataset, written as the runs hand their records over: packed
// as stored, cut into chunks of kEventChunk rows, compressed by helper
// threads while the engine goes on, and written in order as ready-made
// chunks (H5Dwrite_chunk), so HDF5's own filter pipeline, one chunk at a
// time on the writing thread, is out of the way. The chunks are LZF
// (h5py's filter, lzf_filter.h), made by row_lzf.h's encoder: liblzf's
// lzf_compress took 0.5 s of CPU for 2,000,000 customers' 9.3 million
// records, more than the simulation's 0.45 s, and row_lzf takes 0.14 s.
#include <H5Cpp.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "journeysim/sim/run_result.h"

namespace journeysim::h5 {

// A row of /events as stored: packed, run, customer, time, stage, channel,
// kind, segment (the last added in issue 8, after the fields readers knew).
inline constexpr std::size_t kPackedEvent = 4 + 4 + 8 + 2 + 2 + 1 + 2;
H5::CompType packed_event_type();

class EventLog {
 public:
  // Creates /events in `file`, with `helpers` threads to compress it (at
  // least one, at most one per core).
  EventLog(H5::H5File& file, unsigned helpers);
  // Stops the helpers; chunks not yet written are dropped (a failed run).
  ~EventLog();
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Run `run`'s records, after every record appended so far. Writes the
  // chunks that are ready; waits, or compresses one itself, when too many
  // are on the way.
  void append(std::uint32_t run, const std::vector<EventRecord>& rows);
  // Forgets the last `rows` rows appended: those written are read back to
  // the chunk they end in, and /events shrinks to the rows before them.
  // The room their chunks held in the file is not given back (HDF5 may
  // reuse it before the file closes): only for a run that takes its log
  // back, which is rare (budget.cpp).
  void retract(std::uint64_t rows);
  // The last, part chunk, then every chunk written.
  void finish();
  H5::DataSet& dataset() { return ds_; }

 private:
  struct Chunk {
    std::uint64_t index = 0;            // its place in /events, in chunks
    std::size_t rows = 0;               // rows of the dataset in it
    std::vector<unsigned char> raw;     // kEventChunk rows, zeros past `rows` (and row_lzf's slack)
    std::vector<unsigned char> packed;  // of which packed_bytes are LZF's
    std::size_t packed_bytes = 0;       // 0: it would not shrink, stored as it is
    std::vector<std::uint64_t> same;    // row_lzf's working memory
    bool ready = false;
  };
  Chunk& filling();
  void submit();
  void write_ready(std::size_t most_on_the_way);
  void write(const Chunk& c);
  void write_back();
  void help();
  // The first chunk left to compress, with mutex_ held by `lock` (released meanwhile).
  void compress_next(std::unique_lock<std::mutex>& lock);
  static void compress(Chunk& c);

  H5::DataSet ds_;
  int fd_ = -1;               // the file's, or -1 (not the sec2 driver)
  std::size_t unsynced_ = 0;  // bytes written since write_back()
  static constexpr std::size_t kWriteBackEvery = std::size_t{8} << 20;
  std::unique_ptr<Chunk> filling_;
  std::uint64_t submitted_ = 0;  // chunks
  hsize_t written_rows_ = 0;
  std::size_t most_on_the_way_;

  std::mutex mutex_;  // everything below
  std::condition_variable work_, ready_;
  std::deque<std::unique_ptr<Chunk>> line_;  // submitted, in order, not yet written
  std::deque<Chunk*> todo_;                  // of line_, to compress
  std::vector<std::unique_ptr<Chunk>> spare_;
  bool stop_ = false;
  std::vector<std::thread> helpers_;
};

}  // namespace journeysim::h5
