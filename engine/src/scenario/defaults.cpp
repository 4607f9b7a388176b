#include <algorithm>

#include "journeysim/scenario/loader.h"

namespace journeysim {

namespace {
template <class T>
const T* by_id(const std::vector<T>& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

Scenario resolve_defaults(const Scenario& in) {
  Scenario s = in;
  if (s.scenario.title.empty()) s.scenario.title = s.scenario.name;
  s.population.max_customers = s.population.max_customers_or_default();
  const std::string first_stage = s.stages.empty() ? std::string() : s.stages.front().id;
  for (auto& seg : s.segments) {
    if (seg.title.empty()) seg.title = seg.id;
    if (seg.entry_stage.empty()) seg.entry_stage = first_stage;
  }
  for (auto& c : s.channels) {
    if (c.title.empty()) c.title = c.id;
  }
  const bool has_conversion =
      std::any_of(s.stages.begin(), s.stages.end(), [](const Stage& st) { return st.conversion; });
  for (std::size_t i = 0; i < s.stages.size(); ++i) {
    auto& st = s.stages[i];
    if (st.title.empty()) st.title = st.id;
    // After the last stage the journey completes: its `next` stays empty.
    if (st.next.empty() && i + 1 < s.stages.size()) st.next = s.stages[i + 1].id;
  }
  if (!has_conversion && !s.stages.empty()) s.stages.back().conversion = true;
  for (auto& t : s.touchpoints) {
    if (t.title.empty()) t.title = t.stage + " via " + t.channel;
    if (!t.cost) {
      const Channel* c = by_id(s.channels, t.channel);
      t.cost = c ? c->cost_per_touch : 0.0;
    }
    if (!t.delay) {
      const Stage* st = by_id(s.stages, t.stage);
      t.delay = st && st->delay ? *st->delay : Delay{DelayKind::Exponential, 1.0, 0.0};
    }
    if (!t.retry_delay) t.retry_delay = t.delay;
  }
  if (s.referrals.entry_stage.empty()) s.referrals.entry_stage = first_stage;
  if (!s.referrals.delay) s.referrals.delay = Delay{DelayKind::Exponential, 1.0, 0.0};
  for (auto& c : s.campaigns) {
    if (c.title.empty()) c.title = c.id;
    if (!c.delay) c.delay = Delay{DelayKind::Fixed, 0.0, 0.0};
  }
  for (auto& v : s.variants) {
    if (v.title.empty()) v.title = v.id;
  }
  if (s.sweep && !s.sweep->replications) s.sweep->replications = s.scenario.replications;
  return s;
}

}  // namespace journeysim
