#include "journeysim/app/commands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <thread>

#include <boost/version.hpp>

#include "journeysim/core/error.h"
#include "journeysim/core/version.h"
#include "journeysim/experiment/compare.h"
#include "journeysim/experiment/distribute.h"
#include "journeysim/experiment/execute.h"
#include "journeysim/experiment/plan.h"
#include "journeysim/experiment/sweep.h"
#include "journeysim/output/budget_notes.h"
#include "journeysim/output/journal.h"
#include "journeysim/output/output_path.h"
#include "journeysim/output/run_file.h"
#include "journeysim/output/summary.h"
#include "journeysim/report/report.h"
#include "journeysim/scenario/checks.h"
#include "journeysim/scenario/loader.h"
#include "journeysim/scenario/param_path.h"

namespace journeysim {

namespace {

std::vector<Override> overrides_of(const std::vector<std::string>& sets) {
  std::vector<Override> out;
  for (const auto& s : sets) out.push_back(parse_override(s));
  return out;
}

// outputs/<scenario name>-<command>[-<variant>].h5 unless -o gave one.
std::string output_path(const CommandRequest& request, const RunPlan& plan) {
  if (!request.output.empty()) return request.output;
  std::filesystem::create_directories("outputs");
  const std::string arm = request.variant.empty() ? "" : "-" + request.variant;
  return "outputs/" + plan.arms.front().scenario.scenario.name + "-" + plan.command + arm + ".h5";
}

// Where --report and `journeysim report` without -o put the page: beside the results, as .html.
// Results read through /dev/stdin or /proc/self/fd/N are beside nothing a
// page belongs in: `report /dev/stdin` wrote /dev/stdin.html.
std::string report_path_for(const std::string& results) {
  std::filesystem::path page(results);
  const std::string folder = std::filesystem::absolute(page).lexically_normal().parent_path().string();
  for (const char* system : {"/dev", "/proc"}) {
    if (folder == system || folder.rfind(std::string(system) + "/", 0) == 0)
      throw InputError("the results come from " + results +
                       ", not from a folder a page can go in: give the page's path with -o");
  }
  page.replace_extension(".html");
  return page.string();
}

// A page replaces only an earlier page: `report a.h5 -o mine.toml` replaced
// the scenario with HTML, and `run --report` a notes.html beside the results.
bool check_page_path(const std::string& page, const std::vector<std::string>& inputs,
                     const std::string& what_inputs_are = "the scenario being read") {
  return check_replaceable_path(
      page, inputs, what_inputs_are, report_page_start(),
      "a file that is not a journeysim report is there, and a report replaces only an earlier report");
}

// With --report, the page's path is checked before any run, so that a clash
// (results named x.html, whose page would be x.html too) is not found after
// hours of simulation.
void check_report_path(const CommandRequest& request, const std::string& results) {
  if (!request.report) return;
  const std::string page = report_path_for(results);
  if (std::filesystem::path(page).lexically_normal() == std::filesystem::path(results).lexically_normal())
    throw IoError("cannot write the report beside " + results + ": it would be " + page +
                  " itself; give the results a name ending in .h5");
  check_page_path(page, {request.scenario});
}

Invocation invocation_of(const CommandRequest& request, const std::string& variant) {
  Invocation how;
  how.sets = request.sets;
  how.variant = variant;
  how.threads = thread_count(request.threads);
  how.command_line = request.command_line;
  return how;
}

// The console header's second line: what the command line changed.
std::string provenance_line(const Invocation& how, const std::string& arm_title) {
  std::string line = "  ";
  if (!how.variant.empty())
    line += "arm " + how.variant + (arm_title.empty() ? "" : " (" + arm_title + ")") + "; ";
  if (!how.sets.empty()) {
    line += "--set";
    for (const auto& s : how.sets) line += " " + s;
    line += "; ";
  }
  if (how.processes > 1) line += std::to_string(how.processes) + " processes, ";
  return line + std::to_string(how.threads) + (how.threads == 1 ? " thread" : " threads") +
         (how.processes > 1 ? " on process 0" : "") + "\n";
}

// "results: PATH", and whether it replaced a file.
std::string results_line(const std::string& path, bool replaced) {
  return path + (replaced ? " (replaced the file that was there)" : "");
}

// Sums the touchpoints and messages over runs: what the benchmark divides by.
struct CountTouches final : ResultSink {
  std::int64_t touchpoints = 0, messages = 0;
  bool can_retract_events() const override { return true; }  // it keeps no events
  void run_done(std::size_t, const PlannedRun&, const RunResult& r) override {
    touchpoints += r.totals.touchpoints;
    messages += r.totals.campaign_sends;
  }
};

}  // namespace

std::string progress_text(std::size_t done, std::size_t total, double seconds, const std::string& noun) {
  std::string text = "simulating: " + std::to_string(done) + "/" + std::to_string(total) + " " + noun;
  if (done == 0 || seconds <= 0.0) return text;
  const double rate = static_cast<double>(done) / seconds;
  const double left = static_cast<double>(total - done) / rate;
  char buffer[96];
  if (left < 90.0) {
    std::snprintf(buffer, sizeof buffer, ", %.3g %s/s, about %.0f s left", rate, noun.c_str(),
                  std::ceil(left));
  } else if (left < 5400.0) {
    std::snprintf(buffer, sizeof buffer, ", %.3g %s/s, about %.0f min left", rate, noun.c_str(),
                  std::ceil(left / 60));
  } else {
    std::snprintf(buffer, sizeof buffer, ", %.3g %s/s, about %.1f h left", rate, noun.c_str(), left / 3600);
  }
  return text + buffer;
}

std::string version_text() {
  const std::string boost =
      std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000);
  return "journeysim " + std::string(engine_version()) + " (results format " +
         std::to_string(kFormatVersion) + "; HDF5 " + hdf5_version() + ", Boost " + boost + ", TOML++ " +
         toml_version() + ")";
}

