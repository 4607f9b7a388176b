#include "journeysim/scenario/delay.h"

#include <cmath>
#include <string>

namespace journeysim {

namespace {
struct KindInfo {
  DelayKind kind;
  std::string_view name;
  std::array<std::string_view, 2> params;
};
constexpr std::array<KindInfo, 5> kKinds{{
    {DelayKind::Fixed, "fixed", {"value", ""}},
    {DelayKind::Exponential, "exponential", {"mean", ""}},
    {DelayKind::Uniform, "uniform", {"min", "max"}},
    {DelayKind::Lognormal, "lognormal", {"median", "sigma"}},
    {DelayKind::Gamma, "gamma", {"shape", "mean"}},
}};
const KindInfo& info(DelayKind kind) {
  return kKinds[static_cast<std::size_t>(kind)];
}
}  // namespace

double delay_mean(const Delay& d) {
  switch (d.kind) {
    case DelayKind::Uniform:
      return (d.p1 + d.p2) / 2.0;
    case DelayKind::Lognormal:
      return d.p1 * std::exp(d.p2 * d.p2 / 2.0);
    case DelayKind::Gamma:
      return d.p2;
    case DelayKind::Fixed:
    case DelayKind::Exponential:
      break;
  }
  return d.p1;
}

std::string_view delay_kind_name(DelayKind kind) {
  return info(kind).name;
}

std::optional<DelayKind> delay_kind_from_name(std::string_view name) {
  for (const auto& k : kKinds) {
    if (k.name == name) return k.kind;
  }
  return std::nullopt;
}

std::array<std::string_view, 2> delay_param_names(DelayKind kind) {
  return info(kind).params;
}

std::string delay_param_problem(DelayKind kind, int index, double value) {
  if (!std::isfinite(value)) return "must be a finite number";
  // A delay is never negative; parameters that scale a distribution must be positive.
  const bool zero_allowed =
      kind == DelayKind::Fixed || kind == DelayKind::Uniform || (kind == DelayKind::Lognormal && index == 1);
  if (zero_allowed ? value < 0.0 : value <= 0.0) {
    return zero_allowed ? "must be >= 0" : "must be > 0";
  }
  return {};
}

}  // namespace journeysim
