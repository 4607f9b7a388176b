// The CLI end to end: exit codes, messages and files.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "journeysim/output/run_file.h"
#include "journeysim/scenario/checks.h"
#include "support.h"

namespace {
const std::string kGym = jst::source_path("scenarios/gym-membership.toml");

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}
}  // namespace

TEST_CASE("validate: a good scenario exits 0", "[cli]") {
  const auto r = jst::run_cli("validate '" + kGym + "'");
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("ok (4 stages, 5 channels, 8 touchpoints, 3 variants)"));
}

TEST_CASE("validate --set: the scenario as run and compare would take it", "[cli]") {
  const auto ok = jst::run_cli("validate '" + kGym + "' --set touchpoint.purchase.mobile.friction=0.2");
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("ok (4 stages, 5 channels, 8 touchpoints, 3 variants), with 1 --set"));
  // A value out of range, and one that is fine alone but not with the file
  // (customers past max_customers), each named as run would name it.
  const auto bad = jst::run_cli("validate '" + kGym + "' --set touchpoint.purchase.mobile.friction=2");
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("--set: error: touchpoint.purchase.mobile.friction: is 2.0; allowed: a "
                                      "probability in [0, 1]"));
  const auto cap = jst::run_cli("validate '" + jst::source_path("scenarios/retail-omnichannel.toml") +
                                "' --set population.customers=300000");
  CHECK(cap.exit_code == 1);
  CHECK_THAT(cap.err,
             Catch::Contains("retail-omnichannel.toml:17:17: error: population.max_customers: after the "
                             "overrides: is 200000, below customers (300000)"));
  CHECK(cap.out.empty());
}

TEST_CASE("a --set takes one PATH=VALUE each time, before the scenario too", "[cli]") {
  // It took every word after it, the scenario's path included, so
  // `run --set X=1 file.toml` said the scenario was missing.
  jst::TempDir dir;
  const auto r =
      jst::run_cli("run --set population.customers=50 '" + kGym + "' --replications 1 -q -o a.h5", dir.path);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  const auto v = jst::run_cli("validate --set population.customers=50 '" + kGym + "' '" +
                              jst::source_path("scenarios/teaching-minimal.toml") + "'");
  INFO(v.err);
  CHECK(v.exit_code == 0);
  CHECK_THAT(v.out, Catch::Contains("teaching-minimal.toml: ok"));
}

// The retail example's call-backs are written disabled (a variant enables
// them): a budget set on them alone changes nothing, and the run says so,
// in the summary, or on stderr with --quiet; the same with the variant does not.
TEST_CASE("run: a --set that changes nothing, on a campaign not enabled, is named with the fix", "[cli]") {
  jst::TempDir dir;
  const std::string retail = jst::source_path("scenarios/retail-omnichannel.toml");
  const std::string args = "run '" + retail +
                           "' --replications 1 --set population.customers=500 -o out.h5 "
                           "--set campaign.checkout_rescue.max_sends=100";
  const std::string warning =
      "warning: --set campaign.checkout_rescue.max_sends changes nothing: campaign `checkout_rescue` is not "
      "enabled (enabled = false); enable it with --set campaign.checkout_rescue.enabled=true, or run it with "
      "--variant rescue-calls\n";
  const auto shown = jst::run_cli(args, dir.path);
  CHECK(shown.exit_code == 0);
  CHECK_THAT(shown.out, Catch::Contains(warning));
  const auto quiet = jst::run_cli(args + " -q", dir.path);
  CHECK(quiet.out.empty());
  CHECK(quiet.err == warning);
  const auto enabled = jst::run_cli(args + " --variant rescue-calls", dir.path);
  CHECK(enabled.exit_code == 0);
  CHECK_THAT(enabled.out, !Catch::Contains("warning"));
}

TEST_CASE("validate: a bad scenario exits 1 with every problem as FILE:LINE:COL", "[cli]") {
  jst::TempDir dir;
  auto text = jst::read_text(kGym);
  text.replace(text.find("friction = 0.35"), 15, "friction = 3.5");
  text.replace(text.find("trigger = \"abandon\""), 19, "trigger = \"abandonment\"");
  write_file(dir.file("bad.toml"), text);
  const auto r = jst::run_cli("validate bad.toml", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("bad.toml:107:12: error: touchpoint.purchase.mobile.friction: is 3.5; "
                                    "allowed: a probability in [0, 1]"));
  CHECK_THAT(r.err,
             Catch::Contains(
                 "campaign.promo_email.trigger: unknown value \"abandonment\" (did you mean `abandon`?)"));
  CHECK_THAT(r.err, Catch::Contains("2 problems"));
  CHECK(r.out.empty());
}

TEST_CASE("run: writes the results file and prints the summary", "[cli]") {
  jst::TempDir dir;
  const auto r = jst::run_cli(
      "run '" + kGym + "' --replications 2 --set population.customers=3000 -o out.h5 --threads 2", dir.path);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("conversion rate"));
  CHECK_THAT(r.out, Catch::Contains("purchase"));
  CHECK_THAT(r.out, Catch::Contains("purchase             ") &&
                        Catch::Contains("Mobile sign-up form (14 fields) [mobile]: friction, abandoned"));
  CHECK_THAT(r.out, Catch::Contains("results: out.h5"));
  // Whole means without a decimal, stages by their titles.
  CHECK_THAT(r.out, Catch::Contains("  customers                        3,000\n"));
  CHECK_THAT(r.out, Catch::Contains("\n  Monthly renewals  "));
  CHECK(r.err.empty());  // no progress line when stderr is not a terminal
  const auto f = journeysim::read_run_file(dir.file("out.h5"));
  CHECK(f.runs.size() == 2);
  CHECK(f.runs[0]["customers"] == 3000);
  CHECK(f.event_count == 0);
  // Conversion by segment, by title, as the file has it.
  REQUIRE(f.segment_runs.size() == 4);
  char desktop[32];
  std::snprintf(desktop, sizeof desktop, "%.2f %%",
                50.0 * (f.segment_runs[1]["conversion_rate"] + f.segment_runs[3]["conversion_rate"]));
  CHECK_THAT(r.out, Catch::Contains("\n  segment  ") && Catch::Contains("\n  Mobile-first, 18-34  "));
  CHECK_THAT(r.out, Catch::Contains("\n  Desktop researchers  ") && Catch::Contains(desktop));
}

TEST_CASE("run: the shares of losses say they count a won-back customer again", "[cli]") {
  jst::TempDir dir;
  const std::string run = "run '" + kGym + "' --replications 1 --set population.customers=2000 -o out.h5";
  const auto promo = jst::run_cli(run + " --variant promo", dir.path);
  REQUIRE(promo.exit_code == 0);
  CHECK_THAT(promo.out, Catch::Contains("campaign wins") &&
                            Catch::Contains("count a won-back customer again each time it is lost"));
  const auto baseline = jst::run_cli(run, dir.path);  // no win-back campaign runs
  REQUIRE(baseline.exit_code == 0);
  CHECK_THAT(baseline.out, !Catch::Contains("won-back"));
}

