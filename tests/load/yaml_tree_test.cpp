// ParseYaml's two readers agree: wherever libyaml's fast path (yaml_fast.cpp) accepts a text, its tree
// equals yaml-cpp's node for node (kind, style, value, line, column, children); texts outside the
// subset are declined, so yaml-cpp reads them and keeps its diagnostics.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "argraph/argument_writer.h"
#include "argraph/generate.h"
#include "load/yaml_tree.h"

namespace argraph::load {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Dump(const YamlDocument& document) {
  std::ostringstream out;
  for (size_t i = 0; i < document.nodes.size(); ++i) {
    const YamlNode& n = document.nodes[i];
    out << i << " " << static_cast<int>(n.kind) << (n.plain ? " p " : " q ") << n.alias << " " << n.line << ":"
        << n.column << " [" << n.value << "] {";
    for (int c : n.children) out << c << ",";
    out << "}\n";
  }
  return out.str();
}

std::string DumpDiagnostics(const Diagnostics& diagnostics) {
  std::ostringstream out;
  for (const Diagnostic& d : diagnostics.items()) {
    out << d.location.line << ":" << d.location.column << " " << d.message << " [" << d.rule << "]\n";
  }
  return out.str();
}

/// yaml-cpp's reading of a text, as ParseYaml gives it without the fast paths.
struct SlowReading {
  bool ok = false;
  std::string tree, diagnostics;
  bool errors = false;
};

/// ParseYaml gives the same result, tree and diagnostics with and without the fast paths, with the
/// nesting limit `max_nesting`; returns what it gives.
SlowReading ReadAlike(const std::string& text, int max_nesting = YamlLimits{}.max_nesting) {
  YamlDocument fast, slow;
  Diagnostics fast_diagnostics, slow_diagnostics;
  YamlLimits fast_limits;
  fast_limits.max_nesting = max_nesting;
  YamlLimits yaml_cpp_only = fast_limits;
  yaml_cpp_only.fast_path = false;
  const bool fast_ok = ParseYaml("t.yaml", text, fast, fast_diagnostics, fast_limits);
  const bool slow_ok = ParseYaml("t.yaml", text, slow, slow_diagnostics, yaml_cpp_only);
  CHECK(fast_ok == slow_ok);
  CHECK(Dump(fast) == Dump(slow));
  CHECK(DumpDiagnostics(fast_diagnostics) == DumpDiagnostics(slow_diagnostics));
  return {slow_ok, Dump(slow), DumpDiagnostics(slow_diagnostics), slow_diagnostics.HasErrors()};
}

/// ReadAlike; true when the fast path took the text (libyaml read it and ParseYaml's own checks let it
/// through). The line scanner, where it takes the text, gives yaml-cpp's tree.
bool AgreesWhenTaken(const std::string& text) {
  const SlowReading slow = ReadAlike(text);
  YamlDocument direct;
  const bool taken = ParseYamlFast(text, direct, 8'000'000);
  if (!taken) CHECK(direct.nodes.empty());
  YamlDocument scanned;
  if (ScanBlockYaml(text, scanned, 8'000'000)) {
    CHECK(slow.ok);
    CHECK(Dump(scanned) == slow.tree);
  } else {
    CHECK(scanned.nodes.empty());
  }
  return taken && slow.ok && !slow.errors;
}

/// AgreesWhenTaken, and the line scanner (yaml_scan.cpp) took the text.
bool ScannedAndAgrees(const std::string& text) {
  YamlDocument scanned;
  return AgreesWhenTaken(text) && ScanBlockYaml(text, scanned, 8'000'000);
}

TEST_CASE("yaml fast path: every bundled argument and fixture reads as yaml-cpp reads it", "[yaml]") {
  int taken = 0;
  int files = 0;
  for (const char* dir : {"arguments", "tests/data"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(ARGRAPH_SOURCE_DIR) + "/" + dir)) {
      if (entry.path().extension() != ".yaml") continue;
      INFO(entry.path().string());
      ++files;
      if (AgreesWhenTaken(ReadFile(entry.path()))) ++taken;
    }
  }
  CHECK(files > 50);
  CHECK(taken > files / 2);  // the fast path is the common one
}

TEST_CASE("yaml fast path: generated debates are read by libyaml, identically", "[yaml]") {
  GenerateOptions options;
  options.claims = 2000;
  options.seed = 7;
  CHECK(AgreesWhenTaken(WriteArgumentYaml(GenerateDebate(options))));
}

