#include "toml_reader.h"

#include <toml++/toml.h>
#include <algorithm>
#include <cmath>
#include <functional>

#include "journeysim/scenario/checks.h"

namespace journeysim::detail {

namespace {

SourcePos pos_of(const toml::source_region& region) {
  return {region.begin.line, region.begin.column};
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a float";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    default:
      return "a date or time";
  }
}

std::string quote(std::string_view s) {
  return "\"" + std::string(s) + "\"";
}

struct Context {
  std::string file;
  std::vector<Problem>* problems;
  SourceMap* positions;

  void error(SourcePos pos, std::string key, std::string message) {
    problems->push_back({file, pos, std::move(key), std::move(message)});
  }
};

// Reads the fields of one TOML table through a describe() list, recording
// which keys it knows so that every other key is reported as unknown.
class TableReader {
 public:
  TableReader(Context& ctx, const toml::table& table, std::string label)
      : ctx_(ctx), table_(table), label_(std::move(label)) {}

  void text(const char* key, std::string& out) {
    if (const auto* node = find(key)) {
      if (const auto* s = node->as_string()) {
        out = s->get();
        // The results file keeps texts as C strings: a NUL cut the stored
        // scenario short, and `report` could not read it back.
        if (out.find('\0') != std::string::npos)
          ctx_.error(pos_of(node->source()), path(key),
                     "contains a NUL character (\\u0000); allowed: text without one");
      } else {
        wrong_type(key, *node, "a string");
      }
    }
  }

  void id(const char* key, std::string& out) { string_field(key, out, true, true); }

  void ref(const char* key, std::string& out, RefKind, bool required) {
    string_field(key, out, required, true);
  }

  void choice(const char* key, std::string& out, std::initializer_list<std::string_view> allowed,
              bool required) {
    std::string value;
    if (!string_field(key, value, required, false)) return;
    std::vector<std::string> names(allowed.begin(), allowed.end());
    if (std::find(names.begin(), names.end(), value) == names.end()) {
      ctx_.error(
          pos(key), path(key),
          "unknown value " + quote(value) + suggestion(value, names) + "; allowed: " + join_list(names));
      return;
    }
    out = value;
  }

  void number(const char* key, double& out, Range range, bool required = false) {
    std::optional<double> value;
    read_number(key, value, range, required);
    if (value) out = *value;
  }

  void opt_number(const char* key, std::optional<double>& out, Range range) {
    read_number(key, out, range, false);
  }

  void count(const char* key, std::int64_t& out, bool required) {
    std::optional<std::int64_t> value;
    read_integer(key, value, required, 1);
    if (value) out = *value;
  }

  void opt_count(const char* key, std::optional<std::int64_t>& out) { read_integer(key, out, false, 1); }

  void integer(const char* key, std::int64_t& out) {
    std::optional<std::int64_t> value;
    read_integer(key, value, false, 0);
    if (value) out = *value;
  }

  void boolean(const char* key, bool& out) {
    if (const auto* node = find(key)) {
      if (const auto* b = node->as_boolean()) {
        out = b->get();
      } else {
        wrong_type(key, *node, "true or false");
      }
    }
  }

