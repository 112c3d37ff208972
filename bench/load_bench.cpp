// Speed of loading argument files, on generated debates (generate.h) written as YAML in memory:
//  - LoadYaml/N: YAML text of an N-claim debate -> validated Argument (LoadArgumentText: parsing,
//    the model, validation), the part of `argraph check` that does not read the disk;
//  - LoadYamlFast/N and LoadYamlSlow/N: parsing alone (ParseYaml into the YAML tree), through
//    libyaml's fast path and through yaml-cpp only (the reader of every text outside the fast path);
//  - EvalYaml/N: the text to all marginals: load, compile, junction tree, one propagation — `argraph
//    eval` without the output.
// Counters: MB_per_s of YAML read, max_rss_MB the process's peak so far.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "argraph/argument_writer.h"
#include "argraph/compile.h"
#include "argraph/generate.h"
#include "argraph/junction_tree.h"
#include "argraph/load.h"
#include "load/yaml_tree.h"

namespace argraph {
namespace {

double PeakRssMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::string DebateText(benchmark::State& state) {
  GenerateOptions options;
  options.claims = static_cast<size_t>(state.range(0));
  return WriteArgumentYaml(GenerateDebate(options));
}

void LoadYaml(benchmark::State& state) {
  const std::string text = DebateText(state);
  for (auto _ : state) {
    LoadResult r = LoadArgumentText("debate.yaml", text);
    if (r.diagnostics.HasErrors()) state.SkipWithError("the generated debate did not load");
    benchmark::DoNotOptimize(r.argument.claims.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["max_rss_MB"] = PeakRssMegabytes();
}

void LoadYamlSlow(benchmark::State& state) {
  const std::string text = DebateText(state);
  load::YamlLimits limits;
  limits.fast_path = false;
  for (auto _ : state) {
    load::YamlDocument document;
    Diagnostics diagnostics;
    load::ParseYaml("debate.yaml", text, document, diagnostics, limits);
    benchmark::DoNotOptimize(document.nodes.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void LoadYamlFast(benchmark::State& state) {
  const std::string text = DebateText(state);
  for (auto _ : state) {
    load::YamlDocument document;
    Diagnostics diagnostics;
    load::ParseYaml("debate.yaml", text, document, diagnostics);
    benchmark::DoNotOptimize(document.nodes.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void EvalYaml(benchmark::State& state) {
  const std::string text = DebateText(state);
  for (auto _ : state) {
    LoadResult r = LoadArgumentText("debate.yaml", text);
    Diagnostics diagnostics;
    CompiledArgument compiled = CompileArgument(r.argument, diagnostics);
    JunctionTree tree(compiled.network);
    Posterior p = tree.Propagate({});
    benchmark::DoNotOptimize(p.marginals.data());
    if (r.diagnostics.HasErrors() || diagnostics.HasErrors()) state.SkipWithError("the debate did not compile");
  }
  state.counters["max_rss_MB"] = PeakRssMegabytes();
}

BENCHMARK(LoadYaml)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(LoadYamlFast)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(LoadYamlSlow)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(EvalYaml)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace argraph
