#include "journeysim/output/journal.h"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <type_traits>

#include "journeysim/core/error.h"
#include "journeysim/core/version.h"
#include "journeysim/scenario/loader.h"

namespace journeysim {

namespace {

constexpr char kMagic[] = "journeysim journal 1\n";
constexpr std::size_t kMagicSize = sizeof kMagic - 1;

// FNV-1a, 64 bits: enough to tell a torn or damaged record from a whole one.
std::uint64_t checksum(const std::string& bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

struct Out {
  std::string bytes;
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put(const std::string& s) {
    put(static_cast<std::uint64_t>(s.size()));
    bytes += s;
  }
  template <class T>
  void put(const std::vector<T>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
};

struct In {
  const std::string& bytes;
  std::size_t at = 0;
  void need(std::size_t n) {
    if (at + n > bytes.size()) throw IoError("a journal record ends early");
  }
  template <class T>
  void get(T& v) {
    need(sizeof v);
    std::memcpy(&v, bytes.data() + at, sizeof v);
    at += sizeof v;
  }
  void get(std::string& s) {
    std::uint64_t n = 0;
    get(n);
    need(n);
    s.assign(bytes.data() + at, n);
    at += n;
  }
  template <class T>
  void get(std::vector<T>& v) {
    std::uint64_t n = 0;
    get(n);
    need(n * sizeof(T));
    v.resize(n);
    std::memcpy(v.data(), bytes.data() + at, n * sizeof(T));
    at += n * sizeof(T);
  }
};

// Every field of a run, in one order for writing and reading.
template <class Stream, class Result>
void fields(Stream& s, Result& r) {
  s.put_or_get(r.variant, r.replication, r.seed, r.days, r.occupancy_step, r.totals, r.reached, r.lost,
               r.in_progress, r.touch_count, r.touch_friction, r.touch_abandon, r.touch_leave,
               r.touch_advance, r.touch_revenue, r.flows, r.occupancy, r.campaign_sends, r.campaign_reached,
               r.campaign_wins, r.channel_cost, r.by_segment.totals, r.by_segment.reached, r.by_segment.lost,
               r.by_segment.in_progress, r.by_segment.touch_count, r.by_segment.touch_friction,
               r.by_segment.touch_abandon, r.by_segment.touch_leave, r.by_segment.touch_advance,
               r.by_segment.touch_revenue, r.error);
}

struct Writer : Out {
  template <class... T>
  void put_or_get(const T&... v) {
    (put(v), ...);
  }
};
struct Reader : In {
  template <class... T>
  void put_or_get(T&... v) {
    (get(v), ...);
  }
};

std::string encode_key(const JournalKey& k) {
  Writer w;
  w.put_or_get(k.engine_version, k.command, k.effective, k.sets, k.runs);
  return w.bytes;
}

[[noreturn]] void io_failure(const std::string& what, const std::string& path) {
  throw IoError("cannot " + what + " the journal " + path + ": " + std::strerror(errno));
}

void write_record(std::FILE* f, const std::string& payload, const std::string& path) {
  const std::uint64_t size = payload.size(), sum = checksum(payload);
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
  return checksum(payload) == sum;
}

}  // namespace

JournalKey journal_key(const RunPlan& plan, const std::vector<std::string>& sets) {
  JournalKey k;
  k.engine_version = engine_version();
  k.command = plan.command;
  k.effective = effective_toml(effective_scenario(plan));
  for (const auto& s : sets) k.sets += s + "\n";
  k.runs = static_cast<std::uint32_t>(plan.runs.size());
  return k;
}

std::string journal_path(const std::string& output) {
  return output + ".journal";
}

JournalWriter::JournalWriter(const std::string& path, const JournalKey& key, std::size_t continue_from)
    : path_(path) {
  file_ = std::fopen(path.c_str(), continue_from ? "ab" : "wb");
  if (!file_) io_failure(continue_from ? "append to" : "create", path);
  if (!continue_from) {
    if (std::fwrite(kMagic, 1, kMagicSize, file_) != kMagicSize) io_failure("write", path);
    write_record(file_, encode_key(key), path);
  }
}

JournalWriter::~JournalWriter() {
  if (file_) std::fclose(file_);
}

void JournalWriter::run_done(std::size_t, const PlannedRun&, const RunResult& result) {
  Writer w;
  fields(w, result);
  // In the kernel once written, so a SIGKILL loses nothing written; synced
  // to the disk every 10 s, so a power cut loses at most that (syncing every
  // 256 runs cost 5% of a sweep of small runs).
  write_record(file_, w.bytes, path_);
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
  char magic[kMagicSize];
  std::string payload;
  if (std::fread(magic, 1, kMagicSize, file_.get()) != kMagicSize ||
      std::memcmp(magic, kMagic, kMagicSize) != 0 || !read_record(file_.get(), payload)) {
    throw IoError("cannot resume from " + path + ": it is not a journeysim journal (or it was cut short)");
  }
  JournalKey key;
  Reader r{{payload}};
  r.put_or_get(key.engine_version, key.command, key.effective, key.sets, key.runs);
  std::string changed;
  if (key.engine_version != expected.engine_version)
    changed = "the engine (" + key.engine_version + " then, " + expected.engine_version + " now)";
  else if (key.command != expected.command)
    changed = "the command (" + key.command + " then, " + expected.command + " now)";
  else if (key.sets != expected.sets)
    changed = "the --set options";
  else if (key.effective != expected.effective)
    changed = "the scenario or its [sweep] design";
  else if (key.runs != expected.runs)
    changed = "the number of runs (" + std::to_string(key.runs) + " then, " + std::to_string(expected.runs) +
              " now: --replications?)";
  if (!changed.empty()) {
    throw ScenarioError({Problem{path,
                                 {},
                                 "--resume",
                                 "cannot resume: " + changed +
                                     " changed since the journal was started; run "
                                     "without --resume to start again"}});
  }
  end_ = std::ftell(file_.get());
  while (read_record(file_.get(), payload)) {
    sizes_.push_back(payload.size());
    offsets_.push_back(end_ + 16);
    end_ = std::ftell(file_.get());
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
  RunResult result;
  Reader r{{payload}};
  fields(r, result);
  return result;
}

void JournalReader::truncate_to_complete() {
  if (::truncate(path_.c_str(), end_) != 0) io_failure("repair", path_);
}

}  // namespace journeysim
