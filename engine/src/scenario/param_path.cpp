#include "journeysim/scenario/param_path.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "journeysim/scenario/checks.h"
#include "toml_reader.h"

namespace journeysim {

std::string ParamValue::text() const {
  if (is_bool) return boolean ? "true" : "false";
  return integer ? std::to_string(*integer) : format_number(number);
}

namespace {

std::vector<std::string> split(const std::string& path) {
  std::vector<std::string> parts;
  std::stringstream ss(path);
  std::string part;
  while (std::getline(ss, part, '.')) parts.push_back(part);
  return parts;
}

// Walks a describe() list looking for the field named by `rest_`; on a match
// it reads the field into `found_` or writes `value_` into it.
class PathVisitor {
 public:
  PathVisitor(std::vector<std::string> rest, const ParamValue* value)
      : rest_(std::move(rest)), value_(value) {}

  bool matched() const { return matched_; }
  const std::string& problem() const { return problem_; }
  const std::optional<ParamValue>& found() const { return found_; }
  const std::vector<std::string>& fields() const { return fields_; }

  void text(const char* key, std::string&) { not_numeric(key); }
  void id(const char* key, std::string&) { not_numeric(key); }
  void ref(const char* key, std::string&, RefKind, bool) { not_numeric(key); }
  void choice(const char* key, std::string&, std::initializer_list<std::string_view>, bool) {
    not_numeric(key);
  }

  void number(const char* key, double& field, Range range, bool = false) {
    if (!leaf(key)) return;
    if (!value_) {
      found_ = ParamValue::of_number(field);
    } else if (auto n = number_value(range)) {
      field = *n;
    }
  }
  void opt_number(const char* key, std::optional<double>& field, Range range) {
    if (!leaf(key)) return;
    if (!value_) {
      if (field) found_ = ParamValue::of_number(*field);
    } else if (auto n = number_value(range)) {
      field = *n;
    }
  }
  void count(const char* key, std::int64_t& field, bool) {
    if (!leaf(key)) return;
    if (!value_) {
      found_ = ParamValue::of_integer(field);
    } else if (auto n = count_value(1)) {
      field = *n;
    }
  }
  void opt_count(const char* key, std::optional<std::int64_t>& field) {
    if (!leaf(key)) return;
    if (!value_) {
      if (field) found_ = ParamValue::of_integer(*field);
    } else if (auto n = count_value(1)) {
      field = *n;
    }
  }
  void integer(const char* key, std::int64_t& field) {
    if (!leaf(key)) return;
    if (!value_) {
      found_ = ParamValue::of_integer(field);
    } else if (auto n = count_value(0)) {
      field = *n;
    }
  }
  void boolean(const char* key, bool& field) {
    if (!leaf(key)) return;
    if (!value_) {
      found_ = ParamValue::of_bool(field);
    } else if (!value_->is_bool) {
      problem_ = "is a boolean field; " + value_->text() + " is not true or false";
    } else {
      field = value_->boolean;
    }
  }
  void delay(const char* key, std::optional<Delay>& field) {
    fields_.push_back(std::string(key) + ".<parameter>");
    if (rest_.empty() || rest_[0] != key || matched_) return;
    matched_ = true;
    if (!field) {
      problem_ = "has no delay of its own (it inherits one); give `" + std::string(key) +
                 "` in the scenario to vary its parameters";
      return;
    }
    const auto names = delay_param_names(field->kind);
    std::vector<std::string> allowed;
    for (auto n : names) {
      if (!n.empty()) allowed.emplace_back(n);
    }
    const int index = rest_.size() == 2 ? (rest_[1] == names[0] ? 0 : (rest_[1] == names[1] ? 1 : -1)) : -1;
    if (index < 0) {
      problem_ = "names no parameter of this " + std::string(delay_kind_name(field->kind)) +
                 " delay; allowed: " + std::string(key) + "." + join_list(allowed);
      return;
    }
    double& param = index == 0 ? field->p1 : field->p2;
    if (!value_) {
      found_ = ParamValue::of_number(param);
      return;
    }
    if (value_->is_bool) {
      problem_ = "is a number; true/false is not allowed";
      return;
    }
    if (auto p = delay_param_problem(field->kind, index, value_->number); !p.empty()) {
      problem_ = "is " + value_->text() + "; it " + p;
      return;
    }
    param = value_->number;
  }
  void weights(const char* key, std::map<std::string, double>& field) {
    fields_.push_back(std::string(key) + ".<channel>");
    if (rest_.size() != 2 || rest_[0] != key || matched_) return;
    matched_ = true;
    if (!value_) {
      auto it = field.find(rest_[1]);
      found_ = ParamValue::of_number(it == field.end() ? 0.0 : it->second);
    } else if (auto n = number_value(Range::NonNegative)) {
      field[rest_[1]] = *n;  // validation checks that the channel exists
    }
  }
  template <class F>
  void table(const char* key, F&& fields) {
    if (rest_.empty() || rest_[0] != key || matched_) {
      fields_.push_back(std::string(key) + ".<field>");
      return;
    }
    PathVisitor sub(std::vector<std::string>(rest_.begin() + 1, rest_.end()), value_);
    fields(sub);
    matched_ = sub.matched_;
    problem_ = sub.problem_;
    found_ = sub.found_;
    for (const auto& f : sub.fields_) fields_.push_back(std::string(key) + "." + f);
  }

