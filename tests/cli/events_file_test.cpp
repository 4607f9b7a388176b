// The /events dataset as `run --events` writes it (src/output/event_log.h):
// chunks compressed by helper threads and written whole, in order, so the
// file is the same bit for bit on any thread count, and h5py's LZF filter
// (tests/output/fixture_test.sh reads it with stock h5py).
#include <catch2/catch.hpp>

#include <H5Cpp.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "journeysim/output/run_file.h"
#include "output/event_log.h"
#include "output/lzf_filter.h"
#include "support.h"

namespace {
struct Log {
  std::vector<unsigned char> bytes;
  hsize_t rows = 0, stored = 0;
  bool lzf = false;
};

Log read_log(const std::string& path) {
  journeysim::h5::register_lzf();  // as h5py does for itself
  H5::H5File f(path, H5F_ACC_RDONLY);
  H5::DataSet ds = f.openDataSet("/events");
  Log log;
  ds.getSpace().getSimpleExtentDims(&log.rows);
  const H5::CompType type = ds.getCompType();
  log.bytes.resize(log.rows * type.getSize());
  ds.read(log.bytes.data(), type);
  log.stored = ds.getStorageSize();
  const H5::DSetCreatPropList create = ds.getCreatePlist();
  for (int i = 0; i < create.getNfilters(); ++i) {
    unsigned flags = 0, config = 0, values[8] = {};
    std::size_t n = 8;
    char name[32];
    if (create.getFilter(i, flags, n, values, sizeof name, name, config) == 32000) log.lzf = true;
  }
  return log;
}
}  // namespace

TEST_CASE("the event log in the file is the same bit for bit on 1 and 3 threads",
          "[cli][events][reproducible]") {
  jst::TempDir dir;
  // 200,000 customers: three blocks and a part one, about 930,000 records,
  // fourteen chunks of 65,536 rows and a part one.
  const std::string run = "run '" + jst::source_path("tools/bench/journey.toml") +
                          "' --events --replications 1 --set population.customers=200000 -q";
  REQUIRE(jst::run_cli(run + " --threads 1 -o one.h5", dir.path).exit_code == 0);
  REQUIRE(jst::run_cli(run + " --threads 3 -o three.h5", dir.path).exit_code == 0);
  const Log one = read_log(dir.file("one.h5")), three = read_log(dir.file("three.h5"));
  const auto runs = journeysim::read_run_file(dir.file("one.h5")).runs;
  REQUIRE(runs.size() == 1);
  CHECK(one.rows > 14 * 65536);
  CHECK(one.rows % 65536 != 0);  // a part chunk at the end
  CHECK(one.lzf);
  CHECK(one.stored < one.bytes.size() * 6 / 10);  // compressed: about half
  CHECK(three.rows == one.rows);
  const bool same = three.bytes == one.bytes;  // not Catch's: it would print 21 MB
  CHECK(same);

  // And the rows are the engine's own records, packed as stored: what the
  // encoder wrote (row_lzf), liblzf's decoder reads back.
  const auto logged = jst::simulate_logged(jst::model_from(jst::bench_journey(200000)), 0, 1).events;
  REQUIRE(logged.size() == one.rows);
  std::vector<unsigned char> expected(logged.size() * journeysim::h5::kPackedEvent);
  unsigned char* p = expected.data();
  const std::uint32_t run_index = 0;
  for (const journeysim::EventRecord& e : logged) {
    const auto kind = static_cast<std::uint8_t>(e.kind);
    std::memcpy(p, &run_index, 4);
    std::memcpy(p + 4, &e.customer, 4);
    std::memcpy(p + 8, &e.time, 8);
    std::memcpy(p + 16, &e.stage, 2);
    std::memcpy(p + 18, &e.channel, 2);
    std::memcpy(p + 20, &kind, 1);
    std::memcpy(p + 21, &e.segment, 2);
    p += journeysim::h5::kPackedEvent;
  }
  const bool as_logged = expected == one.bytes;
  CHECK(as_logged);
}

