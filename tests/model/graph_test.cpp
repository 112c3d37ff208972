// The Boost.Graph view of an argument: edges from parent to claim with relation and number, cycles with
// their path, topological order, ancestors and descendants.
//
//   a ──supports 0.8──► c ◄──attacks── b        d ──w 1.5──► e (logistic)
//                       │
//                       └──supports──► f ◄── g (undercuts f)
#include <catch2/catch.hpp>

#include "argraph/graph.h"

using namespace argraph;

namespace {

Link MakeLink(const std::string& from, Relation relation = Relation::kSupports) {
  Link link;
  link.from = from;
  link.relation = relation;
  return link;
}

Claim MakeClaim(const std::string& id, std::vector<Link> from = {}, Rule rule = Rule::kAll) {
  Claim claim;
  claim.id = id;
  claim.rule = rule;
  claim.from = std::move(from);
  if (claim.from.empty()) claim.credence = 0.5;
  return claim;
}

Argument Sample() {
  Argument argument;
  Link ac = MakeLink("a");
  ac.strength = 0.8;
  Link bc = MakeLink("b", Relation::kAttacks);
  Link de = MakeLink("d");
  de.weight = 1.5;
  argument.claims = {MakeClaim("a"),
                     MakeClaim("b"),
                     MakeClaim("c", {ac, bc}),
                     MakeClaim("d"),
                     MakeClaim("e", {de}, Rule::kLogistic),
                     MakeClaim("g"),
                     MakeClaim("f", {MakeLink("c"), MakeLink("g", Relation::kUndercuts), MakeLink("nowhere")})};
  return argument;
}

/// The position of each vertex in `order`.
std::vector<size_t> Positions(const std::vector<int>& order) {
  std::vector<size_t> at(order.size());
  for (size_t i = 0; i < order.size(); ++i) at[static_cast<size_t>(order[i])] = i;
  return at;
}

}  // namespace

TEST_CASE("claims are vertices and links edges carrying relation and number", "[graph]") {
  ClaimGraph graph(Sample());
  REQUIRE(graph.size() == 7);
  CHECK(graph.Vertex("c") == 2);
  CHECK(graph.Vertex("nowhere") == -1);
  CHECK(graph.Id(4) == "e");
  const ClaimGraphType& g = graph.graph();
  CHECK(boost::num_edges(g) == 5);  // the link from an unknown claim is left out
  auto [edge, found] = boost::edge(0, 2, g);
  REQUIRE(found);
  CHECK(g[edge].relation == Relation::kSupports);
  CHECK(g[edge].weight == Approx(0.8));
  CHECK_FALSE(g[edge].log_odds);
  CHECK(g[edge].claim == 2);
  CHECK(g[edge].link == 0);
  auto [attack, attack_found] = boost::edge(1, 2, g);
  REQUIRE(attack_found);
  CHECK(g[attack].relation == Relation::kAttacks);
  CHECK(g[attack].weight == Approx(1.0));  // default strength
  auto [logit, logit_found] = boost::edge(3, 4, g);
  REQUIRE(logit_found);
  CHECK(g[logit].log_odds);
  CHECK(g[logit].weight == Approx(1.5));
  auto [undercut, undercut_found] = boost::edge(5, 6, g);
  REQUIRE(undercut_found);
  CHECK(g[undercut].relation == Relation::kUndercuts);
}

TEST_CASE("an acyclic graph has a topological order and no cycles", "[graph]") {
  const Argument argument = Sample();
  ClaimGraph graph(argument);
  CHECK(graph.Cycles().empty());
  auto order = graph.TopologicalOrder();
  REQUIRE(order.has_value());
  REQUIRE(order->size() == 7);
  const std::vector<size_t> at = Positions(*order);
  for (auto [e, end] = boost::edges(graph.graph()); e != end; ++e) {
    CHECK(at[boost::source(*e, graph.graph())] < at[boost::target(*e, graph.graph())]);
  }
}

TEST_CASE("ancestors and descendants follow the links", "[graph]") {
  ClaimGraph graph(Sample());
  CHECK(graph.Ancestors(graph.Vertex("f")) == std::vector<bool>{true, true, true, false, false, true, true});
  CHECK(graph.Descendants(graph.Vertex("a")) == std::vector<bool>{true, false, true, false, false, false, true});
  CHECK(graph.Ancestors(graph.Vertex("a")) == std::vector<bool>{true, false, false, false, false, false, false});
  CHECK(graph.Ancestors(-1) == std::vector<bool>(7, false));
}

TEST_CASE("cycles are found once per strongly connected component, with their path", "[graph]") {
  // x -> y -> z -> x, and z -> w -> z (same component), s -> s, t alone.
  Argument argument;
  argument.claims = {MakeClaim("x", {MakeLink("z")}), MakeClaim("y", {MakeLink("x")}),
                     MakeClaim("z", {MakeLink("y"), MakeLink("w")}), MakeClaim("w", {MakeLink("z")}),
                     MakeClaim("t"), MakeClaim("s", {MakeLink("s")})};
  ClaimGraph graph(argument);
  const auto cycles = graph.Cycles();
  REQUIRE(cycles.size() == 2);
  CHECK(cycles[0] == std::vector<int>{0, 1, 2, 0});  // x -> y -> z -> x: the shortest way back to x
  CHECK(cycles[1] == std::vector<int>{5, 5});        // s -> s
  CHECK_FALSE(graph.TopologicalOrder().has_value());
}

TEST_CASE("a duplicate id keeps its first vertex", "[graph]") {
  Argument argument;
  argument.claims = {MakeClaim("a"), MakeClaim("a"), MakeClaim("b", {MakeLink("a")})};
  ClaimGraph graph(argument);
  CHECK(graph.Vertex("a") == 0);
  CHECK(boost::edge(0, 2, graph.graph()).second);
  CHECK_FALSE(boost::edge(1, 2, graph.graph()).second);
}
