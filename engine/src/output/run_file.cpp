#include "journeysim/output/run_file.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <limits>
#include <memory>

#include "event_log.h"
#include "h5.h"
#include "journeysim/core/error.h"
#include "journeysim/core/version.h"
#include "journeysim/experiment/sweep.h"
#include "journeysim/metrics/metrics.h"
#include "journeysim/scenario/loader.h"
#include "journeysim/sim/event_sink.h"

namespace journeysim {

namespace {

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

struct CompareRow {
  std::uint32_t variant;
  const char* metric;
  double mean, ci_low, ci_high, diff, diff_ci_low, diff_ci_high, lift_pct;
  std::uint8_t significant;
};

H5::CompType compare_row_type() {
  H5::CompType t(sizeof(CompareRow));
  t.insertMember("variant", HOFFSET(CompareRow, variant), H5::PredType::NATIVE_UINT32);
  H5::StrType text(H5::PredType::C_S1, H5T_VARIABLE);
  text.setCset(H5T_CSET_UTF8);
  t.insertMember("metric", HOFFSET(CompareRow, metric), text);
  t.insertMember("mean", HOFFSET(CompareRow, mean), H5::PredType::NATIVE_DOUBLE);
  t.insertMember("ci_low", HOFFSET(CompareRow, ci_low), H5::PredType::NATIVE_DOUBLE);
  t.insertMember("ci_high", HOFFSET(CompareRow, ci_high), H5::PredType::NATIVE_DOUBLE);
  t.insertMember("diff", HOFFSET(CompareRow, diff), H5::PredType::NATIVE_DOUBLE);
  t.insertMember("diff_ci_low", HOFFSET(CompareRow, diff_ci_low), H5::PredType::NATIVE_DOUBLE);
  t.insertMember("diff_ci_high", HOFFSET(CompareRow, diff_ci_high), H5::PredType::NATIVE_DOUBLE);
  t.insertMember("lift_pct", HOFFSET(CompareRow, lift_pct), H5::PredType::NATIVE_DOUBLE);
  t.insertMember("significant", HOFFSET(CompareRow, significant), H5::PredType::NATIVE_UINT8);
  return t;
}

void write_compare(H5::H5File& file, const Comparison& c) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<CompareRow> rows;
  for (const auto& r : c.rows) {
    const bool paired = r.diff.n > 0;
    rows.push_back({r.variant, r.metric.c_str(), r.value.mean, r.value.low, r.value.high,
                    paired ? r.diff.mean : nan, paired ? r.diff.low : nan, paired ? r.diff.high : nan,
                    r.lift_pct, static_cast<std::uint8_t>(r.significant)});
  }
  const hsize_t n = rows.size();
  H5::DataSpace space(1, &n);
  auto memory = compare_row_type();
  auto packed = compare_row_type();
  packed.pack();
  auto ds = file.createDataSet("/compare", packed, space);
  if (n) ds.write(rows.data(), memory);
  h5::attr(ds, "dims", std::string("row"));
  h5::attr(ds, "unit",
           std::string("the metric's own (conversion_rate, conversion_rate.*, drop_off.*: fraction; cost.*: "
                       "currency; roi: fraction of fixed_cost; payback_days: days); lift_pct: percent"));
  h5::attr(ds, "confidence_level", 0.95);
  h5::attr(ds, "replications", static_cast<long long>(c.replications));
  h5::attr(ds, "precision", c.precision);
  h5::attr(ds, "precision_met", static_cast<long long>(c.precision_met));
  std::vector<double> fixed;
  for (const auto& a : c.arms) fixed.push_back(a.fixed_cost);
  h5::dataset(file, "/labels/variant_fixed_cost", {fixed.size()}, fixed, "variant", "currency");
}

// /runs: the run's keys, then every headline metric in the list's order, as
// int64 (counts) or double; packed, so the layout is built from the list.
// /by_segment/runs has the same columns with the segment's index in place
// of the seed.
struct RunsLayout {
  bool by_segment;
  std::size_t keys;  // bytes before the metrics
  std::size_t size;
  H5::CompType type;
  std::vector<std::size_t> offsets;  // of each metric

