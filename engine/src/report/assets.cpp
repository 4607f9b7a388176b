#include "assets.h"

// .incbin copies each file into the object as it is, whatever its size
// (a string literal of ECharts' 1.1 MB would strain the compiler); CMake
// names the files and rebuilds this object when they change.
#define JOURNEYSIM_EMBED(name, path)               \
  asm(".section .rodata\n"                         \
      ".global journeysim_asset_" #name            \
      "\n"                                         \
      ".global journeysim_asset_" #name            \
      "_end\n"                                     \
      "journeysim_asset_" #name                    \
      ":\n"                                        \
      ".incbin \"" path                            \
      "\"\n"                                       \
      "journeysim_asset_" #name                    \
      "_end:\n"                                    \
      ".previous\n");                              \
  extern "C" const char journeysim_asset_##name[]; \
  extern "C" const char journeysim_asset_##name##_end[];

JOURNEYSIM_EMBED(echarts, JOURNEYSIM_ECHARTS_JS)
JOURNEYSIM_EMBED(page, JOURNEYSIM_REPORT_PAGE)
JOURNEYSIM_EMBED(script, JOURNEYSIM_REPORT_SCRIPT)

namespace journeysim::report_assets {

namespace {
std::string_view between(const char* begin, const char* end) {
  return {begin, static_cast<std::size_t>(end - begin)};
}
}  // namespace

std::string_view echarts() {
  return between(journeysim_asset_echarts, journeysim_asset_echarts_end);
}
std::string_view page() {
  return between(journeysim_asset_page, journeysim_asset_page_end);
}
std::string_view script() {
  return between(journeysim_asset_script, journeysim_asset_script_end);
}

}  // namespace journeysim::report_assets