 private:
  bool leaf(const char* key) {
    fields_.emplace_back(key);
    if (matched_ || rest_.size() != 1 || rest_[0] != key) return false;
    matched_ = true;
    return true;
  }
  void not_numeric(const char* key) {
    if (!matched_ && rest_.size() == 1 && rest_[0] == key) {
      matched_ = true;
      problem_ = "is not a numeric or boolean field, so it cannot be set by path";
    }
  }
  std::optional<double> number_value(Range range) {
    if (value_->is_bool) {
      problem_ = "is a number; true/false is not allowed";
      return std::nullopt;
    }
    if (auto p = range_problem(range, value_->number); !p.empty()) {
      problem_ = p;
      return std::nullopt;
    }
    return value_->number;
  }
  std::optional<std::int64_t> count_value(std::int64_t min) {
    if (value_->integer) {
      if (*value_->integer >= min) return value_->integer;
      problem_ = "is " + value_->text() + "; allowed: a whole number >= " + std::to_string(min);
      return std::nullopt;
    }
    // A float past 2^53 may already be rounded from what was typed.
    if (value_->is_bool || !std::isfinite(value_->number) || std::floor(value_->number) != value_->number ||
        value_->number < static_cast<double>(min) || value_->number >= 0x1p53) {
      // A whole number as the user typed it (-3, not -3.0: format_number
      // keeps a float a float for TOML).
      const double n = value_->number;
      const bool whole = !value_->is_bool && std::isfinite(n) && std::floor(n) == n && std::fabs(n) < 0x1p53;
      const bool large = !value_->is_bool && n >= 0x1p53;
      problem_ = "is " + (whole ? std::to_string(static_cast<long long>(n)) : value_->text()) +
                 "; allowed: a whole number >= " + std::to_string(min) +
                 (large ? ", written as an integer (no point or exponent) past 2^53" : "");
      return std::nullopt;
    }
    return static_cast<std::int64_t>(value_->number);
  }