TEST_CASE("yaml fast path: plain files are taken, positions in bytes", "[yaml]") {
  CHECK(AgreesWhenTaken("a: 1\nb: [0.5, -2, x y]\nc: {text: \"d\", n: ~}\nd:\n- e: 'it''s'\n  f: null\n"));
  CHECK(AgreesWhenTaken("k:\n  - claim: \"é x\"\n    weight: 1.5 # comment\n  - claim: ü-ö\n    w: -0.5\n"));
  CHECK(AgreesWhenTaken("text: Über — ünïcødé, a b\nx: \"“quoted” ✓\"\n"));
  CHECK(AgreesWhenTaken("# only a comment\n"));
  CHECK(AgreesWhenTaken("url: http://example.org/a?b=c\nq: Is it hard? yes\nn: -.5\n"));
  CHECK(AgreesWhenTaken("a: []\nb: {}\nc: [[1, 2], {x: y}]\n"));
}

TEST_CASE("yaml fast path: declines what the two parsers may read differently", "[yaml]") {
  for (const char* text : {
           "a:\tb\n",                      // tab
           "a: b\r\nc: d\r\n",             // carriage returns
           "\xEF\xBB\xBF" "a: b\n",        // byte-order mark
           "a: b\n\xEF\xBB\xBF c: d\n",     // byte-order mark inside the text
           "a: x\xE2\x80\xA8y\n",          // Unicode line separator
           "---\na: b\n",                  // explicit document
           "a: b\n...\n",                  // explicit document end
           "a: b\n---\nc: d\n",            // a second document
           "%YAML 1.2\n---\na: b\n",       // directive
           "a: &x 1\nb: *x\n",             // anchor and alias
           "a: !!str 1\n",                 // tag
           "a: |\n  text\n",               // block scalar
           "a: >\n  text\n",               // folded scalar
           "a: two\n  lines\n",            // multi-line plain scalar
           "a: \"two\n  lines\"\n",        // multi-line quoted scalar
           "a: \"esc\\n\"\n",              // escapes
           "a:\nb: 1\n",                   // empty value
           "? a\n: b\n",                   // explicit key
           "[a: b]\n",                     // implicit map in a flow sequence
           "{a: b}: c\n",                  // a map as a key
           "a: [b:c]\n",                   // ':' inside a flow plain scalar
           "a: b#c\n",                     // '#' inside a plain scalar
           "a: -x\n",                      // plain scalar starting with an indicator
           "a: 'unclosed\n",               // a syntax error: yaml-cpp reports it
           "a: b: c\n",                    // a syntax error
       }) {
    INFO(text);
    YamlDocument document;
    CHECK_FALSE(ParseYamlFast(text, document, 8'000'000));
    CHECK(document.nodes.empty());
  }
}

TEST_CASE("yaml line scanner: block-structured files are read as yaml-cpp reads them", "[yaml]") {
  GenerateOptions options;
  options.claims = 3000;
  options.seed = 11;
  CHECK(ScannedAndAgrees(WriteArgumentYaml(GenerateDebate(options))));
  CHECK(ScannedAndAgrees("a: 1\nb: [0.5, -2, x y]\nd:\n- e: 'it s'\n  f: null\n"));
  CHECK(ScannedAndAgrees("# head\n\nk:   # comment\n  - claim: \"é x\"\n    weight: 1.5 # comment\n  - claim: ü-ö\n"
                         "    w: -0.5\n# between\nz: ~\n"));
  CHECK(ScannedAndAgrees("text: Über — ünïcødé, a b\nx: \"“quoted” ✓\"\n"));
  CHECK(ScannedAndAgrees("url: http://example.org/a?b=c\nq: Is it hard? yes\nn: -.5\nm: -3\n"));
  CHECK(ScannedAndAgrees("a: []\nb: [ 1 ,2,  'x' ]\n\"quoted key\": v\n'single': \"a 'b' c\"\n"));
  CHECK(ScannedAndAgrees("- a\n- b: 1\n  c:\n  - x\n  - y\n  d: 2\n- [1, 2]\n"));
  CHECK(ScannedAndAgrees("  indented: root\n  map:\n      deep: 1\n  next: 2"));
  CHECK(ScannedAndAgrees("claims:\n  c1:\n    from:\n    - claim: c2\n      strength: 0.5\n    rule: any\n  c2: {}\n") ==
        false);  // a flow map: declined, yet read identically by the other paths
}

