// Translating a Diagram into a cgraph graph, and the RAII owners of Graphviz objects (graphviz.h).
// An HTML-like label is stored without its outer <> (as the DOT parser stores it), and the reference
// taken by agstrdup_html is released once the attribute holds its own.
#include "present/graphviz.h"

#include <map>
#include <vector>

#include "argraph/error.h"

namespace argraph::present {
namespace {

/// Writes what agwrite produces into the std::string passed as its channel.
int PutString(void* channel, const char* text) {
  static_cast<std::string*>(channel)->append(text);
  return 0;
}
int Flush(void*) { return 0; }
int ReadNothing(void*, char*, int) { return 0; }

Agiodisc_t kStringIo = {ReadNothing, PutString, Flush};
Agdisc_t kDiscipline = {&AgMemDisc, &AgIdDisc, &kStringIo};

/// Graphviz wants mutable strings even where it only reads them.
char* Mutable(const std::string& text) { return const_cast<char*>(text.c_str()); }
char* Mutable(const char* text) { return const_cast<char*>(text); }

void SetAttributes(void* object, const DiagramAttributes& attributes) {
  for (const auto& [name, value] : attributes) {
    agsafeset(object, Mutable(name), Mutable(value), Mutable(""));
  }
}

void SetHtmlLabel(Agraph_t* graph, void* object, const std::string& html) {
  if (html.empty()) return;
  char* label = agstrdup_html(graph, Mutable(html));
  agsafeset(object, Mutable("label"), label, Mutable(""));
  agstrfree(graph, label);
}

}  // namespace

std::string GetAttribute(void* object, const char* name) {
  const char* value = agget(object, Mutable(name));
  return value ? value : "";
}

GVC_t* SharedContext() {
  static GVC_t* const context = gvContext();
  if (!context) throw Error("cannot start Graphviz (gvContext failed); is libgvc installed?");
  return context;
}

LayoutScope::LayoutScope(GVC_t* context, Agraph_t* graph, const char* engine)
    : context_(context), graph_(graph) {
  if (gvLayout(context_, graph_, engine) != 0) {
    throw Error(std::string("Graphviz could not lay out the diagram with '") + engine +
                "'; is its layout plugin installed (Debian package libgvc6)?");
  }
}

LayoutScope::~LayoutScope() { gvFreeLayout(context_, graph_); }

GraphPtr ToGraphviz(const Diagram& diagram) {
  GraphPtr graph(agopen(Mutable(diagram.name), Agdirected, &kDiscipline));
  if (!graph) throw Error("Graphviz could not create a graph");
  Agraph_t* g = graph.get();
  // Root attributes get "" as the default of subgraphs, so clusters do not inherit the legend.
  SetAttributes(g, diagram.graph_attributes);
  SetHtmlLabel(g, g, diagram.html_label);
  for (const auto& [name, value] : diagram.node_defaults) agattr(g, AGNODE, Mutable(name), Mutable(value));
  for (const auto& [name, value] : diagram.edge_defaults) agattr(g, AGEDGE, Mutable(name), Mutable(value));

  std::map<std::string, Agraph_t*, std::less<>> clusters;
  for (const DiagramCluster& cluster : diagram.clusters) {
    Agraph_t* sub = agsubg(g, Mutable(cluster.name), 1);
    if (!sub) throw Error("Graphviz could not create the cluster " + cluster.name);
    SetAttributes(sub, cluster.attributes);
    clusters.emplace(cluster.name, sub);
  }
  std::map<std::string, Agnode_t*, std::less<>> nodes;
  for (const DiagramNode& node : diagram.nodes) {
    Agnode_t* n = agnode(g, Mutable(node.name), 1);
    if (!n) throw Error("Graphviz could not create the node " + node.name);
    if (!node.cluster.empty()) {
      auto it = clusters.find(node.cluster);
      if (it != clusters.end()) agsubnode(it->second, n, 1);
    }
    SetAttributes(n, node.attributes);
    SetHtmlLabel(g, n, node.html_label);
    nodes.emplace(node.name, n);
  }
  for (const DiagramEdge& edge : diagram.edges) {
    auto tail = nodes.find(edge.tail);
    auto head = nodes.find(edge.head);
    if (tail == nodes.end() || head == nodes.end()) continue;  // invariant (1) of Diagram
    Agedge_t* e = agedge(g, tail->second, head->second, nullptr, 1);
    if (!e) throw Error("Graphviz could not create the edge " + edge.tail + " -> " + edge.head);
    SetAttributes(e, edge.attributes);
  }
  return graph;
}

}  // namespace argraph::present