namespace {
// Records `from` … `to` - 1 of a made-up log, each one told apart.
std::vector<journeysim::EventRecord> records(std::uint32_t from, std::uint32_t to) {
  std::vector<journeysim::EventRecord> rows;
  for (std::uint32_t i = from; i < to; ++i) {
    rows.push_back({i, i * 0.37, static_cast<std::int16_t>(i % 3), static_cast<std::int16_t>(i % 5),
                    static_cast<std::int16_t>(i % 2), journeysim::EventKind::Stay});
  }
  return rows;
}
}  // namespace

// A run that foretold its log would stand and was wrong takes it back
// (sim/budget.cpp): the rows written whole are read back to the chunk they
// end in, and the file is the one written without them.
TEST_CASE("rows taken back from the event log leave the file as if never written", "[output][events]") {
  jst::TempDir dir;
  namespace h5 = journeysim::h5;
  {
    H5::H5File file(dir.file("taken.h5"), H5F_ACC_TRUNC);
    h5::EventLog log(file, 2);
    log.append(0, records(0, 150000));  // two chunks written, a third filling
    log.retract(100000);                // back into the first chunk
    log.append(0, records(50000, 120000));
    log.retract(10000);           // within the chunk filling
    log.retract(110000 - 65536);  // to the end of the first chunk
    log.append(1, records(0, 200000));
    log.retract(265536 - 131072);  // to the end of the second, four written
    log.append(1, records(65536, 66536));
    log.retract(0);
    log.finish();
  }
  {
    H5::H5File file(dir.file("straight.h5"), H5F_ACC_TRUNC);
    h5::EventLog log(file, 2);
    log.append(0, records(0, 65536));
    log.append(1, records(0, 66536));
    log.finish();
  }
  {
    // Back to a chunk boundary with nothing after: /events shrinks there.
    H5::H5File file(dir.file("shrunk.h5"), H5F_ACC_TRUNC);
    h5::EventLog log(file, 2);
    log.append(0, records(0, 150000));
    log.retract(150000 - 65536);
    log.finish();
  }
  const Log shrunk = read_log(dir.file("shrunk.h5"));
  CHECK(shrunk.rows == 65536);
  const Log taken = read_log(dir.file("taken.h5")), straight = read_log(dir.file("straight.h5"));
  CHECK(taken.rows == 65536 + 66536);
  REQUIRE(taken.rows == straight.rows);
  const bool same = taken.bytes == straight.bytes;
  CHECK(same);
  const bool same_start = std::equal(shrunk.bytes.begin(), shrunk.bytes.end(), straight.bytes.begin());
  CHECK(same_start);
}

// End to end: the runs whose pilot foretold their budget wrongly take their
// logs back from the file (on 1 thread) or from the disk where they wait
// (on 2), and the file holds each run's log once: a budget with referrals,
// and one without (four runs of twelve taken back: budget_test.cpp).
TEST_CASE("a results file holds a log taken back once, on 1 and 2 threads", "[cli][events][budget]") {
  const std::string fixture = GENERATE(as<std::string>{}, "foretold-wrong", "foretold-wrong-budget");
  INFO(fixture);
  jst::TempDir dir;
  const std::string scenario = jst::source_path("tests/fixtures/scenarios/" + fixture + ".toml");
  const std::string run = "run '" + scenario + "' --events --replications 12 -q";
  REQUIRE(jst::run_cli(run + " --threads 1 -o one.h5", dir.path).exit_code == 0);
  REQUIRE(jst::run_cli(run + " --threads 2 -o two.h5", dir.path).exit_code == 0);
  const Log one = read_log(dir.file("one.h5")), two = read_log(dir.file("two.h5"));
  const auto model = jst::model_from(jst::read_text(scenario));
  hsize_t rows = 0;
  for (std::uint32_t r = 0; r < 12; ++r) rows += jst::simulate_logged(model, r, 1).events.size();
  CHECK(one.rows == rows);
  REQUIRE(two.rows == one.rows);
  const bool same = two.bytes == one.bytes;
  CHECK(same);
}
