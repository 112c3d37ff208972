// Tests of rendering a Diagram through Graphviz (render.h, present/graphviz.h): the cgraph graph built
// in memory has the diagram's structure and attributes; SVG, PNG, PDF and DOT come out; claim texts
// that look like markup stay text in the SVG.
#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "argraph/render.h"
#include "present/fixtures.h"
#include "present/graphviz.h"

namespace argraph {
namespace {

using test::Root;


// evil (text is a script) --supports--> c <--attacks-- img (text is an attribute breakout);
// an imported claim ext.x --supports--> c.
Argument Injection() {
  Argument argument;
  argument.id = "injection";
  argument.title = "<script>alert('title')</script>";
  argument.conclusion = "c";
  Claim evil = Root("evil", "<script>alert(1)</script>", 0.7);
  evil.quote = "\\N & \"quoted\"";
  argument.claims.push_back(evil);
  argument.claims.push_back(Root("img", "\"><img src=x onerror=alert(1)>", 0.4));
  Claim imported = Root("ext.x", "Imported", 0.5);
  imported.import_alias = "ext";
  argument.claims.push_back(imported);
  argument.imports.push_back({"ext", "ext.yaml", "ext.yaml", {}});
  Claim c;
  c.id = "c";
  c.text = "Conclusion";
  Link a;
  a.from = "evil";
  Link b;
  b.from = "img";
  b.relation = Relation::kAttacks;
  b.strength = 0.5;
  Link d;
  d.from = "ext.x";
  c.from = {a, b, d};
  argument.claims.push_back(c);
  argument.objections.push_back({"c", "<b>me</b>", "</text><script>alert(2)</script>", {}});
  return argument;
}

Diagram Build(const Argument& argument) {
  Diagnostics diagnostics;
  DiagramInputs inputs;
  inputs.credences = {0.7, 0.4, 0.5, 0.55};
  Diagram diagram = BuildDiagram(argument, inputs, {}, diagnostics);
  REQUIRE(diagnostics.empty());
  return diagram;
}

TEST_CASE("the cgraph graph holds the diagram's nodes, edges, clusters and attributes", "[present][render]") {
  const Diagram diagram = Build(Injection());
  present::GraphPtr graph = present::ToGraphviz(diagram);
  Agraph_t* g = graph.get();
  CHECK(agisdirected(g));
  CHECK(agnnodes(g) == static_cast<int>(diagram.nodes.size()));
  CHECK(agnedges(g) == static_cast<int>(diagram.edges.size()));
  Agnode_t* c = agnode(g, const_cast<char*>("c"), 0);
  Agnode_t* img = agnode(g, const_cast<char*>("img"), 0);
  REQUIRE(c);
  REQUIRE(img);
  CHECK(present::GetAttribute(c, "peripheries") == "2");
  CHECK(present::GetAttribute(c, "shape") == "box");  // from the node defaults
  CHECK(present::GetAttribute(img, "fillcolor") == CredenceColor(0.4));
  char* label = agget(img, const_cast<char*>("label"));
  REQUIRE(label);
  CHECK(aghtmlstr(label));
  Agedge_t* attack = agedge(g, img, c, nullptr, 0);
  REQUIRE(attack);
  CHECK(present::GetAttribute(attack, "arrowhead") == "tee");
  Agraph_t* cluster = agsubg(g, const_cast<char*>("cluster_ext"), 0);
  REQUIRE(cluster);
  CHECK(agsubnode(cluster, agnode(g, const_cast<char*>("ext.x"), 0), 0) != nullptr);
  CHECK(present::GetAttribute(cluster, "label") == "ext: ext.yaml");
  // The legend is the root graph's label, not the clusters'.
  CHECK(aghtmlstr(agget(g, const_cast<char*>("label"))));
  CHECK(present::GetAttribute(g, "rankdir") == "LR");
}

TEST_CASE("SVG output keeps markup-looking texts as text", "[present][render][escape]") {
  const std::string svg = RenderDiagram(Build(Injection()), DiagramFormat::kSvg);
  REQUIRE(svg.find("<svg") != std::string::npos);
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(svg.find("<img") == std::string::npos);
  CHECK(svg.find("<b>") == std::string::npos);
  CHECK(svg.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(svg.find("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  CHECK(svg.find("&lt;/text&gt;&lt;script&gt;alert(2)") != std::string::npos);
  // Every HTML-like label parsed (Graphviz falls back to the object's name when one does not).
  CHECK(svg.find("computed credence P(true)") != std::string::npos);
  CHECK(svg.find(">&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;<") != std::string::npos);
  CHECK(svg.find(">Conclusion<") != std::string::npos);
  // The quote's backslash stays a backslash (not Graphviz's node-name escape).
  CHECK(svg.find("\\N &amp; &quot;quoted&quot;") != std::string::npos);
  // One <title> per node and edge, named by claim id.
  std::set<std::string> titles;
  std::regex title("<title>([^<]*)</title>");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), title); it != std::sregex_iterator(); ++it) {
    titles.insert((*it)[1]);
  }
  CHECK(titles.count("evil"));
  CHECK(titles.count("img&#45;&gt;c"));
  CHECK(titles.count("cluster_ext"));
}

TEST_CASE("PNG and PDF come out with their signatures", "[present][render]") {
  const Diagram diagram = Build(Injection());
  const std::string png = RenderDiagram(diagram, DiagramFormat::kPng);
  CHECK(png.substr(0, 8) == "\x89PNG\r\n\x1a\n");
  const std::string pdf = RenderDiagram(diagram, DiagramFormat::kPdf);
  CHECK(pdf.substr(0, 5) == "%PDF-");
}

TEST_CASE("DOT output reads back into the same graph", "[present][render]") {
  const Diagram diagram = Build(Injection());
  const std::string dot = RenderDiagram(diagram, DiagramFormat::kDot);
  CHECK(dot.find("pos=") == std::string::npos);  // written without layout
  present::GraphPtr back(agmemread(dot.c_str()));
  REQUIRE(back);
  CHECK(agnnodes(back.get()) == static_cast<int>(diagram.nodes.size()));
  CHECK(agnedges(back.get()) == static_cast<int>(diagram.edges.size()));
  Agnode_t* evil = agnode(back.get(), const_cast<char*>("evil"), 0);
  REQUIRE(evil);
  CHECK(present::GetAttribute(evil, "tooltip") ==
        "<script>alert(1)</script>\n\xE2\x80\x9C\\\\\\\\N & \"quoted\"\xE2\x80\x9D\n[evil]");
}

TEST_CASE("sfdp lays out the diagram too", "[present][render]") {
  Diagram diagram = Build(Injection());
  diagram.layout = DiagramLayout::kSfdp;
  const std::string svg = RenderDiagram(diagram, DiagramFormat::kSvg);
  CHECK(svg.find("<svg") != std::string::npos);
}

TEST_CASE("inline SVG starts at the svg element", "[present][render]") {
  const std::string svg = RenderInlineSvg(Build(Injection()));
  CHECK(svg.rfind("<svg", 0) == 0);
  CHECK(svg.find("<?xml") == std::string::npos);
}

TEST_CASE("formats come from names and extensions", "[present][render]") {
  CHECK(DiagramFormatFromPath("map.svg") == DiagramFormat::kSvg);
  CHECK(DiagramFormatFromPath("out/Map.PNG") == DiagramFormat::kPng);
  CHECK(DiagramFormatFromPath("a.pdf") == DiagramFormat::kPdf);
  CHECK(DiagramFormatFromPath("a.gv") == DiagramFormat::kDot);
  CHECK(DiagramFormatFromPath("a.dot") == DiagramFormat::kDot);
  CHECK_FALSE(DiagramFormatFromPath("a.jpg").has_value());
  CHECK_FALSE(DiagramFormatFromPath("dir.svg/map").has_value());
  CHECK_FALSE(DiagramFormatFromPath("-").has_value());
  CHECK(ParseDiagramFormat("SVG") == DiagramFormat::kSvg);
  CHECK_FALSE(ParseDiagramFormat("html").has_value());
}

}  // namespace
}  // namespace argraph
