// The journeysim command line: parse arguments, call the library, print,
// and map errors to exit codes (0 ok, 1 bad input, 2 runtime failure).
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iostream>
#include <thread>

#include "journeysim/app/commands.h"
#include "journeysim/core/error.h"
#include "journeysim/core/version.h"
#include "journeysim/experiment/transport.h"
#include "journeysim/output/run_file.h"
#include "journeysim/scenario/checks.h"
#include "mpi_transport.h"
#include "parse_failure.h"

namespace js = journeysim;

namespace {

// SIGINT, SIGTERM and SIGHUP ask the runs to stop; the library throws Interrupted
// and removes its temporary file. A second Ctrl-C ends the program at once;
// SIGTERM always stops cleanly, however often it comes: GNU timeout sends it
// twice at once (to the process, then to its group).
std::atomic<bool> stop_requested{false};
volatile std::sig_atomic_t stop_signal = 0;

extern "C" void on_stop_signal(int signal_number) {
  stop_signal = signal_number;
  stop_requested.store(true);
  std::signal(SIGINT, SIG_DFL);
}

// HDF5 trusts a file's heaps: a damaged one (a flipped bit) crashes it
// inside a read (H5HG_read copying an object of a size gone wild, or strlen
// on the string it returned). `report` reads its input once under this
// guard first, so such a file ends with a message and exit code 1, not a
// segfault; the guard is lifted before the page is made, so a crash of our
// own is never blamed on the file.
char damaged_text[4352];
std::size_t damaged_size = 0;

extern "C" void on_damaged_read(int) {
  static_cast<void>(::write(STDERR_FILENO, damaged_text, damaged_size));
  ::_exit(1);
}

void read_under_guard(const std::string& path) {
  std::snprintf(damaged_text, sizeof damaged_text,
                "journeysim: error: cannot read %.4096s: it is damaged (HDF5 failed inside a read)\n",
                path.c_str());
  damaged_size = std::strlen(damaged_text);
  // The handlers there were before, put back however the read ends.
  struct Guard {
    struct sigaction segv {};
    struct sigaction bus {};
    Guard() {
      struct sigaction guard {};
      guard.sa_handler = on_damaged_read;
      sigemptyset(&guard.sa_mask);
      sigaction(SIGSEGV, &guard, &segv);
      sigaction(SIGBUS, &guard, &bus);
    }
    ~Guard() {
      sigaction(SIGSEGV, &segv, nullptr);
      sigaction(SIGBUS, &bus, nullptr);
    }
  } guard;
  static_cast<void>(js::read_run_file(path));
}

// The command as typed, for the file's command_line attribute: an argument
// that a shell would split or expand goes in single quotes.
std::string typed_command(int argc, char** argv) {
  std::string line = "journeysim";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool plain = !arg.empty() && arg.find_first_not_of(
                                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789_./=:,+-@%") == std::string::npos;
    std::string quoted = "'";
    for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    line += " " + (plain ? arg : quoted + "'");
  }
  return line;
}

void catch_stop_signals() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  // A signal the process was started ignoring stays ignored: `nohup`
  // ignores SIGHUP, and a shell script's `cmd &` SIGINT, for it to live on.
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction was {};
    if (sigaction(signal_number, nullptr, &was) == 0 && was.sa_handler == SIG_IGN) continue;
    // SIGHUP, a closed terminal or ssh session: stop as for SIGTERM, not die
    // with the temporary file left behind.
    sigaction(signal_number, &action, nullptr);
  }
  // Past `ulimit -f`, a write fails (EFBIG) and is reported and cleaned up
  // like a full disk, instead of the process dying mid-write.
  std::signal(SIGXFSZ, SIG_IGN);
}

// The progress line, on a terminal only.
std::function<void(std::size_t, std::size_t)> progress_line(bool quiet, const char* noun) {
  if (quiet || !::isatty(STDERR_FILENO)) return {};
  const auto start = std::chrono::steady_clock::now();
  auto shown = start;
  return [noun, start, shown](std::size_t done, std::size_t total) mutable {
    const auto now = std::chrono::steady_clock::now();
    if (done != total && now - shown < std::chrono::milliseconds(100)) return;  // a terminal needs no more
    shown = now;
    const double seconds = std::chrono::duration<double>(now - start).count();
    std::fprintf(stderr, "\r\033[K%s", js::progress_text(done, total, seconds, noun).c_str());
    if (done == total) std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
  };
}