TEST_CASE("run: a campaign that ran out of sends says so, with the replications it ran out in", "[cli]") {
  jst::TempDir dir;
  const std::string run = "run '" + kGym + "' --variant promo --set population.customers=2000 -o out.h5";
  const auto spent = jst::run_cli(run + " --replications 2 --set campaign.promo_email.max_sends=5", dir.path);
  REQUIRE(spent.exit_code == 0);
  CHECK_THAT(spent.out, Catch::Contains("campaign `promo_email` ran out of sends (max_sends = 5) in 2 of 2 "
                                        "replications: later triggers sent nothing"));
  const auto one = jst::run_cli(run + " --replications 1 --set campaign.promo_email.max_sends=5", dir.path);
  CHECK_THAT(one.out, Catch::Contains("(max_sends = 5): later triggers"));
  const auto ample =
      jst::run_cli(run + " --replications 1 --set campaign.promo_email.max_sends=100000", dir.path);
  REQUIRE(ample.exit_code == 0);
  CHECK_THAT(ample.out, Catch::Contains("campaign sends") && !Catch::Contains("ran out of sends"));
  // In CSV the note goes to stderr with the warnings (it was lost), and
  // compare names the arms whose budget ran out.
  const auto csv =
      jst::run_cli(run + " --replications 1 --set campaign.promo_email.max_sends=5 --format csv", dir.path);
  CHECK_THAT(csv.err, Catch::Contains("warning: campaign `promo_email` ran out of sends (max_sends = 5)"));
  const auto compare = jst::run_cli("compare '" + kGym +
                                        "' --replications 2 --set population.customers=2000 "
                                        "--set campaign.promo_email.max_sends=5 -o c.h5",
                                    dir.path);
  REQUIRE(compare.exit_code == 0);
  CHECK_THAT(compare.out, Catch::Contains("warning: arm `promo`: campaign `promo_email` ran out of sends "
                                          "(max_sends = 5) in 2 of 2 replications") &&
                              Catch::Contains("arm `both`: campaign `promo_email`") &&
                              !Catch::Contains("arm `baseline`: campaign"));
}

TEST_CASE("run: one segment gets no table by segment", "[cli]") {
  jst::TempDir dir;
  const auto r =
      jst::run_cli("run '" + jst::source_path("scenarios/teaching-minimal.toml") + "' -o out.h5", dir.path);
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("conversion rate"));
  CHECK_THAT(r.out, !Catch::Contains("\n  segment  "));
}

TEST_CASE("run: default output under outputs/, --events, --variant, --quiet", "[cli]") {
  jst::TempDir dir;
  const auto r = jst::run_cli(
      "run '" + kGym + "' --replications 1 --set population.customers=1000 --variant promo --events --quiet",
      dir.path);
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  const auto f = journeysim::read_run_file(dir.file("outputs/gym-membership-run-promo.h5"));
  CHECK(f.labels.at("variants") == std::vector<std::string>{"promo"});
  CHECK(f.event_count > 0);
  CHECK_THAT(f.effective, Catch::Contains("enabled = true"));
}

TEST_CASE("run: bad input exits 1 and writes nothing", "[cli]") {
  jst::TempDir dir;
  SECTION("unknown --set path") {
    const auto r =
        jst::run_cli("run '" + kGym + "' -o x.h5 --set touchpoint.purchase.mobile.fricton=0.1", dir.path);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("--set: error: touchpoint.purchase.mobile.fricton: has no field "
                                      "`fricton` (did you mean `friction`?)"));
  }
  SECTION("unknown variant") {
    const auto r = jst::run_cli("run '" + kGym + "' -o x.h5 --variant short", dir.path);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("names no variant `short`"));
  }
  SECTION("the baseline named as a variant") {
    const auto r = jst::run_cli("run '" + kGym + "' -o x.h5 --variant baseline", dir.path);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("--variant: the baseline is the arm without a variant: leave --variant "
                                      "out to run it"));
  }
  SECTION("malformed --set") {
    const auto r = jst::run_cli("run '" + kGym + "' -o x.h5 --set friction", dir.path);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("expected PATH=VALUE"));
  }
  SECTION("missing scenario") {
    const auto r = jst::run_cli("run nowhere.toml -o x.h5", dir.path);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("nowhere.toml: error: cannot open the scenario file"));
  }
  SECTION("empty scenario") {
    write_file(dir.file("empty.toml"), "");
    const auto r = jst::run_cli("run empty.toml -o x.h5", dir.path);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("empty.toml:1:1: error: the file is empty"));
  }
  SECTION("zero replications") {
    const auto r = jst::run_cli("run '" + kGym + "' -o x.h5 --replications 0", dir.path);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("--replications is `0`; allowed: a whole number from 1 to 1000000"));
  }
  SECTION("unknown option") {
    const auto r = jst::run_cli("run '" + kGym + "' --replicatons 3", dir.path);
    CHECK(r.exit_code == 1);
  }
  CHECK(!std::filesystem::exists(dir.file("x.h5")));
  CHECK(!std::filesystem::exists(dir.file("outputs")));
}

TEST_CASE("run: --events says how many records the log holds", "[cli][events]") {
  jst::TempDir dir;
  const auto r = jst::run_cli(
      "run '" + kGym + "' --events --replications 2 --set population.customers=500 -o e.h5", dir.path);
  REQUIRE(r.exit_code == 0);
  const auto f = journeysim::read_run_file(dir.file("e.h5"));
  REQUIRE(f.event_count > 1000);
  CHECK_THAT(r.out, Catch::Contains("events: " + journeysim::grouped_count(f.event_count) +
                                    " records in /events, one a row"));
}

TEST_CASE("run: an empty -o or --variant is refused and not read as not given", "[cli]") {
  // -o "" wrote to outputs/ and --variant "" ran the baseline, without a word.
  jst::TempDir dir;
  for (const auto& [args, says] :
       {std::pair<std::string, std::string>{"run '" + kGym + "' -o ''",
                                            "--output: is empty; give a file name"},
        {"compare '" + kGym + "' -o ''", "--output: is empty; give a file name"},
        {"run '" + kGym + "' --variant ''", "--variant: is empty; give a variant's id"}}) {
    const auto r = jst::run_cli(args, dir.path);
    INFO(args);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains(says));
  }
  CHECK(std::filesystem::is_empty(dir.path));
}

TEST_CASE("run: an output path that cannot be written exits 2 naming it", "[cli]") {
  jst::TempDir dir;
  const auto r = jst::run_cli(
      "run '" + kGym + "' --replications 1 --set population.customers=100 -o no/such/dir/x.h5", dir.path);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("cannot write no/such/dir/x.h5: the folder no/such/dir does not exist"));
  CHECK_THAT(r.err, !Catch::Contains("HDF5-DIAG"));
}

