// The console's tables written as CSV: cells a spreadsheet would run as a
// formula are guarded, numbers are not.
#include <catch2/catch.hpp>

#include "journeysim/output/table.h"

using namespace journeysim;

TEST_CASE("csv: a text cell that looks like a formula is guarded and a signed number is not",
          "[output][format]") {
  Table t;
  t.name = "arm";
  t.columns = {{"arm", 5, true, {}}, {"value", 5, false, {}}};
  for (const char* text : {"=HYPERLINK(\"x\")", "+cmd", "-cmd", "@SUM(A1)", "-5", "+0.25", "-", "plain"})
    t.rows.push_back({label(text), label(text)});
  Document doc;
  doc.add(t);
  const std::string csv = doc.render(TableFormat::Csv);
  CHECK_THAT(csv, Catch::Contains("\"'=HYPERLINK(\"\"x\"\")\""));
  CHECK_THAT(csv, Catch::Contains("'+cmd,'+cmd\n") && Catch::Contains("'-cmd,'-cmd\n") &&
                      Catch::Contains("'@SUM(A1),'@SUM(A1)\n"));
  CHECK_THAT(csv, Catch::Contains("\n-5,-5\n") && Catch::Contains("\n+0.25,+0.25\n") &&
                      Catch::Contains("\nplain,plain\n"));
  // The text layout shows what was written.
  CHECK_THAT(doc.render(TableFormat::Text), Catch::Contains("=HYPERLINK") && !Catch::Contains("'="));
}
