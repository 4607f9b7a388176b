#pragma once
// The event-driven engine: customers' events in (time, customer, seq) order,
// either all of them in one calendar queue (the global order) or one
// customer at a time with a small heap of its own (docs/semantics.md §5).
// The one-by-one mode is driven by engine.cpp, and by referrals.cpp when
// referrals couple customers only through max_customers.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "arrival.h"
#include "arrival_windows.h"
#include "calendar_queue.h"
#include "journeysim/sim/rng.h"
#include "journeysim/sim/sample.h"
#include "ledger.h"
#include "touch.h"

namespace journeysim::detail {

enum EventType : std::uint32_t { kArrival = 0, kTouch = 1, kMessage = 2 };

// Everything a touch needs of one customer, in 32 bytes: events visit
// customers in time order, which is random in memory, so one cache line per
// customer matters more than anything else on the hot path.
struct alignas(32) Customer {
  double satisfaction;
  std::uint64_t reached;   // bit per stage
  std::uint32_t position;  // words used of its journey stream
  std::uint32_t seq;       // events scheduled so far
  std::uint16_t modifier;  // pending campaign index + 1, 0 for none
  std::uint8_t stage, segment, status, converted;
};
static_assert(sizeof(Customer) == 32);

// A referred customer's stream key: a word of its referrer's Referral stream
// with the top bit set, so that it never meets a self-arrival's id (< 2^32)
// and depends on nobody but its ancestors (docs/semantics.md §3).
inline constexpr std::uint64_t kReferredKey = std::uint64_t{1} << 63;

// A referral made one customer at a time, kept to be settled against
// max_customers in the order the global queue would meet it: the referring
// touch's (time, customer, seq), then the child's place k in that touch.
struct Referral {
  double t;              // the referring touch
  double at;             // the child's arrival
  std::uint64_t key;     // the child's stream key
  std::uint32_t parent;  // the referrer's customer id
  std::uint32_t seq;     // the referring touch's event
  std::uint32_t k;       // the child's place among that touch's referrals
  std::uint8_t segment;  // the child's
  std::uint8_t parent_segment, parent_stage;
};

// Later in the global order: the top of a std::*_heap is the earliest.
struct LaterReferral {
  bool operator()(const Referral& a, const Referral& b) const {
    if (a.t != b.t) return a.t > b.t;
    if (a.parent != b.parent) return a.parent > b.parent;
    if (a.seq != b.seq) return a.seq > b.seq;
    return a.k > b.k;
  }
};

// The opposite order, earliest first (std::sort's and nth_element's "less").
struct EarlierReferral {
  bool operator()(const Referral& a, const Referral& b) const { return LaterReferral{}(b, a); }
};

// Thrown by a depth-first simulation once the referred customers of the
// whole run pass max_customers: the cap binds, so it must be settled in order.
struct CapBinds {};

// A trigger of a campaign with a send budget, met one customer at a time:
// where it falls in the global order, (time, customer, the customer's
// how-many-th trigger of that campaign), and whether it sent a message
// inside the horizon, spending the budget, or was refused by a guessed cut
// (below), which may yet be dropped (budget.h).
struct BudgetTrigger {
  double t;
  std::uint32_t customer;
  std::uint32_t nth;
  std::uint16_t campaign;
  bool sent;
  bool refused = false;
};
inline bool sooner(const BudgetTrigger& a, const BudgetTrigger& b) {
  if (a.t != b.t) return a.t < b.t;
  if (a.customer != b.customer) return a.customer < b.customer;
  return a.nth < b.nth;
}
// Each of `campaigns` campaigns' sends (triggers that sent) among `triggers`.
inline std::vector<std::int64_t> sends_of(std::size_t campaigns, const std::vector<BudgetTrigger>& triggers) {
  std::vector<std::int64_t> sent(campaigns, 0);
  for (const BudgetTrigger& t : triggers) sent[t.campaign] += t.sent;
  return sent;
}
// A cut that refuses nothing.
inline constexpr BudgetTrigger kNoCut{std::numeric_limits<double>::infinity(), 0, 0, 0, false};
// A guessed cut (budget.h): every trigger after time t refused, and kept,
// marked, in case the budget turns out not to be spent by then. No
// customer has the id 2^32 - 1 (validate.cpp caps them at 4e9).
inline constexpr std::uint32_t kGuessed = std::numeric_limits<std::uint32_t>::max();
inline constexpr BudgetTrigger guessed_cut(double t, std::uint16_t campaign) {
  return {t, kGuessed, kGuessed, campaign, false};
}
inline constexpr bool is_guess(const BudgetTrigger& cut) {
  return cut.customer == kGuessed;
}

// What a one-by-one simulation does with the referrals it draws.
enum class Referrals {
  Simulate,  // simulate each child after its referrer (the cap cannot bind: depth_first())
  Keep,      // keep them (take_referrals()) for the caller to settle in order
};

class Simulation {
 public:
  // Customers [first, last) one by one (a block, blocks.h), or all of them.
  Simulation(const Model& m, std::uint32_t replication, EventSink* events, bool one_by_one,
             const std::atomic<bool>* stop, std::uint32_t first = 0,
             std::uint32_t last = std::numeric_limits<std::uint32_t>::max())
      : m_(m),
        rep_(replication),
        one_by_one_(one_by_one),
        first_(first),
        last_(std::min(last, m.customers)),
        created_(first),
        queue_(m.horizon, one_by_one ? 0 : 4 * std::size_t{m.customers}),
        ledger_(m, replication, events, stop),
        r_(ledger_.r) {
    scheduled_.assign(m.campaigns.size(), 0);
    // A message that cannot win a customer back, where no campaign has a
    // modifier for the touch after it, changes nothing but counts: with no
    // event log to give its time, it is counted as it is scheduled and
    // never queued (two messages for three touches in a run that greets
    // every stage entry). Its draws and sequence number are as if queued.
    const bool modifiers = std::any_of(m.campaigns.begin(), m.campaigns.end(), [](const CampaignModel& cm) {
      return cm.advance_multiplier != 1.0 || cm.friction_multiplier != 1.0 || cm.value_multiplier != 1.0;
    });
    counted_now_.assign(m.campaigns.size(), 0);
    if (!events && !modifiers) {
      for (std::size_t k = 0; k < m.campaigns.size(); ++k) counted_now_[k] = !m.campaigns[k].wins_back;
    }
  }

