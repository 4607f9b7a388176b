// row_lzf (src/output/row_lzf.h) writes the LZF format: liblzf's own
// decoder, the one h5py's filter calls, must give every input back, at the
// edges of the format (literals of 32 bytes, matches of 264) and of the
// buffers (no byte read or written past the slack: ASan checks that here).
#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <vector>

#include "output/row_lzf.h"

extern "C" {
#include <lzf.h>
}

namespace {

using Bytes = std::vector<unsigned char>;

// Rows of `row` bytes, each byte the row before's with probability `same`.
Bytes rows_like_a_log(std::size_t n, std::size_t row, double same, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i)
    b[i] = i >= row && u(rng) < same ? b[i - row] : static_cast<unsigned char>(rng() & 0xff);
  return b;
}

// Compressed with exactly the slack the header asks for, so that ASan sees
// any byte beyond it; empty if it would not fit in `cap`.
Bytes compress(const Bytes& in, std::size_t row, std::size_t cap) {
  Bytes input(in.size() + journeysim::h5::kRowLzfSlack);
  std::memcpy(input.data(), in.data(), in.size());
  Bytes out(cap + journeysim::h5::kRowLzfSlack);
  std::vector<std::uint64_t> scratch;
  const std::size_t n = journeysim::h5::row_lzf(input.data(), in.size(), row, out.data(), cap, scratch);
  out.resize(n);
  return out;
}

bool decodes_to(const Bytes& packed, const Bytes& original) {
  Bytes back(original.size() + 1);
  const unsigned n = lzf_decompress(packed.data(), static_cast<unsigned>(packed.size()), back.data(),
                                    static_cast<unsigned>(back.size()));
  return n == original.size() && std::memcmp(back.data(), original.data(), n) == 0;
}

}  // namespace

TEST_CASE("row_lzf output is what liblzf decodes, for rows of any size", "[output][events]") {
  for (std::size_t row : {1u, 3u, 23u, 40u, 300u, 8192u}) {
    for (std::size_t n : {1u, 2u, 3u, 22u, 23u, 24u, 63u, 64u, 65u, 127u, 1000u, 65536u, 200003u}) {
      for (double same : {0.0, 0.5, 0.9, 1.0}) {
        const Bytes in = rows_like_a_log(n, row, same, static_cast<unsigned>(row * 7 + n));
        const Bytes packed = compress(in, row, n + n / 16 + 64);  // room for any input
        INFO("row " << row << ", " << n << " bytes, each the row before's with probability " << same);
        REQUIRE(!packed.empty());
        CHECK(decodes_to(packed, in));
        if (same == 1.0 && n >= 64 * row) CHECK(packed.size() < n / 4);
      }
    }
  }
}

TEST_CASE("row_lzf splits long runs and long literals as the format needs", "[output][events]") {
  // All zeros: a run of a whole chunk, cut into matches of at most 264 bytes.
  const Bytes zeros(23 * 65536, 0);
  const Bytes packed = compress(zeros, 23, zeros.size());
  CHECK(decodes_to(packed, zeros));
  CHECK(packed.size() < zeros.size() / 80);  // about 3 bytes per 262
  // Runs of every length around the format's limits, between literals.
  for (std::size_t run = 1; run < 600; run += 1) {
    Bytes in = rows_like_a_log(2 * run + 70, 5, 0.0, static_cast<unsigned>(run));
    for (std::size_t i = 35; i < 35 + run; ++i) in[i] = in[i - 5];
    INFO("a run of " << run << " bytes");
    CHECK(decodes_to(compress(in, 5, in.size() + 64), in));
  }
}

TEST_CASE("row_lzf gives 0 when its output would not fit, as lzf_compress", "[output][events]") {
  // Exactly as long as the room: the output, whatever token it ends with.
  for (unsigned seed = 0; seed < 400; ++seed) {
    const std::size_t row = 1 + seed % 30, n = 1 + (seed * 7919) % 3000;
    const Bytes in = rows_like_a_log(n, row, 0.3 + (seed % 7) / 10.0, seed);
    const Bytes packed = compress(in, row, n + n / 16 + 64);
    REQUIRE(!packed.empty());
    INFO("row " << row << ", " << n << " bytes, seed " << seed);
    CHECK(compress(in, row, packed.size()) == packed);
    CHECK(compress(in, row, packed.size() - 1).empty());
  }
  const Bytes short_match_last = {'a', 'b', 'b', 'b', 'b',
                                  'b', 'b', 'b', 'b', 'b'};  // literal ab, a match of 8
  CHECK(compress(short_match_last, 1, 5).size() == 5);
  const Bytes noise = rows_like_a_log(5000, 23, 0.0, 1);
  CHECK(compress(noise, 23, noise.size() - 1).empty());  // random bytes do not shrink
  const Bytes log = rows_like_a_log(50000, 23, 0.8, 2);
  const Bytes packed = compress(log, 23, log.size());
  REQUIRE(!packed.empty());
  CHECK(decodes_to(packed, log));
  CHECK(compress(log, 23, packed.size()) == packed);
  CHECK(compress(log, 23, packed.size() - 1).empty());
}