// CLI11's Range would print its bounds as 0.000000 to 1.000000.
CLI::Validator fraction() {
  return CLI::Validator(
      [](std::string& text) {
        char* end = nullptr;
        const double v = std::strtod(text.c_str(), &end);
        if (end == text.c_str() || *end != '\0' || !(v > 0.0 && v <= 1.0)) {
          return "is " + text +
                 "; allowed: a fraction above 0 and at most 1 (0.001 is 0.1 percentage points)";
        }
        return std::string();
      },
      "FRACTION");
}

void print_problems(const js::ScenarioError& e) {
  std::cerr << e.what() << "\n";
  const auto n = e.problems().size();
  if (n > 1) std::cerr << n << " problems\n";
}

// Every file, whatever the ones before it held: exit 1 if any is invalid.
int validate_all(const std::vector<std::string>& paths, const std::vector<std::string>& sets) {
  int code = 0;
  for (const auto& path : paths) {
    try {
      std::cout << js::validate_command(path, sets) << "\n";
    } catch (const js::ScenarioError& e) {
      print_problems(e);
      code = 1;
    }
  }
  return code;
}

// An option given an empty value (`-o ""` wrote to the default place,
// `--variant ""` ran the baseline) is refused rather than read as not given.
CLI::Validator not_empty(const std::string& what) {
  return CLI::Validator(
      [what](std::string& value) { return value.empty() ? "is empty; give " + what : std::string(); }, "");
}

constexpr std::int64_t kMostThreads = 1'000'000;  // a bound on typing mistakes, not on machines

// A whole number from 1 to `most`, shown as N in the help (CLI11's own type
// and range read "UINT:INT in [1 - 1000000]").
CLI::Option* whole_number(CLI::Option* option, std::int64_t most) {
  return option->type_name("N")->check(CLI::Range(std::int64_t{1}, most).description(""));
}

// -o: a file name, never empty.
void output_option(CLI::App* command, std::string& target, const std::string& help) {
  command->add_option("-o,--output", target, help)->type_name("FILE")->check(not_empty("a file name"));
}

// --set PATH=VALUE, repeatable, one value each time it is given.
void set_option(CLI::App* command, std::vector<std::string>& target, const std::string& help) {
  command->add_option("--set", target, help)->type_name("PATH=VALUE")->allow_extra_args(false);
}

template <class T>
void threads_option(CLI::App* command, T& target) {
  whole_number(command->add_option("--threads", target, "worker threads (default: every core)"),
               kMostThreads);
}

// The console's tables: text, csv or markdown.
CLI::Validator table_format() {
  return CLI::Validator(
      [](std::string& value) {
        try {
          js::table_format(value);
          return std::string();
        } catch (const std::invalid_argument& e) {
          return std::string(e.what());
        }
      },
      "text|csv|markdown");
}

// CSV is for a program to read: warnings go to stderr, not into the table.
void show(const js::CommandOutcome& outcome, bool quiet, js::TableFormat format) {
  if (quiet || format == js::TableFormat::Csv) {
    for (const auto& w : outcome.warnings) std::cerr << "warning: " << w << "\n";
  }
  if (!quiet) std::cout << outcome.summary;
}

}  // namespace