  // One by one, children simulated right after their referrer, without
  // ever checking max_customers: `referred` counts the children of the whole
  // run (every block's), and past `slots` the run throws CapBinds.
  void depth_first(std::atomic<std::uint64_t>* referred, std::uint64_t slots) {
    referrals_ = Referrals::Simulate;
    referred_ = referred;
    slots_ = slots;
  }

  // One by one with send budgets: every trigger of a budgeted campaign is
  // kept (take_triggers()), and those after the campaign's cut, `cuts[its
  // index]` (the last trigger its budget pays for, or kNoCut), are refused
  // (a refused trigger draws no delay, as in the global queue).
  void budget(const std::vector<BudgetTrigger>& cuts) {
    cuts_ = cuts;
    budget_nth_.assign(cuts.size(), 0);
    budget_sent_.assign(cuts.size(), 0);
  }
  std::vector<BudgetTrigger> take_triggers() {
    std::vector<BudgetTrigger> out;
    out.swap(triggers_);
    return out;
  }
  // With budget(): the triggers of a campaign k with counted[k] are not
  // kept but their sends counted by the window of `windows` their time
  // falls in (take_counts(), campaign k's in window v at [k * W + v]):
  // a budget foretold never spent needs no more (budget.h), and pushing
  // 24 bytes for each of its triggers cost a run where most touches send.
  // Such a campaign has no cut. `windows` must outlive the simulation.
  void count(const std::vector<bool>& counted, const ArrivalWindows& windows) {
    counted_.assign(counted.begin(), counted.end());
    windows_ = &windows;
    counts_.assign(counted.size() * windows.count(), 0);
  }
  std::vector<std::int64_t> take_counts() {
    std::vector<std::int64_t> out;
    out.swap(counts_);
    return out;
  }
  // With budget() and a log: a customer who meets a budget still open (a
  // trigger of a campaign with no cut yet) may live another journey once it
  // is settled, so its records are dropped and its id kept
  // (take_deferred()), to run again, logged, then.
  // With `hope`, a customer whose only open budgets are counted (count())
  // is hopeful: its records stay in the log. A budget foretold never spent
  // seldom is, and such a journey stands unless one is (and the log is
  // taken back: budget.cpp); dropped, nearly every customer of a run with a
  // greeting on a counted budget ran twice. With `every_budget` (the
  // budgets' pilot, run before any is counted), so is one whose open
  // budgets may be counted, which is every one.
  void defer_open(bool hope = false, bool every_budget = false) {
    defer_ = true;
    hoping_ = hope;
    hope_all_ = hope && every_budget;
    ledger_.hold();
  }
  std::vector<std::uint32_t> take_deferred() {
    std::vector<std::uint32_t> out;
    out.swap(deferred_);
    return out;
  }

