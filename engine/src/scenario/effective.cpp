#include <cmath>

#include "journeysim/scenario/checks.h"
#include "journeysim/scenario/loader.h"

namespace journeysim {

namespace {

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string delay_text(const Delay& d) {
  const auto names = delay_param_names(d.kind);
  std::string out = "{ dist = \"" + std::string(delay_kind_name(d.kind)) + "\", " + std::string(names[0]) +
                    " = " + format_number(d.p1);
  if (!names[1].empty()) out += ", " + std::string(names[1]) + " = " + format_number(d.p2);
  return out + " }";
}

// Writes fields as `key = value` items; a nested table collects its items
// and is written inline.
class Writer {
 public:
  std::vector<std::string> items;

  void text(const char* key, std::string& v) { put(key, quoted(v)); }
  void id(const char* key, std::string& v) { put(key, quoted(v)); }
  void ref(const char* key, std::string& v, RefKind, bool) {
    if (!v.empty()) put(key, quoted(v));
  }
  void choice(const char* key, std::string& v, std::initializer_list<std::string_view>, bool) {
    put(key, quoted(v));
  }
  void number(const char* key, double& v, Range, bool = false) { put(key, format_number(v)); }
  void opt_number(const char* key, std::optional<double>& v, Range) {
    if (v) put(key, format_number(*v));
  }
  void count(const char* key, std::int64_t& v, bool) { put(key, std::to_string(v)); }
  void opt_count(const char* key, std::optional<std::int64_t>& v) {
    if (v) put(key, std::to_string(*v));
  }
  void integer(const char* key, std::int64_t& v) { put(key, std::to_string(v)); }
  void boolean(const char* key, bool& v) { put(key, v ? "true" : "false"); }
  void delay(const char* key, std::optional<Delay>& v) {
    if (v) put(key, delay_text(*v));
  }
  void weights(const char* key, std::map<std::string, double>& v) {
    std::string out;
    for (const auto& [k, w] : v) out += (out.empty() ? "" : ", ") + k + " = " + format_number(w);
    put(key, "{ " + out + " }");
  }
  template <class F>
  void table(const char* key, F&& fields) {
    Writer sub;
    fields(sub);
    std::string out;
    for (const auto& item : sub.items) out += (out.empty() ? "" : ", ") + item;
    put(key, "{ " + out + " }");
  }

 private:
  void put(const char* key, const std::string& value) { items.push_back(std::string(key) + " = " + value); }
};

template <class T>
void section(std::string& out, const std::string& header, T item) {
  Writer w;
  describe(w, item);
  out += "\n" + header + "\n";
  for (const auto& line : w.items) out += line + "\n";
}

}  // namespace

std::string effective_toml(const Scenario& s) {
  std::string out = "# The scenario with every default filled in, as journeysim ran it.\nschema = 1\n";
  section(out, "[scenario]", s.scenario);
  section(out, "[population]", s.population);
  for (const auto& x : s.segments) section(out, "[[segments]]", x);
  for (const auto& x : s.channels) section(out, "[[channels]]", x);
  for (const auto& x : s.stages) section(out, "[[stages]]", x);
  for (const auto& x : s.touchpoints) section(out, "[[touchpoints]]", x);
  section(out, "[referrals]", s.referrals);
  for (const auto& x : s.campaigns) section(out, "[[campaigns]]", x);
  for (const auto& v : s.variants) {
    out += "\n[[variants]]\nid = " + quoted(v.id) + "\ntitle = " + quoted(v.title) +
           "\nfixed_cost = " + format_number(v.fixed_cost) + "\nset = { ";
    for (std::size_t i = 0; i < v.set.size(); ++i) {
      out += (i ? ", " : "") + quoted(v.set[i].path) + " = " + v.set[i].value.text();
    }
    out += " }\n";
  }
  if (s.sweep) {
    out += "\n[sweep]\ndesign = " + quoted(s.sweep->design) + "\n";
    if (s.sweep->points) out += "points = " + std::to_string(*s.sweep->points) + "\n";
    if (s.sweep->replications) out += "replications = " + std::to_string(*s.sweep->replications) + "\n";
    if (s.sweep->trajectories) out += "trajectories = " + std::to_string(*s.sweep->trajectories) + "\n";
    if (s.sweep->levels) out += "levels = " + std::to_string(*s.sweep->levels) + "\n";
    for (const auto& p : s.sweep->parameters) {
      out += "[[sweep.parameters]]\npath = " + quoted(p.path) + "\n";
      // A boolean parameter's values are written back as false and true, not 0 and 1.
      auto list = [&p](const std::vector<double>& xs) {
        std::string t;
        for (double x : xs)
          t += (t.empty() ? "" : ", ") +
               (p.boolean ? std::string(x != 0.0 ? "true" : "false") : format_number(x));
        return "[" + t + "]";
      };
      if (!p.values.empty()) out += "values = " + list(p.values) + "\n";
      if (p.range) out += "range = " + list({(*p.range)[0], (*p.range)[1]}) + "\n";
      if (p.steps) out += "steps = " + std::to_string(*p.steps) + "\n";
      if (p.scale != "linear") out += "scale = " + quoted(p.scale) + "\n";
    }
  }
  return out;
}

}  // namespace journeysim
