// Speed of the sensitivity analyses on generated debates (generate.h) of 1,000 and 10,000 claims:
// one propagation with family marginals (the unit), all cruxes (every parameter's derivative, tornado
// ends and flip, every claim's influence: the bar is at most 3x one propagation), and Monte Carlo
// samples per second through the compiled junction tree.
#include <benchmark/benchmark.h>

#include "argraph/compile.h"
#include "argraph/cruxes.h"
#include "argraph/evaluator.h"
#include "argraph/generate.h"
#include "argraph/uncertainty.h"

namespace {

argraph::Evaluator Debate(size_t claims) {
  argraph::GenerateOptions options;
  options.claims = claims;
  argraph::Diagnostics diagnostics;
  argraph::CompiledArgument compiled = argraph::CompileArgument(argraph::GenerateDebate(options), diagnostics);
  auto propagator = argraph::MakeJunctionTreePropagator(compiled.network);
  return argraph::Evaluator(argraph::MakeArgumentSpace(std::move(compiled)), std::move(propagator));
}

void BM_PropagateWithFamilies(benchmark::State& state) {
  argraph::Evaluator evaluator = Debate(static_cast<size_t>(state.range(0)));
  argraph::Posterior posterior;
  for (auto _ : state) benchmark::DoNotOptimize(evaluator.Propagate({}, true, posterior));
}
BENCHMARK(BM_PropagateWithFamilies)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_Cruxes(benchmark::State& state) {
  argraph::Evaluator evaluator = Debate(static_cast<size_t>(state.range(0)));
  const argraph::Target target{0, 0};  // claim-0, the conclusion
  int propagations = 0;
  for (auto _ : state) {
    const argraph::CruxReport report = argraph::Cruxes(evaluator, target, {}, 0.5);
    propagations = report.propagations;
    benchmark::DoNotOptimize(report.parameters.data());
  }
  state.counters["propagations"] = propagations;
  state.counters["parameters"] = static_cast<double>(evaluator.parameters().size());
}
BENCHMARK(BM_Cruxes)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_MonteCarlo(benchmark::State& state) {
  argraph::Evaluator evaluator = Debate(static_cast<size_t>(state.range(0)));
  argraph::UncertaintyOptions options;
  options.samples = 20000;
  options.threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    benchmark::DoNotOptimize(argraph::Uncertainty(evaluator, {0, 0}, {}, options).mean);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(options.samples));
}
BENCHMARK(BM_MonteCarlo)->Args({1000, 1})->Args({1000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