  // One by one: self-arrival i alone, arriving as `a` says (the budget
  // settling runs customers in the order they arrive, and some again).
  // Forced inline into the settling's loop over customers, with the
  // arrival's stream: called, it made that loop 1.4 times the heap path's
  // (perf), and a single budget 1.07 times the heap scenario at 2 million.
  JS_INLINE void run_customer(std::uint32_t i, const SelfArrival& a) {
    ledger_.check_stop();
    key_ = i;
    start_self(i, a);
    drain();
    if (defer_) {
      ledger_.end_customer(open_);
      if (open_) deferred_.push_back(i);
      open_ = false;
    }
  }

  // Keeping referrals to settle in order: no more than `slots` of them can
  // take a place, and a simulation's own reach the settling in their order,
  // so past its `slots` earliest the rest are dropped at once. Kept, they
  // grew without bound where the cap binds (3 million referrals for 2,000
  // places, 200 MB and 2 s, helper-26).
  void keep_at_most(std::uint64_t slots) {
    keep_limit_ = slots;
    prune_at_ = 2 * slots + 4096;  // slots < 2^32: no overflow
  }

  // The referrals drawn so far, when they are kept.
  std::vector<Referral> take_referrals() {
    std::vector<Referral> out;
    out.swap(kept_);
    return out;
  }

  RunResult run() {
    Event e;
    if (one_by_one_) {
      // Independent customers: each one's events in (time, sequence) order,
      // exactly as they interleave in the global order. A customer is done
      // before the next starts, so one record slot serves them all.
      for (std::uint32_t i = first_; i < last_; ++i) {
        ledger_.check_stop();
        key_ = i;
        add_self_arrival(i);
        drain();
        // Depth first: the children and theirs, each alone.
        while (!pending_.empty()) {
          const Referral child = pending_.back();
          pending_.pop_back();
          ledger_.check_stop();
          start_referred(child, m_.customers);  // referred; its id is not known and not needed
        }
      }
      if (unreported_) report_referred();
      drop_all_but(kept_, keep_limit_);
    } else {
      customers_.reserve(m_.customers);
      arrival_.reserve(m_.customers);
      for (std::uint32_t i = 0; i < m_.customers; ++i) add_self_arrival(i);
      for (std::uint32_t n = 0; queue_.pop(e); ++n) {
        if ((n & 4095u) == 0) ledger_.check_stop();
        // The sorted bucket tells which customers come next: fetch them early.
        if (const Event* ahead = queue_.peek(kPrefetchDistance))
          __builtin_prefetch(&customers_[ahead->customer], 1);
        dispatch(e);
      }
      for (const Customer& c : customers_) tally(c);
    }
    return ledger_.finish();
  }

  // One by one, for the settling of max_customers: a referral accepted as
  // customer `id` (its refer record on the referrer, then its journey), and
  // one dropped; finish() once the last is settled.
  void accept(const Referral& r, std::uint32_t id) {
    ledger_.check_stop();
    ledger_.log(r.parent, r.parent_segment, r.t, r.parent_stage, -1, EventKind::Refer);
    start_referred(r, id);
  }
  void drop(const Referral& r) {
    ledger_.check_stop();
    ++ledger_.totals(r.segment).referrals_dropped;
  }
  // Drops all of `list` but its `keep` earliest, which stay in no order.
  void drop_all_but(std::vector<Referral>& list, std::uint64_t keep) {
    if (list.size() <= keep) return;
    const auto cut = list.begin() + static_cast<std::ptrdiff_t>(keep);
    std::nth_element(list.begin(), cut, list.end(), EarlierReferral{});
    std::for_each(cut, list.end(), [&](const Referral& r) { drop(r); });
    list.erase(cut, list.end());
  }
  RunResult finish() { return ledger_.finish(); }

