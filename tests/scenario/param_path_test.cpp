#include <catch2/catch.hpp>

#include "journeysim/scenario/param_path.h"
#include "support.h"

using namespace journeysim;

namespace {
Scenario gym() {
  return load_scenario_file(jst::source_path("scenarios/gym-membership.toml"));
}
ParamValue num(double x) {
  return ParamValue::of_number(x);
}
}  // namespace

TEST_CASE("parameter paths set and get every kind of field", "[scenario][paths]") {
  auto s = gym();
  CHECK(set_param(s, "touchpoint.purchase.mobile.friction", num(0.12)).empty());
  CHECK(get_param(s, "touchpoint.purchase.mobile.friction")->number == 0.12);
  CHECK(set_param(s, "campaign.promo_email.enabled", ParamValue::of_bool(true)).empty());
  CHECK(get_param(s, "campaign.promo_email.enabled")->boolean);
  CHECK(set_param(s, "segment.desktop.channels.mobile", num(0.5)).empty());
  CHECK(s.segments[1].channels.at("mobile") == 0.5);
  CHECK(set_param(s, "population.customers", num(1000)).empty());
  CHECK(s.population.customers == 1000);
  CHECK(set_param(s, "population.arrival.window_days", num(10)).empty());
  CHECK(*s.population.arrival.window_days == 10.0);
  CHECK(set_param(s, "stage.awareness.delay.mean", num(3.0)).empty());
  CHECK(s.stages[0].delay->p1 == 3.0);
  CHECK(set_param(s, "touchpoint.purchase.mobile.satisfaction.friction", num(-0.5)).empty());
  CHECK(s.touchpoints[4].satisfaction.friction == -0.5);
  CHECK(set_param(s, "channel.search.cost_per_touch", num(1.5)).empty());
  CHECK(set_param(s, "scenario.seed", num(7)).empty());
  CHECK(s.scenario.seed == 7);
}

TEST_CASE("an override of an inherited value reaches the touchpoints that inherit it", "[scenario][paths]") {
  auto s = gym();
  std::vector<Problem> problems;
  apply_overrides(s, {{"channel.search.cost_per_touch", num(2.5), {}}}, problems);
  REQUIRE(problems.empty());
  const auto resolved = resolve_defaults(s);
  CHECK(*resolved.touchpoints[1].cost == 2.5);
}

TEST_CASE("bad parameter paths say what is wrong", "[scenario][paths]") {
  auto s = gym();
  CHECK_THAT(set_param(s, "touchpont.purchase.mobile.friction", num(0.1)),
             Catch::Contains("unknown parameter path (did you mean `touchpoint`?)"));
  CHECK_THAT(set_param(s, "touchpoint.purchase.mobil.friction", num(0.1)),
             Catch::Contains("names no touchpoint `purchase.mobil` (did you mean `purchase.mobile`?)"));
  CHECK_THAT(set_param(s, "touchpoint.purchase.mobile.friction", num(2.0)),
             Catch::Contains("is 2.0; allowed: a probability in [0, 1]"));
  CHECK_THAT(set_param(s, "touchpoint.purchase.mobile.title", num(1)),
             Catch::Contains("not a numeric or boolean field"));
  CHECK_THAT(set_param(s, "campaign.promo_email.enabled", num(1)), Catch::Contains("is a boolean field"));
  CHECK_THAT(set_param(s, "population.customers", num(2.5)),
             Catch::Contains("is 2.5; allowed: a whole number >= 1"));
  CHECK_THAT(set_param(s, "population.customers", num(-3)),
             Catch::Contains("is -3; allowed: a whole number >= 1"));
  CHECK_THAT(set_param(s, "stage.consideration.delay.median", num(1)),
             Catch::Contains("names no parameter of this exponential delay; allowed: delay.mean"));
  CHECK_THAT(set_param(s, "stage.retention.delay.mean", num(1)), Catch::Contains("has no delay of its own"));
  CHECK_THAT(set_param(s, "segment", num(1)), Catch::Contains("is incomplete"));
}