TEST_CASE("yaml line scanner: declines what it does not read, and the other paths read it", "[yaml]") {
  for (const char* text : {
           "a: {x: y}\n",            // flow map
           "a: [[1], 2]\n",          // nested flow sequence
           "a: [1,\n  2]\n",         // multi-line flow sequence
           "a: 'it''s'\n",           // a quote inside single quotes
           "a: \"esc\\n\"\n",        // escapes
           "a:\nb: 1\n",             // empty value
           "a:\n",                   // empty value at the end
           "a: two\n  lines\n",      // multi-line plain scalar
           "a:\n  plain on the next line\n",
           "-\n  a: 1\n",            // an item on the next line
           "- - a\n",                // nested sequence on one line
           "a : b\n",                // space before the colon
           "a: b: c\n",              // a syntax error
           "a: 1\n  b: 2\n",         // unexpected indentation
           "a: 1\n b: 2\n",
           "a:\n  - x\n  y: 1\n",    // a key where an item belongs
           "a: b #\nc: d#e\n",       // '#' inside a plain scalar
           "a: x\n---\nb: y\n",      // a second document
           "just a scalar\n",
           "",
           "# only a comment\n",
       }) {
    INFO(text);
    YamlDocument document;
    CHECK_FALSE(ScanBlockYaml(text, document, 8'000'000));
    CHECK(document.nodes.empty());
    AgreesWhenTaken(text);
  }
}

TEST_CASE("yaml fast path: the node limit sends the text to yaml-cpp, which reports it", "[yaml]") {
  YamlDocument document;
  CHECK_FALSE(ParseYamlFast("a: [1, 2, 3]\n", document, 3));
  CHECK(ParseYamlFast("a: [1, 2, 3]\n", document, 6));
  CHECK(document.nodes.size() == 6);
}

// The text check learns, in its one pass, what the fast paths need: whether the text is ASCII and
// whether it holds a character libyaml and yaml-cpp read differently. Checked against the rule written
// out here on byte patterns, on random valid UTF-8 texts mixing those characters with ordinary ones.
TEST_CASE("yaml text check: the bytes the fast paths avoid are found in one pass", "[yaml]") {
  const std::vector<std::string> pieces = {"a", "key: value\n", "  - x\n", "\"q\"", " ", "\n", "é", "✓", "€",
                                           "\t", "\r", "\xEF\xBB\xBF", "\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9",
                                           "\xE2\x80\xA7", "\xC2\x84", "0123456789abcdef"};
  std::mt19937 rng(5);
  int disagreeing = 0, non_ascii = 0;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text;
    const int count = static_cast<int>(rng() % 12);
    for (int k = 0; k < count; ++k) {
      // Mostly ordinary pieces, so that many texts hold none of the special ones.
      const size_t piece = rng() % 4 == 0 ? rng() % pieces.size() : rng() % 9;
      text += pieces[piece];
    }
    bool expected_agree = true;
    for (const char* special : {"\t", "\r", "\xEF\xBB\xBF", "\xC2\x85", "\xE2\x80\xA8", "\xE2\x80\xA9"}) {
      if (text.find(special) != std::string::npos) expected_agree = false;
    }
    bool expected_ascii = true;
    for (const char c : text) expected_ascii = expected_ascii && static_cast<unsigned char>(c) < 0x80;
    Diagnostics diagnostics;
    YamlBytes bytes;
    INFO(text);
    REQUIRE(CheckYamlText("t.yaml", text, diagnostics, bytes));
    CHECK(bytes.libraries_agree == expected_agree);
    CHECK(bytes.ascii == expected_ascii);
    disagreeing += !expected_agree;
    non_ascii += !expected_ascii;
  }
  CHECK(disagreeing > 300);  // both answers are exercised
  CHECK(disagreeing < 2700);
  CHECK(non_ascii > 300);
}

