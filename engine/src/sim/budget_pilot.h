#pragma once
// What settling send budgets (budget.h) reads off a set of triggers: a
// budget's cut, and what the pilot, the first customers run, foretells of
// the rest: the budgets never spent, guessed cuts, and whether arrival
// windows pay.
#include <cstdint>
#include <optional>
#include <vector>

#include "journeysim/model/model.h"
#include "pending_triggers.h"
#include "simulation.h"

namespace journeysim::detail {

// Campaign k's cut if its budget is spent among `triggers`: the
// max_sends-th sent trigger in the global order (max_sends >= 1,
// validate.cpp), of which `spent` came before every one of `triggers`. Once
// it is spent, every later trigger is refused and draws no delay, whether
// or not its message would have fallen inside the horizon. Found among
// the sends of one bucket of time, the horizon's 4096th part, picked by a
// count of every bucket's: copying every send and ordering them all took
// 36 ms at 10 million customers, with every thread waiting.
std::optional<BudgetTrigger> cut_of(const std::vector<BudgetTrigger>& triggers, std::uint16_t k,
                                    std::int64_t max_sends, std::int64_t spent, double horizon);

// The earliest cut of the campaigns not yet settled, if any budget left is
// spent among `triggers` (`spent`: see cut_of).
std::optional<BudgetTrigger> earliest_cut(const Model& model, const std::vector<BudgetTrigger>& triggers,
                                          const std::vector<bool>& settled,
                                          const std::vector<std::int64_t>& spent);
std::optional<BudgetTrigger> earliest_cut(const Model& model, const PendingTriggers& triggers,
                                          const std::vector<bool>& settled,
                                          const std::vector<std::int64_t>& spent);

// Guessed cuts (budget.h), in `cuts`: for each budget the pilot's customers
// (`pilot` of them, with `triggers`, run with no cut) spend, the time of
// their m-th send, m their share of the budget (max_sends x pilot / N) plus
// `sd` times its square root, rounded up (their count of sends by a time is
// about binomial, with a standard deviation of about the square root of its
// mean). None with `sd` NaN, and none for a budget where m < 1 (a very
// negative `sd`) or m passes the pilot's sends (the budget may never be
// spent: no guess costs nothing then), or one `counted` (never_spent).
void guess_cuts(const Model& model, const std::vector<BudgetTrigger>& triggers, std::uint32_t pilot,
                double sd, const std::vector<bool>& counted, std::vector<BudgetTrigger>& cuts);

// The budgets the pilot's customers (`pilot` of them, which `sent` so many
// messages of each campaign, run with no cut) foretell never spent: they
// sent fewer than their share of the budget less `sd` times its square root
// (guess_cuts). None with `sd` NaN. Such a budget's triggers are counted,
// not kept (budget.h).
std::vector<bool> never_spent(const Model& model, const std::vector<std::int64_t>& sent, std::uint32_t pilot,
                              double sd);

// Whether the pilot's customers (`pilot` of them, with `triggers`) foretell
// that arrival windows pay for drawing every arrival first: with each
// budget scaled down to the pilot, more than one customer in 25 would have
// a trigger after its cut that the budget's guess in `guesses` (guess_cuts)
// does not refuse, and so run twice more in id order (a customer with
// triggers has a longer journey than most: about 12% of a run, against the
// windows' tenth). Those past the guess are refused in id order as in
// windows: counted too, they sent the bench's two budgets into 61 windows
// where one, with the same 22,000 customers run again, took 0.93 times the
// time at 10 million.
bool windows_pay(const Model& model, const std::vector<BudgetTrigger>& triggers, std::uint32_t pilot,
                 const std::vector<BudgetTrigger>& guesses);

}  // namespace journeysim::detail
