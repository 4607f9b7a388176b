#include "text_guard.h"

#include <cstdint>
#include <cstdio>
#include <string>

namespace journeysim::detail {

namespace {

// TOML++ 3.3 misbehaves on some malformed bytes (see DEPENDENCIES.md), so
// the text must be valid UTF-8 without control characters before it is parsed.
std::optional<Problem> encoding_problem(const std::string& text, const std::string& file) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Problem{file, {1, 1}, "", "the file is empty; a scenario starts with `schema = 1`"};
  }
  std::uint32_t line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", c);
        return Problem{file,
                       {line, column},
                       "",
                       std::string("control byte ") + hex +
                           " found; a scenario is a UTF-8 TOML text file, is this a binary file?"};
      }
    } else {
      length = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
      bool ok = length != 0 && i + length <= text.size() && c != 0xc0 && c != 0xc1 && c <= 0xf4;
      for (std::size_t k = 1; ok && k < length; ++k) {
        ok = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
      }
      if (!ok) {
        return Problem{file,
                       {line, column},
                       "",
                       "invalid UTF-8; a scenario is a UTF-8 TOML text file, is this a binary file?"};
      }
    }
    if (c == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    i += length;
  }
  return std::nullopt;
}

bool is_key_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
         c == '"' || c == '\'';
}

