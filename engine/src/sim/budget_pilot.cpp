#include "budget_pilot.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace journeysim::detail {

std::optional<BudgetTrigger> cut_of(const std::vector<BudgetTrigger>& triggers, std::uint16_t k,
                                    std::int64_t max_sends, std::int64_t spent) {
  auto counts = [&](const BudgetTrigger& t) { return t.campaign == k && t.sent; };
  const std::int64_t left = max_sends - spent;  // >= 1: see simulate_budget
  if (std::count_if(triggers.begin(), triggers.end(), counts) < left) return std::nullopt;
  std::vector<BudgetTrigger> sent;
  std::copy_if(triggers.begin(), triggers.end(), std::back_inserter(sent), counts);
  const auto last = sent.begin() + (left - 1);
  std::nth_element(sent.begin(), last, sent.end(), sooner);
  return *last;
}

std::optional<BudgetTrigger> earliest_cut(const Model& model, const std::vector<BudgetTrigger>& triggers,
                                          const std::vector<bool>& settled,
                                          const std::vector<std::int64_t>& spent) {
  // Sends counted in one pass: only a budget they spend needs its cut sought.
  const std::vector<std::int64_t> sent = sends_of(model.campaigns.size(), triggers);
  std::optional<BudgetTrigger> earliest;
  for (std::uint16_t k = 0; k < model.campaigns.size(); ++k) {
    if (settled[k] || model.campaigns[k].max_sends < 0) continue;
    if (spent[k] + sent[k] < model.campaigns[k].max_sends) continue;
    const auto cut = cut_of(triggers, k, model.campaigns[k].max_sends, spent[k]);
    if (cut && (!earliest || sooner(*cut, *earliest))) earliest = cut;
  }
  return earliest;
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
    const double share = static_cast<double>(model.campaigns[k].max_sends) * pilot / model.customers;
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
    const double share = static_cast<double>(model.campaigns[k].max_sends) * pilot / model.customers;
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
    const double scaled = static_cast<double>(model.campaigns[k].max_sends) * pilot / model.customers;
    const auto need = static_cast<std::int64_t>(std::max(1.0, std::ceil(scaled)));
    const auto cut = cut_of(triggers, k, need, 0);
    if (!cut) continue;
    const bool guessed = is_guess(guesses[k]);
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
