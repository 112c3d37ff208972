// The argument writer: exact YAML for a small model (every field, quoting of keys and strings, the
// escapes YAML needs), only the root file's part of a model with imports, and the round trip
// load(write(model)) == model on the bundled arguments, generated debates and awkward strings.
#include <catch2/catch.hpp>
#include <filesystem>
#include <tuple>

#include "argraph/argument_writer.h"
#include "argraph/generate.h"
#include "argraph/load.h"

using namespace argraph;

TEST_CASE("strings become double-quoted YAML scalars with escapes", "[gen]") {
  CHECK(YamlQuoted("plain") == "\"plain\"");
  CHECK(YamlQuoted("a \"q\" \\ b") == "\"a \\\"q\\\" \\\\ b\"");
  CHECK(YamlQuoted("line\nnext\ttab\r") == "\"line\\nnext\\ttab\\r\"");
  CHECK(YamlQuoted(std::string("nul\0bel\x07", 8)) == "\"nul\\x00bel\\x07\"");
  CHECK(YamlQuoted("caf\xC3\xA9 \xE2\x80\xA8 \xC2\x85") == "\"caf\xC3\xA9 \\L \\N\"");
  CHECK(YamlQuoted(": # - [x] {y} & * ! | > % @ `") == "\": # - [x] {y} & * ! | > % @ `\"");
  CHECK(YamlQuoted("") == "\"\"");
}

TEST_CASE("a small argument is written field by field", "[gen]") {
  Argument a;
  a.format = "argraph/1";
  a.id = "demo";
  a.title = "A \"demo\"";
  a.conclusion = "c";
  a.sources.push_back({"essay", "T", "Au", 2022, "", "", {}});
  Claim p;
  p.id = "p";
  p.text = "P: with colon";
  p.source = "essay";
  p.credence = 0.1;
  p.interval = std::make_pair(0.05, 0.3);
  Claim q;
  q.id = "true";  // a YAML reserved word as an id: its key is quoted
  q.credence = 1.0 / 3.0;
  Claim c;
  c.id = "c";
  c.rule = Rule::kLogistic;
  c.base = 0.5;
  Link l1;
  l1.from = "p";
  l1.lr = 3;
  l1.weight = 1.0986122886681098;
  Link l2;
  l2.from = "true";
  l2.relation = Relation::kUndercuts;
  l2.strength = 0.25;
  l2.link = "p";
  c.from = {l1, l2};
  Claim t;
  t.id = "t";
  t.rule = Rule::kTable;
  t.from = {Link{"p", Relation::kSupports, {}, {}, {}, "", {}}};
  t.table = {{{{"p", true}}, 0.9, {}}, {{{"p", false}}, 0.2, {}}};
  a.claims = {p, q, c, t};
  a.profiles.push_back({"skeptic", "", {{"p", 0.05}, {"p->c", 2}}, {}});
  a.objections.push_back({"p", "", "Not so.", {}});
  CHECK(WriteArgumentYaml(a) ==
        "format: argraph/1\n"
        "id: \"demo\"\n"
        "title: \"A \\\"demo\\\"\"\n"
        "sources:\n"
        "  essay:\n"
        "    title: \"T\"\n"
        "    author: \"Au\"\n"
        "    year: 2022\n"
        "conclusion: \"c\"\n"
        "claims:\n"
        "  p:\n"
        "    text: \"P: with colon\"\n"
        "    source: \"essay\"\n"
        "    credence: 0.1\n"
        "    interval: [0.05, 0.3]\n"
        "  \"true\":\n"
        "    credence: 0.3333333333333333\n"
        "  c:\n"
        "    rule: logistic\n"
        "    base: 0.5\n"
        "    from:\n"
        "      - claim: \"p\"\n"
        "        lr: 3\n"
        "      - claim: \"true\"\n"
        "        relation: undercuts\n"
        "        strength: 0.25\n"
        "        link: \"p\"\n"
        "  t:\n"
        "    rule: table\n"
        "    from:\n"
        "      - claim: \"p\"\n"
        "    table:\n"
        "      - when: {p: true}\n"
        "        p: 0.9\n"
        "      - when: {p: false}\n"
        "        p: 0.2\n"
        "profiles:\n"
        "  skeptic:\n"
        "    set:\n"
        "      p: 0.05\n"
        "      \"p->c\": 2\n"
        "objections:\n"
        "  - target: \"p\"\n"
        "    text: \"Not so.\"\n");
}

TEST_CASE("with imports, only the root file's part is written", "[gen]") {
  Argument a;
  a.path = "root.yaml";
  a.conclusion = "x";
  a.imports.push_back({"ruin", "agi ruin.yaml", "dir/agi ruin.yaml", {}});
  a.sources.push_back({"ruin.essay", "Imported", "", std::nullopt, "", "", {"dir/agi ruin.yaml", 3, 3}});
  Claim imported;
  imported.id = "ruin.central";
  imported.import_alias = "ruin";
  imported.credence = 0.5;
  Claim x;
  x.id = "x";
  x.from = {Link{"ruin.central", Relation::kSupports, 0.5, {}, {}, "", {}}};
  a.claims = {imported, x};
  a.profiles.push_back({"theirs", "", {}, {"dir/agi ruin.yaml", 9, 3}});
  a.profiles.push_back({"mine", "", {}, {"root.yaml", 9, 3}});
  CHECK(WriteArgumentYaml(a) ==
        "format: argraph/1\n"
        "imports:\n"
        "  ruin: \"agi ruin.yaml\"\n"
        "conclusion: \"x\"\n"
        "claims:\n"
        "  x:\n"
        "    rule: all\n"
        "    from:\n"
        "      - claim: \"ruin.central\"\n"
        "        strength: 0.5\n"
        "profiles:\n"
        "  mine:\n"
        "    set: {}\n");
}

