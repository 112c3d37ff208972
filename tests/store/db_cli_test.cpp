// `argraph db ...` end to end, through the built executable, each test with its own database file:
// import (versions by content hash, atomic over several files), export and the round trip of every
// bundled argument (same hash, same marginals), diff (with the conclusion's credence checked by hand),
// profiles with checked names, objections, and writers racing a reader.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>

#include "argraph/compile.h"
#include "argraph/junction_tree.h"
#include "argraph/load.h"
#include "store/cli_runner.h"
#include "store/store_fixtures.h"

using argraph::testing::ReadBytes;
using argraph::testing::RunArgraph;
using argraph::testing::RunResult;
using argraph::testing::TempDir;
using argraph::testing::WriteBytes;
using nlohmann::json;

namespace {

const char* kMain = R"(format: argraph/1
id: harbour
title: The harbour wall will hold
sources:
  report: {title: "Harbour report", author: "Port engineers", year: 2023}
imports:
  sea: parts/sea.yaml
conclusion: holds
claims:
  wall-sound:
    text: The wall is sound.
    source: report
    quote: "no cracks found"
    credence: 0.8
  holds:
    text: The wall will hold this winter.
    rule: all
    reliability: 0.95
    from:
      - claim: wall-sound
        strength: 0.9
      - claim: sea.storm-surge
        relation: attacks
        strength: 0.5
)";

const char* kPart = R"(format: argraph/1
id: sea
title: The sea this winter
sources:
  forecast: {title: "Winter forecast", author: "Met office", year: 2023}
conclusion: storm-surge
claims:
  storm-surge:
    text: A storm surge will reach the wall.
    source: forecast
    quote: "a surge is likely"
    credence: 0.3
)";

// Writes the two-file argument into `folder` and returns the root file's path.
std::string WriteHarbour(const std::filesystem::path& folder, const std::string& part = kPart) {
  std::filesystem::create_directories(folder / "parts");
  WriteBytes(folder / "harbour.yaml", kMain);
  WriteBytes(folder / "parts" / "sea.yaml", part);
  return (folder / "harbour.yaml").string();
}

// P(claim = true) of every claim of the argument in `file`, exact, with the file's own values.
std::vector<double> Marginals(const std::string& file) {
  argraph::LoadResult loaded = argraph::LoadArgumentFile(file);
  REQUIRE_FALSE(loaded.diagnostics.HasErrors());
  argraph::Diagnostics diagnostics;
  const argraph::CompiledArgument compiled = argraph::CompileArgument(loaded.argument, diagnostics);
  REQUIRE_FALSE(diagnostics.HasErrors());
  const argraph::Posterior posterior = argraph::JunctionTree(compiled.network).Propagate({});
  std::vector<double> out;
  for (int v : compiled.claim_variable) out.push_back(posterior.marginals[static_cast<size_t>(v)][0]);
  return out;
}

json Json(const RunResult& result) {
  INFO(result.err);
  REQUIRE(result.code == 0);
  return json::parse(result.out);
}

}  // namespace

TEST_CASE("db import adds a version when the root or an imported file changed", "[store][cli]") {
  TempDir dir;
  const std::string db = dir.File("team.db");
  const std::string root = WriteHarbour(dir.path() / "src");
  json first = Json(RunArgraph(dir, {"db", "import", root, "--db", db, "--format", "json"}));
  REQUIRE(first.size() == 1);
  CHECK(first[0]["argument"] == "harbour");
  CHECK(first[0]["version"] == 1);
  CHECK(first[0]["status"] == "new");
  CHECK(first[0]["files"] == 2);
  CHECK(first[0]["claims"] == 3);

  json again = Json(RunArgraph(dir, {"db", "import", root, "--db", db, "--format", "json"}));
  CHECK(again[0]["status"] == "unchanged");
  CHECK(again[0]["version"] == 1);

  std::string part = kPart;
  part.replace(part.find("credence: 0.3"), 13, "credence: 0.4");
  WriteHarbour(dir.path() / "src", part);
  json second = Json(RunArgraph(dir, {"db", "import", root, "--db", db, "--format", "json"}));
  CHECK(second[0]["status"] == "new");
  CHECK(second[0]["version"] == 2);
  CHECK(second[0]["content_hash"] != first[0]["content_hash"]);

  const RunResult list = RunArgraph(dir, {"db", "list", "--db", db, "--format", "csv"});
  CHECK(list.code == 0);
  CHECK(list.out.substr(0, list.out.find('\n')) == "argument,latest,versions,claims,imported at,title");
  CHECK(list.out.find("\nharbour,2,2,3,") != std::string::npos);
}

