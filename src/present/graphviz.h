// RAII owners of Graphviz's C objects and the translation of a Diagram into a cgraph graph. Internal
// to src/present (and its tests): the only place outside the .cpp files that sees Graphviz headers.
// Invariants: a GraphPtr owns its graph (agclose on destruction); a LayoutScope frees the layout it
// made before the graph is closed (declare it after the GraphPtr); the GVC context (one per process) outlives both.
#pragma once

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <string>

#include "argraph/render.h"

namespace argraph::present {

struct GraphCloser {
  void operator()(Agraph_t* graph) const { agclose(graph); }
};
struct RenderDataFreer {
  void operator()(char* data) const { gvFreeRenderData(data); }
};

using GraphPtr = std::unique_ptr<Agraph_t, GraphCloser>;
using RenderDataPtr = std::unique_ptr<char, RenderDataFreer>;

/// The process's one Graphviz context, with the plugins installed on the system; made on first use and
/// never freed. One context per process, not one per render: Graphviz's pango text-layout plugin keeps a
/// pointer into the font dictionary of the context that last measured text, so freeing a context and
/// making another reads freed memory on the next measurement. Throws Error when none can be made.
/// Graphviz is not thread-safe: callers render from one thread at a time.
GVC_t* SharedContext();

/// A layout of `graph` made by `engine` ("dot", "sfdp"), freed when the scope ends. Throws Error when
/// the layout fails.
class LayoutScope {
 public:
  LayoutScope(GVC_t* context, Agraph_t* graph, const char* engine);
  ~LayoutScope();
  LayoutScope(const LayoutScope&) = delete;
  LayoutScope& operator=(const LayoutScope&) = delete;

 private:
  GVC_t* context_;
  Agraph_t* graph_;
};

/// The diagram as a directed cgraph graph: clusters as subgraphs, every attribute set. Throws Error
/// when Graphviz refuses an object.
GraphPtr ToGraphviz(const Diagram& diagram);

/// A cgraph attribute of `object` ("" when unset).
std::string GetAttribute(void* object, const char* name);

}  // namespace argraph::present
