#include "journeysim/output/journal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string_view>

#include "journeysim/core/error.h"
#include "journeysim/core/version.h"
#include "journeysim/output/output_path.h"
#include "journeysim/scenario/loader.h"
#include "journeysim/sim/run_codec.h"

namespace journeysim {

namespace {

// 2: runs carry /convert_days; 3: the counts money is computed from
// (SegmentResults). A journal of another layout is refused, not misread.
constexpr char kMagic[] = "journeysim journal 3\n";
// What every layout's magic starts with, its version left out.
constexpr std::string_view kAnyJournal = "journeysim journal";
static_assert(std::string_view(kMagic).substr(0, kAnyJournal.size()) == kAnyJournal);
constexpr std::size_t kMagicSize = sizeof kMagic - 1;

std::string encode_key(const JournalKey& k) {
  ByteWriter w;
  w.all(k.engine_version, k.command, k.effective, k.sets, k.runs);
  return std::move(w.bytes);
}

// The first line of the effective scenario that differs, with the table it
// is in and, in an array of tables, the entry's id: "[scenario] seed = 5
// then, seed = 6 now", "[[campaigns]] id = "promo": reach = 0.6 then, ...".
std::string first_difference(const std::string& then, const std::string& now) {
  std::istringstream a(then), b(now);
  std::string x, y, table, entry;
  for (;;) {
    const bool more_a = static_cast<bool>(std::getline(a, x)), more_b = static_cast<bool>(std::getline(b, y));
    if (!more_a && !more_b) return "";
    if (!more_a) x = "(nothing)";
    if (!more_b) y = "(nothing)";
    if (x != y) {
      const std::string where = table + (entry.empty() ? "" : " " + entry + ":");
      return (where.empty() ? "" : where + " ") + x + " then, " + y + " now";
    }
    if (!y.empty() && y.front() == '[') {
      table = y;
      entry.clear();
    } else if (y.rfind("id = ", 0) == 0 || y.rfind("path = ", 0) == 0) {
      entry = y;
    }
  }
}

// The --set options as the key keeps them (one a line), on one line.
std::string set_list(const std::string& sets) {
  if (sets.empty()) return "none";
  std::string out = sets.substr(0, sets.size() - 1);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

[[noreturn]] void io_failure(const std::string& what, const std::string& path) {
  throw IoError("cannot " + what + " the journal " + path + ": " + std::strerror(errno));
}

void write_record(std::FILE* f, const std::string& payload, const std::string& path) {
  const std::uint64_t size = payload.size(), sum = checksum64(payload);
  if (std::fwrite(&size, 8, 1, f) != 1 || std::fwrite(&sum, 8, 1, f) != 1 ||
      std::fwrite(payload.data(), 1, payload.size(), f) != payload.size() || std::fflush(f) != 0) {
    io_failure("write", path);
  }
}

// The next record's payload, or false at the end or at a torn record.
bool read_record(std::FILE* f, std::string& payload) {
  std::uint64_t size = 0, sum = 0;
  if (std::fread(&size, 8, 1, f) != 1 || std::fread(&sum, 8, 1, f) != 1) return false;
  if (size > (std::uint64_t{1} << 40)) return false;
  payload.resize(size);
  if (std::fread(payload.data(), 1, size, f) != size) return false;
  return checksum64(payload) == sum;
}

// The magic line and the key's record, whose payload goes to `key`; false
// when the file is not a journal or its header was cut short.
bool read_header(std::FILE* f, std::string& key) {
  char magic[kMagicSize];
  return std::fread(magic, 1, kMagicSize, f) == kMagicSize && std::memcmp(magic, kMagic, kMagicSize) == 0 &&
         read_record(f, key);
}

}  // namespace

JournalKey journal_key(const RunPlan& plan, const std::vector<std::string>& sets) {
  JournalKey k;
  k.engine_version = engine_version();
  k.command = plan.command;
  k.effective = effective_toml(effective_scenario(plan));
  // The points themselves, not only the design that makes them: a sobol
  // sweep's moved to points n to 2n - 1 (1be04db), and a journal of the old
  // points resumed by the new code would have mixed the two unnoticed.
  std::string points;
  for (const auto& point : plan.sweep_values) {
    for (const double v : point) points.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  if (!points.empty()) {
    char sum[32];
    std::snprintf(sum, sizeof sum, "%016llx", static_cast<unsigned long long>(checksum64(points)));
    k.effective += std::string("# the design's points: ") + sum + "\n";
  }
  for (const auto& s : sets) k.sets += s + "\n";
  k.runs = static_cast<std::uint32_t>(plan.runs.size());
  return k;
}

std::uint64_t fingerprint(const JournalKey& key) {
  return checksum64(encode_key(key));
}

std::string journal_path(const std::string& output) {
  return output + ".journal";
}

void check_journal_path(const std::string& path) {
  std::error_code ec;
  const auto st = std::filesystem::symlink_status(path, ec);
  if (ec == std::errc::filename_too_long) {
    throw IoError("cannot keep this sweep's journal at " + path +
                  ": the name is longer than a file name can be; give the sweep a shorter -o");
  }
  if (ec || !std::filesystem::exists(st)) return;
  const auto refuse = [&](const std::string& what) {
    throw IoError(path + " is in the way of this sweep's journal: it is " + what +
                  "; a sweep writes its journal there and deletes it at the end, so move it away (or give "
                  "the sweep another -o)");
  };
  if (std::filesystem::is_symlink(st)) refuse("a symbolic link");
  if (!std::filesystem::is_regular_file(st)) refuse("not a regular file");
  if (std::filesystem::file_size(path, ec) == 0) return;
  // A journal of any layout, or one whose header was cut short (a disk that
  // filled, a kill while it was written), is a sweep's: its own checks say
  // what to do with it. Refused, it blocked every later sweep into that output.
  const auto head = file_head(path, kAnyJournal.size());
  if (!head) refuse(std::string("a file that cannot be read (") + std::strerror(errno) + ")");
  if (*head != kAnyJournal) refuse("not a journeysim journal");
}

JournalLock::JournalLock(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);  // never through a link
  if (fd_ < 0) io_failure("create", path);
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    fd_ = -1;
    throw IoError("another journeysim is writing a sweep into this output (it holds " + path +
                  "); wait for it to finish, or give this one another -o");
  }
}

JournalLock::~JournalLock() {
  if (fd_ < 0) return;
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && st.st_size == 0) ::unlink(path_.c_str());  // made by the lock alone
  ::close(fd_);
}