std::string validate_command(const std::string& path, const std::vector<std::string>& sets) {
  const auto scenario = load_scenario_file(path);
  if (!sets.empty()) {
    const auto overrides = overrides_of(sets);
    make_arm(scenario, "", overrides);
    for (const auto& v : scenario.variants) make_arm(scenario, v.id, overrides);
  }
  auto count = [](std::size_t n, const char* noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
  };
  return path + ": ok (" + count(scenario.stages.size(), "stage") + ", " +
         count(scenario.channels.size(), "channel") + ", " +
         count(scenario.touchpoints.size(), "touchpoint") + ", " +
         count(scenario.variants.size(), "variant") + ")" +
         (sets.empty() ? "" : ", with " + count(sets.size(), "--set"));
}

CommandOutcome run_command(const CommandRequest& request) {
  const auto source = load_scenario_file(request.scenario);
  const RunPlan plan = plan_run(source, request.variant, overrides_of(request.sets), request.replications);
  CommandOutcome outcome;
  outcome.output = output_path(request, plan);
  const bool replaced = check_results_path(outcome.output, {request.scenario});
  check_report_path(request, outcome.output);
  remove_stale_temporaries(outcome.output);  // left by a process killed while writing
  const Invocation how = invocation_of(request, plan.arms.front().id);

  RunFileWriter file(outcome.output, plan, request.events, how);
  RunSummary summary(plan);
  CountTouches touches;
  ExecuteOptions options;
  options.threads = request.threads;
  options.record_events = request.events;
  options.ordering = request.ordering;
  options.progress = request.progress;
  options.stop = request.stop;
  execute(plan, 0, {&file, &summary, &touches}, options);
  file.commit(request.stop);

  // With --events, how big the log came out: a run wrote 9 MB and said nothing of it.
  const std::string events = request.events
                                 ? "\nevents: " + grouped_count(static_cast<long long>(file.event_rows())) +
                                       " records in /events, one a row (outputs/README.md)"
                                 : "";
  outcome.summary = summary.format(
      0, results_line(outcome.output, replaced) + events,
      provenance_line(how, request.variant.empty() ? "" : plan.arms.front().title), request.format);
  outcome.warnings = summary.warnings(0);
  if (request.report) outcome.summary += report_command(outcome.output, "").summary;
  outcome.touchpoints = touches.touchpoints;
  outcome.messages = touches.messages;
  return outcome;
}

