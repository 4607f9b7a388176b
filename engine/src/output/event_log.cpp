#include "event_log.h"

#include <H5Dpublic.h>
#include <H5FDsec2.h>
#include <fcntl.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include "journeysim/sim/event_sink.h"
#include "lzf_filter.h"
#include "row_lzf.h"

namespace journeysim::h5 {

namespace {
constexpr std::size_t kChunkBytes = kEventChunk * kPackedEvent;
}

H5::CompType packed_event_type() {
  H5::CompType t(kPackedEvent);
  t.insertMember("run", 0, H5::PredType::NATIVE_UINT32);
  t.insertMember("customer", 4, H5::PredType::NATIVE_UINT32);
  t.insertMember("time", 8, H5::PredType::NATIVE_DOUBLE);
  t.insertMember("stage", 16, H5::PredType::NATIVE_INT16);
  t.insertMember("channel", 18, H5::PredType::NATIVE_INT16);
  t.insertMember("kind", 20, H5::PredType::NATIVE_UINT8);
  t.insertMember("segment", 21, H5::PredType::NATIVE_INT16);
  return t;
}

namespace {
// More helpers than cores only take turns (--threads 500 asks for 500).
unsigned helper_count(unsigned asked) {
  return std::max(1u, std::min(asked, std::thread::hardware_concurrency()));
}
}  // namespace

EventLog::EventLog(H5::H5File& file, unsigned helpers) : most_on_the_way_(2 * helper_count(helpers) + 2) {
  register_lzf();
  const hsize_t dims = 0, max_dims = H5S_UNLIMITED, chunk = kEventChunk;
  H5::DataSpace space(1, &dims, &max_dims);
  H5::DSetCreatPropList create;
  create.setChunk(1, &chunk);
  create.setFilter(kLzfFilter, H5Z_FLAG_OPTIONAL);
  H5::DSetAccPropList access;
  access.setChunkCache(0, 0, 1.0);  // whole chunks are written: nothing to cache
  ds_ = file.createDataSet("/events", packed_event_type(), space, create, access);
  // The file descriptor under HDF5's default (sec2) driver, for write_back().
  void* handle = nullptr;
  if (H5Pget_driver(file.getAccessPlist().getId()) == H5FD_SEC2 &&
      H5Fget_vfd_handle(file.getId(), H5P_DEFAULT, &handle) >= 0 && handle)
    fd_ = *static_cast<int*>(handle);
  for (unsigned t = 0; t < helper_count(helpers); ++t) {
    try {
      helpers_.emplace_back([this] { help(); });
    } catch (const std::system_error&) {
      if (t == 0) throw;
      break;  // fewer helpers: the same file, later
    }
  }
}

EventLog::~EventLog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  work_.notify_all();
  for (auto& h : helpers_) h.join();
}

void EventLog::append(std::uint32_t run, const std::vector<EventRecord>& rows) {
  for (std::size_t i = 0; i < rows.size();) {
    Chunk& c = filling();
    const std::size_t take = std::min(rows.size() - i, kEventChunk - c.rows);
    unsigned char* p = c.raw.data() + c.rows * kPackedEvent;
    for (std::size_t k = i; k < i + take; ++k) {
      const EventRecord& e = rows[k];
      const auto kind = static_cast<std::uint8_t>(e.kind);
      std::memcpy(p, &run, 4);
      std::memcpy(p + 4, &e.customer, 4);
      std::memcpy(p + 8, &e.time, 8);
      std::memcpy(p + 16, &e.stage, 2);
      std::memcpy(p + 18, &e.channel, 2);
      std::memcpy(p + 20, &kind, 1);
      std::memcpy(p + 21, &e.segment, 2);
      p += kPackedEvent;
    }
    c.rows += take;
    i += take;
    if (c.rows == kEventChunk) submit();
  }
  write_ready(most_on_the_way_);
}

EventLog::Chunk& EventLog::filling() {
  if (!filling_) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!spare_.empty()) {
      filling_ = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  if (!filling_) filling_ = std::make_unique<Chunk>();
  Chunk& c = *filling_;
  if (c.raw.empty()) {
    c.raw.resize(kChunkBytes + kRowLzfSlack);
    c.packed.resize(kChunkBytes - 1 + kRowLzfSlack);
  }
  return c;
}

void EventLog::submit() {
  Chunk* c = filling_.get();
  std::memset(c->raw.data() + c->rows * kPackedEvent, 0, kChunkBytes - c->rows * kPackedEvent);
  c->index = submitted_++;
  c->ready = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    line_.push_back(std::move(filling_));
    todo_.push_back(c);
  }
  work_.notify_one();
}

