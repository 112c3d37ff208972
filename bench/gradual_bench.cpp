// Speed of the gradual semantics: a generated debate of N arguments (each with up to 8 attackers or
// supporters among the earlier ones, random base scores and weights), acyclic (one pass) and with
// back edges (RK4 on the cyclic components), and the grounded labelling of its attack graph.
#include <benchmark/benchmark.h>

#include <random>

#include "argraph/attack_graph.h"
#include "argraph/gradual.h"

namespace {

argraph::Qbaf Debate(int n, bool cyclic) {
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> u(0, 1);
  argraph::Qbaf q;
  for (int i = 0; i < n; ++i) {
    q.names.push_back("c" + std::to_string(i));
    q.base.push_back(u(rng));
    q.locations.emplace_back();
    int fan = i == 0 ? 0 : 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < fan; ++k) {
      int from = static_cast<int>(rng() % static_cast<unsigned>(i));
      q.edges.push_back({i, from, 0.2 + 0.8 * u(rng), u(rng) < 0.4});
    }
    if (cyclic && i > 10 && rng() % 20 == 0) {
      q.edges.push_back({i - 5, i, u(rng), u(rng) < 0.5});  // a back edge closes a short cycle
    }
  }
  return q;
}

void BM_DfQuadAcyclic(benchmark::State& state) {
  argraph::Qbaf q = Debate(static_cast<int>(state.range(0)), false);
  argraph::GradualSemantics s = *argraph::GradualPreset("dfquad");
  for (auto _ : state) benchmark::DoNotOptimize(argraph::EvaluateQbaf(q, s).strength.data());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_DfQuadAcyclic)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_QuadraticEnergyCyclic(benchmark::State& state) {
  argraph::Qbaf q = Debate(static_cast<int>(state.range(0)), true);
  argraph::GradualSemantics s = *argraph::GradualPreset("qe");
  argraph::GradualOptions options;
  options.allow_cycles = true;
  for (auto _ : state) benchmark::DoNotOptimize(argraph::EvaluateQbaf(q, s, options).strength.data());
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_QuadraticEnergyCyclic)->Arg(1000)->Arg(100000)->Unit(benchmark::kMillisecond);

void BM_GroundedLabelling(benchmark::State& state) {
  argraph::Qbaf q = Debate(static_cast<int>(state.range(0)), true);
  argraph::AttackGraph g;
  g.names = q.names;
  for (const auto& e : q.edges) {
    if (e.attack) g.attacks.emplace_back(e.from, e.to);
  }
  for (auto _ : state) benchmark::DoNotOptimize(argraph::GroundedLabelling(g).data());
}
BENCHMARK(BM_GroundedLabelling)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