 private:
  // One by one: the current customer's events until none are left, then its tally.
  void drain() {
    Event e;
    while (!local_.empty()) {
      std::pop_heap(local_.begin(), local_.end(), detail::Later{});
      // Field by field: the event was most often stored a moment ago field by
      // field (schedule), and one wide load across those stores would wait
      // for them to reach the cache.
      const Event& top = local_.back();
      e.time = top.time;
      e.customer = top.customer;
      e.seq = top.seq;
      e.info = top.info;
      asm volatile("" : "+m"(e.time), "+r"(e.customer), "+r"(e.seq), "+r"(e.info));
      local_.pop_back();
      dispatch(e);
    }
    tally(customers_.front());
  }

  void start_referred(const Referral& r, std::uint32_t id) {
    key_ = r.key;
    new_customer(r.segment, m_.referral_stage, r.at);
    schedule(id, r.at, kArrival);
    drain();
  }

  // The key of customer c's streams: its id, or for a referred customer the
  // key it was given (the current customer's, one by one).
  std::uint64_t key_of(std::uint32_t c) const {
    if (one_by_one_) return key_;
    return c < m_.customers ? c : child_keys_[c - m_.customers];
  }

  static constexpr std::size_t kPrefetchDistance = 8;

  // ---- customers ------------------------------------------------------
  std::uint32_t new_customer(int segment, int stage, double arrival) {
    const std::uint32_t id = created_++;
    if (one_by_one_) {
      // Most customers meet no budget: a memset call for each showed in the
      // profile of a two-budget run.
      if (budget_met_) {
        std::fill(budget_nth_.begin(), budget_nth_.end(), 0u);
        std::fill(budget_sent_.begin(), budget_sent_.end(), 0);
        budget_met_ = false;
      }
      if (customers_.empty()) {
        customers_.resize(1);
        arrival_.resize(1);
      }
      arrival_.front() = arrival;
    } else {
      customers_.emplace_back();
      arrival_.push_back(arrival);
    }
    // Field by field in place: a record built aside and copied whole was
    // read back with wide loads across the narrow stores that had just
    // built it, a store-forwarding stall (perf: a third of add_self_arrival).
    Customer& c = customers_.back();
    c = Customer{};
    c.satisfaction = m_.segments[segment].initial_satisfaction;
    c.stage = static_cast<std::uint8_t>(stage);
    c.segment = static_cast<std::uint8_t>(segment);
    c.status = kWaiting;
    return id;
  }

  // Customer c's record: its own slot, or the one slot when one by one.
  Customer& cust(std::uint32_t c) { return customers_[one_by_one_ ? 0 : c]; }
  const Customer& cust(std::uint32_t c) const { return customers_[one_by_one_ ? 0 : c]; }
  double arrival_of(std::uint32_t c) const { return arrival_[one_by_one_ ? 0 : c]; }

  JS_INLINE void dispatch(const Event& e) {
    switch (e.info & 3u) {
      case kArrival:
        arrive(e);
        break;
      case kTouch:
        touch(e.customer, cust(e.customer).stage, e.time, e.seq);
        break;
      default:
        message(e.customer, e.info, e.time, e.seq);
        break;
    }
  }

  int draw_segment(Stream& rng) const {
    return static_cast<int>(pick(m_.segment_cdf.data(), m_.segment_cdf.size(), rng.uniform()));
  }

  void add_self_arrival(std::uint32_t i) { start_self(i, self_arrival(m_, rep_, i)); }
  void start_self(std::uint32_t i, const SelfArrival& a) {
    // Self-arrivals hold ids 0 ... N-1 (one by one, referred customers
    // simulated in between take none).
    new_customer(a.segment, m_.segments[a.segment].entry_stage, a.time);
    schedule(i, a.time, kArrival);
  }