// A file name may take 255 bytes. The temporary beside the output took the
// output's name and ".tmp-PID", so a name of 245 or more could not be written
// at all; a sweep's journal (".journal" added) failed with a raw filesystem error.
TEST_CASE("run and sweep: an output name near the longest a file name can be", "[cli][output]") {
  jst::TempDir dir;
  const std::string name = std::string(250, 'r') + ".h5";  // 253 bytes
  const auto run = jst::run_cli(
      "run '" + kGym + "' --replications 1 --set population.customers=100 -q -o " + name, dir.path);
  INFO(run.err);
  CHECK(run.exit_code == 0);
  CHECK(dir.names() == std::vector<std::string>{name});
  const auto sweep = jst::run_cli(
      "sweep '" + kGym + "' --replications 1 --set population.customers=100 -q -o s" + name, dir.path);
  CHECK(sweep.exit_code == 2);
  CHECK_THAT(sweep.err, Catch::Contains(".h5.journal: the name is longer than a file name can be; give the "
                                        "sweep a shorter -o"));
  CHECK(dir.names() == std::vector<std::string>{name});
}

TEST_CASE("run: an existing results file survives a failed run", "[cli]") {
  jst::TempDir dir;
  write_file(dir.file("keep.h5"), "precious");
  const auto r = jst::run_cli("run '" + kGym + "' -o keep.h5 --set population.customers=-5", dir.path);
  CHECK(r.exit_code == 1);
  CHECK(jst::read_text(dir.file("keep.h5")) == "precious");
}

TEST_CASE("run: a journey that loops without time passing exits 1 naming the stage", "[cli]") {
  jst::TempDir dir;
  write_file(dir.file("spin.toml"), R"(schema = 1
[scenario]
name = "spin"
horizon_days = 10.0
[population]
customers = 1
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "loop"
[[touchpoints]]
stage = "loop"
channel = "web"
advance = 0.0
delay = { dist = "uniform", min = 0.0, max = 1e-12 }
)");
  const auto r = jst::run_cli("run spin.toml -o spin.h5", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("reached 4,194,304 events") && Catch::Contains("at stage `loop`"));
  CHECK(!std::filesystem::exists(dir.file("spin.h5")));
  // In compare, only one arm may loop: the message says which.
  std::string slow = jst::read_text(dir.file("spin.toml"));
  slow.replace(slow.find("max = 1e-12"), 11, "max = 1.0");
  write_file(dir.file("arms.toml"), slow + R"(
[[variants]]
id = "instant"
set = { "touchpoint.loop.web.delay.max" = 1e-12 }
)");
  const auto arms = jst::run_cli("compare arms.toml -o arms.h5", dir.path);
  CHECK(arms.exit_code == 1);
  CHECK_THAT(arms.err,
             Catch::StartsWith(
                 "journeysim: error: arm `instant`: customer 0 of replication 0 reached 4,194,304 events"));
}

TEST_CASE("run: the output never replaces the scenario, a folder or a device", "[cli][output]") {
  jst::TempDir dir;
  write_file(dir.file("gym.toml"), jst::read_text(kGym));
  write_file(dir.file("link.h5"), "");
  std::filesystem::remove(dir.file("link.h5"));
  std::filesystem::create_symlink(dir.file("gym.toml"), dir.file("link.h5"));
  std::filesystem::create_directory(dir.file("folder"));
  const std::string small = " --replications 1 --set population.customers=100";
  SECTION("the scenario itself, under its own name or another") {
    for (const char* out : {"gym.toml", "link.h5", "./gym.toml"}) {
      const auto r = jst::run_cli("run gym.toml -o " + std::string(out) + small, dir.path);
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.err, Catch::Contains(std::string("cannot write ") + out +
                                        ": it is the scenario being read (gym.toml)"));
    }
    CHECK(jst::read_text(dir.file("gym.toml")) == jst::read_text(kGym));
  }
  SECTION("a pipe, or any file that is not a regular one") {
    // A pipe of its own, not /dev/null: were the check ever broken, the
    // test would replace the machine's /dev/null with a results file.
    REQUIRE(::mkfifo(dir.file("pipe").c_str(), 0600) == 0);
    const auto r = jst::run_cli("run gym.toml -o pipe" + small, dir.path);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("cannot write pipe: it is not a regular file"));
    CHECK(std::filesystem::is_fifo(dir.file("pipe")));
  }
  SECTION("a file that is not HDF5") {
    // `-o notes.txt` replaced the notes with results, without a word under -q.
    write_file(dir.file("notes.txt"), "my notes\n");
    for (const char* command : {"run", "compare", "sweep"}) {
      const auto r = jst::run_cli(std::string(command) + " gym.toml -q -o notes.txt" + small, dir.path);
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.err, Catch::Contains("cannot write notes.txt: a file that is not HDF5 is there"));
    }
    CHECK(jst::read_text(dir.file("notes.txt")) == "my notes\n");
  }
  SECTION("a folder") {
    const auto r = jst::run_cli("run gym.toml -o folder" + small, dir.path);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("cannot write folder: it is a folder; give a file name, such as "
                                      "folder/results.h5"));
    // With the slash a shell completes: no double slash in the suggestion.
    const auto slash = jst::run_cli("run gym.toml -o folder/" + small, dir.path);
    CHECK_THAT(slash.err, Catch::Contains("such as folder/results.h5"));
  }
}

TEST_CASE("run: the summary says when a file was replaced", "[cli][output]") {
  jst::TempDir dir;
  const std::string args = "run '" + kGym + "' --replications 1 --set population.customers=100 -o out.h5";
  const auto first = jst::run_cli(args, dir.path);
  CHECK_THAT(first.out, Catch::Contains("results: out.h5\n"));
  const auto second = jst::run_cli(args, dir.path);
  CHECK_THAT(second.out, Catch::Contains("results: out.h5 (replaced the file that was there)"));
}

namespace {
// An earlier results file, as far as the output check looks: HDF5's signature.
const std::string kPrecious = std::string("\x89HDF\r\n\x1a\n", 8) + "precious";

// Only the file that was there before, untouched, and nothing beside it.
void check_kept(const std::string& folder, const std::string& file) {
  int files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(folder)) ++files;
  CHECK(files == 1);
  CHECK(jst::read_text(folder + "/" + file) == kPrecious);
}
}  // namespace

TEST_CASE("run: a disk that fills up while writing exits 2 and keeps the old file", "[cli][output]") {
  jst::TempDir dir;
  const std::string tiny = dir.file("tiny");
  std::filesystem::create_directory(tiny);
  if (std::system(("mount -t tmpfs -o size=64k tmpfs '" + tiny + "' 2>/dev/null").c_str()) != 0) {
    WARN("cannot mount a small tmpfs here (needs root): not checked");
    return;
  }
  struct Unmount {
    std::string path;
    ~Unmount() { static_cast<void>(std::system(("umount '" + path + "'").c_str())); }
  } unmount{tiny};
  const std::vector<std::string> commands = {
      "run '" + kGym + "' --replications 20 --set population.customers=2000",
      "compare '" + kGym + "' --replications 5 --set population.customers=2000",
      // The file written from a worker thread, whose HDF5 error stack is its own.
      "run '" + jst::source_path("tools/bench/journey.toml") +
          "' --events --threads 2 --replications 2 --set population.customers=20000",
  };
  for (const auto& command : commands) {
    write_file(tiny + "/out.h5", kPrecious);
    const auto r = jst::run_cli(command + " -q -o tiny/out.h5", dir.path);
    INFO(command);
    CHECK(r.exit_code == 2);  // it was SIGSEGV: HDF5 closed the file again after a failed close
    CHECK_THAT(r.err, Catch::Contains("cannot write tiny/out.h5: no space left on the device"));
    CHECK_THAT(r.err, !Catch::Contains("HDF5-DIAG"));
    check_kept(tiny, "out.h5");
  }
}