TEST_CASE("db import of a file with errors stores nothing, not even the good files", "[store][cli]") {
  TempDir dir;
  const std::string db = dir.File("team.db");
  const std::string good = WriteHarbour(dir.path() / "src");
  WriteBytes(dir.path() / "bad.yaml", "format: argraph/1\nid: bad\nconclusion: nowhere\nclaims: {}\n");
  const RunResult result = RunArgraph(dir, {"db", "import", good, dir.File("bad.yaml"), "--db", db});
  CHECK(result.code == 1);
  CHECK_THAT(result.err, Catch::Contains(dir.File("bad.yaml") + ":") &&
                             Catch::EndsWith("argraph: error: nothing was imported; fix the errors "
                                             "above and import again\n"));
  const json list = Json(RunArgraph(dir, {"db", "list", "--db", db, "--format", "json"}));
  CHECK(list.empty());
}

TEST_CASE("db export writes the stored files back byte for byte", "[store][cli]") {
  TempDir dir;
  const std::string db = dir.File("team.db");
  const std::string root = WriteHarbour(dir.path() / "src");
  const json imported = Json(RunArgraph(dir, {"db", "import", root, "--db", db, "--format", "json"}));
  // Change the source afterwards: the export must give back what was imported, not what is on disk.
  WriteBytes(dir.path() / "src" / "parts" / "sea.yaml", "changed later");

  const std::string out = dir.File("out/copy.yaml");
  const RunResult exported = RunArgraph(dir, {"db", "export", "harbour", "-o", out, "--db", db});
  INFO(exported.err);
  REQUIRE(exported.code == 0);
  CHECK(ReadBytes(out) == kMain);
  CHECK(ReadBytes(dir.File("out/parts/sea.yaml")) == kPart);

  const json again = Json(RunArgraph(dir, {"db", "import", out, "--db", db, "--format", "json"}));
  CHECK(again[0]["status"] == "unchanged");
  CHECK(again[0]["content_hash"] == imported[0]["content_hash"]);
  CHECK(RunArgraph(dir, {"check", out}).code == 0);
}

TEST_CASE("every bundled argument survives import, export and import", "[store][cli]") {
  TempDir dir;
  const std::string db = dir.File("bundled.db");
  const std::filesystem::path bundled = std::filesystem::path(ARGRAPH_SOURCE_DIR) / "arguments";
  int count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(bundled)) {
    if (entry.path().extension() != ".yaml") continue;
    ++count;
    const std::string file = entry.path().string();
    INFO(file);
    const json first = Json(RunArgraph(dir, {"db", "import", file, "--db", db, "--format", "json"}));
    const std::string id = first[0]["argument"];
    const std::string out = dir.File("export/" + id + "/" + entry.path().filename().string());
    const RunResult exported = RunArgraph(dir, {"db", "export", id, "-o", out, "--db", db});
    INFO(exported.err);
    REQUIRE(exported.code == 0);
    const json again = Json(RunArgraph(dir, {"db", "import", out, "--db", db, "--format", "json"}));
    CHECK(again[0]["status"] == "unchanged");
    CHECK(again[0]["version"] == first[0]["version"]);
    CHECK(again[0]["content_hash"] == first[0]["content_hash"]);
    // The exported files evaluate exactly as the originals: every marginal, to the last bit.
    const std::vector<double> original = Marginals(file), copy = Marginals(out);
    REQUIRE(copy.size() == original.size());
    for (size_t i = 0; i < original.size(); ++i) CHECK(copy[i] == original[i]);
  }
  CHECK(count >= 1);
}

