#pragma once
// Checks shared by the TOML reader, parameter paths and validation, so that
// a value is judged by the same words wherever it comes from.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "journeysim/scenario/scenario.h"

namespace journeysim {

// Empty when `value` lies in `range`, otherwise "is X; allowed: Y".
std::string range_problem(Range range, double value);
// "a number in [0, 1]" and the like.
std::string_view range_text(Range range);

// ids are [a-z0-9_-]+
bool is_valid_id(std::string_view id);

// The candidate closest to `word` if it is close enough to be a likely typo, else empty.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);
// " (did you mean `x`?)" or empty.
std::string suggestion(std::string_view word, const std::vector<std::string>& candidates);
// "a, b, c"
std::string join_list(const std::vector<std::string>& items);

// Empty when what one run of `scenario` holds (its result tables, and with
// a send budget and no referrals 5 bytes a customer) fits in 80% of `have`
// bytes of memory; else the key to blame and the message.
std::optional<std::pair<std::string, std::string>> memory_problem(const Scenario& scenario, double have);

// The most replications a run, a comparison's arm or a sweep's point may
// have, in the file as on the command line: a plan holds an entry a run.
inline constexpr std::int64_t kMaxReplications = 1'000'000;

// A name of the schema's with its article, as a message says it: "an
// exponential delay", "an lhs design", "a uniform delay", "a grid design".
std::string with_article(const std::string& word);

// A whole number with thousands separators: 4,000,000,000.
std::string grouped_count(long long value);

// A number as TOML writes it: the shortest text that reads back to the same double.
std::string format_number(double value);

// A number worked out from the input (a sum, a quotient), to 12 significant
// digits: 0.8 + 0.4 reads 1.2, not the double's 1.2000000000000002.
std::string format_result(double value);

}  // namespace journeysim
