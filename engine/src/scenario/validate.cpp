#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "journeysim/core/machine.h"
#include "journeysim/scenario/checks.h"
#include "journeysim/scenario/loader.h"
#include "journeysim/scenario/param_path.h"

namespace journeysim {

SourcePos SourceMap::find(std::string key) const {
  while (true) {
    if (auto it = map_.find(key); it != map_.end()) return it->second;
    const auto dot = key.rfind('.');
    if (dot == std::string::npos) return {};
    key.resize(dot);
  }
}

namespace {

// Engine limits that follow from its compact per-customer state.
constexpr std::size_t kMaxStages = 64;  // a 64-bit mask of stages reached
constexpr std::size_t kMaxSegments = 255;
constexpr std::size_t kMaxChannels = 255;
constexpr std::size_t kMaxCampaigns = 65000;               // a 16-bit pending-modifier index
constexpr std::int64_t kMaxCustomerSlots = 4'000'000'000;  // 32-bit customer ids

class Checker {
 public:
  // `memory`: usable_memory_bytes(), read once by the caller: it reads the
  // cgroup's files, and read for every variant's arm it took a third of the time.
  Checker(const Scenario& s, double memory) : s_(s), memory_(memory) {}
  std::vector<Problem> problems;

  void error(const std::string& key, std::string message, const std::string& position_key = {}) {
    problems.push_back(
        {s_.file, s_.positions.find(position_key.empty() ? key : position_key), key, std::move(message)});
  }

  template <class T>
  std::vector<std::string> ids(const std::vector<T>& items) const {
    std::vector<std::string> out;
    for (const auto& x : items) out.push_back(x.id);
    return out;
  }