  void delay(const char* key, std::optional<Delay>& out) {
    const auto* node = find(key);
    if (!node) return;
    const auto* table = node->as_table();
    if (!table) {
      wrong_type(key, *node, "a table such as { dist = \"exponential\", mean = 2.0 }");
      return;
    }
    TableReader sub(ctx_, *table, path(key));
    std::string dist;
    std::vector<std::string> kinds;
    for (auto k : {DelayKind::Fixed, DelayKind::Exponential, DelayKind::Uniform, DelayKind::Lognormal,
                   DelayKind::Gamma}) {
      kinds.emplace_back(delay_kind_name(k));
    }
    // Without a known dist its parameters cannot be judged: accept any of
    // their names quietly, so the one error is about dist.
    auto give_up = [&] {
      sub.known_.insert(sub.known_.end(), {"value", "mean", "min", "max", "median", "sigma", "shape"});
      sub.finish();
    };
    if (!sub.string_field("dist", dist, true, false)) return give_up();
    const auto kind = delay_kind_from_name(dist);
    if (!kind) {
      ctx_.error(
          sub.pos("dist"), sub.path("dist"),
          "unknown distribution " + quote(dist) + suggestion(dist, kinds) + "; allowed: " + join_list(kinds));
      return give_up();
    }
    Delay d;
    d.kind = *kind;
    const auto names = delay_param_names(*kind);
    bool ok = true;
    for (int i = 0; i < 2; ++i) {
      if (names[i].empty()) continue;
      const std::string name(names[i]);
      std::optional<double> value;
      sub.read_number(name.c_str(), value, Range::Finite, true);
      if (!value) {
        ok = false;
        continue;
      }
      if (auto problem = delay_param_problem(*kind, i, *value); !problem.empty()) {
        ctx_.error(sub.pos(name), sub.path(name),
                   "is " + format_number(*value) + " in " + with_article(dist) + " delay; it " + problem);
        ok = false;
      }
      (i == 0 ? d.p1 : d.p2) = *value;
    }
    if (ok && d.kind == DelayKind::Uniform && d.p2 < d.p1) {
      ctx_.error(
          sub.pos("max"), sub.path("max"),
          "is " + format_number(d.p2) + ", below min " + format_number(d.p1) + "; allowed: max >= min");
      ok = false;
    }
    sub.finish();
    if (ok) out = d;
  }

  void weights(const char* key, std::map<std::string, double>& out) {
    const auto* node = find(key);
    if (!node) return;
    const auto* table = node->as_table();
    if (!table) {
      wrong_type(key, *node, "a table of channel weights such as { web = 0.7, mobile = 0.3 }");
      return;
    }
    for (const auto& [k, v] : *table) {
      const std::string name(k.str());
      const std::string p = path(key) + "." + name;
      ctx_.positions->add(p, pos_of(k.source()));
      const double* number = nullptr;
      double converted = 0.0;
      if (const auto* f = v.as_floating_point()) {
        converted = f->get();
        number = &converted;
      } else if (const auto* i = v.as_integer()) {
        converted = static_cast<double>(i->get());
        number = &converted;
      }
      if (!number) {
        ctx_.error(pos_of(v.source()), p,
                   "is " + type_name(v) + "; allowed: " + std::string(range_text(Range::NonNegative)));
        continue;
      }
      if (auto problem = range_problem(Range::NonNegative, *number); !problem.empty()) {
        ctx_.error(pos_of(v.source()), p, problem);
        continue;
      }
      out[name] = *number;
    }
  }

  template <class F>
  void table(const char* key, F&& fields) {
    const auto* node = find(key);
    if (!node) return;
    const auto* table = node->as_table();
    if (!table) {
      wrong_type(key, *node, "a table");
      return;
    }
    TableReader sub(ctx_, *table, path(key));
    fields(sub);
    sub.finish();
  }

  // Reports every key that no field asked for.
  void finish() {
    for (const auto& [k, v] : table_) {
      const std::string name(k.str());
      if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
      ctx_.error(pos_of(k.source()), path(name),
                 "unknown key" + suggestion(name, known_) + "; allowed here: " + join_list(known_));
    }
  }

  void mark_known(std::string key) { known_.push_back(std::move(key)); }
  std::string path(std::string_view key) const {
    return label_.empty() ? std::string(key) : label_ + "." + std::string(key);
  }
  SourcePos pos(std::string_view key) const {
    if (const auto* node = table_.get(key)) return pos_of(node->source());
    return pos_of(table_.source());
  }
  // Whether the key is written, whatever its value (a refused value is already reported).
  bool has(const char* key) const { return table_.contains(key); }

  const toml::node* find(const char* key) {
    known_.emplace_back(key);
    const auto* node = table_.get(key);
    if (node) ctx_.positions->add(path(key), pos_of(node->source()));
    return node;
  }

  bool string_field(const char* key, std::string& out, bool required, bool must_be_id) {
    const auto* node = find(key);
    if (!node) {
      if (required) missing(key);
      return false;
    }
    const auto* s = node->as_string();
    if (!s) {
      wrong_type(key, *node, must_be_id ? "an id string such as \"mobile_first\"" : "a string");
      return false;
    }
    if (must_be_id && !is_valid_id(s->get())) {
      ctx_.error(pos_of(node->source()), path(key),
                 quote(s->get()) + " is not a valid id; allowed: lower-case letters, digits, '_' and '-'");
      return false;
    }
    out = s->get();
    return true;
  }

