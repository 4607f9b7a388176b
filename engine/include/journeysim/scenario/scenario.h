#pragma once
// The scenario as plain structs (schema 1, DESIGN §2). Fields whose default
// depends on another field are std::optional (or an empty string for
// references) until resolve_defaults() fills them, so that an override of,
// say, a channel's cost_per_touch still reaches the touchpoints that inherit it.
//
// Every struct lists its fields once, in a describe() function over a
// visitor. The TOML reader, parameter paths and the effective-scenario writer
// are visitors, so a field added here is read, settable and written at once.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "journeysim/core/error.h"
#include "journeysim/scenario/delay.h"

namespace journeysim {

// The allowed range of a number field, checked by the reader and by overrides.
// Referrals: expected new customers per touch, bounded so that one touch's
// referrals are drawn one by one in a blink (the engine draws each child).
enum class Range { Finite, Probability, NonNegative, Positive, Unit, Referrals, Amount, Horizon };
inline constexpr double kMaxReferralsPerTouch = 1000.0;
// Money per touch or send, and value_multiplier: any count of touches times
// the largest value times the largest multiplier stays a finite number (a
// multiplier of 1e308 made revenue inf, and the report's JSON invalid).
inline constexpr double kMaxAmount = 1e15;
// 2.7 trillion years: past it, /occupancy's whole days per row overflowed
// 64 bits, and a day is less than a double's step at such times.
inline constexpr double kMaxHorizonDays = 1e15;

// What an id reference must name; checked by validation.
enum class RefKind { Stage, Channel, Segment };

struct ScenarioInfo {
  std::string name;
  std::string title;
  double horizon_days = 0.0;
  std::int64_t seed = 1;
  std::int64_t replications = 1;
};

struct Arrival {
  std::string pattern = "uniform";
  std::optional<double> window_days;
};

struct Population {
  std::int64_t customers = 0;
  Arrival arrival;
  std::optional<std::int64_t> max_customers;

  // max_customers as given, else 10 x customers (saturating: a huge count
  // must reach validation's size check, not overflow on the way).
  // The default is 10 x customers, saturated at the 4,000,000,000 ids a run
  // has (customer ids are 32-bit): it only matters with referrals, and a
  // large population without them must not be refused for a cap it never uses.
  std::int64_t max_customers_or_default() const {
    constexpr std::int64_t kMaxIds = 4'000'000'000;
    return max_customers.value_or(customers > kMaxIds / 10 ? std::max(customers, kMaxIds) : 10 * customers);
  }
};

struct Segment {
  std::string id;
  std::string title;
  double share = 0.0;
  std::map<std::string, double> channels;
  double friction_sensitivity = 1.0;
  std::string entry_stage;  // empty: the first stage
  double initial_satisfaction = 0.0;
  double satisfaction_sensitivity = 0.0;
};

struct Channel {
  std::string id;
  std::string title;
  double cost_per_touch = 0.0;
};

struct Stage {
  std::string id;
  std::string title;
  std::optional<Delay> delay;
  std::string next;  // empty: the following stage; after the last stage the journey completes
  bool conversion = false;
};

struct SatisfactionDelta {
  double success = 0.0;
  double friction = 0.0;
};

struct Touchpoint {
  std::string stage;
  std::string channel;
  std::string title;
  double friction = 0.0;
  double abandon = 1.0;
  double advance = 1.0;
  double leave = 0.0;
  double value = 0.0;
  // "touch": value is earned by every touch without friction (a monthly bill
  // at each renewal touch); "advance": only when the customer advances (a
  // purchase that goes through). "touch" is the default: it keeps the
  // meaning scenarios had before the key existed.
  std::string value_on = "touch";
  std::optional<double> cost;  // default: the channel's cost_per_touch
  double referrals = 0.0;
  std::optional<Delay> delay;        // default: the stage's, else exponential mean 1
  std::optional<Delay> retry_delay;  // default: delay
  SatisfactionDelta satisfaction;
};

struct Referrals {
  std::string entry_stage;  // empty: the first stage
  std::optional<Delay> delay;
};

struct Campaign {
  std::string id;
  std::string title;
  bool enabled = true;
  std::string trigger;
  std::string stage;  // filters; empty matches any
  std::string channel;
  std::string segment;
  std::string via;
  std::optional<Delay> delay;  // default: fixed 0 (sent at the trigger)
  double reach = 1.0;
  double cost_per_send = 0.0;
  std::optional<std::int64_t> max_sends;  // empty: no budget
  double win_back = 0.0;
  double advance_multiplier = 1.0;
  double friction_multiplier = 1.0;
  double value_multiplier = 1.0;
};

// What people are shown for an entity: its title, or its id where it has none.
inline std::string title_or_id(const std::string& title, const std::string& id) {
  return title.empty() ? id : title;
}

// A value given to a parameter path: a number or a boolean. A number written
// as an integer keeps its exact value beside the double, so that a seed or a
// count past 2^53 is set as written, not rounded through the double.
struct ParamValue {
  bool is_bool = false;
  double number = 0.0;
  bool boolean = false;
  std::optional<std::int64_t> integer;  // get_param: the field holds a whole number (a count, a seed)
  std::string text() const;

