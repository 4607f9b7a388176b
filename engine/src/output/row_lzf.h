#pragma once
// An LZF encoder for rows of one fixed size, such as /events' 23-byte
// records. It writes the LZF format, so h5py's filter and liblzf read its
// output as they read lzf_compress's, but it looks for one thing only: the
// bytes that equal the same bytes of the row before (a back reference one
// row long). A row of /events mostly repeats the one before (the run, the
// customer, the stage, the top of the time), so that is most of what
// lzf_compress finds, at a third of its time: lzf_compress hashes every
// position and took 0.5 s of CPU for 2,000,000 customers' 9.3 million
// records, more than the simulation; this takes 0.14 s. Its output is
// about 15% larger (1.72 times smaller than the rows, against 2.0).
#include <cstddef>
#include <cstdint>
#include <vector>

namespace journeysim::h5 {

// Bytes that row_lzf may read past the end of its input and write past the
// end of its output (a short literal is copied 32 bytes at a time).
inline constexpr std::size_t kRowLzfSlack = 32;

// LZF-compresses the n bytes at `in`, rows of `row` bytes (1 to 8192),
// into at most `cap` bytes at `out`; returns the bytes written, or 0 when
// they would not fit (as lzf_compress). `in` must be readable and `out`
// writable kRowLzfSlack bytes further. `scratch` is working memory (a bit
// per byte), kept between calls so that each does not allocate.
std::size_t row_lzf(const unsigned char* in, std::size_t n, std::size_t row, unsigned char* out,
                    std::size_t cap, std::vector<std::uint64_t>& scratch);

}  // namespace journeysim::h5
