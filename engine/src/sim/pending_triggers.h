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
    if (!part.empty()) taken_.push_back(std::move(part));
    part = Part{};
  }
  // Room for `n` more copied (copy()), so that the copies' list grows to
  // its size at once, not by doubling, which held up to twice its triggers.
  void reserve(std::size_t n) { copied_.reserve(copied_.size() + n); }
  // A span of a block's list, copied: into one list, not one of its own
  // each, which cost 40 bytes or more a span of often a trigger or two,
  // in many windows.
  template <class It>
  void copy(It first, It last) {
    copied_.insert(copied_.end(), first, last);
  }
  void push_back(const BudgetTrigger& t) { copied_.push_back(t); }
  // Drops the triggers `drop` says (called once for each, in order).
  template <class Drop>
  void erase_if(Drop drop) {
    for (Part& p : taken_) p.erase(std::remove_if(p.begin(), p.end(), drop), p.end());
    copied_.erase(std::remove_if(copied_.begin(), copied_.end(), drop), copied_.end());
  }
  // Forgets them all, and frees their memory.
  void clear() {
    std::vector<Part>().swap(taken_);
    Part().swap(copied_);
  }

  // f(t) for every trigger t, list after list (a loop over each list: an
  // iterator that steps across them made every pass over 2 million
  // triggers slower by about half).
  template <class F>
  void for_each(F f) const {
    for (const Part& p : taken_) {
      for (const BudgetTrigger& t : p) f(t);
    }
    for (const BudgetTrigger& t : copied_) f(t);
  }

 private:
  std::vector<Part> taken_;
  Part copied_;
};

}  // namespace journeysim::detail
