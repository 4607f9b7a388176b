#pragma once
// The only place that includes H5Cpp.h. Wraps what journeysim needs of HDF5
// once: typed datasets with their `dims` and `unit` attributes, string
// arrays and attributes, and a file that appears under its name only when
// complete. Every HDF5 exception becomes an IoError naming the file.
#include <H5Cpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

namespace journeysim::h5 {

// Silences the HDF5 library's own error printing. HDF5 keeps an error stack
// per thread, so every thread that calls HDF5 calls this first (it is cheap
// after the first time on a thread).
void quiet();

// "cannot write PATH: REASON" for an HDF5 failure while writing: the system's
// reason when a write failed for lack of room or a size limit, else the
// HDF5 function that failed.
std::string write_failure(const std::string& path, const H5::Exception& e);

template <class T>
const H5::PredType& type_of();

// Writes `path` through a temporary file beside it: commit() closes, syncs
// and renames; destruction without commit() removes the temporary.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  H5::H5File& file() { return *file_; }
  // Gives up on the file: removes the temporary and sends whatever HDF5
  // still writes while its objects close to /dev/null, so that closing
  // cannot fail even on a full disk. Call it before closing anything after
  // a failure.
  void discard();
  void commit(const std::atomic<bool>* stop = nullptr);

 private:
  std::string path_, tmp_;
  // On the heap so that a file HDF5 failed to close can be let go of: the
  // H5File destructor would close it again and crash inside HDF5 (seen with
  // a full disk).
  std::unique_ptr<H5::H5File> file_;
  void close_or_abandon();
  bool committed_ = false;
  bool discarded_ = false;
};

void attr(H5::H5Object& obj, const std::string& name, const std::string& value);
void attr(H5::H5Object& obj, const std::string& name, long long value);
void attr(H5::H5Object& obj, const std::string& name, double value);

H5::Group group(H5::H5File& file, const std::string& path);

template <class T>
void dataset(H5::H5File& file, const std::string& path, const std::vector<hsize_t>& dims,
             const std::vector<T>& data, const std::string& dims_attr, const std::string& unit = "");

// A dataset that grows along its first dimension (a run, an event) while
// the rest of each row's shape is fixed. Rows are buffered until a chunk is
// full and written a whole chunk at a time, so HDF5 needs no chunk cache:
// memory stays at one chunk whatever the number of rows. A chunk holds about
// 1 MiB, or `expected_rows` rows if fewer (HDF5 stores whole chunks).
class Appender {
 public:
  Appender(H5::H5File& file, const std::string& path, const H5::DataType& type, std::vector<hsize_t> row_dims,
           hsize_t expected_rows, const std::string& dims_attr, const std::string& unit, int deflate = 0,
           hsize_t chunk_rows = 0);
  // Appends `n` rows laid out as `type`, row after row.
  void append(const void* rows, std::size_t n);
  void flush();
  hsize_t rows() const { return written_ + buffered_; }
  H5::DataSet& dataset() { return ds_; }  // for attributes of its own

 private:
  void write(const unsigned char* data, hsize_t n);
  H5::DataSet ds_;
  H5::DataType type_;
  std::vector<hsize_t> row_dims_;
  std::size_t row_bytes_;
  hsize_t chunk_rows_;
  std::vector<unsigned char> buffer_;
  hsize_t buffered_ = 0, written_ = 0;
};

void strings(H5::H5File& file, const std::string& path, const std::vector<std::string>& values,
             const std::string& dims_attr);
void text(H5::H5File& file, const std::string& path, const std::string& value);

// Readers, for tests and later commands.
std::string read_text_attr(H5::H5Object& obj, const std::string& name);
std::vector<std::string> read_strings(H5::H5File& file, const std::string& path);
template <class T>
std::vector<T> read_dataset(H5::H5File& file, const std::string& path, std::vector<hsize_t>* dims = nullptr);

}  // namespace journeysim::h5