CommandOutcome compare_command(const CommandRequest& request) {
  const auto source = load_scenario_file(request.scenario);
  if (source.variants.empty()) {
    throw ScenarioError({Problem{request.scenario,
                                 {},
                                 "variants",
                                 "there is nothing to compare: the scenario has no [[variants]]; add one "
                                 "(scenarios/README.md shows how), or simulate it with `journeysim run`"}});
  }
  CompareOptions options;
  options.replications = request.replications;
  options.threads = request.threads;
  options.command_line = overrides_of(request.sets);
  options.precision = request.precision;
  options.max_replications = request.max_replications;
  options.progress = request.progress;
  options.stop = request.stop;
  RunPlan plan = plan_first_batch(source, options);
  CommandOutcome outcome;
  outcome.output = output_path(request, plan);
  const bool replaced = check_results_path(outcome.output, {request.scenario});
  check_report_path(request, outcome.output);
  remove_stale_temporaries(outcome.output);  // left by a process killed while writing
  const Invocation how = invocation_of(request, "");

  RunFileWriter file(outcome.output, plan, false, how);
  CountTouches touches;
  BudgetNotes budgets(plan);
  const Comparison comparison = execute_compare(plan, {&file, &touches, &budgets}, options);
  file.add_comparison(comparison);
  file.commit(request.stop);

  outcome.warnings = settings_without_effect(plan);
  for (auto& note : budgets.notes()) outcome.warnings.push_back(std::move(note));
  outcome.summary = format_compare_summary(comparison, results_line(outcome.output, replaced),
                                           provenance_line(how, ""), request.format, outcome.warnings);
  if (request.report) outcome.summary += report_command(outcome.output, "").summary;
  outcome.touchpoints = touches.touchpoints;
  outcome.messages = touches.messages;
  return outcome;
}

namespace {
// A process of a sweep under mpirun other than rank 0: it plans the same
// runs and runs the chunks rank 0 hands it. Rank 0 reports every failure.
CommandOutcome follow_sweep(const CommandRequest& request, Transport& cluster) {
  std::optional<RunPlan> plan;
  std::uint64_t print = 0;
  std::string failure;
  try {
    plan.emplace(
        plan_sweep(load_scenario_file(request.scenario), overrides_of(request.sets), request.replications));
    print = fingerprint(journal_key(*plan, request.sets));
  } catch (const std::exception& e) {
    plan.reset();
    failure = e.what();
  }
  ExecuteOptions options;
  options.threads = request.threads;
  options.stop = request.stop;
  options.keep_going = true;
  follow(plan ? &*plan : nullptr, print, failure, options, cluster);
  CommandOutcome outcome;
  outcome.follower = true;
  return outcome;
}
}  // namespace

