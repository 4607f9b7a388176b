#include "journeysim/core/machine.h"

#include <unistd.h>

#include <fstream>
#include <string>

namespace journeysim {

namespace {
// A cgroup's limit in bytes from one of its files; 0 for "max" (none) or no file.
double cgroup_limit(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text.find_first_not_of("0123456789") != std::string::npos) return 0.0;
  return std::stod(text);
}

}  // namespace

double cgroup_memory_limit(const std::string& cgroup_file, const std::string& root) {
  std::ifstream in(cgroup_file);
  double lowest = 0.0;
  for (std::string line; std::getline(in, line);) {
    const auto a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    const std::string controllers = line.substr(a + 1, b - a - 1);
    std::string dir;
    std::string file;
    if (controllers.empty()) {
      dir = root;
      file = "/memory.max";
    } else if (controllers.find("memory") != std::string::npos) {
      dir = root + "/memory";
      file = "/memory.limit_in_bytes";  // "no limit" is a number near 2^63, above any machine's memory
    } else {
      continue;
    }
    for (std::string path = line.substr(b + 1);;) {
      const double limit = cgroup_limit(dir + (path == "/" ? "" : path) + file);
      if (limit > 0 && (lowest == 0 || limit < lowest)) lowest = limit;
      if (path.empty() || path == "/") break;
      const auto slash = path.rfind('/');
      path = slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
    }
  }
  return lowest;
}

double usable_memory_bytes() {
  double bytes =
      static_cast<double>(::sysconf(_SC_PHYS_PAGES)) * static_cast<double>(::sysconf(_SC_PAGESIZE));
  if (!(bytes > 0)) bytes = 0.0;
  const double limit = cgroup_memory_limit("/proc/self/cgroup", "/sys/fs/cgroup");
  if (limit > 0 && (bytes == 0 || limit < bytes)) bytes = limit;
  return bytes;
}

}  // namespace journeysim
