// The store's operations on arguments built in code: versions by content hash, atomic imports,
// profiles and their history, objections, evaluations, and the error for an unknown argument.
#include "argraph/store.h"

#include <catch2/catch.hpp>

#include "argraph/error.h"
#include "store/sqlite.h"
#include "store/store_fixtures.h"

using namespace argraph;
using argraph::testing::MakeArgument;
using argraph::testing::MakeRequest;
using argraph::testing::TempDir;

TEST_CASE("an import adds a version only when the content changed", "[store]") {
  TempDir dir;
  Store store = Store::Open(dir.File("a.db"));
  const Argument argument = MakeArgument("bridge", 3);
  auto first = store.Import({MakeRequest(argument, dir.File("bridge.yaml"), "text one")});
  REQUIRE(first.size() == 1);
  CHECK(first[0].created);
  CHECK(first[0].version.version == 1);
  CHECK(first[0].version.claim_count == 4);
  CHECK(first[0].version.path == dir.File("bridge.yaml"));

  auto same = store.Import({MakeRequest(argument, dir.File("copy.yaml"), "text one")});
  CHECK_FALSE(same[0].created);
  CHECK(same[0].version.version == 1);

  auto second = store.Import({MakeRequest(argument, dir.File("bridge.yaml"), "text two")});
  CHECK(second[0].created);
  CHECK(second[0].version.version == 2);
  CHECK(second[0].version.content_hash != first[0].version.content_hash);

  // Going back to the first text is a change from the latest version: version 3.
  auto back = store.Import({MakeRequest(argument, dir.File("bridge.yaml"), "text one")});
  CHECK(back[0].version.version == 3);
  CHECK(back[0].version.content_hash == first[0].version.content_hash);

  const auto versions = store.Versions("bridge");
  REQUIRE(versions.size() == 3);
  CHECK(store.ListArguments().size() == 1);
  CHECK(store.ListArguments()[0].version == 3);
  CHECK(store.ListArguments()[0].version_count == 3);
  CHECK(store.FindVersion("bridge").version == 3);
  CHECK(store.FindVersion("bridge", 2).content_hash == second[0].version.content_hash);
}

TEST_CASE("a version keeps its files, claims, links and parameters", "[store]") {
  TempDir dir;
  Store store = Store::Open(dir.File("a.db"));
  const Argument argument = MakeArgument("bridge", 2);
  ImportRequest request = MakeRequest(argument, dir.File("bridge.yaml"), "root text");
  request.files.push_back({"parts/other.yaml", "other text", false});
  const VersionInfo version = store.Import({request})[0].version;

  const auto files = store.Files(version);
  REQUIRE(files.size() == 2);
  CHECK(files[0].path == "bridge.yaml");
  CHECK(files[0].is_root);
  CHECK(files[0].text == "root text");
  CHECK(files[1].path == "parts/other.yaml");
  CHECK(files[1].text == "other text");

  const auto claims = store.Claims(version);
  REQUIRE(claims.size() == 3);
  CHECK(claims[0].id == "r0");
  CHECK(claims[0].credence.value() == Approx(0.5));
  CHECK(claims[0].is_root);
  CHECK(claims[2].id == "goal");
  CHECK(claims[2].rule == "all");

  const auto links = store.Links(version);
  REQUIRE(links.size() == 2);
  CHECK(links[1].from == "r1");
  CHECK(links[1].to == "goal");
  CHECK(links[1].relation == "supports");
  CHECK(links[1].strength.value() == Approx(0.9));

  const auto parameters = store.Parameters(version);
  REQUIRE(parameters.size() == 5);  // r0, r1, goal.reliability, r0->goal, r1->goal
  CHECK(parameters[0].name == "r0");
  CHECK(parameters[2].name == "goal.reliability");
  CHECK(parameters[2].kind == "reliability");
  CHECK(parameters[2].value == Approx(0.95));
  CHECK(parameters[4].name == "r1->goal");
  CHECK(parameters[4].kind == "strength");
}

TEST_CASE("a failing import stores none of the files given with it", "[store]") {
  TempDir dir;
  const std::string path = dir.File("a.db");
  Store store = Store::Open(path);
  const Argument good = MakeArgument("good", 2);
  Argument bad = MakeArgument("bad", 2);
  bad.claims.back().from.back().from = "no-such-claim";  // violates the links' foreign key
  CHECK_THROWS_AS(store.Import({MakeRequest(good, dir.File("good.yaml"), "g"),
                                MakeRequest(bad, dir.File("bad.yaml"), "b")}),
                  Error);
  CHECK(store.ListArguments().empty());
  store::Connection db(path, false);
  store::Statement count(db, "SELECT (SELECT count(*) FROM claims) + (SELECT count(*) FROM files)");
  REQUIRE(count.Step());
  CHECK(count.Int(0) == 0);
}

TEST_CASE("an unknown argument or version is a clear error", "[store]") {
  TempDir dir;
  const std::string path = dir.File("a.db");
  Store store = Store::Open(path);
  const Argument argument = MakeArgument("bridge", 2);
  store.Import({MakeRequest(argument, dir.File("bridge.yaml"), "x")});
  CHECK_THROWS_WITH(store.FindVersion("bridg"),
                    "there is no argument 'bridg' in " + path +
                        "; did you mean 'bridge'? (`argraph db list` shows what it holds, "
                        "`argraph db import FILE` adds one)");
  CHECK_THROWS_WITH(store.FindVersion("bridge", 4), "argument 'bridge' has no version 4; it has versions 1 to 1");
}

