// The gradual-semantics engine against values derived by hand from the published definitions, an
// independent implementation of the original DF-QuAD definitions (Rago et al. 2016: F and c), closed
// fixpoints of small cycles, and the properties every modular semantics must have on random graphs.
//
//   e-democracy shape (Rago et al. 2016 slides):      A1        A2
//                                                    +/  \+   -/  \+
//                                                   P1    P2 C1    P3
//                                                         |-  |-    |-
//                                                         C3  C2    C4
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <random>

#include <fmt/format.h>

#include "argraph/gradual.h"
#include "argraph/load.h"

using namespace argraph;

namespace {

Qbaf MakeQbaf(std::vector<double> base, std::vector<Qbaf::Edge> edges) {
  Qbaf q;
  for (size_t i = 0; i < base.size(); ++i) {
    q.names.push_back(fmt::format("a{}", i));
    q.locations.push_back({"test.yaml", static_cast<int>(i) + 1, 3});
  }
  q.base = std::move(base);
  q.edges = std::move(edges);
  return q;
}

GradualSemantics Preset(const char* name) { return *GradualPreset(name); }

// Rago et al. 2016, Definitions of F (probabilistic sum) and c (combination), written independently
// of the modular engine: the oracle for DF-QuAD on trees.
double OriginalDfQuad(const Qbaf& q, int a) {
  double keep_att = 1, keep_sup = 1;
  bool any_att = false, any_sup = false;
  for (const Qbaf::Edge& e : q.edges) {
    if (e.to != a) continue;
    double v = OriginalDfQuad(q, e.from);
    if (e.attack) {
      keep_att *= 1 - v;
      any_att = true;
    } else {
      keep_sup *= 1 - v;
      any_sup = true;
    }
  }
  double va = any_att ? 1 - keep_att : 0, vs = any_sup ? 1 - keep_sup : 0;
  double v0 = q.base[static_cast<size_t>(a)];
  if (va >= vs) return v0 - v0 * std::abs(vs - va);
  return v0 + (1 - v0) * std::abs(vs - va);
}

}  // namespace

TEST_CASE("a claim of base 0.5 attacked by two full-strength attackers", "[gradual]") {
  Qbaf q = MakeQbaf({0.5, 1, 1}, {{1, 0, 1, true}, {2, 0, 1, true}});
  // DF-QuAD: va = 1 - (1-1)(1-1) = 1, so 0.5 - 0.5 * 1 = 0.
  CHECK(EvaluateQbaf(q, Preset("dfquad")).strength[0] == Approx(0.0).margin(1e-15));
  // Quadratic energy: E = -2, h(2) = 4/5, 0.5 - 0.5 * 0.8 = 0.1.
  CHECK(EvaluateQbaf(q, Preset("qe")).strength[0] == Approx(0.1).epsilon(1e-14));
  // Euler-based: 1 - (1 - 0.25) / (1 + 0.5 e^-2).
  CHECK(EvaluateQbaf(q, Preset("eb")).strength[0] ==
        Approx(1 - 0.75 / (1 + 0.5 * std::exp(-2.0))).epsilon(1e-14));
  // MLP: logistic(logit(0.5) - 2) = 1 / (1 + e^2).
  CHECK(EvaluateQbaf(q, Preset("mlp")).strength[0] ==
        Approx(1 / (1 + std::exp(2.0))).epsilon(1e-14));
  // weighted h-categorizer: 0.5 / (1 + 2).
  CHECK(EvaluateQbaf(q, Preset("hcat")).strength[0] == Approx(0.5 / 3).epsilon(1e-14));
}

TEST_CASE("DF-QuAD gives the published strengths of the e-democracy example", "[gradual]") {
  // The shape is the one drawn in the authors' slides; the base scores below were reconstructed to
  // be consistent with the published strengths A1 0.862, A2 0.85, P2 0.08 (the paper's own base
  // scores were not available), so the independent check is the original-definition oracle.
  //            A1   A2   P1   P2   P3   C1   C2   C3   C4
  Qbaf q = MakeQbaf({0.5, 0.5, 0.7, 0.8, 1.0, 0.5, 0.6, 0.9, 0.1},
                    {{2, 0, 1, false}, {3, 0, 1, false}, {5, 1, 1, true}, {4, 1, 1, false},
                     {7, 3, 1, true}, {6, 5, 1, true}, {8, 4, 1, true}});
  GradualResult r = EvaluateQbaf(q, Preset("dfquad"));
  CHECK(r.strength[0] == Approx(0.862).epsilon(1e-12));
  CHECK(r.strength[1] == Approx(0.85).epsilon(1e-12));
  CHECK(r.strength[3] == Approx(0.08).epsilon(1e-12));
  for (int a = 0; a < 9; ++a) CHECK(r.strength[static_cast<size_t>(a)] == Approx(OriginalDfQuad(q, a)));
}

