#include "journeysim/experiment/plan.h"

#include <algorithm>

#include "journeysim/scenario/loader.h"
#include "journeysim/scenario/param_path.h"

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

std::vector<std::string> settings_without_effect(const RunPlan& plan) {
  struct Setting {
    const Override* first;  // as the first arm that has it has it
    std::string why;        // as that arm says
    std::size_t arms = 0, inert = 0;
  };
  std::vector<Setting> seen;  // in the order first met
  for (const Arm& arm : plan.arms) {
    for (const Override& o : arm.overrides) {
      auto it = std::find_if(seen.begin(), seen.end(), [&](const Setting& s) {
        return s.first->path == o.path && s.first->pos.line == o.pos.line &&
               s.first->pos.column == o.pos.column;
      });
      if (it == seen.end()) it = seen.insert(seen.end(), Setting{&o, {}, 0, 0});
      ++it->arms;
      const std::string why = inert_because(arm.scenario, o.path);
      if (why.empty()) continue;
      ++it->inert;
      if (it->why.empty()) it->why = why;
    }
  }
  std::vector<std::string> out;
  for (const Setting& s : seen) {
    if (s.inert < s.arms) continue;
    const std::string& path = s.first->path;
    const std::string enable = path.substr(0, path.find('.', path.find('.') + 1)) + ".enabled";
    const bool swept =
        std::find(plan.sweep_paths.begin(), plan.sweep_paths.end(), path) != plan.sweep_paths.end();
    if (swept) {
      out.push_back("sweeping " + path + " changes nothing: " + s.why +
                    " at any point; enable it with --set " + enable + "=true");
    } else if (s.first->pos.line == 0) {
      std::string variants;  // those that enable the campaign, for `run`
      for (const Variant& v : plan.source.variants) {
        for (const Override& o : v.set) {
          if (o.path == enable && o.value.is_bool && o.value.boolean)
            variants += std::string(variants.empty() ? "" : " or ") + "--variant " + v.id;
        }
      }
      out.push_back("--set " + path + " changes nothing: " + s.why + "; enable it with --set " + enable +
                    "=true" +
                    (plan.command == "run" && !variants.empty() ? ", or run it with " + variants : ""));
    } else {
      out.push_back(plan.source.file + ":" + std::to_string(s.first->pos.line) + ":" +
                    std::to_string(s.first->pos.column) + ": a variant sets " + path +
                    ", which changes nothing: " + s.why + "; set " + enable + " = true in the variant too");
    }
  }
  return out;
}

void add_replications(RunPlan& plan, std::uint32_t more) {
  const std::uint32_t from = plan.replications, to = from + more;
  for (std::uint32_t a = 0; a < plan.arms.size(); ++a) {
    for (std::uint32_t r = from; r < to; ++r) plan.runs.push_back({a, r});
  }
  plan.replications = to;
}

}  // namespace journeysim