// The text check reads most of a text eight bytes at a time: every byte value, at every position of a
// word, must be refused (at its own line and column) exactly when it cannot be in a YAML file on its own.
TEST_CASE("yaml text check: each byte is judged as one byte, wherever it lies in a word", "[yaml]") {
  const std::string filler = "ab: c\nd: e~ \nfg: hij\nk: lmno\n";  // printable ASCII and line feeds
  for (int value = 0; value < 256; ++value) {
    const auto c = static_cast<unsigned char>(value);
    const bool allowed = (c >= 0x20 && c <= 0x7e) || c == '\t' || c == '\n' || c == '\r';
    for (size_t at = 0; at < 17; ++at) {
      std::string text = filler;
      text[at] = static_cast<char>(c);
      Diagnostics diagnostics;
      YamlBytes bytes;
      INFO("byte " << value << " at " << at);
      REQUIRE(CheckYamlText("t.yaml", text, diagnostics, bytes) == allowed);
      if (allowed) continue;
      REQUIRE(diagnostics.items().size() == 1);
      const size_t line_start = at == 0 ? 0 : text.rfind('\n', at - 1) + 1;
      CHECK(diagnostics.items()[0].location.line == 1 + std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
      CHECK(diagnostics.items()[0].location.column == static_cast<int>(at - line_start) + 1);
    }
  }
}

// The nesting pre-scan counts brackets that open flow collections and indentation, not brackets inside
// scalars: runs of ordinary characters are skipped whole, and what precedes a bracket still decides.
TEST_CASE("yaml nesting pre-scan: flow brackets count, brackets inside scalars do not", "[yaml]") {
  YamlLimits limits;
  limits.max_nesting = 3;
  auto refused = [&](const std::string& text) {
    YamlDocument document;
    Diagnostics diagnostics;
    ParseYaml("n.yaml", text, document, diagnostics, limits);
    for (const Diagnostic& d : diagnostics.items()) {
      if (d.rule == "yaml-nesting") return std::to_string(d.location.line) + ":" + std::to_string(d.location.column);
    }
    return std::string();
  };
  CHECK(refused("key: [a, [b, [c]]]\n").empty());          // three levels: the limit
  CHECK(refused("key: [a, [b, [c, [d]]]]\n") == "1:18");   // at the fourth bracket
  CHECK(refused("key: ab[c [d [e [f\n").empty());          // a plain scalar holding brackets
  CHECK(refused("key: 'x [[[[' \n").empty());              // brackets inside quotes
  CHECK(refused("key: \"[[[[\\\"[[\"\n").empty());          // and after an escaped quote
  CHECK(refused("- [x, [y]]\n") == "1:7");                 // the dash and its space count too
  CHECK(refused("a:\n  b:\n    c: d\n") == "3:4");         // as indentation alone does
  CHECK(refused("a: b\n     # deep\n") == "2:4");           // on comment lines too
  CHECK(refused("a: b\n    \n") == "2:4");                  // and on blank ones
  CHECK(refused("a: b\n   \n").empty());
  CHECK(refused("a:\n - [x]\n") == "2:4");                // a bracket after a dash at the limit
  CHECK(refused("a:\n- [x]\n").empty());
  // The line scanner (which ParseYaml tries before the check) leaves such texts to the check: the
  // default limit refuses them with and without the fast paths.
  const std::string too_deep =
      "2:257 the YAML is nested too deeply here (more than 256 levels of indentation and brackets); flatten it "
      "[yaml-nesting]\n";
  CHECK(ReadAlike("a: b\n" + std::string(300, ' ') + "# deep\n").diagnostics == too_deep);
  CHECK(ReadAlike("a:\n" + std::string(254, ' ') + "- [x]\n").diagnostics == too_deep);
  CHECK(ReadAlike("a:\n" + std::string(253, ' ') + "- [x]\n").diagnostics.empty());
  // The check's estimate counts brackets it takes for flow collections: after an indicator, a comma or
  // a bracket, even inside a plain scalar, and past a quote it takes for the start of a quoted scalar.
  // Lines of these kinds, repeated, can pass a small limit by that count alone; the scanner leaves
  // them to the check, so both paths agree there too.
  for (const std::string line : {"k'b: [x, y']\n", "k: a - [b\n", "k: a, [b\n", "k: a [[b\n", "- x - 'y\n",
                                 "k: a, 'b\n", "- [a\"b]\n", "k: a - {b\n", "k: 'q', [x\n"}) {
    const std::string text = (line[0] == '-' ? "- [x, y']\n" : "a: [x, y']\n") + line + line + line + line + line;
    INFO(text);
    ReadAlike(text, 3);
  }
  YamlDocument scanned;
  CHECK(ScanBlockYaml("a:\n" + std::string(253, ' ') + "- [x]\n", scanned, 100, 256));
  CHECK_FALSE(ScanBlockYaml("a:\n" + std::string(254, ' ') + "- [x]\n", scanned, 100, 256));
}

}  // namespace
}  // namespace argraph::load
