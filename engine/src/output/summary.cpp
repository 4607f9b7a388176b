#include "journeysim/output/summary.h"

#include <cmath>
#include <cstdio>

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
    if (t.stage == stage && t.channel == channel && !t.title.empty()) return t.title + " [" + channel + "]";
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

std::string format_compare_summary(const Comparison& c, const std::string& output_path) {
  const auto& base = c.arms.front().scenario;
  std::string out =
      base.scenario.name + ": " + std::to_string(c.arms.size()) + " arms x " +
      std::to_string(c.replications) +
      " replications on common random numbers; mean +- 95% CI half-width; * the difference's CI "
      "excludes 0\n";
  if (c.precision > 0) {
    out += c.precision_met ? "  precision reached: every conversion-rate difference is known to +-" +
                                 fmt("%.4g", 100 * c.precision) + " points after " +
                                 std::to_string(c.replications) + " replications\n"
                           : "  precision NOT reached after " + std::to_string(c.replications) +
                                 " replications (the maximum); raise --max-replications\n";
  }
  // Whole numbers get thousands separators; "%.2f" and the like are kept.
  auto num = [](const char* format, double v, bool sign) {
    const bool whole = std::string(format) == "%.0f";
    const std::string s = whole ? grouped(std::fabs(v)) : fmt(format, std::fabs(v));
    return (v < 0 ? "-" : (sign ? "+" : "")) + s;
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
        roi = signed_fmt("%.0f", 100 * r->value.mean) + " %" + (r->significant ? " *" : "  ");
        payback = std::isfinite(p->value.mean) ? fmt("%.0f days", p->value.mean) : "never";
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

std::vector<std::string> run_warnings(const Scenario& arm, const std::vector<RunResult>& results) {
  std::vector<std::string> out;
  std::int64_t dropped = 0;
  for (const auto& r : results) dropped += r.totals.referrals_dropped;
  if (dropped > 0) {
    out.push_back(grouped(static_cast<double>(dropped)) + " referrals were dropped past max_customers = " +
                  grouped(static_cast<double>(arm.population.max_customers.value_or(0))) +
                  "; raise population.max_customers to keep them");
  }
  return out;
}

std::string format_run_summary(const Scenario& arm, const Model& m, const std::vector<RunResult>& results,
                               const std::string& output_path) {
  const double n = static_cast<double>(results.size());
  RunTotals mean;
  double days_sum = 0.0, days_runs = 0.0;
  for (const auto& r : results) {
    const auto& t = r.totals;
    mean.customers += t.customers;
    mean.converted += t.converted;
    mean.revenue += t.revenue;
    mean.cost += t.cost;
    mean.profit += t.profit;
    mean.campaign_sends += t.campaign_sends;
    mean.campaign_wins += t.campaign_wins;
    mean.in_progress += t.in_progress;
    mean.promoters += t.promoters;
    mean.detractors += t.detractors;
    if (!std::isnan(t.mean_days_to_convert)) {
      days_sum += t.mean_days_to_convert;
      days_runs += 1.0;
    }
  }
  auto avg = [&](double total) { return total / n; };
  const double customers = avg(static_cast<double>(mean.customers));
  const double converted = avg(static_cast<double>(mean.converted));

  std::string out;
  out += arm.scenario.name + ": " + arm.scenario.title + "\n";
  out += "  " + grouped(n) + (n == 1 ? " replication" : " replications") + ", seed " +
         std::to_string(arm.scenario.seed) + ", horizon " + fmt("%g", arm.scenario.horizon_days) + " days" +
         (n > 1 ? "; figures are means per replication" : "") + "\n\n";
  auto line = [&](const std::string& label, const std::string& value) {
    out += "  " + pad(label, 22, false) + pad(value, 16) + "\n";
  };
  line("customers", grouped(customers, n > 1));
  line("converted", grouped(converted, n > 1));
  line("conversion rate", customers > 0 ? fmt("%.2f %%", 100.0 * converted / customers) : "-");
  line("revenue", grouped(avg(mean.revenue), 1));
  line("cost", grouped(avg(mean.cost), 1));
  line("profit", grouped(avg(mean.profit), 1));
  line("mean days to convert", days_runs > 0 ? fmt("%.2f", days_sum / days_runs) : "-");
  line("still in progress", grouped(avg(static_cast<double>(mean.in_progress)), n > 1));
  if (mean.promoters + mean.detractors > 0) {
    line("promoters", grouped(avg(static_cast<double>(mean.promoters)), n > 1));
    line("detractors", grouped(avg(static_cast<double>(mean.detractors)), n > 1));
  }
  if (!m.campaigns.empty()) {
    line("campaign sends", grouped(avg(static_cast<double>(mean.campaign_sends)), n > 1));
    line("campaign wins", grouped(avg(static_cast<double>(mean.campaign_wins)), n > 1));
  }

  const std::size_t S = m.stage_count(), C = m.channel_count();
  out += "\n  " + pad("funnel", 18, false) + pad("reached", 12) + pad("lost", 11) + pad("drop-off", 10) +
         "   main cause of loss\n";
  for (std::size_t s = 0; s < S; ++s) {
    double reached = 0.0, lost = 0.0;
    std::vector<double> abandon(C, 0.0), leave(C, 0.0);
    for (const auto& r : results) {
      reached += static_cast<double>(r.reached[s]);
      lost += static_cast<double>(r.lost[s]);
      for (std::size_t c = 0; c < C; ++c) {
        abandon[c] += static_cast<double>(r.touch_abandon[s * C + c]);
        leave[c] += static_cast<double>(r.touch_leave[s * C + c]);
      }
    }
    double total = 0.0, best = 0.0;
    std::string cause = "-";
    for (std::size_t c = 0; c < C; ++c) {
      total += abandon[c] + leave[c];
      for (int kind = 0; kind < 2; ++kind) {
        const double v = kind ? leave[c] : abandon[c];
        if (v > best) {
          best = v;
          cause = touchpoint_title(arm, m.stage_ids[s], m.channel_ids[c]) +
                  (kind ? ": left" : ": friction, abandoned");
        }
      }
    }
    if (total > 0) cause += fmt(" (%.0f %% of losses here)", 100.0 * best / total);
    out += "  " + pad(m.stage_ids[s], 18, false) + pad(grouped(reached / n, n > 1), 12) +
           pad(grouped(lost / n, n > 1), 11) +
           pad(reached > 0 ? fmt("%.1f %%", 100.0 * lost / reached) : "-", 10) + "   " + cause + "\n";
  }
  for (const auto& w : run_warnings(arm, results)) out += "\nwarning: " + w + "\n";
  if (!output_path.empty()) out += "\nresults: " + output_path + "\n";
  return out;
}

}  // namespace journeysim