TEST_CASE("profiles keep every value with its author, note and time", "[store]") {
  TempDir dir;
  Store store = Store::Open(dir.File("a.db"));
  const Argument argument = MakeArgument("bridge", 2);
  store.Import({MakeRequest(argument, dir.File("bridge.yaml"), "x")});
  store.SetProfileValues("bridge", "ana", {{"r0", 0.2}, {"r1", 0.3}}, "Ana", "first guess", "Ana's view");
  store.SetProfileValues("bridge", "ana", {{"r0", 0.25}}, "Ana", "after reading the survey");
  store.SetProfileValues("bridge", "ben", {{"r1->goal", 0.5}}, "Ben", "");

  const auto profiles = store.Profiles("bridge");
  REQUIRE(profiles.size() == 2);
  CHECK(profiles[0].name == "ana");
  CHECK(profiles[0].author == "Ana");
  CHECK(profiles[0].description == "Ana's view");
  CHECK(profiles[0].parameter_count == 2);
  CHECK(profiles[1].name == "ben");

  const auto current = store.ProfileValues("bridge", "ana");
  REQUIRE(current.size() == 2);
  CHECK(current[0].parameter == "r0");
  CHECK(current[0].value == Approx(0.25));
  CHECK(current[0].note == "after reading the survey");
  CHECK(current[1].parameter == "r1");
  CHECK(current[1].value == Approx(0.3));

  const auto history = store.ProfileHistory("bridge", "ana", "r0");
  REQUIRE(history.size() == 2);
  CHECK(history[0].value == Approx(0.2));
  CHECK(history[0].note == "first guess");
  CHECK(history[1].value == Approx(0.25));
  CHECK(history[0].set_at <= history[1].set_at);
  CHECK(store.ProfileHistory("bridge", "ana").size() == 3);
  CHECK(store.HasProfile("bridge", "ben"));
  CHECK_FALSE(store.HasProfile("bridge", "carl"));
  CHECK_THROWS_WITH(store.ProfileValues("bridge", "anna"), Catch::Contains("no profile 'anna'") &&
                                                               Catch::Contains("; did you mean 'ana'?"));
}

TEST_CASE("objections are opened and answered", "[store]") {
  TempDir dir;
  const std::string path = dir.File("a.db");
  Store store = Store::Open(path);
  const Argument argument = MakeArgument("bridge", 2);
  store.Import({MakeRequest(argument, dir.File("bridge.yaml"), "x")});
  const auto first = store.AddObjection("bridge", "r0", "Ana", "Too high.");
  const auto second = store.AddObjection("bridge", "r1->goal", "Ben", "Too strong.");
  CHECK(second == first + 1);
  CHECK(store.Objections("bridge", true).size() == 2);
  const ObjectionInfo answered = store.AnswerObjection(first, "Lowered to 0.4.");
  CHECK(answered.status == "answered");
  CHECK(answered.answer == "Lowered to 0.4.");
  CHECK_FALSE(answered.answered_at.empty());
  const auto open = store.Objections("bridge", true);
  REQUIRE(open.size() == 1);
  CHECK(open[0].id == second);
  CHECK(open[0].status == "open");
  CHECK(store.Objections("bridge", false).size() == 2);
  CHECK_THROWS_WITH(store.AnswerObjection(99, "?"),
                    "there is no objection 99 in " + path +
                        "; `argraph db objection list ID` shows their numbers");
  CHECK_THROWS_WITH(store.AddObjection("nope", "r0", "A", "B"), Catch::Contains("no argument 'nope'"));
}

TEST_CASE("evaluations are recorded per version", "[store]") {
  TempDir dir;
  Store store = Store::Open(dir.File("a.db"));
  const Argument argument = MakeArgument("bridge", 2);
  const VersionInfo v1 = store.Import({MakeRequest(argument, dir.File("bridge.yaml"), "x")})[0].version;
  const VersionInfo v2 = store.Import({MakeRequest(argument, dir.File("bridge.yaml"), "y")})[0].version;
  EvaluationRecord record;
  record.target = "goal";
  record.method = "exact";
  record.credence = 0.42;
  store.RecordEvaluation(v1, record);
  record.credence = 0.5;
  record.profile = "ana";
  record.evidence = R"({"r0": "true"})";
  store.RecordEvaluation(v2, record);
  const auto evaluations = store.Evaluations("bridge");
  REQUIRE(evaluations.size() == 2);
  CHECK(evaluations[0].version == 1);
  CHECK(evaluations[0].credence == Approx(0.42));
  CHECK(evaluations[0].evidence == "{}");
  CHECK(evaluations[1].version == 2);
  CHECK(evaluations[1].profile == "ana");
  CHECK(evaluations[1].evidence == R"({"r0": "true"})");
  record.evidence = "not json";
  CHECK_THROWS_AS(store.RecordEvaluation(v2, record), Error);
  CHECK(store.Evaluations("bridge").size() == 2);
}

TEST_CASE("a stored argument is named ID or ID@VERSION", "[store]") {
  auto latest = ParseStoredReference("bridge");
  REQUIRE(latest);
  CHECK(latest->argument_id == "bridge");
  CHECK_FALSE(latest->version);
  auto second = ParseStoredReference("absolute-difficulty@12");
  REQUIRE(second);
  CHECK(second->argument_id == "absolute-difficulty");
  REQUIRE(second->version);
  CHECK(*second->version == 12);
  for (const char* bad : {"", "@2", "bridge@", "bridge@0", "bridge@-1", "bridge@2x", "bridge@1234567890"}) {
    INFO(bad);
    CHECK_FALSE(ParseStoredReference(bad));
  }
}
