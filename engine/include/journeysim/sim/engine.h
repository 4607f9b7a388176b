#pragma once
#include <cstdint>

#include "journeysim/model/model.h"
#include "journeysim/sim/run_result.h"

namespace journeysim {

// One replication of one arm, exactly as DESIGN §3 describes: events in
// (time, customer, sequence) order up to the horizon. Single-threaded and a
// pure function of (model, replication).
RunResult simulate(const Model& model, std::uint32_t replication, bool record_events = false);

}  // namespace journeysim