namespace {
struct Stopped {
  int exit_code = -1;
  double seconds_after_signal = 0;
  std::string err;
};

// Starts `args` in the background (with job control, so that SIGINT is not
// ignored), sends `signal` after `seconds`, and waits.
// `times`: how many times the signal is sent, back to back (GNU timeout
// sends SIGTERM to the process, then to its process group).
// `launcher`: a command that starts journeysim, such as "nohup".
Stopped stop_after(const std::string& args, const std::string& signal, const std::string& cwd,
                   const std::string& seconds = "1", int times = 1, const std::string& launcher = "") {
  std::string kills;
  for (int i = 0; i < times; ++i) kills += "kill -" + signal + " $pid\n";
  jst::TempDir scripts;
  std::ofstream(scripts.file("stop.sh"))
      << "set -m\ncd '" << cwd << "'\n"
      << launcher << " '" << JOURNEYSIM_CLI << "' " << args << " 2>'" << scripts.file("err.txt")
      << "' &\npid=$!\nsleep " << seconds << "\n"
      << kills << "start=$(date +%s%N)\nwait $pid\necho $? > '" << scripts.file("rc.txt") << "'\n"
      << "echo $(( $(date +%s%N) - start )) > '" << scripts.file("ns.txt") << "'\n";
  CHECK(std::system(("bash '" + scripts.file("stop.sh") + "'").c_str()) == 0);
  // The script's own files live beside it, never in `cwd`: a run in the
  // source tree once left them there to be committed by mistake.
  Stopped s;
  s.exit_code = std::stoi(jst::read_text(scripts.file("rc.txt")));
  s.seconds_after_signal = std::stod(jst::read_text(scripts.file("ns.txt"))) / 1e9;
  s.err = jst::read_text(scripts.file("err.txt"));
  return s;
}
}  // namespace

TEST_CASE("run: SIGINT or SIGTERM or SIGHUP stops within a second and removes the unfinished file",
          "[cli][signal]") {
  jst::TempDir dir;
  struct Case {
    std::string args, signal;
    int exit_code;
  };
  for (const auto& c : {Case{"run '" + kGym + "' --replications 400 -o out.h5", "INT", 130},
                        Case{"run '" + kGym + "' --replications 400 -o out.h5", "TERM", 143},
                        // While the file is being written: the event log streams into it.
                        Case{"run '" + jst::source_path("tools/bench/journey.toml") +
                                 "' --events --threads 2 --replications 8 -o out.h5",
                             "INT", 130},
                        Case{"compare '" + kGym + "' --replications 100 -o out.h5", "TERM", 143},
                        // A terminal closed: it died, its temporary file left behind.
                        Case{"run '" + kGym + "' --replications 400 -o out.h5", "HUP", 129}}) {
    INFO(c.args << " with SIG" << c.signal);
    const auto s = stop_after(c.args, c.signal, dir.path);
    CHECK(s.exit_code == c.exit_code);
    CHECK(s.seconds_after_signal < 1.0);
    CHECK_THAT(s.err, Catch::Contains("journeysim: stopped by SIG" + c.signal +
                                      "; no results were written (the unfinished file was removed)"));
    CHECK(std::filesystem::is_empty(dir.path));  // neither out.h5 nor out.h5.tmp-PID
  }
}

TEST_CASE("run and validate: a signal while a FIFO scenario waits for its writer is a stop",
          "[cli][signal]") {
  jst::TempDir dir;
  REQUIRE(::mkfifo(dir.file("s.toml").c_str(), 0600) == 0);
  // It said "cannot open the scenario file: Interrupted system call", exit 1.
  for (const std::string args : {"run s.toml -o out.h5", "validate s.toml"}) {
    INFO(args);
    const auto s = stop_after(args, "TERM", dir.path, "0.3");
    CHECK(s.exit_code == 143);
    CHECK_THAT(s.err, Catch::Contains("journeysim: stopped by SIGTERM; nothing was written (s.toml was still "
                                      "being read)"));
    CHECK(!std::filesystem::exists(dir.file("out.h5")));
  }
}

TEST_CASE("run: past ulimit -f it says the file is too large and leaves nothing behind", "[cli][signal]") {
  // SIGXFSZ killed it mid-write (exit 153), silent, its temporary file left.
  jst::TempDir dir;
  const auto r = jst::run_cli_after("ulimit -f 50", "run '" + kGym + "' --events -q -o out.h5", dir.path);
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("File too large"));
  CHECK(std::filesystem::is_empty(dir.path));
}

TEST_CASE("run: under nohup SIGHUP is still ignored and the run completes", "[cli][signal]") {
  // Handling SIGHUP must not undo nohup: a sweep left running over a logout stopped.
  jst::TempDir dir;
  const auto s =
      stop_after("run '" + kGym + "' --replications 60 -q -o out.h5", "HUP", dir.path, "0.3", 1, "nohup");
  CHECK(s.exit_code == 0);
  CHECK(std::filesystem::exists(dir.file("out.h5")));
}

TEST_CASE("run: SIGTERM twice, as timeout sends it, still stops cleanly", "[cli][signal]") {
  // A second Ctrl-C ends the program at once; a second SIGTERM does not,
  // or `timeout` would leave the unfinished file behind.
  jst::TempDir dir;
  const auto s = stop_after("run '" + jst::source_path("tools/bench/journey.toml") +
                                "' --events --threads 2 --replications 8 -o out.h5",
                            "TERM", dir.path, "1", 2);
  CHECK(s.exit_code == 143);
  CHECK_THAT(s.err, Catch::Contains("journeysim: stopped by SIGTERM"));
  CHECK(std::filesystem::is_empty(dir.path));
}

TEST_CASE("a bad command line is said in our words and not in those of CLI11", "[cli]") {
  jst::TempDir dir;
  const std::string run = "run '" + kGym + "' -o out.h5 ";
  const std::pair<std::string, std::string> cases[] = {
      {"",
       "journeysim: error: give a command: run, compare, sweep, report, validate (journeysim --help lists "
       "the commands)"},
      {run + "--format",
       "--format needs a value: text, csv or markdown (journeysim run --help lists the options)"},
      {run + "--replications", "--replications needs a value: a whole number"},
      {run + "--threads 2 --threads 3", "--threads is given 2 times; give it once"},
      {run + "first second", "`first` and `second` are not options or arguments of `journeysim run`"},
      {"compare '" + kGym + "' --bogus", "`--bogus` is not an option or argument of `journeysim compare`"},
      {run + "--replications 1.5", "--replications is `1.5`; allowed: a whole number from 1 to 1000000"},
      {run + "--replications -q", "--replications needs a value: a whole number (`-q` is an option)"}};
  for (const auto& [args, said] : cases) {
    const auto r = jst::run_cli(args, dir.path);
    INFO(args << ": " << r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains(said) && !Catch::Contains("Run with --help"));
  }
  CHECK(std::filesystem::is_empty(dir.path));
}

