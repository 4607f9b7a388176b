#include "row_lzf.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace journeysim::h5 {

namespace {

// The LZF format (liblzf's lzf_d.c): a control byte below 32 starts a
// literal of 1 to 32 bytes; else its top 3 bits are the length - 2 (7: add
// the next byte) and its low 5 the top of the distance - 1, whose low 8
// bits follow. A back reference copies 3 to 264 bytes from 1 to 8192 back.
constexpr std::size_t kLongestLiteral = 32, kLongestMatch = 264;

// Bit i of `same`: in[i] == in[i - row]. The branches of the encoder then
// follow the runs of equal bytes, a few per row, not every byte.
void mark_same(const unsigned char* in, std::size_t n, std::size_t row, std::uint64_t* same) {
  std::size_t i = row;
#if defined(__SSE2__)
  for (; i < n && i % 16 != 0; ++i) same[i / 64] |= std::uint64_t{in[i] == in[i - row]} << (i % 64);
  // 16 bits at a time into the words' bytes (x86 is little-endian), through
  // memcpy: a uint16_t store into a uint64_t would break the aliasing rules.
  auto* bytes = reinterpret_cast<unsigned char*>(same);
  for (; i + 16 <= n; i += 16) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i - row));
    const auto bits = static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(a, b)));
    std::memcpy(bytes + i / 8, &bits, 2);
  }
#endif
  for (; i < n; ++i) same[i / 64] |= std::uint64_t{in[i] == in[i - row]} << (i % 64);
}

}  // namespace

std::size_t row_lzf(const unsigned char* in, std::size_t n, std::size_t row, unsigned char* out,
                    std::size_t cap, std::vector<std::uint64_t>& scratch) {
  const std::size_t words = n / 64 + 1;
  scratch.assign(words + 1, 0);  // one more: each word looks at the next
  mark_same(in, n, row, scratch.data());
  const std::uint64_t* same = scratch.data();
  const unsigned off = static_cast<unsigned>(row - 1);

  std::size_t op = 0, literal = 0, match = 0;  // where the literal and the match start
  bool matching = false;
  auto put_literal = [&](std::size_t end) {  // in[literal, end), 32 bytes at a time
    while (literal < end) {
      const std::size_t k = end - literal < kLongestLiteral ? end - literal : kLongestLiteral;
      if (op + 1 + k > cap) return false;
      out[op] = static_cast<unsigned char>(k - 1);
      std::memcpy(out + op + 1, in + literal, kLongestLiteral);  // within the slack
      op += 1 + k;
      literal += k;
    }
    return true;
  };
  auto put_match = [&](std::size_t len) {  // 3 or more bytes, a row back
    while (len > kLongestMatch) {          // 262 at a time leaves 3 or more
      if (op + 3 > cap) return false;
      out[op] = static_cast<unsigned char>(7 << 5 | off >> 8);
      out[op + 1] = static_cast<unsigned char>(262 - 2 - 7);
      out[op + 2] = static_cast<unsigned char>(off & 0xff);
      op += 3;
      len -= 262;
    }
    const std::size_t l = len - 2;
    const bool longer = l >= 7;
    if (op + (longer ? 3 : 2) > cap) return false;  // (3 bytes are written: the last within the slack)
    out[op] = static_cast<unsigned char>((longer ? 7 : l) << 5 | off >> 8);
    out[op + 1] = static_cast<unsigned char>(longer ? l - 7 : off & 0xff);
    out[op + 2] = static_cast<unsigned char>(off & 0xff);
    op += longer ? 3 : 2;
    return true;
  };

  // Runs of 3 or more equal bytes are matches, the rest literals: `runs`
  // marks the bytes of such runs, `edges` where one starts or ends.
  std::uint64_t starts_before = 0, runs_before = 0;
  for (std::size_t w = 0; w < words; ++w) {
    const std::uint64_t b = same[w], next = same[w + 1];
    const std::uint64_t starts = b & (b >> 1 | next << 63) & (b >> 2 | next << 62);
    const std::uint64_t runs = starts | starts << 1 | starts_before >> 63 | starts << 2 | starts_before >> 62;
    std::uint64_t edges = runs ^ (runs << 1 | runs_before >> 63);
    starts_before = starts;
    runs_before = runs;
    for (; edges != 0; edges &= edges - 1) {
      const std::size_t at = w * 64 + static_cast<std::size_t>(__builtin_ctzll(edges));
      if (!matching) {
        if (!put_literal(at)) return 0;
        match = at;
      } else {
        if (!put_match(at - match)) return 0;
        literal = at;
      }
      matching = !matching;
    }
  }
  if (!put_literal(n)) return 0;
  return op;
}

}  // namespace journeysim::h5
