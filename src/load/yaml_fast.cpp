// The fast path of ParseYaml: libyaml's event parser (about ten times faster than yaml-cpp's scanner)
// for the plain subset of YAML that libyaml and yaml-cpp read identically. Only yaml_tree.cpp calls it;
// anything outside the subset, and every error, goes to yaml-cpp, whose messages the diagnostics keep.
//
// The subset: one implicit document (no `---`, `...`, directives), no tags, anchors or aliases, no
// block scalars (| >), every scalar on one line, no empty scalar (a key without a value), keys are
// scalars written without `?`, double-quoted scalars without escapes, plain scalars that start with no
// indicator and hold no `#` (nor, inside brackets, any of `:?,[]{}`), flow maps only in braces; the text
// has no tab, carriage return, byte-order mark (anywhere) or Unicode line separator. On that subset
// both parsers give the same nodes, values and positions (tests/load/yaml_tree_test.cpp compares them;
// a differential libFuzzer run over the loader's corpus found no other difference).
// Invariant: a true return leaves exactly the tree yaml-cpp's reader would have built; a false return
// leaves `document` empty.
#include <yaml.h>

#include <algorithm>
#include <cstring>

#include "load/yaml_tree.h"

namespace argraph::load {
namespace {

/// Text that libyaml and yaml-cpp might split into lines or characters differently.
bool OutsideSubset(const std::string& text, bool& ascii) {
  ascii = true;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\t' || c == '\r') return true;
    if (c < 0x80) continue;
    ascii = false;
    // A byte-order mark (U+FEFF, anywhere) is read differently by the two; NEL (U+0085) and
    // U+2028/U+2029 are line breaks to libyaml only.
    if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBB &&
        static_cast<unsigned char>(text[i + 2]) == 0xBF) {
      return true;
    }
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x85) return true;
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      return true;
    }
  }
  return false;
}

class FastBuilder {
 public:
  FastBuilder(const std::string& text, bool ascii, YamlDocument& document, size_t max_nodes)
      : text_(text), ascii_(ascii), document_(document), max_nodes_(max_nodes) {}