  template <class T>
  void unique_ids(const std::vector<T>& items, const char* kind, const char* array) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].id.empty()) continue;
      if (!seen.insert(items[i].id).second) {
        error(std::string(kind) + "." + items[i].id,
              "duplicate id; each " + std::string(kind) + " id must be unique",
              std::string(array) + "[" + std::to_string(i) + "]");
      }
    }
  }

  // As many as --replications takes: a count from the file with no cap
  // (1e12) grew the plan until memory ran out.
  void replications(const std::string& key, std::int64_t value) {
    if (value > kMaxReplications)
      error(key, "is " + std::to_string(value) + "; allowed: a whole number from 1 to " +
                     grouped_count(kMaxReplications));
  }

  void reference(const std::string& key, const std::string& id, const std::vector<std::string>& known,
                 const char* what) {
    if (id.empty() || std::find(known.begin(), known.end(), id) != known.end()) return;
    error(key, "names no " + std::string(what) + " `" + id + "`" + suggestion(id, known) + "; known " + what +
                   "s: " + join_list(known));
  }

  void run_core() {
    const auto stage_ids = ids(s_.stages);
    const auto channel_ids = ids(s_.channels);
    const auto segment_ids = ids(s_.segments);

    unique_ids(s_.segments, "segment", "segments");
    unique_ids(s_.channels, "channel", "channels");
    unique_ids(s_.stages, "stage", "stages");
    unique_ids(s_.campaigns, "campaign", "campaigns");
    if (s_.stages.size() > kMaxStages) error("stages", "at most 64 stages are supported");
    if (s_.segments.size() > kMaxSegments) error("segments", "at most 255 segments are supported");
    if (s_.channels.size() > kMaxChannels) error("channels", "at most 255 channels are supported");
    if (s_.campaigns.size() > kMaxCampaigns) error("campaigns", "at most 65,000 campaigns are supported");
    const std::pair<const char*, bool> required[] = {{"segments", s_.segments.empty()},
                                                     {"channels", s_.channels.empty()},
                                                     {"stages", s_.stages.empty()},
                                                     {"touchpoints", s_.touchpoints.empty()}};
    for (const auto& [array, empty] : required) {
      // A missing array was reported by the reader; this is one written as [].
      if (empty && s_.positions.find(array).line > 0) {
        error(array, std::string("is empty; at least one [[") + array + "]] is required");
      }
    }

    replications("scenario.replications", s_.scenario.replications);

    // Population.
    const auto& pop = s_.population;
    if (pop.arrival.pattern == "uniform" && !pop.arrival.window_days) {
      error("population.arrival.window_days", "is missing; a uniform arrival needs window_days (> 0)",
            "population.arrival");
    }
    const std::int64_t slots_cap = pop.max_customers.value_or(0);
    if (pop.max_customers && *pop.max_customers < pop.customers) {
      error("population.max_customers", "is " + std::to_string(*pop.max_customers) + ", below customers (" +
                                            std::to_string(pop.customers) +
                                            "); allowed: max_customers >= customers");
    }
    // The one that is too large, once: a max_customers below customers is said above.
    const std::string too_large =
        ", too large: at most " + grouped_count(kMaxCustomerSlots) + " customers per run (ids are 32-bit)";
    if (pop.customers > kMaxCustomerSlots) {
      error("population.customers", "is " + grouped_count(pop.customers) + too_large);
    } else if (slots_cap > kMaxCustomerSlots) {
      error("population.max_customers", "is " + grouped_count(slots_cap) + too_large);
    }

    // Shares.
    double share_sum = 0.0;
    for (const auto& seg : s_.segments) share_sum += seg.share;
    if (!s_.segments.empty() && std::fabs(share_sum - 1.0) > 1e-9) {
      error("segments", "shares sum to " + format_result(share_sum) + "; they must sum to 1 (within 1e-9)",
            "segments[0]");
    }

    // References.
    for (const auto& seg : s_.segments) {
      const std::string label = "segment." + seg.id;
      reference(label + ".entry_stage", seg.entry_stage, stage_ids, "stage");
      for (const auto& [ch, w] : seg.channels)
        reference(label + ".channels." + ch, ch, channel_ids, "channel");
    }
    int conversions = 0;
    for (const auto& st : s_.stages) {
      reference("stage." + st.id + ".next", st.next, stage_ids, "stage");
      if (st.delay && ((st.delay->kind == DelayKind::Fixed && st.delay->p1 == 0.0) ||
                       (st.delay->kind == DelayKind::Uniform && st.delay->p2 == 0.0))) {
        error("stage." + st.id + ".delay",
              "is always 0; its touchpoints' next touch must come later; allowed: a "
              "delay that can be > 0");
      }
      if (st.conversion && ++conversions == 2) {
        error("stage." + st.id + ".conversion",
              "a second conversion stage; at most one stage has conversion = true");
      }
    }
    std::set<std::pair<std::string, std::string>> pairs;
    for (std::size_t i = 0; i < s_.touchpoints.size(); ++i) {
      const auto& t = s_.touchpoints[i];
      const std::string label = "touchpoint." + t.stage + "." + t.channel;
      reference(label + ".stage", t.stage, stage_ids, "stage");
      reference(label + ".channel", t.channel, channel_ids, "channel");
      if (!pairs.insert({t.stage, t.channel}).second) {
        error(label, "duplicate touchpoint; a (stage, channel) pair has at most one touchpoint",
              "touchpoints[" + std::to_string(i) + "]");
      }
      // A delay that is always 0 repeats a stay or a retry at the same instant.
      auto always_zero = [](const std::optional<Delay>& d) {
        return d && ((d->kind == DelayKind::Fixed && d->p1 == 0.0) ||
                     (d->kind == DelayKind::Uniform && d->p2 == 0.0));
      };
      for (const char* key : {"delay", "retry_delay"}) {
        if (always_zero(std::string(key) == "delay" ? t.delay : t.retry_delay)) {
          error(label + "." + key,
                "is always 0; a touchpoint's next touch must come later (a fixed 0 delay would repeat it at "
                "the same "
                "instant); allowed: a delay that can be > 0");
        }
      }
      if (const double sum = t.advance + t.leave; sum > 1.0 + 1e-12) {
        // To 12 digits a sum just past the tolerance reads 1, which the rule allows.
        std::string shown = format_result(sum);
        if (shown == "1") shown = format_number(sum);
        error(label + ".leave", "advance + leave = " + shown + "; allowed: advance + leave <= 1");
      }
    }
    for (const auto& st : s_.stages) {
      const bool offered = std::any_of(s_.touchpoints.begin(), s_.touchpoints.end(),
                                       [&](const auto& t) { return t.stage == st.id; });
      if (!offered) {
        error("stage." + st.id, "has no touchpoint; every stage needs at least one [[touchpoints]] entry");
      }
    }
    reference("referrals.entry_stage", s_.referrals.entry_stage, stage_ids, "stage");
    for (const auto& c : s_.campaigns) {
      const std::string label = "campaign." + c.id;
      reference(label + ".stage", c.stage, stage_ids, "stage");
      reference(label + ".channel", c.channel, channel_ids, "channel");
      reference(label + ".segment", c.segment, segment_ids, "segment");
      reference(label + ".via", c.via, channel_ids, "channel");
    }
    check_delays();
    check_reachable_channels();
    check_memory();
  }

  // What each delay's parameters must be together (each alone is checked as
  // it is read):
  // - a gamma delay's scale is mean / shape: with a shape so small that it
  //   is not a finite number, every draw would be 0 x inf, not a number;
  // - a uniform delay's max must not be below its min, which the reader
  //   checks in the file but not after a --set, a variant's set or a sweep
  //   point: Boost's uniform_real_distribution then never returns a draw,
  //   and the run spun for ever.
  void check_delays() {
    auto check = [&](const std::string& key, const std::optional<Delay>& d) {
      if (d && d->kind == DelayKind::Uniform && d->p2 < d->p1) {
        error(key + ".max",
              "is " + format_number(d->p2) + ", below min " + format_number(d->p1) + "; allowed: max >= min");
      }
      if (!d || d->kind != DelayKind::Gamma) return;
      const double scale = d->p2 / d->p1;
      if (std::isfinite(scale) && scale > 0.0) return;
      error(key, "is a gamma delay with shape " + format_number(d->p1) + " and mean " + format_number(d->p2) +
                     ", whose scale, mean / shape, is " + format_result(scale) +
                     "; allowed: a shape and mean whose ratio is a finite number > 0");
    };
    for (const auto& st : s_.stages) check("stage." + st.id + ".delay", st.delay);
    for (const auto& t : s_.touchpoints) {
      const std::string label = "touchpoint." + t.stage + "." + t.channel;
      check(label + ".delay", t.delay);
      check(label + ".retry_delay", t.retry_delay);
    }
    check("referrals.delay", s_.referrals.delay);
    for (const auto& c : s_.campaigns) check("campaign." + c.id + ".delay", c.delay);
  }

  // A segment must have a channel with positive weight at every stage it can reach.
  void check_reachable_channels() {
    if (s_.stages.empty()) return;  // reported already; nothing to walk
    auto stage_index = [&](const std::string& id) -> int {
      for (std::size_t i = 0; i < s_.stages.size(); ++i) {
        if (s_.stages[i].id == id) return static_cast<int>(i);
      }
      return -1;
    };
    auto next_of = [&](int i) -> int {
      const auto& st = s_.stages[i];
      if (!st.next.empty()) return stage_index(st.next);
      return i + 1 < static_cast<int>(s_.stages.size()) ? i + 1 : -1;
    };
    const bool referrals = std::any_of(s_.touchpoints.begin(), s_.touchpoints.end(),
                                       [](const auto& t) { return t.referrals > 0.0; });
    for (const auto& seg : s_.segments) {
      std::vector<int> starts;
      starts.push_back(seg.entry_stage.empty() ? 0 : stage_index(seg.entry_stage));
      if (referrals)
        starts.push_back(s_.referrals.entry_stage.empty() ? 0 : stage_index(s_.referrals.entry_stage));
      std::vector<bool> seen(s_.stages.size(), false);
      for (int start : starts) {
        // An unknown entry stage (-1) is reported as a bad reference.
        for (int i = start; i >= 0 && !seen[i]; i = next_of(i)) seen[i] = true;
      }
      for (std::size_t i = 0; i < s_.stages.size(); ++i) {
        if (!seen[i]) continue;
        double weight = 0.0;
        std::vector<std::string> offered;
        for (const auto& t : s_.touchpoints) {
          if (t.stage != s_.stages[i].id) continue;
          offered.push_back(t.channel);
          if (auto it = seg.channels.find(t.channel); it != seg.channels.end()) weight += it->second;
        }
        if (weight <= 0.0 && !offered.empty()) {
          error(
              "segment." + seg.id + ".channels",
              "gives no weight to any channel of stage `" + s_.stages[i].id +
                  "`, which this segment can reach; give a positive weight to one of: " + join_list(offered),
              seg.channels.empty() ? "segment." + seg.id : "segment." + seg.id + ".channels");
        }
      }
    }
  }

  void check_memory() {
    // Past the cap on customers the run is refused already, for that.
    if (s_.population.customers > kMaxCustomerSlots) return;
    if (const auto problem = memory_problem(s_, memory_)) error(problem->first, problem->second);
  }

  // `base`: the file's own core problems, so a variant is blamed only for what it adds.
  void run_variants(const std::vector<Problem>& base) {
    unique_ids(s_.variants, "variant", "variants");
    // The arm without a variant is `baseline` in every table and file: a
    // variant of that name made two arms no one could tell apart.
    for (std::size_t i = 0; i < s_.variants.size(); ++i) {
      if (s_.variants[i].id == "baseline")
        error("variant.baseline", "the id `baseline` names the arm without a variant; give this one another",
              "variants[" + std::to_string(i) + "]");
    }
    // Each arm is a copy of one lean scenario: copying all 20,000 variants
    // for each of 20,000 variants made validation quadratic (263 s).
    const Scenario lean = without_arms();
    for (const auto& v : s_.variants) {
      Scenario arm = lean;
      std::vector<Problem> found;
      apply_overrides(arm, v.set, found);
      for (auto& p : found) {
        p.message = "(variant `" + v.id + "`) " + p.message;
        problems.push_back(std::move(p));
      }
      if (!found.empty()) continue;
      report_arm_problems(arm, base, "variant `" + v.id + "`",
                          v.set.empty() ? s_.positions.find("variant." + v.id) : v.set.front().pos);
    }
  }

  // What an arm or a sweep probe is copied from: the scenario without what
  // no override reaches, the variants, the sweep, the source text and every
  // position. An arm's problems are placed at its variant, and the one check
  // that reads positions (an array written as []) finds the same in the file,
  // which no override changes. Erasing only the variants' positions kept the
  // map's buckets sized for all of them, allocated and cleared by each arm's
  // copy: quadratic again (128,000 variants: 33 s).
  Scenario without_arms() const {
    Scenario lean = s_;
    lean.variants.clear();
    lean.sweep.reset();
    lean.source.clear();
    lean.positions = SourceMap{};
    return lean;
  }

  // Problems the arm has that the file as written does not.
  void report_arm_problems(const Scenario& arm, const std::vector<Problem>& base, const std::string& who,
                           SourcePos pos) {
    Checker changed(arm, memory_);
    changed.run_core();
    for (const auto& p : changed.problems) {
      const bool already = std::any_of(base.begin(), base.end(), [&](const Problem& b) {
        return b.key == p.key && b.message == p.message;
      });
      if (!already) problems.push_back({s_.file, pos, p.key, who + " makes it invalid: " + p.message});
    }
  }

  void run_sweep() {
    if (!s_.sweep) return;
    const auto& sw = *s_.sweep;
    if (sw.replications) replications("sweep.replications", *sw.replications);
    const bool sampled = sw.design != "grid";
    const bool morris = sw.design == "morris";
    if (sampled && !morris && !sw.points_given)
      error("sweep.points", "is missing; " + with_article(sw.design) + " design needs points", "sweep");
    if (sw.design == "sobol" && sw.points && (*sw.points & (*sw.points - 1)) != 0)
      error("sweep.points", "is " + std::to_string(*sw.points) +
                                "; a sobol design needs a power of two (N base samples, N (D + 2) points)");
    if (morris && !sw.trajectories)
      error("sweep.trajectories", "is missing; a morris design needs trajectories (10 to 50 is usual)",
            "sweep");
    if (morris && sw.points)
      error("sweep.points", "a morris design takes trajectories and levels, not points");
    if (!morris && (sw.trajectories || sw.levels))
      error(sw.trajectories ? "sweep.trajectories" : "sweep.levels", "only a morris design takes it");
    // An even number of levels keeps a step of levels / (2 (levels - 1)) on the grid and in [0, 1].
    if (sw.levels && (*sw.levels < 2 || *sw.levels % 2 != 0))
      error("sweep.levels",
            "is " + std::to_string(*sw.levels) + "; allowed: an even number, at least 2 (4 is usual)");
    if (sw.design == "sobol" && sw.points && *sw.points < 4)
      error("sweep.points",
            "is " + std::to_string(*sw.points) +
                "; a sobol design needs at least 4 base samples to estimate anything (64 or more is usual)");
    // Every point is an arm held for the whole sweep (about 17 KB): refuse a design far past that.
    double points = 1.0;
    if (sw.design == "grid") {
      for (const auto& p : sw.parameters)
        points *= p.values.empty() ? static_cast<double>(p.steps.value_or(2))
                                   : static_cast<double>(p.values.size());
    } else if (sw.design == "sobol") {
      points = static_cast<double>(sw.points.value_or(0)) * static_cast<double>(sw.parameters.size() + 2);
    } else if (sw.design == "morris") {
      points =
          static_cast<double>(sw.trajectories.value_or(0)) * static_cast<double>(sw.parameters.size() + 1);
    } else {
      points = static_cast<double>(sw.points.value_or(0));
    }
    if (points > kMaxSweepPoints) {
      char text[200];
      std::snprintf(text, sizeof text,
                    "has %.4g points; allowed: at most %.0f (fewer steps, values or points)", points,
                    kMaxSweepPoints);
      error("sweep", text);
    }
    if (sw.parameters.empty())
      error("sweep.parameters", "is empty; add at least one [[sweep.parameters]]", "sweep");
    // A probe of the whole scenario copied every variant with it.
    const Scenario lean = without_arms();
    for (std::size_t i = 0; i < sw.parameters.size(); ++i) {
      const auto& p = sw.parameters[i];
      const std::string label = "sweep.parameters[" + std::to_string(i) + "]";
      if (p.path.empty() || p.unreadable) continue;
      const bool has_values = p.values_given;
      if (has_values && p.values.empty()) {
        error(label + ".values", "is empty; list at least one value");
        continue;
      }
      if (has_values == p.range.has_value()) {
        error(label, "give either values = [...] or range = [low, high]");
        continue;
      }
      if (sampled && p.boolean)
        error(label + ".values", "true and false are swept by a grid design; " + with_article(sw.design) +
                                     " design samples ranges of numbers");
      else if (sampled && has_values)
        error(label + ".values",
              with_article(sw.design) + " design samples a range; write range = [low, high]");
      if (!sampled && p.range && !p.steps_given)
        error(label + ".steps", "is missing; a grid over a range needs steps", label + ".range");
      if (sampled && p.steps) error(label + ".steps", "only a grid design takes steps");
      if (!sampled && p.steps && *p.steps < 2)
        error(label + ".steps",
              "is " + std::to_string(*p.steps) + "; allowed: at least 2 (both ends of the range)");
      if (p.scale == "log") {
        if (!p.range)
          error(label + ".scale",
                "a log scale spaces a range; with values = [...] the values are the points");
        else if ((*p.range)[0] <= 0.0)
          error(label + ".range",
                "is [" + format_number((*p.range)[0]) + ", " + format_number((*p.range)[1]) +
                    "]; a log scale needs a range above 0",
                label + ".scale");
      }
      for (std::size_t k = 0; k < i; ++k) {
        if (sw.parameters[k].path == p.path) {
          error(label + ".path", "`" + p.path + "` is already swept by sweep.parameters[" +
                                     std::to_string(k) + "]; give each path once");
          break;
        }
      }
      std::vector<double> probes = has_values ? p.values : std::vector<double>{(*p.range)[0], (*p.range)[1]};
      for (double x : probes) {
        Scenario copy = lean;
        const ParamValue value = p.boolean ? ParamValue::of_bool(x != 0.0) : ParamValue::of_number(x);
        if (auto problem = set_param(copy, p.path, value); !problem.empty()) {
          const auto now = get_param(s_, p.path);
          if (now && now->is_bool && !p.boolean)
            problem = "is a boolean field: sweep it with values = [false, true] in a grid design";
          error(label + ".path", "`" + p.path + "` " + problem);
          break;
        }
      }
    }
  }

 private:
  const Scenario& s_;
  double memory_;
};

}  // namespace

