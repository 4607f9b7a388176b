// The journeysim command line: parse arguments, call the library, print,
// and map errors to exit codes (0 ok, 1 bad input, 2 runtime failure).
#include <CLI/CLI.hpp>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "journeysim/core/error.h"
#include "journeysim/core/version.h"
#include "journeysim/experiment/compare.h"
#include "journeysim/model/model.h"
#include "journeysim/output/run_file.h"
#include "journeysim/output/summary.h"
#include "journeysim/scenario/loader.h"
#include "journeysim/scenario/param_path.h"
#include "journeysim/sim/runner.h"

namespace js = journeysim;

namespace {

struct RunArgs {
  std::string scenario, output, variant;
  std::vector<std::string> sets;
  int replications = 0;
  unsigned threads = 0;
  bool events = false;
  bool quiet = false;
};

std::string default_output(const std::string& name, const std::string& command) {
  std::filesystem::create_directories("outputs");
  return "outputs/" + name + "-" + command + ".h5";
}

int cmd_validate(const std::string& path) {
  const auto scenario = js::load_scenario_file(path);
  auto count = [](std::size_t n, const char* noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
  };
  std::cout << path << ": ok (" << count(scenario.stages.size(), "stage") << ", "
            << count(scenario.channels.size(), "channel") << ", "
            << count(scenario.touchpoints.size(), "touchpoint") << ", "
            << count(scenario.variants.size(), "variant") << ")\n";
  return 0;
}

int cmd_run(const RunArgs& a) {
  const auto scenario = js::load_scenario_file(a.scenario);
  std::vector<js::Override> overrides;
  for (const auto& s : a.sets) overrides.push_back(js::parse_override(s));
  const auto arm = js::make_arm(scenario, a.variant, overrides);
  const auto model = js::compile_model(arm);
  const auto replications =
      static_cast<std::uint32_t>(a.replications > 0 ? a.replications : arm.scenario.replications);
  const std::string output = a.output.empty() ? default_output(arm.scenario.name, "run") : a.output;

  js::RunnerOptions options;
  options.threads = a.threads;
  options.record_events = a.events;
  const bool show_progress = !a.quiet && ::isatty(STDERR_FILENO);
  if (show_progress) {
    options.progress = [](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\rsimulating: %zu/%zu replications", done, total);
      if (done == total) std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
    };
  }
  const auto results = js::run_replications(model, replications, options);

  js::RunFileInput in;
  in.command = "run";
  in.source = &scenario;
  in.effective = &arm;
  in.model = &model;
  in.variants = {a.variant.empty() ? std::string("baseline") : a.variant};
  in.results = &results;
  in.events = a.events;
  js::write_run_file(output, in);

  if (a.quiet) {
    for (const auto& w : js::run_warnings(arm, results)) std::cerr << "warning: " << w << "\n";
  } else {
    std::cout << js::format_run_summary(arm, model, results, output);
  }
  return 0;
}

struct CompareArgs {
  std::string scenario, output;
  std::vector<std::string> sets;
  int replications = 0;
  int max_replications = 200;
  double precision = 0.0;
  unsigned threads = 0;
  bool quiet = false;
};

int cmd_compare(const CompareArgs& a) {
  const auto scenario = js::load_scenario_file(a.scenario);
  js::CompareOptions options;
  options.replications = static_cast<std::uint32_t>(a.replications);
  options.threads = a.threads;
  options.precision = a.precision;
  options.max_replications = static_cast<std::uint32_t>(a.max_replications);
  for (const auto& s : a.sets) options.command_line.push_back(js::parse_override(s));
  if (!a.quiet && ::isatty(STDERR_FILENO)) {
    options.progress = [](std::size_t done, std::size_t total) {
      std::fprintf(stderr, "\rsimulating: %zu/%zu runs", done, total);
      if (done == total) std::fprintf(stderr, "\r\033[K");
      std::fflush(stderr);
    };
  }
  const auto comparison = js::run_compare(scenario, options);
  const auto& base = comparison.arms.front();
  const std::string output =
      a.output.empty() ? default_output(base.scenario.scenario.name, "compare") : a.output;

  js::RunFileInput in;
  in.command = "compare";
  in.source = &scenario;
  in.effective = &base.scenario;
  in.model = &base.model;
  for (const auto& arm : comparison.arms) in.variants.push_back(arm.id);
  in.results = &comparison.runs;
  in.comparison = &comparison;
  js::write_run_file(output, in);
  if (!a.quiet) std::cout << js::format_compare_summary(comparison, output);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"journeysim: customer-journey simulation"};
  app.set_version_flag("--version", std::string(js::engine_version()));
  app.require_subcommand(1);

  RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "simulate a scenario and write its results (HDF5)");
  run_cmd->add_option("scenario", run.scenario, "scenario file (TOML)")->required();
  run_cmd->add_option("-o,--output", run.output, "results file (default outputs/<name>-run.h5)");
  run_cmd->add_option("--replications", run.replications, "replications (default: the scenario's)")
      ->check(CLI::Range(1, 1000000));
  run_cmd->add_option("--variant", run.variant, "run this [[variants]] entry instead of the baseline");
  run_cmd->add_option("--set", run.sets, "override a parameter, PATH=VALUE (repeatable)");
  run_cmd->add_flag("--events", run.events, "also write the per-event log to /events");
  run_cmd->add_option("--threads", run.threads, "worker threads (default: every core)")
      ->check(CLI::Range(1, 1000000));
  run_cmd->add_flag("-q,--quiet", run.quiet, "no progress line and no summary");

  CompareArgs compare;
  auto* compare_cmd =
      app.add_subcommand("compare", "baseline and every [[variants]] arm, with paired statistics");
  compare_cmd->add_option("scenario", compare.scenario, "scenario file (TOML)")->required();
  compare_cmd->add_option("-o,--output", compare.output, "results file (default outputs/<name>-compare.h5)");
  compare_cmd
      ->add_option("--replications", compare.replications, "replications per arm (default: the scenario's)")
      ->check(CLI::Range(1, 1000000));
  compare_cmd
      ->add_option("--precision", compare.precision,
                   "add replications until every conversion-rate difference has a 95% CI half-width <= X "
                   "(a fraction: 0.001 is 0.1 percentage points)")
      ->check(CLI::Range(1e-9, 1.0));
  compare_cmd
      ->add_option("--max-replications", compare.max_replications,
                   "the most --precision may use (default 200)")
      ->check(CLI::Range(1, 1000000));
  compare_cmd->add_option("--set", compare.sets,
                          "override a parameter in every arm, PATH=VALUE (repeatable)");
  compare_cmd->add_option("--threads", compare.threads, "worker threads (default: every core)")
      ->check(CLI::Range(1, 1000000));
  compare_cmd->add_flag("-q,--quiet", compare.quiet, "no progress line and no table");

  std::string validate_path;
  auto* validate_cmd = app.add_subcommand("validate", "check a scenario; every problem as FILE:LINE:COL");
  validate_cmd->add_option("scenario", validate_path, "scenario file (TOML)")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 1;
  }

  try {
    if (*run_cmd) return cmd_run(run);
    if (*validate_cmd) return cmd_validate(validate_path);
    if (*compare_cmd) return cmd_compare(compare);
  } catch (const js::ScenarioError& e) {
    std::cerr << e.what() << "\n";
    const auto n = e.problems().size();
    if (n > 1) std::cerr << n << " problems\n";
    return 1;
  } catch (const js::ModelError& e) {
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
