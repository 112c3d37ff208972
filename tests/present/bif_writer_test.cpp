// BIF and XMLBIF writers: read -> write -> read gives the identical network (names, states, parents and
// every probability bit for bit) for every bundled standard network, in both formats; names that are
// not BIF words are made into distinct words.
#include <catch2/catch.hpp>
#include <filesystem>

#include "argraph/bif.h"
#include "load/network_file_util.h"

using namespace argraph;
namespace fs = std::filesystem;

namespace {

void RequireSame(const Network& a, const Network& b) {
  REQUIRE(a.name == b.name);
  REQUIRE(a.variables.size() == b.variables.size());
  for (size_t v = 0; v < a.variables.size(); ++v) {
    INFO(a.variables[v].name);
    CHECK(a.variables[v].name == b.variables[v].name);
    CHECK(a.variables[v].states == b.variables[v].states);
    CHECK(a.families[v].child == b.families[v].child);
    CHECK(a.families[v].parents == b.families[v].parents);
    CHECK(a.families[v].table == b.families[v].table);  // exact: the writer keeps every bit
  }
}


}  // namespace

TEST_CASE("every bundled network survives a BIF and an XMLBIF round trip unchanged", "[bif]") {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(std::string(ARGRAPH_SOURCE_DIR) + "/tests/data/bif")) {
    if (entry.path().extension() != ".bif") continue;
    ++count;
    INFO(entry.path().string());
    NetworkLoadResult original = LoadNetworkFile(entry.path().string());
    REQUIRE_FALSE(original.diagnostics.HasErrors());
    NetworkLoadResult bif = ReadBif("out.bif", WriteBif(original.network));
    INFO(Formatted(bif));
    CHECK(bif.diagnostics.empty());  // already normalised: no second note
    RequireSame(original.network, bif.network);
    NetworkLoadResult xml = ReadXmlBif("out.xmlbif", WriteXmlBif(original.network));
    INFO(Formatted(xml));
    CHECK(xml.diagnostics.empty());
    RequireSame(original.network, xml.network);
  }
  CHECK(count == 11);
}

TEST_CASE("the BIF writer lays out rows and roots as pgmpy does", "[bif]") {
  Network net;
  net.name = "two";
  net.variables = {{"a", {"t", "f"}, false, {}}, {"b", {"x", "y", "z"}, false, {}}};
  net.families = {{0, {}, {0.1, 0.9}, {}}, {1, {0}, {0.2, 0.3, 0.5, 1, 0, 0}, {}}};
  CHECK(WriteBif(net) ==
        "network two {\n}\n"
        "variable a {\n  type discrete [ 2 ] { t, f };\n}\n"
        "variable b {\n  type discrete [ 3 ] { x, y, z };\n}\n"
        "probability ( a ) {\n  table 0.1, 0.9;\n}\n"
        "probability ( b | a ) {\n  (t) 0.2, 0.3, 0.5;\n  (f) 1, 0, 0;\n}\n");
}

TEST_CASE("names that are not BIF words become distinct words; XMLBIF keeps them escaped", "[bif]") {
  Network net;
  net.name = "my argument";
  net.variables = {{"ruin.central-result", {"true", "false"}, false, {}},
                   {"ruin_central-result", {"true", "false"}, false, {}},
                   {"<odd> & \"quoted\"", {"a b", "a_b", "<5//x"}, false, {}}};
  net.families = {{0, {}, {0.5, 0.5}, {}}, {1, {0}, {0.25, 0.75, 1, 0}, {}}, {2, {}, {0.5, 0.25, 0.25}, {}}};
  NetworkLoadResult bif = ReadBif("out.bif", WriteBif(net));
  INFO(Formatted(bif));
  REQUIRE(bif.diagnostics.empty());
  CHECK(bif.network.name == "my_argument");
  CHECK(bif.network.variables[0].name == "ruin_central-result");
  CHECK(bif.network.variables[1].name == "ruin_central-result_2");
  CHECK(bif.network.variables[2].name == "_odd_____quoted_");
  CHECK(bif.network.variables[2].states == std::vector<std::string>{"a_b", "a_b_2", "<5_/x"});
  CHECK(bif.network.families[1].parents == std::vector<int>{0});
  NetworkLoadResult xml = ReadXmlBif("out.xmlbif", WriteXmlBif(net));
  INFO(Formatted(xml));
  REQUIRE(xml.diagnostics.empty());
  RequireSame(net, xml.network);
}
