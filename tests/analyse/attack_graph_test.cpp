// The attack graph: links to attacks, grounded labelling against the least fixpoint of Dung's
// characteristic function (computed naively here), and the exact ICCMA texts.
//
//   c --attacks--> a <--attacks--> b        d --supports--> a        e --undercuts--> a
#include <catch2/catch.hpp>

#include <random>

#include <fmt/format.h>

#include "argraph/attack_graph.h"

using namespace argraph;

namespace {

Link MakeLink(const char* from, Relation relation) {
  Link link;
  link.from = from;
  link.relation = relation;
  return link;
}

Argument Small() {
  Argument arg;
  for (const char* id : {"a", "b", "c", "d", "e"}) {
    arg.claims.emplace_back();
    arg.claims.back().id = id;
  }
  arg.claims[0].from = {MakeLink("b", Relation::kAttacks), MakeLink("c", Relation::kAttacks),
                        MakeLink("d", Relation::kSupports), MakeLink("e", Relation::kUndercuts)};
  arg.claims[1].from = {MakeLink("a", Relation::kAttacks)};
  return arg;
}

// Grounded extension as the least fixpoint of F(S) = {x | every attacker of x is attacked by S}.
std::vector<Label> NaiveGrounded(const AttackGraph& g) {
  const size_t n = g.names.size();
  std::vector<bool> s(n, false);
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t x = 0; x < n; ++x) {
      bool defended = true;
      for (auto [y, t] : g.attacks) {
        if (static_cast<size_t>(t) != x) continue;
        bool countered = false;
        for (auto [z, u] : g.attacks) countered = countered || (s[static_cast<size_t>(z)] && u == y);
        defended = defended && countered;
      }
      if (defended && !s[x]) s[x] = changed = true;
    }
  }
  std::vector<Label> label(n, Label::kUndec);
  for (size_t x = 0; x < n; ++x) {
    if (s[x]) label[x] = Label::kIn;
  }
  for (auto [y, t] : g.attacks) {
    if (s[static_cast<size_t>(y)]) label[static_cast<size_t>(t)] = Label::kOut;
  }
  return label;
}

}  // namespace

TEST_CASE("attacks and undercuts become attacks; supports are dropped", "[attack-graph]") {
  AttackGraph g = AttackGraphFromArgument(Small());
  CHECK(g.attacks == std::vector<std::pair<int, int>>{{0, 1}, {1, 0}, {2, 0}, {4, 0}});
  std::vector<Label> l = GroundedLabelling(g);
  CHECK(l == std::vector<Label>{Label::kOut, Label::kIn, Label::kIn, Label::kIn, Label::kIn});
}

TEST_CASE("a mutual attack is undecided", "[attack-graph]") {
  AttackGraph g{{"x", "y", "z"}, {{0, 1}, {1, 0}, {1, 2}}};
  CHECK(GroundedLabelling(g) == std::vector<Label>{Label::kUndec, Label::kUndec, Label::kUndec});
}

TEST_CASE("grounded labelling equals the least fixpoint on random graphs", "[attack-graph]") {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 300; ++trial) {
    AttackGraph g;
    size_t n = 1 + rng() % 9;
    for (size_t i = 0; i < n; ++i) g.names.push_back(fmt::format("n{}", i));
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) {
        if (rng() % 4 == 0) g.attacks.emplace_back(static_cast<int>(i), static_cast<int>(j));
      }
    }
    CHECK(GroundedLabelling(g) == NaiveGrounded(g));
  }
}

TEST_CASE("ICCMA texts", "[attack-graph]") {
  AttackGraph g{{"p.x", "q-y"}, {{0, 1}}};
  CHECK(WriteIccma(g, IccmaFormat::kApx) == "% a1 p.x\n% a2 q-y\narg(a1).\narg(a2).\natt(a1,a2).\n");
  CHECK(WriteIccma(g, IccmaFormat::kTgf) == "p.x\nq-y\n#\np.x q-y\n");
  CHECK(WriteIccma(g, IccmaFormat::kI23) == "p af 2\n# 1 p.x\n# 2 q-y\n1 2\n");
  IccmaFormat f = IccmaFormat::kApx;
  CHECK(IccmaFormatFromPath("out/graph.i23", f));
  CHECK(f == IccmaFormat::kI23);
  CHECK_FALSE(IccmaFormatFromPath("graph.txt", f));
}
