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

// A label column as wide as its longest entry, and at least `at_least`.
Column label_column(const std::string& header, const std::vector<std::string>& labels, std::size_t at_least) {
  std::size_t width = std::max(at_least, display_width(header));
  for (const auto& l : labels) width = std::max(width, display_width(l) + 1);
  return {header, width, true, {}};
}

// What every summary ends with: its warnings, then where the results went.
std::string closing_lines(const std::vector<std::string>& warnings, const std::string& output_path) {
  std::string lines;
  for (const auto& w : warnings) lines += "\nwarning: " + w + "\n";
  if (!output_path.empty()) lines += "\nresults: " + output_path + "\n";
  return lines;
}

// A swept parameter's value as the sweep's console gives it: true or false,
// or 4 significant digits ("0.1938", not the double's 0.19375000000000003).
std::string swept_value(const SweepParameter& p, double v) {
  return p.boolean ? std::string(v != 0.0 ? "true" : "false") : fmt("%.4g", v);
}

// ---- the comparison's cells -------------------------------------------------
// Whole numbers get thousands separators; decimals are kept. A value that
// rounds to zero has no sign: "0", not "-0".
std::string signed_number(double v, int decimals, bool sign) {
  const std::string s = grouped(std::fabs(v), decimals);
  const bool zero = s.find_first_not_of("0.,") == std::string::npos;
  return (zero ? "" : (v < 0 ? "-" : (sign ? "+" : ""))) + s;
}

// "mean +- half-width" (the half-width only with two or more values), and
// " *" after a difference whose interval excludes 0. CSV: the mean, the
// half-width and, for a difference, 1 or 0 for significant.
Cell interval_cell(const Interval& i, double scale, int decimals, bool sign, bool difference = false,
                   bool significant = false) {
  const bool spread = i.n > 1;
  Cell c;
  if (std::isnan(i.mean)) {
    c.text = "-";
  } else {
    c.text = signed_number(scale * i.mean, decimals, sign);
    if (spread) c.text += " +- " + signed_number(scale * i.half_width(), decimals, false);
    if (difference) c.text += significant ? " *" : "  ";
  }
  c.csv.push_back(csv_number(scale * i.mean));
  c.csv.push_back(spread ? csv_number(scale * i.half_width()) : "");
  if (difference) c.csv.push_back(significant ? "1" : "0");
  return c;
}

// `csv_name`: the header in CSV, where no column beside it says what a bare
// "vs baseline" is the difference of.
Column interval_column(const std::string& header, std::size_t width, bool difference = false,
                       const std::string& csv_name = "") {
  const std::string name = csv_name.empty() ? header : csv_name;
  Column c{header, width, false, {name, name + " ci95"}};
  if (difference) c.csv.push_back(name + " significant");
  return c;
}

// An empty cell for the baseline's difference columns.
Cell blank(std::size_t csv_values) {
  return {"", std::vector<std::string>(csv_values, "")};
}