  static ParamValue of_number(double x) { return {false, x, false, std::nullopt}; }
  static ParamValue of_integer(std::int64_t n) { return {false, static_cast<double>(n), false, n}; }
  static ParamValue of_bool(bool b) { return {true, 0.0, b, std::nullopt}; }
};

struct Override {
  std::string path;
  ParamValue value;
  SourcePos pos;  // where it was written (0:0 for the command line)
};

struct Variant {
  std::string id;
  std::string title;
  std::vector<Override> set;
  double fixed_cost = 0.0;
};

struct SweepParameter {
  std::string path;
  std::vector<double> values;
  std::optional<std::array<double, 2>> range;
  std::optional<std::int64_t> steps;
  std::string scale = "linear";                    // "log": a range sampled (or stepped) evenly in log(value)
  bool boolean = false;                            // values = [false, true]: held as 0 and 1
  bool unreadable = false;                         // values or range was given but not read: already reported
  bool values_given = false, steps_given = false;  // written, even if empty or refused
};

struct Sweep {
  std::string design = "grid";
  std::optional<std::int64_t> points;
  bool points_given = false;  // even when its value was refused (already reported)
  std::optional<std::int64_t> replications;
  std::optional<std::int64_t> trajectories, levels;  // morris
  std::vector<SweepParameter> parameters;
};

// Where each key was written, by its parameter-path-like name
// ("touchpoint.purchase.mobile.friction", "segment.a", "segments[2]").
class SourceMap {
 public:
  void add(const std::string& key, SourcePos pos) { map_.emplace(key, pos); }
  // The key's own position, else its nearest recorded parent's.
  SourcePos find(std::string key) const;