  void read_number(const char* key, std::optional<double>& out, Range range, bool required) {
    const auto* node = find(key);
    if (!node) {
      if (required) missing(key);
      return;
    }
    double value = 0.0;
    if (const auto* f = node->as_floating_point()) {
      value = f->get();
    } else if (const auto* i = node->as_integer()) {
      value = static_cast<double>(i->get());
    } else {
      wrong_type(key, *node, std::string(range_text(range)));
      return;
    }
    if (auto problem = range_problem(range, value); !problem.empty()) {
      ctx_.error(pos_of(node->source()), path(key), problem);
      return;
    }
    out = value;
  }

  void read_integer(const char* key, std::optional<std::int64_t>& out, bool required, std::int64_t min) {
    const auto* node = find(key);
    if (!node) {
      if (required) missing(key);
      return;
    }
    const std::string allowed = min > 0 ? "a whole number >= 1" : "a whole number >= 0";
    std::int64_t value = 0;
    if (const auto* i = node->as_integer()) {
      value = i->get();
    } else if (const auto* f = node->as_floating_point(); f && std::isfinite(f->get()) &&
                                                          std::floor(f->get()) == f->get() &&
                                                          std::fabs(f->get()) < 9e18) {
      value = static_cast<std::int64_t>(f->get());  // 2e6 is a fine way to write a count
    } else {
      wrong_type(key, *node, allowed);
      return;
    }
    if (value < min) {
      ctx_.error(pos_of(node->source()), path(key), "is " + std::to_string(value) + "; allowed: " + allowed);
      return;
    }
    out = value;
  }

  void missing(const char* key) {
    ctx_.error(pos_of(table_.source()), path(key), "is missing; this key is required");
  }

  void wrong_type(const char* key, const toml::node& node, const std::string& allowed) {
    std::string found = type_name(node);
    // A number, not its type, where the type is not what is wrong: 1e30 is
    // whole but past any count, 2.5 is not whole.
    if (const auto* f = node.as_floating_point()) found = format_number(f->get());
    ctx_.error(pos_of(node.source()), path(key), "is " + found + "; allowed: " + allowed);
  }

  Context& ctx_;
  const toml::table& table_;
  std::string label_;
  std::vector<std::string> known_;
};

// The label under which an array entry's keys are recorded and reported:
// its parameter path ("touchpoint.buy.web") when its ids are readable,
// else its place in the file ("touchpoints[3]").
std::string entry_label(const toml::table& t, const char* kind, const char* array, std::size_t index,
                        std::initializer_list<const char*> id_keys) {
  std::string label = kind;
  for (const char* k : id_keys) {
    const auto* s = t.get_as<std::string>(k);
    if (!s || !is_valid_id(s->get())) return std::string(array) + "[" + std::to_string(index) + "]";
    label += "." + s->get();
  }
  return label;
}

template <class T>
void read_array(Context& ctx, TableReader& root, const char* key, const char* kind,
                std::initializer_list<const char*> id_keys, std::vector<T>& out, bool required) {
  const auto* node = root.find(key);
  if (!node) {
    if (required) root.missing(key);
    return;
  }
  const auto* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    root.wrong_type(key, *node, std::string("an array of tables, written [[") + key + "]]");
    return;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto& table = *array->get(i)->as_table();
    const std::string label = entry_label(table, kind, key, i, id_keys);
    ctx.positions->add(label, pos_of(table.source()));
    ctx.positions->add(std::string(key) + "[" + std::to_string(i) + "]", pos_of(table.source()));
    TableReader reader(ctx, table, label);
    T item;
    describe(reader, item);
    reader.finish();
    out.push_back(std::move(item));
  }
}

template <class T>
void read_section(Context& ctx, TableReader& root, const char* key, T& out, bool required) {
  const auto* node = root.find(key);
  if (!node) {
    if (required) root.missing(key);
    return;
  }
  const auto* table = node->as_table();
  if (!table) {
    root.wrong_type(key, *node, std::string("a table, written [") + key + "]");
    return;
  }
  TableReader reader(ctx, *table, key);
  describe(reader, out);
  reader.finish();
}