  JS_INLINE void schedule(std::uint32_t customer, double time, std::uint32_t info) {
    if (time > m_.horizon) return;  // nothing happens after the horizon
    const Event e{time, customer, next_seq(customer, time), info};
    if (one_by_one_) {
      if (local_.empty()) {
        // Most often the only event, and one event is a heap: stored in
        // place field by field, with no copy read back whole (see new_customer).
        Event& only = local_.emplace_back();
        only.time = e.time;
        only.customer = e.customer;
        only.seq = e.seq;
        only.info = e.info;
        return;
      }
      local_.push_back(e);
      std::push_heap(local_.begin(), local_.end(), detail::Later{});
    } else {
      queue_.push(e);
    }
  }

  // The sequence number of customer c's next event, at `time`: past the
  // most one customer may have, the run stops (too_many_events).
  JS_INLINE std::uint32_t next_seq(std::uint32_t c, double time) {
    Customer& me = cust(c);
    if (me.seq >= kMaxEventsPerCustomer) too_many_events(m_, rep_, c, time, me.stage);
    return me.seq++;
  }

  void log(std::uint32_t customer, double t, int stage, int channel, EventKind kind) {
    ledger_.log(customer, cust(customer).segment, t, stage, channel, kind);
  }

  RunTotals& totals_of(std::uint32_t c) { return ledger_.totals(cust(c).segment); }

  JS_INLINE void occupy(double t, int stage, std::int64_t delta) { ledger_.occupy(t, stage, delta); }

  // An arrival entering its first stage (occupancy is the caller's).
  JS_INLINE void enter(std::uint32_t c, int stage, double t, int channel, std::uint32_t seq) {
    Customer& me = cust(c);
    me.stage = static_cast<std::uint8_t>(stage);
    ledger_.reach(me.reached, me.segment, stage);
    fire(Trigger::Enter, c, t, stage, channel, seq);
  }

  void arrive(const Event& e) {
    const std::uint32_t c = e.customer;
    cust(c).status = kActive;
    RunTotals& tot = totals_of(c);
    ++tot.customers;
    if (c >= m_.customers) ++tot.referred;
    const int stage = cust(c).stage;
    log(c, e.time, stage, -1, EventKind::Arrive);
    occupy(e.time, stage, +1);
    enter(c, stage, e.time, -1, e.seq);
    touch(c, stage, e.time, e.seq);
  }

  // How the rest of the engine reacts to customer c's touch: campaign
  // triggers, referrals, and the customer's status and stage.
  struct Reactions {
    static constexpr bool kReacts = true;
    Simulation& sim;
    std::uint32_t c, seq;
    void fire(Trigger trigger, double t, int stage, int channel) {
      sim.fire(trigger, c, t, stage, channel, seq);
    }
    void refer(double t, const ReferralCount& count) { sim.refer(c, t, seq, count); }
    void lost(Trigger why, double t, int stage, int channel) {
      sim.cust(c).status = kLost;
      sim.fire(why, c, t, stage, channel, seq);
    }
    void completed() { sim.cust(c).status = kCompleted; }
    // The kernel has counted the stage reached; the stage is written back after.
    void entered(int stage, double t, int channel) { sim.fire(Trigger::Enter, c, t, stage, channel, seq); }
    double arrival() const { return sim.arrival_of(c); }
  };

