// Benchmarks of diagrams: building the drawable map of a 10,000-claim debate with --top 200, and laying
// it out and rendering it to SVG with dot and with sfdp (Graphviz through cgraph/gvc, in process).
#include <benchmark/benchmark.h>

#include <random>
#include <string>

#include "argraph/render.h"

namespace argraph {
namespace {

/// A tree-like debate: claim i > 0 bears on a random earlier claim; claims with parents are derived
/// (`all`), a tenth of the links attack and a twentieth undercut. Deterministic.
Argument Debate(int claims) {
  std::mt19937 random(7);
  Argument argument;
  argument.id = "debate";
  argument.title = "A generated debate";
  argument.conclusion = "c0";
  argument.claims.resize(claims);
  for (int i = 0; i < claims; ++i) {
    Claim& claim = argument.claims[i];
    claim.id = "c" + std::to_string(i);
    claim.text = "Generated claim number " + std::to_string(i) + " of the debate, with a sentence of text.";
  }
  for (int i = 1; i < claims; ++i) {
    const int target = std::uniform_int_distribution<int>(std::max(0, i / 8 - 3), i / 8)(random);
    Link link;
    link.from = argument.claims[i].id;
    const int kind = std::uniform_int_distribution<int>(0, 19)(random);
    link.relation = kind < 2 ? Relation::kAttacks : kind < 3 ? Relation::kUndercuts : Relation::kSupports;
    link.strength = std::uniform_real_distribution<double>(0.1, 1.0)(random);
    argument.claims[target].from.push_back(link);
  }
  for (Claim& claim : argument.claims) {
    if (claim.from.empty()) claim.credence = std::uniform_real_distribution<double>(0.05, 0.95)(random);
  }
  // The model lists parents before children.
  std::reverse(argument.claims.begin(), argument.claims.end());
  return argument;
}

DiagramInputs Inputs(const Argument& argument) {
  DiagramInputs inputs;
  std::mt19937 random(11);
  for (size_t i = 0; i < argument.claims.size(); ++i) {
    inputs.credences.push_back(std::uniform_real_distribution<double>(0, 1)(random));
  }
  inputs.cruxes = {"c1", "c2", "c3"};
  return inputs;
}

void BM_BuildDiagramTop200(benchmark::State& state) {
  const Argument argument = Debate(static_cast<int>(state.range(0)));
  const DiagramInputs inputs = Inputs(argument);
  DiagramOptions options;
  options.top = 200;
  for (auto _ : state) {
    Diagnostics diagnostics;
    benchmark::DoNotOptimize(BuildDiagram(argument, inputs, options, diagnostics));
  }
}
BENCHMARK(BM_BuildDiagramTop200)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_RenderSvgTop200(benchmark::State& state) {
  const Argument argument = Debate(10000);
  const DiagramInputs inputs = Inputs(argument);
  DiagramOptions options;
  options.top = 200;
  options.layout = state.range(0) ? DiagramLayout::kSfdp : DiagramLayout::kDot;
  Diagnostics diagnostics;
  const Diagram diagram = BuildDiagram(argument, inputs, options, diagnostics);
  for (auto _ : state) benchmark::DoNotOptimize(RenderDiagram(diagram, DiagramFormat::kSvg));
  state.SetLabel(options.layout == DiagramLayout::kSfdp ? "sfdp" : "dot");
}
BENCHMARK(BM_RenderSvgTop200)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace argraph
