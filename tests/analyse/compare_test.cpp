// Shapley attribution: exact values against a brute-force average over every order, efficiency (the
// values sum to the difference), and sampled values within their standard errors of the exact ones.
#include "argraph/compare.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <random>

#include "analyse/networks.h"

using namespace argraph;
using argraph::testing::Asia;
using argraph::testing::RandomNetwork;

namespace {

Evaluator Enumerating(Network net) {
  auto space = MakeNetworkEntrySpace(std::move(net));
  auto propagator = MakeEnumerationPropagator(space->network());
  return Evaluator(std::move(space), std::move(propagator));
}

// Shapley values by definition: the mean marginal contribution over all k! orders.
std::vector<double> BruteShapley(const Evaluator& a, const std::vector<size_t>& players,
                                 const std::vector<double>& b_values, const Target& target,
                                 const Evidence& e) {
  std::vector<size_t> order(players.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::vector<double> phi(players.size(), 0.0);
  double orders = 0;
  do {
    Evaluator work = a.Clone();
    double previous = *work.Probability(target, e);
    for (size_t j : order) {
      work.Set(players[j], b_values[players[j]]);
      const double now = *work.Probability(target, e);
      phi[j] += now - previous;
      previous = now;
    }
    orders += 1;
  } while (std::next_permutation(order.begin(), order.end()));
  for (double& x : phi) x /= orders;
  return phi;
}

}  // namespace

TEST_CASE("exact Shapley values equal the average over all orders and sum to the difference", "[compare]") {
  const Network net = Asia();
  Evaluator a = Enumerating(net);
  std::vector<double> b_values;
  for (const Parameter& p : a.parameters()) b_values.push_back(p.value);
  // B: five parameters in five different families (one per column, so the order of setting is moot).
  const std::vector<std::string> names = {"smoke=yes", "lung=yes|smoke=yes", "tub=yes|asia=yes",
                                          "bronc=yes|smoke=no", "asia=yes"};
  const std::vector<double> values = {0.8, 0.3, 0.2, 0.1, 0.4};
  std::vector<size_t> players;
  for (size_t i = 0; i < names.size(); ++i) {
    const size_t p = static_cast<size_t>(a.space().Find(names[i]));
    players.push_back(p);
    b_values[p] = values[i];
  }
  const Evidence e = {{6, 0}, {7, 0}};
  const Comparison c = Compare(a, b_values, {3, 0}, e);
  REQUIRE(c.possible);
  CHECK(c.method == "exact");
  REQUIRE(c.attribution.size() == 5);
  double sum = 0;
  for (const Attribution& x : c.attribution) sum += x.shapley;
  CHECK(sum == Approx(c.difference).margin(1e-12));
  CHECK(c.difference == Approx(c.credence_b - c.credence_a).margin(1e-15));
  const std::vector<double> brute = BruteShapley(a, players, b_values, {3, 0}, e);
  for (size_t i = 0; i < names.size(); ++i) {
    auto found = std::find_if(c.attribution.begin(), c.attribution.end(),
                              [&](const Attribution& x) { return x.name == names[i]; });
    REQUIRE(found != c.attribution.end());
    CHECK(found->shapley == Approx(brute[i]).margin(1e-12));
    CHECK(found->b == values[i]);
  }
  // The per-claim view: lung's credence under both.
  auto lung =
      std::find_if(c.claims.begin(), c.claims.end(), [](const ClaimDifference& x) { return x.id == "lung"; });
  REQUIRE(lung != c.claims.end());
  CHECK(lung->a == Approx(c.credence_a).margin(1e-12));
  CHECK(lung->b == Approx(c.credence_b).margin(1e-12));
}

TEST_CASE("sampled Shapley values agree with exact ones within their standard errors", "[compare]") {
  std::mt19937_64 rng(3);
  const Network net = RandomNetwork(rng, 6);
  Evaluator a = Enumerating(net);
  std::vector<double> b_values;
  std::uniform_real_distribution<double> unit(0.05, 0.95);
  // Change the first entry of every column of binary variables (one parameter per column).
  for (const Parameter& p : a.parameters()) b_values.push_back(p.value);
  for (size_t p = 0; p < b_values.size(); ++p) {
    if (a.network().variables[static_cast<size_t>(a.space().Family(p))].states.size() == 2)
      b_values[p] = unit(rng);
  }
  const Comparison exact = Compare(a, b_values, {5, 0}, {}, {.max_exact = 16});
  CompareOptions sampled_options;
  sampled_options.max_exact = 0;
  sampled_options.permutations = 4000;
  sampled_options.seed = 9;
  const Comparison sampled = Compare(a, b_values, {5, 0}, {}, sampled_options);
  REQUIRE(exact.method == "exact");
  REQUIRE(sampled.method == "sampled");
  REQUIRE(exact.attribution.size() == sampled.attribution.size());
  REQUIRE(exact.attribution.size() >= 3);
  double sum = 0;
  for (const Attribution& s : sampled.attribution) {
    sum += s.shapley;
    auto e = std::find_if(exact.attribution.begin(), exact.attribution.end(),
                          [&](const Attribution& x) { return x.name == s.name; });
    CHECK(std::fabs(s.shapley - e->shapley) <= 4 * s.standard_error + 1e-12);
  }
  CHECK(sum == Approx(sampled.difference).margin(1e-12));
  // Same seed, same result.
  const Comparison again = Compare(a, b_values, {5, 0}, {}, sampled_options);
  CHECK(again.attribution[0].shapley == sampled.attribution[0].shapley);
}

TEST_CASE("no differing parameter: no attribution, zero difference", "[compare]") {
  Evaluator a = Enumerating(Asia());
  std::vector<double> same;
  for (const Parameter& p : a.parameters()) same.push_back(p.value);
  const Comparison c = Compare(a, same, {3, 0}, {});
  CHECK(c.attribution.empty());
  CHECK(c.difference == 0);
}
