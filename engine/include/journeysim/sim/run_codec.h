#pragma once
// A run's results as bytes and back, bit for bit: what the sweep journal
// appends and what the processes of a sweep under MPI send to rank 0. The
// bytes are for this build of journeysim on this kind of machine (native
// byte order), never for a file that outlives the sweep.
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "journeysim/sim/run_result.h"

namespace journeysim {

std::string encode_run(const RunResult& result);
// Throws IoError when the bytes end early.
RunResult decode_run(const std::string& bytes);

// FNV-1a, 64 bits: tells a torn or damaged record from a whole one, and one
// plan from another.
std::uint64_t checksum64(const std::string& bytes);

// Plain values, strings and vectors of plain values, appended in order.
struct ByteWriter {
  std::string bytes;
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    bytes.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put(const std::string& s) {
    put(static_cast<std::uint64_t>(s.size()));
    bytes += s;
  }
  template <class T>
  void put(const std::vector<T>& v) {
    put(static_cast<std::uint64_t>(v.size()));
    bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  template <class... T>
  void all(const T&... v) {
    (put(v), ...);
  }
};

// Reads what ByteWriter wrote, in the same order; IoError past the end.
struct ByteReader {
  const std::string& bytes;
  std::size_t at = 0;
  void need(std::size_t n);
  template <class T>
  void get(T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    need(sizeof v);
    std::memcpy(&v, bytes.data() + at, sizeof v);
    at += sizeof v;
  }
  void get(std::string& s) {
    std::uint64_t n = 0;
    get(n);
    need(n);
    s.assign(bytes.data() + at, n);
    at += n;
  }
  template <class T>
  void get(std::vector<T>& v) {
    std::uint64_t n = 0;
    get(n);
    if (n > (bytes.size() - at) / sizeof(T))
      need(SIZE_MAX);  // past the end, without n * sizeof(T) overflowing
    v.resize(n);
    if (n) std::memcpy(v.data(), bytes.data() + at, n * sizeof(T));
    at += n * sizeof(T);
  }
  template <class... T>
  void all(T&... v) {
    (get(v), ...);
  }
};

// The same, inside a longer message.
void put_run(ByteWriter& out, const RunResult& result);
void get_run(ByteReader& in, RunResult& result);

}  // namespace journeysim
