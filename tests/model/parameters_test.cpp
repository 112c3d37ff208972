// Parameter names, look-up and setting, on a hand-built model:
//   a (root, 0.3) --supports 0.8--> c (all, reliability 0.9) <--attacks-- b (root, 0.6)
//   c --weight 1.2--> d (logistic, base 0.4);  a,b --> t (table)
#include <catch2/catch.hpp>

#include "argraph/parameters.h"

using namespace argraph;

static Argument Sample() {
  Argument arg;
  arg.path = "sample.yaml";
  Claim a;
  a.id = "a";
  a.credence = 0.3;
  a.interval = std::make_pair(0.1, 0.5);
  Claim b;
  b.id = "b";
  b.credence = 0.6;
  Claim c;
  c.id = "c";
  c.rule = Rule::kAll;
  c.reliability = 0.9;
  c.from.push_back({"a", Relation::kSupports, 0.8, std::nullopt, std::nullopt, "", {}});
  c.from.push_back({"b", Relation::kAttacks, std::nullopt, std::nullopt, std::nullopt, "", {}});
  Claim d;
  d.id = "d";
  d.rule = Rule::kLogistic;
  d.base = 0.4;
  d.from.push_back({"c", Relation::kSupports, std::nullopt, 1.2, std::nullopt, "", {}});
  Claim t;
  t.id = "t";
  t.rule = Rule::kTable;
  t.from.push_back({"a", Relation::kSupports, std::nullopt, std::nullopt, std::nullopt, "", {}});
  t.from.push_back({"b", Relation::kSupports, std::nullopt, std::nullopt, std::nullopt, "", {}});
  for (int i = 0; i < 4; ++i) {
    t.table.push_back({{{"a", i < 2}, {"b", i % 2 == 0}}, 0.1 * (i + 1), {}});
  }
  arg.claims = {a, b, c, d, t};
  arg.profiles.push_back({"p", "", {{"a", 0.7}, {"c.reliability", 0.5}}, {"sample.yaml", 9, 3}});
  return arg;
}

TEST_CASE("every parameter is listed with its kind, value and default") {
  std::vector<Parameter> ps = ListParameters(Sample());
  std::vector<std::string> names;
  for (const auto& p : ps) names.push_back(p.name);
  CHECK(names == std::vector<std::string>{"a", "b", "c.reliability", "a->c", "b->c", "d.base", "c->d",
                                          "t[a=1,b=1]", "t[a=1,b=0]", "t[a=0,b=1]", "t[a=0,b=0]"});
  CHECK(ps[0].interval.has_value());
  CHECK(ps[4].value == Approx(1.0));  // attack without strength: default 1
  CHECK(ps[4].kind == ParameterKind::kStrength);
  CHECK(ps[6].kind == ParameterKind::kWeight);
  CHECK_FALSE(ps[6].IsProbability());
  CHECK(ps[9].value == Approx(0.3));
}

TEST_CASE("setting a parameter changes the model") {
  Argument arg = Sample();
  Diagnostics ds;
  CHECK(SetParameter(arg, "a->c", 0.25, ds));
  CHECK(SetParameter(arg, "c->d", -2.0, ds));
  CHECK(SetParameter(arg, "t[a=0,b=1]", 0.9, ds));
  CHECK(SetParameter(arg, "d.base", 0.2, ds));
  CHECK(ds.empty());
  CHECK(*arg.FindClaim("c")->from[0].strength == Approx(0.25));
  CHECK(*arg.FindClaim("d")->from[0].weight == Approx(-2.0));
  CHECK(arg.FindClaim("t")->table[2].probability == Approx(0.9));
  CHECK(FindParameter(arg, "d.base")->value == Approx(0.2));
}

TEST_CASE("an unknown parameter names the near matches") {
  Argument arg = Sample();
  Diagnostics ds;
  CHECK_FALSE(SetParameter(arg, "c.reliabilty", 0.5, ds, {"cli", 0, 0}));
  REQUIRE(ds.items().size() == 1);
  CHECK(ds.items()[0].message == "unknown parameter 'c.reliabilty'; did you mean 'c.reliability'?");
  CHECK(ds.items()[0].rule == "unknown-parameter");
}

TEST_CASE("out-of-range values are refused, weights are unbounded") {
  Argument arg = Sample();
  Diagnostics ds;
  CHECK_FALSE(SetParameter(arg, "a", 1.5, ds));
  CHECK_FALSE(SetParameter(arg, "a", std::nan(""), ds));
  CHECK(SetParameter(arg, "c->d", 7.5, ds));
  REQUIRE(ds.items().size() == 2);
  CHECK(ds.items()[0].message == "value 1.5 for 'a' is outside [0,1]");
  CHECK(*arg.FindClaim("a")->credence == Approx(0.3));
}

TEST_CASE("a profile applies all its values, and an unknown one lists the known") {
  Argument arg = Sample();
  Diagnostics ds;
  CHECK(ApplyProfile(arg, "p", ds));
  CHECK(*arg.FindClaim("a")->credence == Approx(0.7));
  CHECK(*arg.FindClaim("c")->reliability == Approx(0.5));
  CHECK_FALSE(ApplyProfile(arg, "q", ds));
  CHECK(ds.items().back().message == "unknown profile 'q'; it defines 'p'");
}

TEST_CASE("nearest names are ranked by edit distance") {
  // credense -> credence is 1 edit, -> kredensa 2 (within the limit of 2), -> crude 4 (beyond it).
  CHECK(NearestNames("credense", {"kredensa", "credence", "claims", "crude", "interval"}) ==
        std::vector<std::string>{"credence", "kredensa"});
  CHECK(NearestNames("zzzzzz", {"credence"}).empty());
}
