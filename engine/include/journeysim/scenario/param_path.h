#pragma once
// Parameter paths name any numeric or boolean field by ids (DESIGN §2):
// scenario.<field>, population.<field>, population.arrival.<field>,
// segment.<id>.<field>, segment.<id>.channels.<channel>, channel.<id>.<field>,
// stage.<id>.<field>, touchpoint.<stage>.<channel>.<field>, campaign.<id>.<field>,
// referrals.<field>, and, where the entity has a delay of its own,
// <entity>.delay.<parameter> (e.g. stage.awareness.delay.mean).
// The same paths serve [[variants]] set, [sweep] and --set on the command line.
#include <optional>
#include <string>
#include <vector>

#include "journeysim/scenario/scenario.h"

namespace journeysim {

// Sets the field; returns empty on success, else what is wrong (unknown path,
// wrong type, value out of range), phrased to follow the path in a message.
std::string set_param(Scenario& scenario, const std::string& path, const ParamValue& value);

// Reads the field as the scenario holds it (use a resolved scenario for defaults).
std::optional<ParamValue> get_param(const Scenario& scenario, const std::string& path);

// Why setting `path` changes nothing in `scenario` (resolved), or empty if
// it may: a field of a campaign that is not enabled (but `enabled`).
std::string inert_because(const Scenario& scenario, const std::string& path);

// Parses "PATH=VALUE" as given to --set; the value is a number, true or false.
// Throws ScenarioError naming the argument when it cannot be parsed.
Override parse_override(const std::string& text);

// Applies overrides in order; every one that fails becomes a Problem at its
// position in scenario.file (or on the command line for position 0:0).
void apply_overrides(Scenario& scenario, const std::vector<Override>& overrides,
                     std::vector<Problem>& problems);

}  // namespace journeysim
