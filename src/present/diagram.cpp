// Building the drawable map of an argument (render.h): which claims are drawn (focus, top), how each
// looks (label, fill by credence, conclusion and crux marks, tooltip), how links look by relation,
// imports as clusters, objections as notes, and the legend. Pure: no Graphviz calls here.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <functional>
#include <map>
#include <queue>
#include <set>
#include <unordered_map>

#include "argraph/parameters.h"
#include "argraph/render.h"
#include "present/text.h"

namespace argraph {

using present::EscapeGraphviz;
using present::EscapeGraphvizTooltip;
using present::EscapeHtml;
using present::WrapText;

namespace {

// ColorBrewer RdBu (11 classes), from P = 0 (dark red) to P = 1 (dark blue).
constexpr const char* kRdBu[] = {"#67001f", "#b2182b", "#d6604d", "#f4a582", "#fddbc7", "#f7f7f7",
                                 "#d1e5f0", "#92c5de", "#4393c3", "#2166ac", "#053061"};
constexpr int kRdBuStops = 11;

constexpr const char* kSupportsColor = "#3a3a3a";
constexpr const char* kAttacksColor = "#d55e00";    // Okabe-Ito vermillion
constexpr const char* kUndercutsColor = "#7b3294";  // purple
constexpr const char* kObjectionColor = "#8c8c8c";
constexpr const char* kCruxColor = "#e69f00";       // Okabe-Ito orange
constexpr const char* kUnknownFill = "#e0e0e0";
constexpr const char* kObjectionFill = "#fff6d5";

constexpr size_t kLabelWidth = 26;     // characters per line of a claim's label
constexpr size_t kLabelLines = 3;
constexpr size_t kObjectionLines = 4;

struct Rgb {
  double r, g, b;
};

Rgb ParseHex(const char* hex) {
  unsigned r = 0, g = 0, b = 0;
  std::sscanf(hex, "#%02x%02x%02x", &r, &g, &b);
  return {r / 255.0, g / 255.0, b / 255.0};
}

Rgb ScaleRgb(double credence) {
  const double x = std::clamp(std::isfinite(credence) ? credence : 0.5, 0.0, 1.0) * (kRdBuStops - 1);
  const int i = std::min(static_cast<int>(x), kRdBuStops - 2);
  const double t = x - i;
  const Rgb a = ParseHex(kRdBu[i]);
  const Rgb b = ParseHex(kRdBu[i + 1]);
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

/// Relative luminance (WCAG) of an sRGB colour.
double Luminance(Rgb c) {
  auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
  return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

std::string FormatFixed(double value, int decimals) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

/// How strongly a link acts, in [0,1]: its strength, or |tanh(weight/2)| for a logistic weight.
double LinkEffect(const Link& link) {
  if (link.weight) return std::fabs(std::tanh(*link.weight / 2));
  return std::clamp(link.strength.value_or(1.0), 0.0, 1.0);
}

const Source* FindSource(const Argument& argument, const Claim& claim) {
  if (claim.source.empty()) return nullptr;
  for (const Source& source : argument.sources) {
    if (source.key == claim.source) return &source;
  }
  if (!claim.import_alias.empty()) {
    const std::string qualified = claim.import_alias + "." + claim.source;
    for (const Source& source : argument.sources) {
      if (source.key == qualified) return &source;
    }
  }
  return nullptr;
}

std::string SourceCitation(const Source& source) {
  std::string out = source.title.empty() ? source.key : source.title;
  if (!source.author.empty() || source.year) {
    out += " (";
    out += source.author;
    if (source.year) out += (source.author.empty() ? "" : ", ") + std::to_string(*source.year);
    out += ")";
  }
  return out;
}

std::string ClaimTooltip(const Argument& argument, const Claim& claim) {
  std::string out = claim.text.empty() ? claim.id : claim.text;
  if (const Source* source = FindSource(argument, claim)) {
    out += "\nSource: " + SourceCitation(*source);
  } else if (!claim.source.empty()) {
    out += "\nSource: " + claim.source;
  }
  if (!claim.quote.empty()) out += "\n\xE2\x80\x9C" + claim.quote + "\xE2\x80\x9D";
  out += "\n[" + claim.id + "]";
  return EscapeGraphvizTooltip(out);
}

std::string JoinHtmlLines(const std::vector<std::string>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) out += "<BR/>";
    out += EscapeHtml(lines[i]);
  }
  return out;
}

/// Claim id -> index in Argument::claims.
std::unordered_map<std::string_view, int> ClaimIndices(const Argument& argument) {
  std::unordered_map<std::string_view, int> index;
  index.reserve(argument.claims.size());
  for (size_t c = 0; c < argument.claims.size(); ++c) index.emplace(argument.claims[c].id, static_cast<int>(c));
  return index;
}

/// For each claim, (parent index, link) for every link whose parent is a claim of the argument.
std::vector<std::vector<std::pair<int, const Link*>>> ClaimParents(const Argument& argument) {
  const auto index = ClaimIndices(argument);
  std::vector<std::vector<std::pair<int, const Link*>>> parents(argument.claims.size());
  for (size_t c = 0; c < argument.claims.size(); ++c) {
    for (const Link& link : argument.claims[c].from) {
      auto it = index.find(link.from);
      if (it != index.end()) parents[c].emplace_back(it->second, &link);
    }
  }
  return parents;
}

/// Claims within `depth` links of `focus`, following links in either direction.
std::vector<bool> Neighbourhood(const Argument& argument, int focus, int depth) {
  const size_t n = argument.claims.size();
  std::vector<std::vector<int>> adjacent(n);
  const auto parents = ClaimParents(argument);
  for (size_t c = 0; c < n; ++c) {
    for (const auto& [p, link] : parents[c]) {
      adjacent[c].push_back(p);
      adjacent[p].push_back(static_cast<int>(c));
    }
  }
  std::vector<int> distance(n, -1);
  std::deque<int> queue{focus};
  distance[focus] = 0;
  while (!queue.empty()) {
    const int c = queue.front();
    queue.pop_front();
    if (distance[c] >= depth) continue;
    for (int next : adjacent[c]) {
      if (distance[next] < 0) {
        distance[next] = distance[c] + 1;
        queue.push_back(next);
      }
    }
  }
  std::vector<bool> keep(n);
  for (size_t c = 0; c < n; ++c) keep[c] = distance[c] >= 0;
  return keep;
}

/// The claim a crux name (a claim id or a parameter name) marks, and the link for link parameters.
struct CruxMark {
  std::string claim;
  std::string from;  ///< non-empty: the link from -> claim
};

std::optional<CruxMark> ResolveCrux(const Argument& argument, const std::string& name) {
  if (argument.FindClaim(name)) return CruxMark{name, ""};
  if (auto parameter = FindParameter(argument, name)) return CruxMark{parameter->claim, parameter->from};
  return std::nullopt;
}

void ReportUnknownClaim(const Argument& argument, const std::string& id, const char* what,
                        Diagnostics& diagnostics) {
  std::vector<std::string> ids;
  ids.reserve(argument.claims.size());
  for (const Claim& claim : argument.claims) ids.push_back(claim.id);
  const std::string message = std::string("no claim '") + id + "' to use as the diagram's " + what + DidYouMean(id, ids);
  diagnostics.Error(SourceLocation{argument.path, 0, 0}, message, "unknown-claim");
}

std::string LegendLabel(const Argument& argument, bool computed) {
  std::string cells;
  std::string ticks;
  for (int i = 0; i < kRdBuStops; ++i) {
    cells += std::string("<TD BGCOLOR=\"") + kRdBu[i] + "\" WIDTH=\"16\" HEIGHT=\"10\"></TD>";
    const char* tick = i == 0 ? "0" : i == 5 ? "0.5" : i == 10 ? "1" : "";
    ticks += *tick ? std::string("<TD><FONT POINT-SIZE=\"8\">") + tick + "</FONT></TD>" : "<TD></TD>";
  }
  std::string title = EscapeHtml(argument.title.empty() ? argument.id : argument.title);
  std::string out = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">";
  out += "<TR><TD ALIGN=\"LEFT\" COLSPAN=\"3\"><FONT POINT-SIZE=\"14\"><B>" + title + "</B></FONT></TD></TR>";
  out += "<TR><TD ALIGN=\"LEFT\" VALIGN=\"BOTTOM\"><TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" "
         "CELLPADDING=\"0\"><TR><TD COLSPAN=\"11\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\">";
  out += computed ? "computed credence P(true)" : "stated credence P(true)";
  out += "</FONT></TD></TR><TR>" + cells + "</TR><TR>" + ticks + "</TR></TABLE></TD><TD WIDTH=\"18\"></TD>";
  out += std::string("<TD ALIGN=\"LEFT\" VALIGN=\"BOTTOM\"><FONT POINT-SIZE=\"9\">") +
         "<FONT COLOR=\"" + kSupportsColor + "\">&#8212;&#9654; supports</FONT>   " +
         "<FONT COLOR=\"" + kAttacksColor + "\">- - &#8867; attacks</FONT>   " +
         "<FONT COLOR=\"" + kUndercutsColor + "\">&#183;&#183;&#183;&#9675; undercuts</FONT>" +
         "<BR ALIGN=\"LEFT\"/>double border: conclusion   <FONT COLOR=\"" + kCruxColor +
         "\"><B>orange border</B></FONT>: top cruxes, by swing   \"0.62 &#8592; 0.80\": computed "
         "&#8592; stated<BR ALIGN=\"LEFT\"/></FONT></TD></TR>";
  out += "</TABLE>";
  return out;
}

}  // namespace

const DiagramNode* Diagram::FindNode(std::string_view node) const {
  for (const DiagramNode& n : nodes) {
    if (n.name == node) return &n;
  }
  return nullptr;
}

const DiagramEdge* Diagram::FindEdge(std::string_view tail, std::string_view head) const {
  for (const DiagramEdge& e : edges) {
    if (e.tail == tail && e.head == head) return &e;
  }
  return nullptr;
}

std::string CredenceColor(double credence) {
  const Rgb c = ScaleRgb(credence);
  char buffer[8];
  auto byte = [](double v) { return static_cast<unsigned>(std::lround(std::clamp(v, 0.0, 1.0) * 255)); };
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x", byte(c.r), byte(c.g), byte(c.b));
  return buffer;
}

std::string FormatCredence(double credence) {
  if (!std::isfinite(credence)) return "?";
  credence = std::clamp(credence, 0.0, 1.0);
  const bool extreme = (credence > 0.99 && credence < 1) || (credence < 0.01 && credence > 0);
  return FormatFixed(credence, extreme ? 3 : 2);
}

std::vector<double> StructuralInfluence(const Argument& argument, std::string_view target) {
  // Max-product paths = shortest paths under -log(effect) >= 0: Dijkstra from the target, walking
  // links backwards. Safe on cyclic input too.
  const size_t n = argument.claims.size();
  std::vector<double> influence(n, 0.0);
  const int start = argument.ClaimIndex(target);
  if (start < 0) return influence;
  const auto parents = ClaimParents(argument);
  using Entry = std::pair<double, int>;  // (influence, claim), largest first
  std::priority_queue<Entry> queue;
  influence[start] = 1.0;
  queue.emplace(1.0, start);
  std::vector<bool> done(n, false);
  while (!queue.empty()) {
    const auto [value, c] = queue.top();
    queue.pop();
    if (done[c]) continue;
    done[c] = true;
    for (const auto& [p, link] : parents[c]) {
      const double candidate = value * LinkEffect(*link);
      if (candidate > influence[p]) {
        influence[p] = candidate;
        queue.emplace(candidate, p);
      }
    }
  }
  return influence;
}

Diagram BuildDiagram(const Argument& argument, const DiagramInputs& inputs, const DiagramOptions& options,
                     Diagnostics& diagnostics) {
  Diagram diagram;
  diagram.name = argument.id.empty() ? "argument" : argument.id;
  diagram.layout = options.layout;

  const size_t n = argument.claims.size();
  const std::string target = inputs.target.empty() ? argument.conclusion : inputs.target;
  const int target_index = argument.ClaimIndex(target);
  if (!target.empty() && target_index < 0) {
    ReportUnknownClaim(argument, target, "target", diagnostics);
    return diagram;
  }
  const bool computed = inputs.credences.size() == n;

  // Which claims are drawn.
  std::vector<bool> keep(n, true);
  if (!options.focus.empty()) {
    const int focus = argument.ClaimIndex(options.focus);
    if (focus < 0) {
      ReportUnknownClaim(argument, options.focus, "focus", diagnostics);
      return diagram;
    }
    keep = Neighbourhood(argument, focus, std::max(0, options.depth));
  }
  if (options.top > 0 && target_index >= 0) {
    const std::vector<double> importance = inputs.importance.size() == n
                                               ? inputs.importance
                                               : StructuralInfluence(argument, target);
    std::vector<int> order;
    for (size_t c = 0; c < n; ++c) {
      if (keep[c] && (importance[c] > 0 || static_cast<int>(c) == target_index)) order.push_back(c);
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      if ((a == target_index) != (b == target_index)) return a == target_index;
      return importance[a] > importance[b];
    });
    if (order.size() > static_cast<size_t>(options.top)) order.resize(options.top);
    std::fill(keep.begin(), keep.end(), false);
    for (int c : order) keep[c] = true;
  }
  const auto index = ClaimIndices(argument);
  auto kept = [&](std::string_view id) {
    auto it = index.find(id);
    return it != index.end() && keep[it->second];
  };

