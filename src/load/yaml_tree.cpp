// YAML text to YamlDocument: libyaml's fast path (yaml_fast.cpp) when the text lies in the subset both
// libraries read alike, else yaml-cpp's event interface, whose messages every syntax diagnostic keeps.
// Building our own flat tree (rather than keeping YAML::Node) keeps yaml-cpp inside this file, tells
// quoted from plain scalars, refuses aliases (which would let a small file expand exponentially), and
// never recurses on our side.
// yaml-cpp itself recurses once per nesting level, so a cheap pre-scan refuses deep nesting first.
#include "load/yaml_tree.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <sstream>
#include <string_view>

namespace argraph::load {
namespace {

/// True when the 8 bytes of `x` are all printable ASCII (0x20 to 0x7e) or line feeds. Each byte is
/// tested exactly (its low seven bits plus 0x60 or 0x7f never carry into the next byte).
bool PrintableAsciiOrLineFeed(uint64_t x) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = kOnes * 0x80;
  constexpr uint64_t kLow7 = kOnes * 0x7f;
  auto zero_bytes = [&](uint64_t y) { return ~(((y & kLow7) + kLow7) | y) & kHigh; };
  const uint64_t below_space = ~(((x & kLow7) + kOnes * 0x60) | x) & kHigh;  // ASCII bytes below 0x20
  const uint64_t line_feed = zero_bytes(x ^ (kOnes * '\n'));
  const uint64_t del = zero_bytes(x ^ kLow7);
  return ((x & kHigh) | (below_space & ~line_feed) | del) == 0;
}

/// Reports the first byte that cannot be in a YAML file: invalid UTF-8, or a control character other
/// than tab, line feed and carriage return. Returns false when there is one. On the way it learns
/// what the fast paths need to know (YamlBytes): whether the text is ASCII, and whether it holds a
/// character that libyaml and yaml-cpp read differently (tab, carriage return, byte-order mark U+FEFF,
/// and NEL U+0085, LS U+2028, PS U+2029, which are line breaks to libyaml only).
bool CheckText(const std::string& file, const std::string& text, Diagnostics& diagnostics, YamlBytes& facts) {
  facts = YamlBytes{};
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  size_t i = 0;
  bool ok = true;
  while (i < n) {
    for (uint64_t x = 0; i + 8 <= n; i += 8) {  // most of a file: printable ASCII, 8 bytes at a time
      std::memcpy(&x, bytes + i, 8);
      if (!PrintableAsciiOrLineFeed(x)) break;
    }
    if (i == n) break;
    const unsigned char c = bytes[i];
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
        ok = false;
        break;
      }
      if (c == '\t' || c == '\r') facts.libraries_agree = false;
      ++i;
      continue;
    }
    facts.ascii = false;
    size_t length = 0;
    unsigned int min = 0;
    unsigned int code = 0;
    if ((c & 0xe0) == 0xc0) {
      length = 2, code = c & 0x1fu, min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      length = 3, code = c & 0x0fu, min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      length = 4, code = c & 0x07u, min = 0x10000;
    } else {
      ok = false;
      break;
    }
    for (size_t k = 1; ok && k < length; ++k) {
      if (i + k >= n || (bytes[i + k] & 0xc0) != 0x80) {
        ok = false;
      } else {
        code = (code << 6) | (bytes[i + k] & 0x3fu);
      }
    }
    if (ok && (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))) ok = false;
    if (!ok) break;
    if (code == 0xfeff || code == 0x85 || code == 0x2028 || code == 0x2029) facts.libraries_agree = false;
    i += length;
  }
  if (ok) return true;
  // Where the bad byte is: its line, and its column in bytes.
  const size_t line_start = i == 0 ? 0 : text.rfind('\n', i - 1) + 1;  // npos + 1 == 0
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(i), '\n'));
  const int column = static_cast<int>(i - line_start) + 1;
  std::ostringstream message;
  message << "byte 0x" << std::hex << static_cast<int>(bytes[i])
          << " cannot appear in a YAML file (it must be UTF-8 text); is this a binary file?";
  diagnostics.Error({file, line, column}, message.str(), "not-text");
  return false;
}