  explicit RunsLayout(bool segments = false)
      : by_segment(segments),
        keys(4 + 4 + 4 + (segments ? 4 : 8)),
        size(keys + 8 * headline_metrics().size()),
        type(size) {
    type.insertMember("run", 0, H5::PredType::NATIVE_UINT32);
    type.insertMember("variant", 4, H5::PredType::NATIVE_UINT32);
    type.insertMember("replication", 8, H5::PredType::NATIVE_UINT32);
    if (by_segment)
      type.insertMember("segment", 12, H5::PredType::NATIVE_UINT32);
    else
      type.insertMember("seed", 12, H5::PredType::NATIVE_UINT64);
    std::size_t at = keys;
    for (const auto& m : headline_metrics()) {
      type.insertMember(std::string(m.name), at,
                        m.integral() ? H5::PredType::NATIVE_INT64 : H5::PredType::NATIVE_DOUBLE);
      offsets.push_back(at);
      at += 8;
    }
  }

  // `totals`: the run's, or segment `segment`'s with by_segment.
  void fill(unsigned char* row, std::uint32_t run, std::uint32_t variant, const RunResult& r,
            const RunTotals& totals, std::uint32_t segment = 0) const {
    std::memcpy(row, &run, 4);
    std::memcpy(row + 4, &variant, 4);
    std::memcpy(row + 8, &r.replication, 4);
    if (by_segment)
      std::memcpy(row + 12, &segment, 4);
    else
      std::memcpy(row + 12, &r.seed, 8);
    const auto& list = headline_metrics();
    for (std::size_t m = 0; m < list.size(); ++m) {
      if (list[m].integral()) {
        std::memcpy(row + offsets[m], &(totals.*list[m].count), 8);
      } else {
        const double v = list[m].value(totals);
        std::memcpy(row + offsets[m], &v, 8);
      }
    }
  }
};

// /sweep/summary: a row per point, its index, then each headline metric's
// mean and 95% interval over the point's replications.
struct SummaryLayout {
  H5::CompType type;
  std::size_t size;
  SummaryLayout() : type(4 + 24 * headline_metrics().size()), size(4 + 24 * headline_metrics().size()) {
    type.insertMember("point", 0, H5::PredType::NATIVE_UINT32);
    std::size_t at = 4;
    for (const auto& m : headline_metrics()) {
      for (const char* suffix : {"", "_ci_low", "_ci_high"}) {
        type.insertMember(std::string(m.name) + suffix, at, H5::PredType::NATIVE_DOUBLE);
        at += 8;
      }
    }
  }
  void fill(unsigned char* row, const PointStatistics::Point& p) const {
    std::memcpy(row, &p.point, 4);
    std::size_t at = 4;
    for (const auto& i : p.metrics) {
      for (double v : {i.mean, i.low, i.high}) {
        std::memcpy(row + at, &v, 8);
        at += 8;
      }
    }
  }
};

std::string runs_unit() {
  std::string unit;
  for (const auto& m : headline_metrics()) {
    if (!unit.empty()) unit += "; ";
    unit += std::string(m.name) + ": " + std::string(m.unit);
  }
  return unit;
}

}  // namespace

struct RunFileWriter::Impl {
  std::string path;
  h5::AtomicFile out;
  RunsLayout layout, segment_layout{true};
  std::vector<unsigned char> row;
  std::vector<std::unique_ptr<h5::Appender>> per_run;  // in the order of run_done's appends
  std::unique_ptr<h5::Appender> runs, segment_runs;
  std::unique_ptr<h5::EventLog> events;
  std::uint64_t event_rows = 0;
  // sweep: /sweep/summary, a row appended as each point's last run is in.
  SummaryLayout summary_layout;
  std::vector<unsigned char> summary_row;
  std::unique_ptr<h5::Appender> summary;
  std::unique_ptr<PointStatistics> points;
  std::vector<std::vector<double>> point_means;  // [point][metric], for /sensitivity
  struct Failure {
    std::uint32_t run, point, replication;
    std::string error;
  };
  std::vector<Failure> failures;  // /sweep/failures