  std::vector<std::string> rest_;
  const ParamValue* value_;
  bool matched_ = false;
  std::string problem_;
  std::optional<ParamValue> found_;
  std::vector<std::string> fields_;
};

template <class T>
std::vector<std::string> ids_of(const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

// Finds the entity a path names and runs the visitor over its fields.
// Returns empty or the problem.
std::string visit_path(Scenario& s, const std::string& path, const ParamValue* value,
                       std::optional<ParamValue>* found) {
  const auto parts = split(path);
  const std::vector<std::string> kinds = {"scenario", "population", "segment",  "channel",
                                          "stage",    "touchpoint", "campaign", "referrals"};
  if (parts.empty() || std::find(kinds.begin(), kinds.end(), parts[0]) == kinds.end()) {
    const std::string first = parts.empty() ? std::string() : parts[0];
    return "unknown parameter path" + suggestion(first, kinds) +
           "; a path starts with one of: " + join_list(kinds);
  }
  std::size_t id_count = 0;
  if (parts[0] == "segment" || parts[0] == "channel" || parts[0] == "stage" || parts[0] == "campaign")
    id_count = 1;
  if (parts[0] == "touchpoint") id_count = 2;
  if (parts.size() <= id_count + 1) {
    return "is incomplete; write " + parts[0] +
           (id_count == 2 ? ".<stage>.<channel>"
            : id_count    ? ".<id>"
                          : "") +
           ".<field>";
  }
  PathVisitor v(std::vector<std::string>(parts.begin() + 1 + id_count, parts.end()), value);
  auto no_such = [&](const std::string& what, const std::string& id, const std::vector<std::string>& known) {
    return "names no " + what + " `" + id + "`" + suggestion(id, known) + "; known: " + join_list(known);
  };
  const std::string& kind = parts[0];
  if (kind == "scenario") {
    describe(v, s.scenario);
  } else if (kind == "population") {
    describe(v, s.population);
  } else if (kind == "referrals") {
    describe(v, s.referrals);
  } else if (kind == "segment" || kind == "channel" || kind == "stage" || kind == "campaign") {
    auto by_id = [&](auto& items) -> std::string {
      auto it = std::find_if(items.begin(), items.end(), [&](auto& x) { return x.id == parts[1]; });
      if (it == items.end()) return no_such(kind, parts[1], ids_of(items));
      describe(v, *it);
      return {};
    };
    const std::string missing = kind == "segment"   ? by_id(s.segments)
                                : kind == "channel" ? by_id(s.channels)
                                : kind == "stage"   ? by_id(s.stages)
                                                    : by_id(s.campaigns);
    if (!missing.empty()) return missing;
  } else {
    auto it = std::find_if(s.touchpoints.begin(), s.touchpoints.end(),
                           [&](auto& x) { return x.stage == parts[1] && x.channel == parts[2]; });
    if (it == s.touchpoints.end()) {
      // Only touchpoints whose stage and channel exist: one whose stage is a
      // typo (reported at its own line) is no fix to suggest for a path
      // that names the stage rightly.
      auto has = [](const auto& items, const std::string& id) {
        return std::any_of(items.begin(), items.end(), [&](const auto& x) { return x.id == id; });
      };
      std::vector<std::string> known;
      for (const auto& t : s.touchpoints) {
        const bool stage = has(s.stages, t.stage), channel = has(s.channels, t.channel);
        if (stage && channel) known.push_back(t.stage + "." + t.channel);
        // The likely cause: that touchpoint, with the path's channel and a stage misspelt (or the reverse).
        if ((!stage && t.channel == parts[2]) || (!channel && t.stage == parts[1]))
          return "names no touchpoint `" + parts[1] + "." + parts[2] + "` while touchpoint `" + t.stage +
                 "." + t.channel + "` names " + (stage ? "a channel" : "a stage") +
                 " that does not exist: correct that touchpoint first";
      }
      return no_such("touchpoint", parts[1] + "." + parts[2], known);
    }
    describe(v, *it);
  }
  if (!v.matched()) {
    std::string field;
    for (std::size_t i = 1 + id_count; i < parts.size(); ++i) field += (field.empty() ? "" : ".") + parts[i];
    return "has no field `" + field + "`" + suggestion(field, v.fields()) +
           "; numeric and boolean fields here: " + join_list(v.fields());
  }
  if (!v.problem().empty()) return v.problem();
  if (found) {
    *found = v.found();
  }
  return {};
}

}  // namespace

std::string set_param(Scenario& scenario, const std::string& path, const ParamValue& value) {
  return visit_path(scenario, path, &value, nullptr);
}

std::optional<ParamValue> get_param(const Scenario& scenario, const std::string& path) {
  // The visitor takes fields by reference; reading through a copy keeps the API const.
  Scenario copy = scenario;
  std::optional<ParamValue> found;
  if (!visit_path(copy, path, nullptr, &found).empty()) return std::nullopt;
  return found;
}

std::string inert_because(const Scenario& scenario, const std::string& path) {
  const auto parts = split(path);
  if (parts.size() < 3 || parts[0] != "campaign" || parts[2] == "enabled") return {};
  for (const auto& c : scenario.campaigns) {
    if (c.id == parts[1] && !c.enabled) return "campaign `" + c.id + "` is not enabled (enabled = false)";
  }
  return {};
}

Override parse_override(const std::string& text) {
  const auto eq = text.find('=');
  auto fail = [&](const std::string& why) { throw ScenarioError({Problem{"--set", {}, text, why}}); };
  if (eq == std::string::npos || eq == 0)
    fail("expected PATH=VALUE, e.g. touchpoint.purchase.mobile.friction=0.1");
  Override o;
  o.path = text.substr(0, eq);
  const std::string value = text.substr(eq + 1);
  std::string why;
  if (auto v = detail::parse_param_text(value, why)) {
    o.value = *v;
  } else {
    fail("value `" + value + "` " + why);
  }
  return o;
}

void apply_overrides(Scenario& scenario, const std::vector<Override>& overrides,
                     std::vector<Problem>& problems) {
  for (const auto& o : overrides) {
    if (auto problem = set_param(scenario, o.path, o.value); !problem.empty()) {
      const bool from_command_line = o.pos.line == 0;
      problems.push_back({from_command_line ? std::string("--set") : scenario.file, o.pos, o.path, problem});
    }
  }
}

}  // namespace journeysim
