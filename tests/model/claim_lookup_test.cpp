// ClaimLookup and the look-ups built on it give what a linear scan gives: the first claim with an id,
// and, for parameters, the first parameter of that name in ListParameters order (the old full scan).
#include <catch2/catch.hpp>

#include <memory>

#include "argraph/claim_lookup.h"
#include "argraph/generate.h"
#include "argraph/parameters.h"

namespace argraph {
namespace {

/// The first parameter called `name` in ListParameters order: the definition FindParameter must meet.
std::optional<Parameter> ScanParameters(const Argument& argument, const std::string& name) {
  for (Parameter& p : ListParameters(argument)) {
    if (p.name == name) return p;
  }
  return std::nullopt;
}

Argument Debate() {
  GenerateOptions options;
  options.claims = 300;
  options.seed = 3;
  return GenerateDebate(options);
}

TEST_CASE("claim lookup: the index of every id, -1 for others, as ClaimIndex", "[lookup]") {
  const Argument argument = Debate();
  const ClaimLookup lookup(argument);
  CHECK_FALSE(lookup.has_duplicates());
  for (const Claim& claim : argument.claims) CHECK(lookup.Index(claim.id) == argument.ClaimIndex(claim.id));
  for (const char* other : {"", "claim", "claim-300", "claim-1.leak", "Claim-1"}) {
    CHECK(lookup.Index(other) == -1);
    CHECK(argument.ClaimIndex(other) == -1);
  }
}

TEST_CASE("claim lookup: it keeps its own ids, so the argument may go", "[lookup]") {
  const Argument argument = Debate();
  auto copy = std::make_unique<Argument>(argument);
  const ClaimLookup lookup(*copy);
  for (Claim& claim : copy->claims) claim.id = "renamed-" + claim.id;  // the copy's ids change, then go
  copy.reset();
  for (const Claim& claim : argument.claims) CHECK(lookup.Index(claim.id) == argument.ClaimIndex(claim.id));
  CHECK(lookup.Index("renamed-claim-1") == -1);
}

TEST_CASE("claim lookup: FindParameter with and without a lookup equals the full scan", "[lookup]") {
  Argument argument = Debate();
  // Awkward ids: a duplicate (with a different kind), ids made of parameter-name pieces.
  Claim odd;
  odd.id = "claim-1.leak";
  odd.credence = 0.3;
  argument.claims.push_back(odd);
  Claim arrow;
  arrow.id = "claim-5->claim-0";
  arrow.credence = 0.4;
  argument.claims.push_back(arrow);
  std::vector<std::string> names;
  for (const Parameter& p : ListParameters(argument)) names.push_back(p.name);
  for (const char* other : {"nothing", "claim-0.reliability", "claim-0.leak", "x->claim-0", "claim-0[a=1]", "->",
                            "claim-1.leak", "claim-5->claim-0", "claim-0.", "[", ".leak"}) {
    names.push_back(other);
  }
  for (int duplicate = 0; duplicate < 2; ++duplicate) {
    if (duplicate) {
      Claim again = argument.claims[0];  // claim-0 twice: a derived claim, then a root one
      again.from.clear();
      again.credence = 0.6;
      argument.claims.push_back(again);
      names.push_back("claim-0");
    }
    const ClaimLookup lookup(argument);
    CHECK(lookup.has_duplicates() == (duplicate == 1));
    for (const std::string& name : names) {
      INFO(name);
      const std::optional<Parameter> expected = ScanParameters(argument, name);
      for (const std::optional<Parameter>& got : {FindParameter(argument, name), FindParameter(argument, lookup, name)}) {
        REQUIRE(got.has_value() == expected.has_value());
        if (!expected) continue;
        CHECK(got->name == expected->name);
        CHECK(got->claim == expected->claim);
        CHECK(got->from == expected->from);
        CHECK(got->kind == expected->kind);
        CHECK(got->value == Approx(expected->value).margin(0));
      }
    }
  }
}

TEST_CASE("claim lookup: SetParameter with a lookup changes the same field as without", "[lookup]") {
  const Argument original = Debate();
  Argument a = original;
  Argument b = original;
  const ClaimLookup lookup(b);
  Diagnostics da;
  Diagnostics db;
  for (const Parameter& p : ListParameters(original)) {
    const double value = p.IsProbability() ? 0.25 : -1.5;
    CHECK(SetParameter(a, p.name, value, da) == SetParameter(b, lookup, p.name, value, db));
  }
  CHECK(SetParameter(a, "no-such", 0.5, da) == SetParameter(b, lookup, "no-such", 0.5, db));
  CHECK(da.items().size() == 1);
  REQUIRE(db.items().size() == 1);
  CHECK(da.items()[0].message == db.items()[0].message);
  const std::vector<Parameter> pa = ListParameters(a);
  const std::vector<Parameter> pb = ListParameters(b);
  REQUIRE(pa.size() == pb.size());
  for (size_t i = 0; i < pa.size(); ++i) {
    CHECK(pa[i].name == pb[i].name);
    CHECK(pa[i].value == Approx(pb[i].value).margin(0));
    CHECK(pa[i].value == Approx(pa[i].IsProbability() ? 0.25 : -1.5).margin(0));
  }
}

}  // namespace
}  // namespace argraph