  // Before the datasets close: on a failed write, they close into an empty
  // temporary that has room (see AtomicFile::discard).
  ~Impl() { out.discard(); }

  const RunPlan& plan;
  Invocation invocation;

  Impl(const std::string& p, const RunPlan& the_plan, bool with_events, Invocation how)
      : path(p), out(p), plan(the_plan), invocation(std::move(how)) {
    auto& f = out.file();
    const Arm& base = plan.arms.front();
    const Model& m = base.model;
    h5::attr(f, "format", std::string("journeysim"));
    h5::attr(f, "format_version", static_cast<long long>(kFormatVersion));
    h5::attr(f, "engine_version", std::string(engine_version()));
    h5::attr(f, "command", plan.command);
    h5::attr(f, "scenario_name", base.scenario.scenario.name);
    h5::attr(f, "seed", static_cast<long long>(base.scenario.scenario.seed));
    h5::attr(f, "horizon_days", base.scenario.scenario.horizon_days);
    h5::attr(f, "created_utc", utc_now());

    h5::group(f, "/scenario");
    h5::text(f, "/scenario/source", plan.source.source);

    h5::group(f, "/labels");
    h5::strings(f, "/labels/stages", m.stage_ids, "stage");
    h5::strings(f, "/labels/channels", m.channel_ids, "channel");
    h5::strings(f, "/labels/segments", m.segment_ids, "segment");
    h5::strings(f, "/labels/campaigns", m.campaign_ids, "campaign");
    std::vector<std::string> variants;
    for (const auto& a : plan.arms) variants.push_back(a.id);
    h5::strings(f, "/labels/variants", variants, "variant");
    std::vector<std::string> targets = m.stage_ids;
    targets.push_back("lost");
    targets.push_back("completed");
    h5::strings(f, "/labels/flow_targets", targets, "to");
    std::vector<std::string> kinds;
    for (int k = 0; k < kEventKindCount; ++k) kinds.emplace_back(event_kind_name(static_cast<EventKind>(k)));
    h5::strings(f, "/labels/event_kinds", kinds, "kind");

    // Enough rows for the runs planned now; compare --precision may add more.
    const hsize_t R = plan.runs.size(), S = m.stage_count(), C = m.channel_count(), K = m.campaigns.size();
    const hsize_t D = m.occupancy_rows;
    auto packed = layout.type;
    packed.pack();
    row.resize(layout.size);
    runs = std::make_unique<h5::Appender>(f, "/runs", packed, std::vector<hsize_t>{}, R, "run", runs_unit());
    auto add = [&](const char* name, const H5::DataType& type, std::vector<hsize_t> dims, const char* names,
                   const char* unit) {
      per_run.push_back(std::make_unique<h5::Appender>(f, name, type, std::move(dims), R, names, unit));
    };
    const auto& I = H5::PredType::NATIVE_INT64;
    const auto& F = H5::PredType::NATIVE_DOUBLE;
    h5::group(f, "/funnel");
    add("/funnel/reached", I, {S}, "run,stage", "customers");
    add("/funnel/lost", I, {S}, "run,stage", "customers");
    add("/funnel/in_progress", I, {S}, "run,stage", "customers");
    h5::group(f, "/touch");
    add("/touch/count", I, {S, C}, "run,stage,channel", "touches");
    add("/touch/friction", I, {S, C}, "run,stage,channel", "touches");
    add("/touch/abandon", I, {S, C}, "run,stage,channel", "customers");
    add("/touch/leave", I, {S, C}, "run,stage,channel", "customers");
    add("/touch/revenue", F, {S, C}, "run,stage,channel", "currency");
    add("/flows", I, {S, S + 2}, "run,from,to", "transitions");
    // gzip: past the last event its rows repeat; a long horizon's rows are coarser (Model::occupancy_step).
    per_run.push_back(std::make_unique<h5::Appender>(f, "/occupancy", I, std::vector<hsize_t>{D, S}, R,
                                                     "run,day,stage", "customers", 1));
    h5::attr(per_run.back()->dataset(), "step_days", static_cast<long long>(m.occupancy_step));
    per_run.push_back(std::make_unique<h5::Appender>(f, "/convert_days", I, std::vector<hsize_t>{D}, R,
                                                     "run,day", "customers", 1));
    h5::attr(per_run.back()->dataset(), "step_days", static_cast<long long>(m.occupancy_step));
    h5::group(f, "/campaigns");
    add("/campaigns/sends", I, {K}, "run,campaign", "messages");
    add("/campaigns/reached", I, {K}, "run,campaign", "messages");
    add("/campaigns/wins", I, {K}, "run,campaign", "customers");
    add("/channel_cost", F, {C}, "run,channel", "currency");
    // The same for each segment's customers alone (docs/results.md).
    const hsize_t G = m.segments.size();
    h5::group(f, "/by_segment");
    auto segment_packed = segment_layout.type;
    segment_packed.pack();
    segment_runs = std::make_unique<h5::Appender>(f, "/by_segment/runs", segment_packed,
                                                  std::vector<hsize_t>{}, R * G, "row", runs_unit());
    h5::group(f, "/by_segment/funnel");
    add("/by_segment/funnel/reached", I, {G, S}, "run,segment,stage", "customers");
    add("/by_segment/funnel/lost", I, {G, S}, "run,segment,stage", "customers");
    add("/by_segment/funnel/in_progress", I, {G, S}, "run,segment,stage", "customers");
    h5::group(f, "/by_segment/touch");
    add("/by_segment/touch/count", I, {G, S, C}, "run,segment,stage,channel", "touches");
    add("/by_segment/touch/friction", I, {G, S, C}, "run,segment,stage,channel", "touches");
    add("/by_segment/touch/abandon", I, {G, S, C}, "run,segment,stage,channel", "customers");
    add("/by_segment/touch/leave", I, {G, S, C}, "run,segment,stage,channel", "customers");
    add("/by_segment/touch/revenue", F, {G, S, C}, "run,segment,stage,channel", "currency");
    if (plan.command == "sweep") start_sweep(R);
    if (with_events) {
      // LZF, not gzip: gzip at level 1 took three quarters of a run with
      // --events. No shuffle: it made event records larger and slower.
      events = std::make_unique<h5::EventLog>(f, invocation.threads);
      h5::attr(events->dataset(), "dims", std::string("event"));
      h5::attr(events->dataset(), "unit",
               std::string(
                   "time: days; kind: index into /labels/event_kinds; segment: index into /labels/segments"));
    }
  }