std::optional<std::pair<std::string, std::string>> memory_problem(const Scenario& s, double have) {
  // A run holds no record per customer on any path (docs/semantics.md
  // §5): customers are simulated one at a time, with referrals and send
  // budgets settled apart. What it holds is every table it fills:
  // /occupancy (with its difference array), the funnel, touch, flow,
  // campaign and channel tables, and the same by segment, with the counts
  // money is computed from (sends by segment and campaign, touches by
  // segment, stage and channel for each campaign that scales value).
  const double S = static_cast<double>(s.stages.size()), C = static_cast<double>(s.channels.size()),
               G = static_cast<double>(s.segments.size()), K = static_cast<double>(s.campaigns.size());
  const auto V = static_cast<double>(std::count_if(s.campaigns.begin(), s.campaigns.end(), [](const auto& c) {
    return c.enabled && c.value_multiplier != 1.0;
  }));
  const double rows = std::min(std::ceil(s.scenario.horizon_days), static_cast<double>(kMaxOccupancyRows));
  const double tables = 8.0 * ((2.0 * rows + 1.0) * S + 7.0 * S * C + S * (S + 2.0) + 3.0 * K + C +
                               G * ((6.0 + V) * S * C + 3.0 * S + K + 16.0));
  // Send budgets without referrals settle in windows of arrival time,
  // which hold each customer's id and window, 5 bytes a customer, at the
  // least (arrival_windows.h). What comes on top depends on how often
  // triggers fire (24 bytes each until settled; scenarios/README.md), so
  // it is not counted: this refuses only what cannot fit.
  const bool budget = std::any_of(s.campaigns.begin(), s.campaigns.end(),
                                  [](const auto& c) { return c.enabled && c.max_sends.has_value(); });
  const bool refers = std::any_of(s.touchpoints.begin(), s.touchpoints.end(),
                                  [](const auto& t) { return t.referrals > 0.0; });
  const double customers = budget && !refers ? 5.0 * static_cast<double>(s.population.customers) : 0.0;
  if (!(have > 0) || tables + customers <= 0.8 * have) return std::nullopt;
  const double gib = 1024.0 * 1024.0 * 1024.0;
  char text[400];
  if (customers > tables) {
    const double most = std::max(0.0, 0.8 * have - tables) / 5.0;
    std::snprintf(text, sizeof text,
                  "is %s: with a send budget (max_sends) a run holds at least 5 bytes a customer while it "
                  "settles it, about %.1f GiB in all, more than 80%% of the %.1f GiB this machine lets it "
                  "use; allowed here: at most %s customers with a send budget",
                  grouped_count(s.population.customers).c_str(), (tables + customers) / gib, have / gib,
                  grouped_count(static_cast<long long>(most)).c_str());
    return std::pair{std::string("population.customers"), std::string(text)};
  }
  std::snprintf(text, sizeof text,
                "needs about %.1f GiB for one run's result tables, more than 80%% of this machine's %.1f "
                "GiB; lower the number of segments, stages or channels",
                (tables + customers) / gib, have / gib);
  return std::pair{std::string("segments"), std::string(text)};
}