// A table of one metric per column (a stage's drop-off, a segment's
// conversion, a channel's cost), a row per arm: the arm's mean, and for a
// variant its difference from the baseline in brackets, * when significant.
Table per_arm(const Comparison& c, const std::string& name, const std::string& first,
              const std::vector<std::string>& metrics, const std::vector<std::string>& titles, bool percent) {
  Table t;
  t.name = name;
  std::vector<std::string> arm_ids;
  for (const auto& a : c.arms) arm_ids.push_back(a.id);
  t.columns.push_back(label_column(first, arm_ids, 10));
  const std::string unit = percent ? " %" : "";
  for (const auto& title : titles) {
    t.columns.push_back({title,
                         std::max<std::size_t>(display_width(title) + 2, 12),
                         false,
                         {title + unit, title + (percent ? " vs baseline (points)" : " vs baseline"),
                          title + " significant"}});
  }
  const double scale = percent ? 100.0 : 1.0;
  const int decimals = percent ? 2 : 0;  // as the rates of the other tables
  for (std::uint32_t a = 0; a < c.arms.size(); ++a) {
    std::vector<Cell> row{label(c.arms[a].id)};
    for (const auto& m : metrics) {
      const MetricRow* r = c.row(a, m);
      Cell cell;
      const double mean = r ? r->value.mean : std::nan("");
      cell.text = std::isnan(mean) ? "-" : signed_number(scale * mean, decimals, false) + unit;
      cell.csv.push_back(csv_number(scale * mean));
      if (a > 0 && r && !std::isnan(r->diff.mean)) {
        // A significant difference that rounds to zero keeps a digit: "(+0.003) *", not "(0.00) *".
        std::string diff = signed_number(scale * r->diff.mean, decimals, true);
        if (r->significant && diff.find_first_not_of("+-0.,") == std::string::npos)
          diff = fmt("%+.1g", scale * r->diff.mean);
        cell.text += " (" + diff + ")" + (r->significant ? " *" : "");
        cell.csv.push_back(csv_number(scale * r->diff.mean));
        cell.csv.push_back(r->significant ? "1" : "0");
      } else {
        cell.csv.push_back("");
        cell.csv.push_back("");
      }
      row.push_back(cell);
    }
    // Width: the widest cell, so that "(+0.4) *" fits.
    for (std::size_t k = 1; k < row.size(); ++k)
      t.columns[k].width = std::max(t.columns[k].width, display_width(row[k].text) + 2);
    t.rows.push_back(std::move(row));
  }
  return t;
}

}  // namespace

// ---- compare ------------------------------------------------------------------

