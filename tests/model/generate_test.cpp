// Generated debates: deterministic, exactly N claims, acyclic, fan-in within its bound, about 5% shared
// premises, and every feature the engine must handle (attacks, undercuts naming a supporting link,
// all/any/logistic rules) present.
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "argraph/argument_writer.h"
#include "argraph/generate.h"

using namespace argraph;

TEST_CASE("the same seed gives the same debate; another seed another", "[gen]") {
  GenerateOptions options;
  options.claims = 500;
  options.seed = 7;
  const std::string a = WriteArgumentYaml(GenerateDebate(options));
  CHECK(a == WriteArgumentYaml(GenerateDebate(options)));
  options.seed = 8;
  CHECK(a != WriteArgumentYaml(GenerateDebate(options)));
}

TEST_CASE("a generated debate has the promised shape", "[gen]") {
  for (size_t n : {1, 2, 3, 60, 10000}) {
    GenerateOptions options;
    options.claims = n;
    options.seed = 42;
    const Argument argument = GenerateDebate(options);
    INFO("claims " << n);
    REQUIRE(argument.claims.size() == n);
    CHECK(argument.conclusion == "claim-0");
    std::map<std::string, int> index;
    for (size_t i = 0; i < n; ++i) index[argument.claims[i].id] = static_cast<int>(i);
    REQUIRE(index.size() == n);
    std::map<std::string, int> uses;  // how many claims use each claim as a reason
    size_t attacks = 0, undercuts = 0, big = 0;
    std::set<Rule> rules;
    for (size_t i = 0; i < n; ++i) {
      const Claim& c = argument.claims[i];
      if (c.IsRoot()) {
        REQUIRE(c.credence);
        REQUIRE(c.interval);
        CHECK(c.interval->first < *c.credence);
        CHECK(*c.credence < c.interval->second);
        CHECK(c.interval->first > 0);
        CHECK(c.interval->second < 1);
        continue;
      }
      rules.insert(c.rule);
      CHECK(c.from.size() <= 50);
      if (c.rule == Rule::kLogistic) CHECK(c.from.size() <= 8);
      big += c.from.size() >= 10;
      std::set<std::string> parents;
      for (const Link& l : c.from) {
        REQUIRE(index.count(l.from));
        CHECK(index[l.from] > static_cast<int>(i));  // links come from later claims: acyclic
        CHECK(parents.insert(l.from).second);        // no parent twice
        ++uses[l.from];
        attacks += l.relation == Relation::kAttacks;
        if (l.relation == Relation::kUndercuts) {
          ++undercuts;
          REQUIRE(l.strength);
          if (c.rule != Rule::kAll) {
            bool names_support = false;
            for (const Link& m : c.from) names_support |= m.from == l.link && m.relation == Relation::kSupports;
            CHECK(names_support);
          }
        } else if (c.rule == Rule::kLogistic) {
          REQUIRE(l.weight);
        } else {
          REQUIRE(l.strength);
        }
      }
    }
    // Every claim but the conclusion is used; the shared ones by two claims.
    CHECK(uses.size() == n - 1);
    size_t shared = 0;
    for (const auto& [id, count] : uses) {
      CHECK(count <= 2);
      shared += count == 2;
    }
    if (n == 10000) {
      CHECK(shared == 500);
      CHECK(attacks > 50);
      CHECK(undercuts > 20);
      CHECK(big > 10);
      CHECK(rules == std::set<Rule>{Rule::kAll, Rule::kAny, Rule::kLogistic});
    }
  }
}
