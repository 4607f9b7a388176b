// Run plans: a setting that changes nothing (a field of a campaign that is
// not enabled) is named, wherever it comes from, and only where it changes
// nothing in every arm that has it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "journeysim/experiment/plan.h"
#include "journeysim/experiment/sweep.h"
#include "journeysim/scenario/param_path.h"
#include "support.h"

using namespace journeysim;

namespace {

// A win-back e-mail written disabled; one variant enables it, one only
// sets its budget, one changes the friction.
std::string with_disabled_campaign(const std::string& more = "") {
  return R"(schema = 1
[scenario]
name = "disabled"
horizon_days = 60.0
[population]
customers = 100
arrival = { pattern = "at_start" }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "buy"
conversion = true
[[touchpoints]]
stage = "buy"
channel = "web"
friction = 0.2
abandon = 0.5
advance = 0.3
leave = 0.1
[[campaigns]]
id = "winback"
enabled = false
trigger = "abandon"
via = "web"
win_back = 0.3
[[variants]]
id = "with-winback"
set = { "campaign.winback.enabled" = true }
[[variants]]
id = "budget-only"
set = { "campaign.winback.max_sends" = 10 }
[[variants]]
id = "easier"
set = { "touchpoint.buy.web.friction" = 0.1 }
)" + more;
}

std::vector<std::string> warnings_of(const RunPlan& plan) {
  return settings_without_effect(plan);
}

}  // namespace

TEST_CASE("a --set on a campaign that is not enabled is named, with how to enable it", "[plan][validate]") {
  const Scenario s = jst::scenario_from(with_disabled_campaign());
  const auto budget = parse_override("campaign.winback.max_sends=5");

  const auto run = warnings_of(plan_run(s, "", {budget}, 1));
  REQUIRE(run.size() == 1);
  CHECK(run[0] ==
        "--set campaign.winback.max_sends changes nothing: campaign `winback` is not enabled (enabled = "
        "false); enable it with --set campaign.winback.enabled=true, or run it with --variant with-winback");
  // Enabled by the variant, or on the command line: it counts.
  CHECK(warnings_of(plan_run(s, "with-winback", {budget}, 1)).empty());
  CHECK(warnings_of(plan_run(s, "", {parse_override("campaign.winback.enabled=true"), budget}, 1)).empty());
  // Setting `enabled` itself, or another entity, is never inert.
  CHECK(warnings_of(plan_run(s, "", {parse_override("campaign.winback.enabled=false")}, 1)).empty());
  CHECK(warnings_of(plan_run(s, "", {parse_override("touchpoint.buy.web.friction=0.1")}, 1)).empty());

  // compare: one arm (with-winback) enables it, so the --set counts there.
  CHECK(warnings_of(plan_compare(s, {budget}, 1)) ==
        std::vector<std::string>{"test.toml:35:9: a variant sets campaign.winback.max_sends, which "
                                 "changes nothing: campaign `winback` is not enabled (enabled = false); set "
                                 "campaign.winback.enabled = true in the variant too"});
}

TEST_CASE("the set of a variant and a swept parameter on a campaign that is not enabled are named",
          "[plan][sweep][validate]") {
  const Scenario s = jst::scenario_from(with_disabled_campaign());
  CHECK(warnings_of(plan_run(s, "budget-only", {}, 1)) ==
        std::vector<std::string>{"test.toml:35:9: a variant sets campaign.winback.max_sends, which "
                                 "changes nothing: campaign `winback` is not enabled (enabled = false); set "
                                 "campaign.winback.enabled = true in the variant too"});
  CHECK(warnings_of(plan_run(s, "easier", {}, 1)).empty());

  const std::string sweep = R"(
[sweep]
[[sweep.parameters]]
path = "campaign.winback.win_back"
values = [0.2, 0.4]
)";
  const Scenario swept = jst::scenario_from(with_disabled_campaign(sweep));
  CHECK(warnings_of(plan_sweep(swept, {}, 1)) ==
        std::vector<std::string>{
            "sweeping campaign.winback.win_back changes nothing: campaign `winback` is not "
            "enabled (enabled = false) at any point; enable it with --set "
            "campaign.winback.enabled=true"});
  CHECK(warnings_of(plan_sweep(swept, {parse_override("campaign.winback.enabled=true")}, 1)).empty());
  // Swept on and off with it: it counts at the points where it is on.
  const Scenario both = jst::scenario_from(with_disabled_campaign(sweep + R"(
[[sweep.parameters]]
path = "campaign.winback.enabled"
values = [false, true]
)"));
  CHECK(warnings_of(plan_sweep(both, {}, 1)).empty());
}
