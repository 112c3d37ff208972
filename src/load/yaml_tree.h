// A parsed YAML document as a flat tree of plain values with 1-based source positions: the only form in
// which YAML leaves yaml_tree.cpp and yaml_fast.cpp (the files that include yaml-cpp and libyaml), so
// nothing of either library leaks out of src/load.
//
// Invariants of a YamlDocument returned without errors:
//  (1) nodes[0] is the root when nodes is not empty; children are indices into nodes, each greater than
//      its parent's (the tree is stored in document order, so destroying it never recurses);
//  (2) a map's children alternate key, value (keys are nodes too, so they keep their positions);
//      duplicate keys are kept, in file order, for the reader to report;
//  (3) aliases (*name) are not expanded: each is reported as a diagnostic and read as a null node
//      marked `alias`, about which readers say nothing more.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "argraph/diagnostic.h"

namespace argraph::load {

enum class YamlKind : std::uint8_t { kNull, kScalar, kSequence, kMap };

struct YamlNode {
  YamlKind kind = YamlKind::kNull;
  bool plain = true;     ///< scalars: written without quotes or block style (so `0.5` is a number)
  bool alias = false;    ///< an alias (*name), reported when read and null here
  int line = 0;          ///< 1-based
  int column = 0;        ///< 1-based
  std::string_view value;          ///< scalars: the text, escapes resolved (held by the document)
  std::span<const int> children;   ///< sequence items, or map keys and values alternating (held by the document)

  size_t size() const { return kind == YamlKind::kMap ? children.size() / 2 : children.size(); }
};

/// The parsed tree. The parsers build it with Add and SetValue and end with Finish, which lays every
/// node's children side by side in one array (until then `children` are empty). A document is moved,
/// never copied: its nodes point into its own arrays, which a move keeps where they are.
class YamlDocument {
 public:
  YamlDocument() = default;
  YamlDocument(const YamlDocument&) = delete;
  YamlDocument& operator=(const YamlDocument&) = delete;
  YamlDocument(YamlDocument&&) noexcept = default;
  YamlDocument& operator=(YamlDocument&&) noexcept = default;
  ~YamlDocument() = default;

  std::vector<YamlNode> nodes;  ///< empty when the text holds no document (or did not parse)

  /// Empties the document and makes room for about `nodes` nodes and `text_bytes` bytes of values.
  void Clear(size_t nodes = 0, size_t text_bytes = 0);
  /// Appends a node as the next child of `parent` (-1: the root) and returns its index.
  int Add(YamlKind kind, int line, int column, int parent);
  /// Sets a node's value (a copy kept by the document until it is cleared).
  void SetValue(int node, std::string_view value);
  /// The number of children added to `node` so far (while building).
  size_t ChildCount(int node) const { return child_count_[static_cast<size_t>(node)]; }
  /// Makes `children` of every node readable. Call once, after the last Add.
  void Finish();

 private:
  std::vector<int> parent_;             ///< while building: each node's parent, -1 for the root
  std::vector<uint32_t> child_count_;   ///< while building
  std::vector<int> child_list_;         ///< every node's children, the nodes in order
  std::vector<std::unique_ptr<char[]>> chunks_;  ///< the values, end to end (chunks never move)
  char* free_ = nullptr;                ///< the free bytes of the last chunk: [free_, end_)
  char* end_ = nullptr;
  size_t next_chunk_ = 4096;            ///< the size of the next chunk
};

struct YamlLimits {
  int max_nesting = 256;              ///< deeper nesting is refused before yaml-cpp recurses into it
  size_t max_nodes = 8'000'000;       ///< more values are refused: bounds memory (~70 bytes a value)
  bool fast_path = true;  ///< try libyaml first (yaml_fast.cpp); false: yaml-cpp only (same tree, slower)
};

/// True for the plain scalars yaml-cpp reads as null: ~, null, Null, NULL (the fast paths' shared rule).
inline bool IsNullWord(std::string_view plain) {
  return plain == "~" || plain == "null" || plain == "Null" || plain == "NULL";
}

/// Parses `text` (read from `file`) into `document`. Every problem (not UTF-8, too deep, syntax
/// error, alias, second document) is a diagnostic; returns false when there is no usable document
/// (an empty text returns true with no nodes).
bool ParseYaml(const std::string& file, const std::string& text, YamlDocument& document,
               Diagnostics& diagnostics, const YamlLimits& limits = {});

/// The tree of `text` read by libyaml when the text lies in the subset of YAML that libyaml and
/// yaml-cpp read identically (yaml_fast.cpp) and holds at most `max_nodes` values: true with the
/// tree; false, with `document` empty, otherwise (then ParseYaml uses yaml-cpp).
bool ParseYamlFast(const std::string& text, YamlDocument& document, size_t max_nodes);

/// What ParseYaml's text check learns of the bytes for the fast paths.
struct YamlBytes {
  bool ascii = true;            ///< no byte >= 0x80
  bool libraries_agree = true;  ///< no character libyaml and yaml-cpp read differently (yaml_fast.cpp)
};

/// ParseYaml's first check: false, with a diagnostic at the first byte that cannot be in a YAML file
/// (invalid UTF-8, or a control character other than tab, LF and CR); true with `bytes` filled in.
bool CheckYamlText(const std::string& file, const std::string& text, Diagnostics& diagnostics, YamlBytes& bytes);

/// ParseYamlFast for a valid UTF-8 `text` whose YamlBytes are already known (ParseYaml's text check
/// computes them), without a second pass over the bytes.
bool ParseYamlFast(const std::string& text, const YamlBytes& bytes, YamlDocument& document, size_t max_nodes);

/// Room to reserve for the nodes of `text`: about one value per 8 bytes of a typical argument file
/// (growing the nodes would copy them twice), at most `max_nodes`.
inline size_t NodeHint(const std::string& text, size_t max_nodes) {
  return text.size() / 8 + 16 < max_nodes ? text.size() / 8 + 16 : max_nodes;
}

/// The tree of `text` read by the line scanner of yaml_scan.cpp, when the text is block-structured
/// YAML of the kind argument files are written in (that file lists what it reads), holds at most
/// `max_nodes` values and has no line whose indentation, indicators and a flow bracket reach
/// `max_nesting` (so nothing ParseYaml's nesting check would refuse): true with the tree yaml-cpp
/// would build; false, with `document` empty, otherwise. ParseYaml tries it first.
bool ScanBlockYaml(const std::string& text, YamlDocument& document, size_t max_nodes,
                   int max_nesting = std::numeric_limits<int>::max());

/// The libyaml part of ParseYamlFast (without the line scanner).
bool ParseYamlEvents(const std::string& text, const YamlBytes& bytes, YamlDocument& document, size_t max_nodes);

}  // namespace argraph::load