TEST_CASE("an unknown command names itself and lists the commands there are", "[cli]") {
  const auto r = jst::run_cli("plot x.h5");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err,
             Catch::Contains("journeysim: unknown command `plot`; the commands are: run, compare, sweep, "
                             "report, validate"));
}

TEST_CASE("validate: a UTF-8 byte-order mark is accepted, columns as an editor shows them", "[cli]") {
  jst::TempDir dir;
  auto text = jst::read_text(kGym);
  write_file(dir.file("bom.toml"), "\xEF\xBB\xBF" + text);
  const auto ok = jst::run_cli("validate bom.toml", dir.path);
  CHECK(ok.exit_code == 0);
  CHECK_THAT(ok.out, Catch::Contains("bom.toml: ok"));
  write_file(dir.file("bad.toml"),
             "\xEF\xBB\xBF"
             "schema = 2\n");
  const auto bad = jst::run_cli("validate bad.toml", dir.path);
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.err, Catch::Contains("bad.toml:1:10: error: schema"));
}

TEST_CASE("validate: several files, every problem of each, exit 1 if any is bad", "[cli]") {
  jst::TempDir dir;
  write_file(dir.file("bad.toml"), "schema = 2\n");
  const auto r = jst::run_cli(
      "validate '" + kGym + "' bad.toml '" + jst::source_path("scenarios/teaching-minimal.toml") + "'",
      dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.out,
             Catch::Contains("gym-membership.toml: ok") && Catch::Contains("teaching-minimal.toml: ok"));
  CHECK_THAT(r.err, Catch::Contains("bad.toml:1:10: error: schema"));
}

TEST_CASE("run: the file says what ran, and its effective scenario runs the same again", "[cli][output]") {
  jst::TempDir dir;
  const auto first =
      jst::run_cli("run '" + kGym +
                       "' --variant short-form --set population.customers=2000 --set "
                       "touchpoint.awareness.instagram.friction=0.2 --replications 3 --threads 2 -o a.h5",
                   dir.path);
  REQUIRE(first.exit_code == 0);
  CHECK_THAT(first.out,
             Catch::Contains("arm short-form (Shorter mobile sign-up form (6 fields)); --set "
                             "population.customers=2000 touchpoint.awareness.instagram.friction=0.2; "
                             "2 threads"));
  const auto a = journeysim::read_run_file(dir.file("a.h5"));
  CHECK(a.text_attrs.at("variant") == "short-form");
  CHECK(a.text_attrs.at("set") == "population.customers=2000\ntouchpoint.awareness.instagram.friction=0.2");
  CHECK(a.text_attrs.at("command_line") == "journeysim run " + kGym +
                                               " --variant short-form --set population.customers=2000 --set "
                                               "touchpoint.awareness.instagram.friction=0.2 --replications 3 "
                                               "--threads 2 -o a.h5");
  write_file(dir.file("effective.toml"), a.effective);
  // What a shell would split or expand is quoted, so the line can be pasted back.
  REQUIRE(jst::run_cli("run effective.toml -q -o \"it's here.h5\"", dir.path).exit_code == 0);
  CHECK(journeysim::read_run_file(dir.file("it's here.h5")).text_attrs.at("command_line") ==
        "journeysim run effective.toml -q -o 'it'\\''s here.h5'");
  const auto again = jst::run_cli("run effective.toml -o b.h5", dir.path);
  REQUIRE(again.exit_code == 0);
  const auto b = journeysim::read_run_file(dir.file("b.h5"));
  REQUIRE(a.runs.size() == 3);
  REQUIRE(b.runs.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(a.runs[i].seed == b.runs[i].seed);
    for (const auto& [name, value] : a.runs[i].values) {
      INFO("run " << i << " " << name);
      CHECK((b.runs[i][name] == value || (std::isnan(value) && std::isnan(b.runs[i][name]))));
    }
  }
}

TEST_CASE("run: a 100,000-day horizon writes 4,000 occupancy rows a run, not 100,000",
          "[cli][output][occupancy]") {
  // 10,000 replications of this were killed at 23.9 GB when /occupancy had a
  // row per day; now they take about 30 MB and write a 17 MB file.
  jst::TempDir dir;
  {
    std::ofstream(dir.file("long.toml")) << R"(schema = 1
[scenario]
name = "long-horizon"
horizon_days = 100000.0
seed = 1
[population]
customers = 1000
arrival = { pattern = "uniform", window_days = 365.0 }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "visit"
[[stages]]
id = "buy"
conversion = true
[[stages]]
id = "member"
[[touchpoints]]
stage = "visit"
channel = "web"
advance = 0.3
leave = 0.2
[[touchpoints]]
stage = "buy"
channel = "web"
friction = 0.2
abandon = 0.5
advance = 0.6
[[touchpoints]]
stage = "member"
channel = "web"
advance = 0.0
leave = 0.01
delay = { dist = "fixed", value = 3000.0 }
)";
  }
  const auto r = jst::run_cli("run long.toml --replications 200 -o long.h5 -q", dir.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  std::vector<std::uint64_t> dims;
  const auto occupancy = journeysim::read_counts(dir.file("long.h5"), "/occupancy", &dims);
  CHECK(dims == std::vector<std::uint64_t>{200, 4000, 3});  // a row per 25 days
  // The last row is the state at the horizon: whoever is still in a stage.
  const auto in_progress = journeysim::read_counts(dir.file("long.h5"), "/funnel/in_progress");
  for (std::size_t run = 0; run < 200; run += 37) {
    for (std::size_t s = 0; s < 3; ++s)
      CHECK(occupancy[(run * 4000 + 3999) * 3 + s] == in_progress[run * 3 + s]);
    CHECK(in_progress[run * 3 + 2] > 0);  // members stay for years
  }
  // The rows after everyone has left repeat, and compress.
  CHECK(std::filesystem::file_size(dir.file("long.h5")) < 2'000'000);
  // The console says the table is coarser than daily.
  const auto shown = jst::run_cli("run long.toml --replications 1 -o one.h5", dir.path);
  CHECK_THAT(shown.out, Catch::Contains("horizon 100,000 days") &&
                            Catch::Contains("/occupancy has a row per 25 days (its step_days)"));
}

namespace {
// The CSV blocks of a --format csv summary, by their first header.
std::map<std::string, std::vector<std::vector<std::string>>> csv_tables(const std::string& text) {
  std::map<std::string, std::vector<std::vector<std::string>>> out;
  std::istringstream in(text);
  std::string line;
  std::vector<std::vector<std::string>>* table = nullptr;
  while (std::getline(in, line)) {
    if (line.empty()) {
      table = nullptr;
      continue;
    }
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (char c : line) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.push_back(field);
        field.clear();
      } else {
        field += c;
      }
    }
    fields.push_back(field);
    if (!table) table = &out[fields.front()];
    table->push_back(fields);
  }
  return out;
}
}  // namespace