  void start_sweep(hsize_t planned_runs) {
    auto& f = out.file();
    h5::group(f, "/sweep");
    h5::strings(f, "/sweep/parameters", plan.sweep_paths, "parameter");
    // The parameters swept as false and true (held as 0 and 1 in /sweep/values), one a line.
    std::string flags;
    for (const auto& p : plan.source.sweep->parameters)
      if (p.boolean) flags += (flags.empty() ? "" : "\n") + p.path;
    auto parameters = f.openDataSet("/sweep/parameters");
    h5::attr(parameters, "boolean", flags);
    const hsize_t P = plan.sweep_paths.size(), N = plan.sweep_values.size();
    std::vector<double> flat;
    for (const auto& point : plan.sweep_values) flat.insert(flat.end(), point.begin(), point.end());
    h5::dataset(f, "/sweep/values", {N, P}, flat, "point,parameter", "the parameter's own");
    auto packed = summary_layout.type;
    packed.pack();
    summary_row.resize(summary_layout.size);
    summary = std::make_unique<h5::Appender>(f, "/sweep/summary", packed, std::vector<hsize_t>{},
                                             std::min<hsize_t>(N, planned_runs), "point",
                                             "each metric's own (see /runs); _ci_low, _ci_high: its 95% "
                                             "Student t interval over the point's replications");
    points = std::make_unique<PointStatistics>([this](const PointStatistics::Point& p) {
      summary_layout.fill(summary_row.data(), p);
      summary->append(summary_row.data(), 1);
      std::vector<double> means;
      for (const auto& i : p.metrics) means.push_back(i.mean);
      point_means.push_back(std::move(means));
    });
  }

