// start_mpi() of a build without MPI (CMake did not find OpenMPI).
#include <stdexcept>

#include "launcher.h"
#include "mpi_transport.h"

namespace journeysim_cli {

MpiJob start_mpi() {
  if (launched_processes() > 1) {
    throw std::runtime_error(
        "this journeysim was built without MPI, so under mpirun each process would run the whole "
        "command; install libopenmpi-dev (tools/setup.sh does), build again, or run one process");
  }
  return {};
}

}  // namespace journeysim_cli
