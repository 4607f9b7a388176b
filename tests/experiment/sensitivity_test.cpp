// The sensitivity estimators alone, against functions whose indices are known.
#include <catch2/catch.hpp>

#include <cmath>

#include "journeysim/experiment/sensitivity.h"

using namespace journeysim;

namespace {
constexpr double kPi = 3.14159265358979323846;

// Ishigami and Homma (1990) with a = 7, b = 0.1 on [-pi, pi]^3.
double ishigami(const std::vector<double>& u) {
  const double x1 = -kPi + 2 * kPi * u[0], x2 = -kPi + 2 * kPi * u[1], x3 = -kPi + 2 * kPi * u[2];
  return std::sin(x1) + 7.0 * std::sin(x2) * std::sin(x2) + 0.1 * std::pow(x3, 4) * std::sin(x1);
}
}  // namespace

TEST_CASE("Saltelli points: A, then A with each column of B, then B, all in the unit cube", "[sensitivity]") {
  const auto p = saltelli_points(8, 3);
  REQUIRE(p.size() == 8 * 5);
  for (std::size_t i = 0; i < 8; ++i) {
    const auto &a = p[i * 5], &b = p[i * 5 + 4];
    for (std::size_t j = 0; j < 3; ++j) {
      for (std::size_t k = 0; k < 3; ++k) CHECK(p[i * 5 + 1 + j][k] == (k == j ? b[k] : a[k]));
      CHECK(a[j] >= 0.0);
      CHECK(a[j] < 1.0);
    }
  }
}

TEST_CASE("Saltelli points: no row has A equal to B, and each coordinate of A and B is stratified",
          "[sensitivity]") {
  // Points n to 2n - 1 of the sequence: Boost's first, (0.5, ..., 0.5),
  // made A and B of the first row the same point, a row that told nothing.
  // Not with one parameter: the sequence's first two coordinates are equal
  // at some points whatever the skip (and one parameter has both indices 1).
  for (std::size_t n : {4u, 8u, 16u, 128u}) {
    for (std::size_t d : {2u, 3u, 6u}) {
      const auto p = saltelli_points(n, d);
      REQUIRE(p.size() == n * (d + 2));
      std::vector<std::vector<int>> hits(2 * d, std::vector<int>(n, 0));
      for (std::size_t i = 0; i < n; ++i) {
        const auto &a = p[i * (d + 2)], &b = p[i * (d + 2) + d + 1];
        INFO("n " << n << ", d " << d << ", row " << i);
        CHECK(a != b);
        for (std::size_t j = 0; j < d; ++j) {
          ++hits[j][static_cast<std::size_t>(a[j] * static_cast<double>(n))];
          ++hits[d + j][static_cast<std::size_t>(b[j] * static_cast<double>(n))];
        }
      }
      for (const auto& column : hits) CHECK(column == std::vector<int>(n, 1));
    }
  }
}

TEST_CASE("Sobol indices of the Ishigami function match the known values", "[sensitivity]") {
  // S1 = 0.3139, S2 = 0.4424, S3 = 0; ST1 = 0.5576, ST2 = 0.4424, ST3 = 0.2437 (Sobol' and Levitan 1999).
  const std::size_t n = 8192;
  const auto points = saltelli_points(n, 3);
  std::vector<double> y;
  for (const auto& p : points) y.push_back(ishigami(p));
  const auto s = sobol_indices(y, n, 3, 1, 200);
  const double first[] = {0.3139, 0.4424, 0.0}, total[] = {0.5576, 0.4424, 0.2437};
  for (std::size_t j = 0; j < 3; ++j) {
    INFO("x" << j + 1 << ": first " << s[j].first << " [" << s[j].first_low << ", " << s[j].first_high
             << "], total " << s[j].total << " [" << s[j].total_low << ", " << s[j].total_high << "]");
    CHECK(s[j].first == Approx(first[j]).margin(0.02));
    CHECK(s[j].total == Approx(total[j]).margin(0.02));
    // The bootstrap intervals hold the truth and are not wider than they need be.
    CHECK(s[j].first_low <= first[j] + 0.005);
    CHECK(s[j].first_high >= first[j] - 0.005);
    CHECK(s[j].total_low <= total[j] + 0.005);
    CHECK(s[j].total_high >= total[j] - 0.005);
    CHECK(s[j].total_high - s[j].total_low < 0.1);
  }
}

TEST_CASE("Sobol indices are NaN when the output does not vary", "[sensitivity]") {
  const auto s = sobol_indices(std::vector<double>(16 * 4, 2.5), 16, 2, 1, 10);
  CHECK(std::isnan(s[0].first));
  CHECK(std::isnan(s[1].total_high));
}

TEST_CASE("Morris: each trajectory moves every coordinate once by delta on the grid", "[sensitivity]") {
  const auto d = morris_points(20, 3, 4, 7);
  REQUIRE(d.points.size() == 20 * 4);
  CHECK(d.delta == Approx(2.0 / 3.0));
  for (std::size_t r = 0; r < 20; ++r) {
    std::vector<int> moved(3, 0);
    for (std::size_t k = 0; k < 3; ++k) {
      const auto &before = d.points[r * 4 + k], &after = d.points[r * 4 + k + 1];
      const std::size_t j = d.moved[r * 3 + k];
      ++moved[j];
      CHECK(std::fabs(after[j] - before[j]) == Approx(2.0 / 3.0));
      for (double x : after) {
        CHECK(x >= -1e-12);
        CHECK(x <= 1 + 1e-12);
        CHECK(std::fabs(x * 3 - std::round(x * 3)) < 1e-9);  // on the 4-level grid
      }
    }
    CHECK(moved == std::vector<int>{1, 1, 1});
  }
}

TEST_CASE("Morris effects rank a linear, a null and a curved input", "[sensitivity]") {
  const auto d = morris_points(30, 3, 4, 11);
  std::vector<double> y;
  for (const auto& p : d.points) y.push_back(3.0 * p[0] + 0.0 * p[1] + 4.0 * p[2] * p[2]);
  const auto e = morris_effects(y, d, 3);
  CHECK(e[0].mu == Approx(3.0));
  CHECK(e[0].mu_star == Approx(3.0));
  CHECK(e[0].sigma == Approx(0.0).margin(1e-9));
  CHECK(e[1].mu_star == 0.0);
  // x3^2: the effect of a step depends on where it starts, so sigma > 0.
  CHECK(e[2].mu_star > 1.0);
  CHECK(e[2].sigma > 0.5);
}
