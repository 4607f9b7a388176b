#pragma once
// The one error hierarchy of journeysim. The CLI maps BadInput (the user's
// input is wrong: ScenarioError, ModelError, InputError) to exit code 1 and
// every other Error to exit code 2 (the run could not be carried out).
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace journeysim {

// A position in a scenario file; line and column start at 1, 0 means unknown.
struct SourcePos {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// One thing wrong with the input, with where it is and which key it concerns.
struct Problem {
  std::string file;
  SourcePos pos;
  std::string key;      // e.g. "touchpoint.purchase.mobile.friction"; may be empty
  std::string message;  // what was found and what is allowed

  // "FILE:LINE:COL: error: KEY: MESSAGE"
  std::string format() const;
};

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The user's input is wrong, whichever way it was found.
class BadInput : public Error {
 public:
  using Error::Error;
};

// Bad input. Carries every problem found, not only the first.
class ScenarioError : public BadInput {
 public:
  explicit ScenarioError(std::vector<Problem> problems);
  const std::vector<Problem>& problems() const noexcept { return problems_; }

 private:
  std::vector<Problem> problems_;
};

// A run the scenario makes impossible to finish (a customer whose journey
// loops without time passing). Bad input, like ScenarioError, but found while running.
class ModelError : public BadInput {
 public:
  using BadInput::BadInput;
};

// An input file that is not what the command takes: a results file that is
// missing, or is not one. Bad input, like ScenarioError (exit code 1).
class InputError : public BadInput {
 public:
  using BadInput::BadInput;
};

// A file could not be read or written.
class IoError : public Error {
 public:
  using Error::Error;
};

// The run was asked to stop (the CLI: SIGINT or SIGTERM). Nothing was written.
class Interrupted : public Error {
 public:
  using Error::Error;
};

}  // namespace journeysim
