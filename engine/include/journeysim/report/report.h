#pragma once
// `journeysim report`: a results file as one self-contained HTML page. The
// page carries its chart library (Apache ECharts, pinned in
// report/package.json and built into the library), its script and its data:
// it opens offline, from an e-mail attachment, and loads nothing.
#include <string>
#include <string_view>

namespace journeysim {

// The page for the results file at `results`. Throws IoError when the file
// cannot be read, and ScenarioError (naming the file) for a kind of file
// the report does not cover yet.
std::string render_report(const std::string& results);

// How every page render_report writes starts, up to its title: what tells
// an earlier page, which a page may replace, from a file of the user's.
std::string_view report_page_start();

}  // namespace journeysim