/// True when the 1-based `line` of `text` has a tab in its leading blanks (YAML forbids tab indentation,
/// and yaml-cpp's message does not say so).
bool IndentedWithTab(const std::string& text, int line) {
  size_t start = 0;
  for (int i = 1; i < line && start != std::string::npos; ++i) {
    start = text.find('\n', start);
    if (start != std::string::npos) ++start;
  }
  for (size_t i = start; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
    if (text[i] == '\t') return true;
  }
  return false;
}

/// Refuses nesting that would make yaml-cpp recurse deeply. Estimates the depth at every structural
/// point as (width of the block indentation and indicators of the line) + (open flow brackets),
/// skipping quoted scalars, comments and block scalars; the estimate is never below the real depth
/// of well-formed YAML, so nothing deeper than the limit reaches the parser.
bool CheckNesting(const std::string& file, const std::string& text, int max_nesting,
                  Diagnostics& diagnostics) {
  int flow = 0;
  char quote = 0;                // the open quote character, when inside a quoted scalar
  int block_scalar_indent = -1;  // >= 0 while skipping the lines of a block scalar (| or >)
  size_t i = 0;
  const size_t n = text.size();
  int line = 0;
  while (i < n) {
    ++line;
    const size_t end = std::min(n, text.find('\n', i));
    size_t indent = 0;
    while (i + indent < end && (text[i + indent] == ' ' || text[i + indent] == '\t')) ++indent;
    if (block_scalar_indent >= 0) {
      const bool blank = i + indent == end || text[i + indent] == '\r';
      if (blank || static_cast<int>(indent) > block_scalar_indent) {
        i = end + 1;
        continue;
      }
      block_scalar_indent = -1;
    }
    size_t prefix = indent;
    if (quote == 0 && flow == 0) {
      while (i + prefix < end && (text[i + prefix] == ' ' || text[i + prefix] == '\t' ||
                                  text[i + prefix] == '-' || text[i + prefix] == '?' ||
                                  text[i + prefix] == ':')) {
        ++prefix;
      }
    }
    auto too_deep = [&](size_t column) {
      diagnostics.Error({file, line, static_cast<int>(column) + 1},
                        "the YAML is nested too deeply here (more than " + std::to_string(max_nesting) +
                            " levels of indentation and brackets); flatten it",
                        "yaml-nesting");
      return false;
    };
    if (quote == 0 && flow == 0 && static_cast<int>(prefix) > max_nesting) {
      return too_deep(static_cast<size_t>(max_nesting));
    }
    if (quote == 0 && flow == 0) {
      // Most lines hold nothing that opens or closes a quote, a bracket or a block scalar.
      static const auto kStructural = [] {
        std::array<bool, 256> table{};
        for (const unsigned char c : std::string_view("\"'[]{}|>#")) table[c] = true;
        return table;
      }();
      size_t j = i + prefix;
      while (j < end && !kStructural[static_cast<unsigned char>(text[j])]) ++j;
      if (j == end) {
        i = end + 1;
        continue;
      }
    }
    char previous = '\0';  // the last non-blank character of the line outside quotes
    for (size_t j = i; j < end; ++j) {
      const char c = text[j];
      if (quote == '"') {
        while (j + 1 < end && text[j] != '"' && text[j] != '\\') ++j;  // the quoted text, quickly
        const char d = text[j];
        if (d == '\\') {
          ++j;
        } else if (d == '"') {
          quote = 0;
          previous = 'x';
        }
        continue;
      }
      if (quote == '\'') {
        if (c == '\'') {
          if (j + 1 < end && text[j + 1] == '\'') {
            ++j;
          } else {
            quote = 0;
            previous = 'x';
          }
        }
        continue;
      }
      // A run of characters that matter only as "the last one" (not blank, quote, bracket, comment,
      // block indicator or one of `:-?,` that make the next character a start) leaves just `previous`.
      static const auto kOrdinary = [] {
        std::array<bool, 256> table{};
        table.fill(true);
        for (const unsigned char o : std::string_view(" \t\r\"'[]{}|>#:-?,")) table[o] = false;
        return table;
      }();
      if (kOrdinary[static_cast<unsigned char>(c)]) {
        while (j + 1 < end && kOrdinary[static_cast<unsigned char>(text[j + 1])]) ++j;
        previous = text[j];
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') continue;
      if (c == '#' && (j == i || text[j - 1] == ' ' || text[j - 1] == '\t')) break;
      const bool after_indicator = (previous == ':' || previous == '-' || previous == '?') &&
                                   (text[j - 1] == ' ' || text[j - 1] == '\t');
      const bool at_start = previous == '\0' || after_indicator || previous == '[' || previous == '{' ||
                            previous == ',';
      if ((c == '"' || c == '\'') && (at_start || flow > 0)) {
        quote = c;
      } else if ((c == '[' || c == '{') && (at_start || flow > 0)) {
        ++flow;
        if (static_cast<int>(prefix) + flow > max_nesting) return too_deep(j - i);
      } else if ((c == ']' || c == '}') && flow > 0) {
        --flow;
      } else if ((c == '|' || c == '>') && flow == 0 && at_start) {
        block_scalar_indent = static_cast<int>(indent);
        break;
      }
      previous = c;
    }
    i = end + 1;
  }
  return true;
}

/// Builds the flat tree from parser events.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& file, const std::string& text, YamlDocument& document,
              Diagnostics& diagnostics, size_t max_nodes)
      : file_(file), text_(text), document_(document), diagnostics_(diagnostics), max_nodes_(max_nodes) {}

  bool overflowed() const { return overflowed_; }
  bool unclosed() const { return unclosed_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Add(YamlKind::kNull, mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
    diagnostics_.Error({file_, mark.line + 1, mark.column + 1},
                       "YAML aliases (*name) are not supported in argument files; write the value out",
                       "yaml-alias");
    const int index = Add(YamlKind::kNull, mark);
    if (index >= 0) document_.nodes[static_cast<size_t>(index)].alias = true;
  }
  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t,
                const std::string& value) override {
    int index = Add(YamlKind::kScalar, mark);
    if (index < 0) return;
    document_.SetValue(index, value);
    YamlNode& node = document_.nodes[static_cast<size_t>(index)];
    node.plain = tag == "?";  // yaml-cpp tags plain scalars "?" and quoted or block ones "!"
    if (!node.plain) CheckClosed(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open_.push_back(Add(YamlKind::kSequence, mark));
  }
  void OnSequenceEnd() override { open_.pop_back(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open_.push_back(Add(YamlKind::kMap, mark));
  }
  void OnMapEnd() override { open_.pop_back(); }

 private:
  /// Appends a node under the innermost open collection; -1 (and no node) once over the limit.
  int Add(YamlKind kind, const YAML::Mark& mark) {
    if (document_.nodes.size() >= max_nodes_) {
      if (!overflowed_) {
        diagnostics_.Error({file_, mark.line + 1, mark.column + 1},
                           "the file holds more than " + std::to_string(max_nodes_) +
                               " YAML values; split it into files that import each other",
                           "file-too-large");
      }
      overflowed_ = true;
      return -1;
    }
    return document_.Add(kind, mark.line + 1, mark.column + 1, open_.empty() ? -1 : open_.back());
  }

  /// yaml-cpp ends a quoted scalar that is never closed at the end of the text, without an error.
  void CheckClosed(const YAML::Mark& mark) {
    if (mark.pos < 0 || static_cast<size_t>(mark.pos) >= text_.size()) return;
    const size_t start = static_cast<size_t>(mark.pos);
    const char quote = text_[start];
    if (quote != '"' && quote != '\'') return;
    for (size_t i = start + 1; i < text_.size(); ++i) {
      if (quote == '"' && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == quote) {
        if (quote == '"' || i + 1 == text_.size() || text_[i + 1] != '\'') return;
        ++i;  // '' is an escaped quote inside single quotes
      }
    }
    unclosed_ = true;
    diagnostics_.Error({file_, mark.line + 1, mark.column + 1},
                       std::string("YAML syntax error: the quoted text opened here is never closed (no ") + quote +
                           " before the end of the file)",
                       "yaml-syntax");
  }

  const std::string& file_;
  const std::string& text_;
  YamlDocument& document_;
  Diagnostics& diagnostics_;
  size_t max_nodes_;
  std::vector<int> open_;
  bool overflowed_ = false;
  bool unclosed_ = false;
};

}  // namespace

