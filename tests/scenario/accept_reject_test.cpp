// Accept/reject lists for the scenario format: each rule, an input that
// breaks it, and the message a user must see (with its position).
#include <catch2/catch.hpp>

#include <algorithm>

#include "journeysim/scenario/checks.h"
#include "support.h"

using journeysim::load_scenario_file;
using journeysim::load_scenario_text;

namespace {

const std::string kValid = R"(schema = 1
[scenario]
name = "ok"
horizon_days = 30.0
[population]
customers = 100
arrival = { pattern = "uniform", window_days = 5.0 }
[[segments]]
id = "s1"
share = 0.5
channels = { web = 1.0 }
[[segments]]
id = "s2"
share = 0.5
channels = { web = 1.0, mobile = 1.0 }
[[channels]]
id = "web"
[[channels]]
id = "mobile"
[[channels]]
id = "email"
[[stages]]
id = "look"
delay = { dist = "exponential", mean = 2.0 }
[[stages]]
id = "buy"
[[touchpoints]]
stage = "look"
channel = "web"
friction = 0.1
[[touchpoints]]
stage = "buy"
channel = "web"
friction = 0.2
advance = 0.8
leave = 0.1
[[touchpoints]]
stage = "buy"
channel = "mobile"
[[campaigns]]
id = "promo"
trigger = "abandon"
via = "email"
[[variants]]
id = "v1"
set = { "touchpoint.buy.web.friction" = 0.1 }
)";

std::string with(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

struct Case {
  const char* name;
  std::string toml;
  std::vector<std::string> expected;  // substrings of the message
  std::size_t problems = 0;           // when not 0, exactly this many: nothing said twice
};

}  // namespace

TEST_CASE("the reference scenario is accepted", "[scenario][validate]") {
  CHECK(jst::problems_of(kValid).empty());
}

TEST_CASE("customers run one at a time cost no memory per customer, and no cap they do not use",
          "[scenario][validate]") {
  // Without a send budget customers run one at a time: 3e9 of
  // them need no memory per customer, and the default max_customers (10 x
  // customers) saturates at the 4e9 ids a run has instead of refusing them.
  CHECK(jst::problems_of(with(kValid, "customers = 100", "customers = 3000000000")).empty());
  CHECK(jst::problems_of(with(kValid, "customers = 100", "customers = 500000000")).empty());
  // Referrals alone run one customer at a time too (issue 11).
  const std::string referrals = with(with(kValid, "customers = 100", "customers = 500000000"),
                                     "channel = \"mobile\"\n", "channel = \"mobile\"\nreferrals = 0.5\n");
  CHECK(jst::problems_of(referrals).empty());
  // So do send budgets alone, one or several (issue 11), holding 5 bytes
  // a customer at the least while they settle (1e9 of them: 5 GB).
  CHECK(jst::problems_of(with(with(kValid, "customers = 100", "customers = 1000000000"), "via = \"email\"",
                              "via = \"email\"\nmax_sends = 10"))
            .empty());
  CHECK(jst::problems_of(with(with(kValid, "customers = 100", "customers = 1000000000"), "via = \"email\"",
                              "via = \"email\"\nmax_sends = 10\n[[campaigns]]\nid = \"again\"\ntrigger = "
                              "\"leave\"\nvia = \"email\"\nmax_sends = 10"))
            .empty());
  // And a send budget with referrals (issue 11).
  CHECK(jst::problems_of(with(referrals, "via = \"email\"", "via = \"email\"\nmax_sends = 10")).empty());
}

TEST_CASE("a send budget over billions of customers is refused where their 5 bytes each do not fit",
          "[scenario][validate]") {
  // memory_problem() is given the machine's memory, so that the limit can
  // be tried on a 16 GiB machine whatever this one has.
  const double gib = 1024.0 * 1024.0 * 1024.0;
  const std::string many = with(kValid, "customers = 100", "customers = 4000000000");
  const std::string budget = with(many, "via = \"email\"", "via = \"email\"\nmax_sends = 10");
  const auto problem = journeysim::memory_problem(load_scenario_text(budget, "b.toml"), 16 * gib);
  REQUIRE(problem);
  CHECK(problem->first == "population.customers");
  CHECK_THAT(
      problem->second,
      Catch::Contains("is 4,000,000,000: with a send budget (max_sends) a run holds at least 5 bytes "
                      "a customer") &&
          Catch::Contains("about 18.6 GiB in all, more than 80% of the 16.0 GiB this machine lets it use") &&
          Catch::Contains("allowed here: at most 2,748,77"));
  // Half as many fit; so does the same run on 32 GiB.
  CHECK_FALSE(journeysim::memory_problem(
      load_scenario_text(with(budget, "customers = 4000000000", "customers = 2000000000"), "b.toml"),
      16 * gib));
  CHECK_FALSE(journeysim::memory_problem(load_scenario_text(budget, "b.toml"), 32 * gib));
  // Without a budget, or with referrals (settled without windows), nothing
  // that is known before the run: what the triggers and referrals kept
  // for settling take depends on how often they come.
  CHECK_FALSE(journeysim::memory_problem(load_scenario_text(many, "m.toml"), 16 * gib));
  const std::string referring =
      with(budget, "channel = \"mobile\"\n", "channel = \"mobile\"\nreferrals = 0.5\n");
  CHECK_FALSE(journeysim::memory_problem(load_scenario_text(referring, "r.toml"), 16 * gib));
  // A disabled budget is no budget.
  CHECK_FALSE(journeysim::memory_problem(
      load_scenario_text(with(budget, "max_sends = 10", "max_sends = 10\nenabled = false"), "d.toml"),
      16 * gib));
}

