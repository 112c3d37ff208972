// Speed of the sensitivity analyses on generated debates (generate.h) of 1,000 and 10,000 claims:
// one propagation with family marginals (the unit), one with every derivative, the pair of propagations
// cruxes makes, all cruxes (every parameter's derivative, tornado ends and flip, every claim's
// influence: the bar is at most 3x one propagation; BM_CruxesOverPropagation reports the ratio of the
// medians), cruxes after a parameter changed, the moves cruxes reads (kept by the evaluator, computed
// once), and Monte Carlo samples per second through the compiled junction tree.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "argraph/compile.h"
#include "argraph/cruxes.h"
#include "argraph/evaluator.h"
#include "argraph/generate.h"
#include "argraph/load.h"
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

void BM_PropagateDerivatives(benchmark::State& state) {
  argraph::Evaluator evaluator = Debate(static_cast<size_t>(state.range(0)));
  argraph::Posterior posterior;
  for (auto _ : state) benchmark::DoNotOptimize(evaluator.PropagateDerivatives({}, posterior));
}
BENCHMARK(BM_PropagateDerivatives)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

// The two propagations of cruxes sharing one collect (Evaluator::PropagatePair): without evidence (e's
// marginals, e ∧ target's derivatives), and with one claim observed (derivatives of both).
void BM_PropagatePair(benchmark::State& state) {
  argraph::Evaluator evaluator = Debate(static_cast<size_t>(state.range(0)));
  const argraph::Target target{0, 0};
  const bool with_evidence = state.range(1) != 0;
  const argraph::Evidence evidence =
      with_evidence ? argraph::Evidence{{static_cast<int>(evaluator.network().variables.size() / 2), 0}}
                    : argraph::Evidence{};
  for (auto _ : state) benchmark::DoNotOptimize(evaluator.PropagatePair(evidence, target, with_evidence, {}));
}
BENCHMARK(BM_PropagatePair)->Args({10000, 0})->Args({10000, 1})->Unit(benchmark::kMillisecond);

double Median(std::vector<double> seconds) {
  std::sort(seconds.begin(), seconds.end());
  return seconds[seconds.size() / 2];
}

// Each iteration times one propagation with family marginals and one whole Cruxes; the counters are
// the medians over the iterations and their ratio (the bar: at most 3).
void BM_CruxesOverPropagation(benchmark::State& state) {
  argraph::Evaluator evaluator = Debate(static_cast<size_t>(state.range(0)));
  const argraph::Target target{0, 0};
  argraph::Posterior posterior;
  std::vector<double> propagation, cruxes;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(evaluator.Propagate({}, true, posterior));
    const auto t1 = std::chrono::steady_clock::now();
    const argraph::CruxReport report = argraph::Cruxes(evaluator, target, {}, 0.5);
    const auto t2 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(report.parameters.data());
    propagation.push_back(std::chrono::duration<double>(t1 - t0).count());
    cruxes.push_back(std::chrono::duration<double>(t2 - t1).count());
  }
  const double p = Median(propagation), c = Median(cruxes);
  state.counters["propagation_ms"] = p * 1e3;
  state.counters["cruxes_ms"] = c * 1e3;
  state.counters["ratio"] = c / p;
  state.counters["cores"] = static_cast<double>(std::thread::hardware_concurrency());
}
BENCHMARK(BM_CruxesOverPropagation)->Arg(10000)->Unit(benchmark::kMillisecond)->MinTime(2);

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

