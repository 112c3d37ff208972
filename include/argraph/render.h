// Diagrams of an argument (DESIGN.md section 7). An argument, its computed credences and its crux
// ranking become a Diagram: a drawable map that holds Graphviz attributes but no Graphviz object, so
// that it can be built and inspected without Graphviz. RenderDiagram turns it into SVG, PNG, PDF or
// DOT through the cgraph/gvc C libraries (only src/present sees them).
//
// Invariants of a Diagram returned by BuildDiagram:
//  (1) node names are unique; every edge's tail and head, and every node's cluster, name a node or a
//      cluster of the diagram;
//  (2) a claim node is named by the claim's id; helper nodes (undercut points, objections) have names
//      that cannot be claim ids (they contain a ':');
//  (3) every text that came from the argument file is escaped for where it goes: a plain attribute is
//      escaped for Graphviz's escString (backslashes doubled), an HTML-like label for XML.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "argraph/diagnostic.h"
#include "argraph/model.h"

namespace argraph {

/// Graphviz attribute name -> value (plain strings, never HTML-like).
using DiagramAttributes = std::map<std::string, std::string>;

/// What a diagram node stands for.
enum class DiagramNodeKind { kClaim, kUndercutPoint, kObjection };

struct DiagramNode {
  std::string name;         ///< the claim id, or "undercut:FROM->TO", "objection:N"
  DiagramNodeKind kind = DiagramNodeKind::kClaim;
  std::string cluster;      ///< name of the cluster holding the node, "" for the top level
  std::string html_label;   ///< an HTML-like label (without the outer <>), "" when none
  DiagramAttributes attributes;
};

/// What a diagram edge stands for.
enum class DiagramEdgeKind { kSupports, kAttacks, kUndercuts, kObjection };

struct DiagramEdge {
  std::string tail;
  std::string head;
  DiagramEdgeKind kind = DiagramEdgeKind::kSupports;
  DiagramAttributes attributes;
};

/// A labelled group of nodes; its name starts with "cluster_" so Graphviz draws a box around it.
struct DiagramCluster {
  std::string name;
  DiagramAttributes attributes;
};

enum class DiagramLayout { kDot, kSfdp };

struct Diagram {
  std::string name;
  DiagramLayout layout = DiagramLayout::kDot;
  std::string html_label;  ///< the graph's HTML-like label: title and legend
  DiagramAttributes graph_attributes;
  DiagramAttributes node_defaults;
  DiagramAttributes edge_defaults;
  std::vector<DiagramCluster> clusters;
  std::vector<DiagramNode> nodes;
  std::vector<DiagramEdge> edges;

  /// The node called `name`, or nullptr.
  const DiagramNode* FindNode(std::string_view name) const;
  /// The first edge from `tail` to `head`, or nullptr.
  const DiagramEdge* FindEdge(std::string_view tail, std::string_view head) const;
};

/// What the analyses computed, as plain inputs.
struct DiagramInputs {
  /// P(claim = true) for each claim, indexed like Argument::claims (probabilities). Empty: not
  /// computed, and nodes show the stated credences only.
  std::vector<double> credences;
  /// Parameter names or claim ids ranked by swing (largest first), e.g. from `cruxes`.
  std::vector<std::string> cruxes;
  /// How much each claim matters to the target, indexed like Argument::claims (any non-negative
  /// scale, larger = more). Empty: BuildDiagram uses the strongest-path influence (StructuralInfluence).
  std::vector<double> importance;
  /// The claim the diagram is about; "" = the argument's conclusion.
  std::string target;
};

struct DiagramOptions {
  int cruxes = 3;          ///< how many of DiagramInputs::cruxes are outlined and numbered
  bool objections = true;  ///< draw objections as notes
  std::string focus;       ///< a claim id: draw only its neighbourhood
  int depth = 2;           ///< the neighbourhood's radius, in links (either direction)
  int top = 0;             ///< keep only the `top` claims that matter most to the target (0 = all)
  DiagramLayout layout = DiagramLayout::kDot;
};

/// The diagram of `argument`. An unknown focus or target claim is an error diagnostic (with the
/// nearest ids); the diagram is then empty. Never throws for bad input.
Diagram BuildDiagram(const Argument& argument, const DiagramInputs& inputs, const DiagramOptions& options,
                     Diagnostics& diagnostics);

/// For each claim (indexed like Argument::claims), the largest product of link effects over the
/// paths from it to `target` (1 for the target itself, 0 when no path leads there). A link's effect
/// is its strength, or |tanh(weight/2)| for logistic weights; undercuts count their own strength.
std::vector<double> StructuralInfluence(const Argument& argument, std::string_view target);

/// The fill colour of a credence on the diagram's scale (ColorBrewer RdBu, red = false, blue =
/// true), as "#rrggbb". `credence` is clamped to [0,1].
std::string CredenceColor(double credence);

/// A credence as the diagram prints it: two decimals, three near 0 or 1 ("0.62", "0.998").
std::string FormatCredence(double credence);

enum class DiagramFormat { kSvg, kPng, kPdf, kDot };

/// "svg", "png", "pdf" or "dot".
const char* DiagramFormatName(DiagramFormat format);
/// The format called `name` ("svg", "png", "pdf", "dot", "gv"), or nullopt.
std::optional<DiagramFormat> ParseDiagramFormat(std::string_view name);
/// The format named by `path`'s extension (case-insensitive), or nullopt.
std::optional<DiagramFormat> DiagramFormatFromPath(std::string_view path);

/// The diagram laid out and rendered in `format` (DOT is written without layout). Throws Error when
/// Graphviz fails.
std::string RenderDiagram(const Diagram& diagram, DiagramFormat format);

/// The diagram as an SVG element fit to be inlined in HTML (no XML prolog or doctype). Throws Error
/// when Graphviz fails.
std::string RenderInlineSvg(const Diagram& diagram);

}  // namespace argraph