TEST_CASE("every validation rule rejects with a clear message", "[scenario][validate]") {
  const std::vector<Case> cases = {
      {"malformed TOML",
       with(kValid, "horizon_days = 30.0", "horizon_days = = 30"),
       {"test.toml:4:", "malformed TOML"}},
      {"schema other than 1",
       with(kValid, "schema = 1", "schema = 2"),
       {"test.toml:1:10", "schema", "schema 1 only"}},
      {"no schema", with(kValid, "schema = 1\n", ""), {"schema: is missing"}},
      {"wrong type",
       with(kValid, "customers = 100", "customers = \"many\""),
       {"test.toml:6:13", "population.customers: is a string; allowed: a whole number >= 1"}},
      {"NaN",
       with(kValid, "horizon_days = 30.0", "horizon_days = nan"),
       {"scenario.horizon_days: is nan; allowed: a number of days in (0, 1e15]"}},
      {"infinity",
       with(kValid, "friction = 0.1\n[[touchpoints]]", "friction = inf\n[[touchpoints]]"),
       {"touchpoint.look.web.friction: is inf; allowed: a probability in [0, 1]"}},
      {"probability above 1",
       with(kValid, "friction = 0.2", "friction = 1.5"),
       {"test.toml:34:12", "touchpoint.buy.web.friction: is 1.5; allowed: a probability in [0, 1]"}},
      {"negative probability",
       with(kValid, "leave = 0.1", "leave = -0.1"),
       {"touchpoint.buy.web.leave: is -0.1; allowed: a probability in [0, 1]"}},
      {"advance + leave > 1",
       with(kValid, "leave = 0.1", "leave = 0.3"),
       {"touchpoint.buy.web.leave: advance + leave = 1.1; allowed: advance + leave <= 1"}},
      {"advance + leave > 1, without the sum's rounding noise",
       with(kValid, "leave = 0.1", "leave = 0.4"),  // 0.8 + 0.4 is 1.2000000000000002 as a double
       {"touchpoint.buy.web.leave: advance + leave = 1.2; allowed: advance + leave <= 1"}},
      {"replications past the CLI's cap (a plan of 1e12 runs filled the memory)",
       with(kValid, "horizon_days = 30.0", "horizon_days = 30.0\nreplications = 1000000000000"),
       {"test.toml:5:16",
        "scenario.replications: is 1000000000000; allowed: a whole number from 1 to 1,000,000"}},
      {"advance + leave just past 1 shows every digit it needs",
       with(kValid, "leave = 0.1", "leave = 0.200000000002"),
       {"advance + leave = 1.000000000002; allowed: advance + leave <= 1"}},
      {"shares do not sum to 1",
       with(kValid, "share = 0.5\nchannels = { web = 1.0 }", "share = 0.4\nchannels = { web = 1.0 }"),
       {"segments: shares sum to 0.9; they must sum to 1"}},
      {"unknown key with a suggestion",
       with(kValid, "friction = 0.2", "fricton = 0.2"),
       {"test.toml:34:1", "touchpoint.buy.web.fricton: unknown key (did you mean `friction`?)"}},
      {"unknown top-level table",
       kValid + "[referals]\n",
       {"referals: unknown key (did you mean `referrals`?)"}},
      {"duplicate id", with(kValid, "id = \"mobile\"", "id = \"web\""), {"channel.web: duplicate id"}},
      {"duplicate touchpoint",
       with(kValid, "stage = \"buy\"\nchannel = \"mobile\"", "stage = \"buy\"\nchannel = \"web\""),
       {"touchpoint.buy.web: duplicate touchpoint"}},
      {"unknown stage",
       with(kValid, "stage = \"buy\"\nchannel = \"mobile\"", "stage = \"bye\"\nchannel = \"mobile\""),
       {"touchpoint.bye.mobile.stage: names no stage `bye` (did you mean `buy`?)"}},
      {"unknown channel in weights",
       with(kValid, "channels = { web = 1.0, mobile = 1.0 }", "channels = { web = 1.0, mobil = 1.0 }"),
       {"segment.s2.channels.mobil: names no channel `mobil` (did you mean `mobile`?)"}},
      {"invalid id",
       with(kValid, "id = \"s1\"", "id = \"Segment One\""),
       {"\"Segment One\" is not a valid id"}},
      {"stage without touchpoint",
       with(kValid, "[[stages]]\nid = \"buy\"", "[[stages]]\nid = \"buy\"\n[[stages]]\nid = \"loyal\""),
       {"stage.loyal: has no touchpoint"}},
      {"segment with no channel at a reachable stage",
       with(kValid, "channels = { web = 1.0 }\n", "channels = { mobile = 1.0 }\n"),
       {"segment.s1.channels: gives no weight to any channel of stage `look`"}},
      {"zero delay mean",
       with(kValid, "mean = 2.0", "mean = 0.0"),
       {"stage.look.delay.mean: is 0.0 in an exponential delay; it must be > 0"}},
      {"negative fixed delay",
       with(kValid, "delay = { dist = \"exponential\", mean = 2.0 }",
            "delay = { dist = \"fixed\", value = -1.0 }"),
       {"stage.look.delay.value: is -1.0 in a fixed delay; it must be >= 0"}},
      // Checked as the file is read, but a variant's set (or --set, or a sweep point) got
      // past it, and Boost's uniform_real_distribution never returned a draw: the run spun.
      {"a variant that puts a uniform delay's max below its min",
       with(with(kValid, "delay = { dist = \"exponential\", mean = 2.0 }",
                 "delay = { dist = \"uniform\", min = 1.0, max = 3.0 }"),
            "touchpoint.buy.web.friction\" = 0.1", "stage.look.delay.max\" = 0.5"),
       {"stage.look.delay.max: variant `v1` makes it invalid: is 0.5, below min 1.0; allowed: max >= min"}},
      {"a touchpoint delay that is always zero",
       with(kValid, "friction = 0.1\n[[touchpoints]]",
            "friction = 0.1\ndelay = { dist = \"fixed\", value = 0.0 }\n[[touchpoints]]"),
       {"touchpoint.look.web.delay: is always 0"}},
      {"a retry delay that is always zero",
       with(kValid, "friction = 0.2",
            "friction = 0.2\nretry_delay = { dist = \"uniform\", min = 0.0, max = 0.0 }"),
       {"touchpoint.buy.web.retry_delay: is always 0"}},
      {"unknown distribution",
       with(kValid, "dist = \"exponential\"", "dist = \"exponentail\""),
       {"stage.look.delay.dist: unknown distribution \"exponentail\" (did you mean `exponential`?)"}},
      {"missing distribution parameter",
       with(kValid, "mean = 2.0", "median = 2.0"),
       {"stage.look.delay.mean: is missing", "stage.look.delay.median: unknown key"}},
      {"unknown trigger",
       with(kValid, "trigger = \"abandon\"", "trigger = \"abandoned\""),
       {"campaign.promo.trigger: unknown value \"abandoned\" (did you mean `abandon`?); allowed: abandon, "
        "leave, friction, advance, enter"}},
      {"duplicate variant id",
       kValid + "[[variants]]\nid = \"v1\"\n",
       {"test.toml:47:1: error: variant.v1: duplicate id"}},
      {"variant path that names nothing",
       with(kValid, "touchpoint.buy.web.friction\" = 0.1", "touchpoint.buy.wbe.friction\" = 0.1"),
       {"touchpoint.buy.wbe.friction: (variant `v1`) names no touchpoint `buy.wbe` (did you mean "
        "`buy.web`?)"}},
      {"variant field that does not exist",
       with(kValid, "touchpoint.buy.web.friction\" = 0.1", "touchpoint.buy.web.frictoin\" = 0.1"),
       {"has no field `frictoin` (did you mean `friction`?)"}},
      {"variant value of the wrong type",
       with(kValid, "touchpoint.buy.web.friction\" = 0.1", "touchpoint.buy.web.friction\" = true"),
       {"touchpoint.buy.web.friction: (variant `v1`) is a number; true/false is not allowed"}},
      {"a count past any whole number it could be",
       with(kValid, "customers = 100", "customers = 1e30"),
       {"population.customers: is 1e+30; allowed: a whole number >= 1"}},
      {"a NUL in a text, which the results file cannot keep",
       with(kValid, "name = \"ok\"", "name = \"ok\"\ntitle = \"a\\u0000b\""),
       {"test.toml:4:9", "scenario.title: contains a NUL character"}},
      // A quoted key may hold one: it was written raw into the message, whose
      // C string it cut short after "touchpoint.buy.web.fric".
      {"a NUL in a quoted key, shown escaped and the message whole",
       with(kValid, "touchpoint.buy.web.friction\" = 0.1", "touchpoint.buy.web.fric\\u0000tion\" = 0.1"),
       {"touchpoint.buy.web.fric\\u0000tion: (variant `v1`) has no field `fric\\u0000tion` (did you mean "
        "`friction`?)"}},
      {"a variant named baseline, the arm without one",
       with(kValid, "id = \"v1\"", "id = \"baseline\""),
       {"variant.baseline: the id `baseline` names the arm without a variant"}},
      {"variant that breaks a rule",
       with(kValid, "touchpoint.buy.web.friction\" = 0.1", "touchpoint.buy.web.advance\" = 0.95"),
       {"variant `v1` makes it invalid: advance + leave = 1.05"}},
      {"gamma delay whose scale is not a finite number",
       with(kValid, "delay = { dist = \"exponential\", mean = 2.0 }",
            "delay = { dist = \"gamma\", shape = 1e-300, mean = 1e10 }"),
       {"test.toml:24:9: error: stage.look.delay: is a gamma delay with shape 1e-300 and mean 1e+10, whose "
        "scale, mean / shape, is inf; allowed: a shape and mean whose ratio is a finite number > 0"}},
      {"uniform arrival without window",
       with(kValid, "arrival = { pattern = \"uniform\", window_days = 5.0 }",
            "arrival = { pattern = \"uniform\" }"),
       {"population.arrival.window_days: is missing"}},
      {"two conversion stages",
       with(kValid, "id = \"look\"\n", "id = \"look\"\nconversion = true\n") + "",
       {}},
      {"max_customers below customers",
       with(kValid, "customers = 100", "customers = 100\nmax_customers = 50"),
       {"population.max_customers: is 50, below customers (100)"}},
      // Refused until /occupancy got coarser rows past kMaxOccupancyRows days.
      {"a horizon of 1e14 days", with(kValid, "horizon_days = 30.0", "horizon_days = 1e14"), {}},
      // Its whole days per /occupancy row overflowed 64 bits (undefined behaviour).
      {"a horizon of 1e308 days",
       with(kValid, "horizon_days = 30.0", "horizon_days = 1e308"),
       {"scenario.horizon_days: is 1e+308; allowed: a number of days in (0, 1e15]"}},
      // Revenue came out inf, and the report's JSON invalid.
      {"a value multiplier that makes money infinite",
       with(kValid, "via = \"email\"", "via = \"email\"\nvalue_multiplier = 1e308"),
       {"campaign.promo.value_multiplier: is 1e+308; allowed: a number in [0, 1e15]"}},
      {"zero count",
       with(kValid, "customers = 100", "customers = 0"),
       {"population.customers: is 0; allowed: a whole number >= 1"}},
      {"sweep without points",
       kValid + "[sweep]\ndesign = \"lhs\"\n[[sweep.parameters]]\npath = "
                "\"touchpoint.buy.web.friction\"\nrange = [0.1, 0.3]\n",
       {"sweep.points: is missing"}},
      {"sweep grid of one step",
       kValid + "[sweep]\n[[sweep.parameters]]\npath = \"touchpoint.buy.web.friction\"\nrange = [0.1, "
                "0.3]\nsteps = 1\n",
       {"sweep.parameters[0].steps: is 1; allowed: at least 2"}},
      {"sweep path given twice",
       kValid + "[sweep]\n[[sweep.parameters]]\npath = \"touchpoint.buy.web.friction\"\nvalues = [0.1]\n"
                "[[sweep.parameters]]\npath = \"touchpoint.buy.web.friction\"\nvalues = [0.2]\n",
       {"test.toml:52:8: error: sweep.parameters[1].path: `touchpoint.buy.web.friction` is already swept by "
        "sweep.parameters[0]"}},
      {"sweep log scale over a range from 0",
       kValid + "[sweep]\ndesign = \"random\"\npoints = 4\n[[sweep.parameters]]\npath = "
                "\"touchpoint.buy.web.friction\"\nrange = [0.0, 0.3]\nscale = \"log\"\n",
       {"sweep.parameters[0].range: is [0.0, 0.3]; a log scale needs a range above 0"}},
      {"sweep log scale with listed values",
       kValid + "[sweep]\n[[sweep.parameters]]\npath = \"touchpoint.buy.web.friction\"\nvalues = [0.1, 0.2]\n"
                "scale = \"log\"\n",
       {"sweep.parameters[0].scale: a log scale spaces a range"}},
      {"sweep unknown scale",
       kValid + "[sweep]\n[[sweep.parameters]]\npath = \"touchpoint.buy.web.friction\"\nvalues = [0.1]\n"
                "scale = \"ln\"\n",
       {"sweep.parameters[0].scale: unknown value \"ln\"", "allowed: linear, log"}},
      {"sweep of a boolean field with numbers",
       kValid + "[sweep]\n[[sweep.parameters]]\npath = \"stage.buy.conversion\"\nvalues = [0, 1]\n",
       {"sweep.parameters[0].path: `stage.buy.conversion` is a boolean field: sweep it with values = "
        "[false, true] in a grid design"}},
      {"sweep of true and false by a sampling design",
       kValid + "[sweep]\ndesign = \"lhs\"\npoints = 2\n[[sweep.parameters]]\npath = "
                "\"stage.buy.conversion\"\nvalues = [false, true]\n",
       {"sweep.parameters[0].values: true and false are swept by a grid design; an lhs design samples "
        "ranges of numbers"}},
      {"sweep values mixing numbers and booleans",
       kValid + "[sweep]\n[[sweep.parameters]]\npath = \"stage.buy.conversion\"\nvalues = [false, 1]\n",
       {"test.toml:50:11: error: sweep.parameters[0].values[0]: is false among numbers; allowed: every value "
        "a number, or every value true or false"},
       1},
      {"sweep range with nan",
       kValid + "[sweep]\ndesign = \"lhs\"\npoints = 2\n[[sweep.parameters]]\npath = "
                "\"touchpoint.buy.web.friction\"\nrange = [0.1, nan]\n",
       {"test.toml:52:15: error: sweep.parameters[0].range[1]: is nan; allowed: a finite number"},
       1},
      {"sweep range high below low",
       kValid + "[sweep]\ndesign = \"lhs\"\npoints = 3\n[[sweep.parameters]]\npath = "
                "\"touchpoint.buy.web.friction\"\nrange = [0.3, 0.1]\n",
       {"sweep.parameters[0].range: must be [low, high] with low <= high"}},
      {"sweep of zero points",
       kValid + "[sweep]\ndesign = \"lhs\"\npoints = 0\n[[sweep.parameters]]\npath = "
                "\"touchpoint.buy.web.friction\"\nrange = [0.1, 0.3]\n",
       {"sweep.points: is 0; allowed: a whole number >= 1"},
       1},
      {"sweep with empty values",
       kValid + "[sweep]\n[[sweep.parameters]]\npath = \"touchpoint.buy.web.friction\"\nvalues = []\n",
       {"test.toml:50:10: error: sweep.parameters[0].values: is empty; list at least one value"},
       1},
      {"sweep steps not a whole number",
       kValid + "[sweep]\n[[sweep.parameters]]\npath = \"touchpoint.buy.web.friction\"\nrange = [0.1, 0.3]\n"
                "steps = 2.5\n",
       {"sweep.parameters[0].steps: is 2.5; allowed: a whole number"},
       1},
      {"sweep with an unknown key lists each allowed key once",
       kValid + "[sweep]\ndesign = \"lhs\"\npoints = 2\nwhat = 1\n[[sweep.parameters]]\npath = "
                "\"touchpoint.buy.web.friction\"\nrange = [0.1, 0.3]\n",
       {"sweep.what: unknown key; allowed here: design, points, replications, trajectories, levels, "
        "parameters"},
       1},
      {"sweep path that names nothing",
       kValid + "[sweep]\n[[sweep.parameters]]\npath = \"touchpoint.buy.web.fraction\"\nvalues = [0.1]\n",
       {"sweep.parameters[0].path: `touchpoint.buy.web.fraction` has no field `fraction`"}},
      // TOML++ overflowed its stack (SIGSEGV) on about 40,000 key parts.
      {"a dotted key of 40,000 parts",
       with(
           kValid, "horizon_days = 30.0",
           "horizon_days = 30.0\na" +
               [] {
                 std::string parts;
                 for (int i = 0; i < 40000; ++i) parts += ".a";
                 return parts;
               }() +
               " = 1"),
       {"test.toml:5:128", "a dotted key or table header of more than 64 parts; allowed: at most 64"}},
      {"a table header of 40,000 parts",
       "schema = 1\n[" +
           [] {
             std::string parts;
             for (int i = 0; i < 40000; ++i) parts += "a.";
             return parts;
           }() +
           "a]\n",
       {"test.toml:2:129", "more than 64 parts"}},
      {"arrays nested 40,000 deep",
       "schema = 1\nx = " + std::string(40000, '[') + std::string(40000, ']') + "\n",
       {"test.toml:2:69", "arrays and inline tables nested more than 64 deep"}},
  };
  for (const auto& c : cases) {
    SECTION(c.name) {
      const auto message = jst::problems_of(c.toml);
      INFO(message);
      if (c.expected.empty()) {
        CHECK(message.empty());  // accepted
      }
      for (const auto& e : c.expected) CHECK_THAT(message, Catch::Contains(e));
      if (c.problems)
        CHECK(static_cast<std::size_t>(std::count(message.begin(), message.end(), '\n')) + 1 == c.problems);
    }
  }
}

