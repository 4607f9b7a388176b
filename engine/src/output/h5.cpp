#include "h5.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "journeysim/core/error.h"
#include "journeysim/output/output_path.h"

namespace journeysim::h5 {

void quiet() {
  thread_local const bool once = [] {
    H5::Exception::dontPrint();
    return true;
  }();
  (void)once;
}

std::string write_failure(const std::string& path, const H5::Exception& e) {
  const int error = errno;
  if (error == ENOSPC) return "cannot write " + path + ": no space left on the device";
  if (error == EDQUOT || error == EFBIG || error == EIO)
    return "cannot write " + path + ": " + std::strerror(error);
  return "cannot write " + path + ": HDF5 failed in " + e.getFuncName();
}

template <>
const H5::PredType& type_of<std::int64_t>() {
  return H5::PredType::NATIVE_INT64;
}
template <>
const H5::PredType& type_of<double>() {
  return H5::PredType::NATIVE_DOUBLE;
}
template <>
const H5::PredType& type_of<std::uint32_t>() {
  return H5::PredType::NATIVE_UINT32;
}

namespace {
std::string dir_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

void sync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

H5::StrType vl_string() {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  return type;
}
}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  quiet();
  tmp_ = temporary_path(path_);
  // Opening it ourselves first gives the OS's reason when the place is not writable.
  const int fd = ::open(tmp_.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) {
    throw IoError("cannot write " + path_ + ": " + std::strerror(errno));
  }
  ::close(fd);
  try {
    file_ = std::make_unique<H5::H5File>(tmp_, H5F_ACC_TRUNC);
  } catch (const H5::Exception& e) {
    std::remove(tmp_.c_str());
    throw IoError("cannot write " + path_ + ": HDF5 could not create the file");
  }
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    close_or_abandon();
    std::remove(tmp_.c_str());
  }
}

void AtomicFile::discard() {
  if (committed_ || discarded_ || !file_) return;
  discarded_ = true;
  // What HDF5 still writes while its objects close goes to memory: the
  // file's descriptor becomes an anonymous memory file's, which takes writes
  // and the truncation HDF5 makes on close (/dev/null refuses the latter).
  // On a full disk even an emptied file has no room for the metadata of a
  // dozen datasets, and a close that fails leaves HDF5 to crash when the
  // file is closed again (by ~H5File, or by its own clean-up at exit).
  void* handle = nullptr;
  if (H5Fget_vfd_handle(file_->getId(), H5P_DEFAULT, &handle) >= 0 && handle) {
    const int nowhere = ::memfd_create("journeysim-discarded", 0);
    if (nowhere >= 0) {
      ::dup2(nowhere, *static_cast<int*>(handle));
      ::close(nowhere);
    }
  }
  std::remove(tmp_.c_str());
}

void AtomicFile::close_or_abandon() {
  if (!file_) return;
  discard();
  try {
    file_->close();
    file_.reset();
  } catch (const H5::Exception&) {
    static_cast<void>(file_.release());
  }
}

void AtomicFile::commit(const std::atomic<bool>* stop) {
  quiet();
  errno = 0;
  try {
    file_->close();
    file_.reset();
  } catch (const H5::Exception& e) {
    const std::string why = write_failure(path_, e);
    close_or_abandon();
    throw IoError(why);  // the destructor removes the temporary, as on every failure below
  }
  // The last moment to stop without a file under the target's name.
  if (stop && stop->load()) throw Interrupted("interrupted");
  // A flush alone does not survive a crash; sync the file, rename, sync the directory.
  sync_path(tmp_, O_RDONLY);
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0)
    throw IoError("cannot write " + path_ + ": " + std::strerror(errno));
  sync_path(dir_of(path_), O_RDONLY | O_DIRECTORY);
  committed_ = true;
}

void attr(H5::H5Object& obj, const std::string& name, const std::string& value) {
  const auto type = vl_string();
  auto a = obj.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  const char* p = value.c_str();
  a.write(type, &p);
}