// Cruxes after one parameter was Set (a different one, to a different value, each time): the evaluator
// recomputes the moves of that parameter's family only (Evaluator::Moves).
void BM_CruxesAfterSet(benchmark::State& state) {
  argraph::Evaluator evaluator = Debate(static_cast<size_t>(state.range(0)));
  const argraph::Target target{0, 0};
  const size_t n = evaluator.parameters().size();
  size_t k = 0;
  for (auto _ : state) {
    const size_t p = (k * 7919) % n;
    const argraph::Parameter& parameter = evaluator.parameters()[p];
    evaluator.Set(p, parameter.IsProbability() ? 0.05 + 0.9 * static_cast<double>(k % 10) / 10 : parameter.value + 0.1);
    ++k;
    const argraph::CruxReport report = argraph::Cruxes(evaluator, target, {}, 0.5);
    benchmark::DoNotOptimize(report.parameters.data());
  }
}
BENCHMARK(BM_CruxesAfterSet)->Arg(10000)->Unit(benchmark::kMillisecond);

// Every parameter's move computed afresh (ParameterSpace::Moves): what the first cruxes on an evaluator
// pays on top of the kept-moves figure.
void BM_Moves(benchmark::State& state) {
  argraph::Evaluator evaluator = Debate(static_cast<size_t>(state.range(0)));
  argraph::TableMoves moves;
  for (auto _ : state) {
    evaluator.space().Moves(moves);
    benchmark::DoNotOptimize(moves.index.data());
  }
}
BENCHMARK(BM_Moves)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_MonteCarlo(benchmark::State& state) {
  argraph::Evaluator evaluator = Debate(static_cast<size_t>(state.range(0)));
  argraph::UncertaintyOptions options;
  options.samples = 5000;
  options.threads = static_cast<int>(state.range(1));
  for (auto _ : state) {
    benchmark::DoNotOptimize(argraph::Uncertainty(evaluator, {0, 0}, {}, options).mean);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(options.samples));
}
BENCHMARK(BM_MonteCarlo)->Args({1000, 2})->Unit(benchmark::kMillisecond)->UseRealTime();

// The essay's argument with its imports, as shipped in arguments/.
argraph::Evaluator Essay() {
  argraph::LoadResult loaded = argraph::LoadArgumentFile(ARGRAPH_SOURCE_DIR "/arguments/absolute-difficulty.yaml");
  argraph::CompiledArgument compiled = argraph::CompileArgument(loaded.argument, loaded.diagnostics);
  auto propagator = argraph::MakeJunctionTreePropagator(compiled.network);
  return argraph::Evaluator(argraph::MakeArgumentSpace(std::move(compiled)), std::move(propagator));
}

void BM_MonteCarloEssay(benchmark::State& state) {
  argraph::Evaluator evaluator = Essay();
  argraph::UncertaintyOptions options;
  options.samples = 200000;
  options.threads = static_cast<int>(state.range(0));
  const argraph::Target target{evaluator.network().FindVariable("alignment-extremely-hard"), 0};
  size_t varied = 0;
  for (auto _ : state) {
    const argraph::UncertaintyReport report = argraph::Uncertainty(evaluator, target, {}, options);
    varied = report.varied.size();
    benchmark::DoNotOptimize(report.mean);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(options.samples));
  state.counters["varied"] = static_cast<double>(varied);
}
void BM_EssayQuery(benchmark::State& state) {
  argraph::Evaluator evaluator = Essay();
  const argraph::Target target{evaluator.network().FindVariable("alignment-extremely-hard"), 0};
  const size_t p = 0;
  double x = 0.3;
  for (auto _ : state) {
    evaluator.Set(p, x = 1 - x);  // a new value each time, as in Monte Carlo
    benchmark::DoNotOptimize(evaluator.Probability(target, {}));
  }
  state.counters["variables"] = static_cast<double>(evaluator.network().variables.size());
}
BENCHMARK(BM_EssayQuery)->Unit(benchmark::kMicrosecond);

void BM_EssayPropagateWithFamilies(benchmark::State& state) {
  argraph::Evaluator evaluator = Essay();
  argraph::Posterior posterior;
  for (auto _ : state) benchmark::DoNotOptimize(evaluator.Propagate({}, true, posterior));
}
BENCHMARK(BM_EssayPropagateWithFamilies)->Unit(benchmark::kMicrosecond);

BENCHMARK(BM_MonteCarloEssay)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