  // ---- a touchpoint: the one kernel of touch.h ----------------------------
  JS_INLINE void touch(std::uint32_t c, int s, double t, std::uint32_t seq) {
    // As in the journey loop (solo.cpp): a segment with no satisfaction
    // sensitivity skips the arithmetic its abandon and leave would wait for.
    if (m_.segments[cust(c).segment].satisfaction_sensitivity == 0.0)
      touches<false>(c, s, t, seq);
    else
      touches<true>(c, s, t, seq);
  }
  template <bool Sensitive>
  JS_INLINE void touches(std::uint32_t c, int s, double t, std::uint32_t seq) {
    Customer& me = cust(c);
    // Consecutive events are often the same customer's (always, one by one):
    // keep its stream, and the block of words it is half way through.
    const std::uint64_t key = key_of(c);
    if (journey_owner_ != key || journey_.position() != me.position) {
      journey_.reset(m_.seed, rep_, key, Substream::Journey, 0, me.position);
      journey_owner_ = key;
    }
    // A campaign's modifiers last exactly one touch.
    const CampaignModel* mod = me.modifier ? &m_.campaigns[me.modifier - 1u] : nullptr;
    me.modifier = 0;
    const int segment = me.segment;
    const ChannelChoice* choices = &m_.choices[segment * m_.stage_count()];
    Journey j{me.satisfaction, 0.0, me.reached, s, segment, me.converted != 0};
    for (;;) {
      Reactions react{*this, c, seq};
      const TouchResult result = detail::touch<Sensitive>(m_, table_.data(), choices, m_.segments[segment], j,
                                                          mod, journey_, ledger_, c, t, react);
      // Referrals may have grown the customer table: look the record up again.
      Customer& after = cust(c);
      after.satisfaction = j.satisfaction;
      after.reached = j.reached;
      after.stage = static_cast<std::uint8_t>(j.stage);
      after.converted = j.converted;
      if (result.outcome != Outcome::Again) break;
      const double next = t + result.delay;
      // One by one, the next touch runs here, with the sequence number the
      // heap would have given it, rather than through the heap. Whatever
      // else is pending is a message to this customer (its touches come one
      // at a time, and run here), scheduled before this touch is, so a
      // message due by the touch's time comes first: it is taken here too.
      // A message reaches an active customer, so it wins nobody back and
      // schedules nothing; its modifiers go to the touch after it.
      if (!one_by_one_ || next > m_.horizon || after.seq >= kMaxEventsPerCustomer ||
          (!local_.empty() && !all_messages())) {
        schedule(c, next, kTouch);
        break;
      }
      seq = after.seq++;
      t = next;
      mod = nullptr;
      if (__builtin_expect(!local_.empty(), 0)) mod = messages_by(c, next);
    }
    cust(c).position = journey_.position();
  }

  // One by one, in a chain of touches: the messages to customer c due by
  // time t, in order, and the campaign whose modifiers then apply to the
  // touch at t (nullptr for none).
  const CampaignModel* messages_by(std::uint32_t c, double t) {
    while (!local_.empty() && local_.front().time <= t) {
      std::pop_heap(local_.begin(), local_.end(), detail::Later{});
      const Event e = local_.back();
      local_.pop_back();
      message(c, e.info, e.time, e.seq);
    }
    Customer& me = cust(c);
    const CampaignModel* mod = me.modifier ? &m_.campaigns[me.modifier - 1u] : nullptr;
    me.modifier = 0;
    return mod;
  }

  // One by one: whether every pending event is a message.
  bool all_messages() const {
    return std::all_of(local_.begin(), local_.end(),
                       [](const Event& e) { return (e.info & 3u) == kMessage; });
  }

  // ---- referrals (docs/semantics.md §3) -------------------------------------
  // Every child's segment, delay and stream key come from the referring
  // touch's own stream, so that a child depends on its ancestors alone: one
  // who would arrive after the horizon is left out without taking an id (it
  // is neither a customer nor a dropped referral, and takes no
  // max_customers place), and one by one, a child can be simulated without
  // knowing the id it would have in the global order.
  void refer(std::uint32_t parent, double t, std::uint32_t seq, const ReferralCount& count) {
    Stream rng(m_.seed, rep_, key_of(parent), Substream::Referral, seq);
    const std::uint32_t k = count(rng);
    for (std::uint32_t i = 0; i < k; ++i) {
      const int segment = draw_segment(rng);
      const double at = t + sample_delay(m_.referral_delay, rng);
      const std::uint64_t key = rng() | kReferredKey;
      if (at > m_.horizon) continue;
      if (one_by_one_) {
        const Customer& me = cust(parent);
        const Referral child{t,          at,      key, parent, seq, i, static_cast<std::uint8_t>(segment),
                             me.segment, me.stage};
        if (referrals_ == Referrals::Keep) {
          kept_.push_back(child);
          if (kept_.size() >= prune_at_) drop_all_but(kept_, keep_limit_);
          continue;
        }
        if (++unreported_ == kReportEvery) report_referred();
        pending_.push_back(child);
        continue;
      }
      if (created_ >= m_.max_customers) {
        ++ledger_.totals(segment).referrals_dropped;
        continue;
      }
      const std::uint32_t child = created_;
      new_customer(segment, m_.referral_stage, at);
      child_keys_.push_back(key);
      log(parent, t, cust(parent).stage, -1, EventKind::Refer);
      schedule(child, at, kArrival);
    }
  }