 private:
  std::unordered_map<std::string, SourcePos> map_;
};

struct Scenario {
  std::string file;    // as given by the user, for messages
  std::string source;  // the TOML text as read
  std::int64_t schema = 1;
  ScenarioInfo scenario;
  Population population;
  std::vector<Segment> segments;
  std::vector<Channel> channels;
  std::vector<Stage> stages;
  std::vector<Touchpoint> touchpoints;
  Referrals referrals;
  std::vector<Campaign> campaigns;
  std::vector<Variant> variants;
  std::optional<Sweep> sweep;
  SourceMap positions;
};

// A touchpoint as the console and the report name it: its title with
// "[channel]" after it ("Mobile sign-up form (14 fields) [mobile]"), or the
// title alone where it names the channel already (the default title,
// "purchase via mobile", does); empty for a pair with no touchpoint.
// `channel_name` is what the brackets hold: the id on the console, the
// channel's title on the page.
inline std::string touchpoint_label(const Scenario& s, const std::string& stage, const std::string& channel,
                                    const std::string& channel_name) {
  for (const auto& t : s.touchpoints) {
    if (t.stage != stage || t.channel != channel) continue;
    const std::string title = title_or_id(t.title, stage + " via " + channel);
    const bool named =
        title.find(channel) != std::string::npos || title.find(channel_name) != std::string::npos;
    return named ? title : title + " [" + channel_name + "]";
  }
  return {};
}

// ---- field lists --------------------------------------------------------
// A visitor V offers: text, id, ref, choice, number, opt_number, count,
// opt_count, integer, boolean, delay, weights and table (a nested table
// whose fields a callable lists).

template <class V>
void describe(V& v, ScenarioInfo& s) {
  v.id("name", s.name);
  v.text("title", s.title);
  v.number("horizon_days", s.horizon_days, Range::Horizon, true);
  v.integer("seed", s.seed);
  v.count("replications", s.replications, false);
}

template <class V>
void describe(V& v, Population& p) {
  v.count("customers", p.customers, true);
  v.table("arrival", [&](auto& t) {
    t.choice("pattern", p.arrival.pattern, {"uniform", "at_start"}, false);
    t.opt_number("window_days", p.arrival.window_days, Range::Positive);
  });
  v.opt_count("max_customers", p.max_customers);
}

template <class V>
void describe(V& v, Segment& s) {
  v.id("id", s.id);
  v.text("title", s.title);
  v.number("share", s.share, Range::Probability, true);
  v.weights("channels", s.channels);
  v.number("friction_sensitivity", s.friction_sensitivity, Range::NonNegative);
  v.ref("entry_stage", s.entry_stage, RefKind::Stage, false);
  v.number("initial_satisfaction", s.initial_satisfaction, Range::Unit);
  v.number("satisfaction_sensitivity", s.satisfaction_sensitivity, Range::NonNegative);
}

template <class V>
void describe(V& v, Channel& c) {
  v.id("id", c.id);
  v.text("title", c.title);
  v.number("cost_per_touch", c.cost_per_touch, Range::Amount);
}

template <class V>
void describe(V& v, Stage& s) {
  v.id("id", s.id);
  v.text("title", s.title);
  v.delay("delay", s.delay);
  v.ref("next", s.next, RefKind::Stage, false);
  v.boolean("conversion", s.conversion);
}

template <class V>
void describe(V& v, Touchpoint& t) {
  v.ref("stage", t.stage, RefKind::Stage, true);
  v.ref("channel", t.channel, RefKind::Channel, true);
  v.text("title", t.title);
  v.number("friction", t.friction, Range::Probability);
  v.number("abandon", t.abandon, Range::Probability);
  v.number("advance", t.advance, Range::Probability);
  v.number("leave", t.leave, Range::Probability);
  v.number("value", t.value, Range::Amount);
  v.choice("value_on", t.value_on, {"touch", "advance"}, false);
  v.opt_number("cost", t.cost, Range::Amount);
  v.number("referrals", t.referrals, Range::Referrals);
  v.delay("delay", t.delay);
  v.delay("retry_delay", t.retry_delay);
  v.table("satisfaction", [&](auto& s) {
    s.number("success", t.satisfaction.success, Range::Unit);
    s.number("friction", t.satisfaction.friction, Range::Unit);
  });
}

template <class V>
void describe(V& v, Referrals& r) {
  v.ref("entry_stage", r.entry_stage, RefKind::Stage, false);
  v.delay("delay", r.delay);
}

template <class V>
void describe(V& v, Campaign& c) {
  v.id("id", c.id);
  v.text("title", c.title);
  v.boolean("enabled", c.enabled);
  v.choice("trigger", c.trigger, {"abandon", "leave", "friction", "advance", "enter"}, true);
  v.ref("stage", c.stage, RefKind::Stage, false);
  v.ref("channel", c.channel, RefKind::Channel, false);
  v.ref("segment", c.segment, RefKind::Segment, false);
  v.ref("via", c.via, RefKind::Channel, true);
  v.delay("delay", c.delay);
  v.number("reach", c.reach, Range::Probability);
  v.number("cost_per_send", c.cost_per_send, Range::Amount);
  v.opt_count("max_sends", c.max_sends);
  v.number("win_back", c.win_back, Range::Probability);
  v.number("advance_multiplier", c.advance_multiplier, Range::NonNegative);
  v.number("friction_multiplier", c.friction_multiplier, Range::NonNegative);
  v.number("value_multiplier", c.value_multiplier, Range::Amount);
}

}  // namespace journeysim
