#pragma once
// A window's triggers kept for settling send budgets (budget.cpp): the
// lists of the blocks that met them, each taken over whole where all of it
// falls in the window, rather than copied into one list. In one window
// that copy was every trigger kept, serial while every thread waited, and
// mostly page faults: 0.03 s of 1.05 s for the bench's two budgets at 10
// million customers on 2 threads (2.36 million triggers, 57 MB). Nothing
// reads the triggers' order but counts and a strict order (sooner), so
// how they are split into lists changes no result.
#include <algorithm>
#include <cstddef>
#include <vector>

#include "simulation.h"

namespace journeysim::detail {

class PendingTriggers {
 public:
  using Part = std::vector<BudgetTrigger>;

  // A block's list, taken over.
  void take(Part&& part) {
    if (!part.empty()) parts_.push_back(std::move(part));
    part = Part{};
  }
  // A span of a block's list, copied.
  template <class It>
  void copy(It first, It last) {
    if (first != last) parts_.emplace_back(first, last);
  }
  void push_back(const BudgetTrigger& t) {
    if (parts_.empty()) parts_.emplace_back();
    parts_.back().push_back(t);
  }
  // Drops the triggers `drop` says (called once for each, in order).
  template <class Drop>
  void erase_if(Drop drop) {
    for (Part& p : parts_) p.erase(std::remove_if(p.begin(), p.end(), drop), p.end());
  }
  // Forgets them all, and frees their memory.
  void clear() { std::vector<Part>().swap(parts_); }

  // f(t) for every trigger t, list after list (a loop over each list: an
  // iterator that steps across them made every pass over 2 million
  // triggers slower by about half).
  template <class F>
  void for_each(F f) const {
    for (const Part& p : parts_) {
      for (const BudgetTrigger& t : p) f(t);
    }
  }

 private:
  std::vector<Part> parts_;
};

}  // namespace journeysim::detail