TEST_CASE("DF-QuAD equals the original definitions on random trees", "[gradual]") {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 1);
  for (int trial = 0; trial < 200; ++trial) {
    int n = 2 + static_cast<int>(rng() % 12);
    std::vector<double> base;
    std::vector<Qbaf::Edge> edges;
    for (int i = 0; i < n; ++i) base.push_back(u(rng));
    for (int i = 1; i < n; ++i) {
      edges.push_back({i, static_cast<int>(rng() % static_cast<unsigned>(i)), 1, u(rng) < 0.5});
    }
    Qbaf q = MakeQbaf(base, edges);
    GradualResult r = EvaluateQbaf(q, Preset("dfquad"));
    for (int a = 0; a < n; ++a) {
      CHECK(r.strength[static_cast<size_t>(a)] == Approx(OriginalDfQuad(q, a)).margin(1e-13));
    }
  }
}

TEST_CASE("influence functions at hand-computed points", "[gradual]") {
  GradualSemantics lin{"lin", Aggregation::kSum, InfluenceFunction::kLinear, 2};
  CHECK(GradualInfluence(lin, 0.4, 1.0) == Approx(0.4 + 0.6 / 2));
  CHECK(GradualInfluence(lin, 0.4, -1.0) == Approx(0.4 - 0.4 / 2));
  CHECK(GradualInfluence(lin, 0.4, 5.0) == Approx(1.0));  // clamped
  GradualSemantics pmax{"pmax", Aggregation::kSum, InfluenceFunction::kPMax, 2, 3};
  // h(x) = x^3 / (1 + x^3) at x = 3 / 2
  double h = 3.375 / 4.375;
  CHECK(GradualInfluence(pmax, 0.3, 3.0) == Approx(0.3 + 0.7 * h));
  CHECK(GradualInfluence(pmax, 0.3, -3.0) == Approx(0.3 - 0.3 * h));
  CHECK(GradualInfluence(pmax, 0.3, 1e300) == Approx(1.0));
  GradualSemantics mlp = Preset("mlp");
  CHECK(GradualInfluence(mlp, 0.0, 50.0) == Approx(0.0).margin(1e-300));
  CHECK(GradualInfluence(mlp, 1.0, -50.0) == Approx(1.0));
  CHECK(GradualInfluence(mlp, 0.2, 1e6) == Approx(1.0));
  GradualSemantics eb = Preset("eb");
  CHECK(GradualInfluence(eb, 0.0, 1e6) == Approx(0.0).margin(1e-300));
  CHECK(GradualInfluence(eb, 0.5, 0.0) == Approx(0.5));  // Euler-based keeps the base at zero aggregate
}

TEST_CASE("top aggregation takes the strongest supporter and attacker", "[gradual]") {
  GradualSemantics top{"top", Aggregation::kTop, InfluenceFunction::kLinear, 1};
  // supporters 0.3 and 0.6 (weight 0.5 on the second), attacker 0.2: α = max(0.3, 0.3) - 0.2 = 0.1
  Qbaf q = MakeQbaf({0.5, 0.3, 0.6, 0.2}, {{1, 0, 1, false}, {2, 0, 0.5, false}, {3, 0, 1, true}});
  CHECK(EvaluateQbaf(q, top).strength[0] == Approx(0.5 + 0.5 * 0.1));
}

TEST_CASE("the h-categorizer on a chain and on a two-cycle", "[gradual]") {
  // c -> b -> a, all base 1: h(c) = 1, h(b) = 1/2, h(a) = 1 / (1 + 1/2); supports are ignored.
  Qbaf chain = MakeQbaf({1, 1, 1, 1}, {{1, 0, 1, true}, {2, 1, 1, true}, {3, 0, 1, false}});
  GradualResult r = EvaluateQbaf(chain, Preset("hcat"));
  CHECK(r.strength[0] == Approx(2.0 / 3));
  CHECK(r.strength[1] == Approx(0.5));
  // a <-> b: the fixpoint x = 1 / (1 + x), x = (sqrt 5 - 1) / 2, by both integration schemes.
  Qbaf cycle = MakeQbaf({1, 1}, {{0, 1, 1, true}, {1, 0, 1, true}});
  GradualOptions opt;
  opt.allow_cycles = true;
  for (bool discrete : {false, true}) {
    opt.discrete = discrete;
    GradualResult c = EvaluateQbaf(cycle, Preset("hcat"), opt);
    CHECK(c.converged);
    CHECK(c.diagnostics.empty());
    CHECK(c.strength[0] == Approx((std::sqrt(5.0) - 1) / 2).epsilon(1e-9));
  }
}