CommandOutcome sweep_command(const CommandRequest& request) {
  Transport* cluster = request.cluster && request.cluster->size() > 1 ? request.cluster : nullptr;
  if (cluster && cluster->rank() != 0) return follow_sweep(request, *cluster);
  // Until it executes the plan, every failure below turns the others away.
  std::optional<Lead> lead;
  if (cluster) lead.emplace(*cluster);

  const auto source = load_scenario_file(request.scenario);
  const RunPlan plan = plan_sweep(source, overrides_of(request.sets), request.replications);
  CommandOutcome outcome;
  outcome.output = output_path(request, plan);
  const bool replaced = check_results_path(outcome.output, {request.scenario});
  check_report_path(request, outcome.output);
  remove_stale_temporaries(outcome.output);  // left by a process killed while writing
  Invocation how = invocation_of(request, "");
  if (cluster) how.processes = static_cast<unsigned>(cluster->size());

  // The journal: the runs done so far, so that a stopped or killed sweep can go on.
  const std::string journal = journal_path(outcome.output);
  const JournalKey key = journal_key(plan, request.sets);
  check_journal_path(journal);
  const bool had_journal = std::filesystem::exists(journal);
  const JournalLock lock(journal);
  std::unique_ptr<JournalReader> done_before;
  std::size_t done = 0;
  std::uint64_t dropped = 0;
  if (!request.resume) {
    // Starting again would throw away the runs of a sweep that did not finish.
    if (const std::size_t kept = journaled_runs(journal)) {
      throw ScenarioError(
          {Problem{request.scenario,
                   {},
                   "--resume",
                   journal + " holds " + std::to_string(kept) + (kept == 1 ? " run" : " runs") +
                       " of a sweep into this output that did not finish: add --resume to "
                       "go on from them, or delete the journal to start again"}});
    }
  }
  if (request.resume) {
    if (!had_journal) {
      throw ScenarioError({Problem{request.scenario,
                                   {},
                                   "--resume",
                                   "there is nothing to resume: no journal " + journal +
                                       " (it goes when a sweep completes); run without --resume"}});
    }
    // Empty: the sweep was killed before its first record; it starts from the first run.
    if (std::filesystem::file_size(journal) > 0) {
      done_before = std::make_unique<JournalReader>(journal, key);
      dropped = done_before->dropped_bytes();
      done_before->truncate_to_complete();
      done = done_before->runs();
    }
  }

  RunFileWriter file(outcome.output, plan, false, how);
  SweepSummary summary(plan);
  CountTouches touches;
  JournalWriter journal_out(journal, key, done);
  for (std::size_t i = 0; i < done; ++i) {
    const RunResult r = done_before->run(i);
    for (ResultSink* sink : std::initializer_list<ResultSink*>{&file, &summary, &touches})
      sink->run_done(i, plan.runs[i], r);
  }
  done_before.reset();
  ExecuteOptions options;
  options.threads = request.threads;
  // Progress counts the runs of this session: a rate and a time left that
  // counted the runs read back from the journal would be wrong.
  options.progress = request.progress;
  options.stop = request.stop;
  options.keep_going = true;  // one extreme point must not stop the sweep
  try {
    const std::vector<ResultSink*> sinks{&file, &summary, &touches, &journal_out};
    if (lead) {
      lead->execute(plan, done, sinks, options, fingerprint(key));
    } else {
      execute(plan, done, sinks, options);
    }
    file.commit(request.stop);
  } catch (const Interrupted&) {
    journal_out.flush();
    throw Interrupted("the runs done so far are kept in " + journal +
                      "; the same command with --resume goes on from there");
  }
  journal_out.remove();

  outcome.warnings = summary.warnings();
  std::string resumed;
  if (done)
    resumed = "  resumed: " + std::to_string(done) + " of the " + std::to_string(plan.runs.size()) +
              " runs were read back from " + journal + "\n";
  if (dropped) {
    outcome.warnings.insert(outcome.warnings.begin(),
                            "the last " + std::to_string(dropped) + " bytes of " + journal +
                                " were not a whole run (cut short by the kill, or damaged): dropped, and "
                                "the runs from run " +
                                std::to_string(done + 1) + " on were done again");
    resumed += "  warning: " + outcome.warnings.front() + "\n";
  }

  outcome.summary = summary.format(results_line(outcome.output, replaced), provenance_line(how, "") + resumed,
                                   request.format);
  if (request.report) outcome.summary += report_command(outcome.output, "").summary;
  outcome.touchpoints = touches.touchpoints;
  outcome.messages = touches.messages;
  outcome.runs = plan.runs.size();
  outcome.failed_runs = summary.failed();
  return outcome;
}

CommandOutcome report_command(const std::string& results, const std::string& output) {
  CommandOutcome outcome;
  outcome.output = output.empty() ? report_path_for(results) : output;
  const bool replaced =
      check_page_path(outcome.output, {results}, "the results file the report is made from");
  write_text_file(outcome.output, render_report(results));
  outcome.summary = "report: " + results_line(outcome.output, replaced) + "\n";
  return outcome;
}

}  // namespace journeysim
