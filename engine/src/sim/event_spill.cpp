#include "event_spill.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "journeysim/core/error.h"
#include "journeysim/sim/event_sink.h"

namespace journeysim::detail {

namespace {
std::string spill_dir() {
  const char* dir = std::getenv("TMPDIR");
  return dir && *dir ? dir : "/tmp";
}

[[noreturn]] void fail(const char* what) {
  const int error = errno;
  const std::string hint = error == ENOSPC  ? "set TMPDIR to a directory with more room"
                           : error == EFBIG ? "a limit on file sizes (ulimit -f) is in the way; raise it"
                                            : "set TMPDIR to a directory that exists and is writable";
  throw IoError(std::string("cannot ") + what + " a temporary file in " + spill_dir() +
                " for a run's event log (it waits there until the runs before it are written): " +
                std::strerror(error) + "; " + hint);
}
}  // namespace

EventSpill::~EventSpill() {
  if (file_) std::fclose(file_);
}

void EventSpill::append(std::vector<EventRecord>& rows) {
  if (rows.empty()) return;
  if (!file_) {
    // tmpfile(3) ignores TMPDIR; a user short of room in /tmp can set it.
    std::string name = spill_dir() + "/journeysim-events-XXXXXX";
    const int fd = ::mkstemp(name.data());
    if (fd < 0) fail("create");
    ::unlink(name.c_str());  // gone when closed, even if the process dies
    file_ = ::fdopen(fd, "w+b");
    if (!file_) {
      ::close(fd);
      fail("create");
    }
  }
  if (std::fwrite(rows.data(), sizeof(EventRecord), rows.size(), file_) != rows.size()) fail("write");
  count_ += rows.size();
  rows.clear();
}

void EventSpill::read_chunk(std::vector<EventRecord>& buffer, std::size_t left) {
  buffer.resize(std::min(left, kEventChunk));
  if (std::fread(buffer.data(), sizeof(EventRecord), buffer.size(), file_) != buffer.size()) fail("read");
}

void EventSpill::flush() {
  if (file_ && std::fflush(file_) != 0) fail("write");
}

void EventSpill::reset() {
  std::fclose(file_);
  file_ = nullptr;
  count_ = 0;
}

}  // namespace journeysim::detail