  // /sensitivity, once every point is in (sobol and morris designs).
  void write_sensitivity() {
    const auto rows = sweep_sensitivity(plan, point_means);
    if (rows.empty()) return;
    const bool sobol = plan.effective->sweep->design == "sobol";
    const std::vector<const char*> fields =
        sobol ? std::vector<const char*>{"first", "first_ci_low", "first_ci_high",
                                         "total", "total_ci_low", "total_ci_high"}
              : std::vector<const char*>{"mu_star", "mu", "sigma"};
    struct Row {
      std::uint32_t parameter;
      const char* metric;
      double v[6];
    };
    // Built twice: a copied HDF5 type shares its id, so packing a copy would pack both.
    auto row_type = [&] {
      H5::CompType t(sizeof(Row));
      t.insertMember("parameter", HOFFSET(Row, parameter), H5::PredType::NATIVE_UINT32);
      H5::StrType text(H5::PredType::C_S1, H5T_VARIABLE);
      text.setCset(H5T_CSET_UTF8);
      t.insertMember("metric", HOFFSET(Row, metric), text);
      for (std::size_t k = 0; k < fields.size(); ++k)
        t.insertMember(fields[k], HOFFSET(Row, v) + 8 * k, H5::PredType::NATIVE_DOUBLE);
      return t;
    };
    const H5::CompType memory = row_type();
    std::vector<Row> data;
    for (const auto& r : rows) {
      Row one{static_cast<std::uint32_t>(r.parameter), r.metric.c_str(), {}};
      const auto& s = r.sobol;
      const auto& e = r.morris;
      const std::vector<double> v =
          sobol ? std::vector<double>{s.first, s.first_low, s.first_high, s.total, s.total_low, s.total_high}
                : std::vector<double>{e.mu_star, e.mu, e.sigma};
      std::copy(v.begin(), v.end(), one.v);
      data.push_back(one);
    }
    H5::CompType packed = row_type();
    packed.pack();
    const hsize_t n = data.size();
    H5::DataSpace space(1, &n);
    auto ds = out.file().createDataSet("/sensitivity", packed, space);
    ds.write(data.data(), memory);
    h5::attr(ds, "dims", std::string("row"));
    h5::attr(ds, "design", plan.effective->sweep->design);
    h5::attr(ds, "unit",
             std::string(sobol ? "fraction of the metric's variance over the design; _ci_*: 95% "
                                 "bootstrap interval (1000 resamples)"
                               : "the metric's units per whole range of the parameter"));
  }

  // /sweep/failures: the runs that failed, with why (their /runs rows are zeros).
  void write_failures() {
    struct Row {
      std::uint32_t run, point, replication;
      const char* error;
    };
    auto row_type = [] {
      H5::CompType t(sizeof(Row));
      t.insertMember("run", HOFFSET(Row, run), H5::PredType::NATIVE_UINT32);
      t.insertMember("point", HOFFSET(Row, point), H5::PredType::NATIVE_UINT32);
      t.insertMember("replication", HOFFSET(Row, replication), H5::PredType::NATIVE_UINT32);
      H5::StrType text(H5::PredType::C_S1, H5T_VARIABLE);
      text.setCset(H5T_CSET_UTF8);
      t.insertMember("error", HOFFSET(Row, error), text);
      return t;
    };
    std::vector<Row> data;
    for (const auto& f : failures) data.push_back({f.run, f.point, f.replication, f.error.c_str()});
    H5::CompType packed = row_type();
    packed.pack();
    const hsize_t n = data.size();
    H5::DataSpace space(1, &n);
    auto ds = out.file().createDataSet("/sweep/failures", packed, space);
    if (n) ds.write(data.data(), row_type());
    h5::attr(ds, "dims", std::string("row"));
  }