TEST_CASE("a second conversion stage is rejected", "[scenario][validate]") {
  const auto toml = with(with(kValid, "id = \"look\"\n", "id = \"look\"\nconversion = true\n"),
                         "id = \"buy\"\n", "id = \"buy\"\nconversion = true\n");
  CHECK_THAT(jst::problems_of(toml), Catch::Contains("stage.buy.conversion: a second conversion stage"));
}

TEST_CASE("validation reports every problem, not only the first", "[scenario][validate]") {
  auto toml = with(kValid, "friction = 0.2", "friction = 1.5");
  toml = with(toml, "trigger = \"abandon\"", "trigger = \"nope\"");
  toml = with(toml, "id = \"s1\"", "id = \"s1\"\ncolour = 1");
  const auto message = jst::problems_of(toml);
  CHECK_THAT(message, Catch::Contains("touchpoint.buy.web.friction"));
  CHECK_THAT(message, Catch::Contains("campaign.promo.trigger"));
  CHECK_THAT(message, Catch::Contains("segment.s1.colour: unknown key"));
}

TEST_CASE("validation lists its problems in the line order of the file", "[scenario][validate]") {
  // A typo in a touchpoint's channel (found by validation) above a range
  // error in the same touchpoint (found while reading) came after it.
  const std::string toml = jst::read_text(jst::source_path("scenarios/teaching-minimal.toml"));
  std::string bad = with(toml, "advance = 0.5", "advance = 1.5");
  bad = with(bad, "channel = \"web\"", "channel = \"webb\"");
  const std::string message = jst::problems_of(bad);
  std::vector<int> lines;
  for (auto at = message.find("test.toml:"); at != std::string::npos; at = message.find("test.toml:", at + 1))
    lines.push_back(std::stoi(message.substr(at + 10)));
  REQUIRE(lines.size() >= 3);
  CHECK(std::is_sorted(lines.begin(), lines.end()));
}

