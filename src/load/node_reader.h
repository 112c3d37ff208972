// Typed reading of a YamlDocument with diagnostics: every accessor either returns the value or reports
// what is wrong at the node's position (wrong type, out of range, unknown or duplicate key) and returns
// nothing, so the loader can keep going and report every problem of a file in one run.
// Scalars are resolved as YAML 1.2's core schema does: a plain `0.5` is a number, `"0.5"` a string,
// `true`/`false` booleans, `~`/`null`/nothing null; `.inf` and `.nan` are numbers (refused by range checks).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "argraph/diagnostic.h"
#include "load/yaml_tree.h"

namespace argraph::load {

/// One key of a map with its value, both as node indices.
struct MapEntry {
  std::string_view key;  ///< held by the document
  int key_node = -1;
  int value_node = -1;
};

class NodeReader {
 public:
  NodeReader(const std::string& file, const YamlDocument& document, Diagnostics& diagnostics)
      : file_(file), document_(document), diagnostics_(diagnostics) {}

  const YamlNode& Node(int index) const { return document_.nodes[static_cast<size_t>(index)]; }
  SourceLocation Where(int index) const;
  Diagnostics& diagnostics() { return diagnostics_; }
  const std::string& file() const { return file_; }

  /// "a map", "a list", "nothing", "true", "the number 3", "the text \"abc\"" (shortened).
  std::string Describe(int index) const;

  /// True when the node is a map; otherwise reports "WHAT must be a map ..., not ...".
  bool ExpectMap(int index, std::string_view what);
  /// True when the node is a list; otherwise reports it.
  bool ExpectSequence(int index, std::string_view what);

  /// The entries of a map in file order. Reports keys that are not plain text, keys given twice (the
  /// later ones are dropped) and keys not in `allowed` (with the nearest allowed key as a suggestion;
  /// such entries are dropped too). `allowed` empty accepts any key.
  std::vector<MapEntry> Entries(int map, std::string_view what, const std::vector<std::string>& allowed,
                                std::string_view duplicate_rule = "duplicate-key");

  /// A text value (a quoted or plain scalar that is not a number, boolean or null).
  std::optional<std::string> Text(int index, std::string_view what);
  /// A number as YAML 1.2 reads it (may be infinite or NaN).
  std::optional<double> Number(int index, std::string_view what);
  /// A number that is finite and in [0,1].
  std::optional<double> Probability(int index, std::string_view what);
  /// A finite number (log-odds).
  std::optional<double> Finite(int index, std::string_view what, std::string_view rule);
  /// A boolean: true or false (also 1 or 0).
  std::optional<bool> Bool(int index, std::string_view what);
  /// An integer written in decimal.
  std::optional<long long> Integer(int index, std::string_view what);

  /// Reports `message` at the node with `rule`.
  void Error(int index, std::string message, std::string rule);

 private:
  void WrongType(int index, std::string_view what, std::string_view expected);

  const std::string& file_;
  const YamlDocument& document_;
  Diagnostics& diagnostics_;
};

/// How a plain YAML 1.2 scalar resolves (quoted scalars are always text).
enum class ScalarType { kNull, kBool, kInteger, kFloat, kText };
ScalarType ResolvePlain(std::string_view text);

}  // namespace argraph::load