std::size_t journaled_runs(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  std::string payload;
  if (!f || !read_header(f.get(), payload)) return 0;
  std::size_t runs = 0;
  while (read_record(f.get(), payload)) ++runs;
  return runs;
}

JournalWriter::JournalWriter(const std::string& path, const JournalKey& key, std::size_t continue_from)
    : path_(path) {
  // Never through a link, like the lock: one swapped in since the path was
  // checked would have the journal written over whatever it points to.
  const int flags = O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | (continue_from ? O_APPEND : O_TRUNC);
  const int fd = ::open(path.c_str(), flags, 0644);
  file_ = fd < 0 ? nullptr : ::fdopen(fd, continue_from ? "ab" : "wb");
  if (!file_) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    errno = error;
    io_failure(continue_from ? "append to" : "create", path);
  }
  if (!continue_from) {
    if (std::fwrite(kMagic, 1, kMagicSize, file_) != kMagicSize) io_failure("write", path);
    write_record(file_, encode_key(key), path);
  }
}

JournalWriter::~JournalWriter() {
  if (file_) std::fclose(file_);
}

void JournalWriter::run_done(std::size_t, const PlannedRun&, const RunResult& result) {
  // In the kernel once written, so a SIGKILL loses nothing written; synced
  // to the disk every 10 s, so a power cut loses at most that (syncing every
  // 256 runs cost 5% of a sweep of small runs).
  write_record(file_, encode_run(result), path_);
  const auto now = std::chrono::steady_clock::now();
  if (now - synced_ > std::chrono::seconds(10)) flush();
}

void JournalWriter::flush() {
  if (file_ && (std::fflush(file_) != 0 || ::fsync(::fileno(file_)) != 0)) io_failure("write", path_);
  synced_ = std::chrono::steady_clock::now();
}

void JournalWriter::remove() {
  if (file_) std::fclose(file_);
  file_ = nullptr;
  std::remove(path_.c_str());
}

JournalReader::JournalReader(const std::string& path, const JournalKey& expected)
    : path_(path), file_(std::fopen(path.c_str(), "rb"), &std::fclose) {
  if (!file_) io_failure("read", path);
  std::string payload;
  if (!read_header(file_.get(), payload)) {
    throw IoError("cannot resume from " + path + ": it is not a journeysim journal (or it was cut short)");
  }
  JournalKey key;
  ByteReader r{payload};
  r.all(key.engine_version, key.command, key.effective, key.sets, key.runs);
  std::string changed;
  if (key.engine_version != expected.engine_version)
    changed = "the engine (" + key.engine_version + " then, " + expected.engine_version + " now)";
  else if (key.command != expected.command)
    changed = "the command (" + key.command + " then, " + expected.command + " now)";
  else if (key.sets != expected.sets)
    changed = "the --set options (" + set_list(key.sets) + " then, " + set_list(expected.sets) + " now)";
  else if (key.effective != expected.effective)
    changed = "the scenario, its [sweep] or --replications (" +
              first_difference(key.effective, expected.effective) + ")";
  else if (key.runs != expected.runs)
    changed = "the number of runs (" + std::to_string(key.runs) + " then, " + std::to_string(expected.runs) +
              " now: --replications?)";
  if (!changed.empty()) {
    throw ScenarioError({Problem{path,
                                 {},
                                 "--resume",
                                 "cannot resume: " + changed +
                                     " changed since the journal was started; to start again, delete " +
                                     path + " and run without --resume"}});
  }
  end_ = std::ftell(file_.get());
  while (read_record(file_.get(), payload)) {
    sizes_.push_back(payload.size());
    offsets_.push_back(end_ + 16);
    end_ = std::ftell(file_.get());
  }
  if (std::fseek(file_.get(), 0, SEEK_END) == 0) {
    const long size = std::ftell(file_.get());
    if (size > end_) dropped_ = static_cast<std::uint64_t>(size - end_);
  }
  // Never more than the plan: a journal is of one plan.
  if (offsets_.size() > expected.runs) {
    offsets_.resize(expected.runs);
    sizes_.resize(expected.runs);
  }
}

RunResult JournalReader::run(std::size_t index) {
  std::string payload(sizes_[index], '\0');
  if (std::fseek(file_.get(), offsets_[index], SEEK_SET) != 0 ||
      std::fread(payload.data(), 1, payload.size(), file_.get()) != payload.size()) {
    io_failure("read", path_);
  }
  return decode_run(payload);
}

void JournalReader::truncate_to_complete() {
  if (::truncate(path_.c_str(), end_) != 0) io_failure("repair", path_);
}

}  // namespace journeysim