std::optional<ParamValue> to_param_value(const toml::node& node) {
  ParamValue v;
  if (const auto* b = node.as_boolean()) {
    v.is_bool = true;
    v.boolean = b->get();
  } else if (const auto* f = node.as_floating_point()) {
    v.number = f->get();
  } else if (const auto* i = node.as_integer()) {
    v = ParamValue::of_integer(i->get());
  } else {
    return std::nullopt;
  }
  return v;
}

void read_variants(Context& ctx, TableReader& root, std::vector<Variant>& out) {
  const auto* node = root.find("variants");
  if (!node) return;
  const auto* array = node->as_array();
  if (!array || !array->is_array_of_tables()) {
    root.wrong_type("variants", *node, "an array of tables, written [[variants]]");
    return;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto& table = *array->get(i)->as_table();
    const std::string label = entry_label(table, "variant", "variants", i, {"id"});
    ctx.positions->add(label, pos_of(table.source()));
    ctx.positions->add("variants[" + std::to_string(i) + "]", pos_of(table.source()));
    TableReader reader(ctx, table, label);
    Variant v;
    reader.id("id", v.id);
    reader.text("title", v.title);
    reader.number("fixed_cost", v.fixed_cost, Range::Amount);
    if (const auto* set_node = reader.find("set")) {
      if (const auto* set = set_node->as_table()) {
        for (const auto& [k, value] : *set) {
          const std::string p(k.str());
          auto pv = to_param_value(value);
          if (!pv) {
            ctx.error(pos_of(value.source()), label + ".set." + p,
                      "is " + type_name(value) + "; allowed: a number or true/false");
            continue;
          }
          v.set.push_back({p, *pv, pos_of(k.source())});
        }
      } else {
        reader.wrong_type("set", *set_node,
                          "a table of parameter paths, such as { \"touchpoint.buy.web.friction\" = 0.1 }");
      }
    }
    reader.finish();
    out.push_back(std::move(v));
  }
}

void read_sweep(Context& ctx, TableReader& root, std::optional<Sweep>& out) {
  const auto* node = root.find("sweep");
  if (!node) return;
  const auto* table = node->as_table();
  if (!table) {
    root.wrong_type("sweep", *node, "a table, written [sweep]");
    return;
  }
  Sweep sweep;
  TableReader reader(ctx, *table, "sweep");
  reader.choice("design", sweep.design, {"grid", "lhs", "random", "sobol", "morris"}, false);
  reader.opt_count("points", sweep.points);
  sweep.points_given = reader.has("points");
  reader.opt_count("replications", sweep.replications);
  reader.opt_count("trajectories", sweep.trajectories);
  reader.opt_count("levels", sweep.levels);
  if (const auto* params = reader.find("parameters")) {
    const auto* array = params->as_array();
    if (!array || !array->is_array_of_tables()) {
      reader.wrong_type("parameters", *params, "an array of tables, written [[sweep.parameters]]");
    } else {
      for (std::size_t i = 0; i < array->size(); ++i) {
        const auto& t = *array->get(i)->as_table();
        const std::string label = "sweep.parameters[" + std::to_string(i) + "]";
        ctx.positions->add(label, pos_of(t.source()));
        TableReader p(ctx, t, label);
        SweepParameter param;
        std::string path;
        if (p.string_field("path", path, true, false)) param.path = path;
        // The element that is not a finite number is named at its own position.
        auto read_numbers = [&](const char* key, std::vector<double>& into) {
          const auto* n = p.find(key);
          if (!n) return false;
          const std::string allowed = std::string(key) == "values"
                                          ? "an array of numbers, or of true and false"
                                          : "an array of two numbers, [low, high]";
          const auto* a = n->as_array();
          if (!a) {
            param.unreadable = true;
            p.wrong_type(key, *n, allowed);
            return false;
          }
          for (std::size_t j = 0; j < a->size(); ++j) {
            const auto& e = *a->get(j);
            const auto v = to_param_value(e);
            if (!v || v->is_bool || !std::isfinite(v->number)) {
              param.unreadable = true;
              const std::string where = p.path(key) + "[" + std::to_string(j) + "]";
              if (v && v->is_bool) {
                ctx.error(pos_of(e.source()), where,
                          "is " + v->text() +
                              " among numbers; allowed: every value a number, or every value true or false");
              } else {
                ctx.error(pos_of(e.source()), where,
                          "is " + (v ? v->text() : type_name(e)) + "; allowed: a finite number");
              }
              return false;
            }
            into.push_back(v->number);
          }
          return true;
        };
        // values = [false, true] switches a boolean field (a campaign on or off).
        const auto* values = p.find("values");
        const auto* flags = values ? values->as_array() : nullptr;
        if (flags && !flags->empty() &&
            std::all_of(flags->begin(), flags->end(), [](const auto& e) { return e.is_boolean(); })) {
          param.boolean = true;
          for (const auto& e : *flags) param.values.push_back(*e.template value<bool>() ? 1.0 : 0.0);
        } else {
          read_numbers("values", param.values);
        }
        std::vector<double> range;
        if (read_numbers("range", range)) {
          if (range.size() != 2 || range[1] < range[0]) {
            param.unreadable = true;
            ctx.error(p.pos("range"), p.path("range"), "must be [low, high] with low <= high");
          } else {
            param.range = std::array<double, 2>{range[0], range[1]};
          }
        }
        p.opt_count("steps", param.steps);
        param.values_given = p.has("values");
        param.steps_given = p.has("steps");
        p.choice("scale", param.scale, {"linear", "log"}, false);
        p.finish();
        sweep.parameters.push_back(std::move(param));
      }
    }
  }
  reader.finish();
  out = std::move(sweep);
}