void YamlDocument::Clear(size_t node_hint, size_t text_bytes) {
  nodes.clear();
  parent_.clear();
  child_count_.clear();
  child_list_.clear();
  chunks_.clear();
  free_ = end_ = nullptr;
  next_chunk_ = std::max<size_t>(text_bytes, 4096);
  nodes.reserve(node_hint);
  parent_.reserve(node_hint);
  child_count_.reserve(node_hint);
}

int YamlDocument::Add(YamlKind kind, int line, int column, int parent) {
  const int index = static_cast<int>(nodes.size());
  YamlNode& node = nodes.emplace_back();
  node.kind = kind;
  node.line = line;
  node.column = column;
  parent_.push_back(parent);
  child_count_.push_back(0);
  if (parent >= 0) ++child_count_[static_cast<size_t>(parent)];
  return index;
}

void YamlDocument::SetValue(int node, std::string_view value) {
  if (static_cast<size_t>(end_ - free_) < value.size()) {
    // A new chunk; the earlier ones stay where they are, and with them the values already set.
    const size_t size = std::max(next_chunk_, value.size());
    chunks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    free_ = chunks_.back().get();
    end_ = free_ + size;
    next_chunk_ = std::max<size_t>(4096, size / 2);
  }
  if (!value.empty()) std::memcpy(free_, value.data(), value.size());
  nodes[static_cast<size_t>(node)].value = std::string_view(free_, value.size());
  free_ += value.size();
}