std::vector<Problem> validate(const Scenario& scenario) {
  Checker checker(scenario, usable_memory_bytes());
  checker.run_core();
  const std::vector<Problem> base = checker.problems;
  checker.run_variants(base);
  checker.run_sweep();
  return std::move(checker.problems);
}

Scenario make_arm(const Scenario& scenario, const std::string& variant_id,
                  const std::vector<Override>& command_line) {
  Scenario arm = scenario;
  std::vector<Problem> problems;
  // The command line changes the scenario every arm starts from; a variant's
  // own `set` then applies on top, so `compare --set PATH=V` cannot undo
  // what a variant is about by setting the same path.
  apply_overrides(arm, command_line, problems);
  if (!variant_id.empty()) {
    auto it = std::find_if(scenario.variants.begin(), scenario.variants.end(),
                           [&](const Variant& v) { return v.id == variant_id; });
    if (it == scenario.variants.end()) {
      std::vector<std::string> known;
      for (const auto& v : scenario.variants) known.push_back(v.id);
      if (variant_id == "baseline") {
        throw ScenarioError(
            {Problem{scenario.file,
                     {},
                     "--variant",
                     "the baseline is the arm without a variant: leave --variant out to run it"}});
      }
      throw ScenarioError(
          {Problem{scenario.file,
                   {},
                   "--variant",
                   "names no variant `" + variant_id + "`" + suggestion(variant_id, known) +
                       "; variants in this scenario: " + (known.empty() ? "none" : join_list(known))}});
    }
    apply_overrides(arm, it->set, problems);
  }
  if (problems.empty()) {
    Checker checker(arm, usable_memory_bytes());
    checker.run_core();
    for (auto& p : checker.problems) {
      // A problem with the very path a --set gave is the --set's: the
      // file's position (where the key's table is) pointed at a line that
      // does not hold it.
      const bool set_here = std::any_of(command_line.begin(), command_line.end(),
                                        [&](const Override& o) { return o.path == p.key; });
      if (set_here) {
        p.file = "--set";
        p.pos = {};
      } else {
        p.message = "after the overrides: " + p.message;
      }
      problems.push_back(std::move(p));
    }
  }
  if (!problems.empty()) throw ScenarioError(std::move(problems));
  return resolve_defaults(arm);
}

}  // namespace journeysim