static int journeysim_main(int argc, char** argv) {
  // First, so that MPI ends last. Under mpirun the processes other than
  // rank 0 print nothing: rank 0 speaks for the job.
  journeysim_cli::MpiJob mpi;
  try {
    mpi = journeysim_cli::start_mpi();
  } catch (const std::exception& e) {
    std::cerr << "journeysim: error: " << e.what() << "\n";
    return 2;
  }
  js::Transport* const cluster = mpi.transport && mpi.transport->size() > 1 ? mpi.transport.get() : nullptr;
  const bool follower = cluster && cluster->rank() != 0;

  CLI::App app{"journeysim: customer-journey simulation"};
  app.set_version_flag("--version", js::version_text());
  app.require_subcommand(1);
  app.failure_message(journeysim_cli::parse_failure);

  js::CommandRequest run;
  int run_replications = 0;
  bool run_quiet = false;
  auto* run_cmd = app.add_subcommand("run", "simulate a scenario and write its results (HDF5)");
  run_cmd->add_option("scenario", run.scenario, "scenario file (TOML)")->type_name("FILE")->required();
  output_option(
      run_cmd, run.output,
      "results file (default outputs/<name>-run.h5; with --variant, outputs/<name>-run-<variant>.h5)");
  whole_number(
      run_cmd->add_option("--replications", run_replications, "replications (default: the scenario's)"),
      js::kMaxReplications);
  run_cmd->add_option("--variant", run.variant, "run this [[variants]] entry instead of the baseline")
      ->type_name("ID")
      ->check(not_empty("a variant's id"));
  set_option(run_cmd, run.sets, "override a parameter, PATH=VALUE (repeatable)");
  run_cmd->add_flag("--events", run.events, "also write the per-event log to /events");
  run_cmd->add_flag("--report", run.report, "also write the HTML report beside the results (<name>.html)");
  threads_option(run_cmd, run.threads);
  run_cmd->add_flag("-q,--quiet", run_quiet, "no progress line and no summary");
  std::string run_format = "text";
  run_cmd->add_option("--format", run_format, "the summary's tables as text (default), csv or markdown")
      ->check(table_format());

  js::CommandRequest compare;
  int compare_replications = 0, max_replications = 200;
  bool compare_quiet = false;
  auto* compare_cmd =
      app.add_subcommand("compare", "baseline and every [[variants]] arm, with paired statistics");
  compare_cmd->add_option("scenario", compare.scenario, "scenario file (TOML)")
      ->type_name("FILE")
      ->required();
  output_option(compare_cmd, compare.output, "results file (default outputs/<name>-compare.h5)");
  whole_number(compare_cmd->add_option("--replications", compare_replications,
                                       "replications per arm (default: the scenario's)"),
               js::kMaxReplications);
  compare_cmd
      ->add_option("--precision", compare.precision,
                   "add replications until every conversion-rate difference has a 95% CI half-width <= X "
                   "(a fraction: 0.001 is 0.1 percentage points)")
      ->check(fraction());
  whole_number(compare_cmd->add_option("--max-replications", max_replications,
                                       "the most --precision may use (default 200)"),
               js::kMaxReplications);
  set_option(compare_cmd, compare.sets, "override a parameter in every arm, PATH=VALUE (repeatable)");
  threads_option(compare_cmd, compare.threads);
  compare_cmd->add_flag("--report", compare.report,
                        "also write the HTML report beside the results (<name>.html)");
  compare_cmd->add_flag("-q,--quiet", compare_quiet, "no progress line and no table");
  std::string compare_format = "text";
  compare_cmd->add_option("--format", compare_format, "the tables as text (default), csv or markdown")
      ->check(table_format());

  js::CommandRequest sweep;
  int sweep_replications = 0;
  bool sweep_quiet = false;
  auto* sweep_cmd =
      app.add_subcommand("sweep", "every point of the scenario's [sweep] design, with replications");
  sweep_cmd->add_option("scenario", sweep.scenario, "scenario file (TOML) with a [sweep] table")
      ->type_name("FILE")
      ->required();
  output_option(sweep_cmd, sweep.output, "results file (default outputs/<name>-sweep.h5)");
  whole_number(sweep_cmd->add_option("--replications", sweep_replications,
                                     "replications per point (default: the sweep's own)"),
               js::kMaxReplications);
  set_option(sweep_cmd, sweep.sets, "override a parameter at every point, PATH=VALUE (repeatable)");
  threads_option(sweep_cmd, sweep.threads);
  sweep_cmd->add_flag("--report", sweep.report,
                      "also write the HTML report beside the results (<name>.html)");
  sweep_cmd->add_flag("-q,--quiet", sweep_quiet, "no progress line and no summary");
  sweep_cmd->add_flag("--resume", sweep.resume,
                      "go on from <output>.journal, left by a sweep that was stopped or killed");
  std::string sweep_format = "text";
  sweep_cmd->add_option("--format", sweep_format, "the tables as text (default), csv or markdown")
      ->check(table_format());

  std::string report_input, report_output;
  auto* report_cmd =
      app.add_subcommand("report", "a results file as one self-contained HTML page (opens offline)");
  report_cmd->add_option("results", report_input, "results file (HDF5) written by run, compare or sweep")
      ->type_name("FILE")
      ->required();
  output_option(report_cmd, report_output, "the page (default: the results file with .html)");

  std::vector<std::string> validate_paths;
  auto* validate_cmd =
      app.add_subcommand("validate", "check scenarios; every problem of each as FILE:LINE:COL");
  validate_cmd->add_option("scenarios", validate_paths, "scenario files (TOML)")
      ->type_name("FILE")
      ->required();
  std::vector<std::string> validate_sets;
  set_option(validate_cmd, validate_sets,
             "check with a parameter overridden, PATH=VALUE (repeatable), as run and compare take it");

  // CLI11 would say only "A subcommand is required" for `journeysim sweep`.
  if (argc > 1 && argv[1][0] != '-' && !follower) {
    const auto known = journeysim_cli::command_names(app);
    if (std::find(known.begin(), known.end(), argv[1]) == known.end()) {
      std::cerr << "journeysim: unknown command `" << argv[1]
                << "`; the commands are: " << journeysim_cli::joined(known, ", ")
                << " (journeysim --help says more)\n";
      return 1;
    }
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (follower) return e.get_exit_code() == 0 ? 0 : 1;
    return app.exit(e) == 0 ? 0 : 1;
  }
  // Only a sweep is spread over processes; rank 0 does anything else alone.
  if (follower && !*sweep_cmd) return 0;
  const std::string alone = cluster && !*sweep_cmd
                                ? "under mpirun only `sweep` is spread over processes; this ran on process "
                                  "0 alone"
                                : "";
  auto say_alone = [&alone](js::CommandOutcome& outcome) {
    if (alone.empty()) return;
    outcome.warnings.push_back(alone);
    outcome.summary += "warning: " + alone + "\n";
  };

  catch_stop_signals();
  run.stop = compare.stop = sweep.stop = &stop_requested;
  run.command_line = compare.command_line = sweep.command_line = typed_command(argc, argv);
  try {
    if (*run_cmd) {
      run.replications = static_cast<std::uint32_t>(run_replications);
      run.progress = progress_line(run_quiet, "replications");
      run.format = js::table_format(run_format);
      auto outcome = js::run_command(run);
      say_alone(outcome);
      show(outcome, run_quiet, run.format);
    } else if (*compare_cmd) {
      compare.replications = static_cast<std::uint32_t>(compare_replications);
      compare.max_replications = static_cast<std::uint32_t>(max_replications);
      compare.progress = progress_line(compare_quiet, "runs");
      compare.format = js::table_format(compare_format);
      auto outcome = js::compare_command(compare);
      say_alone(outcome);
      show(outcome, compare_quiet, compare.format);
    } else if (*sweep_cmd) {
      sweep.replications = static_cast<std::uint32_t>(sweep_replications);
      sweep.progress = progress_line(sweep_quiet || follower, "runs");
      sweep.format = js::table_format(sweep_format);
      sweep.cluster = cluster;
      // The machine's cores are shared among the job's processes on it.
      if (cluster && sweep.threads == 0)
        sweep.threads =
            std::max(1u, std::thread::hardware_concurrency() / static_cast<unsigned>(mpi.on_this_machine));
      const auto outcome = js::sweep_command(sweep);
      if (!outcome.follower) show(outcome, sweep_quiet, sweep.format);
      // The file is written (its /sweep/failures says why), but a script must not go on as if
      // the sweep had results.
      if (!outcome.follower && outcome.runs > 0 && outcome.failed_runs == outcome.runs) {
        std::cerr << "journeysim: error: every run of the sweep failed; " << outcome.output
                  << " holds why in /sweep/failures\n";
        return 1;
      }
    } else if (*report_cmd) {
      read_under_guard(report_input);
      std::cout << js::report_command(report_input, report_output).summary;
    } else if (*validate_cmd) {
      return validate_all(validate_paths, validate_sets);
    }
  } catch (const js::Interrupted& e) {
    if (::isatty(STDERR_FILENO)) std::fprintf(stderr, "\r\033[K");
    const int s = stop_signal;
    // A sweep says what it kept and how to go on; the others keep nothing.
    const std::string kept = e.what();
    std::cerr << "journeysim: stopped by "
              << (s == SIGTERM  ? "SIGTERM"
                  : s == SIGHUP ? "SIGHUP"
                                : "SIGINT")
              << "; "
              << (kept == "interrupted" ? "no results were written (the unfinished file was removed)" : kept)
              << "\n";
    return 128 + (s ? s : SIGINT);
  } catch (const js::ScenarioError& e) {
    print_problems(e);
    return 1;
  } catch (const js::BadInput& e) {
    std::cerr << "journeysim: error: " << e.what() << "\n";
    return 1;
  } catch (const js::Error& e) {
    std::cerr << "journeysim: error: " << e.what() << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "journeysim: error: out of memory; lower population.customers or --threads\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "journeysim: error: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

int main(int argc, char** argv) {
  const int code = journeysim_main(argc, argv);
  if (code == 0) return 0;
  // A failed command has removed what it wrote; HDF5's own clean-up at exit
  // would close its files again, and one whose close failed (past `ulimit
  // -f`, even its discarded writes fail) crashes it there (SIGSEGV).
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(code);
}
