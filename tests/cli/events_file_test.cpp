// The /events dataset as `run --events` writes it (src/output/event_log.h):
// chunks compressed by helper threads and written whole, in order, so the
// file is the same bit for bit on any thread count, and h5py's LZF filter
// (tests/output/fixture_test.sh reads it with stock h5py).
#include <catch2/catch.hpp>

#include <H5Cpp.h>

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
