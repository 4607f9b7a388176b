#include "journeysim/experiment/plan.h"

#include "journeysim/scenario/loader.h"

namespace journeysim {

namespace {

Arm make(const Scenario& source, const Variant* variant, const std::vector<Override>& command_line) {
  Arm arm;
  arm.id = variant ? variant->id : "baseline";
  arm.title = variant ? title_or_id(variant->title, variant->id) : "As written";
  arm.fixed_cost = variant ? variant->fixed_cost : 0.0;
  arm.overrides = command_line;
  if (variant) arm.overrides.insert(arm.overrides.end(), variant->set.begin(), variant->set.end());
  arm.scenario = make_arm(source, variant ? variant->id : "", command_line);
  arm.model = compile_model(arm.scenario);
  return arm;
}

std::uint32_t replications_of(const RunPlan& plan, std::uint32_t asked) {
  return asked > 0 ? asked : static_cast<std::uint32_t>(plan.arms.front().scenario.scenario.replications);
}

}  // namespace

RunPlan plan_run(const Scenario& source, const std::string& variant,
                 const std::vector<Override>& command_line, std::uint32_t replications) {
  RunPlan plan;
  plan.command = "run";
  plan.source = source;
  const Variant* chosen = nullptr;
  for (const auto& v : source.variants) {
    if (v.id == variant) chosen = &v;
  }
  if (!variant.empty() && !chosen) {
    // make_arm words the error (with the variants there are).
    make_arm(source, variant, command_line);
  }
  plan.arms.push_back(make(source, chosen, command_line));
  add_replications(plan, replications_of(plan, replications));
  return plan;
}

RunPlan plan_compare(const Scenario& source, const std::vector<Override>& command_line,
                     std::uint32_t replications) {
  RunPlan plan;
  plan.command = "compare";
  plan.source = source;
  plan.arms.push_back(make(source, nullptr, command_line));
  for (const auto& v : source.variants) plan.arms.push_back(make(source, &v, command_line));
  add_replications(plan, replications_of(plan, replications));
  return plan;
}

Scenario effective_scenario(const RunPlan& plan) {
  Scenario effective = plan.effective ? *plan.effective : plan.arms.front().scenario;
  effective.scenario.replications = plan.replications;
  if (effective.sweep) effective.sweep->replications = plan.replications;
  return effective;
}

void add_replications(RunPlan& plan, std::uint32_t more) {
  const std::uint32_t from = plan.replications, to = from + more;
  for (std::uint32_t a = 0; a < plan.arms.size(); ++a) {
    for (std::uint32_t r = from; r < to; ++r) plan.runs.push_back({a, r});
  }
  plan.replications = to;
}

}  // namespace journeysim
