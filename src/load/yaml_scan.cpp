// The fastest path of ParseYaml: a line scanner for the block-structured YAML that argument files are
// nearly always written in (and that `argraph gen` and the argument writer produce), about ten times
// faster than libyaml's event parser because it builds the tree straight from the bytes.
//
// What it reads: block maps and block sequences, one entry a line (`key: value`, `key:` opening a
// nested block on the next lines, `- value`, `- key: value` opening a compact map), a sequence as a
// map value indented deeper than its key or at the key's own indentation; scalars on one line: plain
// (not starting with an indicator, holding no `#` and no `: `), double-quoted without escapes,
// single-quoted (`''` is a quote); one-line flow sequences of such scalars (`[a, "b"]`, `[]`);
// comment lines and ` # comments` after a value. Anything else — flow maps, nested or multi-line flow
// collections, block scalars, anchors, tags, `?` keys, empty values, document markers, directives,
// multi-line scalars, indentation the scanner does not expect — makes it decline, and libyaml (then
// yaml-cpp) reads the text as before.
// Invariant: a true return leaves exactly the tree yaml-cpp's reader builds (node kinds, styles,
// values, 1-based byte positions, children in document order); a false return leaves `document`
// empty. Checked by tests/load/yaml_tree_test.cpp and by fuzz/yaml_diff_fuzz.cpp.
#include <cstring>
#include <string_view>

#include "load/yaml_tree.h"

namespace argraph::load {
namespace {

/// True when `c` is one of `set` (never for the NUL byte, unlike std::strchr).
bool OneOf(char c, std::string_view set) { return set.find(c) != std::string_view::npos; }

class LineScanner {
 public:
  LineScanner(const std::string& text, YamlDocument& document, size_t max_nodes, int max_nesting)
      : text_(text), document_(document), max_nodes_(max_nodes), max_nesting_(max_nesting) {}

  bool Run() {
    size_t begin = 0;
    int line = 0;
    while (begin < text_.size()) {
      ++line;
      size_t end = text_.find('\n', begin);
      if (end == std::string::npos) end = text_.size();
      if (!Line(line, begin, end)) return false;
      begin = end + 1;
    }
    // A key whose value never came is an empty (null) value; an empty text has no document. Both
    // are left to the other readers.
    return !pending_ && !document_.nodes.empty();
  }

 private:
  enum class Kind { kMap, kSequence };
  struct Open {
    Kind kind;
    int indent;  ///< column (0-based) of the map's keys or of the sequence's dashes
    int node;
  };

  bool Line(int line, size_t begin, size_t end) {
    line_ = line;
    line_begin_ = begin;
    size_t p = begin;
    while (p < end && text_[p] == ' ') ++p;
    // ParseYaml's nesting check counts the indentation and the indicators after it (on every line),
    // and one more for a flow bracket: where that could pass the limit, leave the text to that check.
    size_t q = p;
    while (q < end && (text_[q] == '-' || text_[q] == '?' || text_[q] == ':' || text_[q] == ' ')) ++q;
    if (static_cast<int>(q - begin) >= max_nesting_) return false;
    if (p == end || text_[p] == '#') return true;  // blank or comment line
    if (p == begin && (text_[p] == '%' || StartsWith(p, end, "---") || StartsWith(p, end, "..."))) return false;
    const int indent = static_cast<int>(p - begin);
    const bool dash = text_[p] == '-' && (p + 1 == end || text_[p + 1] == ' ');
    if (dash && p + 1 == end) return false;  // `-` alone: an empty item or a nested block

    // Close what this line's indentation ends. A sequence at its parent key's own indentation ends at
    // the first line of that indentation that is not an item.
    while (!open_.empty() && (open_.back().indent > indent ||
                              (open_.back().indent == indent && open_.back().kind == Kind::kSequence && !dash &&
                               open_.size() > 1 && open_[open_.size() - 2].indent == indent))) {
      open_.pop_back();
    }
    if (pending_) {
      // The value of the last key: a block that starts on this line.
      if (!(indent > pending_indent_ || (indent == pending_indent_ && dash))) return false;
      pending_ = false;
      return dash ? Item(p, end, /*parent=*/pending_parent_) : Entry(p, end, pending_parent_);
    }
    if (open_.empty()) {
      // The first root; content after the root closed is left to the other readers (Add refuses it).
      return dash ? Item(p, end, -1) : Entry(p, end, -1);
    }
    const Open& top = open_.back();
    if (top.indent != indent) return false;
    if (dash != (top.kind == Kind::kSequence)) return false;
    return dash ? NextItem(p, end) : NextEntry(p, end);
  }

