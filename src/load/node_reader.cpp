// Typed access to YamlDocument nodes, reporting each problem as a diagnostic at the node.
#include "load/node_reader.h"

#include <algorithm>
#include <array>
#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <optional>

#include "argraph/claim_lookup.h"
#include "argraph/parameters.h"

namespace argraph::load {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?  (YAML 1.2 core float; also matches integers)
bool IsDecimal(std::string_view s, bool& integer) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  size_t digits = 0;
  while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  integer = true;
  if (i < s.size() && s[i] == '.') {
    integer = false;
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    integer = false;
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exponent = 0;
    while (i < s.size() && IsDigit(s[i])) ++i, ++exponent;
    if (exponent == 0) return false;
  }
  return i == s.size();
}

bool IsSpecialFloat(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return s == ".inf" || s == ".Inf" || s == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN";
}

std::string Shorten(std::string_view text) {
  std::string line(text.substr(0, text.find('\n')));
  if (line.size() > 40) line = line.substr(0, 37) + "...";
  return line;
}

}  // namespace

ScalarType ResolvePlain(std::string_view s) {
  if (s.empty() || IsNullWord(s)) return ScalarType::kNull;
  if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
    return ScalarType::kBool;
  }
  bool integer = false;
  if (IsDecimal(s, integer)) return integer ? ScalarType::kInteger : ScalarType::kFloat;
  if (IsSpecialFloat(s)) return ScalarType::kFloat;
  return ScalarType::kText;
}

SourceLocation NodeReader::Where(int index) const {
  const YamlNode& node = Node(index);
  return {file_, node.line, node.column};
}

void NodeReader::Error(int index, std::string message, std::string rule) {
  diagnostics_.Error(Where(index), std::move(message), std::move(rule));
}

std::string NodeReader::Describe(int index) const {
  const YamlNode& node = Node(index);
  switch (node.kind) {
    case YamlKind::kNull: return "nothing";
    case YamlKind::kSequence: return "a list";
    case YamlKind::kMap: return "a map";
    case YamlKind::kScalar: break;
  }
  if (!node.plain) return "the text \"" + Shorten(node.value) + "\"";
  switch (ResolvePlain(node.value)) {
    case ScalarType::kNull: return "nothing";
    case ScalarType::kBool: return "the boolean " + std::string(node.value);
    case ScalarType::kInteger:
    case ScalarType::kFloat: return "the number " + std::string(node.value);
    case ScalarType::kText: break;
  }
  return "the text \"" + Shorten(node.value) + "\"";
}

void NodeReader::WrongType(int index, std::string_view what, std::string_view expected) {
  if (Node(index).alias) return;  // reported as an alias already
  std::string message = std::string(what) + " must be " + std::string(expected) + ", not " + Describe(index);
  const YamlNode& node = Node(index);
  if ((expected == "a number" || expected == "a whole number") && node.kind == YamlKind::kScalar && !node.plain) {
    bool integer = false;
    if (IsDecimal(node.value, integer)) message += "; remove the quotes";
  }
  if (expected == "a string" && node.kind == YamlKind::kScalar && node.plain) message += "; put it in quotes";
  Error(index, message, "wrong-type");
}

bool NodeReader::ExpectMap(int index, std::string_view what) {
  if (Node(index).kind == YamlKind::kMap) return true;
  WrongType(index, what, "a map");
  return false;
}

bool NodeReader::ExpectSequence(int index, std::string_view what) {
  if (Node(index).kind == YamlKind::kSequence) return true;
  WrongType(index, what, "a list");
  return false;
}

