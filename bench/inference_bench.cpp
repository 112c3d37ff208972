// Speed of exact inference on the standard networks and on generated debates:
//  - ParseBif/NET: reading the BIF text (in memory) into a validated Network;
//  - Cold/NET: junction-tree construction (moralisation, min-fill triangulation, cliques, index maps)
//    plus one propagation giving all marginals, the figure libDAI's bars are for;
//  - Warm/NET: one more all-marginals propagation on the compiled tree (in the steady state: RunWarm);
//  - GenCold/N and GenWarm/N: a generated debate of N claims (generate.h), compiled from the model
//    (CompileArgument, junction tree, all marginals), then one warm propagation.
// Networks come from ARGRAPH_SHARED_DIR/data/bif; missing files are skipped. Counters: clique_MB is
// the junction tree's clique tables (8 bytes an entry), max_rss_MB the process's peak so far.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "argraph/bif.h"
#include "argraph/compile.h"
#include "argraph/generate.h"
#include "argraph/junction_tree.h"

namespace argraph {
namespace {

double MaxRssMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void SetTreeCounters(benchmark::State& state, const JunctionTree& tree) {
  state.counters["clique_MB"] = tree.size().total_clique_entries * 8 / 1e6;
  state.counters["max_rss_MB"] = MaxRssMegabytes();
}

/// The timed loop of a warm benchmark: all-marginals propagations on an already compiled tree, after
/// two untimed ones (the first sizes the posterior; the second makes the tree keep its tables'
/// products, which a tree propagated only once never holds).
void RunWarm(benchmark::State& state, JunctionTree& tree) {
  Posterior p;
  tree.Propagate({}, false, p);
  tree.Propagate({}, false, p);
  for (auto _ : state) {
    tree.Propagate({}, false, p);
    benchmark::DoNotOptimize(p.marginals.data());
  }
  SetTreeCounters(state, tree);
}

void ParseBif(benchmark::State& state, const std::string& path) {
  const std::string text = ReadText(path);
  for (auto _ : state) {
    NetworkLoadResult r = ReadBif(path, text);
    benchmark::DoNotOptimize(r.network.families.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void Cold(benchmark::State& state, const std::string& path) {
  const Network network = LoadNetworkFile(path).network;
  for (auto _ : state) {
    JunctionTree tree(network);
    Posterior p = tree.Propagate({});
    benchmark::DoNotOptimize(p.marginals.data());
    state.PauseTiming();
    SetTreeCounters(state, tree);
    state.ResumeTiming();
  }
}

void Warm(benchmark::State& state, const std::string& path) {
  JunctionTree tree(LoadNetworkFile(path).network);
  RunWarm(state, tree);
}

void GenCold(benchmark::State& state) {
  GenerateOptions options;
  options.claims = static_cast<size_t>(state.range(0));
  const Argument argument = GenerateDebate(options);
  for (auto _ : state) {
    Diagnostics diagnostics;
    CompiledArgument compiled = CompileArgument(argument, diagnostics);
    JunctionTree tree(compiled.network);
    Posterior p = tree.Propagate({});
    benchmark::DoNotOptimize(p.marginals.data());
    state.PauseTiming();
    if (diagnostics.HasErrors()) state.SkipWithError("the generated debate did not compile");
    SetTreeCounters(state, tree);
    state.counters["variables"] = static_cast<double>(compiled.network.variables.size());
    state.ResumeTiming();
  }
}

void GenWarm(benchmark::State& state) {
  GenerateOptions options;
  options.claims = static_cast<size_t>(state.range(0));
  Diagnostics diagnostics;
  CompiledArgument compiled = CompileArgument(GenerateDebate(options), diagnostics);
  JunctionTree tree(compiled.network);
  RunWarm(state, tree);
}

/// Registers the per-network benchmarks for every network of the bars that is present.
bool RegisterNetworks() {
  const std::string dir = std::string(ARGRAPH_SHARED_DIR) + "/data/bif/";
  const char* names[] = {"asia",     "alarm",      "insurance", "hailfinder", "hepar2", "win95pts",
                         "pathfinder", "andes",    "water",     "munin",      "link"};
  for (const char* name : names) {
    const std::string path = dir + name + ".bif";
    if (!std::filesystem::exists(path)) continue;
    const std::string n = name;
    benchmark::RegisterBenchmark(("ParseBif/" + n).c_str(), ParseBif, path)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("Cold/" + n).c_str(), Cold, path)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("Warm/" + n).c_str(), Warm, path)->Unit(benchmark::kMicrosecond);
  }
  for (const char* name : {"barley", "mildew", "diabetes"}) {  // the largest files: parse time only
    const std::string path = dir + name + ".bif";
    if (!std::filesystem::exists(path)) continue;
    benchmark::RegisterBenchmark(("ParseBif/" + std::string(name)).c_str(), ParseBif, path)
        ->Unit(benchmark::kMillisecond);
  }
  return true;
}

const bool kNetworksRegistered = RegisterNetworks();

BENCHMARK(GenCold)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);
BENCHMARK(GenWarm)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace argraph
