#pragma once
// What the console shows, built once and written three ways: aligned text
// for the terminal, Markdown for slides and notes, CSV for notebooks. Text
// and Markdown cells are what a person reads ("1,234.5", "25.44 %",
// "+3.20 +- 0.15 *"); CSV cells are the same numbers, machine-readable: no
// thousands separators, no % sign (the header names the unit), an empty
// cell for "-", and an interval split into mean, half-width and
// significance columns.
#include <cstddef>
#include <string>
#include <vector>

namespace journeysim {

enum class TableFormat { Text, Csv, Markdown };

// "text", "csv", "markdown" → the format; throws std::invalid_argument otherwise.
TableFormat table_format(const std::string& name);

struct Column {
  std::string header;
  std::size_t width = 0;         // text: padded to at least this
  bool left = false;             // text: aligned left (labels)
  std::vector<std::string> csv;  // its CSV headers, one per CSV value; empty: {header}
};

struct Cell {
  std::string text;
  std::vector<std::string> csv;  // one per CSV header of its column
};

struct Table {
  std::string name;  // Markdown: its heading; CSV: the first column's header
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  bool text_header = true;  // text: print the header row
};

// Prose and tables in reading order. Text prints everything as laid out;
// Markdown, the title as a heading, prose as lines and tables as pipe
// tables; CSV, the tables only, each headed by its header row and followed
// by a blank line.
struct Document {
  struct Block {
    enum Kind { Title, Prose, Tabular } kind;
    std::string text;  // Title, Prose: lines, each ending in '\n'
    Table table;       // Tabular
  };
  std::vector<Block> blocks;

  void title(std::string line) { blocks.push_back({Block::Title, std::move(line), {}}); }
  void prose(std::string lines) {
    if (!lines.empty()) blocks.push_back({Block::Prose, std::move(lines), {}});
  }
  void add(Table t) { blocks.push_back({Block::Tabular, {}, std::move(t)}); }
  std::string render(TableFormat format) const;
};

// Cells. NaN shows as "-" (an empty CSV cell); `decimals` are kept in CSV.
// CSV keeps the value's full precision (10 significant digits), not the rounding shown.
Cell label(const std::string& text);
Cell number(double value, int decimals = 0);      // "1,234,568"
Cell percent(double fraction, int decimals = 2);  // "25.44 %"; CSV "25.4417"
Cell text_cell(const std::string& text, const std::string& csv);
// A value for a CSV cell: 10 significant digits, "" for NaN.
std::string csv_number(double value);

// Columns on a terminal: UTF-8 characters, not bytes ("é" is one).
std::size_t display_width(const std::string& text);

// 1234.5678 -> "1234.57" (decimals 2): printf's %.*f.
std::string fixed(double value, int decimals);

// 1234567.8 -> "1,234,568" (decimals 0) or "1,234,567.8" (1).
std::string grouped(double value, int decimals = 0);

}  // namespace journeysim
