// The BIF reader: every bundled standard network parses; table layouts (rows, `table` with the child's
// states slowest, `default`) match hand-written columns; invalid files give exact diagnostics.
// (Marginals of the standard networks: bif_networks_test.cpp.)
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "argraph/bif.h"
#include "load/network_file_util.h"

using namespace argraph;
namespace fs = std::filesystem;

namespace {

std::string DataDir() { return std::string(ARGRAPH_SOURCE_DIR) + "/tests/data"; }


std::vector<double> Table(const Network& net, const std::string& name) {
  int v = net.FindVariable(name);
  REQUIRE(v >= 0);
  return net.families[static_cast<size_t>(v)].table;
}

}  // namespace

TEST_CASE("every bundled BIF network parses without errors", "[bif]") {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(DataDir() + "/bif")) {
    if (entry.path().extension() != ".bif") continue;
    ++count;
    NetworkLoadResult r = LoadNetworkFile(entry.path().string());
    INFO(entry.path().string() << "\n" << Formatted(r));
    CHECK_FALSE(r.diagnostics.HasErrors());
    CHECK(r.network.variables.size() > 0);
    CHECK(r.network.families.size() == r.network.variables.size());
  }
  CHECK(count == 11);
}

TEST_CASE("asia reads with its declared states and row layout", "[bif]") {
  NetworkLoadResult r = LoadNetworkFile(DataDir() + "/bif/asia.bif");
  REQUIRE(r.diagnostics.empty());
  const Network& net = r.network;
  REQUIRE(net.variables.size() == 8);
  CHECK(net.name == "unknown");
  CHECK(net.variables[0].name == "asia");
  CHECK(net.variables[0].states == std::vector<std::string>{"yes", "no"});
  CHECK(net.variables[0].location.line == 3);
  CHECK(net.variables[0].location.column == 10);
  int dysp = net.FindVariable("dysp");
  const Family& f = net.families[static_cast<size_t>(dysp)];
  REQUIRE(f.parents.size() == 2);
  CHECK(net.variables[static_cast<size_t>(f.parents[0])].name == "bronc");
  CHECK(net.variables[static_cast<size_t>(f.parents[1])].name == "either");
  // Columns (bronc, either) = (yes,yes) (yes,no) (no,yes) (no,no), child fastest.
  CHECK(f.table == std::vector<double>{0.9, 0.1, 0.8, 0.2, 0.7, 0.3, 0.1, 0.9});
}

TEST_CASE("a BIF table lists the child's states slowest; default fills missing rows", "[bif]") {
  const std::string text =
      "network n { property author = \"x; y\"; }\n"
      "variable a { type discrete [ 2 ] { a0, a1 }; property position = (1, 2); }\n"
      "variable b { type discrete [ 3 ] { b0 b1 b2 }; }\n"   // commas are optional
      "variable c { type discrete [ 2 ] { c0, c1 }; }\n"
      "/* a comment */ probability ( c | a, b ) {\n"
      "  table 0.1, 0.2, 0.3, 0.4, 0.5, 0.6,   // c = c0 for the six columns\n"
      "        0.9, 0.8, 0.7, 0.6, 0.5, 0.4;\n"
      "}\n"
      "probability ( a ) { table 0.25 0.75; }\n"
      "probability ( b | a ) { (a1) 0.2, 0.3, 0.5; default 0.1, 0.1, 0.8; }\n";
  NetworkLoadResult r = ReadBif("t.bif", text);
  INFO(Formatted(r));
  REQUIRE(r.diagnostics.empty());
  CHECK(r.network.name == "n");
  CHECK(Table(r.network, "c") ==
        std::vector<double>{0.1, 0.9, 0.2, 0.8, 0.3, 0.7, 0.4, 0.6, 0.5, 0.5, 0.6, 0.4});
  CHECK(Table(r.network, "a") == std::vector<double>{0.25, 0.75});
  CHECK(Table(r.network, "b") == std::vector<double>{0.1, 0.1, 0.8, 0.2, 0.3, 0.5});
}

TEST_CASE("columns off by at most 1e-6 are renormalised with a note", "[bif]") {
  NetworkLoadResult r = ReadBif("t.bif",
                                "variable a { type discrete [ 2 ] { x, y }; }\n"
                                "probability ( a ) { table 0.3, 0.7000005; }\n");
  REQUIRE(r.diagnostics.items().size() == 1);
  CHECK(Formatted(r) == "t.bif: note: some table rows sum to 1 only within 5e-07; they were renormalised [row-normalized]\n");
  std::vector<double> t = Table(r.network, "a");
  CHECK(t[0] == Approx(0.3 / 1.0000005).epsilon(1e-15));
  CHECK(t[0] + t[1] == Approx(1).epsilon(1e-15));
}