TEST_CASE("run: --format csv writes the summary tables with the same numbers, for a program",
          "[cli][format]") {
  jst::TempDir dir;
  const auto r = jst::run_cli(
      "run '" + kGym + "' --replications 2 --set population.customers=3000 -o out.h5 --format csv", dir.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto tables = csv_tables(r.out);
  REQUIRE(tables.count("metric"));
  REQUIRE(tables.count("funnel"));
  REQUIRE(tables.count("segment"));
  const auto f = journeysim::read_run_file(dir.file("out.h5"));
  const double rate = 50.0 * (f.runs[0]["conversion_rate"] + f.runs[1]["conversion_rate"]);
  char expected[32];  // the value itself, not the console's rounding
  std::snprintf(expected, sizeof expected, "%.10g", rate);
  bool found = false;
  for (const auto& row : tables.at("metric")) {
    if (row[0] == "conversion rate %") {
      found = true;
      CHECK(row[1] == expected);
    }
    if (row[0] == "customers") CHECK(row[1] == "3000");  // no thousands separator
  }
  CHECK(found);
  const auto& funnel = tables.at("funnel");
  REQUIRE(funnel.size() == 5);  // the header and four stages
  CHECK(funnel[0] == std::vector<std::string>{"funnel", "reached", "lost", "drop-off %", "main cause of loss",
                                              "share of losses %"});
  CHECK(funnel[4][0] == "Monthly renewals");
  CHECK(funnel[3][4] ==
        "Mobile sign-up form (14 fields) [mobile]: friction, abandoned");  // quoted, read back
  CHECK(tables.at("segment").size() == 3);
  CHECK_THAT(r.out, !Catch::Contains("results:"));  // only tables
}

TEST_CASE(
    "compare: --format markdown and csv give the tables, drop-off per stage and cost per channel included",
    "[cli][format]") {
  jst::TempDir dir;
  const std::string compare =
      "compare '" + kGym + "' --replications 3 --set population.customers=2000 -o c.h5";
  const auto md = jst::run_cli(compare + " --format markdown", dir.path);
  INFO(md.err);
  REQUIRE(md.exit_code == 0);
  CHECK_THAT(md.out,
             Catch::Contains("## gym-membership (Gym membership: mobile sign-up friction): 4 arms x 3 "
                             "replications"));
  CHECK_THAT(md.out, Catch::Contains("| arm | conversion % | vs baseline (points) |"));
  CHECK_THAT(md.out, Catch::Contains("### drop-off by stage") && Catch::Contains("### cost by channel") &&
                         Catch::Contains("### conversion by segment"));
  CHECK_THAT(md.out, Catch::Contains("| --- | ---: |"));

  const auto csv = jst::run_cli(compare + " --format csv", dir.path);
  REQUIRE(csv.exit_code == 0);
  const auto tables = csv_tables(csv.out);
  REQUIRE(tables.count("drop-off"));
  REQUIRE(tables.count("cost"));
  // Each difference column names what it is the difference of (a bare "vs baseline" did not).
  CHECK_THAT(csv.out, Catch::Contains(",conversion vs baseline (points),") &&
                          Catch::Contains(",profit vs baseline,profit vs baseline ci95,") &&
                          !Catch::Contains(",vs baseline"));
  const auto f = journeysim::read_run_file(dir.file("c.h5"));
  // The purchase stage's drop-off for the short form, and its difference, as /compare has them.
  const auto& drop = tables.at("drop-off");
  REQUIRE(drop.size() == 5);
  CHECK(drop[0][7] == "purchase %");
  CHECK(drop[2][0] == "short-form");
  for (const auto& row : f.compare) {
    if (row.variant == 1 && row.metric == "drop_off.purchase") {
      char mean[32], diff[32];
      std::snprintf(mean, sizeof mean, "%.10g", 100.0 * row.mean);
      std::snprintf(diff, sizeof diff, "%.10g", 100.0 * row.diff);
      CHECK(drop[2][7] == mean);
      CHECK(drop[2][8] == diff);
      CHECK(drop[2][9] == "1");  // the short form acts at purchase
    }
  }
  // Cost per channel: the e-mail promo costs only where it is sent.
  const auto& cost = tables.at("cost");
  bool email = false;
  for (std::size_t k = 1; k < cost[0].size(); ++k) {
    if (cost[0][k] != "E-mail") continue;
    email = true;
    CHECK(cost[1][k] == "0");
    CHECK(cost[3][k] != "0");  // promo
  }
  CHECK(email);
}

// A results file is never replaced by anything but results; a page was written over
// whatever was there: the scenario given as -o, a results file, notes beside the results.
TEST_CASE("report: a page replaces only an earlier page or an empty file", "[cli][output]") {
  jst::TempDir dir;
  const std::string teaching = jst::source_path("scenarios/teaching-minimal.toml");
  std::filesystem::copy_file(teaching, dir.file("mine.toml"));
  REQUIRE(jst::run_cli("run mine.toml -q --replications 1 -o a.h5", dir.path).exit_code == 0);
  REQUIRE(jst::run_cli("run mine.toml -q --replications 1 -o b.h5", dir.path).exit_code == 0);
  const std::string b = jst::read_text(dir.file("b.h5"));
  write_file(dir.file("b.html"), "my notes\n");
  for (const std::string& args : {std::string("report a.h5 -o mine.toml"), std::string("report a.h5 -o b.h5"),
                                  std::string("run mine.toml -q --replications 1 -o b.h5 --report")}) {
    const auto r = jst::run_cli(args, dir.path);
    INFO(args);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err,
               Catch::Contains("a file that is not a journeysim report is there, and a report replaces "
                               "only an earlier report"));
  }
  CHECK(jst::read_text(dir.file("mine.toml")) == jst::read_text(teaching));
  CHECK(jst::read_text(dir.file("b.h5")) == b);
  CHECK(jst::read_text(dir.file("b.html")) == "my notes\n");
  // An earlier page, or an empty file, is replaced.
  CHECK(jst::run_cli("report a.h5 -o a.html", dir.path).exit_code == 0);
  const auto again = jst::run_cli("report a.h5", dir.path);
  CHECK(again.exit_code == 0);
  CHECK_THAT(again.out, Catch::Contains("replaced the file that was there"));
  write_file(dir.file("empty.html"), "");
  CHECK(jst::run_cli("report a.h5 -o empty.html", dir.path).exit_code == 0);
}

TEST_CASE("report: a missing or foreign input is bad input, exit code 1, and writes no page",
          "[cli][report]") {
  jst::TempDir dir;
  std::ofstream(dir.file("notes.h5")) << "not HDF5\n";
  for (const std::string input : {"missing.h5", "notes.h5"}) {
    const auto r = jst::run_cli("report " + input + " -o page.html", dir.path);
    INFO(input << ": " << r.err);
    CHECK(r.exit_code == 1);
    CHECK_THAT(r.err, Catch::Contains("cannot read " + input));
    CHECK(!std::filesystem::exists(dir.file("page.html")));
  }
}

