// The attack graph of an argument, its grounded labelling (a work-list over counts of attackers not
// yet OUT, linear in the graph) and its ICCMA serialisations.
#include "argraph/attack_graph.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

#include <fmt/format.h>

namespace argraph {

AttackGraph AttackGraphFromArgument(const Argument& argument) {
  AttackGraph g;
  std::unordered_map<std::string, int> index;
  for (size_t i = 0; i < argument.claims.size(); ++i) {
    g.names.push_back(argument.claims[i].id);
    index.emplace(argument.claims[i].id, static_cast<int>(i));
  }
  for (size_t i = 0; i < argument.claims.size(); ++i) {
    for (const Link& link : argument.claims[i].from) {
      if (link.relation == Relation::kSupports) continue;
      auto it = index.find(link.from);
      if (it != index.end()) g.attacks.emplace_back(it->second, static_cast<int>(i));
    }
  }
  std::sort(g.attacks.begin(), g.attacks.end());
  g.attacks.erase(std::unique(g.attacks.begin(), g.attacks.end()), g.attacks.end());
  return g;
}

const char* LabelName(Label label) {
  switch (label) {
    case Label::kIn: return "IN";
    case Label::kOut: return "OUT";
    case Label::kUndec: return "UNDEC";
  }
  return "UNDEC";
}

std::vector<Label> GroundedLabelling(const AttackGraph& graph) {
  const size_t n = graph.names.size();
  std::vector<Label> label(n, Label::kUndec);
  std::vector<std::vector<int>> attacked_by_me(n);
  std::vector<int> live_attackers(n, 0);  // attackers not (yet) OUT
  for (auto [from, to] : graph.attacks) {
    attacked_by_me[static_cast<size_t>(from)].push_back(to);
    ++live_attackers[static_cast<size_t>(to)];
  }
  std::deque<int> in;
  for (size_t i = 0; i < n; ++i) {
    if (live_attackers[i] == 0) {
      label[i] = Label::kIn;
      in.push_back(static_cast<int>(i));
    }
  }
  while (!in.empty()) {
    int a = in.front();
    in.pop_front();
    for (int b : attacked_by_me[static_cast<size_t>(a)]) {
      if (label[static_cast<size_t>(b)] != Label::kUndec) continue;
      label[static_cast<size_t>(b)] = Label::kOut;
      for (int c : attacked_by_me[static_cast<size_t>(b)]) {
        if (--live_attackers[static_cast<size_t>(c)] == 0 && label[static_cast<size_t>(c)] == Label::kUndec) {
          label[static_cast<size_t>(c)] = Label::kIn;
          in.push_back(c);
        }
      }
    }
  }
  return label;
}

bool IccmaFormatFromPath(const std::string& path, IccmaFormat& format) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return path.size() > e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".apx")) format = IccmaFormat::kApx;
  else if (ends(".tgf")) format = IccmaFormat::kTgf;
  else if (ends(".i23")) format = IccmaFormat::kI23;
  else return false;
  return true;
}

std::string WriteIccma(const AttackGraph& graph, IccmaFormat format) {
  std::string out;
  const size_t n = graph.names.size();
  switch (format) {
    case IccmaFormat::kApx:
      for (size_t i = 0; i < n; ++i) out += fmt::format("% a{} {}\n", i + 1, graph.names[i]);
      for (size_t i = 0; i < n; ++i) out += fmt::format("arg(a{}).\n", i + 1);
      for (auto [from, to] : graph.attacks) out += fmt::format("att(a{},a{}).\n", from + 1, to + 1);
      break;
    case IccmaFormat::kTgf:
      for (const std::string& name : graph.names) out += name + "\n";
      out += "#\n";
      for (auto [from, to] : graph.attacks) {
        out += graph.names[static_cast<size_t>(from)] + " " + graph.names[static_cast<size_t>(to)] + "\n";
      }
      break;
    case IccmaFormat::kI23:
      out += fmt::format("p af {}\n", n);
      for (size_t i = 0; i < n; ++i) out += fmt::format("# {} {}\n", i + 1, graph.names[i]);
      for (auto [from, to] : graph.attacks) out += fmt::format("{} {}\n", from + 1, to + 1);
      break;
  }
  return out;
}

}  // namespace argraph
