#include <catch2/catch.hpp>

#include "journeysim/core/error.h"

using journeysim::Problem;
using journeysim::ScenarioError;

TEST_CASE("a problem formats as FILE:LINE:COL: error: KEY: MESSAGE", "[core]") {
  CHECK(Problem{"gym.toml", {12, 5}, "stage.a", "is bad"}.format() ==
        "gym.toml:12:5: error: stage.a: is bad");
  CHECK(Problem{"gym.toml", {}, "", "cannot open"}.format() == "gym.toml: error: cannot open");
}

TEST_CASE("a ScenarioError carries every problem", "[core]") {
  ScenarioError e({{"a.toml", {1, 1}, "x", "one"}, {"a.toml", {2, 3}, "y", "two"}});
  CHECK(e.problems().size() == 2);
  CHECK(std::string(e.what()) == "a.toml:1:1: error: x: one\na.toml:2:3: error: y: two");
}
