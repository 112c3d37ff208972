// NodeReader::Number reads YAML numbers exactly as strtod does (it takes std::from_chars where the two
// must agree, both being correctly rounded): checked on random decimals of every shape YAML's core
// schema allows, signs, exponents near the ends of the double range, zeros and subnormals.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <string>

#include "load/node_reader.h"

namespace argraph::load {
namespace {

std::optional<double> Read(const std::string& text) {
  YamlDocument document;
  YamlNode node;
  node.kind = YamlKind::kScalar;
  node.plain = true;
  node.value = text;
  document.nodes.push_back(node);
  Diagnostics diagnostics;
  NodeReader reader("n.yaml", document, diagnostics);
  return reader.Number(0, "n");
}

std::string Digits(std::mt19937& rng, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) out += static_cast<char>('0' + rng() % 10);
  return out;
}

}  // namespace

TEST_CASE("numbers read as strtod reads them", "[load][node_reader]") {
  std::mt19937 rng(11);
  const char* signs[] = {"", "-", "+"};
  const int exponents[] = {0, 1, -1, 5, -5, 17, -17, 300, -300, 307, -307, 308, -308, 309, -320, -324, -330, 400};
  int checked = 0;
  for (int trial = 0; trial < 20000; ++trial) {
    // Built with += only: GCC 12 warns falsely (-Wrestrict) on "." + std::string.
    std::string text = signs[rng() % 3];
    const int shape = static_cast<int>(rng() % 3);
    if (shape != 2) text += Digits(rng, 1 + static_cast<int>(rng() % (shape == 0 ? 20 : 5)));  // 123, 1.25, 1.
    if (shape != 0) {                                                                          // 1.25, 1., .5
      text += '.';
      text += Digits(rng, static_cast<int>(rng() % 20) + (shape == 2 ? 1 : 0));
    }
    if (rng() % 2) {
      text += rng() % 2 ? 'e' : 'E';
      text += std::to_string(exponents[rng() % std::size(exponents)]);
    }
    const std::optional<double> read = Read(text);
    REQUIRE(read.has_value());
    const double expected = std::strtod(text.c_str(), nullptr);
    INFO(text);
    // Bit for bit (signed zeros included); infinities (refused later as too large) compare equal too.
    CHECK(std::signbit(*read) == std::signbit(expected));
    CHECK((*read == expected || (std::isinf(*read) && std::isinf(expected))));
    ++checked;
  }
  CHECK(checked == 20000);
  CHECK(*Read("0.1") == 0.1);  // a published value: the double nearest 1/10
  CHECK(*Read("+2.5e-3") == 0.0025);
}

}  // namespace argraph::load

namespace argraph::load {

// Entries finds a repeated key by a short list in small maps and by a hash table in large ones
// (more than 24 keys): both must name every repeat with the line of the key's first occurrence,
// skip keys that are not names, and keep the first entry of each key.
/// "k" and i, built with += only (GCC 12 warns falsely, -Wrestrict, on "k" + std::string).
std::string Key(int i) {
  std::string key = "k";
  key += std::to_string(i);
  return key;
}

TEST_CASE("map entries: repeated keys are found the same way in small and large maps", "[load][node_reader]") {
  for (const int keys : {6, 24, 25, 300}) {
    INFO(keys);
    // Key i is written on line i + 1; keys 0 and 2 come again at the end, then a null key and key 1.
    std::string text;
    for (int i = 0; i < keys; ++i) text += Key(i) + ": " + std::to_string(i) + "\n";
    text += "k0: again\nk2: again\n~: null\nk1: again\n";
    YamlDocument document;
    Diagnostics diagnostics;
    const std::string file = "m.yaml";  // the reader keeps a reference to it
    REQUIRE(ParseYaml(file, text, document, diagnostics));
    NodeReader reader(file, document, diagnostics);
    const std::vector<MapEntry> entries = reader.Entries(0, "m", {});
    REQUIRE(entries.size() == static_cast<size_t>(keys));
    for (int i = 0; i < keys; ++i) {
      CHECK(entries[static_cast<size_t>(i)].key == Key(i));
      CHECK(reader.Node(entries[static_cast<size_t>(i)].value_node).value == std::to_string(i));
    }
    std::string messages;
    for (const Diagnostic& d : diagnostics.items()) messages += std::to_string(d.location.line) + " " + d.message + "\n";
    CHECK(messages == std::to_string(keys + 1) + " key 'k0' appears twice in m (first on line 1)\n" +
                          std::to_string(keys + 2) + " key 'k2' appears twice in m (first on line 3)\n" +
                          std::to_string(keys + 3) + " a key of m must be a name, not nothing\n" +
                          std::to_string(keys + 4) + " key 'k1' appears twice in m (first on line 2)\n");
  }
}

}  // namespace argraph::load