TEST_CASE("cycles are an error unless allowed", "[gradual]") {
  Qbaf q = MakeQbaf({0.5, 0.5, 0.5}, {{0, 1, 1, false}, {1, 2, 1, true}, {2, 0, 1, false}});
  GradualResult r = EvaluateQbaf(q, Preset("qe"));
  REQUIRE(r.diagnostics.items().size() == 1);
  CHECK(r.diagnostics.items()[0].message ==
        "the claims form a cycle: a0 -> a1 -> a2 -> a0; gradual semantics accept cycles with "
        "--allow-cycles");
  CHECK(r.diagnostics.items()[0].rule == "cycle");
  CHECK(r.diagnostics.items()[0].location.line == 1);
}

TEST_CASE("DF-QuAD on a mutual attack converges to w / (1 + w)", "[gradual]") {
  Qbaf q = MakeQbaf({0.6, 0.6}, {{0, 1, 1, true}, {1, 0, 1, true}});
  GradualOptions opt;
  opt.allow_cycles = true;
  GradualResult r = EvaluateQbaf(q, Preset("dfquad"), opt);
  CHECK(r.converged);
  CHECK(r.residual < 1e-10);
  CHECK(r.strength[0] == Approx(0.6 / 1.6).epsilon(1e-9));
}

TEST_CASE("the discrete iteration can oscillate; the continuous one converges", "[gradual]") {
  // sum + linear(1) on a <-> b with base 1: the discrete map swaps (1,1) and (0,0) forever.
  GradualSemantics s{"sum-linear", Aggregation::kSum, InfluenceFunction::kLinear, 1};
  Qbaf q = MakeQbaf({1, 1}, {{0, 1, 1, true}, {1, 0, 1, true}});
  GradualOptions opt;
  opt.allow_cycles = true;
  opt.discrete = true;
  opt.max_iterations = 1000;
  GradualResult d = EvaluateQbaf(q, s, opt);
  CHECK_FALSE(d.converged);
  REQUIRE(d.diagnostics.items().size() == 1);
  CHECK(d.diagnostics.items()[0].severity == Severity::kWarning);
  CHECK(d.diagnostics.items()[0].message ==
        "sum-linear semantics did not converge on the cycle through a0, a1 (residual 1 after 1000 "
        "iterations); the strengths shown are the last iterate");
  opt.discrete = false;
  GradualResult c = EvaluateQbaf(q, s, opt);
  CHECK(c.converged);
  CHECK(c.strength[0] == Approx(0.5).epsilon(1e-9));  // x = 1 - x
}