// Each arm is checked on a lean copy without the variants or any positions:
// what it finds must still be placed at its own variant, in the file's order.
TEST_CASE("problems among thousands of variants are placed at their own variant, in order",
          "[scenario][validate]") {
  constexpr int kCount = 2000;
  auto id_of = [](int k) {
    if (k == 700) return std::string("a3");
    if (k == 1400) return std::string("baseline");
    if (k == kCount - 1) return std::string("v1");  // kValid's own
    return "a" + std::to_string(k);
  };
  std::string toml = kValid;
  for (int k = 0; k < kCount; ++k) {
    const char* set =
        k == 1000 ? "touchpoint.buy.web.advance\" = 0.95" : "touchpoint.buy.web.friction\" = 0.3";
    toml += "[[variants]]\nid = \"" + id_of(k) + "\"\nset = { \"" + set + " }\n";
  }
  // kValid is 46 lines: appended variant k starts on line 47 + 3k, its set on the third.
  auto at = [](int k, int line, int column) {
    return "test.toml:" + std::to_string(47 + 3 * k + line) + ":" + std::to_string(column) + ": error: ";
  };
  // In the line order of the file.
  const std::string expected =
      at(700, 0, 1) + "variant.a3: duplicate id; each variant id must be unique\n" + at(1000, 2, 9) +
      "touchpoint.buy.web.leave: variant `a1000` makes it invalid: " +
      "advance + leave = 1.05; allowed: advance + leave <= 1\n" + at(1400, 0, 1) +
      "variant.baseline: the id `baseline` names the arm without a variant; give this one another\n" +
      at(kCount - 1, 0, 1) + "variant.v1: duplicate id; each variant id must be unique";
  CHECK(jst::problems_of(toml) == expected);
}

