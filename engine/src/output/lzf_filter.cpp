#include "lzf_filter.h"

#include <cerrno>
#include <cstdlib>
#include <mutex>

#include "journeysim/core/error.h"

extern "C" {
#include <lzf.h>
}

namespace journeysim::h5 {

namespace {

// h5py's filter version and slots: [0] its version, [1] liblzf's API
// version, [2] the bytes of a whole chunk (the buffer to decompress into).
constexpr unsigned kH5pyLzfVersion = 4;

herr_t set_local(hid_t dcpl, hid_t type, hid_t) {
  unsigned flags = 0;
  std::size_t n = 8;
  unsigned values[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  if (H5Pget_filter_by_id2(dcpl, kLzfFilter, &flags, &n, values, 0, nullptr, nullptr) < 0) return -1;
  if (n < 3) n = 3;
  values[0] = kH5pyLzfVersion;
  values[1] = LZF_VERSION;
  hsize_t chunk[32];
  const int dims = H5Pget_chunk(dcpl, 32, chunk);
  if (dims < 0) return -1;
  std::size_t bytes = H5Tget_size(type);
  for (int i = 0; i < dims; ++i) bytes *= static_cast<std::size_t>(chunk[i]);
  values[2] = static_cast<unsigned>(bytes);
  return H5Pmodify_filter(dcpl, kLzfFilter, flags, n, values);
}

// HDF5's filter callback: returns the new size of *buf, or 0 on failure
// (for compression, output no smaller than the input: the chunk is then
// stored as it is, the filter being optional).
std::size_t filter(unsigned flags, std::size_t cd_nelmts, const unsigned cd_values[], std::size_t nbytes,
                   std::size_t* buf_size, void** buf) {
  std::size_t out_size;
  void* out = nullptr;
  unsigned status = 0;
  if (!(flags & H5Z_FLAG_REVERSE)) {
    out_size = nbytes;
    out = std::malloc(out_size);
    if (!out) return 0;
    status = lzf_compress(*buf, static_cast<unsigned>(nbytes), out, static_cast<unsigned>(out_size));
  } else {
    out_size = cd_nelmts >= 3 && cd_values[2] != 0 ? cd_values[2] : *buf_size;
    for (;;) {
      out = std::malloc(out_size);
      if (!out) return 0;
      errno = 0;  // lzf says why it failed only through errno
      status = lzf_decompress(*buf, static_cast<unsigned>(nbytes), out, static_cast<unsigned>(out_size));
      if (status != 0 || errno != E2BIG) break;
      std::free(out);
      out_size += *buf_size;  // a chunk larger than the parameters say: grow and retry
    }
  }
  if (status == 0) {
    std::free(out);
    return 0;
  }
  std::free(*buf);
  *buf = out;
  *buf_size = out_size;
  return status;
}

}  // namespace

void register_lzf() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once, [] {
    H5Z_class2_t lzf{};
    lzf.version = H5Z_CLASS_T_VERS;
    lzf.id = kLzfFilter;
    lzf.encoder_present = 1;
    lzf.decoder_present = 1;
    lzf.name = "lzf";
    lzf.set_local = set_local;
    lzf.filter = filter;
    ok = H5Zregister(&lzf) >= 0;
  });
  if (!ok) throw IoError("HDF5 refused the LZF filter (32000) for /events");
}

}  // namespace journeysim::h5