void attr(H5::H5Object& obj, const std::string& name, long long value) {
  auto a = obj.createAttribute(name, H5::PredType::NATIVE_INT64, H5::DataSpace(H5S_SCALAR));
  const std::int64_t v = value;
  a.write(H5::PredType::NATIVE_INT64, &v);
}

void attr(H5::H5Object& obj, const std::string& name, double value) {
  auto a = obj.createAttribute(name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(H5S_SCALAR));
  a.write(H5::PredType::NATIVE_DOUBLE, &value);
}

H5::Group group(H5::H5File& file, const std::string& path) {
  if (file.nameExists(path)) return file.openGroup(path);
  return file.createGroup(path);
}

template <class T>
void dataset(H5::H5File& file, const std::string& path, const std::vector<hsize_t>& dims,
             const std::vector<T>& data, const std::string& dims_attr, const std::string& unit) {
  H5::DataSpace space(static_cast<int>(dims.size()), dims.data());
  auto ds = file.createDataSet(path, type_of<T>(), space);
  if (!data.empty()) ds.write(data.data(), type_of<T>());
  attr(ds, "dims", dims_attr);
  if (!unit.empty()) attr(ds, "unit", unit);
}

template void dataset<std::int64_t>(H5::H5File&, const std::string&, const std::vector<hsize_t>&,
                                    const std::vector<std::int64_t>&, const std::string&, const std::string&);
template void dataset<double>(H5::H5File&, const std::string&, const std::vector<hsize_t>&,
                              const std::vector<double>&, const std::string&, const std::string&);

Appender::Appender(H5::H5File& file, const std::string& path, const H5::DataType& type,
                   std::vector<hsize_t> row_dims, hsize_t expected_rows, const std::string& dims_attr,
                   const std::string& unit, int deflate, hsize_t chunk_rows)
    : type_(type), row_dims_(std::move(row_dims)) {
  constexpr std::size_t kChunkBytes = 1 << 20;
  std::size_t elements = 1;
  for (hsize_t d : row_dims_) elements *= static_cast<std::size_t>(d);
  row_bytes_ = elements * type_.getSize();
  std::vector<hsize_t> dims{0}, max_dims{H5S_UNLIMITED}, chunk{1};
  for (hsize_t d : row_dims_) {
    dims.push_back(d);
    max_dims.push_back(d);
    chunk.push_back(std::max<hsize_t>(d, 1));
  }
  if (chunk_rows == 0) {
    chunk_rows = std::max<std::size_t>(1, kChunkBytes / std::max<std::size_t>(row_bytes_, 1));
    chunk_rows = std::min(chunk_rows, std::max<hsize_t>(expected_rows, 1));
  }
  chunk_rows_ = chunk_rows;
  chunk[0] = chunk_rows_;
  // A row larger than a chunk (a long horizon's occupancy) is cut along its
  // first dimension, and written straight through, not buffered.
  if (row_bytes_ > kChunkBytes && chunk.size() > 1) {
    const std::size_t per_step = row_bytes_ / static_cast<std::size_t>(chunk[1]);
    chunk[1] = std::max<hsize_t>(1, kChunkBytes / std::max<std::size_t>(per_step, 1));
  }
  H5::DataSpace space(static_cast<int>(dims.size()), dims.data(), max_dims.data());
  H5::DSetCreatPropList create;
  create.setChunk(static_cast<int>(chunk.size()), chunk.data());
  if (deflate > 0) create.setDeflate(deflate);
  H5::DSetAccPropList access;
  access.setChunkCache(0, 0, 1.0);  // whole chunks are written: nothing to cache
  ds_ = file.createDataSet(path, type_, space, create, access);
  attr(ds_, "dims", dims_attr);
  if (!unit.empty()) attr(ds_, "unit", unit);
  if (row_bytes_ <= kChunkBytes) buffer_.resize(chunk_rows_ * row_bytes_);
}

