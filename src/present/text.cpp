// Escaping and wrapping of argument texts for diagrams and the HTML report (see text.h).
#include "present/text.h"

#include <cstdint>

namespace argraph::present {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

/// The length of the valid UTF-8 sequence starting at text[i], or 0 when it is invalid.
size_t Utf8Length(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  const uint8_t lead = byte(i);
  size_t length = 0;
  uint32_t min = 0;
  uint32_t code = 0;
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, min = 0x80, code = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, min = 0x800, code = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, min = 0x10000, code = lead & 0x07;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    code = (code << 6) | (byte(i + k) & 0x3F);
  }
  if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return 0;
  return length;
}

/// Calls `emit(piece)` for each code point of `text`, valid and free of controls.
template <typename Emit>
void ForEachCodePoint(std::string_view text, Emit emit) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t length = Utf8Length(text, i);
    if (length == 0) {
      emit(kReplacement);
      ++i;
      continue;
    }
    const std::string_view piece = text.substr(i, length);
    const auto c = static_cast<uint8_t>(piece[0]);
    const bool control = (length == 1 && ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)) ||
                         (length == 2 && c == 0xC2 && static_cast<uint8_t>(piece[1]) < 0xA0);
    emit(control ? kReplacement : piece);
    i += length;
  }
}

}  // namespace

std::string SanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](std::string_view piece) { out += piece; });
  return out;
}

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  ForEachCodePoint(text, [&](std::string_view piece) {
    if (piece.size() != 1) {
      out += piece;
      return;
    }
    switch (piece[0]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += piece;
    }
  });
  return out;
}

std::string EscapeGraphviz(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  ForEachCodePoint(text, [&](std::string_view piece) {
    out += piece;
    if (piece == "\\") out += '\\';
  });
  return out;
}

std::string EscapeGraphvizTooltip(std::string_view text) { return EscapeGraphviz(EscapeGraphviz(text)); }

std::vector<std::string> WrapText(std::string_view text, size_t width, size_t max_lines) {
  // Split into words of code points.
  std::vector<std::vector<std::string>> words(1);
  ForEachCodePoint(text, [&](std::string_view piece) {
    if (piece == " " || piece == "\n" || piece == "\t") {
      if (!words.back().empty()) words.emplace_back();
    } else {
      words.back().emplace_back(piece);
    }
  });
  if (words.back().empty()) words.pop_back();

  std::vector<std::vector<std::string>> lines;
  std::vector<std::string> line;
  for (auto& word : words) {
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    if (!line.empty()) line.emplace_back(" ");
    for (auto& piece : word) {
      if (line.size() == width) {
        lines.push_back(std::move(line));
        line.clear();
      }
      line.push_back(std::move(piece));
    }
  }
  if (!line.empty()) lines.push_back(std::move(line));

  const bool cut = max_lines > 0 && lines.size() > max_lines;
  if (cut) {
    lines.resize(max_lines);
    auto& last = lines.back();
    while (!last.empty() && last.size() + 1 > width) last.pop_back();
    while (!last.empty() && last.back() == " ") last.pop_back();
    last.emplace_back("\xE2\x80\xA6");  // …
  }
  std::vector<std::string> out;
  for (const auto& pieces : lines) {
    std::string joined;
    for (const auto& piece : pieces) joined += piece;
    out.push_back(std::move(joined));
  }
  return out;
}

}  // namespace argraph::present
