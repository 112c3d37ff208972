// The argument writer: exact YAML for a small model (every field, quoting of keys and strings, the
// escapes YAML needs), and only the root file's part of a model with imports.
#include <catch2/catch.hpp>

#include "argraph/argument_writer.h"

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
