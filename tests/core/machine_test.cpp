// The memory a run may use: the machine's, or its cgroup's limit where that
// is lower (a container, a Slurm job's --mem), read as /proc/self/cgroup
// names it. Each case builds a small cgroup tree in a temporary directory.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "journeysim/core/machine.h"
#include "support.h"

namespace {
void write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << text;
}
}  // namespace

TEST_CASE("the memory limit of a cgroup is the lowest of its own and those above it", "[core][memory]") {
  jst::TempDir dir;
  const std::string root = dir.file("cg");
  SECTION("v2: the job's limit binds its step, whose own is max") {
    write(dir.file("self"), "0::/job/step\n");
    write(root + "/memory.max", "max\n");
    write(root + "/job/memory.max", "8589934592\n");
    write(root + "/job/step/memory.max", "max\n");
    CHECK(journeysim::cgroup_memory_limit(dir.file("self"), root) == 8589934592.0);
  }
  SECTION("v2 with no limit anywhere") {
    write(dir.file("self"), "0::/job\n");
    write(root + "/job/memory.max", "max\n");
    CHECK(journeysim::cgroup_memory_limit(dir.file("self"), root) == 0.0);
  }
  SECTION("v1: the memory controller's line, among others") {
    write(dir.file("self"), "9:name=systemd:/\n4:memory:/box\n0::/\n");
    write(root + "/memory/memory.limit_in_bytes", "9223372036854771712\n");
    write(root + "/memory/box/memory.limit_in_bytes", "1073741824\n");
    CHECK(journeysim::cgroup_memory_limit(dir.file("self"), root) == 1073741824.0);
  }
  SECTION("no cgroup file") {
    CHECK(journeysim::cgroup_memory_limit(dir.file("missing"), root) == 0.0);
  }
}

TEST_CASE("the memory a run may use is known on this machine", "[core][memory]") {
  CHECK(journeysim::usable_memory_bytes() > 0.0);
}