  // What ran: the effective scenario with the replications run, and the command line.
  void write_provenance() {
    auto& f = out.file();
    h5::text(f, "/scenario/effective", effective_toml(effective_scenario(plan)));
    std::string sets;
    for (const auto& s : invocation.sets) sets += (sets.empty() ? "" : "\n") + s;
    h5::attr(f, "set", sets);
    h5::attr(f, "variant", invocation.variant);
    h5::attr(f, "replications", static_cast<long long>(plan.replications));
    h5::attr(f, "threads", static_cast<long long>(invocation.threads));
    h5::attr(f, "processes", static_cast<long long>(invocation.processes));
    h5::attr(f, "command_line", invocation.command_line);
  }

  // Every call into HDF5 on a writing path: HDF5's error stack is per thread
  // (quiet on each), and its failures become IoError naming the file.
  template <class F>
  void guarded(F&& write) {
    h5::quiet();
    errno = 0;
    try {
      write();
    } catch (const H5::Exception& e) {
      throw IoError(h5::write_failure(path, e));
    }
  }

  void add_run(std::uint32_t index, std::uint32_t variant, const RunResult& r) {
    layout.fill(row.data(), index, variant, r, r.totals);
    runs->append(row.data(), 1);
    const auto& segments = r.by_segment.totals;
    for (std::uint32_t g = 0; g < segments.size(); ++g) {
      segment_layout.fill(row.data(), index, variant, r, segments[g], g);
      segment_runs->append(row.data(), 1);
    }
    std::size_t k = 0;
    auto put = [&](const auto& values) { per_run[k++]->append(values.data(), 1); };
    put(r.reached);
    put(r.lost);
    put(r.in_progress);
    put(r.touch_count);
    put(r.touch_friction);
    put(r.touch_abandon);
    put(r.touch_leave);
    put(r.touch_revenue);
    put(r.flows);
    put(r.occupancy);
    put(r.convert_days);
    put(r.campaign_sends);
    put(r.campaign_reached);
    put(r.campaign_wins);
    put(r.channel_cost);
    const SegmentResults& b = r.by_segment;
    put(b.reached);
    put(b.lost);
    put(b.in_progress);
    put(b.touch_count);
    put(b.touch_friction);
    put(b.touch_abandon);
    put(b.touch_leave);
    put(b.touch_revenue);
    if (points) points->add(variant, r);
    if (!r.error.empty()) failures.push_back({index, variant, r.replication, r.error});
  }
};

RunFileWriter::RunFileWriter(const std::string& path, const RunPlan& plan, bool events,
                             Invocation invocation) {
  try {
    impl_ = std::make_unique<Impl>(path, plan, events, std::move(invocation));
  } catch (const H5::Exception& e) {
    throw IoError(h5::write_failure(path, e));
  }
}

RunFileWriter::~RunFileWriter() = default;

void RunFileWriter::events(std::size_t index, const std::vector<EventRecord>& rows) {
  impl_->guarded([&] { impl_->events->append(static_cast<std::uint32_t>(index), rows); });
  impl_->event_rows += rows.size();
}

void RunFileWriter::retract_events(std::size_t, std::uint64_t rows) {
  impl_->guarded([&] { impl_->events->retract(rows); });
  impl_->event_rows -= rows;
}

std::uint64_t RunFileWriter::event_rows() const {
  return impl_->event_rows;
}

void RunFileWriter::run_done(std::size_t index, const PlannedRun& run, const RunResult& result) {
  impl_->guarded([&] { impl_->add_run(static_cast<std::uint32_t>(index), run.arm, result); });
}

void RunFileWriter::add_comparison(const Comparison& comparison) {
  impl_->guarded([&] { write_compare(impl_->out.file(), comparison); });
}