// The one check that reads positions, an array written as [], is the file's
// own: no variant changes it, so none is blamed for it (arms have no positions).
TEST_CASE("an array written empty is said once, not again for each variant", "[scenario][validate]") {
  auto toml = with(kValid, "[[segments]]\nid = \"s1\"\nshare = 0.5\nchannels = { web = 1.0 }\n", "");
  toml = with(toml, "[[segments]]\nid = \"s2\"\nshare = 0.5\nchannels = { web = 1.0, mobile = 1.0 }\n", "");
  toml = with(toml, "schema = 1\n", "schema = 1\nsegments = []\n");
  toml += "[[variants]]\nid = \"v2\"\nset = { \"touchpoint.buy.web.advance\" = 0.95 }\n";
  const auto message = jst::problems_of(toml);
  CHECK_THAT(message,
             Catch::Contains("test.toml:2:12: error: segments: is empty; at least one [[segments]]"));
  CHECK_THAT(message, Catch::Contains("test.toml:42:9: error: touchpoint.buy.web.leave: variant `v2` makes "
                                      "it invalid: advance + leave = 1.05"));
  // The third: "is an array", as the file is read.
  CHECK(std::count(message.begin(), message.end(), '\n') + 1 == 3);
}

TEST_CASE("empty and binary files are refused before parsing", "[scenario][validate]") {
  CHECK_THAT(jst::problems_of(""), Catch::Contains("test.toml:1:1: error: the file is empty"));
  CHECK_THAT(jst::problems_of("  \n\n"), Catch::Contains("the file is empty"));
  CHECK_THAT(jst::problems_of(std::string("schema = 1\n[\0", 13)),
             Catch::Contains("test.toml:2:2: error: control byte 0x00"));
  CHECK_THAT(jst::problems_of("schema = 1\nname = \"\xff\xfe\""), Catch::Contains("invalid UTF-8"));
  CHECK_THAT(jst::problems_of("\x89PNG\r\n\x1a\n"), Catch::Contains("is this a binary file?"));
}

