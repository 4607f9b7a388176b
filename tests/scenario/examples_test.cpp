// Every example scenario validates, and each of its variants too.
#include <catch2/catch.hpp>

#include <filesystem>

#include "journeysim/sim/engine.h"
#include "support.h"

using namespace journeysim;

TEST_CASE("every example scenario in scenarios/ is valid and runs", "[scenario][examples]") {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(jst::source_path("scenarios"))) {
    if (entry.path().extension() != ".toml") continue;
    ++count;
    INFO(entry.path());
    const auto scenario = load_scenario_file(entry.path());
    std::vector<std::string> arms{""};
    for (const auto& v : scenario.variants) arms.push_back(v.id);
    for (const auto& arm : arms) {
      std::vector<Override> small{{"population.customers", ParamValue::of_integer(500), {}}};
      const auto model = compile_model(make_arm(scenario, arm, small));
      const auto r = simulate(model, 0);
      CHECK(r.totals.customers > 0);
      CHECK(r.totals.touchpoints > 0);
    }
  }
  CHECK(count >= 3);
}

TEST_CASE("the gym example shows what its variants are for", "[scenario][examples]") {
  const auto scenario = load_scenario_file(jst::source_path("scenarios/gym-membership.toml"));
  auto converted = [&](const std::string& variant) {
    std::vector<Override> size{{"population.customers", ParamValue::of_integer(20000), {}}};
    return simulate(compile_model(make_arm(scenario, variant, size)), 0).totals.converted;
  };
  const auto base = converted(""), short_form = converted("short-form"), promo = converted("promo"),
             both = converted("both");
  CHECK(short_form > base);
  CHECK(promo > base);
  CHECK(both > short_form);
}

TEST_CASE("the teaching example earns 25 a purchase, exactly", "[scenario][examples]") {
  // value_on = "advance": a visit to the checkout that ends in leaving, or a
  // retry after friction, earns nothing; each purchase earns 25.
  const auto scenario = load_scenario_file(jst::source_path("scenarios/teaching-minimal.toml"));
  const auto model = compile_model(make_arm(scenario, "", {}));
  for (std::uint32_t rep = 0; rep < 3; ++rep) {
    for (auto ordering : {Ordering::Auto, Ordering::Global}) {
      const auto r = simulate(model, rep, false, ordering);
      INFO("replication " << rep);
      REQUIRE(r.totals.converted > 0);
      CHECK(r.totals.revenue == 25.0 * static_cast<double>(r.totals.converted));
    }
  }
}
