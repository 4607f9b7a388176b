#pragma once
// CLI11's messages for a bad command line, said as journeysim's other errors
// are. CLI11 2.1 writes "--format: 1 required TEXT:text|csv|markdown
// missing", "--threads: At Most 1 required but received 2" and "The
// following argument was not expected: csv", in its own terms and the last
// backwards.
#include <CLI/CLI.hpp>

#include <cctype>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace journeysim_cli {

// "TEXT:text|csv|markdown" -> "text, csv or markdown"; "N" -> "a whole number".
inline std::string value_kind(const std::string& type) {
  if (type == "N") return "a whole number";
  const auto colon = type.find(':');
  if (colon == std::string::npos) return type;
  std::string choices = type.substr(colon + 1), out;
  for (std::size_t at = 0; at <= choices.size();) {
    const auto bar = std::min(choices.find('|', at), choices.size());
    const bool last = bar == choices.size();
    out += (out.empty() ? "" : last ? " or " : ", ") + choices.substr(at, bar - at);
    at = bar + 1;
  }
  return out;
}

inline std::string parse_failure(const CLI::App* app, const CLI::Error& e) {
  const std::string what = e.what();
  static const std::regex missing(R"(^(\S+): \d+ required (\S+) missing$)");
  static const std::regex repeated(R"(^(\S+): At Most 1 required but received (\d+)$)");
  static const std::regex range(R"(^(\S+): Value (.*) not in range (\S+) to (\S+)$)");
  static const std::regex extra(R"(^The following arguments? (?:was|were) not expected: (.*)$)");
  std::string command = "journeysim";
  for (const CLI::App* sub : app->get_subcommands()) command += " " + sub->get_name();
  std::smatch m;
  std::string said = what;
  if (std::regex_match(what, m, missing)) {
    said = m.str(1) + " needs a value: " + value_kind(m.str(2));
  } else if (std::regex_match(what, m, repeated)) {
    said = m.str(1) + " is given " + m.str(2) + " times; give it once";
  } else if (std::regex_match(what, m, range)) {
    // Also what CLI11 says of a value that is no number, or of the next option taken as the value.
    const std::string given = m.str(2);
    said = m.str(1) +
           (given.rfind('-', 0) == 0 && given.size() > 1 && !std::isdigit(given[1])
                ? " needs a value: a whole number (`" + given + "` is an option)"
                : " is `" + given + "`; allowed: a whole number from " + m.str(3) + " to " + m.str(4));
  } else if (std::regex_match(what, m, extra)) {
    // CLI11 lists the extras last first ("b a" for `run s.toml a b`).
    std::vector<std::string> words;
    std::istringstream in(m.str(1));
    for (std::string w; in >> w;) words.insert(words.begin(), "`" + w + "`");
    std::string list;
    for (std::size_t i = 0; i < words.size(); ++i)
      list += (i == 0 ? "" : i + 1 == words.size() ? " and " : ", ") + words[i];
    said = list + (words.size() > 1 ? " are not options or arguments" : " is not an option or argument") +
           " of `" + command + "`";
  } else if (what == "A subcommand is required") {
    std::string known;
    for (const CLI::App* sub : app->get_subcommands({}))
      known += (known.empty() ? "" : ", ") + sub->get_name();
    said = "give a command: " + known;
  }
  const bool top = command == "journeysim";
  return "journeysim: error: " + said + " (" + command + " --help lists the " +
         (top ? "commands" : "options") + ")\n";
}

}  // namespace journeysim_cli
