#pragma once
// MPI for `mpirun -np N journeysim sweep …`: the library's Transport
// (journeysim/experiment/transport.h) over MPI_COMM_WORLD. Built when CMake
// finds OpenMPI; without it, or when the process was not started by mpirun
// or srun, journeysim is one process and MPI is never started.
#include <memory>
#include <string>

#include "journeysim/experiment/transport.h"

namespace journeysim_cli {

// This process's place in an MPI job.
struct MpiJob {
  std::unique_ptr<journeysim::Transport> transport;  // null: one process, MPI never started
  int on_this_machine = 1;  // processes of the job on this machine, which share its cores
};

// Starts MPI when a launcher (mpirun, srun) started this process and this
// build has MPI. Throws std::runtime_error when a launcher started several
// processes of a build without MPI: each would run the whole sweep.
MpiJob start_mpi();

}  // namespace journeysim_cli