  // ---- campaigns (docs/semantics.md §3) -------------------------------------
  JS_INLINE void fire(Trigger trigger, std::uint32_t c, double t, int stage, int channel, std::uint32_t seq) {
    if (!m_.campaigns_by_trigger[static_cast<int>(trigger)].empty()) send(trigger, c, t, stage, channel, seq);
  }

  void send(Trigger trigger, std::uint32_t c, double t, int stage, int channel, std::uint32_t seq) {
    const auto& list = m_.campaigns_by_trigger[static_cast<int>(trigger)];
    // One event can fire several triggers (friction then abandon, advance
    // then enter): each gets its own stream, and messages another (kind 7).
    Stream rng(m_.seed, rep_, key_of(c), Substream::Campaign, seq * 8u + static_cast<std::uint32_t>(trigger));
    for (std::uint16_t idx : list) {
      const CampaignModel& cm = m_.campaigns[idx];
      if ((cm.stage >= 0 && cm.stage != stage) || (cm.channel >= 0 && cm.channel != channel) ||
          (cm.segment >= 0 && cm.segment != cust(c).segment)) {
        continue;
      }
      if (cm.max_sends >= 0 && one_by_one_) {
        budget_met_ = true;
        BudgetTrigger here{t, c, budget_nth_[idx]++, idx, false};
        // Past the customer's own max_sends-th send, which is at or past
        // the cut (every send before it counts), so that a run with no cut
        // yet never loops for ever where the budget would stop it.
        if (budget_sent_[idx] >= cm.max_sends) continue;
        if (sooner(cuts_[idx], here)) {
          if (is_guess(cuts_[idx])) {
            here.refused = true;
            triggers_.push_back(here);
            open_ = true;
          }
          continue;
        }
        const double at = t + sample_delay(cm.delay, rng);
        const bool counted = !counted_.empty() && counted_[idx];
        if (!hoping_ || !(counted || hope_all_)) open_ |= cuts_[idx].t == kNoCut.t || is_guess(cuts_[idx]);
        if (!counted) triggers_.push_back(here);
        if (at > m_.horizon) continue;
        if (counted)
          ++counts_[idx * windows_->count() + windows_->of(t)];
        else
          triggers_.back().sent = true;
        ++budget_sent_[idx];
        post(c, at, idx);
        continue;
      }
      if (cm.max_sends >= 0 && scheduled_[idx] >= cm.max_sends) continue;
      const double at = t + sample_delay(cm.delay, rng);
      if (at > m_.horizon) continue;  // never sent, so it spends no budget
      ++scheduled_[idx];
      post(c, at, idx);
    }
  }

  // Campaign idx's message to customer c, due at time `at` (within the horizon).
  JS_INLINE void post(std::uint32_t c, double at, std::uint16_t idx) {
    const std::uint32_t info = message_info(c, idx);
    if (!counted_now_[idx]) {
      schedule(c, at, info);
      return;
    }
    next_seq(c, at);
    count_send(cust(c), idx, info);
  }

  // A message's sends and reach, by campaign and by segment.
  JS_INLINE void count_send(const Customer& me, std::uint32_t idx, std::uint32_t info) {
    ++r_.campaign_sends[idx];
    ++ledger_.totals(me.segment).campaign_sends;
    ++r_.by_segment.campaign_sends[static_cast<std::size_t>(me.segment) * m_.campaigns.size() + idx];
    r_.campaign_reached[idx] += (info >> 2) & 1u;
  }

  // A message's event info: its type, its campaign, and its two draws
  // (reached, and won back if lost), made from its own stream as it is
  // scheduled, with the seq schedule() is about to give it. Drawn when the
  // message arrives, the draws' stream block held up the branch on them by
  // its whole latency; drawn here, nothing waits for them.
  std::uint32_t message_info(std::uint32_t c, std::uint16_t idx) {
    const CampaignModel& cm = m_.campaigns[idx];
    Stream rng(m_.seed, rep_, key_of(c), Substream::Campaign, cust(c).seq * 8u + 7u);
    const std::uint32_t reached = rng.uniform() < cm.reach;
    const std::uint32_t wins = rng.uniform() < cm.win_back;
    return kMessage | reached << 2 | wins << 3 | static_cast<std::uint32_t>(idx) << 4;
  }

