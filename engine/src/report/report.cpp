#include "journeysim/report/report.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "assets.h"
#include "journeysim/core/error.h"
#include "journeysim/experiment/statistics.h"
#include "journeysim/experiment/sweep.h"
#include "journeysim/metrics/metrics.h"
#include "journeysim/model/model.h"
#include "journeysim/output/run_file.h"
#include "journeysim/scenario/loader.h"

namespace journeysim {

namespace {

using nlohmann::json;

// NaN and infinities are not JSON: null, which the page shows as a dash.
json number(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

json interval(const std::vector<double>& values) {
  const Interval i = mean_interval(values);
  return {{"mean", number(i.mean)}, {"low", number(i.low)}, {"high", number(i.high)}, {"n", i.n}};
}

// A dataset's mean over runs (its first axis), flattened; `shape` gets the rest of its dims.
std::vector<double> mean_over_runs(const std::string& path, const std::string& dataset,
                                   std::vector<std::uint64_t>* shape = nullptr) {
  std::vector<std::uint64_t> dims;
  const auto values = read_values(path, dataset, &dims);
  const std::size_t runs = dims.empty() ? 0 : dims[0];
  const std::size_t cells = runs ? values.size() / runs : 0;
  std::vector<double> mean(cells, 0.0);
  for (std::size_t k = 0; k < runs; ++k)
    for (std::size_t i = 0; i < cells; ++i) mean[i] += values[k * cells + i];
  for (double& v : mean) v /= static_cast<double>(runs);
  if (shape) shape->assign(dims.begin() + (dims.empty() ? 0 : 1), dims.end());
  return mean;
}

// Rows of `n` values as nested arrays.
json rows_of(const std::vector<double>& flat, std::size_t n) {
  json out = json::array();
  for (std::size_t at = 0; n && at < flat.size(); at += n) {
    json row = json::array();
    for (std::size_t i = 0; i < n; ++i) row.push_back(number(flat[at + i]));
    out.push_back(row);
  }
  return out;
}

template <class Entities>
json names(const Entities& entities) {
  json out = json::array();
  for (const auto& e : entities) out.push_back({{"id", e.id}, {"title", title_or_id(e.title, e.id)}});
  return out;
}

// Where customers start, means over runs by stage: each segment's own
// arrivals at its entry stage, and referred customers at the referrals'
// entry stage. The Sankey draws them as its inflows when some customers come
// by referral or start past the first stage: a stage entered by referral
// (retail's consideration) had more going out than coming in. Zeros for a file without
// /by_segment (before issue 8).
void add_arrivals(json& data, const RunFileContents& f, const Model& model) {
  const std::size_t S = model.stage_count();
  std::vector<double> own(S, 0.0), referred(S, 0.0);
  const double runs = static_cast<double>(std::max<std::size_t>(1, f.runs.size()));
  for (const RunRow& r : f.segment_runs) {
    if (r.segment >= model.segments.size()) continue;
    own[static_cast<std::size_t>(model.segments[r.segment].entry_stage)] +=
        (r["customers"] - r["referred"]) / runs;
    referred[static_cast<std::size_t>(model.referral_stage)] += r["referred"] / runs;
  }
  json a = json::array(), b = json::array();
  for (std::size_t s = 0; s < S; ++s) {
    a.push_back(number(own[s]));
    b.push_back(number(referred[s]));
  }
  data["arrivals"] = a;
  data["referred_in"] = b;
  // Each segment's customers, self-arrived and referred: what its funnel's
  // shares are of (a segment may enter past the first stage).
  json customers = json::array();
  for (std::size_t g = 0; g < model.segments.size(); ++g) {
    double sum = 0.0;
    for (const RunRow& r : f.segment_runs) {
      if (r.segment == g) sum += r["customers"];
    }
    customers.push_back(number(sum / runs));
  }
  data["segment_customers"] = customers;
}

// What the run charts draw beyond the tiles and the funnel, each a mean over
// replications: flows, touches by stage and channel, money by channel,
// occupancy, time to convert, and each segment's funnel.
void add_run_charts(json& data, const std::string& path, const RunFileContents& f, const Scenario& scenario) {
  const std::size_t S = scenario.stages.size(), C = scenario.channels.size();
  data["stages"] = names(scenario.stages);
  data["channels"] = names(scenario.channels);
  data["segments"] = names(scenario.segments);
  // By stage and channel, the touchpoint's label ("" for none): the page
  // names a stage's main cause of loss by its touchpoint, as the console does.
  json titles = json::array();
  for (const auto& stage : scenario.stages) {
    json row = json::array();
    for (const auto& channel : scenario.channels)
      row.push_back(touchpoint_label(scenario, stage.id, channel.id, title_or_id(channel.title, channel.id)));
    titles.push_back(row);
  }
  data["touchpoint_titles"] = titles;
  data["flows"] = rows_of(mean_over_runs(path, "/flows"), S + 2);
  json touch = json::object();
  for (const char* name : {"count", "friction", "abandon", "leave", "revenue"})
    touch[name] = rows_of(mean_over_runs(path, std::string("/touch/") + name), C);
  data["touch"] = touch;
  data["channel_cost"] = rows_of(mean_over_runs(path, "/channel_cost"), C).at(0);
  data["segment_reached"] = rows_of(mean_over_runs(path, "/by_segment/funnel/reached"), S);
  // The entry stages as the engine resolved them (model.h), and the occupancy's step.
  const Model model = compile_model(scenario);
  add_arrivals(data, f, model);

  // A long horizon has up to 4,000 rows: a chart needs a few hundred, so every
  // k-th row is kept, and the last.
  const std::uint64_t step = model.occupancy_step;
  const auto occupancy = mean_over_runs(path, "/occupancy");
  const std::size_t rows = S ? occupancy.size() / S : 0;
  const std::size_t every = std::max<std::size_t>(1, (rows + 399) / 400);
  json occ = json::array();
  auto put_row = [&](std::size_t d) {
    json row = {number(static_cast<double>((d + 1) * step))};
    for (std::size_t st = 0; st < S; ++st) row.push_back(number(occupancy[d * S + st]));
    occ.push_back(row);
  };
  for (std::size_t d = 0; d < rows; d += every) put_row(d);
  if (rows && (rows - 1) % every) put_row(rows - 1);
  data["occupancy"] = occ;
  data["step_days"] = step;
  json convert = json::array();
  for (double v : mean_over_runs(path, "/convert_days")) convert.push_back(number(v));
  data["convert_days"] = convert;
}

// The headline metrics the page shows as tiles, in this order.
constexpr const char* kTiles[] = {"customers", "conversion_rate", "revenue",
                                  "cost",      "profit",          "mean_days_to_convert"};

json run_data(const std::string& path, const RunFileContents& f, const Scenario& scenario) {
  json data;
  json tiles = json::array();
  for (const char* name : kTiles) {
    const Metric& m = metric(name);
    std::vector<double> values;
    for (const auto& r : f.runs) values.push_back(r[name]);
    tiles.push_back({{"name", name},
                     {"unit", std::string(m.unit)},
                     {"meaning", std::string(m.meaning)},
                     {"value", interval(values)}});
  }
  data["tiles"] = tiles;

  // The funnel: each stage's customers reached and lost, means over runs.
  std::vector<std::uint64_t> dims;
  const auto reached = read_values(path, "/funnel/reached", &dims);
  const auto lost = read_values(path, "/funnel/lost");
  const auto in_progress = read_values(path, "/funnel/in_progress");
  const std::size_t runs = dims.empty() ? 0 : dims[0], stages = dims.size() > 1 ? dims[1] : 0;
  json funnel = json::array();
  for (std::size_t s = 0; s < stages; ++s) {
    std::vector<double> r, l, p;
    for (std::size_t k = 0; k < runs; ++k) {
      r.push_back(reached[k * stages + s]);
      l.push_back(lost[k * stages + s]);
      p.push_back(in_progress[k * stages + s]);
    }
    const auto& stage = scenario.stages.at(s);
    funnel.push_back({{"id", stage.id},
                      {"title", title_or_id(stage.title, stage.id)},
                      {"reached", interval(r)},
                      {"lost", interval(l)},
                      {"in_progress", interval(p)}});
  }
  data["funnel"] = funnel;
  add_run_charts(data, path, f, scenario);
  return data;
}

// A [run, n] dataset's mean row for each arm (rows grouped by /runs.variant).
json means_by_arm(const std::string& path, const std::string& dataset, const RunFileContents& f,
                  std::size_t arms) {
  std::vector<std::uint64_t> dims;
  const auto values = read_values(path, dataset, &dims);
  const std::size_t n = dims.size() > 1 ? dims[1] : 0;
  std::vector<std::vector<double>> sum(arms, std::vector<double>(n, 0.0));
  std::vector<double> runs(arms, 0.0);
  for (std::size_t k = 0; k < f.runs.size(); ++k) {
    const std::size_t a = f.runs[k].variant;
    if (a >= arms) continue;
    runs[a] += 1;
    for (std::size_t i = 0; i < n; ++i) sum[a][i] += values[k * n + i];
  }
  json out = json::array();
  for (std::size_t a = 0; a < arms; ++a) {
    json row = json::array();
    for (std::size_t i = 0; i < n; ++i) row.push_back(number(runs[a] ? sum[a][i] / runs[a] : NAN));
    out.push_back(row);
  }
  return out;
}

// Every arm with its /compare rows by metric, the stages' titles and each arm's funnel.
json compare_data(const std::string& path, const RunFileContents& f, const Scenario& scenario) {
  json data;
  const auto& ids = f.labels.at("variants");
  json arms = json::array();
  for (std::size_t a = 0; a < ids.size(); ++a) {
    std::string title = a == 0 ? "Baseline" : ids[a];
    double fixed_cost = 0.0;
    for (const auto& v : scenario.variants) {
      if (v.id != ids[a]) continue;
      title = title_or_id(v.title, v.id);
      fixed_cost = v.fixed_cost;
    }
    json metrics = json::object();
    for (const auto& r : f.compare) {
      if (r.variant != a) continue;
      metrics[r.metric] = {{"mean", number(r.mean)},
                           {"low", number(r.ci_low)},
                           {"high", number(r.ci_high)},
                           {"diff", number(r.diff)},
                           {"diff_low", number(r.diff_ci_low)},
                           {"diff_high", number(r.diff_ci_high)},
                           {"lift_pct", number(r.lift_pct)},
                           {"significant", r.significant != 0}};
    }
    arms.push_back({{"id", ids[a]}, {"title", title}, {"fixed_cost", fixed_cost}, {"metrics", metrics}});
  }
  data["arms"] = arms;
  data["stages"] = names(scenario.stages);
  data["funnels"] = means_by_arm(path, "/funnel/reached", f, ids.size());
  data["campaigns"] = names(scenario.campaigns);
  data["campaign_sends"] = means_by_arm(path, "/campaigns/sends", f, ids.size());
  data["campaign_wins"] = means_by_arm(path, "/campaigns/wins", f, ids.size());
  return data;
}

// Each point's values and its means with intervals (/sweep/summary), and
// /sensitivity for sobol and morris (its rows: metric by metric, then
// parameter by parameter, as kSensitivityMetrics lists them).
json sweep_data(const std::string& path, const RunFileContents& f, const Scenario& scenario) {
  json data;
  const Sweep& sweep = *scenario.sweep;
  data["design"] = sweep.design;
  json parameters = json::array();
  for (const auto& p : sweep.parameters)
    parameters.push_back({{"path", p.path}, {"boolean", p.boolean}, {"log", p.scale == "log"}});
  data["parameters"] = parameters;
  std::vector<std::uint64_t> dims;
  const auto values = read_values(path, "/sweep/values", &dims);
  const std::size_t P = dims.size() > 1 ? dims[1] : 0;
  // The runs of each point that failed: its means are over the rest.
  std::map<std::size_t, std::int64_t> failed;
  for (const auto& row : f.sweep_failures) ++failed[static_cast<std::size_t>(row.at("point"))];
  json points = json::array();
  for (std::size_t k = 0; k < f.sweep_summary.size(); ++k) {
    const auto& row = f.sweep_summary[k];
    const auto point = static_cast<std::size_t>(row.at("point"));
    json at = json::array();
    for (std::size_t d = 0; d < P; ++d) at.push_back(values[point * P + d]);
    json metrics = json::object();
    for (const char* name : {"conversion_rate", "profit", "revenue", "mean_days_to_convert"}) {
      const std::string n = name;
      metrics[n] = {{"mean", number(row.at(n))},
                    {"low", number(row.at(n + "_ci_low"))},
                    {"high", number(row.at(n + "_ci_high"))}};
    }
    points.push_back({{"point", point}, {"values", at}, {"metrics", metrics}, {"failed", failed[point]}});
  }
  data["points"] = points;
  if (sweep.design == "sobol" || sweep.design == "morris") {
    const auto rows = read_table(path, "/sensitivity");
    json sensitivity = json::array();
    for (std::size_t i = 0; i < rows.size() && P; ++i) {
      json r;
      r["metric"] = std::string(kSensitivityMetrics[std::min(i / P, std::size(kSensitivityMetrics) - 1)]);
      for (const auto& [field, v] : rows[i]) r[field] = number(v);
      sensitivity.push_back(r);
    }
    data["sensitivity"] = sensitivity;
  }
  return data;
}

// Keeps "</script>" in the data from ending the script element it sits in.
std::string inline_safe(std::string text) {
  for (std::size_t at = 0; (at = text.find("</", at)) != std::string::npos; at += 3)
    text.replace(at, 2, "<\\/");
  return text;
}

std::string fill(std::string_view page, const std::string& title, const std::string& data) {
  std::string out(page);
  auto put = [&](const std::string& mark, std::string_view with) {
    const auto at = out.find(mark);
    if (at == std::string::npos) throw IoError("the report template has no " + mark);
    out.replace(at, mark.size(), with);
  };
  put("{{TITLE}}", title);  // escaped by the caller
  put("/*{{ECHARTS}}*/", inline_safe(std::string(report_assets::echarts())));
  put("/*{{SCRIPT}}*/", report_assets::script());
  put("{{DATA}}", data);
  return out;
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::string render_report(const std::string& results) {
  const RunFileContents f = read_run_file(results);
  const auto attr = [&](const char* name) {
    const auto it = f.text_attrs.find(name);
    return it == f.text_attrs.end() ? std::string() : it->second;
  };
  const std::string command = attr("command");
  if (command != "run" && command != "compare" && command != "sweep") {
    throw ScenarioError({Problem{
        results, {}, "report", "is a `" + command + "` file; allowed: files of run, compare and sweep"}});
  }
  const Scenario scenario =
      resolve_defaults(load_scenario_text(f.effective, results + ":/scenario/effective"));

  json data = command == "run"       ? run_data(results, f, scenario)
              : command == "compare" ? compare_data(results, f, scenario)
                                     : sweep_data(results, f, scenario);
  // The one list of metrics: the page's labels, units and tooltips.
  json metrics = json::object();
  for (const auto& m : headline_metrics())
    metrics[std::string(m.name)] = {
        {"label", std::string(m.label)}, {"unit", std::string(m.unit)}, {"meaning", std::string(m.meaning)}};
  data["metrics"] = metrics;
  data["command"] = command;
  data["name"] = scenario.scenario.name;
  data["title"] = title_or_id(scenario.scenario.title, scenario.scenario.name);
  data["horizon_days"] = scenario.scenario.horizon_days;
  // As text: a JSON number past 2^53 is rounded by the page's JavaScript
  // (seed 9007199254740993 read 9007199254740992).
  data["seed"] = std::to_string(scenario.scenario.seed);
  // Replications per arm.
  data["replications"] = f.runs.size() / std::max<std::size_t>(1, f.labels.at("variants").size());
  data["engine_version"] = attr("engine_version");
  data["created_utc"] = attr("created_utc");
  data["set"] = attr("set");
  data["command_line"] = attr("command_line");
  data["variant"] = attr("variant");
  data["source"] = f.source;
  data["effective"] = f.effective;
  // With an event log, referred customers and budgets' customers run in
  // another order, so days to convert is summed in another order: the
  // effective scenario gives /runs to the last bit run with --events too.
  data["events"] = f.has_events;
  data["file"] = results;
  return fill(report_assets::page(), html_escape(data["title"].get<std::string>()), inline_safe(data.dump()));
}

std::string_view report_page_start() {
  const std::string_view page = report_assets::page();
  return page.substr(0, page.find("{{TITLE}}"));
}

}  // namespace journeysim