TEST_CASE("report: results read through /dev/fd need -o and leave nothing in /dev", "[cli][report]") {
  jst::TempDir dir;
  REQUIRE(
      jst::run_cli("run '" + jst::source_path("scenarios/teaching-minimal.toml") + "' -q -o run.h5", dir.path)
          .exit_code == 0);
  // `report /dev/stdin < run.h5` wrote /dev/stdin.html.
  const auto r = jst::run_cli("report /dev/fd/3 3<run.h5", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("the results come from /dev/fd/3") &&
                        Catch::Contains("give the page's path with -o"));
  CHECK(!std::filesystem::exists("/dev/fd/3.html"));
  CHECK(!std::filesystem::exists("/proc/self/fd/3.html"));
  const auto given = jst::run_cli("report /dev/fd/3 -o page.html 3<run.h5", dir.path);
  CHECK(given.exit_code == 0);
  CHECK(std::filesystem::exists(dir.file("page.html")));
  // A device or a folder exists: "there is no such file" said otherwise.
  for (const std::string input : {"/dev/null", "."}) {
    const auto piped = jst::run_cli("report " + input + " -o piped.html", dir.path);
    INFO(input << ": " << piped.err);
    CHECK(piped.exit_code == 1);
    CHECK_THAT(piped.err, Catch::Contains("it is not a regular file (a pipe, a device or a folder)"));
  }
}

#ifndef JOURNEYSIM_SANITIZED  // ASan takes the crash inside HDF5 for its own to report
TEST_CASE("report: a results file whose heap is damaged ends with a message and not a segfault",
          "[cli][report]") {
  jst::TempDir dir;
  REQUIRE(jst::run_cli(
              "run '" + jst::source_path("scenarios/teaching-minimal.toml") + "' --replications 1 -q -o t.h5",
              dir.path)
              .exit_code == 0);
  // The top byte of the size of the first object of HDF5's first global heap (the file's
  // strings: "GCOL", version, 3 reserved, the collection's size, then each object's index,
  // count, 4 reserved and size): HDF5 copies that many bytes, and crashed (helper-23).
  std::fstream file(dir.file("t.h5"), std::ios::in | std::ios::out | std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(file)), {});
  const auto heap = bytes.find("GCOL");
  REQUIRE(heap != std::string::npos);
  file.seekp(static_cast<std::streamoff>(heap + 31));
  file.put(static_cast<char>(bytes[heap + 31] ^ 0x40));
  file.close();
  const auto r = jst::run_cli("report t.h5 -o t.html", dir.path);
  CHECK(r.exit_code == 1);
  // HDF5 1.10 (Debian 12's) crashes, and the guard speaks; a later HDF5 that checks the
  // size would throw, and read_run_file says so: both name the file as damaged.
  CHECK_THAT(r.err, Catch::Contains("cannot read t.h5: ") && Catch::Contains("damaged"));
  CHECK(!std::filesystem::exists(dir.file("t.html")));
}
#endif

TEST_CASE("sweep: --format csv names each ranking in its first header", "[cli][format][sweep]") {
  jst::TempDir dir;
  const auto r =
      jst::run_cli("sweep '" + kGym + "' --set population.customers=500 -o s.h5 --format csv", dir.path);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto tables = csv_tables(r.out);
  REQUIRE(tables.count("by conversion"));
  REQUIRE(tables.count("by profit"));
  CHECK(tables.at("by conversion")[0][1] == "point");
  CHECK(tables.at("by profit")[1][0] == "best 1");
  CHECK(tables.at("by profit").size() == 7);  // the header, the best three and the worst three
}

TEST_CASE("run: an unknown --format names the ones there are", "[cli][format]") {
  jst::TempDir dir;
  const auto r = jst::run_cli("run '" + kGym + "' --format xlsx -o out.h5", dir.path);
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("xlsx") && Catch::Contains("allowed: text, csv, markdown"));
  CHECK(!std::filesystem::exists(dir.file("out.h5")));

  // A journal left empty (killed before its first record): --resume starts from the first run.
  std::ofstream(dir.file("small.h5.journal")).flush();
  const auto small =
      jst::run_cli("sweep '" + jst::source_path("scenarios/gym-membership.toml") +
                       "' --set population.customers=500 --replications 1 -o small.h5 -q --resume",
                   dir.path);
  INFO(small.err);
  CHECK(small.exit_code == 0);
  CHECK(std::filesystem::exists(dir.file("small.h5")));
  CHECK(!std::filesystem::exists(dir.file("small.h5.journal")));
  // The temporary file of a process killed while writing goes when the sweep starts afresh too.
  std::ofstream(dir.file("small.h5.tmp-4194303")) << "half a file";
  REQUIRE(jst::run_cli("sweep '" + jst::source_path("scenarios/gym-membership.toml") +
                           "' --set population.customers=500 --replications 1 -o small.h5 -q",
                       dir.path)
              .exit_code == 0);
  CHECK(!std::filesystem::exists(dir.file("small.h5.tmp-4194303")));
}

namespace {
// Exit 0 when two results files hold the same results (tests/output/same_results.py).
int same_results(const std::string& a, const std::string& b) {
  return std::system(
      ("/usr/bin/python3 '" + jst::source_path("tests/output/same_results.py") + "' '" + a + "' '" + b + "'")
          .c_str());
}
const std::string kSweep =
    "sweep '" + jst::source_path("scenarios/gym-membership.toml") + "' --set population.customers=40000";
}  // namespace

TEST_CASE("sweep: killed at any moment and resumed, it writes the file of a sweep never stopped",
          "[cli][sweep][resume]") {
  jst::TempDir dir;
  REQUIRE(jst::run_cli(kSweep + " -o full.h5 -q --threads 2", dir.path).exit_code == 0);
  for (const char* moment : {"0.2", "0.6", "1.2"}) {
    INFO("SIGKILL after " << moment << " s");
    const auto killed = stop_after(kSweep + " -o out.h5 -q --threads 2", "KILL", dir.path, moment);
    if (killed.exit_code == 0) continue;  // it finished first: nothing to resume
    CHECK(killed.exit_code == 137);
    // Killed before it took the journal (slow under the sanitizers): nothing to resume.
    if (!std::filesystem::exists(dir.file("out.h5.journal"))) continue;
    // Another thread count on the way: results do not depend on it.
    const auto resumed = jst::run_cli(kSweep + " -o out.h5 -q --resume --threads 1", dir.path);
    INFO(resumed.err);
    REQUIRE(resumed.exit_code == 0);
    CHECK(same_results(dir.file("full.h5"), dir.file("out.h5")) == 0);
    // Nothing left beside it: the journal went, and the killed process's temporary file too.
    CHECK(dir.names().size() == 2);
    std::filesystem::remove(dir.file("out.h5"));
  }
}