TEST_CASE("a missing file is bad input naming the file", "[scenario][validate]") {
  try {
    journeysim::load_scenario_file("/nonexistent/gym.toml");
    FAIL("no error");
  } catch (const journeysim::ScenarioError& e) {
    CHECK_THAT(std::string(e.what()),
               Catch::Contains("/nonexistent/gym.toml: error: cannot open the scenario file"));
  }
}

TEST_CASE("a folder or an endless device as the scenario is bad input, read no further than 16 MiB",
          "[scenario][validate]") {
  // /dev/zero was read whole, until the memory ran out.
  for (const auto& [path, says] :
       {std::pair<std::string, std::string>{"/dev/zero", "it is over 16 MiB"}, {"/tmp", "it is a folder"}}) {
    try {
      journeysim::load_scenario_file(path);
      FAIL("no error");
    } catch (const journeysim::ScenarioError& e) {
      CHECK_THAT(std::string(e.what()), Catch::Contains(path + ": error: cannot read the scenario: " + says));
    }
  }
}

// Found by tools/fuzz.sh: a file cut off before [[stages]] indexed an empty stage list.
TEST_CASE("a scenario without stages is refused, not read out of bounds", "[scenario][validate][fuzz]") {
  const auto text = jst::read_text(jst::source_path("tests/fuzz/corpus/truncated-no-stages.toml"));
  const auto message = jst::problems_of(text);
  CHECK_THAT(message, Catch::Contains("stages: is missing"));
  CHECK_THAT(message, Catch::Contains("segment.desktop.channon: unknown key"));
}