void YamlDocument::Finish() {
  // Each node's children in one run of child_list_, in the order they were added (nodes are in
  // document order, so one pass placing each node after its parent's earlier children keeps it).
  std::vector<uint32_t> next(nodes.size());
  uint32_t total = 0;
  for (size_t i = 0; i < nodes.size(); ++i) {
    next[i] = total;
    total += child_count_[i];
  }
  child_list_.assign(total, -1);
  for (size_t i = 0; i < nodes.size(); ++i) {
    const int parent = parent_[i];
    if (parent >= 0) child_list_[next[static_cast<size_t>(parent)]++] = static_cast<int>(i);
  }
  for (size_t i = 0; i < nodes.size(); ++i) {
    nodes[i].children = std::span<const int>(child_list_.data() + (next[i] - child_count_[i]), child_count_[i]);
  }
  parent_ = {};
  child_count_ = {};
}

bool CheckYamlText(const std::string& file, const std::string& text, Diagnostics& diagnostics, YamlBytes& bytes) {
  return CheckText(file, text, diagnostics, bytes);
}

bool ParseYaml(const std::string& file, const std::string& text, YamlDocument& document,
               Diagnostics& diagnostics, const YamlLimits& limits) {
  document.Clear();
  YamlBytes facts;
  if (!CheckText(file, text, diagnostics, facts)) return false;
  // The line scanner declines whatever the nesting check could refuse, and is not recursive.
  if (limits.fast_path && facts.libraries_agree &&
      ScanBlockYaml(text, document, limits.max_nodes, limits.max_nesting)) {
    return true;
  }
  if (!CheckNesting(file, text, limits.max_nesting, diagnostics)) return false;
  if (limits.fast_path && ParseYamlEvents(text, facts, document, limits.max_nodes)) return true;
  std::istringstream stream(text);
  try {
    YAML::Parser parser(stream);
    TreeBuilder builder(file, text, document, diagnostics, limits.max_nodes);
    if (!parser.HandleNextDocument(builder)) return true;  // no document: the caller reports emptiness
    if (builder.overflowed() || builder.unclosed()) {
      document.Clear();
      return false;
    }
    document.Finish();
    // A second document would be silently ignored by most tools; say so instead.
    YamlDocument rest;
    Diagnostics ignored;
    TreeBuilder probe(file, text, rest, ignored, 1);
    if (parser.HandleNextDocument(probe)) {
      const YamlNode* first = rest.nodes.empty() ? nullptr : &rest.nodes[0];
      diagnostics.Error({file, first ? first->line : 0, first ? first->column : 0},
                        "a second YAML document; an argument file holds exactly one", "yaml-syntax");
    }
  } catch (const YAML::Exception& e) {
    const int line = e.mark.is_null() ? 0 : e.mark.line + 1;
    const int column = e.mark.is_null() ? 0 : e.mark.column + 1;
    std::string message = "YAML syntax error: " + e.msg;
    if (line > 0 && e.msg.find("tab") == std::string::npos && IndentedWithTab(text, line)) message += "; indent with spaces, not tabs";
    diagnostics.Error({file, line, column}, message, "yaml-syntax");
    document.Clear();
    return false;
  }
  return true;
}

}  // namespace argraph::load