TEST_CASE("db diff lists claims and parameters added, removed and changed", "[store][cli]") {
  TempDir dir;
  const std::string db = dir.File("team.db");
  const std::string root = WriteHarbour(dir.path() / "src");
  Json(RunArgraph(dir, {"db", "import", root, "--db", db, "--format", "json"}));
  std::string main = kMain;
  main.replace(main.find("credence: 0.8"), 13, "credence: 0.7");
  main.replace(main.find("strength: 0.9"), 13, "strength: 0.8");
  main += R"(  tide-high:
    text: The tide will be high.
    source: report
    quote: "spring tides"
    credence: 0.5
)";
  WriteBytes(root, main);
  Json(RunArgraph(dir, {"db", "import", root, "--db", db, "--format", "json"}));
  const json diff = Json(RunArgraph(dir, {"db", "diff", "harbour", "--from", "1", "--to", "2", "--db", db,
                                          "--format", "json"}));
  CHECK(diff["from"] == 1);
  CHECK(diff["to"] == 2);
  const json expected = json::parse(R"([
    {"kind": "claim", "name": "tide-high", "change": "added", "field": "", "before": null,
     "after": "The tide will be high."},
    {"kind": "parameter", "name": "wall-sound", "change": "changed", "field": "value", "before": 0.8,
     "after": 0.7},
    {"kind": "parameter", "name": "wall-sound->holds", "change": "changed", "field": "value",
     "before": 0.9, "after": 0.8},
    {"kind": "parameter", "name": "tide-high", "change": "added", "field": "", "before": null,
     "after": 0.5}
  ])");
  CHECK(diff["changes"] == expected);
  // holds = all(wall-sound 0.9, attacked by storm-surge 0.5), reliability 0.95, by hand:
  // P = 0.95 * (ws + (1 - ws)(1 - s)) * (1 - 0.5 * 0.3).
  CHECK(diff["conclusion"]["credence_from"].get<double>() == Approx(0.95 * 0.82 * 0.85).epsilon(1e-12));
  CHECK(diff["conclusion"]["credence_to"].get<double>() == Approx(0.95 * 0.76 * 0.85).epsilon(1e-12));
}

TEST_CASE("db profile set checks names and values, and keeps the history", "[store][cli]") {
  TempDir dir;
  const std::string db = dir.File("team.db");
  Json(RunArgraph(dir, {"db", "import", WriteHarbour(dir.path() / "src"), "--db", db, "--format", "json"}));

  const RunResult typo = RunArgraph(dir, {"db", "profile", "set", "harbour", "ana", "wall-sond=0.5",
                                          "holds.reliability=1.5", "sea.storm-surge", "--db", db});
  CHECK(typo.code == 2);
  CHECK(typo.err ==
        "argraph: error: unknown parameter 'wall-sond'; did you mean 'wall-sound'?\n"
        "argraph: error: value 1.5 for 'holds.reliability' is outside [0,1]\n"
        "argraph: error: 'sea.storm-surge' is not PARAM=VALUE, e.g. sound-design=0.8\n"
        "argraph: error: nothing was saved; `argraph db show harbour` lists the parameters of version 1\n");
  CHECK(Json(RunArgraph(dir, {"db", "profile", "list", "harbour", "--db", db, "--format", "json"})).empty());

  CHECK(RunArgraph(dir, {"db", "profile", "set", "harbour", "ana", "wall-sound=0.5",
                         "sea.storm-surge->holds=0.7", "--author", "Ana", "--note", "first", "--db", db})
            .code == 0);
  CHECK(RunArgraph(dir, {"db", "profile", "set", "harbour", "ana", "wall-sound=0.55", "--author", "Ana",
                         "--note", "second", "--db", db})
            .code == 0);
  const json profiles = Json(RunArgraph(dir, {"db", "profile", "list", "harbour", "--db", db, "--format", "json"}));
  REQUIRE(profiles.size() == 1);
  CHECK(profiles[0]["profile"] == "ana");
  CHECK(profiles[0]["author"] == "Ana");
  CHECK(profiles[0]["values"] == json::parse(R"({"wall-sound": 0.55, "sea.storm-surge->holds": 0.7})"));
  const json history = Json(RunArgraph(
      dir, {"db", "profile", "history", "harbour", "ana", "wall-sound", "--db", db, "--format", "json"}));
  REQUIRE(history.size() == 2);
  CHECK(history[0]["value"] == 0.5);
  CHECK(history[0]["note"] == "first");
  CHECK(history[1]["value"] == 0.55);
  CHECK(history[1]["note"] == "second");
}