// TOML++ 3.3 has undefined behaviour on some input, all found by
// tools/fuzz.sh: it assumes (TOML_ASSUME) that a key starts right after a
// table header's '[' and a dotted key's '.' ("[@" breaks that), and its
// Unicode whitespace table reaches TOML_UNREACHABLE for U+00A1-U+0499,
// U+2D6E-U+3167 and U+FBC6-U+FEFE wherever it skips whitespace: outside
// strings ("café = 1"), after a backslash in a basic string, and after a
// line-ending backslash in a multi-line string. Valid TOML has none but the
// last; this scan refuses all of them before the parser sees them, with a
// position.
std::optional<Problem> key_start_problem(const std::string& text, const std::string& file) {
  std::uint32_t line = 1, column = 0;
  bool line_start = true;
  std::string open;    // the arrays ('[') and inline tables ('{') open in values
  bool in_key = true;  // a key is being read (else a value)
  // TOML++ parses dotted keys and nested arrays or inline tables
  // recursively: about 40,000 key parts overflowed its stack (SIGSEGV). No
  // scenario needs more than a handful; these bounds keep far from it.
  constexpr std::size_t kMaxKeyParts = 64, kMaxNesting = 64;
  std::size_t key_parts = 1;
  char prev = '\n';  // the last character outside blanks, strings and comments
  const std::size_t n = text.size();
  auto at = [&](std::size_t i) { return i < n ? text[i] : '\0'; };
  auto advance = [&](std::size_t& i) {
    if (text[i] == '\n') {
      ++line;
      column = 0;
    } else {
      ++column;
    }
    ++i;
  };
  // After '[' or '.', the next character other than blanks must start a key.
  auto check_key_after = [&](std::size_t& i, const char* what) -> std::optional<Problem> {
    while (at(i) == ' ' || at(i) == '\t') advance(i);
    if (i < n && !is_key_start(text[i])) {
      return Problem{
          file,
          {line, column + 1},
          "",
          std::string("malformed TOML: expected a key (letters, digits, '_', '-' or a quoted name) after ") +
              what + ", saw '" + std::string(1, text[i]) + "'"};
    }
    return std::nullopt;
  };
  for (std::size_t i = 0; i < n;) {
    const char c = text[i];
    if (c == '#') {
      while (i < n && text[i] != '\n') advance(i);
      continue;
    }
    if (c == '"' || c == '\'') {
      // A string starts only after these (or first on a line); elsewhere the
      // parser would not read it as a string, so neither may this scan.
      if (prev != '=' && prev != '[' && prev != '{' && prev != ',' && prev != '.' && prev != '\n') {
        return Problem{
            file,
            {line, column + 1},
            "",
            std::string("malformed TOML: unexpected ") + c + "; a quoted string starts a value or a key"};
      }
      const bool multi = at(i + 1) == c && at(i + 2) == c;
      for (int k = 0; k < (multi ? 3 : 1); ++k) advance(i);
      while (i < n) {
        if (c == '"' && text[i] == '\\') {
          advance(i);
          // After a backslash TOML++ skips blanks and asks its faulty table
          // whether the next character is whitespace (a line-ending
          // backslash); after a line-ending backslash it does so across
          // lines. TOML escapes are ASCII, so a non-ASCII character there is
          // never valid, or (after a line break) is refused as unsafe.
          std::size_t j = i;
          while (at(j) == ' ' || at(j) == '\t') ++j;
          bool line_end = false;
          if (multi && (at(j) == '\n' || (at(j) == '\r' && at(j + 1) == '\n'))) {
            line_end = true;
            while (at(j) == ' ' || at(j) == '\t' || at(j) == '\r' || at(j) == '\n') ++j;
          }
          if (static_cast<unsigned char>(at(j)) >= 0x80) {
            while (i < j) advance(i);
            return Problem{
                file,
                {line, column + 1},
                "",
                line_end ? "a multi-line string continues after a line-ending backslash with a non-ASCII "
                           "character, which TOML++ 3.3 cannot read safely; start the line with an ASCII "
                           "character or drop the backslash"
                         : "malformed TOML: a backslash before a non-ASCII character is not an escape; "
                           "write \\\\ for a backslash"};
          }
          if (line_end) {
            while (i < j) advance(i);
            continue;
          }
          if (i < n) advance(i);
          continue;
        }
        if (!multi && text[i] == '\n') break;  // unterminated: the parser reports it
        if (text[i] == c && (!multi || (at(i + 1) == c && at(i + 2) == c))) {
          for (int k = 0; k < (multi ? 3 : 1); ++k) advance(i);
          // """a"""" is the text a" : up to two quotes may stand before the closing three.
          for (int extra = 0; multi && extra < 2 && at(i) == c; ++extra) advance(i);
          break;
        }
        advance(i);
      }
      line_start = false;
      prev = '"';
      continue;
    }
    if (c == '\n') {
      line_start = true;
      prev = '\n';
      if (open.empty()) in_key = true;
      key_parts = 1;
      advance(i);
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      advance(i);
      continue;
    }
    if (c == '[' && open.empty() && line_start) {
      in_key = true;
      advance(i);
      if (at(i) == '[') advance(i);
      if (auto p = check_key_after(i, "'[' of a table header")) return p;
    } else if (c == '[' || c == '{') {
      open += c;
      in_key = c == '{';
      key_parts = 1;
      if (open.size() > kMaxNesting) {
        return Problem{file,
                       {line, column + 1},
                       "",
                       "arrays and inline tables nested more than " + std::to_string(kMaxNesting) +
                           " deep; allowed: at most " + std::to_string(kMaxNesting)};
      }
      advance(i);
    } else if ((c == ']' || c == '}') && !open.empty()) {
      open.pop_back();
      in_key = false;
      advance(i);
    } else if (c == '=') {
      in_key = false;
      key_parts = 1;
      advance(i);
    } else if (c == ',') {
      in_key = !open.empty() && open.back() == '{';
      key_parts = 1;
      advance(i);
    } else if (c == '.' && in_key) {
      if (++key_parts > kMaxKeyParts) {
        return Problem{file,
                       {line, column + 1},
                       "",
                       "a dotted key or table header of more than " + std::to_string(kMaxKeyParts) +
                           " parts; allowed: at most " + std::to_string(kMaxKeyParts)};
      }
      advance(i);
      if (auto p = check_key_after(i, "'.'")) return p;
    } else if (c == '.') {
      // In a value a dot belongs to a number or a time: digits follow.
      advance(i);
      if (!(at(i) >= '0' && at(i) <= '9')) {
        return Problem{
            file, {line, column + 1}, "", "malformed TOML: expected a digit after '.' in a number"};
      }
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      // TOML++ 3.3's whitespace tables reach undefined behaviour on some
      // code points (U+00E9 'é' among them) outside strings; TOML allows
      // non-ASCII only inside strings and comments anyway.
      return Problem{file,
                     {line, column + 1},
                     "",
                     "malformed TOML: a non-ASCII character outside a string or comment; put text in quotes "
                     "(keys and ids are ASCII)"};
    } else {
      advance(i);
    }
    line_start = false;
    prev = c;
  }
  return std::nullopt;
}

}  // namespace

std::optional<Problem> guard_text(const std::string& text, const std::string& file) {
  if (auto problem = encoding_problem(text, file)) return problem;
  return key_start_problem(text, file);
}

}  // namespace journeysim::detail