TEST_CASE("sweep: Ctrl-C keeps the runs done and says how to go on", "[cli][sweep][resume][signal]") {
  jst::TempDir dir;
  // Once some runs are journaled (a fixed delay was too short under the sanitizers in CI).
  const std::string after_some_runs =
      "0.1; while [ \"$(stat -c %s out.h5.journal 2>/dev/null || echo 0)\" -lt 40000 ]; do sleep 0.05; done";
  const auto stopped = stop_after(kSweep + " -o out.h5 -q", "INT", dir.path, after_some_runs);
  REQUIRE(stopped.exit_code == 130);
  CHECK_THAT(
      stopped.err,
      Catch::Contains("journeysim: stopped by SIGINT; the runs done so far are kept in out.h5.journal; "
                      "the same command with --resume goes on from there"));
  CHECK(!std::filesystem::exists(dir.file("out.h5")));
  // A changed command line or scenario is not resumed: it would mix two sweeps.
  const auto other = jst::run_cli("sweep '" + jst::source_path("scenarios/gym-membership.toml") +
                                      "' --set population.customers=30000 -o out.h5 --resume",
                                  dir.path);
  CHECK(other.exit_code == 1);
  CHECK_THAT(other.err,
             Catch::Contains("cannot resume: the --set options (population.customers=40000 then, "
                             "population.customers=30000 now) changed since the journal was started"));
  const auto more = jst::run_cli(kSweep + " --replications 4 -o out.h5 --resume", dir.path);
  CHECK(more.exit_code == 1);
  CHECK_THAT(more.err, Catch::Contains("cannot resume: the scenario, its [sweep] or --replications "
                                       "([scenario] replications = 3 then, replications = 4 now) changed"));
  // Starting again over the journal would lose its runs: refused, saying how to go on.
  const auto again = jst::run_cli(kSweep + " -o out.h5", dir.path);
  CHECK(again.exit_code == 1);
  CHECK_THAT(again.err, Catch::Contains("out.h5.journal holds ") &&
                            Catch::Contains("runs of a sweep into this output that did not finish: add "
                                            "--resume to go on from them, or delete the journal to start "
                                            "again"));
  // A last record cut short (a kill in the middle of writing it) is dropped, said, and done again.
  const auto journal_size = std::filesystem::file_size(dir.file("out.h5.journal"));
  std::filesystem::resize_file(dir.file("out.h5.journal"), journal_size - 100);
  const auto resumed = jst::run_cli(kSweep + " -o out.h5 -q --resume", dir.path);
  INFO(resumed.err);
  REQUIRE(resumed.exit_code == 0);
  CHECK_THAT(resumed.err, Catch::Contains("bytes of out.h5.journal were not a whole run (cut short by the "
                                          "kill, or damaged): dropped, and the runs from run"));
  REQUIRE(jst::run_cli(kSweep + " -o full.h5 -q", dir.path).exit_code == 0);
  CHECK(same_results(dir.file("full.h5"), dir.file("out.h5")) == 0);
  CHECK(!std::filesystem::exists(dir.file("out.h5.journal")));
  // With nothing to resume, --resume says so.
  const auto nothing = jst::run_cli(kSweep + " -o out.h5 --resume", dir.path);
  CHECK(nothing.exit_code == 1);
  CHECK_THAT(nothing.err, Catch::Contains("there is nothing to resume: no journal out.h5.journal"));
  CHECK(!std::filesystem::exists(dir.file("out.h5.journal")));  // the lock made none
}

TEST_CASE("sweep: what is not a journal where the journal goes is refused and left as it was",
          "[cli][sweep][resume]") {
  jst::TempDir dir;
  const std::string sweep = "sweep '" + kGym + "' --set population.customers=200 --replications 1 -q -o ";
  auto text_of = [](const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  // The scenario itself under the journal's name: written through and deleted, before.
  std::filesystem::copy_file(kGym, dir.file("gym.h5.journal"));
  const std::string scenario = text_of(kGym);
  const auto copy = jst::run_cli(sweep + "gym.h5", dir.path);
  CHECK(copy.exit_code == 2);
  CHECK_THAT(copy.err, Catch::Contains("gym.h5.journal is in the way of this sweep's journal: it is not a "
                                       "journeysim journal"));
  CHECK(text_of(dir.file("gym.h5.journal")) == scenario);
  CHECK(!std::filesystem::exists(dir.file("gym.h5")));
  // A link to the user's notes: the notes were overwritten and the link deleted.
  std::ofstream(dir.file("notes.txt")) << "my notes\n";
  std::filesystem::create_symlink("notes.txt", dir.file("link.h5.journal"));
  const auto link = jst::run_cli(sweep + "link.h5", dir.path);
  CHECK(link.exit_code == 2);
  CHECK_THAT(link.err, Catch::Contains("it is a symbolic link"));
  CHECK(std::filesystem::is_symlink(dir.file("link.h5.journal")));
  CHECK(text_of(dir.file("notes.txt")) == "my notes\n");
  // A pipe: the sweep hung reading it.
  REQUIRE(::mkfifo(dir.file("fifo.h5.journal").c_str(), 0644) == 0);
  const auto fifo = jst::run_cli(sweep + "fifo.h5", dir.path);
  CHECK(fifo.exit_code == 2);
  CHECK_THAT(fifo.err, Catch::Contains("it is not a regular file"));
  CHECK(std::filesystem::is_fifo(dir.file("fifo.h5.journal")));
  // An empty one (a sweep killed before its first record) is not in the way, nor one
  // whose header was cut short (a disk that filled while it was written).
  std::ofstream(dir.file("empty.h5.journal")).flush();
  CHECK(jst::run_cli(sweep + "empty.h5", dir.path).exit_code == 0);
  CHECK(!std::filesystem::exists(dir.file("empty.h5.journal")));
  std::ofstream(dir.file("torn.h5.journal")) << "journeysim journal 3\n\x01\x02";
  CHECK(jst::run_cli(sweep + "torn.h5", dir.path).exit_code == 0);
  CHECK(!std::filesystem::exists(dir.file("torn.h5.journal")));
}

TEST_CASE("sweep: a second sweep into the same output is refused while the first runs",
          "[cli][sweep][resume]") {
  jst::TempDir dir;
  // The running sweep's hold on its journal, taken here.
  const int fd = ::open(dir.file("out.h5.journal").c_str(), O_RDWR | O_CREAT, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
  const auto second = jst::run_cli(kSweep + " -o out.h5 -q", dir.path);
  ::close(fd);
  CHECK(second.exit_code == 2);
  CHECK_THAT(second.err,
             Catch::Contains("another journeysim is writing a sweep into this output (it holds "
                             "out.h5.journal); wait for it to finish, or give this one another -o"));
  CHECK(!std::filesystem::exists(dir.file("out.h5")));
}

TEST_CASE("run: a column of mean counts keeps one decimal throughout when any has one", "[cli]") {
  jst::TempDir dir;
  const auto r = jst::run_cli("run '" + jst::source_path("scenarios/retail-omnichannel.toml") +
                                  "' --replications 3 --set population.customers=3000 -o out.h5",
                              dir.path);
  REQUIRE(r.exit_code == 0);
  // 3,000 customers at the first stage in every replication: a whole mean, shown as the others are.
  CHECK_THAT(r.out, Catch::Contains("  awareness                  3,000.0 "));
}
