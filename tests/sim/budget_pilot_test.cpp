// What the budgets' pilot foretells (sim/budget_pilot.h): whether arrival
// windows pay. The results are the same either way (budget_test.cpp runs
// both); this is about how much runs twice.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "sim/budget.h"
#include "sim/budget_pilot.h"
#include "support.h"

using namespace journeysim;

namespace {

// 160,000 customers, a pilot of 10,000, and a budget whose share in the
// pilot is 1,000 sends.
const char* kOneBudget = R"(
schema = 1
[scenario]
name = "pilot"
horizon_days = 60.0
[population]
customers = 160000
arrival = { pattern = "uniform", window_days = 30.0 }
[[segments]]
id = "all"
share = 1.0
channels = { web = 1.0 }
[[channels]]
id = "web"
[[stages]]
id = "a"
[[touchpoints]]
stage = "a"
channel = "web"
friction = 0.5
abandon = 0.5
advance = 0.5
[[campaigns]]
id = "nudge"
trigger = "friction"
via = "web"
reach = 0.5
max_sends = 16000
)";

constexpr std::uint32_t kPilot = 10000;

// Every pilot customer sends once, customer i at day i / 100: the budget's
// share runs out at the 1,000th, and 9,000 customers have a trigger after it.
std::vector<detail::BudgetTrigger> one_send_each() {
  std::vector<detail::BudgetTrigger> out;
  for (std::uint32_t i = 0; i < kPilot; ++i) out.push_back({i / 100.0, i, 0, 0, true});
  return out;
}

}  // namespace

TEST_CASE("arrival windows pay only for the customers a guessed cut does not refuse", "[budget]") {
  const Model model = jst::model_from(kOneBudget);
  const auto triggers = one_send_each();
  // The budget's cut guessed `sd` standard deviations late (guess_cuts).
  auto guessed = [&](double sd) {
    std::vector<detail::BudgetTrigger> cuts(1, detail::kNoCut);
    detail::guess_cuts(model, triggers, kPilot, sd, std::vector<bool>(1, false), cuts);
    REQUIRE(detail::is_guess(cuts[0]));
    return cuts;
  };

  SECTION("with no guess, the 9,000 customers after the cut would run again in id order") {
    const std::vector<detail::BudgetTrigger> cuts(1, detail::kNoCut);
    CHECK(detail::windows_pay(model, triggers, kPilot, cuts));
  }
  SECTION("guessed 4 sd late, only the 127 between the cut and the guess would") {
    const auto cuts = guessed(4.0);
    // m = ceil(1,000 + 4 sqrt(1,000)) = 1,127: the 1,127th send, day 11.26.
    CHECK(cuts[0].t == Approx(11.26));
    CHECK_FALSE(detail::windows_pay(model, triggers, kPilot, cuts));
  }
  SECTION("guessed so late that more than one customer in 25 is between, the guess's own trigger too") {
    // m = ceil(1,000 + 12.66 sqrt(1,000)) = 1,401: customers 1,000 to 1,400,
    // 401 of them, over 400; the last sends at the guess itself.
    const auto cuts = guessed(12.66);
    CHECK(cuts[0].t == Approx(14.00));
    CHECK(detail::windows_pay(model, triggers, kPilot, cuts));
  }
  SECTION("a guess before the cut, which the run drops, refuses nobody for good") {
    CHECK(detail::windows_pay(model, triggers, kPilot, guessed(-4.0)));
  }
  SECTION("a budget the pilot does not spend needs no windows") {
    const std::vector<detail::BudgetTrigger> few(triggers.begin(), triggers.begin() + 999);
    const std::vector<detail::BudgetTrigger> cuts(1, detail::kNoCut);
    CHECK_FALSE(detail::windows_pay(model, few, kPilot, cuts));
  }
}

// The whole run, with the pilot's own triggers: most customers trigger the
// nudge, and its budget is spent a fifth of the way through the arrivals.
TEST_CASE("a budget the pilot guesses well runs in one window, unguessed in many", "[budget]") {
  const Model model = jst::model_from(kOneBudget);
  std::uint32_t windows = 0;
  detail::BudgetWindows sizes;
  sizes.windows_run = &windows;
  const RunResult guessed = detail::simulate_budget(model, 1, nullptr, nullptr, 2, false, sizes);
  CHECK(windows == 1);
  sizes.guess_sd = std::numeric_limits<double>::quiet_NaN();
  const RunResult unguessed = detail::simulate_budget(model, 1, nullptr, nullptr, 2, false, sizes);
  CHECK(windows > 1);
  REQUIRE(guessed.campaign_sends.size() == 1);
  CHECK(guessed.campaign_sends[0] == 16000);
  CHECK(unguessed.campaign_sends == guessed.campaign_sends);
  CHECK(unguessed.totals.converted == guessed.totals.converted);
}