std::string format_compare_summary(const Comparison& c, const std::string& output_path,
                                   const std::string& provenance, TableFormat format,
                                   const std::vector<std::string>& warnings) {
  const auto& base = c.arms.front().scenario;
  const Model& model = c.arms.front().model;
  Document doc;
  doc.title(base.scenario.name + (base.scenario.title.empty() ? "" : " (" + base.scenario.title + ")") +
            ": " + std::to_string(c.arms.size()) + " arms x " + std::to_string(c.replications) +
            (c.replications > 1 ? " replications on common random numbers; mean +- 95% CI half-width; * the "
                                  "difference's CI excludes 0\n"
                                : " replication on common random numbers; no confidence intervals from one "
                                  "replication (use --replications 2 or more)\n"));
  doc.prose(provenance);
  if (c.precision > 0) {
    doc.prose(c.precision_met ? "  precision reached: every conversion-rate difference is known to +-" +
                                    fmt("%.4g", 100 * c.precision) + " points after " +
                                    std::to_string(c.replications) + " replications\n"
                              : "  precision NOT reached after " + std::to_string(c.replications) +
                                    " replications (the maximum): the widest conversion-rate difference is "
                                    "known to " +
                                    (std::isfinite(c.widest_half_width)
                                         ? "+-" + fmt("%.4g", 100 * c.widest_half_width) + " points"
                                         : "no precision (it needs two replications or more)") +
                                    ", against +-" + fmt("%.4g", 100 * c.precision) +
                                    " asked; raise --max-replications\n");
  }
  std::vector<std::string> arm_ids;
  for (const auto& a : c.arms) arm_ids.push_back(a.id);

  Table conversion;
  conversion.name = "conversion";
  conversion.columns = {label_column("arm", arm_ids, 9),
                        interval_column("conversion %", 17),
                        interval_column("vs baseline (points)", 23, true, "conversion vs baseline (points)"),
                        {"lift", 9, false, {"lift %"}},
                        interval_column("converted", 19),
                        interval_column("campaign wins", 15)};
  for (std::uint32_t a = 0; a < c.arms.size(); ++a) {
    const auto* rate = c.row(a, "conversion_rate");
    std::vector<Cell> row{label(c.arms[a].id), interval_cell(rate->value, 100.0, 2, false)};
    if (a > 0) {
      row.push_back(interval_cell(rate->diff, 100.0, 2, true, true, rate->significant));
      row.push_back(std::isnan(rate->lift_pct)
                        ? Cell{"-", {""}}
                        : Cell{signed_number(rate->lift_pct, 1, true) + " %", {csv_number(rate->lift_pct)}});
    } else {
      row.push_back(blank(3));
      row.push_back(blank(1));
    }
    row.push_back(interval_cell(c.row(a, "converted")->value, 1.0, 0, false));
    row.push_back(interval_cell(c.row(a, "campaign_wins")->value, 1.0, 0, false));
    conversion.rows.push_back(std::move(row));
  }
  doc.prose("\n");
  doc.add(conversion);

  Table money;
  money.name = "money";
  money.columns = {
      label_column("arm", arm_ids, 9),         interval_column("cost vs baseline", 21, true),
      interval_column("profit", 25),           interval_column("vs baseline", 25, true, "profit vs baseline"),
      {"fixed cost", 11, false, {}},           {"ROI", 13, false, {"ROI %", "ROI significant"}},
      {"payback", 13, false, {"payback days"}}};
  for (std::uint32_t a = 0; a < c.arms.size(); ++a) {
    const auto* profit = c.row(a, "profit");
    const auto* cost = c.row(a, "cost");
    std::vector<Cell> row{label(c.arms[a].id)};
    if (a == 0) {
      row.push_back(blank(3));
      row.push_back(interval_cell(profit->value, 1.0, 0, false));
      row.push_back(blank(3));
      row.push_back(blank(1));
      row.push_back(blank(2));
      row.push_back(blank(1));
    } else {
      row.push_back(interval_cell(cost->diff, 1.0, 0, true, true, cost->significant));
      row.push_back(interval_cell(profit->value, 1.0, 0, false));
      row.push_back(interval_cell(profit->diff, 1.0, 0, true, true, profit->significant));
      const double fixed_cost = c.arms[a].fixed_cost;
      if (fixed_cost > 0) {
        // Whole as most are; else in cents (0.5 read "1").
        row.push_back(number(fixed_cost, fixed_cost == std::floor(fixed_cost) ? 0 : 2));
        const auto* r = c.row(a, "roi");
        const auto* p = c.row(a, "payback_days");
        // Rounded as the report rounds them: ROI to 0.1 % (0.01 % under 10 %),
        // payback to 0.1 day, under a day as a fraction of one ("0.006 days").
        const double roi = 100 * r->value.mean;
        row.push_back(
            {signed_number(roi, std::fabs(roi) < 10 ? 2 : 1, true) + " %" + (r->significant ? " *" : "  "),
             {csv_number(roi), r->significant ? "1" : "0"}});
        const double days = p->value.mean;
        const std::string plain = std::isnan(days) ? "" : !std::isfinite(days) ? "inf" : csv_number(days);
        row.push_back({std::isnan(days)       ? "-"
                       : !std::isfinite(days) ? "never"
                       : days < 1.0           ? fmt("%.2g days", days)
                                              : number(days, 1).text + " days",
                       {plain}});
      } else {
        row.push_back(text_cell("-", ""));
        row.push_back(blank(2));
        row.push_back(blank(1));
      }
    }
    money.rows.push_back(std::move(row));
  }
  doc.prose("\n");
  doc.add(money);

  // Where each arm acts: drop-off per stage, conversion per segment, cost per channel.
  std::vector<std::string> metrics, titles;
  for (std::size_t s = 0; s < model.stage_count(); ++s) {
    metrics.push_back("drop_off." + model.stage_ids[s]);
    titles.push_back(title_or_id(base.stages[s].title, base.stages[s].id));
  }
  doc.prose("\n");
  doc.add(per_arm(c, "drop-off by stage", "drop-off", metrics, titles, true));
  if (model.segments.size() > 1) {
    metrics.clear();
    titles.clear();
    for (std::size_t g = 0; g < model.segments.size(); ++g) {
      metrics.push_back("conversion_rate." + model.segment_ids[g]);
      titles.push_back(title_or_id(base.segments[g].title, base.segments[g].id));
    }
    doc.prose("\n");
    doc.add(per_arm(c, "conversion by segment", "conversion", metrics, titles, true));
  }
  metrics.clear();
  titles.clear();
  for (std::size_t ch = 0; ch < model.channel_count(); ++ch) {
    // A channel that costs nothing in any arm says nothing here.
    bool costs = false;
    for (std::uint32_t a = 0; a < c.arms.size(); ++a) {
      const auto* r = c.row(a, "cost." + model.channel_ids[ch]);
      costs = costs || (r && r->value.mean != 0.0);
    }
    if (!costs) continue;
    metrics.push_back("cost." + model.channel_ids[ch]);
    titles.push_back(title_or_id(base.channels[ch].title, base.channels[ch].id));
  }
  if (!metrics.empty()) {
    doc.prose("\n");
    doc.add(per_arm(c, "cost by channel", "cost", metrics, titles, false));
  }

  std::string notes = "\n";
  for (std::uint32_t a = 1; a < c.arms.size(); ++a)
    notes += "  " + c.arms[a].id + ": " + c.arms[a].title + "\n";
  notes +=
      "  (in brackets: the difference from the baseline, in points for rates; channels that cost nothing in "
      "every arm are left out)\n";
  notes += "  ROI = (profit difference over the " + fmt("%g", base.scenario.horizon_days) +
           "-day horizon - fixed cost) / fixed cost; payback = fixed cost / profit difference per day\n";
  notes += closing_lines(warnings, output_path);
  doc.prose(notes);
  return doc.render(format);
}

