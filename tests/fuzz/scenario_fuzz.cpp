// libFuzzer target: any bytes through the scenario loader, and any scenario it
// accepts through the engine with a tiny population. Must never crash, hang
// or trip a sanitizer; bad input must end in a ScenarioError or ModelError.
// Built and run by tools/fuzz.sh (clang, TOML++ compiled in header-only mode
// so that the sanitizers see inside it).
#include <cstdint>
#include <string>

#include "journeysim/core/error.h"
#include "journeysim/model/model.h"
#include "journeysim/scenario/loader.h"
#include "journeysim/sim/engine.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto scenario = journeysim::load_scenario_text(text, "fuzz.toml");
    // Keep each input fast: few customers, a short horizon.
    const std::vector<journeysim::Override> small{
        {"population.customers", ParamValue::of_integer(5), {}},
        {"population.max_customers", ParamValue::of_integer(50), {}},
        {"scenario.horizon_days", ParamValue::of_integer(5), {}},
    };
    const auto model = journeysim::compile_model(journeysim::make_arm(scenario, "", small));
    journeysim::simulate(model, 0, true);
    journeysim::simulate(model, 0, false, journeysim::Ordering::Global);
    (void)journeysim::effective_toml(journeysim::resolve_defaults(scenario));
  } catch (const journeysim::ScenarioError&) {
  } catch (const journeysim::ModelError&) {
  }
  return 0;
}