  void message(std::uint32_t c, std::uint32_t info, double t, std::uint32_t seq) {
    const std::uint32_t idx = info >> 4;
    const CampaignModel& cm = m_.campaigns[idx];
    Customer& me = cust(c);
    count_send(me, idx, info);
    log(c, t, me.stage, cm.via, EventKind::Send);
    const bool reached = (info >> 2) & 1u, wins = (info >> 3) & 1u;
    if (!reached) return;
    log(c, t, me.stage, cm.via, EventKind::Reach);
    me.modifier = static_cast<std::uint16_t>(idx + 1);
    if (cm.wins_back && me.status == kLost && wins) {
      ++r_.campaign_wins[idx];
      ++ledger_.totals(me.segment).campaign_wins;
      me.status = kActive;
      occupy(t, me.stage, +1);
      log(c, t, me.stage, cm.via, EventKind::WinBack);
      touch(c, me.stage, t, seq);
    }
  }

  void tally(const Customer& c) {
    ledger_.tally(c.segment, static_cast<Status>(c.status), c.stage, c.satisfaction);
  }

  const Model& m_;
  std::uint32_t rep_;
  bool one_by_one_;
  std::uint32_t first_, last_;  // one by one: the customers this simulation runs
  std::uint32_t created_;       // customer ids handed out
  detail::CalendarQueue queue_;
  Ledger ledger_;
  RunResult& r_;              // ledger_'s
  std::vector<Event> local_;  // one customer's pending events, when one by one
  Stream journey_{0, 0, 0, Substream::Journey};
  std::uint64_t journey_owner_ = std::numeric_limits<std::uint64_t>::max();  // its stream key
  std::vector<detail::ResolvedTouch> table_ = detail::resolve_touches(m_);
  std::vector<std::int64_t> scheduled_;
  std::vector<std::uint8_t> counted_now_;  // by campaign: its messages counted, not queued
  std::vector<Customer> customers_;
  std::vector<double> arrival_;            // apart: read only at conversion
  std::vector<std::uint64_t> child_keys_;  // global: referred customer id - N's stream key
  std::uint64_t key_ = 0;                  // one by one: the current customer's stream key
  Referrals referrals_ = Referrals::Keep;
  std::vector<Referral> pending_, kept_;  // one by one: children to simulate, or to settle
  std::uint64_t keep_limit_ = std::numeric_limits<std::uint64_t>::max(), prune_at_ = keep_limit_;
  std::atomic<std::uint64_t>* referred_ = nullptr;
  std::uint64_t slots_ = 0;
  // Children not yet added to *referred_: one shared counter bumped for
  // every child would bounce its cache line between the threads' cores.
  // Reported in batches, so a run whose cap binds overshoots it by at most
  // a batch a thread before it stops, and at the end of the block, so the
  // total, and whether it passes `slots`, is exact.
  static constexpr std::uint64_t kReportEvery = 1024;
  std::uint64_t unreported_ = 0;
  void report_referred() {
    const std::uint64_t n = unreported_;
    unreported_ = 0;
    if (referred_->fetch_add(n, std::memory_order_relaxed) + n > slots_) throw CapBinds{};
  }
  // One by one with send budgets (budget()), by campaign:
  std::vector<BudgetTrigger> cuts_;
  std::vector<std::uint32_t> budget_nth_;  // the current customer's triggers so far
  std::vector<std::int64_t> budget_sent_;  // and of those, the ones sent
  bool budget_met_ = false;                // either is not all zeros
  std::vector<BudgetTrigger> triggers_;
  std::vector<std::uint8_t> counted_;  // count(): by campaign, or empty
  const ArrivalWindows* windows_ = nullptr;
  std::vector<std::int64_t> counts_;
  bool defer_ = false, open_ = false;  // defer_open(); the current customer met an open budget
  // defer_open(hope, every_budget): which budgets a customer may meet and
  // still not be deferred (open_)
  bool hoping_ = false, hope_all_ = false;
  std::vector<std::uint32_t> deferred_;
};

}  // namespace journeysim::detail