// Writes the chunks at the front of the line that are ready, and more until
// at most `most` are on the way: this thread compresses one itself rather
// than wait while any is left to compress.
void EventLog::write_ready(std::size_t most) {
  for (;;) {
    std::unique_ptr<Chunk> front;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (line_.empty()) return;
      if (!line_.front()->ready) {
        if (line_.size() <= most) return;
        if (!todo_.empty()) {
          compress_next(lock);
          continue;
        }
        ready_.wait(lock, [&] { return line_.front()->ready; });
      }
      front = std::move(line_.front());
      line_.pop_front();
    }
    write(*front);
    front->rows = 0;
    std::lock_guard<std::mutex> lock(mutex_);
    spare_.push_back(std::move(front));
  }
}

void EventLog::write(const Chunk& c) {
  const hsize_t extent = written_rows_ + c.rows, offset = c.index * kEventChunk;
  if (H5Dset_extent(ds_.getId(), &extent) < 0)
    throw H5::DataSetIException("H5Dset_extent", "cannot grow /events");
  // Filter mask bit 0: the LZF filter (optional) skipped, the chunk stored as it is.
  const bool packed = c.packed_bytes > 0;
  if (H5Dwrite_chunk(ds_.getId(), H5P_DEFAULT, packed ? 0u : 1u, &offset,
                     packed ? c.packed_bytes : kChunkBytes, packed ? c.packed.data() : c.raw.data()) < 0)
    throw H5::DataSetIException("H5Dwrite_chunk", "cannot write /events");
  written_rows_ = extent;
  unsynced_ += packed ? c.packed_bytes : kChunkBytes;
  if (unsynced_ >= kWriteBackEvery) write_back();
}

// The file is synced before it is renamed into place (AtomicFile): with a
// log of 124 MB that sync waited for all of it, 20-50 ms, up to a tenth of
// a 2-thread run with --events. Asking the kernel to start writing every
// few MB as they come leaves the sync little to wait for. Only a hint: it
// neither waits nor fails the run.
void EventLog::write_back() {
  unsynced_ = 0;
#if defined(__linux__)
  if (fd_ >= 0) ::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
}

void EventLog::retract(std::uint64_t rows) {
  write_ready(0);
  Chunk& c = filling();
  const std::uint64_t appended = submitted_ * kEventChunk + c.rows;
  if (rows > appended) throw std::logic_error("EventLog::retract: more rows than were appended");
  const std::uint64_t keep = appended - rows;
  if (keep >= submitted_ * kEventChunk) {
    c.rows = static_cast<std::size_t>(keep - submitted_ * kEventChunk);
    return;
  }
  // The chunk `keep` ends in is written: its rows before `keep` are read
  // back to fill again, and written over when it is full or at finish().
  const hsize_t first = keep / kEventChunk * kEventChunk, count = keep - first;
  if (count > 0) {
    H5::DataSpace in_file = ds_.getSpace();
    in_file.selectHyperslab(H5S_SELECT_SET, &count, &first);
    H5::DataSpace in_memory(1, &count);
    ds_.read(c.raw.data(), packed_event_type(), in_memory, in_file);
  }
  c.rows = static_cast<std::size_t>(count);
  submitted_ = first / kEventChunk;
  written_rows_ = first;
  const hsize_t extent = keep;
  if (H5Dset_extent(ds_.getId(), &extent) < 0)
    throw H5::DataSetIException("H5Dset_extent", "cannot shrink /events");
}

void EventLog::finish() {
  if (filling_ && filling_->rows > 0) submit();
  write_ready(0);
}

void EventLog::help() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    work_.wait(lock, [&] { return stop_ || !todo_.empty(); });
    if (stop_) return;
    compress_next(lock);
  }
}

void EventLog::compress_next(std::unique_lock<std::mutex>& lock) {
  Chunk* c = todo_.front();
  todo_.pop_front();
  lock.unlock();
  compress(*c);
  lock.lock();
  c->ready = true;
  ready_.notify_all();
}

// As h5py's filter: LZF into a buffer one byte short of the chunk, and the
// chunk as it is when that is not enough.
void EventLog::compress(Chunk& c) {
  c.packed_bytes = row_lzf(c.raw.data(), kChunkBytes, kPackedEvent, c.packed.data(), kChunkBytes - 1, c.same);
}

}  // namespace journeysim::h5