TEST_CASE("a path to a touchpoint whose stage is misspelt blames that touchpoint and not the path",
          "[scenario][paths]") {
  auto s = gym();
  for (auto& t : s.touchpoints) {
    if (t.stage == "purchase" && t.channel == "mobile") t.stage = "purchse";
  }
  // It suggested the typo: "did you mean `purchse.mobile`?".
  const auto problem = set_param(s, "touchpoint.purchase.mobile.friction", num(0.1));
  CHECK_THAT(problem,
             Catch::Contains("while touchpoint `purchse.mobile` names a stage that does not exist") &&
                 !Catch::Contains("did you mean"));
  // A path that is itself misspelt is still told the touchpoint it may mean.
  CHECK_THAT(set_param(s, "touchpoint.purchase.wbe.friction", num(0.1)),
             Catch::Contains("did you mean `purchase.web`?") && !Catch::Contains("purchse"));
}

TEST_CASE("a --set whose path validation refuses is reported as the --set and not at a line of the file",
          "[scenario][paths]") {
  // A channel weight for a channel that does not exist: found only when the
  // arm is validated, and it was put at the segment's `channels` line.
  try {
    make_arm(gym(), "", {parse_override("segment.mobile_first.channels.nope=0.5")});
    FAIL("no error");
  } catch (const ScenarioError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].file == "--set");
    CHECK(e.problems()[0].pos.line == 0);
    CHECK_THAT(e.problems()[0].message, Catch::StartsWith("names no channel `nope`"));
  }
}

TEST_CASE("command-line overrides parse as PATH=VALUE", "[scenario][paths]") {
  const auto o = parse_override("touchpoint.purchase.mobile.friction=0.12");
  CHECK(o.path == "touchpoint.purchase.mobile.friction");
  CHECK(o.value.number == 0.12);
  CHECK(parse_override("campaign.promo_email.enabled=true").value.boolean);
  CHECK_THROWS_AS(parse_override("friction"), ScenarioError);
  CHECK_THROWS_WITH(parse_override("a.b=zero"),
                    Catch::Contains("value `zero` is not a number, true or false"));
  // A number a double cannot hold is named as such, not as no number.
  for (const char* text : {"a.b=1e400", "a.b=-1e400"})
    CHECK_THROWS_WITH(parse_override(text), Catch::Contains("too large for a double"));
  // The value is read as TOML reads it in the file: .1 is not TOML, +0.1 and 1_000 are.
  CHECK_THROWS_WITH(parse_override("a.b=.1"), Catch::Contains("is not a number"));
  CHECK_THROWS_WITH(parse_override("a.b=01"), Catch::Contains("leading zeroes"));
  CHECK_THROWS_WITH(parse_override("a.b=\"x\""), Catch::Contains("value `\"x\"` is a string"));
  CHECK_THROWS_WITH(parse_override("a.b=1\nc = 2"), Catch::Contains("is not a number"));
  CHECK(parse_override("a.b=+0.1").value.number == 0.1);
  CHECK(parse_override("a.b=1_000").value.integer == 1000);
}

TEST_CASE("an integer past 2^53 is set exactly, not through a double", "[scenario][paths]") {
  auto s = gym();
  // 2^53 + 1: a double would make it 2^53.
  CHECK(set_param(s, "scenario.seed", parse_override("x=9007199254740993").value).empty());
  CHECK(s.scenario.seed == 9007199254740993);
  CHECK(set_param(s, "scenario.seed", parse_override("x=9223372036854775807").value).empty());
  CHECK(s.scenario.seed == 9223372036854775807);
  CHECK(get_param(s, "scenario.seed")->text() == "9223372036854775807");
  CHECK_THROWS_WITH(parse_override("x=9223372036854775808"), Catch::Contains("not representable in 64 bits"));
  // A float that large may already be rounded from what was typed.
  CHECK_THAT(set_param(s, "scenario.seed", num(9007199254740993.0)),
             Catch::Contains("written as an integer (no point or exponent) past 2^53"));
  // A variant's `set` keeps the TOML integer too.
  const auto scenario = jst::scenario_from(
      jst::bench_journey(10, "[[variants]]\nid = \"v\"\nset = { \"scenario.seed\" = 9007199254740993 }\n"));
  CHECK(make_arm(scenario, "v", {}).scenario.seed == 9007199254740993);
}

TEST_CASE("the effective scenario reads back as the same scenario", "[scenario][effective]") {
  const auto resolved = resolve_defaults(gym());
  const auto text = effective_toml(resolved);
  const auto again = resolve_defaults(load_scenario_text(text, "effective.toml"));
  CHECK(effective_toml(again) == text);
  CHECK_THAT(text, Catch::Contains("cost = 0.9"));  // the search channel's cost, inherited
  CHECK_THAT(text, Catch::Contains("next = \"consideration\""));
  CHECK_THAT(text, Catch::Contains("max_customers = 500000"));
}
