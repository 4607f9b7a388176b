#include "budget_pilot.h"

#include <algorithm>
#include <cmath>

namespace journeysim::detail {

namespace {

// f(t) for every trigger t of a list, or of a window's lists.
template <class F>
void each(const std::vector<BudgetTrigger>& triggers, F f) {
  for (const BudgetTrigger& t : triggers) f(t);
}
template <class F>
void each(const PendingTriggers& triggers, F f) {
  triggers.for_each(f);
}

// Campaign k's budget scaled down to the pilot's `pilot` customers: what
// they would send of it if everyone sent alike.
double pilot_share(const Model& model, std::uint16_t k, std::uint32_t pilot) {
  return static_cast<double>(model.campaigns[k].max_sends) * pilot / model.customers;
}

template <class Triggers>
std::optional<BudgetTrigger> cut_in(const Triggers& triggers, std::uint16_t k, std::int64_t max_sends,
                                    std::int64_t spent, double horizon) {
  auto counts = [&](const BudgetTrigger& t) { return t.campaign == k && t.sent; };
  const std::int64_t left = max_sends - spent;  // >= 1: see simulate_budget
  // Buckets of time in time order, equal times in one: every send in a
  // bucket before another's comes sooner.
  constexpr std::size_t kBuckets = 4096;
  const double scale = horizon > 0.0 ? static_cast<double>(kBuckets) / horizon : 0.0;
  auto bucket = [&](double t) -> std::size_t {
    const double x = t * scale;
    if (!(x > 0.0)) return 0;
    return x < static_cast<double>(kBuckets) ? static_cast<std::size_t>(x) : kBuckets - 1;
  };
  std::vector<std::int64_t> in(kBuckets, 0);
  std::int64_t total = 0;
  each(triggers, [&](const BudgetTrigger& t) {
    if (!counts(t)) return;
    ++in[bucket(t.t)];
    ++total;
  });
  if (total < left) return std::nullopt;
  std::size_t b = 0;
  std::int64_t before = 0;  // sends in the buckets before b
  while (before + in[b] < left) before += in[b++];
  std::vector<BudgetTrigger> here;
  here.reserve(static_cast<std::size_t>(in[b]));
  each(triggers, [&](const BudgetTrigger& t) {
    if (counts(t) && bucket(t.t) == b) here.push_back(t);
  });
  const auto last = here.begin() + (left - before - 1);
  std::nth_element(here.begin(), last, here.end(), sooner);
  return *last;
}

template <class Triggers>
std::optional<BudgetTrigger> earliest_in(const Model& model, const Triggers& triggers,
                                         const std::vector<bool>& settled,
                                         const std::vector<std::int64_t>& spent) {
  // Sends counted in one pass: only a budget they spend needs its cut sought.
  std::vector<std::int64_t> sent(model.campaigns.size(), 0);
  each(triggers, [&](const BudgetTrigger& t) { sent[t.campaign] += t.sent; });
  std::optional<BudgetTrigger> earliest;
  for (std::uint16_t k = 0; k < model.campaigns.size(); ++k) {
    if (settled[k] || model.campaigns[k].max_sends < 0) continue;
    if (spent[k] + sent[k] < model.campaigns[k].max_sends) continue;
    const auto cut = cut_in(triggers, k, model.campaigns[k].max_sends, spent[k], model.horizon);
    if (cut && (!earliest || sooner(*cut, *earliest))) earliest = cut;
  }
  return earliest;
}

}  // namespace

std::optional<BudgetTrigger> cut_of(const std::vector<BudgetTrigger>& triggers, std::uint16_t k,
                                    std::int64_t max_sends, std::int64_t spent, double horizon) {
  return cut_in(triggers, k, max_sends, spent, horizon);
}

std::optional<BudgetTrigger> earliest_cut(const Model& model, const std::vector<BudgetTrigger>& triggers,
                                          const std::vector<bool>& settled,
                                          const std::vector<std::int64_t>& spent) {
  return earliest_in(model, triggers, settled, spent);
}

std::optional<BudgetTrigger> earliest_cut(const Model& model, const PendingTriggers& triggers,
                                          const std::vector<bool>& settled,
                                          const std::vector<std::int64_t>& spent) {
  return earliest_in(model, triggers, settled, spent);
}

void guess_cuts(const Model& model, const std::vector<BudgetTrigger>& triggers, std::uint32_t pilot,
                double sd, const std::vector<bool>& counted, std::vector<BudgetTrigger>& cuts) {
  if (pilot == 0 || std::isnan(sd)) return;
  std::vector<double> times;
  for (std::uint16_t k = 0; k < model.campaigns.size(); ++k) {
    if (model.campaigns[k].max_sends < 0 || counted[k]) continue;
    times.clear();
    for (const BudgetTrigger& t : triggers) {
      if (t.campaign == k && t.sent) times.push_back(t.t);
    }
    const double share = pilot_share(model, k, pilot);
    const double m = std::ceil(share + sd * std::sqrt(share));
    if (m < 1.0 || m > static_cast<double>(times.size())) continue;
    const auto at = times.begin() + static_cast<std::ptrdiff_t>(m - 1.0);
    std::nth_element(times.begin(), at, times.end());
    cuts[k] = guessed_cut(*at, k);
  }
}

std::vector<bool> never_spent(const Model& model, const std::vector<std::int64_t>& sent, std::uint32_t pilot,
                              double sd) {
  std::vector<bool> out(model.campaigns.size(), false);
  if (pilot == 0 || std::isnan(sd)) return out;
  for (std::uint16_t k = 0; k < model.campaigns.size(); ++k) {
    if (model.campaigns[k].max_sends < 0) continue;
    const double share = pilot_share(model, k, pilot);
    out[k] = static_cast<double>(sent[k]) < share - sd * std::sqrt(share);
  }
  return out;
}

bool windows_pay(const Model& model, const std::vector<BudgetTrigger>& triggers, std::uint32_t pilot,
                 const std::vector<BudgetTrigger>& guesses) {
  if (pilot == 0) return false;
  std::vector<std::uint32_t> after;
  for (std::uint16_t k = 0; k < model.campaigns.size(); ++k) {
    if (model.campaigns[k].max_sends < 0) continue;
    const double scaled = pilot_share(model, k, pilot);
    const auto need = static_cast<std::int64_t>(std::max(1.0, std::ceil(scaled)));
    const auto cut = cut_of(triggers, k, need, 0, model.horizon);
    if (!cut) continue;
    // A guess before the cut is dropped once the run passes it, and every
    // customer it refused runs again: as if there were none.
    const bool guessed = is_guess(guesses[k]) && !sooner(guesses[k], *cut);
    for (const BudgetTrigger& t : triggers) {
      if (t.campaign == k && sooner(*cut, t) && !(guessed && sooner(guesses[k], t)))
        after.push_back(t.customer);
    }
  }
  std::sort(after.begin(), after.end());
  after.erase(std::unique(after.begin(), after.end()), after.end());
  return after.size() * 25 > pilot;
}

}  // namespace journeysim::detail
