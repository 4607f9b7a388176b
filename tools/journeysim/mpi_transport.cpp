#include "mpi_transport.h"

#include <mpi.h>

#include <chrono>
#include <climits>
#include <cstdlib>
#include <thread>

#include "journeysim/core/error.h"
#include "launcher.h"

namespace journeysim_cli {

namespace {
constexpr int kTag = 7;

// A waiting process sleeps between looks instead of spinning on a core, as
// MPI's blocking calls do: on a machine with a rank per core, a spinning
// idle rank would take time from a working one.
void pause(std::chrono::microseconds& wait) {
  std::this_thread::sleep_for(wait);
  wait = std::min(wait * 2, std::chrono::microseconds(1000));
}

std::string take(MPI_Status& status) {
  int bytes = 0;
  MPI_Get_count(&status, MPI_BYTE, &bytes);
  std::string message(static_cast<std::size_t>(bytes), '\0');
  MPI_Recv(message.data(), bytes, MPI_BYTE, status.MPI_SOURCE, kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return message;
}

class MpiTransport final : public journeysim::Transport {
 public:
  MpiTransport();
  ~MpiTransport() override;  // MPI_Finalize
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void send(int to, const std::string& message) override;
  int try_receive(std::string& message) override;
  std::string receive(int from) override;
  int on_this_machine() const { return local_; }

 private:
  int rank_ = 0, size_ = 1, local_ = 1;
};

MpiTransport::MpiTransport() {
  // Only the thread that started MPI calls it (rank 0's coordinator, the
  // others' main loop): FUNNELED is enough.
  int provided = 0;
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  MPI_Comm_size(node, &local_);
  MPI_Comm_free(&node);
}

MpiTransport::~MpiTransport() {
  MPI_Finalize();
}

void MpiTransport::send(int to, const std::string& message) {
  if (message.size() > static_cast<std::size_t>(INT_MAX))
    throw journeysim::IoError("a chunk of runs is over 2 GB, more than one MPI message holds");
  MPI_Send(message.data(), static_cast<int>(message.size()), MPI_BYTE, to, kTag, MPI_COMM_WORLD);
}

int MpiTransport::try_receive(std::string& message) {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(MPI_ANY_SOURCE, kTag, MPI_COMM_WORLD, &flag, &status);
  if (!flag) return -1;
  message = take(status);
  return status.MPI_SOURCE;
}

std::string MpiTransport::receive(int from) {
  auto wait = std::chrono::microseconds(10);
  for (;;) {
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(from, kTag, MPI_COMM_WORLD, &flag, &status);
    if (flag) return take(status);
    pause(wait);
  }
}

}  // namespace

MpiJob start_mpi() {
  MpiJob job;
  if (!launched_by_mpi()) return job;
  auto mpi = std::make_unique<MpiTransport>();
  job.on_this_machine = mpi->on_this_machine();
  job.transport = std::move(mpi);
  return job;
}

}  // namespace journeysim_cli
