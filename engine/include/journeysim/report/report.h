#pragma once
// `journeysim report`: a results file as one self-contained HTML page. The
// page carries its chart library (Apache ECharts, pinned in
// report/package.json and built into the library), its script and its data:
// it opens offline, from an e-mail attachment, and loads nothing.
#include <string>

namespace journeysim {

// The page for the results file at `results`. Throws IoError when the file
// cannot be read, and ScenarioError (naming the file) for a kind of file
// the report does not cover yet.
std::string render_report(const std::string& results);

// Whether the file at `path` is a page render_report wrote (it starts as
// every page does, up to its title), or empty: what a page may replace.
bool replaceable_by_report(const std::string& path);

}  // namespace journeysim