TEST_CASE("db objections are raised against real targets, listed and answered", "[store][cli]") {
  TempDir dir;
  const std::string db = dir.File("team.db");
  Json(RunArgraph(dir, {"db", "import", WriteHarbour(dir.path() / "src"), "--db", db, "--format", "json"}));
  const RunResult wrong = RunArgraph(dir, {"db", "objection", "add", "harbour", "wal-sound", "--text", "x",
                                           "--author", "Ben", "--db", db});
  CHECK(wrong.code == 2);
  CHECK(wrong.err == "argraph: error: 'wal-sound' is neither a claim nor a parameter of 'harbour' "
                     "version 1; did you mean 'wall-sound'?\n");

  const json added = Json(RunArgraph(dir, {"db", "objection", "add", "harbour", "sea.storm-surge", "--text",
                                           "The forecast is a month old.", "--author", "Ben", "--db", db,
                                           "--format", "json"}));
  REQUIRE(added.size() == 1);
  const int id = added[0]["id"];
  CHECK(added[0]["status"] == "open");
  Json(RunArgraph(dir, {"db", "objection", "add", "harbour", "wall-sound->holds", "--text", "Too strong.",
                        "--author", "Cy", "--db", db, "--format", "json"}));
  CHECK(Json(RunArgraph(dir, {"db", "objection", "list", "harbour", "--open", "--db", db, "--format", "json"}))
            .size() == 2);
  const json answered = Json(RunArgraph(dir, {"db", "objection", "answer", std::to_string(id), "--text",
                                              "Updated this week.", "--db", db, "--format", "json"}));
  CHECK(answered[0]["status"] == "answered");
  CHECK(answered[0]["answer"] == "Updated this week.");
  const json open = Json(RunArgraph(dir, {"db", "objection", "list", "harbour", "--open", "--db", db,
                                          "--format", "json"}));
  REQUIRE(open.size() == 1);
  CHECK(open[0]["target"] == "wall-sound->holds");
}

TEST_CASE("db: two commands writing profiles while one reads never fail", "[store][cli][slow]") {
  TempDir dir;
  const std::string db = dir.File("team.db");
  Json(RunArgraph(dir, {"db", "import", WriteHarbour(dir.path() / "src"), "--db", db, "--format", "json"}));
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  // Each child runs argraph commands in a loop until the end (and at least five times, however slow the
  // machine) and exits with the number that failed (at most 100), after appending their stderr to a
  // file the parent reads.
  auto loop = [&](int which) {
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid != 0) return pid;
    int failed = 0, runs = 0;
    std::string errors;
    while (runs < 5 || std::chrono::steady_clock::now() < end) {
      RunResult r;
      if (which < 2) {
        const std::string name = which == 0 ? "ana" : "ben";
        r = RunArgraph(dir, {"db", "profile", "set", "harbour", name,
                             "wall-sound=0." + std::to_string(10 + runs), "--note",
                             std::to_string(runs), "--db", db});
      } else {
        r = RunArgraph(dir, {"db", "profile", "list", "harbour", "--db", db, "--format", "json"});
      }
      if (r.code != 0) ++failed;
      errors += r.err;
      ++runs;
    }
    WriteBytes(dir.File("errors" + std::to_string(which)), errors);
    WriteBytes(dir.File("runs" + std::to_string(which)), std::to_string(runs));
    _exit(std::min(failed, 100));
  };
  const pid_t children[3] = {loop(0), loop(1), loop(2)};
  for (int which = 0; which < 3; ++which) {
    int status = 0;
    REQUIRE(waitpid(children[which], &status, 0) == children[which]);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(ReadBytes(dir.File("errors" + std::to_string(which))) == "");
  }
  for (int which = 0; which < 2; ++which) {
    const std::string name = which == 0 ? "ana" : "ben";
    const int runs = std::stoi(ReadBytes(dir.File("runs" + std::to_string(which))));
    const json history = Json(RunArgraph(
        dir, {"db", "profile", "history", "harbour", name, "--db", db, "--format", "json"}));
    REQUIRE(static_cast<int>(history.size()) == runs);
    for (int i = 0; i < runs; ++i) CHECK(history[static_cast<size_t>(i)]["note"] == std::to_string(i));
  }
}
