#include "journeysim/output/run_file.h"

#include <ctime>
#include <limits>

#include "h5.h"
#include "journeysim/core/error.h"
#include "journeysim/core/version.h"
#include "journeysim/scenario/loader.h"

namespace journeysim {

namespace {

H5::CompType run_row_type() {
  H5::CompType t(sizeof(RunRow));
#define JS_MEMBER(name, type) t.insertMember(#name, HOFFSET(RunRow, name), H5::PredType::type)
  JS_MEMBER(run, NATIVE_UINT32);
  JS_MEMBER(variant, NATIVE_UINT32);
  JS_MEMBER(replication, NATIVE_UINT32);
  JS_MEMBER(seed, NATIVE_UINT64);
  JS_MEMBER(customers, NATIVE_INT64);
  JS_MEMBER(referred, NATIVE_INT64);
  JS_MEMBER(referrals_dropped, NATIVE_INT64);
  JS_MEMBER(converted, NATIVE_INT64);
  JS_MEMBER(completed, NATIVE_INT64);
  JS_MEMBER(lost, NATIVE_INT64);
  JS_MEMBER(in_progress, NATIVE_INT64);
  JS_MEMBER(touchpoints, NATIVE_INT64);
  JS_MEMBER(frictions, NATIVE_INT64);
  JS_MEMBER(conversion_rate, NATIVE_DOUBLE);
  JS_MEMBER(revenue, NATIVE_DOUBLE);
  JS_MEMBER(cost, NATIVE_DOUBLE);
  JS_MEMBER(profit, NATIVE_DOUBLE);
  JS_MEMBER(campaign_sends, NATIVE_INT64);
  JS_MEMBER(campaign_wins, NATIVE_INT64);
  JS_MEMBER(promoters, NATIVE_INT64);
  JS_MEMBER(detractors, NATIVE_INT64);
  JS_MEMBER(mean_days_to_convert, NATIVE_DOUBLE);
#undef JS_MEMBER
  return t;
}

struct EventRow {
  std::uint32_t run;
  std::uint32_t customer;
  double time;
  std::int16_t stage;
  std::int16_t channel;
  std::uint8_t kind;
};

H5::CompType event_row_type() {
  H5::CompType t(sizeof(EventRow));
  t.insertMember("run", HOFFSET(EventRow, run), H5::PredType::NATIVE_UINT32);
  t.insertMember("customer", HOFFSET(EventRow, customer), H5::PredType::NATIVE_UINT32);
  t.insertMember("time", HOFFSET(EventRow, time), H5::PredType::NATIVE_DOUBLE);
  t.insertMember("stage", HOFFSET(EventRow, stage), H5::PredType::NATIVE_INT16);
  t.insertMember("channel", HOFFSET(EventRow, channel), H5::PredType::NATIVE_INT16);
  t.insertMember("kind", HOFFSET(EventRow, kind), H5::PredType::NATIVE_UINT8);
  return t;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

// Stacks one per-run array into [run, ...].
template <class T>
std::vector<T> stack(const std::vector<RunResult>& results, std::vector<T> RunResult::*member) {
  std::vector<T> out;
  for (const auto& r : results) out.insert(out.end(), (r.*member).begin(), (r.*member).end());
  return out;
}

void write_events(H5::H5File& file, const std::vector<RunResult>& results) {
  constexpr hsize_t kChunk = 65536;
  std::vector<EventRow> rows;
  for (std::size_t i = 0; i < results.size(); ++i) {
    for (const auto& e : results[i].events) {
      rows.push_back({static_cast<std::uint32_t>(i), e.customer, e.time, e.stage, e.channel,
                      static_cast<std::uint8_t>(e.kind)});
    }
  }
  const hsize_t n = rows.size();
  const hsize_t max_dims = H5S_UNLIMITED;
  H5::DataSpace space(1, &n, &max_dims);
  H5::DSetCreatPropList props;
  const hsize_t chunk = kChunk;
  props.setChunk(1, &chunk);
  props.setDeflate(1);  // shuffle made event records larger (DEPENDENCIES.md)
  auto memory = event_row_type();
  auto packed = event_row_type();
  packed.pack();
  auto ds = file.createDataSet("/events", packed, space, props);
  if (n) ds.write(rows.data(), memory);
  h5::attr(ds, "dims", std::string("event"));
  h5::attr(ds, "unit", std::string("time: days; kind: index into /labels/event_kinds"));
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
           std::string("the metric's own (conversion_rate: fraction; drop_off.*: fraction; roi: "
                       "fraction of fixed_cost; payback_days: days); lift_pct: percent"));
  h5::attr(ds, "confidence_level", 0.95);
  h5::attr(ds, "replications", static_cast<long long>(c.replications));
  h5::attr(ds, "precision", c.precision);
  h5::attr(ds, "precision_met", static_cast<long long>(c.precision_met));
  std::vector<double> fixed;
  for (const auto& a : c.arms) fixed.push_back(a.fixed_cost);
  h5::dataset(file, "/labels/variant_fixed_cost", {fixed.size()}, fixed, "variant", "currency");
}

}  // namespace

void write_run_file(const std::string& path, const RunFileInput& in) {
  const auto& results = *in.results;
  const Model& m = *in.model;
  try {
    h5::AtomicFile out(path);
    auto& f = out.file();
    h5::attr(f, "format", std::string("journeysim"));
    h5::attr(f, "format_version", static_cast<long long>(kFormatVersion));
    h5::attr(f, "engine_version", std::string(engine_version()));
    h5::attr(f, "command", in.command);
    h5::attr(f, "scenario_name", in.effective->scenario.name);
    h5::attr(f, "seed", static_cast<long long>(in.effective->scenario.seed));
    h5::attr(f, "horizon_days", in.effective->scenario.horizon_days);
    h5::attr(f, "created_utc", utc_now());

    h5::group(f, "/scenario");
    h5::text(f, "/scenario/source", in.source->source);
    h5::text(f, "/scenario/effective", effective_toml(*in.effective));

    h5::group(f, "/labels");
    h5::strings(f, "/labels/stages", m.stage_ids, "stage");
    h5::strings(f, "/labels/channels", m.channel_ids, "channel");
    h5::strings(f, "/labels/segments", m.segment_ids, "segment");
    h5::strings(f, "/labels/campaigns", m.campaign_ids, "campaign");
    h5::strings(f, "/labels/variants", in.variants, "variant");
    std::vector<std::string> targets = m.stage_ids;
    targets.push_back("lost");
    targets.push_back("completed");
    h5::strings(f, "/labels/flow_targets", targets, "to");
    std::vector<std::string> kinds;
    for (int k = 0; k < kEventKindCount; ++k) kinds.emplace_back(event_kind_name(static_cast<EventKind>(k)));
    h5::strings(f, "/labels/event_kinds", kinds, "kind");

    std::vector<RunRow> rows;
    for (std::size_t i = 0; i < results.size(); ++i) {
      const auto& r = results[i];
      const auto& t = r.totals;
      rows.push_back({static_cast<std::uint32_t>(i),
                      r.variant,
                      r.replication,
                      r.seed,
                      t.customers,
                      t.referred,
                      t.referrals_dropped,
                      t.converted,
                      t.completed,
                      t.lost,
                      t.in_progress,
                      t.touchpoints,
                      t.frictions,
                      t.customers ? static_cast<double>(t.converted) / static_cast<double>(t.customers) : 0.0,
                      t.revenue,
                      t.cost,
                      t.profit,
                      t.campaign_sends,
                      t.campaign_wins,
                      t.promoters,
                      t.detractors,
                      t.mean_days_to_convert});
    }
    {
      const hsize_t n = rows.size();
      H5::DataSpace space(1, &n);
      auto memory = run_row_type();
      auto packed = run_row_type();
      packed.pack();
      auto ds = f.createDataSet("/runs", packed, space);
      if (n) ds.write(rows.data(), memory);
      h5::attr(ds, "dims", std::string("run"));
      h5::attr(ds, "unit",
               std::string("counts: customers; revenue, cost, profit: currency; "
                           "mean_days_to_convert: days"));
    }

    const hsize_t R = results.size(), S = m.stage_count(), C = m.channel_count(), K = m.campaigns.size();
    const hsize_t D = results.empty() ? 0 : results.front().days;
    h5::group(f, "/funnel");
    h5::dataset(f, "/funnel/reached", {R, S}, stack(results, &RunResult::reached), "run,stage", "customers");
    h5::dataset(f, "/funnel/lost", {R, S}, stack(results, &RunResult::lost), "run,stage", "customers");
    h5::dataset(f, "/funnel/in_progress", {R, S}, stack(results, &RunResult::in_progress), "run,stage",
                "customers");
    h5::group(f, "/touch");
    h5::dataset(f, "/touch/count", {R, S, C}, stack(results, &RunResult::touch_count), "run,stage,channel",
                "touches");
    h5::dataset(f, "/touch/friction", {R, S, C}, stack(results, &RunResult::touch_friction),
                "run,stage,channel", "touches");
    h5::dataset(f, "/touch/abandon", {R, S, C}, stack(results, &RunResult::touch_abandon),
                "run,stage,channel", "customers");
    h5::dataset(f, "/touch/leave", {R, S, C}, stack(results, &RunResult::touch_leave), "run,stage,channel",
                "customers");
    h5::dataset(f, "/touch/revenue", {R, S, C}, stack(results, &RunResult::touch_revenue),
                "run,stage,channel", "currency");
    h5::dataset(f, "/flows", {R, S, S + 2}, stack(results, &RunResult::flows), "run,from,to", "transitions");
    h5::dataset(f, "/occupancy", {R, D, S}, stack(results, &RunResult::occupancy), "run,day,stage",
                "customers");
    h5::group(f, "/campaigns");
    h5::dataset(f, "/campaigns/sends", {R, K}, stack(results, &RunResult::campaign_sends), "run,campaign",
                "messages");
    h5::dataset(f, "/campaigns/reached", {R, K}, stack(results, &RunResult::campaign_reached), "run,campaign",
                "messages");
    h5::dataset(f, "/campaigns/wins", {R, K}, stack(results, &RunResult::campaign_wins), "run,campaign",
                "customers");
    h5::dataset(f, "/channel_cost", {R, C}, stack(results, &RunResult::channel_cost), "run,channel",
                "currency");
    if (in.events) write_events(f, results);
    if (in.comparison) write_compare(f, *in.comparison);
    out.commit();
  } catch (const H5::Exception& e) {
    throw IoError("cannot write " + path + ": HDF5 failed in " + e.getFuncName());
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
    {
      auto a = f.openAttribute("format_version");
      a.read(H5::PredType::NATIVE_INT64, &out.format_version);
    }
    auto ds = f.openDataSet("/runs");
    hsize_t n = 0;
    ds.getSpace().getSimpleExtentDims(&n);
    out.runs.resize(n);
    if (n) ds.read(out.runs.data(), run_row_type());
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
    if (f.nameExists("/events")) {
      hsize_t e = 0;
      f.openDataSet("/events").getSpace().getSimpleExtentDims(&e);
      out.event_count = static_cast<std::int64_t>(e);
    }
  } catch (const H5::Exception& e) {
    throw IoError("cannot read " + path + ": not a journeysim results file (" + e.getFuncName() + ")");
  }
  return out;
}

std::vector<std::int64_t> read_counts(const std::string& path, const std::string& dataset,
                                      std::vector<std::uint64_t>* dims) {
  h5::quiet();
  try {
    H5::H5File f(path, H5F_ACC_RDONLY);
    std::vector<hsize_t> d;
    auto data = h5::read_dataset<std::int64_t>(f, dataset, &d);
    if (dims) dims->assign(d.begin(), d.end());
    return data;
  } catch (const H5::Exception& e) {
    throw IoError("cannot read " + dataset + " from " + path);
  }
}

}  // namespace journeysim