  // Cruxes: the first `options.cruxes` names that resolve to something drawn.
  std::map<std::string, int> crux_claims;                            // claim -> rank (1-based)
  std::map<std::pair<std::string, std::string>, int> crux_links;     // (from, to) -> rank
  int rank = 0;
  for (const std::string& name : inputs.cruxes) {
    if (rank >= options.cruxes) break;
    auto mark = ResolveCrux(argument, name);
    if (!mark) continue;
    ++rank;
    if (mark->from.empty()) {
      crux_claims.emplace(mark->claim, rank);
    } else {
      crux_links.emplace(std::make_pair(mark->from, mark->claim), rank);
    }
  }

  // Graph-wide look.
  diagram.graph_attributes = {
      {"rankdir", "LR"},      {"fontname", "Helvetica"}, {"fontsize", "11"},
      {"labelloc", "t"},      {"labeljust", "l"},        {"nodesep", "0.25"},
      {"ranksep", "0.45"},    {"bgcolor", "white"},      {"pad", "0.2"},
      {"outputorder", "edgesfirst"},
      {"tooltip", EscapeGraphvizTooltip(argument.title.empty() ? argument.id : argument.title)},
  };
  if (options.layout == DiagramLayout::kSfdp) {
    diagram.graph_attributes["overlap"] = "prism";
    diagram.graph_attributes["sep"] = "+6";
  }
  diagram.node_defaults = {{"shape", "box"},          {"style", "rounded,filled"},
                           {"fontname", "Helvetica"}, {"fontsize", "10"},
                           {"color", "#4d4d4d"},      {"penwidth", "1"},
                           {"margin", "0.10,0.05"}};
  diagram.edge_defaults = {{"fontname", "Helvetica"}, {"fontsize", "9"}, {"arrowsize", "0.8"}};
  diagram.html_label = LegendLabel(argument, computed);

