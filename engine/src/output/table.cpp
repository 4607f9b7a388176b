#include "journeysim/output/table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string_view>

namespace journeysim {

namespace {

std::string pad(const std::string& s, std::size_t width, bool left) {
  const std::size_t w = display_width(s);
  if (w >= width) return s;
  return left ? s + std::string(width - w, ' ') : std::string(width - w, ' ') + s;
}

// A text cell that a spreadsheet would take for a formula (a title such as
// "=HYPERLINK(...)" from a shared scenario) gets a leading apostrophe, as
// OWASP advises for CSV; a number such as -5 or +0.1 is left as it is.
std::string formula_guarded(const std::string& s) {
  if (s.empty() || std::string_view("=+-@\t\r").find(s.front()) == std::string_view::npos) return s;
  char* end = nullptr;
  (void)std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() ? s : "'" + s;
}

// Quoted when it holds a separator, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& given) {
  const std::string s = formula_guarded(given);
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Without the text layout's padding; a pipe inside a Markdown cell would end it.
std::string markdown_field(const std::string& s) {
  const auto first = s.find_first_not_of(' '), last = s.find_last_not_of(' ');
  std::string out;
  if (first == std::string::npos) return out;
  for (char c : s.substr(first, last - first + 1)) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string render_text(const Table& t) {
  std::string out;
  auto line = [&](auto&& cell_text) {
    // Indented by two; a space between columns, each padded to its width.
    std::string row = " ";
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const Column& col = t.columns[c];
      row += (c ? " " : " ") + pad(cell_text(c), col.width, col.left);
    }
    while (!row.empty() && row.back() == ' ') row.pop_back();
    out += row + "\n";
  };
  if (t.text_header) line([&](std::size_t c) { return t.columns[c].header; });
  for (const auto& r : t.rows) line([&](std::size_t c) { return r[c].text; });
  return out;
}

std::string render_markdown(const Table& t) {
  std::string out = "| ";
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    out += (c ? " | " : "") + markdown_field(t.columns[c].header);
  out += " |\n|";
  for (const auto& col : t.columns) out += col.left ? " --- |" : " ---: |";
  out += "\n";
  for (const auto& r : t.rows) {
    out += "| ";
    for (std::size_t c = 0; c < r.size(); ++c) out += (c ? " | " : "") + markdown_field(r[c].text);
    out += " |\n";
  }
  return out;
}

std::string render_csv(const Table& t) {
  std::string out;
  bool first = true;
  auto add = [&](const std::string& field) {
    out += (first ? "" : ",") + csv_field(field);
    first = false;
  };
  for (const auto& col : t.columns) {
    if (col.csv.empty()) {
      add(col.header);
    } else {
      for (const auto& h : col.csv) add(h);
    }
  }
  out += "\n";
  for (const auto& r : t.rows) {
    first = true;
    for (const auto& cell : r) {
      for (const auto& v : cell.csv) add(v);
    }
    out += "\n";
  }
  return out;
}

// Lines without their indentation, for Markdown.
std::string unindented(const std::string& text) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(at, end - at);
    const auto first = line.find_first_not_of(' ');
    line = first == std::string::npos ? "" : line.substr(first);
    // Two trailing spaces: a line break inside a Markdown paragraph.
    out += line.empty() ? "\n" : line + "  \n";
    at = end + 1;
  }
  return out;
}

}  // namespace

std::string fixed(double value, int decimals) {
  // As the report's numbers are (toLocaleString: ICU rounds the shortest
  // decimal that reads back as the double, a half away from zero), so that
  // both show 12,647 for a mean of 12,646.5 and 0.29 for 0.285; printf
  // rounds the double's exact binary value, a half to even.
  char buffer[64];
  if (!std::isfinite(value) || std::fabs(value) >= 1e15 || decimals < 0 || decimals > 17) {
    std::snprintf(buffer, sizeof buffer, "%.*f", std::max(decimals, 0), value);
    return buffer;
  }
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed).ptr;
  std::string text(buffer, end);
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.erase(0, 1);
  const auto dot = text.find('.');
  std::string whole = text.substr(0, dot), fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  const auto kept = static_cast<std::size_t>(decimals);
  const bool up = fraction.size() > kept && fraction[kept] >= '5';
  fraction.resize(kept, '0');
  std::string digits = whole + fraction;
  if (up) {
    std::size_t i = digits.size();
    while (i > 0 && digits[i - 1] == '9') digits[--i] = '0';
    if (i == 0)
      digits.insert(digits.begin(), '1');
    else
      ++digits[i - 1];
  }
  whole = digits.substr(0, digits.size() - kept);
  fraction = digits.substr(digits.size() - kept);
  return (negative ? "-" : "") + whole + (kept ? "." + fraction : "");
}

std::size_t display_width(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;  // not a continuation byte
  return n;
}

std::string csv_number(double value) {
  if (std::isnan(value)) return "";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

TableFormat table_format(const std::string& name) {
  if (name == "text") return TableFormat::Text;
  if (name == "csv") return TableFormat::Csv;
  if (name == "markdown") return TableFormat::Markdown;
  throw std::invalid_argument("is `" + name + "`; allowed: text, csv, markdown");
}

std::string grouped(double value, int decimals) {
  std::string digits = fixed(std::fabs(value), decimals);
  const auto dot = digits.find('.');
  std::string integer = digits.substr(0, dot), rest = dot == std::string::npos ? "" : digits.substr(dot);
  std::string out;
  for (std::size_t i = 0; i < integer.size(); ++i) {
    if (i && (integer.size() - i) % 3 == 0) out += ',';
    out += integer[i];
  }
  const bool zero =
      out.find_first_not_of("0,") == std::string::npos && rest.find_first_not_of(".0") == std::string::npos;
  return (value < 0 && !zero ? "-" : "") + out + rest;
}

Cell label(const std::string& text) {
  return {text, {text}};
}

Cell number(double value, int decimals) {
  if (std::isnan(value)) return {"-", {""}};
  return {grouped(value, decimals), {csv_number(value)}};
}

Cell percent(double fraction, int decimals) {
  if (std::isnan(fraction)) return {"-", {""}};
  return {fixed(100.0 * fraction, decimals) + " %", {csv_number(100.0 * fraction)}};
}

Cell text_cell(const std::string& text, const std::string& csv) {
  return {text, {csv}};
}

std::string Document::render(TableFormat format) const {
  std::string out;
  for (const auto& b : blocks) {
    switch (format) {
      case TableFormat::Text:
        out += b.kind == Block::Tabular ? render_text(b.table) : b.text;
        break;
      case TableFormat::Markdown:
        if (b.kind == Block::Title) {
          out += "## " + unindented(b.text).substr(0, unindented(b.text).find("  \n")) + "\n\n";
        } else if (b.kind == Block::Prose) {
          const std::string lines = unindented(b.text);
          if (lines.find_first_not_of('\n') != std::string::npos) out += lines + "\n";
        } else {
          if (!b.table.name.empty() && b.table.text_header) out += "### " + b.table.name + "\n\n";
          out += render_markdown(b.table) + "\n";
        }
        break;
      case TableFormat::Csv:
        if (b.kind == Block::Tabular) out += (out.empty() ? "" : "\n") + render_csv(b.table);
        break;
    }
  }
  return out;
}

}  // namespace journeysim