// Each invalid fixture with the first line of every diagnostic it must give, in order.
TEST_CASE("invalid BIF and XMLBIF fixtures give exact diagnostics", "[bif]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"bad.xmlbif",
       "bad.xmlbif:11:9: error: variable 'a' is declared twice (first at line 6) [duplicate-variable]\n"
       "bad.xmlbif:16:10: error: unknown variable 'z' [unknown-variable]\n"
       "bad.xmlbif:20:8: error: unknown variable 'q' [unknown-variable]\n"},
      {"bad_syntax.bif",
       "bad_syntax.bif:3:1: error: expected ';' after the list of states, found '}' [bif-syntax]\n"
       "bad_syntax.bif:8:14: error: expected a probability, found 'x0.5' [bif-syntax]\n"},
      {"counts.xmlbif",
       "counts.xmlbif:4:25: error: the <TABLE> of 'a' has 3 probabilities; expected 2 (one per state) [table-size]\n"
       "counts.xmlbif:7:3: error: the probabilities of 'b' in column 2 of this table sum to 0.75, not 1 (a column "
       "must sum to 1 within 1e-6) [row-sum]\n"},
      {"cycle.bif", "cycle.bif:11:15: error: the network has a cycle through 'b' [cycle]\n"},
      {"duplicate_variable.bif",
       "duplicate_variable.bif:4:10: error: variable 'a' is declared twice (first at line 1) [duplicate-variable]\n"},
      {"malformed.xmlbif", "malformed.xmlbif:3:9: error: unknown entity '&bogus;' [xml-syntax]\n"},
      {"mismatched.xmlbif",
       "mismatched.xmlbif:3:39: error: expected </VARIABLE> (opened at line 3), found </VARIABL> [xml-syntax]\n"},
      {"missing.bif",
       "missing.bif:2:19: error: variable 'a' declares 3 states but lists 2 [state-count]\n"
       "missing.bif:12:4: error: 'maybe' is not a state of 'a' (its states: yes, no) [unknown-state]\n"
       "missing.bif:14:1: error: the probability block of 'c' has no row for (no) and no 'default' [missing-row]\n"
       "missing.bif:1:10: error: variable 'a' has no probability block [missing-table]\n"},
      {"row_sum.bif",
       "row_sum.bif:11:3: error: the probabilities of 'b' in this row sum to 0.9, not 1 (a column must sum to 1 "
       "within 1e-6) [row-sum]\n"
       "row_sum.bif:12:8: error: probability 1.2 is outside [0,1] [probability-range]\n"},
      {"unknown_variable.bif",
       "unknown_variable.bif:6:19: error: unknown variable 'b' [unknown-variable]\n"
       "unknown_variable.bif:10:15: error: unknown variable 'c' [unknown-variable]\n"},
      {"unterminated.bif", "unterminated.bif:6:1: error: unterminated comment: '/*' has no closing '*/' [bif-syntax]\n"},
      {"wrong_count.bif",
       "wrong_count.bif:8:3: error: the table of 'a' has 3 probabilities; expected 2 (one per state) [table-size]\n"
       "wrong_count.bif:11:3: error: this row of 'b' has 2 probabilities; expected 3 (one per state: low, mid, "
       "high) [row-size]\n"},
  };
  const std::string dir = DataDir() + "/bif_invalid/";
  size_t fixtures = 0;
  for (const auto& entry : fs::directory_iterator(dir)) fixtures += entry.is_regular_file();
  CHECK(fixtures == cases.size());  // every fixture is listed here
  for (const auto& [file, expected] : cases) {
    NetworkLoadResult r = LoadNetworkFile(dir + file);
    std::string firsts;
    for (const Diagnostic& d : r.diagnostics.items()) {
      std::string text = FormatDiagnostic(d, r.sources, false);
      firsts += text.substr(dir.size(), text.find('\n') + 1 - dir.size());
    }
    CHECK(firsts == expected);
    CHECK(r.diagnostics.HasErrors());
  }
}

TEST_CASE("a diagnostic quotes the BIF line with a caret under the column", "[bif]") {
  NetworkLoadResult r = ReadBif("t.bif", "variable a {\n  type discrete [ 2 ] { yes, no };\n}\nprobability ( a ) {\n  table 0.5 0.6;\n}\n");
  REQUIRE(r.diagnostics.items().size() == 1);
  CHECK(FormatDiagnostic(r.diagnostics.items()[0], r.sources, false) ==
        "t.bif:5:3: error: the probabilities of 'a' in this table sum to 1.1, not 1 (a column must sum to 1 within "
        "1e-6) [row-sum]\n"
        "    table 0.5 0.6;\n"
        "    ^\n");
}

TEST_CASE("hostile BIF input gives diagnostics, never a crash", "[bif]") {
  const std::vector<std::string> inputs = {
      "", "{", "}", "variable", "variable a { type discrete [ 99999999999999999999 ] { x }; }",
      "variable a { type discrete [ 1 ] { x }; } probability ( a ) { table 1e999; }",
      "variable a { type continuous; }", "probability ( ) { }", "network \"unterminated",
      "variable a { type discrete [ 2 ] { x, y }; } probability ( a | a ) { (x) 1, 0; (y) 1, 0; }",
      "variable a { type discrete [ 1 ] { x }; } probability ( a ) { table nan; }",
      std::string(10000, '{'), std::string(10000, '}'),
  };
  for (const std::string& text : inputs) {
    INFO(text.substr(0, 80));
    NetworkLoadResult r = ReadBif("h.bif", text);
    CHECK(r.diagnostics.HasErrors());
  }
  // A row `( ) 1;` naming no parent states is the one column of a one-state root.
  NetworkLoadResult root = ReadBif("ok.bif", "variable a { type discrete [ 1 ] { x }; } probability ( a ) { ( ) 1; }");
  CHECK(root.diagnostics.empty());
  CHECK(root.network.families[0].table == std::vector<double>{1.0});
}
