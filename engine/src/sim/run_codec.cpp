#include "journeysim/sim/run_codec.h"

#include "journeysim/core/error.h"

namespace journeysim {

namespace {
// Every field of a run, in one order for writing and reading.
template <class Stream, class Result>
void fields(Stream& s, Result& r) {
  s.all(r.variant, r.replication, r.seed, r.days, r.occupancy_step, r.totals, r.reached, r.lost,
        r.in_progress, r.touch_count, r.touch_friction, r.touch_abandon, r.touch_leave, r.touch_advance,
        r.touch_revenue, r.flows, r.occupancy, r.convert_days, r.campaign_sends, r.campaign_reached,
        r.campaign_wins, r.channel_cost, r.by_segment.totals, r.by_segment.reached, r.by_segment.lost,
        r.by_segment.in_progress, r.by_segment.touch_count, r.by_segment.touch_friction,
        r.by_segment.touch_abandon, r.by_segment.touch_leave, r.by_segment.touch_advance,
        r.by_segment.touch_revenue, r.by_segment.campaign_sends, r.by_segment.touch_earned_with, r.error);
}
}  // namespace

void ByteReader::need(std::size_t n) {
  if (n > bytes.size() - at) throw IoError("a run's record ends early");
}

void put_run(ByteWriter& out, const RunResult& result) {
  fields(out, result);
}

void get_run(ByteReader& in, RunResult& result) {
  fields(in, result);
}

std::string encode_run(const RunResult& result) {
  ByteWriter w;
  put_run(w, result);
  return std::move(w.bytes);
}

RunResult decode_run(const std::string& bytes) {
  RunResult result;
  ByteReader r{bytes};
  get_run(r, result);
  return result;
}

std::uint64_t checksum64(const std::string& bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace journeysim
