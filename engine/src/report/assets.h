#pragma once
// The files of report/ built into the library (assets.cpp): the page needs
// no file at run time.
#include <string_view>

namespace journeysim::report_assets {

std::string_view echarts();  // report/node_modules/echarts/dist/echarts.min.js
std::string_view page();     // report/template.html
std::string_view script();   // report/report.js

}  // namespace journeysim::report_assets
