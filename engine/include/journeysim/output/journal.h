#pragma once
// The journal that makes a sweep resumable: every run, as it is handed to
// the results file, is also appended to `<output>.journal` beside it, whole
// and checksummed. Runs reach the sinks in plan order, so the journal holds
// the first K runs of the plan. A sweep killed at any moment (SIGKILL
// included) and started again with --resume reads those K runs back, bit for
// bit, redoes only the rest and writes the same file as an uninterrupted
// sweep. A torn last record (the kill came while it was written) is cut off.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "journeysim/experiment/execute.h"
#include "journeysim/experiment/plan.h"

namespace journeysim {

// What must match for a journal to be resumed: the engine, and what the
// runs are (the effective scenario with its [sweep], the replications, the
// command line's --set). Threads may differ: results do not depend on them.
struct JournalKey {
  std::string engine_version, command, effective, sets;
  std::uint32_t runs = 0;
};
JournalKey journal_key(const RunPlan& plan, const std::vector<std::string>& sets);
// The key as one number: what the processes of a sweep under MPI compare to
// be sure they planned the same runs.
std::uint64_t fingerprint(const JournalKey& key);

std::string journal_path(const std::string& output);

// Throws IoError when something that is not a journal is where the sweep
// would write one: a link, a pipe, a folder, a device, or a file that does
// not start as a journal does (the user's, under that name by chance; a
// sweep's journal is written there, then deleted, so it would be lost).
// An empty file passes (a sweep killed before its first record leaves one),
// and so does one that starts as a journal of any layout, its header whole
// or cut short (a disk that filled while it was written).
void check_journal_path(const std::string& path);

// Holds the journal for this process from before it is read until the
// sweep ends: two sweeps into one output would interleave their runs.
// Creates the file if it is missing, and removes it again if it is still
// empty when released. Throws IoError when another process holds it.
class JournalLock {
 public:
  explicit JournalLock(const std::string& path);
  ~JournalLock();
  JournalLock(const JournalLock&) = delete;
  JournalLock& operator=(const JournalLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

// The whole runs a journal holds, whatever sweep it is of; 0 when it is
// missing or not a journal.
std::size_t journaled_runs(const std::string& path);

// Appends each run to the journal (creating it with its key, or continuing
// one that was read). flush() makes what is written survive a crash.
class JournalWriter final : public ResultSink {
 public:
  // `continue_from`: runs already in the file (a resume), 0 to start afresh.
  JournalWriter(const std::string& path, const JournalKey& key, std::size_t continue_from);
  ~JournalWriter() override;
  void run_done(std::size_t index, const PlannedRun& run, const RunResult& result) override;
  void flush();
  // The sweep is complete and its file committed: the journal goes.
  void remove();

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  std::chrono::steady_clock::time_point synced_ = std::chrono::steady_clock::now();
};

// Reads a journal back. Throws ScenarioError (exit 1) when its key differs
// from `expected`, saying what changed, and IoError when it cannot be read.
class JournalReader {
 public:
  JournalReader(const std::string& path, const JournalKey& expected);
  std::size_t runs() const { return offsets_.size(); }  // complete records, in plan order
  // Bytes after the last whole record: a record cut short by a kill, or damage.
  std::uint64_t dropped_bytes() const { return dropped_; }
  RunResult run(std::size_t index);  // the index-th record
  // Cuts a torn last record off, so that appending continues cleanly.
  void truncate_to_complete();

 private:
  std::string path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  std::vector<long> offsets_;  // of each complete record's payload
  std::vector<std::uint64_t> sizes_;
  long end_ = 0;  // just past the last complete record
  std::uint64_t dropped_ = 0;
};

}  // namespace journeysim
