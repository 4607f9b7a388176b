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

// "a, b or c" (last = " or "): words in a sentence.
inline std::string joined(const std::vector<std::string>& words, const std::string& last) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : i + 1 == words.size() ? last : ", ") + words[i];
  return out;
}

// The commands, as declared: run, compare, sweep, report, validate.
inline std::vector<std::string> command_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  return names;
}

// "TEXT:text|csv|markdown" -> "text, csv or markdown"; "N" -> "a whole number".
inline std::string value_kind(const std::string& type) {
  if (type == "N") return "a whole number";
  const auto colon = type.find(':');
  if (colon == std::string::npos) return type;
  std::vector<std::string> choices;
  std::istringstream in(type.substr(colon + 1));
  for (std::string choice; std::getline(in, choice, '|');) choices.push_back(choice);
  return joined(choices, " or ");
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
    said = joined(words, " and ") +
           (words.size() > 1 ? " are not options or arguments" : " is not an option or argument") + " of `" +
           command + "`";
  } else if (what == "A subcommand is required") {
    said = "give a command: " + joined(command_names(*app), ", ");
  }
  const bool top = command == "journeysim";
  return "journeysim: error: " + said + " (" + command + " --help lists the " +
         (top ? "commands" : "options") + ")\n";
}

}  // namespace journeysim_cli