  // Clusters: one per import alias that has a drawn claim.
  std::map<std::string, std::map<std::string, int>> alias_sources;  // alias -> citation -> count
  for (size_t c = 0; c < n; ++c) {
    const Claim& claim = argument.claims[c];
    if (!keep[c] || claim.import_alias.empty()) continue;
    const Source* source = FindSource(argument, claim);
    ++alias_sources[claim.import_alias][source ? SourceCitation(*source) : std::string()];
  }
  for (const auto& [alias, citations] : alias_sources) {
    std::string citation;
    int best = 0;
    for (const auto& [text, count] : citations) {
      if (!text.empty() && count > best) best = count, citation = text;
    }
    std::string path;
    for (const Import& import : argument.imports) {
      if (import.alias == alias) path = import.path;
    }
    std::string label = alias + (citation.empty() ? (path.empty() ? "" : ": " + path) : ": " + citation);
    diagram.clusters.push_back(
        {"cluster_" + alias,
         {{"label", EscapeGraphviz(label)}, {"style", "rounded,dashed"}, {"color", "#9e9e9e"},
          {"fontcolor", "#555555"}, {"fontsize", "10"}, {"tooltip", EscapeGraphvizTooltip(label)}}});
  }

  // Claim nodes.
  for (size_t c = 0; c < n; ++c) {
    if (!keep[c]) continue;
    const Claim& claim = argument.claims[c];
    DiagramNode node;
    node.name = claim.id;
    node.cluster = claim.import_alias.empty() ? "" : "cluster_" + claim.import_alias;

    const std::optional<double> value =
        computed ? std::optional<double>(inputs.credences[c]) : claim.credence;
    std::string credence_line;
    if (value) credence_line = "<B>" + FormatCredence(*value) + "</B>";
    if (computed && claim.credence && FormatCredence(*claim.credence) != FormatCredence(*value)) {
      credence_line += " &#8592; " + FormatCredence(*claim.credence);
    }
    std::string label;
    auto crux = crux_claims.find(claim.id);
    if (crux != crux_claims.end()) {
      label += "<FONT POINT-SIZE=\"9\"><B>crux " + std::to_string(crux->second) + "</B></FONT><BR/>";
    }
    label += JoinHtmlLines(WrapText(claim.text.empty() ? claim.id : claim.text, kLabelWidth, kLabelLines));
    if (!credence_line.empty()) label += "<BR/><FONT POINT-SIZE=\"12\">" + credence_line + "</FONT>";
    node.html_label = label;

    const Rgb fill = value ? ScaleRgb(*value) : ParseHex(kUnknownFill);
    node.attributes["fillcolor"] = value ? CredenceColor(*value) : kUnknownFill;
    node.attributes["fontcolor"] = Luminance(fill) < 0.25 ? "white" : "black";
    node.attributes["tooltip"] = ClaimTooltip(argument, claim);
    if (static_cast<int>(c) == target_index) {
      node.attributes["peripheries"] = "2";
      node.attributes["penwidth"] = "1.6";
      node.attributes["color"] = "#1a1a1a";
    }
    if (crux != crux_claims.end()) {
      node.attributes["color"] = kCruxColor;
      node.attributes["penwidth"] = "4";
    }
    diagram.nodes.push_back(std::move(node));
  }

