#pragma once
// Messages between the processes of one sweep. The command line gives MPI's
// (tools/journeysim/mpi_transport.cpp, built when OpenMPI is found); the
// tests give threads in one process. The library knows only this.
#include <string>

namespace journeysim {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual int rank() const = 0;  // this process, 0 … size() - 1; 0 writes the file
  virtual int size() const = 0;
  // Delivered whole and, between two processes, in the order sent.
  virtual void send(int to, const std::string& message) = 0;
  // A message that has arrived from any process, without waiting: its
  // sender, or -1 when none has.
  virtual int try_receive(std::string& message) = 0;
  // The next message from `from`, waiting for it.
  virtual std::string receive(int from) = 0;
};

}  // namespace journeysim
