#pragma once
#include <algorithm>
#include <cstdlib>

namespace journeysim_cli {

// The number of processes a launcher started this one among: OpenMPI's
// mpirun, then PMI-2 (srun --mpi=pmi2, MPICH's Hydra), then PMIx (srun
// --mpi=pmix: the count unknown here, 1); 0 when no launcher started it.
// Slurm's own variables are not enough: a batch script has them too.
inline int launched_processes() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (const char* v = std::getenv(name)) return std::max(1, std::atoi(v));
  }
  return std::getenv("PMIX_RANK") ? 1 : 0;
}

inline bool launched_by_mpi() {
  return launched_processes() > 0;
}

}  // namespace journeysim_cli