  // Links. An undercut of a named link goes to a point node placed on that link.
  auto link_style = [](Relation relation, const Link& link, DiagramAttributes& attributes) {
    const double effect = LinkEffect(link);
    char width[16];
    std::snprintf(width, sizeof width, "%.2f", 0.8 + 2.7 * effect);
    attributes["penwidth"] = width;
    switch (relation) {
      case Relation::kSupports:
        attributes["color"] = kSupportsColor, attributes["arrowhead"] = "normal";
        attributes["style"] = "solid";
        break;
      case Relation::kAttacks:
        attributes["color"] = kAttacksColor, attributes["arrowhead"] = "tee";
        attributes["style"] = "dashed";
        break;
      case Relation::kUndercuts:
        attributes["color"] = kUndercutsColor, attributes["arrowhead"] = "odot";
        attributes["style"] = "dotted";
        break;
    }
  };
  auto edge_kind = [](Relation relation) {
    switch (relation) {
      case Relation::kAttacks: return DiagramEdgeKind::kAttacks;
      case Relation::kUndercuts: return DiagramEdgeKind::kUndercuts;
      case Relation::kSupports: break;
    }
    return DiagramEdgeKind::kSupports;
  };
  auto link_tooltip = [](const Claim& claim, const Link& link) {
    std::string out = link.from + " \xE2\x86\x92 " + claim.id + ": " + RelationName(link.relation);
    if (link.weight) {
      out += ", weight " + FormatFixed(*link.weight, 2);
    } else {
      out += ", strength " + FormatFixed(link.strength.value_or(1.0), 2);
    }
    return EscapeGraphvizTooltip(out);
  };