void Appender::append(const void* rows, std::size_t n) {
  const auto* p = static_cast<const unsigned char*>(rows);
  if (row_bytes_ == 0) {  // [run, 0]: no campaigns, say; only the extent grows
    buffered_ += n;
    return;
  }
  if (buffer_.empty()) {
    write(p, n);
    return;
  }
  while (n > 0) {
    const std::size_t take = std::min<std::size_t>(n, chunk_rows_ - buffered_);
    std::memcpy(buffer_.data() + buffered_ * row_bytes_, p, take * row_bytes_);
    buffered_ += take;
    p += take * row_bytes_;
    n -= take;
    if (buffered_ == chunk_rows_) flush();
  }
}

void Appender::flush() {
  if (buffered_ == 0) return;
  const hsize_t n = buffered_;
  buffered_ = 0;
  if (row_bytes_ == 0) {
    std::vector<hsize_t> extent{written_ + n};
    extent.insert(extent.end(), row_dims_.begin(), row_dims_.end());
    ds_.extend(extent.data());
    written_ += n;
    return;
  }
  write(buffer_.data(), n);
}

void Appender::write(const unsigned char* data, hsize_t n) {
  if (n == 0) return;
  std::vector<hsize_t> extent{written_ + n}, start{written_}, count{n};
  for (hsize_t d : row_dims_) {
    extent.push_back(d);
    start.push_back(0);
    count.push_back(d);
  }
  ds_.extend(extent.data());
  H5::DataSpace file_space = ds_.getSpace();
  file_space.selectHyperslab(H5S_SELECT_SET, count.data(), start.data());
  H5::DataSpace memory(static_cast<int>(count.size()), count.data());
  ds_.write(data, type_, memory, file_space);
  written_ += n;
}

void strings(H5::H5File& file, const std::string& path, const std::vector<std::string>& values,
             const std::string& dims_attr) {
  const auto type = vl_string();
  const hsize_t n = values.size();
  H5::DataSpace space(1, &n);
  auto ds = file.createDataSet(path, type, space);
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  if (n) ds.write(pointers.data(), type);
  attr(ds, "dims", dims_attr);
}

void text(H5::H5File& file, const std::string& path, const std::string& value) {
  const auto type = vl_string();
  auto ds = file.createDataSet(path, type, H5::DataSpace(H5S_SCALAR));
  const char* p = value.c_str();
  ds.write(&p, type);
  attr(ds, "dims", std::string("scalar"));
  attr(ds, "unit", std::string("TOML text"));
}

std::string read_text_attr(H5::H5Object& obj, const std::string& name) {
  auto a = obj.openAttribute(name);
  std::string out;
  a.read(a.getStrType(), out);
  return out;
}

std::vector<std::string> read_strings(H5::H5File& file, const std::string& path) {
  auto ds = file.openDataSet(path);
  hsize_t n = 0;
  ds.getSpace().getSimpleExtentDims(&n);
  std::vector<char*> pointers(n, nullptr);
  const auto type = vl_string();
  if (n) ds.read(pointers.data(), type);
  std::vector<std::string> out;
  for (char* p : pointers) out.emplace_back(p ? p : "");
  if (n) H5::DataSet::vlenReclaim(pointers.data(), type, ds.getSpace());
  return out;
}

template <class T>
std::vector<T> read_dataset(H5::H5File& file, const std::string& path, std::vector<hsize_t>* dims) {
  auto ds = file.openDataSet(path);
  auto space = ds.getSpace();
  std::vector<hsize_t> d(static_cast<std::size_t>(space.getSimpleExtentNdims()));
  space.getSimpleExtentDims(d.data());
  std::vector<T> out(static_cast<std::size_t>(space.getSimpleExtentNpoints()));
  if (!out.empty()) ds.read(out.data(), type_of<T>());
  if (dims) *dims = d;
  return out;
}

template std::vector<std::int64_t> read_dataset<std::int64_t>(H5::H5File&, const std::string&,
                                                              std::vector<hsize_t>*);
template std::vector<double> read_dataset<double>(H5::H5File&, const std::string&, std::vector<hsize_t>*);

}  // namespace journeysim::h5
