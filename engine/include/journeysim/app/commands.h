#pragma once
// One function per command: the pipeline scenario file → overrides → plan →
// runs → results file and console text, written once. The CLI, the
// benchmark and the tests call these; a Python module or an MPI runner would
// too. Nothing here prints: the outcome carries the text to show.
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "journeysim/output/table.h"
#include "journeysim/sim/engine.h"

namespace journeysim {

class Transport;  // experiment/transport.h

struct CommandRequest {
  std::string scenario;            // the scenario file
  std::string output;              // empty: outputs/<scenario name>-<command>.h5
  std::vector<std::string> sets;   // --set PATH=VALUE, applied to every arm after a variant's own
  std::string variant;             // run: a [[variants]] id; empty for the baseline
  std::uint32_t replications = 0;  // 0: the scenario's (a sweep's own for sweep)
  unsigned threads = 0;            // 0: every core
  bool events = false;             // run: stream the event log to /events
  std::string command_line;        // as typed (shell-quoted), kept in the file's root attribute
  bool report = false;             // also the HTML report beside the file (report_command)
  double precision = 0.0;          // compare: see CompareOptions
  std::uint32_t max_replications = 200;
  Ordering ordering = Ordering::Auto;      // the benchmark forces Global
  TableFormat format = TableFormat::Text;  // the summary's tables
  bool resume = false;                     // sweep: go on from the output's journal
  // sweep under mpirun: this process's link to the others (rank 0 writes
  // the file; the others run chunks of the plan). Null: one process.
  Transport* cluster = nullptr;
  // Set (by a signal handler, say) to stop: the command throws Interrupted
  // and leaves no file, neither under the output's name nor beside it.
  const std::atomic<bool>* stop = nullptr;
  // (runs done, runs planned), after each run; the CLI draws a progress line.
  std::function<void(std::size_t, std::size_t)> progress;
};

struct CommandOutcome {
  std::string output;                     // the results file written
  std::string summary;                    // the console text
  std::vector<std::string> warnings;      // also inside summary; for --quiet
  std::int64_t touchpoints = 0;           // over every run, for the benchmark
  std::int64_t messages = 0;              // campaign messages sent, over every run, for the benchmark
  bool follower = false;                  // a process of a sweep other than rank 0: nothing to show
  std::size_t runs = 0, failed_runs = 0;  // a sweep's; the CLI exits 1 when every run failed
};

// The progress line: "simulating: 120/600 runs, 35.2 runs/s, about 14 s left"
// after `seconds` of work (rate and time left once a run is done).
std::string progress_text(std::size_t done, std::size_t total, double seconds, const std::string& noun);

// "journeysim 0.1.0 (results format 1; HDF5 1.10.8, Boost 1.74, TOML++ 3.3.0)".
std::string version_text();

// Every problem with the file, as ScenarioError; else a one-line
// description. With `sets` (run's --set), the file as a run or compare
// would take it: every arm, the baseline and each variant, with them.
std::string validate_command(const std::string& scenario, const std::vector<std::string>& sets = {});
// journeysim run: one arm, its replications.
CommandOutcome run_command(const CommandRequest& request);
// journeysim compare: the baseline and every variant, paired statistics.
CommandOutcome compare_command(const CommandRequest& request);
// journeysim report: the results file `results` as one self-contained HTML
// page at `output` (empty: the results file's name with .html). The
// outcome's output names the page.
CommandOutcome report_command(const std::string& results, const std::string& output);
// journeysim sweep: every point of the [sweep] design, its replications;
// with request.cluster, over every process (experiment/distribute.h).
CommandOutcome sweep_command(const CommandRequest& request);

}  // namespace journeysim