  for (size_t c = 0; c < n; ++c) {
    if (!keep[c]) continue;
    const Claim& claim = argument.claims[c];
    std::set<std::string> points;  // the links of this claim that carry an undercut point
    for (const Link& link : claim.from) {
      if (link.relation == Relation::kUndercuts && !link.link.empty() && kept(link.link)) {
        points.insert(link.link);
      }
    }
    for (const Link& link : claim.from) {
      if (!kept(link.from)) continue;
      DiagramEdge edge;
      edge.kind = edge_kind(link.relation);
      link_style(link.relation, link, edge.attributes);
      edge.attributes["tooltip"] = link_tooltip(claim, link);
      auto crux = crux_links.find({link.from, claim.id});
      if (crux != crux_links.end()) {
        edge.attributes["label"] = "crux " + std::to_string(crux->second);
        edge.attributes["fontcolor"] = "#8a5a00";
        edge.attributes["color"] += ":" + std::string(kCruxColor) + ":" + edge.attributes["color"];
      }
      if (link.relation == Relation::kUndercuts && !link.link.empty() && kept(link.link)) {
        edge.tail = link.from;
        edge.head = "undercut:" + link.link + "->" + claim.id;
        diagram.edges.push_back(std::move(edge));
        continue;
      }
      if (link.relation != Relation::kUndercuts && points.count(link.from)) {
        // Split the undercut link in two at its point node.
        const std::string point = "undercut:" + link.from + "->" + claim.id;
        DiagramNode node;
        node.name = point;
        node.kind = DiagramNodeKind::kUndercutPoint;
        node.cluster = claim.import_alias.empty() ? "" : "cluster_" + claim.import_alias;
        node.attributes = {{"shape", "point"}, {"width", "0.09"}, {"style", "filled"},
                           {"fillcolor", kUndercutsColor}, {"color", kUndercutsColor},
                           {"tooltip", EscapeGraphvizTooltip("the link " + link.from + " \xE2\x86\x92 " +
                                                      claim.id + ", undercut")}};
        diagram.nodes.push_back(std::move(node));
        DiagramEdge first = edge;
        first.tail = link.from;
        first.head = point;
        first.attributes["arrowhead"] = "none";
        first.attributes.erase("label");
        diagram.edges.push_back(std::move(first));
        edge.tail = point;
        edge.head = claim.id;
        diagram.edges.push_back(std::move(edge));
        continue;
      }
      edge.tail = link.from;
      edge.head = claim.id;
      diagram.edges.push_back(std::move(edge));
    }
  }