// TOML++ 3.3 assumes a key follows '[' and '.' (undefined behaviour if not);
// found by tools/fuzz.sh. The loader refuses such text first.
TEST_CASE("a key must follow the bracket of a table header and the dot of a dotted key",
          "[scenario][validate][fuzz]") {
  CHECK_THAT(jst::problems_of("[@"), Catch::Contains("test.toml:1:2: error: malformed TOML: expected a key"));
  // A string left open: TOML++ names the newline it runs into, not the missing quote.
  CHECK_THAT(
      jst::problems_of("schema = 1\n[scenario]\nname = \"x\nhorizon_days = 5\n"),
      Catch::Contains("test.toml:3:10: error: malformed TOML: a string is not closed on its line; add its "
                      "closing quote (\")"));
  CHECK_THAT(jst::problems_of("schema = 1\n[scenario]\nname = \"x"),
             Catch::Contains("malformed TOML: a string is not closed before the end of the file"));
  CHECK_THAT(jst::problems_of("schema = 1\n  [[ @x]]\n"), Catch::Contains("test.toml:2:6:"));
  CHECK_THAT(jst::problems_of("a.@ = 1"),
             Catch::Contains("test.toml:1:3: error: malformed TOML: expected a key"));
  CHECK_THAT(jst::problems_of("x = { a. @ = 1 }"), Catch::Contains("test.toml:1:10:"));
  // In a value a dot is part of a number: "3.\"" is not a key (found by tools/fuzz.sh).
  CHECK_THAT(jst::problems_of("e=3.\"\xc3\xa9"),
             Catch::Contains("test.toml:1:5: error: malformed TOML: expected a digit"));
  // Valid TOML with '[', '.', '@' in arrays, numbers, dates, strings and comments passes the scan.
  const std::string valid =
      "schema = 1 # [@ and .@ in a comment\n"
      "x = [\n  [1.5, 2],\n  { a = \"[@\" },\n  ]\n"
      "y = '.@' \nz = \"\"\"\n[@\n.@\"\"\"\nt = 1979-05-27T07:32:00.999\n"
      "\"quoted.key\" = 1\na . b = 2\nq = \"\"\"a\"\"\"\"\"\nr = '''b''''\n";
  const auto message = jst::problems_of(valid);
  CHECK_THAT(message, !Catch::Contains("malformed TOML"));
  CHECK_THAT(message, Catch::Contains("unknown key"));  // parsed, then judged
}

