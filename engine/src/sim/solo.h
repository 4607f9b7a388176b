#pragma once
// Independent customers without campaigns: nothing but a customer's own
// journey stream decides its path, and it has at most one pending event at a
// time, its next touch. Then a journey is a loop of touches (the kernel of
// touch.h, with nothing reacting to it), each giving the delay to the next,
// with no event queue at all.
#include <atomic>
#include <cstdint>

#include "journeysim/model/model.h"
#include "journeysim/sim/event_sink.h"
#include "journeysim/sim/run_result.h"

namespace journeysim::detail {

// True when simulate_solo may run the model: customers independent
// (customers_independent) and no campaign.
bool solo_applies(const Model& model);

// A replication of more than kBlock customers runs in blocks (blocks.h).
RunResult simulate_solo(const Model& model, std::uint32_t replication, EventSink* events,
                        const std::atomic<bool>* stop, unsigned threads = 1);

}  // namespace journeysim::detail
