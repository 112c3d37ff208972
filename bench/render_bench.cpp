// Benchmarks of diagrams: building the drawable map of a generated 10,000-claim debate (generate.h) with --top 200, and laying
// it out and rendering it to SVG with dot and with sfdp (Graphviz through cgraph/gvc, in process).
#include <benchmark/benchmark.h>

#include <random>

#include "argraph/generate.h"
#include "argraph/render.h"

namespace argraph {
namespace {

DiagramInputs Inputs(const Argument& argument) {
  DiagramInputs inputs;
  std::mt19937 random(11);
  for (size_t i = 0; i < argument.claims.size(); ++i) {
    inputs.credences.push_back(std::uniform_real_distribution<double>(0, 1)(random));
  }
  inputs.cruxes = {"claim-1", "claim-2", "claim-3"};
  return inputs;
}

void BM_BuildDiagramTop200(benchmark::State& state) {
  const Argument argument = GenerateDebate({static_cast<size_t>(state.range(0))});
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
  const Argument argument = GenerateDebate({10000});
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