namespace {

// A random DAG: edges only from higher to lower index.
Qbaf RandomDag(std::mt19937& rng, int n) {
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> base;
  std::vector<Qbaf::Edge> edges;
  for (int i = 0; i < n; ++i) base.push_back(u(rng));
  for (int i = 1; i < n; ++i) {
    for (int j = 0; j < i; ++j) {
      if (u(rng) < 0.3) edges.push_back({i, j, u(rng), u(rng) < 0.5});
    }
  }
  return MakeQbaf(base, edges);
}

bool Reaches(const Qbaf& q, int from, int to) {
  if (from == to) return true;
  for (const Qbaf::Edge& e : q.edges) {
    if (e.from == from && Reaches(q, e.to, to)) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("properties of every preset on random acyclic graphs", "[gradual]") {
  std::mt19937 rng(20261127);
  std::uniform_real_distribution<double> u(0, 1);
  for (const std::string& name : GradualPresetNames()) {
    GradualSemantics s = Preset(name.c_str());
    INFO(name);
    for (int trial = 0; trial < 40; ++trial) {
      Qbaf q = RandomDag(rng, 2 + static_cast<int>(rng() % 9));
      const int n = static_cast<int>(q.base.size());
      GradualResult r = EvaluateQbaf(q, s);
      REQUIRE(r.diagnostics.empty());
      // boundedness
      for (double v : r.strength) {
        CHECK(v >= 0.0);
        CHECK(v <= 1.0);
      }
      int a = static_cast<int>(rng() % static_cast<unsigned>(n));
      // balance: a new argument whose attackers and supporters are the same multiset keeps its base
      Qbaf balanced = q;
      double b = u(rng);
      balanced.base.push_back(b);
      balanced.names.push_back("z");
      balanced.locations.resize(balanced.base.size());
      for (int x = 0; x < n; ++x) {
        if (u(rng) < 0.5 && x != a) continue;
        double w = u(rng);
        balanced.edges.push_back({x, n, w, true});
        balanced.edges.push_back({x, n, w, false});
      }
      double z = EvaluateQbaf(balanced, s).strength[static_cast<size_t>(n)];
      if (!s.attacks_only) {
        CHECK(z == Approx(b).margin(1e-12));
      } else {  // attacks only: the attackers can only lower it
        CHECK(z <= b + 1e-12);
      }
      // monotonicity: a new leaf attacker never raises a, a new leaf supporter never lowers it
      Qbaf attacked = q, supported = q;
      for (Qbaf* g : {&attacked, &supported}) {
        g->base.push_back(u(rng));
        g->names.push_back("x");
        g->locations.resize(g->base.size());
        g->edges.push_back({n, a, u(rng), g == &attacked});
      }
      CHECK(EvaluateQbaf(attacked, s).strength[static_cast<size_t>(a)] <=
            r.strength[static_cast<size_t>(a)] + 1e-12);
      CHECK(EvaluateQbaf(supported, s).strength[static_cast<size_t>(a)] >=
            r.strength[static_cast<size_t>(a)] - 1e-12);
      // base monotonicity: raising a's own base never lowers a
      Qbaf raised = q;
      raised.base[static_cast<size_t>(a)] = std::min(1.0, q.base[static_cast<size_t>(a)] + 0.2);
      CHECK(EvaluateQbaf(raised, s).strength[static_cast<size_t>(a)] >=
            r.strength[static_cast<size_t>(a)] - 1e-12);
      // directionality: changing the base of an argument that cannot reach x leaves x unchanged
      Qbaf moved = q;
      moved.base[static_cast<size_t>(a)] = u(rng);
      GradualResult m = EvaluateQbaf(moved, s);
      for (int x = 0; x < n; ++x) {
        if (!Reaches(q, a, x)) {
          CHECK(m.strength[static_cast<size_t>(x)] == Approx(r.strength[static_cast<size_t>(x)]));
        }
      }
    }
  }
}

namespace {

// The update F written from the definitions in gradual.h, to check fixpoints independently.
double TestUpdate(const Qbaf& q, const GradualSemantics& s, const std::vector<double>& sigma, int a) {
  double sum = 0, keep_att = 1, keep_sup = 1, top_att = 0, top_sup = 0;
  for (const Qbaf::Edge& e : q.edges) {
    if (e.to != a || (s.attacks_only && !e.attack)) continue;
    double v = e.weight * sigma[static_cast<size_t>(e.from)];
    (e.attack ? keep_att : keep_sup) *= 1 - std::min(1.0, v);
    (e.attack ? top_att : top_sup) = std::max(e.attack ? top_att : top_sup, v);
    sum += e.attack ? -v : v;
  }
  double alpha = s.aggregation == Aggregation::kSum       ? sum
                 : s.aggregation == Aggregation::kProduct ? keep_att - keep_sup
                                                          : top_sup - top_att;
  return GradualInfluence(s, q.base[static_cast<size_t>(a)], alpha);
}

}  // namespace

TEST_CASE("on random cyclic graphs the result is a fixpoint or says it is not", "[gradual]") {
  std::mt19937 rng(99);
  std::uniform_real_distribution<double> u(0, 1);
  GradualOptions opt;
  opt.allow_cycles = true;
  opt.max_time = 200;
  for (int trial = 0; trial < 30; ++trial) {
    int n = 3 + static_cast<int>(rng() % 6);
    std::vector<double> base;
    std::vector<Qbaf::Edge> edges;
    for (int i = 0; i < n; ++i) base.push_back(u(rng));
    for (int i = 0; i < n; ++i) {
      for (int j = 0; j < n; ++j) {
        if (i != j && u(rng) < 0.3) edges.push_back({i, j, u(rng), u(rng) < 0.5});
      }
    }
    Qbaf q = MakeQbaf(base, edges);
    for (const std::string& name : GradualPresetNames()) {
      GradualSemantics s = Preset(name.c_str());
      GradualResult r = EvaluateQbaf(q, s, opt);
      INFO(name << " trial " << trial);
      for (double v : r.strength) {
        CHECK(std::isfinite(v));
        CHECK(v >= 0.0);
        CHECK(v <= 1.0);
      }
      CHECK(r.converged == r.diagnostics.empty());
      if (r.converged) {
        for (int a = 0; a < n; ++a) {
          CHECK(TestUpdate(q, s, r.strength, a) ==
                Approx(r.strength[static_cast<size_t>(a)]).margin(1e-9));
        }
      }
    }
  }
}

TEST_CASE("an argument's QBAF: base scores, weights, polarity, undercuts", "[gradual]") {
  Argument arg;
  for (const char* id : {"p", "q", "u", "c", "l"}) {
    arg.claims.emplace_back();
    arg.claims.back().id = id;
  }
  arg.claims[0].credence = 0.7;  // p: base from its credence
  arg.claims[1].credence = 0.4;
  arg.claims[2].credence = 0.9;
  Claim& c = arg.claims[3];  // c: all, no credence: base 0.5
  c.from.resize(3);
  c.from[0].from = "p";
  c.from[0].strength = 0.8;
  c.from[1].from = "q";
  c.from[1].relation = Relation::kAttacks;  // strength absent: 1
  c.from[2].from = "u";
  c.from[2].relation = Relation::kUndercuts;
  c.from[2].strength = 0.25;
  Claim& l = arg.claims[4];  // l: logistic with base 0.2; a negative support weight attacks
  l.rule = Rule::kLogistic;
  l.base = 0.2;
  l.from.resize(2);
  l.from[0].from = "p";
  l.from[0].weight = -1.5;
  l.from[1].from = "q";
  l.from[1].relation = Relation::kAttacks;
  l.from[1].weight = 0.5;
  Qbaf q = QbafFromArgument(arg);
  CHECK(q.base == std::vector<double>{0.7, 0.4, 0.9, 0.5, 0.2});
  REQUIRE(q.edges.size() == 5);
  auto same = [](const Qbaf::Edge& a, int from, int to, double w, bool attack) {
    return a.from == from && a.to == to && a.weight == Approx(w) && a.attack == attack;
  };
  CHECK(same(q.edges[0], 0, 3, 0.8, false));
  CHECK(same(q.edges[1], 1, 3, 1.0, true));
  CHECK(same(q.edges[2], 2, 3, 0.25, true));  // the undercut attacks the claim
  CHECK(same(q.edges[3], 0, 4, 1.5, true));   // negative support weight: an attack of |w|
  CHECK(same(q.edges[4], 1, 4, 0.5, true));
  // DF-QuAD on c: v_s = 0.8 * 0.7 = 0.56, v_a = 1 - (1 - 0.4)(1 - 0.25 * 0.9) = 0.535; 0.5 + 0.5 * 0.025
  GradualResult r = EvaluateGradual(arg, Preset("dfquad"));
  CHECK(r.strength[3] == Approx(0.5 + 0.5 * (0.56 - (1 - 0.6 * 0.775))).epsilon(1e-12));
}

TEST_CASE("a cyclic argument loads only with allow_cycles and evaluates to its fixpoint", "[gradual]") {
  const std::string path = "tests/data/gradual/cycle.yaml";
  LoadResult strict = LoadArgumentFile(path);
  REQUIRE(strict.diagnostics.HasErrors());
  CHECK(strict.diagnostics.items()[0].rule == "cycle");
  LoadOptions options;
  options.allow_cycles = true;
  LoadResult loaded = LoadArgumentFile(path, options);
  REQUIRE_FALSE(loaded.diagnostics.HasErrors());
  GradualOptions gradual;
  gradual.allow_cycles = true;
  // x <-> y attack with base 1 under the h-categorizer: x = y = (sqrt 5 - 1) / 2; c (base 0.5) has
  // only a support, which the h-categorizer ignores.
  GradualResult r = EvaluateGradual(loaded.argument, Preset("hcat"), gradual);
  CHECK(r.converged);
  CHECK(r.strength[0] == Approx((std::sqrt(5.0) - 1) / 2).epsilon(1e-9));
  CHECK(r.strength[2] == Approx(0.5));
  // DF-QuAD: x = 1 - y, y = 1 - x has a line of fixpoints; from (1, 1) the symmetric flow stops at 0.5.
  GradualResult d = EvaluateGradual(loaded.argument, Preset("dfquad"), gradual);
  CHECK(d.converged);
  CHECK(d.strength[0] == Approx(0.5).epsilon(1e-9));
  CHECK(d.strength[2] == Approx(0.75).epsilon(1e-9));  // 0.5 + 0.5 * 0.5
}
