#include "journeysim/metrics/metrics.h"

#include <limits>
#include <stdexcept>

namespace journeysim {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double as_double(std::int64_t v) {
  return static_cast<double>(v);
}
}  // namespace

double ratio(double numerator, double denominator) {
  return denominator != 0.0 ? numerator / denominator : kNaN;
}

double Metric::value(const RunTotals& t) const {
  return count ? as_double(t.*count) : derive(t);
}

double MeanOver::mean() const {
  return n ? sum / static_cast<double>(n) : kNaN;
}

const std::vector<Metric>& headline_metrics() {
  using K = MetricKind;
  static const std::vector<Metric> list = {
      {"customers", "Customers", "customers",
       "customers who arrived before the horizon, referred ones included", K::Count, &RunTotals::customers},
      {"referred", "Referred customers", "customers", "customers who arrived through a referral", K::Count,
       &RunTotals::referred},
      {"referrals_dropped", "Referrals dropped", "customers",
       "referrals not created because max_customers was reached", K::Count, &RunTotals::referrals_dropped},
      {"converted", "Converted", "customers", "customers who advanced out of the conversion stage", K::Count,
       &RunTotals::converted},
      {"completed", "Completed", "customers", "customers who advanced out of the last stage", K::Count,
       &RunTotals::completed},
      {"lost", "Lost", "customers", "customers who abandoned or left (and were not won back)", K::Count,
       &RunTotals::lost},
      {"in_progress", "In progress", "customers", "customers still in the journey at the horizon", K::Count,
       &RunTotals::in_progress},
      {"touchpoints", "Touchpoints", "touches", "touches made, every channel and stage", K::Count,
       &RunTotals::touchpoints},
      {"frictions", "Frictions", "touches", "touches that met friction", K::Count, &RunTotals::frictions},
      {"conversion_rate", "Conversion rate", "fraction", "converted / customers; NaN without customers",
       K::Ratio, nullptr,
       [](const RunTotals& t) { return ratio(as_double(t.converted), as_double(t.customers)); }},
      {"revenue", "Revenue", "currency", "value earned at touchpoints", K::Money, nullptr,
       [](const RunTotals& t) { return t.revenue; }},
      {"cost", "Cost", "currency", "cost of every touch and every campaign send", K::Money, nullptr,
       [](const RunTotals& t) { return t.cost; }},
      {"profit", "Profit", "currency", "revenue - cost", K::Money, nullptr,
       [](const RunTotals& t) { return t.revenue - t.cost; }},
      {"campaign_sends", "Campaign sends", "messages", "campaign messages sent", K::Count,
       &RunTotals::campaign_sends},
      {"campaign_wins", "Campaign wins", "customers", "lost customers a campaign brought back", K::Count,
       &RunTotals::campaign_wins},
      {"promoters", "Promoters", "customers", "customers whose satisfaction ended >= 0.5", K::Count,
       &RunTotals::promoters},
      {"detractors", "Detractors", "customers", "customers whose satisfaction ended <= -0.5", K::Count,
       &RunTotals::detractors},
      {"mean_days_to_convert", "Days to convert", "days",
       "days from arrival to conversion, averaged over converted customers; NaN when nobody converted",
       K::Days, nullptr, [](const RunTotals& t) { return ratio(t.days_to_convert, as_double(t.converted)); }},
  };
  return list;
}

const Metric& metric(std::string_view name) {
  return headline_metrics()[metric_index(name)];
}

std::size_t metric_index(std::string_view name) {
  const auto& list = headline_metrics();
  for (std::size_t m = 0; m < list.size(); ++m) {
    if (list[m].name == name) return m;
  }
  throw std::out_of_range("no metric named " + std::string(name));
}

double drop_off(const RunResult& r, std::size_t stage) {
  return ratio(as_double(r.lost[stage]), as_double(r.reached[stage]));
}

}  // namespace journeysim
