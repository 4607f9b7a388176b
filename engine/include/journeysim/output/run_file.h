#pragma once
// The HDF5 results file, format_version 1 (outputs/README.md documents it),
// written as the runs finish: the writer is a ResultSink that appends each
// run's rows, in plan order, and holds about a chunk per dataset, whatever
// the number of runs or events.
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "journeysim/experiment/compare.h"
#include "journeysim/experiment/execute.h"
#include "journeysim/experiment/plan.h"

namespace journeysim {

// What the command line asked for, recorded in the file's root attributes
// `set` (the --set arguments, one a line), `variant`, `replications` (per
// arm) and `threads`, so that a file says what made it.
struct Invocation {
  std::vector<std::string> sets;
  std::string variant;       // run: the arm's id; compare: empty
  unsigned threads = 0;      // of rank 0 under mpirun
  unsigned processes = 1;    // MPI processes that ran the runs
  std::string command_line;  // as typed, shell-quoted; empty when not from a command line
};

class RunFileWriter final : public ResultSink {
 public:
  // Opens a temporary file beside `path` and writes the header: attributes,
  // /scenario/source, /labels (the plan's arms are /labels/variants). Throws
  // IoError naming `path`. /scenario/effective is written at commit(), with
  // the replications the plan ran, so that running it again with no options
  // gives the same /runs.
  RunFileWriter(const std::string& path, const RunPlan& plan, bool events, Invocation invocation = {});
  ~RunFileWriter() override;  // without commit(): removes the temporary file

  void events(std::size_t index, const std::vector<EventRecord>& rows) override;
  bool can_retract_events() const override { return true; }
  void retract_events(std::size_t index, std::uint64_t rows) override;
  void run_done(std::size_t index, const PlannedRun& run, const RunResult& result) override;
  void add_comparison(const Comparison& comparison);  // /compare
  // Writes what is buffered, closes, syncs and renames the file into place;
  // if `stop` is set by then, throws Interrupted instead of renaming.
  void commit(const std::atomic<bool>* stop = nullptr);
  // The rows of /events (with `events`): those appended, less those taken back.
  std::uint64_t event_rows() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A row of /runs (or /by_segment/runs) as read back: the run's keys and
// every headline metric.
struct RunRow {
  std::uint32_t run = 0, variant = 0, replication = 0;
  std::uint64_t seed = 0;                             // /runs only
  std::uint32_t segment = 0;                          // /by_segment/runs only
  std::map<std::string, double, std::less<>> values;  // by metric name
  double operator[](std::string_view metric) const;   // throws std::out_of_range
};

// A row of /compare, as stored.
struct CompareRecord {
  std::uint32_t variant;
  std::string metric;
  double mean, ci_low, ci_high, diff, diff_ci_low, diff_ci_high, lift_pct;
  std::uint8_t significant;
};

// What tests and later commands read back.
struct RunFileContents {
  std::map<std::string, std::string> text_attrs;
  std::int64_t format_version = 0;
  std::vector<RunRow> runs;
  std::vector<RunRow> segment_runs;  // /by_segment/runs, empty in files before issue 8
  std::map<std::string, std::vector<std::string>> labels;
  std::string source, effective;
  bool has_events = false;  // /events is there (run --events)
  std::int64_t event_count = 0;
  std::vector<CompareRecord> compare;                         // empty unless written by compare
  std::vector<std::map<std::string, double>> sweep_summary;   // /sweep/summary by field; sweep only
  std::vector<std::map<std::string, double>> sweep_failures;  // /sweep/failures: run, point, replication
};
RunFileContents read_run_file(const std::string& path);
// The HDF5 library version in use, "1.10.8".
std::string hdf5_version();
// A numeric dataset, flattened, with its shape.
std::vector<std::int64_t> read_counts(const std::string& path, const std::string& dataset,
                                      std::vector<std::uint64_t>* dims = nullptr);
std::vector<double> read_values(const std::string& path, const std::string& dataset,
                                std::vector<std::uint64_t>* dims = nullptr);
// A compound table's numeric fields, row by row, by field name (strings left out).
std::vector<std::map<std::string, double>> read_table(const std::string& path, const std::string& dataset);

}  // namespace journeysim
