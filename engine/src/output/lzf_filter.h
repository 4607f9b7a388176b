#pragma once
// h5py's LZF filter (HDF5 filter 32000), for the /events log: several times
// cheaper than gzip at level 1, which took three quarters of a run with
// --events, and read by stock h5py (it registers the filter itself) with
// no plugin. The chunks are in the LZF format h5py's lzf_filter.c writes,
// with h5py's parameters (filter version, LZF API version, chunk bytes),
// so each reads what the other writes; /events' own chunks come from
// row_lzf.h's encoder, and this filter decodes with liblzf. C tools such as h5dump need
// a plugin (Debian 12's hdf5-plugin-lzf prints no rows, for h5py's own
// LZF files too).
#include <H5Cpp.h>

namespace journeysim::h5 {

inline constexpr H5Z_filter_t kLzfFilter = 32000;

// Registers the filter with HDF5, once per process; throws IoError if HDF5
// refuses it.
void register_lzf();

}  // namespace journeysim::h5