// TOML++ 3.3's is_non_ascii_horizontal_whitespace() reaches
// TOML_UNREACHABLE (undefined behaviour) for U+00A1-U+0499, U+2D6E-U+3167
// (but U+3000) and U+FBC6-U+FEFE, wherever its parser asks whether a
// character is whitespace, error paths included (tools/fuzz.sh found five
// ways in). This copy swaps each of them for a code point the table handles
// (U+0500, U+4E00) of the same UTF-8 length, so positions do not move.
// The text is valid UTF-8 here (text_guard.cpp checked it).
std::string without_unsafe_code_points(const std::string& text) {
  std::string out = text;
  for (std::size_t i = 0; i < out.size();) {
    const auto b0 = static_cast<unsigned char>(out[i]);
    const std::size_t length = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xe ? 3 : 4;
    char32_t cp = 0;
    if (length == 2) {
      cp = ((b0 & 0x1fu) << 6) | (static_cast<unsigned char>(out[i + 1]) & 0x3fu);
    } else if (length == 3) {
      cp = ((b0 & 0x0fu) << 12) | ((static_cast<unsigned char>(out[i + 1]) & 0x3fu) << 6) |
           (static_cast<unsigned char>(out[i + 2]) & 0x3fu);
    }
    if (length == 2 && cp >= 0xA1 && cp <= 0x499) {
      out[i] = '\xd4';  // U+0500
      out[i + 1] = '\x80';
    } else if (length == 3 &&
               ((cp >= 0x2D6E && cp <= 0x3167 && cp != 0x3000) || (cp >= 0xFBC6 && cp <= 0xFEFE))) {
      out[i] = '\xe4';  // U+4E00
      out[i + 1] = '\xb8';
      out[i + 2] = '\x80';
    }
    i += length;
  }
  return out;
}

// TOML++'s description, except where it names the symptom and not the
// cause: a string left open runs into the end of its line, which TOML++
// calls "unescaped control characters other than TAB (U+0009) are
// explicitly prohibited".
std::string parse_error_text(const toml::parse_error& err, const std::string& text) {
  const std::string description(err.description());
  if (description.find("parsing string: encountered end-of-file") != std::string::npos)
    return "a string is not closed before the end of the file; add its closing quote (\")";
  if (description.find("unescaped control characters") == std::string::npos) return description;
  const auto [line, column] = pos_of(err.source());
  std::size_t start = 0;
  for (std::uint32_t l = 1; l < line && start != std::string::npos; ++l) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  if (start == std::string::npos) return description;
  const std::size_t at = start + column - 1;
  if (at >= text.size() || text[at] == '\n' || text[at] == '\r')
    return "a string is not closed on its line; add its closing quote (\")";
  return description;
}

}  // namespace