// ---- run ----------------------------------------------------------------------

RunSummary::RunSummary(const RunPlan& plan) : plan_(plan), arms_(plan.arms.size()), budgets_(plan) {
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

void RunSummary::run_done(std::size_t index, const PlannedRun& run, const RunResult& r) {
  budgets_.run_done(index, run, r);
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
  return arms_[arm].metrics[metric_index(name)].mean();
}

std::vector<std::string> RunSummary::warnings(std::uint32_t arm) const {
  std::vector<std::string> out = settings_without_effect(plan_);
  const auto& a = arms_[arm];
  const double dropped = mean(arm, "referrals_dropped") * static_cast<double>(a.runs);
  if (dropped > 0) {
    const auto& pop = plan_.arms[arm].scenario.population;
    out.push_back(grouped(dropped) + " referrals were dropped past max_customers = " +
                  grouped(static_cast<double>(pop.max_customers.value_or(0))) +
                  "; raise population.max_customers to keep them");
  }
  for (auto& note : budgets_.notes()) out.push_back(std::move(note));
  return out;
}

std::string RunSummary::format(std::uint32_t arm_index, const std::string& output_path,
                               const std::string& provenance, TableFormat format) const {
  const Arm& arm_ = plan_.arms[arm_index];
  const Scenario& arm = arm_.scenario;
  const Model& m = arm_.model;
  const Totals& a = arms_[arm_index];
  const bool many = a.runs > 1;
  auto mean_in = [](const std::vector<MeanOver>& means, std::string_view name) {
    return means[metric_index(name)].mean();
  };
  auto mean_of = [&](std::string_view name) { return mean_in(a.metrics, name); };
  // A mean of counts keeps a decimal only when it has one: "10,000", "5,111.4".
  auto count = [&](double v) { return number(v, many && v != std::floor(v) ? 1 : 0); };
  // In a column of counts, one decimal for all when any mean has one, so that the digits line up.
  auto decimals = [&](const std::vector<double>& column) {
    return many && std::any_of(column.begin(), column.end(), [](double v) { return v != std::floor(v); }) ? 1
                                                                                                          : 0;
  };

  Document doc;
  doc.title(arm.scenario.name + ": " + arm.scenario.title + "\n");
  doc.prose(provenance);
  doc.prose("  " + grouped(static_cast<double>(a.runs)) + (a.runs == 1 ? " replication" : " replications") +
            ", seed " + std::to_string(arm.scenario.seed) + ", horizon " +
            (arm.scenario.horizon_days == std::floor(arm.scenario.horizon_days)
                 ? grouped(arm.scenario.horizon_days)
                 : fmt("%g", arm.scenario.horizon_days)) +
            " days" + (many ? "; figures are means per replication" : "") + "\n" +
            // A long horizon's /occupancy is coarser than daily: say so where it is read.
            (m.occupancy_step > 1 ? "  /occupancy has a row per " + std::to_string(m.occupancy_step) +
                                        " days (its step_days), a horizon this long would need " +
                                        grouped(std::ceil(arm.scenario.horizon_days)) + " daily rows\n"
                                  : "") +
            "\n");

  Table headline;
  headline.text_header = false;
  headline.columns = {{"metric", 22, true, {}}, {"value", 15, false, {}}};
  auto line = [&](const std::string& name, Cell value) {
    headline.rows.push_back({label(name), std::move(value)});
  };
  line("customers", count(mean_of("customers")));
  line("converted", count(mean_of("converted")));
  headline.rows.push_back(
      {text_cell("conversion rate", "conversion rate %"), percent(mean_of("conversion_rate"))});
  line("revenue", number(mean_of("revenue"), 1));
  line("cost", number(mean_of("cost"), 1));
  line("profit", number(mean_of("profit"), 1));
  line("mean days to convert", number(mean_of("mean_days_to_convert"), 2));
  line("still in progress", count(mean_of("in_progress")));
  if (mean_of("promoters") + mean_of("detractors") > 0) {
    line("promoters", count(mean_of("promoters")));
    line("detractors", count(mean_of("detractors")));
  }
  if (!m.campaigns.empty()) {
    line("campaign sends", count(mean_of("campaign_sends")));
    line("campaign wins", count(mean_of("campaign_wins")));
  }
  doc.add(headline);

  const std::size_t S = m.stage_count(), C = m.channel_count();
  // Stages by their titles where the scenario gives them.
  std::vector<std::string> names;
  for (const auto& st : arm.stages) names.push_back(title_or_id(st.title, st.id));
  Table funnel;
  funnel.name = "funnel";
  funnel.columns = {label_column("funnel", names, 18),
                    {"reached", 11, false, {}},
                    {"lost", 10, false, {}},
                    {"drop-off", 9, false, {"drop-off %"}},
                    {"  main cause of loss", 0, true, {"main cause of loss", "share of losses %"}}};
  std::vector<double> reached, lost;
  for (std::size_t s = 0; s < S; ++s) {
    reached.push_back(a.reached[s].mean());
    lost.push_back(a.lost[s].mean());
  }
  const int reached_decimals = decimals(reached), lost_decimals = decimals(lost);
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
          cause = touchpoint_label(arm, m.stage_ids[s], m.channel_ids[c], m.channel_ids[c]) +
                  (kind ? ": left" : ": friction, abandoned");
        }
      }
    }
    Cell why{"  " + cause, {total > 0 ? cause : "", total > 0 ? csv_number(100.0 * best / total) : ""}};
    if (total > 0) why.text += fmt(" (%.0f %% of losses here)", 100.0 * best / total);
    funnel.rows.push_back({label(names[s]), number(reached[s], reached_decimals),
                           number(lost[s], lost_decimals), percent(a.drop_off[s].mean(), 1), why});
  }
  doc.prose("\n");
  doc.add(funnel);
  // A customer won back and lost again is lost twice: the shares are of losses, not of customers.
  if (mean_of("campaign_wins") > 0)
    doc.prose("  (shares of losses count a won-back customer again each time it is lost)\n");

  if (arm.segments.size() > 1) {
    std::vector<std::string> segment_names;
    for (const auto& seg : arm.segments) segment_names.push_back(title_or_id(seg.title, seg.id));
    Table segments;
    segments.name = "by segment";
    segments.columns = {label_column("segment", segment_names, 18),
                        {"customers", 11, false, {}},
                        {"converted", 11, false, {}},
                        {"conversion", 11, false, {"conversion %"}},
                        {"revenue", 15, false, {}},
                        {"days to convert", 16, false, {}}};
    std::vector<double> customers, converted;
    for (const auto& means : a.segments) {
      customers.push_back(mean_in(means, "customers"));
      converted.push_back(mean_in(means, "converted"));
    }
    for (std::size_t g = 0; g < arm.segments.size(); ++g) {
      const auto& means = a.segments[g];
      segments.rows.push_back(
          {label(segment_names[g]), number(customers[g], decimals(customers)),
           number(converted[g], decimals(converted)), percent(mean_in(means, "conversion_rate")),
           number(mean_in(means, "revenue"), 1), number(mean_in(means, "mean_days_to_convert"), 2)});
    }
    doc.prose("\n");
    doc.add(segments);
  }
  std::string notes;
  notes += closing_lines(warnings(arm_index), output_path);
  doc.prose(notes);
  return doc.render(format);
}

}  // namespace journeysim