void RunFileWriter::commit(const std::atomic<bool>* stop) {
  impl_->guarded([&] {
    if (impl_->events) impl_->events->finish();
    impl_->runs->flush();
    impl_->segment_runs->flush();
    if (impl_->points) {
      impl_->points->finish();
      impl_->summary->flush();
      impl_->write_sensitivity();
      impl_->write_failures();
    }
    for (auto& a : impl_->per_run) a->flush();
    impl_->write_provenance();
    impl_->per_run.clear();
    impl_->runs.reset();
    impl_->segment_runs.reset();
    impl_->summary.reset();
    impl_->events.reset();
  });
  impl_->out.commit(stop);
}

double RunRow::operator[](std::string_view metric) const {
  auto it = values.find(metric);
  if (it == values.end()) throw std::out_of_range("no column " + std::string(metric) + " in /runs");
  return it->second;
}

namespace {
// Rows of /runs or /by_segment/runs, each column read on its own, by name,
// whatever the file's layout.
std::vector<RunRow> read_rows(H5::H5File& f, const std::string& path, bool by_segment) {
  auto ds = f.openDataSet(path);
  hsize_t n = 0;
  ds.getSpace().getSimpleExtentDims(&n);
  std::vector<RunRow> rows(n);
  auto column = [&](const std::string& name, const H5::PredType& type, std::size_t size, void* data) {
    H5::CompType one(size);
    one.insertMember(name, 0, type);
    if (n) ds.read(data, one);
  };
  std::vector<std::uint32_t> u32(n);
  for (auto [name, field] : {std::pair{"run", &RunRow::run}, std::pair{"variant", &RunRow::variant},
                             std::pair{"replication", &RunRow::replication}}) {
    column(name, H5::PredType::NATIVE_UINT32, 4, u32.data());
    for (hsize_t i = 0; i < n; ++i) rows[i].*field = u32[i];
  }
  if (by_segment) {
    column("segment", H5::PredType::NATIVE_UINT32, 4, u32.data());
    for (hsize_t i = 0; i < n; ++i) rows[i].segment = u32[i];
  } else {
    std::vector<std::uint64_t> u64(n);
    column("seed", H5::PredType::NATIVE_UINT64, 8, u64.data());
    for (hsize_t i = 0; i < n; ++i) rows[i].seed = u64[i];
  }
  std::vector<double> values(n);
  for (const auto& m : headline_metrics()) {
    column(std::string(m.name), H5::PredType::NATIVE_DOUBLE, 8, values.data());
    for (hsize_t i = 0; i < n; ++i) rows[i].values[std::string(m.name)] = values[i];
  }
  return rows;
}

template <class T>
std::vector<T> read_numbers(const std::string& path, const std::string& dataset,
                            std::vector<std::uint64_t>* dims) {
  h5::quiet();
  try {
    H5::H5File f(path, H5F_ACC_RDONLY);
    std::vector<hsize_t> d;
    auto data = h5::read_dataset<T>(f, dataset, &d);
    if (dims) dims->assign(d.begin(), d.end());
    return data;
  } catch (const H5::Exception& e) {
    throw IoError("cannot read " + dataset + " from " + path);
  }
}
}  // namespace

namespace {
std::vector<std::map<std::string, double>> numeric_table(H5::H5File& f, const std::string& dataset) {
  auto ds = f.openDataSet(dataset);
  hsize_t n = 0;
  ds.getSpace().getSimpleExtentDims(&n);
  std::vector<std::map<std::string, double>> rows(n);
  const H5::CompType stored = ds.getCompType();
  std::vector<double> column(n);
  for (int k = 0; k < stored.getNmembers(); ++k) {
    if (stored.getMemberClass(static_cast<unsigned>(k)) == H5T_STRING) continue;
    const std::string name = stored.getMemberName(static_cast<unsigned>(k));
    H5::CompType one(std::size_t{8});
    one.insertMember(name, 0, H5::PredType::NATIVE_DOUBLE);
    if (n) ds.read(column.data(), one);
    for (hsize_t i = 0; i < n; ++i) rows[i][name] = column[i];
  }
  return rows;
}
}  // namespace