namespace {

// Everything a model says, locations aside.
void RequireSameArgument(const Argument& a, const Argument& b) {
  CHECK(a.format == b.format);
  CHECK(a.id == b.id);
  CHECK(a.title == b.title);
  CHECK(a.conclusion == b.conclusion);
  REQUIRE(a.sources.size() == b.sources.size());
  for (size_t i = 0; i < a.sources.size(); ++i) {
    const Source &x = a.sources[i], &y = b.sources[i];
    CHECK(std::tie(x.key, x.title, x.author, x.year, x.url, x.file) ==
          std::tie(y.key, y.title, y.author, y.year, y.url, y.file));
  }
  REQUIRE(a.imports.size() == b.imports.size());
  for (size_t i = 0; i < a.imports.size(); ++i) {
    CHECK(std::tie(a.imports[i].alias, a.imports[i].path) == std::tie(b.imports[i].alias, b.imports[i].path));
  }
  REQUIRE(a.claims.size() == b.claims.size());
  for (size_t i = 0; i < a.claims.size(); ++i) {
    const Claim &x = a.claims[i], &y = b.claims[i];
    INFO(x.id);
    CHECK(std::tie(x.id, x.text, x.source, x.quote, x.credence, x.interval, x.rule, x.reliability, x.leak, x.base,
                   x.import_alias) == std::tie(y.id, y.text, y.source, y.quote, y.credence, y.interval, y.rule,
                                               y.reliability, y.leak, y.base, y.import_alias));
    REQUIRE(x.from.size() == y.from.size());
    for (size_t k = 0; k < x.from.size(); ++k) {
      const Link &l = x.from[k], &m = y.from[k];
      CHECK(std::tie(l.from, l.relation, l.strength, l.weight, l.lr, l.link) ==
            std::tie(m.from, m.relation, m.strength, m.weight, m.lr, m.link));
    }
    REQUIRE(x.table.size() == y.table.size());
    for (size_t k = 0; k < x.table.size(); ++k) {
      CHECK(x.table[k].when == y.table[k].when);
      CHECK(x.table[k].probability == y.table[k].probability);
    }
  }
  REQUIRE(a.profiles.size() == b.profiles.size());
  for (size_t i = 0; i < a.profiles.size(); ++i) {
    CHECK(std::tie(a.profiles[i].name, a.profiles[i].description, a.profiles[i].set) ==
          std::tie(b.profiles[i].name, b.profiles[i].description, b.profiles[i].set));
  }
  REQUIRE(a.objections.size() == b.objections.size());
  for (size_t i = 0; i < a.objections.size(); ++i) {
    CHECK(std::tie(a.objections[i].target, a.objections[i].by, a.objections[i].text) ==
          std::tie(b.objections[i].target, b.objections[i].by, b.objections[i].text));
  }
}

std::string Listed(const LoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.diagnostics.items()) out += FormatDiagnostic(d, r.sources, false);
  return out;
}

}  // namespace

TEST_CASE("every bundled argument loads back from its written text as the same model", "[gen]") {
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(ARGRAPH_SOURCE_DIR) + "/arguments")) {
    if (entry.path().extension() != ".yaml") continue;
    ++count;
    const std::string path = entry.path().string();
    INFO(path);
    LoadResult original = LoadArgumentFile(path);
    REQUIRE_FALSE(original.diagnostics.HasErrors());
    const std::string text = WriteArgumentYaml(original.argument);
    LoadResult again = LoadArgumentText(path, text);
    INFO(Listed(again));
    REQUIRE_FALSE(again.diagnostics.HasErrors());
    CHECK(again.diagnostics.Count(Severity::kWarning) == original.diagnostics.Count(Severity::kWarning));
    RequireSameArgument(original.argument, again.argument);
    CHECK(WriteArgumentYaml(again.argument) == text);
  }
  CHECK(count >= 2);
}

TEST_CASE("generated debates load back from their written text as the same model", "[gen]") {
  for (uint64_t seed : {1, 2, 3}) {
    GenerateOptions options;
    options.claims = 2000;
    options.seed = seed;
    const Argument generated = GenerateDebate(options);
    LoadResult loaded = LoadArgumentText("generated.yaml", WriteArgumentYaml(generated));
    INFO(Listed(loaded));
    REQUIRE(loaded.diagnostics.empty());
    RequireSameArgument(generated, loaded.argument);
  }
}

TEST_CASE("strings with every awkward character load back unchanged", "[gen]") {
  Argument a;
  a.format = "argraph/1";
  a.id = "odd";
  a.title = "Tabs\tand \"quotes\", 'single', #hash, : colon, - dash, \\ back, \xE2\x80\xA8 sep, caf\xC3\xA9 \xF0\x9F\x98\x80";
  a.conclusion = "c";
  Claim c;
  c.id = "c";
  c.text = "line one\nline two\n  indented\n";
  c.quote = "  leading and trailing spaces  ";
  c.credence = 0.1 + 0.2;  // 0.30000000000000004: every bit must survive
  a.claims = {c};
  a.objections.push_back({"c", "@someone", "yes", {}});
  LoadResult loaded = LoadArgumentText("odd.yaml", WriteArgumentYaml(a));
  INFO(Listed(loaded));
  REQUIRE_FALSE(loaded.diagnostics.HasErrors());
  RequireSameArgument(a, loaded.argument);
}
