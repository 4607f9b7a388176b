#include "journeysim/output/summary.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "journeysim/metrics/metrics.h"

namespace journeysim {

namespace {

std::string fmt(const char* format, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// 1234567.8 -> "1,234,568"
std::string grouped(double value, int decimals = 0) {
  std::string digits = fmt(decimals ? "%.1f" : "%.0f", std::fabs(value));
  const auto dot = digits.find('.');
  std::string integer = digits.substr(0, dot), rest = dot == std::string::npos ? "" : digits.substr(dot);
  std::string out;
  for (std::size_t i = 0; i < integer.size(); ++i) {
    if (i && (integer.size() - i) % 3 == 0) out += ',';
    out += integer[i];
  }
  return (value < 0 ? "-" : "") + out + rest;
}

std::string pad(const std::string& s, std::size_t width, bool right = true) {
  if (s.size() >= width) return s;
  return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}

// "Mobile sign-up form (14 fields) [mobile]": what a strategist recognises.
std::string touchpoint_title(const Scenario& arm, const std::string& stage, const std::string& channel) {
  for (const auto& t : arm.touchpoints) {
    // A title that names the channel already ("renewal via web") needs no "[web]".
    if (t.stage == stage && t.channel == channel && !t.title.empty())
      return t.title.find(channel) != std::string::npos ? t.title : t.title + " [" + channel + "]";
  }
  return channel;
}

}  // namespace

namespace {
std::string signed_fmt(const char* format, double v) {
  std::string s = fmt(format, v);
  return v >= 0 ? "+" + s : s;
}
}  // namespace

std::string format_compare_summary(const Comparison& c, const std::string& output_path,
                                   const std::string& provenance) {
  const auto& base = c.arms.front().scenario;
  std::string out =
      base.scenario.name + ": " + std::to_string(c.arms.size()) + " arms x " +
      std::to_string(c.replications) +
      (c.replications > 1 ? " replications on common random numbers; mean +- 95% CI half-width; * "
                            "the difference's CI excludes 0\n"
                          : " replication on common random numbers; no confidence intervals from "
                            "one replication (use --replications 2 or more)\n") +
      provenance;
  if (c.precision > 0) {
    out += c.precision_met ? "  precision reached: every conversion-rate difference is known to +-" +
                                 fmt("%.4g", 100 * c.precision) + " points after " +
                                 std::to_string(c.replications) + " replications\n"
                           : "  precision NOT reached after " + std::to_string(c.replications) +
                                 " replications (the maximum); raise --max-replications\n";
  }
  // Whole numbers get thousands separators; "%.2f" and the like are kept. A
  // value that rounds to zero has no sign: "0", not "-0".
  auto num = [](const char* format, double v, bool sign) {
    const bool whole = std::string(format) == "%.0f";
    const std::string s = whole ? grouped(std::fabs(v)) : fmt(format, std::fabs(v));
    const bool zero = s.find_first_not_of("0.,") == std::string::npos;
    return (zero ? "" : (v < 0 ? "-" : (sign ? "+" : ""))) + s;
  };
  auto pm = [&](const Interval& i, double scale, const char* format, bool sign) {
    if (std::isnan(i.mean)) return std::string("-");
    const std::string m = num(format, scale * i.mean, sign);
    return i.n > 1 ? m + " +- " + num(format, scale * i.half_width(), false) : m;
  };
  std::size_t width = 10;
  for (const auto& a : c.arms) width = std::max(width, a.id.size() + 2);

  out += "\n  " + pad("arm", width, false) + pad("conversion %", 18) + pad("vs baseline (points)", 24) +
         pad("lift", 10) + pad("converted", 20) + pad("campaign wins", 16) + "\n";
  for (std::uint32_t a = 0; a < c.arms.size(); ++a) {
    const auto* rate = c.row(a, "conversion_rate");
    const auto* conv = c.row(a, "converted");
    const auto* wins = c.row(a, "campaign_wins");
    std::string diff, lift;
    if (a > 0) {
      diff = pm(rate->diff, 100.0, "%.2f", true) + (rate->significant ? " *" : "  ");
      lift = std::isnan(rate->lift_pct) ? "-" : signed_fmt("%.1f", rate->lift_pct) + " %";
    }
    out += "  " + pad(c.arms[a].id, width, false) + pad(pm(rate->value, 100.0, "%.2f", false), 18) +
           pad(diff, 24) + pad(lift, 10) + pad(pm(conv->value, 1.0, "%.0f", false), 20) +
           pad(pm(wins->value, 1.0, "%.0f", false), 16) + "\n";
  }

  out += "\n  " + pad("arm", width, false) + pad("cost vs baseline", 22) + pad("profit", 26) +
         pad("vs baseline", 26) + pad("fixed cost", 12) + pad("ROI", 14) + pad("payback", 12) + "\n";
  for (std::uint32_t a = 0; a < c.arms.size(); ++a) {
    const auto* profit = c.row(a, "profit");
    const auto* cost = c.row(a, "cost");
    std::string diff, fixed, roi, payback, cost_diff;
    if (a > 0) {
      cost_diff = pm(cost->diff, 1.0, "%.0f", true) + (cost->significant ? " *" : "  ");
      diff = pm(profit->diff, 1.0, "%.0f", true) + (profit->significant ? " *" : "  ");
      if (c.arms[a].fixed_cost > 0) {
        fixed = grouped(c.arms[a].fixed_cost);
        const auto* r = c.row(a, "roi");
        const auto* p = c.row(a, "payback_days");
        roi = num("%.0f", 100 * r->value.mean, true) + " %" + (r->significant ? " *" : "  ");
        // Under a day shows as a fraction of one ("0.006 days"), not "0 days".
        payback = !std::isfinite(p->value.mean) ? "never"
                  : p->value.mean < 1.0         ? fmt("%.2g days", p->value.mean)
                                                : grouped(p->value.mean) + " days";
      } else {
        fixed = "-";
      }
    }
    out += "  " + pad(c.arms[a].id, width, false) + pad(cost_diff, 22) +
           pad(pm(profit->value, 1.0, "%.0f", false), 26) + pad(diff, 26) + pad(fixed, 12) + pad(roi, 14) +
           pad(payback, 12) + "\n";
  }
  out += "\n";
  for (std::uint32_t a = 1; a < c.arms.size(); ++a)
    out += "  " + c.arms[a].id + ": " + c.arms[a].title + "\n";
  out += "  ROI = (profit difference over the " + fmt("%g", base.scenario.horizon_days) +
         "-day horizon - fixed cost) / fixed cost; payback = fixed cost / profit difference per day\n";
  if (!output_path.empty()) out += "\nresults: " + output_path + "\n";
  return out;
}

RunSummary::RunSummary(const RunPlan& plan) : plan_(plan), arms_(plan.arms.size()) {
  const std::size_t S = plan.arms.front().model.stage_count(), C = plan.arms.front().model.channel_count();
  for (auto& a : arms_) {
    a.metrics.resize(headline_metrics().size());
    a.reached.resize(S);
    a.lost.resize(S);
    a.drop_off.resize(S);
    a.abandon.assign(S * C, 0.0);
    a.leave.assign(S * C, 0.0);
    a.segments.assign(plan.arms.front().model.segments.size(),
                      std::vector<MeanOver>(headline_metrics().size()));
  }
}

void RunSummary::run_done(std::size_t, const PlannedRun& run, const RunResult& r) {
  Totals& a = arms_[run.arm];
  ++a.runs;
  const auto& list = headline_metrics();
  for (std::size_t m = 0; m < list.size(); ++m) {
    a.metrics[m].add(list[m].value(r.totals));
    for (std::size_t g = 0; g < a.segments.size(); ++g)
      a.segments[g][m].add(list[m].value(r.by_segment.totals[g]));
  }
  for (std::size_t s = 0; s < a.reached.size(); ++s) {
    a.reached[s].add(static_cast<double>(r.reached[s]));
    a.lost[s].add(static_cast<double>(r.lost[s]));
    a.drop_off[s].add(drop_off(r, s));
  }
  for (std::size_t i = 0; i < a.abandon.size(); ++i) {
    a.abandon[i] += static_cast<double>(r.touch_abandon[i]);
    a.leave[i] += static_cast<double>(r.touch_leave[i]);
  }
}

double RunSummary::mean(std::uint32_t arm, std::string_view name) const {
  const auto& list = headline_metrics();
  for (std::size_t m = 0; m < list.size(); ++m) {
    if (list[m].name == name) return arms_[arm].metrics[m].mean();
  }
  return std::numeric_limits<double>::quiet_NaN();
}

std::vector<std::string> RunSummary::warnings(std::uint32_t arm) const {
  std::vector<std::string> out;
  const auto& a = arms_[arm];
  const double dropped = mean(arm, "referrals_dropped") * static_cast<double>(a.runs);
  if (dropped > 0) {
    const auto& pop = plan_.arms[arm].scenario.population;
    out.push_back(grouped(dropped) + " referrals were dropped past max_customers = " +
                  grouped(static_cast<double>(pop.max_customers.value_or(0))) +
                  "; raise population.max_customers to keep them");
  }
  return out;
}

// Each segment's customers, conversions, conversion rate and revenue, so
// that one segment's results sit next to another's.
template <class Count>
std::string RunSummary::by_segment(const Scenario& arm, const Totals& a, Count&& count) const {
  const auto& list = headline_metrics();
  auto mean = [&](std::size_t g, std::string_view name) {
    for (std::size_t m = 0; m < list.size(); ++m) {
      if (list[m].name == name) return a.segments[g][m].mean();
    }
    return std::numeric_limits<double>::quiet_NaN();
  };
  std::size_t width = 18;
  for (const auto& seg : arm.segments)
    width = std::max(width, (seg.title.empty() ? seg.id : seg.title).size() + 2);
  std::string out = "\n  " + pad("segment", width, false) + pad("customers", 12) + pad("converted", 12) +
                    pad("conversion", 12) + pad("revenue", 16) + pad("days to convert", 17) + "\n";
  for (std::size_t g = 0; g < arm.segments.size(); ++g) {
    const auto& seg = arm.segments[g];
    const double rate = mean(g, "conversion_rate"), days = mean(g, "mean_days_to_convert");
    out += "  " + pad(seg.title.empty() ? seg.id : seg.title, width, false) +
           pad(count(mean(g, "customers")), 12) + pad(count(mean(g, "converted")), 12) +
           pad(std::isnan(rate) ? "-" : fmt("%.2f %%", 100.0 * rate), 12) +
           pad(grouped(mean(g, "revenue"), 1), 16) + pad(std::isnan(days) ? "-" : fmt("%.2f", days), 17) +
           "\n";
  }
  return out;
}

std::string RunSummary::format(std::uint32_t arm_index, const std::string& output_path,
                               const std::string& provenance) const {
  const Arm& arm_ = plan_.arms[arm_index];
  const Scenario& arm = arm_.scenario;
  const Model& m = arm_.model;
  const Totals& a = arms_[arm_index];
  const double n = static_cast<double>(a.runs);
  const bool many = a.runs > 1;
  auto mean_of = [&](std::string_view name) { return mean(arm_index, name); };
  // A count averaged over replications keeps a decimal; a ratio or a mean
  // that is NaN (no denominator in any replication) prints as "-".
  // A mean of counts keeps a decimal only when it has one: "10,000", "5,111.4".
  auto whole_or_tenth = [&](double v) { return grouped(v, many && v != std::floor(v)); };
  auto count = [&](std::string_view name) { return whole_or_tenth(mean_of(name)); };

  std::string out;
  out += arm.scenario.name + ": " + arm.scenario.title + "\n" + provenance;
  out += "  " + grouped(n) + (a.runs == 1 ? " replication" : " replications") + ", seed " +
         std::to_string(arm.scenario.seed) + ", horizon " + fmt("%g", arm.scenario.horizon_days) + " days" +
         (many ? "; figures are means per replication" : "") + "\n\n";
  auto line = [&](const std::string& label, const std::string& value) {
    out += "  " + pad(label, 22, false) + pad(value, 16) + "\n";
  };
  auto or_dash = [](double v, const std::string& text) { return std::isnan(v) ? std::string("-") : text; };
  line("customers", count("customers"));
  line("converted", count("converted"));
  const double rate = mean_of("conversion_rate");
  line("conversion rate", or_dash(rate, fmt("%.2f %%", 100.0 * rate)));
  line("revenue", grouped(mean_of("revenue"), 1));
  line("cost", grouped(mean_of("cost"), 1));
  line("profit", grouped(mean_of("profit"), 1));
  const double days = mean_of("mean_days_to_convert");
  line("mean days to convert", or_dash(days, fmt("%.2f", days)));
  line("still in progress", count("in_progress"));
  if (mean_of("promoters") + mean_of("detractors") > 0) {
    line("promoters", count("promoters"));
    line("detractors", count("detractors"));
  }
  if (!m.campaigns.empty()) {
    line("campaign sends", count("campaign_sends"));
    line("campaign wins", count("campaign_wins"));
  }

  const std::size_t S = m.stage_count(), C = m.channel_count();
  // Stages by their titles where the scenario gives them; the column is as
  // wide as the longest.
  std::vector<std::string> names;
  std::size_t width = 18;
  for (const auto& st : arm.stages) {
    names.push_back(st.title.empty() ? st.id : st.title);
    width = std::max(width, names.back().size() + 2);
  }
  const bool won_back = mean_of("campaign_wins") > 0;
  out += "\n  " + pad("funnel", width, false) + pad("reached", 12) + pad("lost", 11) + pad("drop-off", 10) +
         "   main cause of loss\n";
  for (std::size_t s = 0; s < S; ++s) {
    double total = 0.0, best = 0.0;
    std::string cause = "-";
    for (std::size_t c = 0; c < C; ++c) {
      const double abandon = a.abandon[s * C + c], leave = a.leave[s * C + c];
      total += abandon + leave;
      for (int kind = 0; kind < 2; ++kind) {
        const double v = kind ? leave : abandon;
        if (v > best) {
          best = v;
          cause = touchpoint_title(arm, m.stage_ids[s], m.channel_ids[c]) +
                  (kind ? ": left" : ": friction, abandoned");
        }
      }
    }
    if (total > 0) cause += fmt(" (%.0f %% of losses here)", 100.0 * best / total);
    const double drop = a.drop_off[s].mean();
    out += "  " + pad(names[s], width, false) + pad(whole_or_tenth(a.reached[s].mean()), 12) +
           pad(whole_or_tenth(a.lost[s].mean()), 11) + pad(or_dash(drop, fmt("%.1f %%", 100.0 * drop)), 10) +
           "   " + cause + "\n";
  }
  // A customer won back and lost again is lost twice: the shares are of losses, not of customers.
  if (won_back) out += "  (shares of losses count a won-back customer again each time it is lost)\n";
  if (arm.segments.size() > 1) out += by_segment(arm, a, whole_or_tenth);
  for (const auto& w : warnings(arm_index)) out += "\nwarning: " + w + "\n";
  if (!output_path.empty()) out += "\nresults: " + output_path + "\n";
  return out;
}

}  // namespace journeysim