  // Objections, as notes pointing at the claim they question.
  if (options.objections) {
    for (size_t i = 0; i < argument.objections.size(); ++i) {
      const Objection& objection = argument.objections[i];
      std::string claim_id = objection.target;
      if (!argument.FindClaim(claim_id)) {
        auto parameter = FindParameter(argument, objection.target);
        if (!parameter) continue;
        claim_id = parameter->claim;
      }
      if (!kept(claim_id)) continue;
      DiagramNode node;
      node.name = "objection:" + std::to_string(i + 1);
      node.kind = DiagramNodeKind::kObjection;
      std::string heading = "Objection" + (objection.by.empty() ? "" : " (" + objection.by + ")");
      node.html_label = "<I>" + JoinHtmlLines(WrapText(heading, kLabelWidth + 6, 1)) + "</I><BR/>" +
                        JoinHtmlLines(WrapText(objection.text, kLabelWidth + 6, kObjectionLines));
      std::string tooltip = heading + " on " + objection.target + ":\n" + objection.text;
      node.attributes = {{"shape", "note"},
                         {"style", "filled"},
                         {"fillcolor", kObjectionFill},
                         {"color", kObjectionColor},
                         {"fontsize", "9"},
                         {"tooltip", EscapeGraphvizTooltip(tooltip)}};
      diagram.nodes.push_back(std::move(node));
      DiagramEdge edge;
      edge.tail = "objection:" + std::to_string(i + 1);
      edge.head = claim_id;
      edge.kind = DiagramEdgeKind::kObjection;
      edge.attributes = {{"color", kObjectionColor}, {"style", "dashed"}, {"arrowhead", "dot"},
                         {"penwidth", "1"}, {"tooltip", EscapeGraphvizTooltip(tooltip)}};
      diagram.edges.push_back(std::move(edge));
    }
  }
  return diagram;
}

}  // namespace argraph