  bool StartsWith(size_t p, size_t end, const char* word) const {
    const size_t n = std::strlen(word);
    return end - p >= n && text_.compare(p, n, word) == 0;
  }

  /// Opens a sequence whose first dash is at `p`, as the value of `parent` (-1: the root).
  bool Item(size_t p, size_t end, int parent) {
    const int node = Add(YamlKind::kSequence, p, parent);
    if (node < 0) return false;
    open_.push_back({Kind::kSequence, static_cast<int>(p - line_begin_), node});
    return NextItem(p, end);
  }

  /// Opens a map whose first key is at `p`, as the value of `parent` (-1: the root).
  bool Entry(size_t p, size_t end, int parent) {
    const int node = Add(YamlKind::kMap, p, parent);
    if (node < 0) return false;
    open_.push_back({Kind::kMap, static_cast<int>(p - line_begin_), node});
    return NextEntry(p, end);
  }

  /// An item `- ...` of the innermost open sequence, its dash at `p`.
  bool NextItem(size_t p, size_t end) {
    const int sequence = open_.back().node;
    size_t q = p + 1;
    while (q < end && text_[q] == ' ') ++q;
    if (q == end || text_[q] == '#' || text_[q] == '-') return false;  // empty item, nested sequence
    // A compact map (`- key: value`) when the item's first scalar is followed by `:`.
    size_t after = 0;
    bool plain = false;
    std::string_view value;
    if (!ScalarToken(q, end, /*flow=*/false, after, value, plain)) {
      return text_[q] == '[' && Value(q, end, sequence);
    }
    if (after < end && text_[after] == ':') return Entry(q, end, sequence);
    return Value(q, end, sequence);
  }

  /// A `key: ...` entry of the innermost open map, its key at `p`.
  bool NextEntry(size_t p, size_t end) {
    const int map = open_.back().node;
    size_t after = 0;
    bool plain = false;
    std::string_view key;
    if (!ScalarToken(p, end, /*flow=*/false, after, key, plain)) return false;
    if (after >= end || text_[after] != ':') return false;
    if (!Scalar(p, key, plain, map)) return false;
    size_t q = after + 1;
    if (q < end && text_[q] != ' ') return false;
    while (q < end && text_[q] == ' ') ++q;
    if (q == end || text_[q] == '#') {
      pending_ = true;
      pending_indent_ = static_cast<int>(p - line_begin_);
      pending_parent_ = map;
      return true;
    }
    return Value(q, end, map);
  }

  /// A scalar or one-line flow sequence from `p` to the end of the line, appended to `parent`.
  bool Value(size_t p, size_t end, int parent) {
    size_t after = 0;
    if (text_[p] == '[') {
      if (!FlowSequence(p, end, parent, after)) return false;
    } else {
      bool plain = false;
      std::string_view value;
      if (!ScalarToken(p, end, /*flow=*/false, after, value, plain)) return false;
      if (!Scalar(p, value, plain, parent)) return false;
    }
    return RestIsComment(after, end);
  }

  /// `[a, "b", c]` on one line: the sequence at `p`, `after` just past its `]`.
  bool FlowSequence(size_t p, size_t end, int parent, size_t& after) {
    const int node = Add(YamlKind::kSequence, p, parent);
    if (node < 0) return false;
    size_t q = p + 1;
    while (q < end && text_[q] == ' ') ++q;
    if (q < end && text_[q] == ']') {
      after = q + 1;
      return true;
    }
    while (true) {
      bool plain = false;
      std::string_view value;
      size_t next = 0;
      if (q >= end || !ScalarToken(q, end, /*flow=*/true, next, value, plain)) return false;
      if (!Scalar(q, value, plain, node)) return false;
      while (next < end && text_[next] == ' ') ++next;
      if (next >= end) return false;
      if (text_[next] == ']') {
        after = next + 1;
        return true;
      }
      if (text_[next] != ',') return false;
      q = next + 1;
      while (q < end && text_[q] == ' ') ++q;
    }
  }

  /// Nothing but spaces and an optional ` # comment` from `p` to `end`.
  bool RestIsComment(size_t p, size_t end) const {
    const size_t start = p;
    while (p < end && text_[p] == ' ') ++p;
    return p == end || (text_[p] == '#' && p > start);
  }

