#include "journeysim/output/output_path.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include "journeysim/core/error.h"

namespace journeysim {

namespace fs = std::filesystem;

bool check_output_path(const std::string& path, const std::vector<std::string>& inputs,
                       const std::string& what_inputs_are) {
  auto refuse = [&](const std::string& why) { throw IoError("cannot write " + path + ": " + why); };
  std::error_code ec;
  // The same name, whether or not the file exists yet (a results file not yet written).
  for (const auto& input : inputs) {
    if (fs::path(path).lexically_normal() == fs::path(input).lexically_normal())
      refuse("it is " + what_inputs_are + " (" + input + ")");
  }
  const fs::file_status status = fs::status(path, ec);
  const bool exists = fs::exists(status);
  if (exists) {
    if (fs::is_directory(status))
      refuse("it is a folder; give a file name, such as " +
             (fs::path(path) / "results.h5").lexically_normal().string());
    if (!fs::is_regular_file(status))
      refuse("it is not a regular file (a device, a pipe or a socket); results go only to regular files");
    for (const auto& input : inputs) {
      if (fs::equivalent(path, input, ec)) refuse("it is " + what_inputs_are + " (" + input + ")");
    }
  }
  const fs::path folder = fs::path(path).has_parent_path() ? fs::path(path).parent_path() : fs::path(".");
  const fs::file_status folder_status = fs::status(folder, ec);
  if (!fs::exists(folder_status)) refuse("the folder " + folder.string() + " does not exist");
  if (!fs::is_directory(folder_status)) refuse(folder.string() + " is not a folder");
  // The temporary file is created beside the target, then renamed over it.
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    refuse("the folder " + folder.string() + " is not writable");
  return exists;
}

std::optional<std::string> file_head(const std::string& path, std::size_t bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string head(bytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(bytes));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head;
}

bool check_replaceable_path(const std::string& path, const std::vector<std::string>& inputs,
                            const std::string& what_inputs_are, std::string_view signature,
                            const std::string& not_ours) {
  const bool exists = check_output_path(path, inputs, what_inputs_are);
  if (exists) {
    const auto head = file_head(path, signature.size());
    if (!head) {
      throw IoError("cannot write " + path + ": a file is there that cannot be read (" +
                    std::strerror(errno) +
                    "), so not known to be one it may replace; move it away or give another -o");
    }
    if (!head->empty() && *head != signature)
      throw IoError("cannot write " + path + ": " + not_ours + "; move it away or give another -o");
  }
  return exists;
}

bool check_results_path(const std::string& path, const std::vector<std::string>& inputs) {
  // HDF5's signature opens every file it writes without a user block, as ours are.
  static constexpr std::string_view kHdf5{"\x89HDF\r\n\x1a\n", 8};
  return check_replaceable_path(path, inputs, "the scenario being read", kHdf5,
                                "a file that is not HDF5 is there (it does not start as an HDF5 file does), "
                                "and results replace only an earlier HDF5 file");
}

}  // namespace journeysim

namespace journeysim {

namespace {
// The temporary's name less its pid: the output's name, cut so that the
// whole fits in a file name (255 bytes, NAME_MAX here) with ".tmp-" and
// any pid's digits. Cut or not, it sits beside the output.
std::string temporary_prefix(const fs::path& out) {
  constexpr std::size_t kNameMax = 255, kRoom = kNameMax - std::string_view(".tmp-").size() - 10;
  std::string name = out.filename().string();
  if (name.size() > kRoom) name.resize(kRoom);
  return name + ".tmp-";
}
}  // namespace

std::string temporary_path(const std::string& path) {
  const fs::path out(path);
  return (out.parent_path() / temporary_prefix(out)).string() + std::to_string(::getpid());
}

void remove_stale_temporaries(const std::string& output) {
  const fs::path out(output);
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  const std::string prefix = temporary_prefix(out);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.compare(0, prefix.size(), prefix) != 0 || !entry.is_regular_file(ec)) continue;
    const std::string pid = name.substr(prefix.size());
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos) continue;
    // Still running (or not ours to ask): leave it. A killed process whose
    // parent has not reaped it yet still answers kill(); its state is Z.
    if (::kill(static_cast<pid_t>(std::stol(pid)), 0) == 0) {
      std::ifstream stat("/proc/" + pid + "/stat");
      std::string line;
      std::getline(stat, line);
      const auto close = line.rfind(')');
      if (close == std::string::npos || close + 2 >= line.size() || line[close + 2] != 'Z') continue;
    } else if (errno != ESRCH) {
      continue;
    }
    fs::remove(entry.path(), ec);
  }
}

void write_text_file(const std::string& path, const std::string& text) {
  const std::string tmp = temporary_path(path);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError("cannot write " + path + ": " + std::strerror(errno));
  std::size_t at = 0;
  bool ok = true;
  while (ok && at < text.size()) {
    const ::ssize_t n = ::write(fd, text.data() + at, text.size() - at);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) at += static_cast<std::size_t>(n);
  }
  const int error = ok ? 0 : errno;
  ok = ok && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(error ? error : errno);
    std::remove(tmp.c_str());
    throw IoError("cannot write " + path + ": " + why);
  }
}

}  // namespace journeysim