std::optional<ParamValue> parse_param_text(const std::string& text, std::string& why) {
  const std::string allowed = "; allowed: a number as TOML writes it (5, 0.25, 1e-3) or true/false";
  // One value on one line: nothing after it may add a key of its own.
  if (text.empty() || text.find_first_of("\n\r#") != std::string::npos) {
    why = "is not a number, true or false" + allowed;
    return std::nullopt;
  }
  try {
    const toml::table table = toml::parse("v = " + text);
    if (const auto* node = table.get("v"); node && table.size() == 1) {
      if (auto value = to_param_value(*node)) return value;
      why = "is " + type_name(*node) + allowed;
      return std::nullopt;
    }
  } catch (const toml::parse_error& err) {
    // TOML++ says "Error while parsing decimal integer: '…' is not
    // representable in 64 bits": the part after the prefix is the reason.
    std::string reason(err.description());
    if (const auto colon = reason.find(": ");
        reason.rfind("Error while parsing ", 0) == 0 && colon != std::string::npos)
      reason = reason.substr(colon + 2);
    // The one number TOML++ reads and cannot hold: a magnitude past a double's.
    if (reason.find("could not be interpreted as a value") != std::string::npos)
      reason = "too large for a double: at most about 1.8e308";
    const bool said = reason.find("could not determine value type") == std::string::npos;
    why = "is not a number, true or false" + (said ? " (" + reason + ")" : std::string()) + allowed;
    return std::nullopt;
  }
  why = "is not a number, true or false" + allowed;
  return std::nullopt;
}

Scenario read_toml(const std::string& text, const std::string& file, std::vector<Problem>& problems) {
  Scenario scenario;
  scenario.file = file;
  scenario.source = text;
  Context ctx{file, &problems, &scenario.positions};

  toml::table root_table;
  try {
    // The structure is checked on a copy without the code points TOML++
    // 3.3 cannot classify safely; only a copy that parses lets the original
    // through (then those code points are inside strings or comments).
    const std::string safe = without_unsafe_code_points(text);
    if (safe != text) (void)toml::parse(safe, std::string_view{file});
    root_table = toml::parse(text, std::string_view{file});
  } catch (const toml::parse_error& err) {
    ctx.error(pos_of(err.source()), "", "malformed TOML: " + parse_error_text(err, text));
    return scenario;
  }

  TableReader root(ctx, root_table, "");
  std::int64_t schema = 0;
  if (const auto* node = root.find("schema")) {
    const auto* i = node->as_integer();
    if (!i || i->get() != 1) {
      ctx.error(pos_of(node->source()), "schema",
                "is " + (i ? std::to_string(i->get()) : type_name(*node)) +
                    "; this journeysim reads schema 1 only (write `schema = 1`)");
    }
    schema = i ? i->get() : 0;
  } else {
    ctx.error({1, 1}, "schema", "is missing; write `schema = 1` at the top of the file");
  }
  scenario.schema = schema;

  read_section(ctx, root, "scenario", scenario.scenario, true);
  read_section(ctx, root, "population", scenario.population, true);
  read_array(ctx, root, "segments", "segment", {"id"}, scenario.segments, true);
  read_array(ctx, root, "channels", "channel", {"id"}, scenario.channels, true);
  read_array(ctx, root, "stages", "stage", {"id"}, scenario.stages, true);
  read_array(ctx, root, "touchpoints", "touchpoint", {"stage", "channel"}, scenario.touchpoints, true);
  read_section(ctx, root, "referrals", scenario.referrals, false);
  read_array(ctx, root, "campaigns", "campaign", {"id"}, scenario.campaigns, false);
  read_variants(ctx, root, scenario.variants);
  read_sweep(ctx, root, scenario.sweep);
  root.finish();
  return scenario;
}

std::string toml_library_version() {
  return std::to_string(TOML_LIB_MAJOR) + "." + std::to_string(TOML_LIB_MINOR) + "." +
         std::to_string(TOML_LIB_PATCH);
}

}  // namespace journeysim::detail
