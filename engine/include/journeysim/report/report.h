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

}  // namespace journeysim
