#pragma once
// What this machine lets a run use, for the checks that refuse or shrink a
// run before it would be killed for its memory.

#include <string>

namespace journeysim {

// Bytes of memory a run may use: the machine's physical memory, or less
// where the process's cgroup (a container, a Slurm job's --mem) limits it.
// 0 when unknown.
double usable_memory_bytes();

// The lowest memory limit of the cgroup named in `cgroup_file` (the format
// of /proc/self/cgroup: "0::/path" for v2, "N:memory:/path" for v1) and of
// its ancestors, under `root` (/sys/fs/cgroup): a Slurm job's --mem sits on
// the job's cgroup, above the step's. 0 for none.
double cgroup_memory_limit(const std::string& cgroup_file, const std::string& root);

}  // namespace journeysim
