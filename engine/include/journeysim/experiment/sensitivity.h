#pragma once
// Global sensitivity analysis on the unit hypercube, independent of the
// engine: the sample points of Saltelli's scheme (on a Sobol sequence) and
// of Morris's elementary effects, and the estimators that turn the model's
// outputs at those points into indices. A sweep maps the unit points onto
// its parameters' ranges (experiment/sweep.h) and feeds back each point's
// mean over replications.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace journeysim {

// ---- Sobol indices (Saltelli et al. 2010; total effects by Jansen 1999) ----
// N base rows of a 2D-dimensional Sobol sequence (Boost's, which starts at
// (0.5, …, 0.5), past the all-zero point) give matrices A (the first D columns) and B (the last D). The
// model points, row by row: A_i, then AB_i^j (A_i with column j from B_i)
// for j = 1 … D, then B_i: N (D + 2) points of D coordinates in [0, 1).
std::vector<std::vector<double>> saltelli_points(std::size_t n, std::size_t dimensions);

struct SobolIndex {
  double first = 0.0, first_low = 0.0, first_high = 0.0;
  double total = 0.0, total_low = 0.0, total_high = 0.0;
};
// `y`: the model's output at saltelli_points(n, d), in that order. With
// V = the variance of the outputs at A and B together:
//   first_j = mean((f(B) - m) (f(AB^j) - f(A))) / V    (Saltelli 2010, f(B) centred
//                                                        on the outputs' mean m)
//   total_j = mean((f(A) - f(AB^j))^2) / (2 V)         (Jansen 1999)
// and 95% intervals from `resamples` bootstrap resamples of the N rows
// (percentiles 2.5 and 97.5), drawn from a generator seeded with `seed`.
// NaN where V is 0 or an output is NaN.
std::vector<SobolIndex> sobol_indices(const std::vector<double>& y, std::size_t n, std::size_t dimensions,
                                      std::uint64_t seed, std::size_t resamples = 1000);

// ---- Morris elementary effects (Morris 1991; mu* by Campolongo et al. 2007) ----
// `trajectories` trajectories of D + 1 points on a `levels`-level grid of
// [0, 1]: a random start, then each coordinate in a random order moved by
// delta = levels / (2 (levels - 1)), up where that stays in [0, 1], else down.
struct MorrisDesign {
  std::vector<std::vector<double>> points;  // trajectory after trajectory, D + 1 each
  std::vector<std::size_t> moved;           // [trajectory * D + step]: the coordinate changed
  double delta = 0.0;
};
MorrisDesign morris_points(std::size_t trajectories, std::size_t dimensions, std::size_t levels,
                           std::uint64_t seed);

struct MorrisEffect {
  double mu_star = 0.0, mu = 0.0, sigma = 0.0;  // mean |EE|, mean EE, sample sd of EE
};
// `y`: the output at design.points. EE = (f(after) - f(before)) / (signed
// step in [0, 1]), per coordinate and trajectory; in the output's units per
// whole range of the parameter.
std::vector<MorrisEffect> morris_effects(const std::vector<double>& y, const MorrisDesign& design,
                                         std::size_t dimensions);

}  // namespace journeysim
