// Tests of BuildDiagram (render.h): which nodes and edges a diagram holds and how each looks, on small
// arguments built in memory. The bridge argument below (the bundled example's shape):
//
//   sound-design --supports 0.9--> safe <--attacks 0.7-- corrosion
//   maintained ---supports 0.6--> safe
//   survey-outdated --undercuts 0.2--> safe (an `all` claim: undercuts its reliability)
//   ruin.lethal (imported, alias "ruin") --supports--> safe
#include <catch2/catch.hpp>

#include "argraph/render.h"
#include "present/fixtures.h"

namespace argraph {
namespace {

using test::MakeLink;
using test::Root;



Argument Bridge() {
  Argument argument;
  argument.id = "bridge";
  argument.title = "The old bridge is safe to cross";
  argument.conclusion = "safe";
  argument.sources.push_back({"survey", "Bridge survey", "County engineers", 2024, "", "", {}});
  argument.sources.push_back({"ruin.ruin", "AGI Ruin", "Yudkowsky", 2022, "", "", {}});
  argument.imports.push_back({"ruin", "ruin.yaml", "ruin.yaml", {}});
  Claim lethal = Root("ruin.lethal", "Lethal.", 0.8);
  lethal.import_alias = "ruin";
  lethal.source = "ruin";
  argument.claims.push_back(lethal);
  Claim design = Root("sound-design", "The bridge's design is sound.", 0.9);
  design.source = "survey";
  design.quote = "the design meets the standard of its time";
  argument.claims.push_back(design);
  argument.claims.push_back(Root("maintained", "The bridge has been maintained.", 0.7));
  argument.claims.push_back(Root("corrosion", "The main cables are corroded.", 0.3));
  argument.claims.push_back(Root("survey-outdated", "The survey is too old.", 0.5));
  Claim safe;
  safe.id = "safe";
  safe.text = "The bridge is safe to cross.";
  safe.credence = 0.6;
  safe.reliability = 0.98;
  safe.from = {MakeLink("sound-design", Relation::kSupports, 0.9), MakeLink("maintained", Relation::kSupports, 0.6),
               MakeLink("corrosion", Relation::kAttacks, 0.7),
               MakeLink("survey-outdated", Relation::kUndercuts, 0.2), MakeLink("ruin.lethal")};
  argument.claims.push_back(safe);
  argument.objections.push_back({"corrosion", "A resident", "The corrosion was only on the railings.", {}});
  return argument;
}

Diagram Build(const Argument& argument, const DiagramInputs& inputs = {}, const DiagramOptions& options = {}) {
  Diagnostics diagnostics;
  Diagram diagram = BuildDiagram(argument, inputs, options, diagnostics);
  REQUIRE(diagnostics.empty());
  return diagram;
}

size_t CountKind(const Diagram& diagram, DiagramNodeKind kind) {
  size_t count = 0;
  for (const auto& node : diagram.nodes) count += node.kind == kind;
  return count;
}

TEST_CASE("a diagram has one node per claim and one edge per link", "[present][diagram]") {
  const Argument argument = Bridge();
  const Diagram diagram = Build(argument);
  CHECK(CountKind(diagram, DiagramNodeKind::kClaim) == 6);
  for (const Claim& claim : argument.claims) CHECK(diagram.FindNode(claim.id) != nullptr);
  CHECK(diagram.FindEdge("sound-design", "safe")->kind == DiagramEdgeKind::kSupports);
  CHECK(diagram.FindEdge("corrosion", "safe")->kind == DiagramEdgeKind::kAttacks);
  CHECK(diagram.FindEdge("survey-outdated", "safe")->kind == DiagramEdgeKind::kUndercuts);
  CHECK(diagram.FindEdge("ruin.lethal", "safe") != nullptr);
  CHECK(diagram.FindEdge("safe", "sound-design") == nullptr);
}

TEST_CASE("relations differ in colour, arrowhead and style", "[present][diagram]") {
  const Diagram diagram = Build(Bridge());
  const auto& supports = diagram.FindEdge("sound-design", "safe")->attributes;
  const auto& attacks = diagram.FindEdge("corrosion", "safe")->attributes;
  const auto& undercuts = diagram.FindEdge("survey-outdated", "safe")->attributes;
  for (const char* attribute : {"color", "arrowhead", "style"}) {
    CHECK(supports.at(attribute) != attacks.at(attribute));
    CHECK(supports.at(attribute) != undercuts.at(attribute));
    CHECK(attacks.at(attribute) != undercuts.at(attribute));
  }
  CHECK(attacks.at("arrowhead") == "tee");
  CHECK(attacks.at("style") == "dashed");
}

TEST_CASE("line width grows with strength", "[present][diagram]") {
  const Diagram diagram = Build(Bridge());
  auto width = [&](const char* from) { return std::stod(diagram.FindEdge(from, "safe")->attributes.at("penwidth")); };
  CHECK(width("sound-design") > width("maintained"));  // 0.9 > 0.6
  CHECK(width("ruin.lethal") > width("sound-design"));  // default strength 1
  CHECK(width("ruin.lethal") == Approx(3.5));
  CHECK(width("maintained") == Approx(0.8 + 2.7 * 0.6).margin(0.005));  // printed with 2 decimals
}

TEST_CASE("logistic weights set the line width by |tanh(w/2)|", "[present][diagram]") {
  Argument argument;
  argument.conclusion = "c";
  argument.claims = {Root("a", "A", 0.5), Root("b", "B", 0.5)};
  Claim c;
  c.id = "c";
  c.rule = Rule::kLogistic;
  Link strong = MakeLink("a");
  strong.weight = -3.0;
  Link weak = MakeLink("b", Relation::kAttacks);
  weak.weight = 0.5;
  c.from = {strong, weak};
  argument.claims.push_back(c);
  const Diagram diagram = Build(argument);
  CHECK(std::stod(diagram.FindEdge("a", "c")->attributes.at("penwidth")) == Approx(0.8 + 2.7 * std::tanh(1.5)).margin(0.005));
  CHECK(std::stod(diagram.FindEdge("b", "c")->attributes.at("penwidth")) == Approx(0.8 + 2.7 * std::tanh(0.25)).margin(0.005));
}

TEST_CASE("labels show the computed credence and the stated one where it differs", "[present][diagram]") {
  const Argument argument = Bridge();
  DiagramInputs inputs;
  inputs.credences = {0.8, 0.9, 0.7, 0.3, 0.5, 0.4213};
  const Diagram diagram = Build(argument, inputs);
  const auto* safe = diagram.FindNode("safe");
  CHECK(safe->html_label.find("<B>0.42</B> &#8592; 0.60") != std::string::npos);
  CHECK(safe->html_label.find("The bridge is safe to<BR/>cross.") != std::string::npos);
  // A root's computed credence equals its prior: shown once.
  const auto* design = diagram.FindNode("sound-design");
  CHECK(design->html_label.find("<B>0.90</B>") != std::string::npos);
  CHECK(design->html_label.find("&#8592;") == std::string::npos);
}

TEST_CASE("fill colours follow the credence on one scale", "[present][diagram]") {
  const Argument argument = Bridge();
  DiagramInputs inputs;
  inputs.credences = {0.8, 0.9, 0.7, 0.3, 0.5, 0.02};
  const Diagram diagram = Build(argument, inputs);
  CHECK(diagram.FindNode("sound-design")->attributes.at("fillcolor") == CredenceColor(0.9));
  CHECK(diagram.FindNode("corrosion")->attributes.at("fillcolor") == CredenceColor(0.3));
  CHECK(diagram.FindNode("survey-outdated")->attributes.at("fillcolor") == "#f7f7f7");
  // Dark fills get white text.
  CHECK(diagram.FindNode("safe")->attributes.at("fontcolor") == "white");
  CHECK(diagram.FindNode("survey-outdated")->attributes.at("fontcolor") == "black");
  // The legend draws the same scale.
  CHECK(diagram.html_label.find("BGCOLOR=\"#67001f\"") != std::string::npos);
  CHECK(diagram.html_label.find("BGCOLOR=\"#053061\"") != std::string::npos);
  CHECK(diagram.html_label.find("computed credence") != std::string::npos);
}

TEST_CASE("CredenceColor interpolates ColorBrewer RdBu", "[present][diagram]") {
  CHECK(CredenceColor(0.0) == "#67001f");
  CHECK(CredenceColor(0.5) == "#f7f7f7");
  CHECK(CredenceColor(1.0) == "#053061");
  CHECK(CredenceColor(0.9) == "#2166ac");
  CHECK(CredenceColor(1.7) == "#053061");
  CHECK(CredenceColor(0.05) == "#8d0c25");  // halfway between #67001f and #b2182b
}

TEST_CASE("FormatCredence keeps precision near 0 and 1", "[present][diagram]") {
  CHECK(FormatCredence(0.62) == "0.62");
  CHECK(FormatCredence(0.9984) == "0.998");
  CHECK(FormatCredence(0.0012) == "0.001");
  CHECK(FormatCredence(1.0) == "1.00");
  CHECK(FormatCredence(0.0) == "0.00");
}

TEST_CASE("the conclusion has a double border", "[present][diagram]") {
  const Diagram diagram = Build(Bridge());
  CHECK(diagram.FindNode("safe")->attributes.at("peripheries") == "2");
  CHECK(diagram.FindNode("maintained")->attributes.count("peripheries") == 0);
}

TEST_CASE("the top cruxes are outlined and numbered by swing", "[present][diagram]") {
  const Argument argument = Bridge();
  DiagramInputs inputs;
  inputs.cruxes = {"maintained", "no-such-thing", "corrosion->safe", "safe.reliability", "sound-design"};
  const Diagram diagram = Build(argument, inputs);
  const auto* maintained = diagram.FindNode("maintained");
  CHECK(maintained->attributes.at("penwidth") == "4");
  CHECK(maintained->html_label.find("crux 1") != std::string::npos);
  CHECK(diagram.FindEdge("corrosion", "safe")->attributes.at("label") == "crux 2");
  CHECK(diagram.FindNode("safe")->html_label.find("crux 3") != std::string::npos);
  // Only three by default: the fourth name is not marked.
  CHECK(diagram.FindNode("sound-design")->html_label.find("crux") == std::string::npos);

  DiagramOptions one;
  one.cruxes = 1;
  const Diagram fewer = Build(argument, inputs, one);
  CHECK(fewer.FindNode("safe")->html_label.find("crux") == std::string::npos);
  CHECK(fewer.FindEdge("corrosion", "safe")->attributes.count("label") == 0);
}

TEST_CASE("tooltips carry the full text, the source and the quote", "[present][diagram]") {
  const Diagram diagram = Build(Bridge());
  CHECK(diagram.FindNode("sound-design")->attributes.at("tooltip") ==
        "The bridge's design is sound.\nSource: Bridge survey (County engineers, 2024)\n"
        "\xE2\x80\x9Cthe design meets the standard of its time\xE2\x80\x9D\n[sound-design]");
}

TEST_CASE("imported claims form a labelled cluster", "[present][diagram]") {
  const Diagram diagram = Build(Bridge());
  REQUIRE(diagram.clusters.size() == 1);
  CHECK(diagram.clusters[0].name == "cluster_ruin");
  CHECK(diagram.clusters[0].attributes.at("label") == "ruin: AGI Ruin (Yudkowsky, 2022)");
  CHECK(diagram.FindNode("ruin.lethal")->cluster == "cluster_ruin");
  CHECK(diagram.FindNode("safe")->cluster.empty());
}

TEST_CASE("objections are notes attached to their target, and can be hidden", "[present][diagram]") {
  const Argument argument = Bridge();
  const Diagram diagram = Build(argument);
  const auto* note = diagram.FindNode("objection:1");
  REQUIRE(note != nullptr);
  CHECK(note->kind == DiagramNodeKind::kObjection);
  CHECK(note->attributes.at("shape") == "note");
  CHECK(note->html_label.find("The corrosion was only on the<BR/>railings.") != std::string::npos);
  CHECK(diagram.FindEdge("objection:1", "corrosion")->kind == DiagramEdgeKind::kObjection);

  DiagramOptions options;
  options.objections = false;
  const Diagram hidden = Build(argument, {}, options);
  CHECK(hidden.FindNode("objection:1") == nullptr);
  CHECK(CountKind(hidden, DiagramNodeKind::kObjection) == 0);
}

TEST_CASE("an objection to a parameter attaches to the parameter's claim", "[present][diagram]") {
  Argument argument = Bridge();
  argument.objections = {{"maintained->safe", "", "Maintenance says little.", {}}};
  const Diagram diagram = Build(argument);
  CHECK(diagram.FindEdge("objection:1", "safe") != nullptr);
}

// a --supports--> c <--supports-- b, u undercuts the link a->c of an `any` claim.
Argument UndercutOfLink() {
  Argument argument;
  argument.conclusion = "c";
  argument.claims = {Root("a", "A", 0.7), Root("b", "B", 0.6), Root("u", "U", 0.5)};
  Claim c;
  c.id = "c";
  c.rule = Rule::kAny;
  Link undercut = MakeLink("u", Relation::kUndercuts, 0.4);
  undercut.link = "a";
  c.from = {MakeLink("a", Relation::kSupports, 0.8), MakeLink("b", Relation::kSupports, 0.5), undercut};
  argument.claims.push_back(c);
  return argument;
}

TEST_CASE("an undercut points at the link it undercuts through a point node", "[present][diagram]") {
  const Diagram diagram = Build(UndercutOfLink());
  const auto* point = diagram.FindNode("undercut:a->c");
  REQUIRE(point != nullptr);
  CHECK(point->kind == DiagramNodeKind::kUndercutPoint);
  CHECK(point->attributes.at("shape") == "point");
  CHECK(diagram.FindEdge("a", "c") == nullptr);
  CHECK(diagram.FindEdge("a", "undercut:a->c")->attributes.at("arrowhead") == "none");
  CHECK(diagram.FindEdge("undercut:a->c", "c")->kind == DiagramEdgeKind::kSupports);
  CHECK(diagram.FindEdge("u", "undercut:a->c")->kind == DiagramEdgeKind::kUndercuts);
  CHECK(diagram.FindEdge("u", "c") == nullptr);
  CHECK(diagram.FindEdge("b", "c") != nullptr);
}

// "r3" for ('r', 3); written out because GCC 12 warns falsely on "r" + std::to_string(i).
std::string Name(char prefix, int i) {
  std::string name(1, prefix);
  name += std::to_string(i);
  return name;
}

// A chain r0 -> r1 -> ... -> r9 (each link strength 0.9) plus side roots s_i -> r_i (strength 0.5).
Argument Chain() {
  Argument argument;
  argument.conclusion = "r9";
  for (int i = 0; i < 10; ++i) {
    Claim side = Root(Name('s', i), "side", 0.5);
    argument.claims.push_back(side);
    Claim claim;
    claim.id = Name('r', i);
    claim.text = "chain";
    if (i == 0) {
      claim.credence = 0.5;
    } else {
      claim.from = {MakeLink(Name('r', i - 1), Relation::kSupports, 0.9),
                    MakeLink(Name('s', i), Relation::kSupports, 0.5)};
    }
    argument.claims.push_back(claim);
  }
  argument.claims.push_back(Root("unrelated", "unrelated", 0.5));
  return argument;
}

TEST_CASE("StructuralInfluence is the strongest path product to the target", "[present][diagram]") {
  const Argument argument = Chain();
  const auto influence = StructuralInfluence(argument, "r9");
  auto at = [&](const char* id) { return influence[argument.ClaimIndex(id)]; };
  CHECK(at("r9") == Approx(1.0));
  CHECK(at("r8") == Approx(0.9));
  CHECK(at("s9") == Approx(0.5));
  CHECK(at("r0") == Approx(std::pow(0.9, 9)));
  CHECK(at("s1") == Approx(0.5 * std::pow(0.9, 8)));
  CHECK(at("unrelated") == 0.0);
  CHECK(at("s0") == 0.0);  // s0 has no link
}

TEST_CASE("--top keeps the claims that matter most to the target", "[present][diagram]") {
  const Argument argument = Chain();
  DiagramOptions options;
  options.top = 4;
  const Diagram diagram = Build(argument, {}, options);
  // r9 (1), r8 (0.9), r7 (0.81), r6 (0.729); s9 (0.5) falls out.
  CHECK(CountKind(diagram, DiagramNodeKind::kClaim) == 4);
  for (const char* id : {"r9", "r8", "r7", "r6"}) CHECK(diagram.FindNode(id) != nullptr);
  CHECK(diagram.FindNode("s9") == nullptr);
  CHECK(diagram.edges.size() == 3);
  CHECK(diagram.FindEdge("r6", "r7") != nullptr);

  DiagramInputs inputs;  // importance given by the caller wins
  inputs.importance.assign(argument.claims.size(), 0.0);
  inputs.importance[argument.ClaimIndex("unrelated")] = 5;
  inputs.importance[argument.ClaimIndex("s3")] = 4;
  options.top = 3;
  const Diagram given = Build(argument, inputs, options);
  CHECK(CountKind(given, DiagramNodeKind::kClaim) == 3);
  for (const char* id : {"r9", "unrelated", "s3"}) CHECK(given.FindNode(id) != nullptr);
}

TEST_CASE("--focus draws the neighbourhood of a claim", "[present][diagram]") {
  const Argument argument = Chain();
  DiagramOptions options;
  options.focus = "r5";
  options.depth = 1;
  const Diagram diagram = Build(argument, {}, options);
  CHECK(CountKind(diagram, DiagramNodeKind::kClaim) == 4);  // r4, s5, r5, r6
  for (const char* id : {"r4", "s5", "r5", "r6"}) CHECK(diagram.FindNode(id) != nullptr);
  options.depth = 2;
  const Diagram wider = Build(argument, {}, options);
  CHECK(CountKind(wider, DiagramNodeKind::kClaim) == 8);  // + r3, s4, r7, s6
}

TEST_CASE("an unknown focus or target is a diagnostic with suggestions", "[present][diagram]") {
  const Argument argument = Chain();
  DiagramOptions options;
  options.focus = "r55";
  Diagnostics diagnostics;
  const Diagram diagram = BuildDiagram(argument, {}, options, diagnostics);
  REQUIRE(diagnostics.items().size() == 1);
  CHECK(diagnostics.items()[0].message ==
        "no claim 'r55' to use as the diagram's focus; did you mean 'r5', 'r0' or 'r1'?");
  CHECK(diagnostics.items()[0].rule == "unknown-claim");
  CHECK(diagram.nodes.empty());

  DiagramInputs inputs;
  inputs.target = "nothing-like-it";
  Diagnostics more;
  BuildDiagram(argument, inputs, {}, more);
  REQUIRE(more.items().size() == 1);
  CHECK(more.items()[0].message == "no claim 'nothing-like-it' to use as the diagram's target");
}

TEST_CASE("sfdp layout avoids overlaps", "[present][diagram]") {
  DiagramOptions options;
  options.layout = DiagramLayout::kSfdp;
  const Diagram diagram = Build(Bridge(), {}, options);
  CHECK(diagram.layout == DiagramLayout::kSfdp);
  CHECK(diagram.graph_attributes.at("overlap") == "prism");
}

}  // namespace
}  // namespace argraph
