#pragma once
// Delay distributions of schema 1. Two parameters cover every kind; their
// names depend on the kind (fixed{value}, exponential{mean}, uniform{min,max},
// lognormal{median,sigma}, gamma{shape,mean}).
#include <array>
#include <optional>
#include <string_view>

namespace journeysim {

enum class DelayKind { Fixed, Exponential, Uniform, Lognormal, Gamma };

struct Delay {
  DelayKind kind = DelayKind::Exponential;
  double p1 = 1.0;
  double p2 = 0.0;

  bool operator==(const Delay& o) const { return kind == o.kind && p1 == o.p1 && p2 == o.p2; }
};

// The delay's mean in days (a lognormal's is its median x exp(sigma^2 / 2)).
double delay_mean(const Delay& delay);
std::string_view delay_kind_name(DelayKind kind);
std::optional<DelayKind> delay_kind_from_name(std::string_view name);
// The parameter names of a kind, in p1, p2 order; the second is empty for one-parameter kinds.
std::array<std::string_view, 2> delay_param_names(DelayKind kind);
// Empty when valid, otherwise what is wrong with parameter `index` (0 or 1).
std::string delay_param_problem(DelayKind kind, int index, double value);

}  // namespace journeysim