// ---- sweep --------------------------------------------------------------------

namespace journeysim {

SweepSummary::SweepSummary(const RunPlan& plan)
    : plan_(plan), statistics_([this](const PointStatistics::Point& p) {
        if (conversion_.size() <= p.point) {
          conversion_.resize(p.point + 1);
          profit_.resize(p.point + 1);
        }
        conversion_[p.point] = p.metrics[metric_index("conversion_rate")];
        profit_[p.point] = p.metrics[metric_index("profit")];
        std::vector<double> means;
        for (const auto& i : p.metrics) means.push_back(i.mean);
        means_.push_back(std::move(means));
      }) {}

void SweepSummary::run_done(std::size_t, const PlannedRun& run, const RunResult& result) {
  statistics_.add(run.arm, result);
  if (result.error.empty() || failed_++ > 0) return;
  // The point's values as the rankings show them, not the point's title,
  // which has the shortest round trip of each double ("4694.0").
  const auto& declared = plan_.source.sweep->parameters;
  std::string values;
  for (std::size_t d = 0; d < declared.size(); ++d)
    values += (d ? ", " : "") + plan_.sweep_paths[d] + " = " +
              swept_value(declared[d], plan_.sweep_values[run.arm][d]);
  first_failure_ = plan_.arms[run.arm].id + " (" + values + "), replication " +
                   std::to_string(run.replication) + ": " + result.error;
}

std::vector<std::string> SweepSummary::warnings() const {
  std::vector<std::string> out = settings_without_effect(plan_);
  if (failed_ > 0)
    out.push_back(grouped(static_cast<double>(failed_)) + (failed_ == 1 ? " run" : " runs") + " failed and " +
                  (failed_ == 1 ? "is" : "are") + " left out of /sweep/summary and the rankings (" +
                  (failed_ == 1 ? "its /runs row is" : "their /runs rows are") +
                  " zeros; /sweep/failures lists " + (failed_ == 1 ? "it). It was " : "them). The first: ") +
                  first_failure_);
  return out;
}

std::string SweepSummary::format(const std::string& output_path, const std::string& provenance,
                                 TableFormat format) {
  statistics_.finish();
  const Scenario& base = plan_.effective ? *plan_.effective : plan_.arms.front().scenario;
  const std::size_t points = plan_.arms.size();
  Document doc;
  doc.title(base.scenario.name + ": sweep, " + base.sweep->design + " design, " +
            grouped(static_cast<double>(points)) + (points == 1 ? " point x " : " points x ") +
            std::to_string(plan_.replications) +
            (plan_.replications == 1 ? " replication" : " replications") +
            " on common random numbers; mean +- 95% CI half-width\n");
  doc.prose(provenance);
  // Each parameter as the [sweep] declares it: its values, or its range.
  std::string params;
  const auto& declared = plan_.source.sweep->parameters;
  for (const auto& p : declared) {
    std::string what;
    if (p.range) {
      what = fmt("%.4g", (*p.range)[0]) + " to " + fmt("%.4g", (*p.range)[1]);
      if (p.steps) what += " in " + std::to_string(*p.steps) + " steps";
      if (p.scale == "log") what += ", on a log scale";
    } else {
      for (std::size_t i = 0; i < p.values.size(); ++i) {
        if (p.values.size() > 8 && i == 3) {
          what += ", …";
          i = p.values.size() - 2;
          continue;
        }
        what += (i ? ", " : "") + swept_value(p, p.values[i]);
      }
    }
    params += "  " + p.path + ": " + what + "\n";
  }
  doc.prose(params);

  // The best and worst points on a metric: all of them when there are few.
  // A point whose every run failed has no mean and no rank; the warning
  // below the tables names it.
  auto ranking = [&](const std::string& name, const std::vector<Interval>& by) {
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < by.size(); ++k) {
      if (!std::isnan(by[k].mean)) order.push_back(k);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return by[a].mean > by[b].mean; });
    constexpr std::size_t kEach = 3;
    std::vector<std::size_t> shown;
    std::vector<std::string> ranks;
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (order.size() <= 2 * kEach || i < kEach || i >= order.size() - kEach) {
        shown.push_back(order[i]);
        ranks.push_back(i < kEach || order.size() <= 2 * kEach ? "best " + std::to_string(i + 1)
                                                               : "worst " + std::to_string(order.size() - i));
      }
    }
    Table t;
    t.name = "points by " + name;
    // A point some of whose runs failed has the mean of those left (its
    // interval's n), which leave out the very customers that ran away: it
    // says how many there are.
    std::vector<std::string> ids;
    for (std::size_t k : shown) {
      const std::size_t left = by[k].n;
      ids.push_back(left < plan_.replications ? plan_.arms[k].id + " (" + std::to_string(left) + " of " +
                                                    std::to_string(plan_.replications) + " runs)"
                                              : plan_.arms[k].id);
    }
    // Its header names the table, in CSV too, where the two rankings
    // follow each other with the same columns.
    t.columns.push_back({"by " + name, name.size() + 5, true, {}});
    t.columns.push_back(label_column("point", ids, 7));
    for (const auto& path : plan_.sweep_paths)
      t.columns.push_back({path, display_width(path) + 2, false, {}});
    t.columns.push_back(interval_column("conversion %", 17));
    t.columns.push_back(interval_column("profit", 29));  // room for -1,982,088,616 +- 1,567,471,627
    for (std::size_t i = 0; i < shown.size(); ++i) {
      const std::size_t k = shown[i];
      std::vector<Cell> row{label(ranks[i]), label(ids[i])};
      for (std::size_t d = 0; d < declared.size(); ++d) {
        const double v = plan_.sweep_values[k][d];
        row.push_back({swept_value(declared[d], v),
                       {declared[d].boolean ? swept_value(declared[d], v) : fmt("%.17g", v)}});
      }
      row.push_back(interval_cell(conversion_[k], 100.0, 2, false));
      row.push_back(interval_cell(profit_[k], 1.0, 0, false));
      t.rows.push_back(std::move(row));
    }
    return t;
  };
  const auto sensitivity = sweep_sensitivity(plan_, means_);
  // Points whose every run failed: no mean, no rank, no sensitivity index.
  const std::size_t unfinished = static_cast<std::size_t>(std::count_if(
      conversion_.begin(), conversion_.end(), [](const Interval& c) { return std::isnan(c.mean); }));
  if (sensitivity.empty() && unfinished < conversion_.size()) {
    doc.prose("\n");
    doc.add(ranking("conversion", conversion_));
    doc.prose("\n");
    doc.add(ranking("profit", profit_));
  }
  // Sobol and Morris: the parameters ranked by total effect (mu*) on each metric.
  const bool sobol = base.sweep->design == "sobol";
  for (const char* name : {"conversion_rate", "profit"}) {
    std::vector<const SensitivityRow*> rows;
    for (const auto& r : sensitivity) {
      if (r.metric == name) rows.push_back(&r);
    }
    if (rows.empty()) continue;
    auto key = [&](const SensitivityRow* r) { return sobol ? r->sobol.total : r->morris.mu_star; };
    std::stable_sort(rows.begin(), rows.end(), [&](auto* a, auto* b) {
      return std::isnan(key(b)) ? !std::isnan(key(a)) : key(a) > key(b);
    });
    Table t;
    t.name = std::string(sobol ? "Sobol indices of " : "Morris effects on ") + name;
    t.columns.push_back(
        label_column(std::string(sobol ? "effect on " : "effect on ") + name, plan_.sweep_paths, 20));
    auto range = [&](double v, double low, double high) {
      return Cell{
          std::isnan(v)
              ? "-"
              : fixed(v, 3) + (std::isnan(low) ? "" : " [" + fixed(low, 3) + ", " + fixed(high, 3) + "]"),
          {csv_number(v), csv_number(low), csv_number(high)}};
    };
    if (sobol) {
      t.columns.push_back({"total effect [95% CI]", 24, false, {"total", "total ci_low", "total ci_high"}});
      t.columns.push_back({"first order [95% CI]", 24, false, {"first", "first ci_low", "first ci_high"}});
      for (auto* r : rows) {
        t.rows.push_back({label(plan_.sweep_paths[r->parameter]),
                          range(r->sobol.total, r->sobol.total_low, r->sobol.total_high),
                          range(r->sobol.first, r->sobol.first_low, r->sobol.first_high)});
      }
    } else {
      const double scale = std::string(name) == "conversion_rate" ? 100.0 : 1.0;
      const int decimals = scale == 100.0 ? 2 : 0;
      auto value = [&](double v) {
        return Cell{std::isnan(v) ? "-" : signed_number(scale * v, decimals, false), {csv_number(scale * v)}};
      };
      const std::string unit = scale == 100.0 ? " (points)" : "";
      t.columns.push_back({"mu*" + unit, 14, false, {}});
      t.columns.push_back({"mu" + unit, 14, false, {}});
      t.columns.push_back({"sigma" + unit, 14, false, {}});
      for (auto* r : rows)
        t.rows.push_back({label(plan_.sweep_paths[r->parameter]), value(r->morris.mu_star),
                          value(r->morris.mu), value(r->morris.sigma)});
    }
    doc.prose("\n");
    doc.add(t);
  }
  if (!sensitivity.empty() && unfinished > 0) {
    // Every index uses every point of the design: a point with no results
    // leaves them all undefined ("-"), which the footnote's "raise [sweep]
    // points" did not explain.
    doc.prose("\n  the indices cannot be worked out: they need every point of the design, and " +
              grouped(static_cast<double>(unfinished)) + (unfinished == 1 ? " point has" : " points have") +
              " no results (every run failed)\n");
  } else if (!sensitivity.empty()) {
    doc.prose(
        std::string("\n") +
        (sobol
             ? "  total effect: the share of the metric's variance over the ranges that involves the "
               "parameter; "
               "first order: the share it explains alone; both are estimates from the base samples, and a "
               "first order above the total, or an index past 0 or 1, says there are too few (raise "
               "[sweep] points, a power of two)\n"
             : "  mu*: the mean size of the metric's change per whole range of the parameter (elementary "
               "effects); mu: the same with its sign; sigma: their spread, large when the effect depends on "
               "the other parameters\n"));
  }
  std::string notes =
      "\n  every point: /sweep/summary in the results file (pandas: pd.DataFrame(f[\"sweep/summary\"][:]))\n";
  notes += closing_lines(warnings(), output_path);
  doc.prose(notes);
  return doc.render(format);
}

}  // namespace journeysim
