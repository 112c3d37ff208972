// `argraph export`: an argument exported to BIF and to XMLBIF, read back, gives every claim the
// credence the compiled argument gives it (the exported tables are exact, hidden chains marginalised
// or kept); a network file converts between the formats unchanged; gen | export works end to end;
// bad input exits 1 with diagnostics and usage errors exit 2.
#include <catch2/catch.hpp>
#include <cmath>
#include <algorithm>
#include <filesystem>
#include <unistd.h>

#include "argraph/bif.h"
#include "argraph/compile.h"
#include "argraph/junction_tree.h"
#include "argraph/load.h"
#include "cli/run_cli.h"

using namespace argraph;
using argraph::testing::CliResult;
using argraph::testing::RunArgraph;
namespace fs = std::filesystem;

namespace {

/// A fresh temporary folder for one test.
fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("argraph_export_test_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

/// Every claim's P(true) in the exported network equals its P(true) in the compiled argument.
void CheckExportedCredences(const std::string& argument_path, const fs::path& dir) {
  LoadResult loaded = LoadArgumentFile(argument_path);
  REQUIRE_FALSE(loaded.diagnostics.HasErrors());
  Diagnostics diagnostics;
  CompiledArgument compiled = CompileArgument(loaded.argument, diagnostics);
  REQUIRE_FALSE(diagnostics.HasErrors());
  Posterior expected = JunctionTree(compiled.network).Propagate({});
  for (const char* extension : {".bif", ".xmlbif"}) {
    const fs::path out = dir / (std::string("out") + extension);
    INFO(argument_path << " -> " << out.string());
    CliResult run = RunArgraph("export '" + argument_path + "' -o '" + out.string() + "'", true);
    INFO(run.out);
    REQUIRE(run.status == 0);
    NetworkLoadResult exported = LoadNetworkFile(out.string());
    REQUIRE_FALSE(exported.diagnostics.HasErrors());
    Posterior got = JunctionTree(exported.network).Propagate({});
    for (size_t i = 0; i < loaded.argument.claims.size(); ++i) {
      const std::string& id = loaded.argument.claims[i].id;
      std::string name = id;
      if (std::string(extension) == ".bif") std::replace(name.begin(), name.end(), '.', '_');
      const int v = exported.network.FindVariable(name);
      INFO(id);
      REQUIRE(v >= 0);
      CHECK(exported.network.variables[static_cast<size_t>(v)].states == std::vector<std::string>{"true", "false"});
      const double want = expected.marginals[static_cast<size_t>(compiled.claim_variable[i])][0];
      CHECK(std::fabs(got.marginals[static_cast<size_t>(v)][0] - want) <= 1e-12);
    }
  }
}

}  // namespace

TEST_CASE("bundled arguments export with the credences argraph computes", "[export]") {
  fs::path dir = TempDir("bundled");
  for (const auto& entry : fs::directory_iterator(fs::path(ARGRAPH_SOURCE_DIR) / "arguments")) {
    if (entry.path().extension() == ".yaml") CheckExportedCredences(entry.path().string(), dir);
  }
  fs::remove_all(dir);
}

TEST_CASE("a generated debate with fan-in up to 50 exports exactly, keeping long chains", "[export]") {
  fs::path dir = TempDir("generated");
  const fs::path yaml = dir / "debate.yaml";
  CliResult gen = RunArgraph("gen --claims 400 --seed 5 -o '" + yaml.string() + "'");
  REQUIRE(gen.status == 0);
  CheckExportedCredences(yaml.string(), dir);
  CliResult run = RunArgraph("export '" + yaml.string() + "' -o '" + (dir / "x.bif").string() + "'", true);
  CHECK(run.out.find("warning: claims with more than 12 links are exported with ") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("a network converts between BIF and XMLBIF unchanged", "[export]") {
  fs::path dir = TempDir("convert");
  const std::string alarm = "tests/data/bif/alarm.bif";
  REQUIRE(RunArgraph("export " + alarm + " -o '" + (dir / "a.xmlbif").string() + "'").status == 0);
  REQUIRE(RunArgraph("export '" + (dir / "a.xmlbif").string() + "' --format bif -o -").status == 0);
  NetworkLoadResult original = LoadNetworkFile(std::string(ARGRAPH_SOURCE_DIR) + "/" + alarm);
  CliResult text = RunArgraph("export '" + (dir / "a.xmlbif").string() + "' --format bif -o -");
  NetworkLoadResult back = ReadBif("stdout.bif", text.out);
  REQUIRE(back.diagnostics.empty());
  REQUIRE(back.network.variables.size() == original.network.variables.size());
  for (size_t v = 0; v < back.network.variables.size(); ++v) {
    CHECK(back.network.families[v].table == original.network.families[v].table);
  }
  fs::remove_all(dir);
}

TEST_CASE("export reports bad input with exit 1 and bad usage with exit 2", "[export]") {
  CliResult bad = RunArgraph("export tests/data/bif_invalid/wrong_count.bif -o -", true);
  CHECK(bad.status == 1);
  CHECK(bad.out.find("wrong_count.bif:8:3: error: the table of 'a' has 3 probabilities") != std::string::npos);
  CHECK(RunArgraph("export tests/data/bif/asia.bif -o out.svg").status == 2);
  CHECK(RunArgraph("export no-such-file.bif -o -").status == 2);
  CHECK(RunArgraph("export tests/data/bif/asia.bif").status == 2);
}