  /// Reads the scalar starting at `p`: its value (quotes removed; a single-quoted value with `''`
  /// is declined, since its value differs from its text), whether it is plain, and `after`, the
  /// first byte past it (a plain scalar ends before `: `, a final `:`, ` #` or the line's end, its
  /// trailing spaces not included). False for whatever the scanner does not read.
  bool ScalarToken(size_t p, size_t end, bool flow, size_t& after, std::string_view& value, bool& plain) const {
    const char first = text_[p];
    if (first == '"' || first == '\'') {
      plain = false;
      size_t q = p + 1;
      while (q < end && text_[q] != first) {
        if (text_[q] == '\\' && first == '"') return false;  // escapes: left to the other readers
        ++q;
      }
      if (q >= end) return false;                                     // unclosed, or multi-line
      if (first == '\'' && q + 1 < end && text_[q + 1] == '\'') return false;  // '' inside
      value = std::string_view(text_).substr(p + 1, q - p - 1);
      after = q + 1;
      return true;
    }
    plain = true;
    if (OneOf(first, ",[]{}#&*!|>'\"%@`?:")) return false;
    if (first == '-' && !(p + 1 < end && ((text_[p + 1] >= '0' && text_[p + 1] <= '9') || text_[p + 1] == '.'))) {
      return false;
    }
    size_t q = p;
    size_t last = p;       // one past the last non-space byte
    char previous = '\0';  // the last non-space byte so far
    for (; q < end; ++q) {
      const char c = text_[q];
      if (c == '#') {
        if (text_[q - 1] != ' ') return false;  // `#` inside a plain scalar
        break;                                  // a comment
      }
      if (c == ':' && (q + 1 == end || text_[q + 1] == ' ')) break;
      if (flow && OneOf(c, ":?,[]{}")) break;
      // ParseYaml's nesting check (which this scanner runs before) takes a quote or an opening bracket
      // after `,`, `[`, `{`, or after `:`, `-`, `?` and a space, or any quote in a flow sequence, for the
      // start of a quoted scalar or a collection, and could then count brackets that are not there:
      // such text is left to that check.
      if ((c == '\'' || c == '"' || c == '[' || c == '{') &&
          (flow || OneOf(previous, ",[{") || (OneOf(previous, ":-?") && text_[q - 1] == ' '))) {
        return false;
      }
      if (c != ' ') {
        last = q + 1;
        previous = c;
      }
    }
    if (flow && q < end && OneOf(text_[q], ":?[{}")) return false;
    value = std::string_view(text_).substr(p, last - p);
    after = last;
    if (after < end && text_[after] == ' ' && q < end && text_[q] == ':') return false;  // `key :`
    return !value.empty();
  }

  /// Appends the scalar read at `p` under `parent`.
  bool Scalar(size_t p, std::string_view value, bool plain, int parent) {
    if (plain && IsNullWord(value)) return Add(YamlKind::kNull, p, parent) >= 0;
    const int node = Add(YamlKind::kScalar, p, parent);
    if (node < 0) return false;
    document_.nodes[static_cast<size_t>(node)].plain = plain;
    document_.SetValue(node, value);
    return true;
  }

  /// Appends a node at byte `p` of the current line under `parent` (-1: the root); -1 past the limit.
  int Add(YamlKind kind, size_t p, int parent) {
    if (document_.nodes.size() >= max_nodes_) return -1;
    if (parent < 0 && !document_.nodes.empty()) return -1;
    return document_.Add(kind, line_, static_cast<int>(p - line_begin_) + 1, parent);
  }

  const std::string& text_;
  YamlDocument& document_;
  const size_t max_nodes_;
  const int max_nesting_;
  std::vector<Open> open_;
  int line_ = 0;
  size_t line_begin_ = 0;
  bool pending_ = false;  ///< the last key's value is a block on the next lines
  int pending_indent_ = 0;
  int pending_parent_ = -1;
};

}  // namespace

bool ScanBlockYaml(const std::string& text, YamlDocument& document, size_t max_nodes, int max_nesting) {
  document.Clear(NodeHint(text, max_nodes), text.size());
  if (!LineScanner(text, document, max_nodes, max_nesting).Run()) {
    document.Clear();
    return false;
  }
  document.Finish();
  return true;
}

}  // namespace argraph::load