std::vector<std::map<std::string, double>> read_table(const std::string& path, const std::string& dataset) {
  h5::quiet();
  try {
    H5::H5File f(path, H5F_ACC_RDONLY);
    return numeric_table(f, dataset);
  } catch (const H5::Exception& e) {
    throw IoError("cannot read " + dataset + " from " + path);
  }
}

RunFileContents read_run_file(const std::string& path) {
  h5::quiet();
  RunFileContents out;
  try {
    H5::H5File f(path, H5F_ACC_RDONLY);
    for (const char* name : {"format", "engine_version", "command", "scenario_name", "created_utc"}) {
      out.text_attrs[name] = h5::read_text_attr(f, name);
    }
    for (const char* name : {"set", "variant", "command_line"}) {  // not in older files
      if (f.attrExists(name)) out.text_attrs[name] = h5::read_text_attr(f, name);
    }
    {
      auto a = f.openAttribute("format_version");
      a.read(H5::PredType::NATIVE_INT64, &out.format_version);
    }
    out.runs = read_rows(f, "/runs", false);
    if (f.nameExists("/by_segment")) out.segment_runs = read_rows(f, "/by_segment/runs", true);
    for (const char* name :
         {"stages", "channels", "segments", "campaigns", "variants", "flow_targets", "event_kinds"}) {
      out.labels[name] = h5::read_strings(f, std::string("/labels/") + name);
    }
    auto read_scalar_text = [&](const std::string& p) {
      auto d = f.openDataSet(p);
      std::string s;
      d.read(s, d.getStrType());
      return s;
    };
    out.source = read_scalar_text("/scenario/source");
    out.effective = read_scalar_text("/scenario/effective");
    if (f.nameExists("/compare")) {
      auto cds = f.openDataSet("/compare");
      hsize_t rows = 0;
      cds.getSpace().getSimpleExtentDims(&rows);
      std::vector<CompareRow> raw(rows);
      auto type = compare_row_type();
      if (rows) cds.read(raw.data(), type);
      for (const auto& r : raw) {
        out.compare.push_back({r.variant, r.metric ? r.metric : "", r.mean, r.ci_low, r.ci_high, r.diff,
                               r.diff_ci_low, r.diff_ci_high, r.lift_pct, r.significant});
      }
      if (rows) H5::DataSet::vlenReclaim(raw.data(), type, cds.getSpace());
    }
    if (f.nameExists("/sweep")) {
      if (f.nameExists("/sweep/summary")) out.sweep_summary = numeric_table(f, "/sweep/summary");
      if (f.nameExists("/sweep/failures")) out.sweep_failures = numeric_table(f, "/sweep/failures");
    }
    if (f.nameExists("/events")) {
      out.has_events = true;
      hsize_t e = 0;
      f.openDataSet("/events").getSpace().getSimpleExtentDims(&e);
      out.event_count = static_cast<std::int64_t>(e);
    }
  } catch (const H5::Exception&) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      throw InputError("cannot read " + path + ": there is no such file");
    // A pipe, a device or a folder: HDF5 reads only a file it can seek in.
    if (!std::filesystem::is_regular_file(path, ec))
      throw InputError("cannot read " + path +
                       ": it is not a regular file (a pipe, a device or a folder); results are read from a "
                       "file, so save them to one first");
    throw InputError(
        "cannot read " + path +
        ": it is not a journeysim results file (HDF5, written by run, compare or sweep), or it is "
        "damaged");
  }
  return out;
}

std::vector<std::int64_t> read_counts(const std::string& path, const std::string& dataset,
                                      std::vector<std::uint64_t>* dims) {
  return read_numbers<std::int64_t>(path, dataset, dims);
}

std::vector<double> read_values(const std::string& path, const std::string& dataset,
                                std::vector<std::uint64_t>* dims) {
  return read_numbers<double>(path, dataset, dims);
}

std::string hdf5_version() {
  unsigned major = 0, minor = 0, release = 0;
  H5get_libversion(&major, &minor, &release);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(release);
}

}  // namespace journeysim