  /// Builds the tree; false as soon as the text leaves the subset or does not parse.
  bool Run() {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return false;
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text_.data()), text_.size());
    bool ok = true;
    bool done = false;
    while (ok && !done) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser, &event)) {
        ok = false;
        break;
      }
      ok = Handle(event, done);
      yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
    return ok;
  }

 private:
  struct Open {
    int node;
    bool flow;
  };

  bool Handle(const yaml_event_t& event, bool& done) {
    switch (event.type) {
      case YAML_STREAM_START_EVENT: return true;
      case YAML_STREAM_END_EVENT: done = true; return true;
      case YAML_DOCUMENT_START_EVENT:
        if (documents_++ > 0 || !event.data.document_start.implicit || event.data.document_start.version_directive ||
            event.data.document_start.tag_directives.start != event.data.document_start.tag_directives.end) {
          return false;
        }
        return true;
      case YAML_DOCUMENT_END_EVENT: return event.data.document_end.implicit != 0;
      case YAML_ALIAS_EVENT: return false;
      case YAML_SCALAR_EVENT: return Scalar(event);
      case YAML_SEQUENCE_START_EVENT:
        if (event.data.sequence_start.anchor || event.data.sequence_start.tag) return false;
        return Collection(YamlKind::kSequence, event.start_mark,
                          event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE, '[');
      case YAML_MAPPING_START_EVENT:
        if (event.data.mapping_start.anchor || event.data.mapping_start.tag) return false;
        return Collection(YamlKind::kMap, event.start_mark, event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE,
                          '{');
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT:
        if (open_.back().flow) --flow_;
        open_.pop_back();
        return true;
      case YAML_NO_EVENT: return false;
    }
    return false;
  }

  /// The byte offset of a libyaml mark (libyaml counts characters, yaml-cpp bytes).
  size_t Byte(const yaml_mark_t& mark) {
    if (ascii_) return mark.index;
    if (line_start_.empty()) {
      line_start_.push_back(0);
      for (size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') line_start_.push_back(i + 1);
      }
    }
    if (mark.line >= line_start_.size()) return text_.size();
    size_t byte = line_start_[mark.line];
    for (size_t k = 0; k < mark.column && byte < text_.size(); ++k) {
      ++byte;
      while (byte < text_.size() && (static_cast<unsigned char>(text_[byte]) & 0xC0) == 0x80) ++byte;
    }
    return byte;
  }

  /// Appends a node at `mark` under the innermost open collection; -1 when outside the subset.
  int Add(YamlKind kind, const yaml_mark_t& mark, size_t byte) {
    if (document_.nodes.size() >= max_nodes_) return -1;  // yaml-cpp's reader reports the limit
    bool key = false;
    if (!open_.empty()) {
      const int parent = open_.back().node;
      key = document_.nodes[static_cast<size_t>(parent)].kind == YamlKind::kMap && document_.ChildCount(parent) % 2 == 0;
    }
    if (key) {
      if (kind != YamlKind::kScalar && kind != YamlKind::kNull) return -1;
      // An explicit key (`? key`) may be positioned differently by the two parsers.
      size_t i = byte;
      while (i > 0 && text_[i - 1] == ' ') --i;
      if (i > 0 && text_[i - 1] == '?') return -1;
    }
    return document_.Add(kind, static_cast<int>(mark.line) + 1,
                         static_cast<int>(ascii_ ? mark.column : byte - line_start_[mark.line]) + 1,
                         open_.empty() ? -1 : open_.back().node);
  }

  bool Collection(YamlKind kind, const yaml_mark_t& mark, bool flow, char bracket) {
    const size_t byte = Byte(mark);
    if (byte >= text_.size()) return false;
    // Flow collections must open with their bracket (not `[a: b]`'s implicit map); block ones
    // start at a key or at `-`.
    if (flow ? text_[byte] != bracket : (kind == YamlKind::kSequence && text_[byte] != '-')) return false;
    const int index = Add(kind, mark, byte);
    if (index < 0) return false;
    open_.push_back({index, flow});
    if (flow) ++flow_;
    return true;
  }

  bool Scalar(const yaml_event_t& event) {
    const auto& s = event.data.scalar;
    if (s.anchor || s.tag) return false;
    if (event.start_mark.line != event.end_mark.line) return false;
    const char* value = reinterpret_cast<const char*>(s.value);
    const size_t length = s.length;
    const size_t begin = Byte(event.start_mark);
    const size_t end = Byte(event.end_mark);
    if (begin >= end || end > text_.size()) return false;
    const char* raw = text_.data() + begin;
    const size_t raw_length = end - begin;
    bool plain = false;
    switch (s.style) {
      case YAML_PLAIN_SCALAR_STYLE: {
        if (length == 0 || raw_length != length || std::memcmp(raw, value, length) != 0) return false;
        const char first = value[0];
        if (std::strchr(",[]{}#&*!|>'\"%@`?:", first)) return false;
        if (first == '-' && (length == 1 || !((value[1] >= '0' && value[1] <= '9') || value[1] == '.'))) return false;
        const char* forbidden = flow_ > 0 ? "#:?,[]{}" : "#";
        for (size_t i = 0; i < length; ++i) {
          if (std::strchr(forbidden, value[i])) return false;
        }
        plain = true;
        break;
      }
      case YAML_SINGLE_QUOTED_SCALAR_STYLE:
        if (raw_length < 2 || raw[0] != '\'' || raw[raw_length - 1] != '\'') return false;
        break;
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
        if (raw_length < 2 || raw[0] != '"' || raw[raw_length - 1] != '"') return false;
        if (std::memchr(raw, '\\', raw_length)) return false;
        break;
      default: return false;  // block scalars, or a style we do not know
    }
    if (plain && IsNullWord(std::string_view(value, length))) return Add(YamlKind::kNull, event.start_mark, begin) >= 0;
    const int index = Add(YamlKind::kScalar, event.start_mark, begin);
    if (index < 0) return false;
    document_.nodes[static_cast<size_t>(index)].plain = plain;
    document_.SetValue(index, std::string_view(value, length));
    return true;
  }

  const std::string& text_;
  const bool ascii_;
  YamlDocument& document_;
  const size_t max_nodes_;
  std::vector<Open> open_;
  std::vector<size_t> line_start_;
  int flow_ = 0;
  int documents_ = 0;
};

}  // namespace

bool ParseYamlFast(const std::string& text, YamlDocument& document, size_t max_nodes) {
  YamlBytes bytes;
  bytes.libraries_agree = !OutsideSubset(text, bytes.ascii);
  return ParseYamlFast(text, bytes, document, max_nodes);
}

bool ParseYamlFast(const std::string& text, const YamlBytes& bytes, YamlDocument& document, size_t max_nodes) {
  document.Clear();
  if (!bytes.libraries_agree) return false;
  if (ScanBlockYaml(text, document, max_nodes)) return true;  // yaml_scan.cpp: faster still
  return ParseYamlEvents(text, bytes, document, max_nodes);
}

bool ParseYamlEvents(const std::string& text, const YamlBytes& bytes, YamlDocument& document, size_t max_nodes) {
  if (!bytes.libraries_agree) {
    document.Clear();
    return false;
  }
  document.Clear(NodeHint(text, max_nodes), text.size());
  if (!FastBuilder(text, bytes.ascii, document, max_nodes).Run()) {
    document.Clear();
    return false;
  }
  document.Finish();
  return true;
}

}  // namespace argraph::load