TEST_CASE("non-ASCII outside strings and comments is refused before the parser sees it",
          "[scenario][validate][fuzz]") {
  CHECK_THAT(jst::problems_of("schema = 1\ncaf\xc3\xa9 = 1\n"),
             Catch::Contains(
                 "test.toml:2:4: error: malformed TOML: a non-ASCII character outside a string or comment"));
  CHECK_THAT(jst::problems_of("schema = 1\n\xe3\x80\x81\n"), Catch::Contains("test.toml:2:1:"));
  CHECK_THAT(jst::problems_of("schema = 1\nname =2\"\xc3\xa9t\xc3\xa9\"\n"),
             Catch::Contains("test.toml:2:8: error: malformed TOML: unexpected \""));
  // After a line-ending backslash TOML++ skips whitespace with the same table.
  CHECK_THAT(
      jst::problems_of("schema = 1\nx = \"\"\"a \\\n   \xc3\xa9\"\"\"\n"),
      Catch::Contains("test.toml:3:4: error: a multi-line string continues after a line-ending backslash"));
  CHECK_THAT(jst::problems_of("schema = 1\nx = \"\"\"a \\\n   b\xc3\xa9\"\"\"\n"),
             !Catch::Contains("backslash"));
  CHECK_THAT(
      jst::problems_of("schema = 1\nx = \"a\\\xc3\xa9\"\n"),
      Catch::Contains("test.toml:2:8: error: malformed TOML: a backslash before a non-ASCII character"));
  CHECK_THAT(
      jst::problems_of("x = \"\"\"\\ \xc3\xa9\"\"\"\n"),
      Catch::Contains("test.toml:1:10: error: malformed TOML: a backslash before a non-ASCII character"));
  // Inside strings and comments it is welcome.
  const auto message = jst::problems_of(
      "schema = 1 # caf\xc3\xa9 \xe2\x82\xac\n[scenario]\nname = \"x\"\n"
      "title = \"Caf\xc3\xa9 \xf0\x9f\x98\x80\"\nhorizon_days = 1.0\n");
  CHECK_THAT(message, !Catch::Contains("non-ASCII"));
  CHECK_THAT(message, Catch::Contains("population: is missing"));
}

// Found by tools/fuzz.sh: on a malformed value TOML++ scans ahead with its
// faulty table, past what it does not take for a string. The structure is
// checked on a copy without such code points first.
TEST_CASE("malformed TOML around unsafe code points is reported, not parsed unsafely",
          "[scenario][validate][fuzz]") {
  CHECK_THAT(jst::problems_of(" f =-=\"\xc3\xa9"),
             Catch::Contains("test.toml:1:") && Catch::Contains("malformed TOML"));
  // The same code points inside strings and comments are read as written.
  const auto scenario = load_scenario_file(jst::source_path("scenarios/gym-membership.toml"));
  auto text = scenario.source;
  const std::string title = "title = \"Gym membership: mobile sign-up friction\"";
  text.replace(text.find(title), title.size(),
               "title = \"Caf\xc3\xa9 \xe3\x80\x81 \xd0\x96 \xef\xb9\x90\" # \xc3\xa9\xe3\x80\x81");
  CHECK(load_scenario_text(text, "unicode.toml").scenario.title ==
        "Caf\xc3\xa9 \xe3\x80\x81 \xd0\x96 \xef\xb9\x90");
}

// Found by tools/fuzz.sh: the default max_customers (10 x customers) overflowed.
TEST_CASE("a huge customer count is refused, not overflowed", "[scenario][validate][fuzz]") {
  const auto message = jst::problems_of(
      "schema = 1\n[scenario]\nname = \"x\"\nhorizon_days = 1.0\n[population]\ncustomers = "
      "999999999999999940\n");
  CHECK_THAT(message, Catch::Contains("population.customers: is 999,999,999,999,999,940, too large: at most "
                                      "4,000,000,000 customers per run"));
}

TEST_CASE("a count past the cap on customers is refused once, for the cap", "[scenario][validate]") {
  // Not a second time for the memory its budget would need.
  const std::string text = with(with(kValid, "customers = 100", "customers = 5000000000"), "via = \"email\"",
                                "via = \"email\"\nmax_sends = 10");
  const std::string problems = jst::problems_of(text);
  CHECK_THAT(problems, Catch::Contains("at most 4,000,000,000 customers per run"));
  CHECK_THAT(problems, !Catch::Contains("bytes a customer"));
}

TEST_CASE("whole numbers are grouped by thousands", "[scenario]") {
  CHECK(journeysim::grouped_count(0) == "0");
  CHECK(journeysim::grouped_count(999) == "999");
  CHECK(journeysim::grouped_count(1000) == "1,000");
  CHECK(journeysim::grouped_count(4000000000LL) == "4,000,000,000");
  CHECK(journeysim::grouped_count(-1234567) == "-1,234,567");
}
