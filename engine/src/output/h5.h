#pragma once
// The only place that includes H5Cpp.h. Wraps what journeysim needs of HDF5
// once: typed datasets with their `dims` and `unit` attributes, string
// arrays and attributes, and a file that appears under its name only when
// complete. Every HDF5 exception becomes an IoError naming the file.
#include <H5Cpp.h>

#include <string>
#include <vector>

namespace journeysim::h5 {

// Silences the HDF5 library's own error printing, once per process.
void quiet();

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

  H5::H5File& file() { return file_; }
  void commit();

 private:
  std::string path_, tmp_;
  H5::H5File file_;
  bool committed_ = false;
};

void attr(H5::H5Object& obj, const std::string& name, const std::string& value);
void attr(H5::H5Object& obj, const std::string& name, long long value);
void attr(H5::H5Object& obj, const std::string& name, double value);

H5::Group group(H5::H5File& file, const std::string& path);

template <class T>
void dataset(H5::H5File& file, const std::string& path, const std::vector<hsize_t>& dims,
             const std::vector<T>& data, const std::string& dims_attr, const std::string& unit = "");

void strings(H5::H5File& file, const std::string& path, const std::vector<std::string>& values,
             const std::string& dims_attr);
void text(H5::H5File& file, const std::string& path, const std::string& value);

// Readers, for tests and later commands.
std::string read_text_attr(H5::H5Object& obj, const std::string& name);
std::vector<std::string> read_strings(H5::H5File& file, const std::string& path);
template <class T>
std::vector<T> read_dataset(H5::H5File& file, const std::string& path, std::vector<hsize_t>* dims = nullptr);

}  // namespace journeysim::h5