std::vector<MapEntry> NodeReader::Entries(int map, std::string_view what,
                                          const std::vector<std::string>& allowed,
                                          std::string_view duplicate_rule) {
  std::vector<MapEntry> entries;
  const YamlNode& node = Node(map);
  if (node.kind != YamlKind::kMap) return entries;
  // The first occurrence of each key: a hash table for a large map (the claims), a short list for
  // the small ones (a claim's or a link's fields), where hashing would cost more than it saves.
  constexpr size_t kSmallMap = 24;
  const bool small = node.children.size() / 2 <= kSmallMap;
  std::array<std::pair<std::string_view, int>, kSmallMap> seen_small;  // no allocation for small maps
  size_t seen_count = 0;
  std::vector<std::string_view> names;  // large maps: the keys that are names, in order,
  std::vector<int> name_nodes;          // their nodes,
  std::optional<ClaimLookup> first_of;  // and the position among them of each one's first occurrence
  size_t met = 0;                       // the names met so far
  auto is_name = [&](const YamlNode& key) {
    return key.kind == YamlKind::kScalar && !(key.plain && (key.value.empty() || IsNullWord(key.value)));
  };
  if (!small) {
    names.reserve(node.children.size() / 2);
    name_nodes.reserve(node.children.size() / 2);
    for (size_t i = 0; i + 1 < node.children.size(); i += 2) {
      if (!is_name(Node(node.children[i]))) continue;
      names.push_back(Node(node.children[i]).value);
      name_nodes.push_back(node.children[i]);
    }
    first_of.emplace(names);
  }
  entries.reserve(node.children.size() / 2);
  auto first_line = [&](std::string_view key, int line) -> int {  // -1 when new (then recorded)
    if (!small) {
      const size_t at = met++;
      if (!first_of->has_duplicates()) return -1;  // every name is its own first occurrence
      const auto first = static_cast<size_t>(first_of->Index(key));
      return first == at ? -1 : Node(name_nodes[first]).line;
    }
    for (size_t k = 0; k < seen_count; ++k) {
      if (seen_small[k].first == key) return seen_small[k].second;
    }
    seen_small[seen_count++] = {key, line};
    return -1;
  };
  for (size_t i = 0; i + 1 < node.children.size(); i += 2) {
    const int key_node = node.children[i];
    const int value_node = node.children[i + 1];
    const YamlNode& key = Node(key_node);
    if (!is_name(key)) {  // a null key, or a list or map as a key
      Error(key_node, "a key of " + std::string(what) + " must be a name, not " + Describe(key_node),
            "wrong-type");
      continue;
    }
    const int first = first_line(key.value, key.line);
    if (first >= 0) {
      const std::string name(key.value);
      const bool ids = duplicate_rule == "duplicate-id";
      Error(key_node,
            (ids ? "'" + name + "' is declared twice in " + std::string(what)
                 : "key '" + name + "' appears twice in " + std::string(what)) +
                " (first on line " + std::to_string(first) + ")",
            std::string(duplicate_rule));
      continue;
    }
    if (!allowed.empty()) {
      const bool known = std::find(allowed.begin(), allowed.end(), key.value) != allowed.end();
      if (!known) {
        const std::string name(key.value);
        Error(key_node,
              "unknown key '" + name + "' in " + std::string(what) + DidYouMean(name, allowed),
              "unknown-key");
        continue;
      }
    }
    entries.push_back({key.value, key_node, value_node});
  }
  return entries;
}

std::optional<std::string> NodeReader::Text(int index, std::string_view what) {
  const YamlNode& node = Node(index);
  if (node.kind == YamlKind::kScalar && (!node.plain || ResolvePlain(node.value) == ScalarType::kText)) {
    return std::string(node.value);
  }
  WrongType(index, what, "a string");
  return std::nullopt;
}

std::optional<double> NodeReader::Number(int index, std::string_view what) {
  const YamlNode& node = Node(index);
  if (node.kind == YamlKind::kScalar && node.plain) {
    const ScalarType type = ResolvePlain(node.value);
    if (type == ScalarType::kInteger || type == ScalarType::kFloat) {
      if (IsSpecialFloat(node.value)) {
        std::string_view s = node.value;
        const bool negative = s[0] == '-';
        if (s[0] == '-' || s[0] == '+') s.remove_prefix(1);
        if (s[1] == 'n' || s[1] == 'N') return std::nan("");
        return negative ? -HUGE_VAL : HUGE_VAL;
      }
      // std::from_chars (no leading '+'), correctly rounded as strtod is, for the common case; strtod
      // for what it does not read whole, and where under- or overflow conventions could differ.
      std::string_view s = node.value;
      if (s[0] == '+') s.remove_prefix(1);
      double value = 0;
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
      if (ec == std::errc() && end == s.data() + s.size() && std::fabs(value) >= DBL_MIN) return value;
      return std::strtod(std::string(node.value).c_str(), nullptr);  // overflow gives ±HUGE_VAL: refused as infinite
    }
  }
  WrongType(index, what, "a number");
  return std::nullopt;
}

std::optional<double> NodeReader::Probability(int index, std::string_view what) {
  std::optional<double> value = Number(index, what);
  if (!value) return std::nullopt;
  if (std::isnan(*value)) {
    Error(index, std::string(what) + " " + std::string(Node(index).value) + " is not a number; a probability is in [0,1]",
          "probability-range");
    return std::nullopt;
  }
  if (!(*value >= 0 && *value <= 1)) {
    Error(index, std::string(what) + " " + std::string(Node(index).value) + " is outside [0,1]", "probability-range");
    return std::nullopt;
  }
  return value;
}

std::optional<double> NodeReader::Finite(int index, std::string_view what, std::string_view rule) {
  std::optional<double> value = Number(index, what);
  if (!value) return std::nullopt;
  if (!std::isfinite(*value)) {
    Error(index, std::string(what) + " " + std::string(Node(index).value) + " is not a finite number", std::string(rule));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> NodeReader::Bool(int index, std::string_view what) {
  const YamlNode& node = Node(index);
  if (node.kind == YamlKind::kScalar && node.plain) {
    const std::string_view s = node.value;
    if (s == "true" || s == "True" || s == "TRUE" || s == "1") return true;
    if (s == "false" || s == "False" || s == "FALSE" || s == "0") return false;
  }
  WrongType(index, what, "true or false");
  return std::nullopt;
}

std::optional<long long> NodeReader::Integer(int index, std::string_view what) {
  const YamlNode& node = Node(index);
  if (node.kind == YamlKind::kScalar && node.plain && ResolvePlain(node.value) == ScalarType::kInteger &&
      node.value.size() < 18) {
    return std::strtoll(std::string(node.value).c_str(), nullptr, 10);
  }
  WrongType(index, what, "a whole number");
  return std::nullopt;
}

}  // namespace argraph::load
