#include "journeysim/scenario/checks.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace journeysim {

std::string_view range_text(Range range) {
  switch (range) {
    case Range::Finite:
      return "a finite number";
    case Range::Probability:
      return "a probability in [0, 1]";
    case Range::NonNegative:
      return "a finite number >= 0";
    case Range::Positive:
      return "a finite number > 0";
    case Range::Unit:
      return "a number in [-1, 1]";
    case Range::Referrals:
      return "a number in [0, 1000] (expected new customers per touch)";
    case Range::Amount:
      return "a number in [0, 1e15]";
    case Range::Horizon:
      return "a number of days in (0, 1e15]";
  }
  return "a number";
}

std::string range_problem(Range range, double value) {
  bool ok = std::isfinite(value);
  if (ok) {
    switch (range) {
      case Range::Finite:
        break;
      case Range::Probability:
        ok = value >= 0.0 && value <= 1.0;
        break;
      case Range::NonNegative:
        ok = value >= 0.0;
        break;
      case Range::Positive:
        ok = value > 0.0;
        break;
      case Range::Unit:
        ok = value >= -1.0 && value <= 1.0;
        break;
      case Range::Referrals:
        ok = value >= 0.0 && value <= kMaxReferralsPerTouch;
        break;
      case Range::Amount:
        ok = value >= 0.0 && value <= kMaxAmount;
        break;
      case Range::Horizon:
        ok = value > 0.0 && value <= kMaxHorizonDays;
        break;
    }
  }
  if (ok) return {};
  return "is " + format_number(value) + "; allowed: " + std::string(range_text(range));
}

bool is_valid_id(std::string_view id) {
  if (id.empty()) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
  // "abandonment" for "abandon": a word that merely extends a candidate is a likely slip too.
  for (const auto& c : candidates) {
    if (c.size() >= 4 && word.size() > c.size() && word.substr(0, c.size()) == c) return c;
  }
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string suggestion(std::string_view word, const std::vector<std::string>& candidates) {
  const std::string best = closest_match(word, candidates);
  return best.empty() ? std::string() : " (did you mean `" + best + "`?)";
}

std::string with_article(const std::string& word) {
  // By sound, not spelling: "uniform" takes "a", the acronym "lhs" ("el")
  // takes "an".
  const bool vowel =
      word == "lhs" || (!word.empty() && std::string_view("aeio").find(word[0]) != std::string_view::npos);
  return (vowel ? "an " : "a ") + word;
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

std::string grouped_count(long long value) {
  const std::string s = std::to_string(value);
  std::string out;
  const std::size_t sign = s[0] == '-' ? 1 : 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > sign && (s.size() - i) % 3 == 0) out += ',';
    out += s[i];
  }
  return out;
}

std::string format_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  std::string text(buffer, result.ptr);
  // TOML needs a dot or exponent to read a float back as a float.
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

std::string format_result(double value) {
  if (!std::isfinite(value)) return format_number(value);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.12g", value);
  return buffer;
}

}  // namespace journeysim
