// Monte Carlo uncertainty: interval matching against the Beta CDF, quantiles against a brute-force
// grid on a one-parameter model, Sobol indices against their closed form on a product model.
#include "argraph/uncertainty.h"

#include <algorithm>
#include <boost/math/special_functions/beta.hpp>
#include <catch2/catch.hpp>
#include <cmath>

#include "analyse/networks.h"

using namespace argraph;

namespace {

Evaluator Enumerating(Network net) {
  auto space = MakeNetworkEntrySpace(std::move(net));
  auto propagator = MakeEnumerationPropagator(space->network());
  return Evaluator(std::move(space), std::move(propagator));
}

Evaluator WithJunctionTree(Network net) {
  auto space = MakeNetworkEntrySpace(std::move(net));
  auto propagator = MakeJunctionTreePropagator(space->network());
  return Evaluator(std::move(space), std::move(propagator));
}

// A and B roots, C = A and B (a deterministic table): P(C) = pA·pB.
//   A   B
//    \ /
//     C
Network Product() {
  Network net;
  net.name = "product";
  for (const char* name : {"A", "B", "C"}) net.variables.push_back({name, {"true", "false"}, false, {}});
  net.families = {
      {0, {}, {0.5, 0.5}, {}}, {1, {}, {0.5, 0.5}, {}}, {2, {0, 1}, {1, 0, 0, 1, 0, 1, 0, 1}, {}}};
  return net;
}

}  // namespace

TEST_CASE("a 90% interval is matched by a Beta with those 5% and 95% quantiles", "[uncertainty]") {
  Parameter p;
  for (auto [l, h] :
       {std::pair{0.2, 0.7}, std::pair{0.01, 0.1}, std::pair{0.6, 0.99}, std::pair{0.45, 0.55}}) {
    const ParameterDistribution d = MatchInterval(p, {l, h});
    REQUIRE(d.kind == DistributionKind::kBeta);
    CHECK(boost::math::ibeta(d.a, d.b, l) == Approx(0.05).margin(1e-6));
    CHECK(boost::math::ibeta(d.a, d.b, h) == Approx(0.95).margin(1e-6));
  }
  // An end at 0: α = 1 and the 95% quantile matched.
  const ParameterDistribution edge = MatchInterval(p, {0.0, 0.3});
  CHECK(edge.a == 1);
  CHECK(boost::math::ibeta(edge.a, edge.b, 0.3) == Approx(0.95).margin(1e-9));
  CHECK(MatchInterval(p, {0.4, 0.4}).kind == DistributionKind::kFixed);
  Parameter w;
  w.kind = ParameterKind::kWeight;
  const ParameterDistribution normal = MatchInterval(w, {-1.0, 3.0});
  CHECK(normal.kind == DistributionKind::kNormal);
  CHECK(normal.a == 1.0);
  CHECK(normal.b == Approx(2 / 1.6448536269514722).epsilon(1e-12));
}

TEST_CASE("quantiles, mean and sd match a brute-force grid on a one-parameter model", "[uncertainty]") {
  // P(lung | xray, dysp) in asia as P(smoke) varies in Beta matched to [0.2, 0.7]: monotone in P(smoke).
  Evaluator evaluator = Enumerating(argraph::testing::Asia());
  const Evidence e = {{6, 0}, {7, 0}};
  UncertaintyOptions options;
  options.samples = 150000;
  options.seed = 4;
  options.intervals["smoke=yes"] = {0.2, 0.7};
  const UncertaintyReport r = Uncertainty(evaluator, {3, 0}, e, options);
  REQUIRE(r.varied == std::vector<std::string>{"smoke=yes"});
  CHECK(r.fixed.size() == evaluator.parameters().size() - 1);
  CHECK(r.samples == 150000);
  // Brute force: f at the quantiles of a 20,000-point grid of the input distribution.
  const ParameterDistribution d = MatchInterval(Parameter{}, {0.2, 0.7});
  const size_t p = static_cast<size_t>(evaluator.space().Find("smoke=yes"));
  std::vector<double> grid;
  Evaluator probe = evaluator.Clone();
  const int k = 20000;
  for (int i = 0; i < k; ++i) {
    probe.Set(p, boost::math::ibeta_inv(d.a, d.b, (i + 0.5) / k));
    grid.push_back(*probe.Probability({3, 0}, e));
  }
  std::sort(grid.begin(), grid.end());
  double mean = 0, sq = 0;
  for (double x : grid) mean += x / k;
  for (double x : grid) sq += (x - mean) * (x - mean) / k;
  const double n = 2.0 * 50000;  // independent draws: f(A) and f(B) of each row (f(A_B) repeats f(B))
  CHECK(std::fabs(r.mean - mean) <= 4 * std::sqrt(sq / n));
  CHECK(r.sd == Approx(std::sqrt(sq)).epsilon(0.02));
  for (auto [q, estimate] : {std::pair{0.05, r.q05}, std::pair{0.5, r.q50}, std::pair{0.95, r.q95}}) {
    const double exact = grid[static_cast<size_t>(q * k)];
    const double slope =
        (grid[static_cast<size_t>((q + 0.01) * k)] - grid[static_cast<size_t>((q - 0.01) * k)]) / 0.02;
    CHECK(std::fabs(estimate - exact) <= 4 * std::sqrt(q * (1 - q) / n) * slope + 1e-5);
  }
  uint64_t counted = 0;
  for (const HistogramBin& bin : r.histogram) counted += bin.count;
  CHECK(counted == r.samples - r.impossible);
}

TEST_CASE("Sobol indices of a product of two independent inputs converge to their closed form",
          "[uncertainty]") {
  // f = X·Y with X, Y independent: V = E[X²]E[Y²] − μx²μy², V_X = Var X·μy², V_Y = Var Y·μx²,
  // S_X = V_X / V and S_TX = 1 − V_Y / V (Sobol 1993; the product has an interaction term).
  Evaluator evaluator = Enumerating(Product());
  UncertaintyOptions options;
  options.samples = 400000;
  options.seed = 12;
  options.threads = 2;
  options.intervals["A=true"] = {0.1, 0.9};
  options.intervals["B=true"] = {0.5, 0.7};
  const UncertaintyReport r = Uncertainty(evaluator, {2, 0}, {}, options);
  const ParameterDistribution x = MatchInterval(Parameter{}, {0.1, 0.9});
  const ParameterDistribution y = MatchInterval(Parameter{}, {0.5, 0.7});
  auto mean = [](const ParameterDistribution& d) { return d.a / (d.a + d.b); };
  auto var = [](const ParameterDistribution& d) {
    return d.a * d.b / ((d.a + d.b) * (d.a + d.b) * (d.a + d.b + 1));
  };
  const double mx = mean(x), my = mean(y), vx = var(x), vy = var(y);
  const double v = (vx + mx * mx) * (vy + my * my) - mx * mx * my * my;
  REQUIRE(r.sobol.size() == 2);
  for (const SobolIndex& s : r.sobol) {
    const bool is_x = s.name == "A=true";
    const double first = is_x ? vx * my * my / v : vy * mx * mx / v;
    const double total = 1 - (is_x ? vy * mx * mx : vx * my * my) / v;
    INFO(s.name << " first " << s.first_order << " ± " << s.first_order_se << " (exact " << first
                << "), total " << s.total << " ± " << s.total_se << " (exact " << total << ")");
    CHECK(std::fabs(s.first_order - first) <= 4 * s.first_order_se);
    CHECK(std::fabs(s.total - total) <= 4 * s.total_se);
    CHECK(s.total_se < 0.02);
  }
  CHECK(r.mean == Approx(mx * my).epsilon(0.01));
}

TEST_CASE("uncertainty is deterministic for a seed and thread count", "[uncertainty]") {
  Evaluator evaluator = Enumerating(Product());
  UncertaintyOptions options;
  options.samples = 4000;
  options.seed = 77;
  options.intervals["A=true"] = {0.1, 0.9};
  const UncertaintyReport one = Uncertainty(evaluator, {2, 0}, {}, options);
  const UncertaintyReport again = Uncertainty(evaluator, {2, 0}, {}, options);
  CHECK(one.mean == again.mean);
  CHECK(one.q50 == again.q50);
  options.threads = 2;  // the same draws, summed in another order
  const UncertaintyReport two = Uncertainty(evaluator, {2, 0}, {}, options);
  CHECK(two.mean == Approx(one.mean).margin(1e-12));
  options.seed = 78;
  CHECK(Uncertainty(evaluator, {2, 0}, {}, options).mean != one.mean);
}

TEST_CASE("the junction tree's Monte Carlo equals brute-force enumeration's, draw for draw", "[uncertainty]") {
  // Same seed, same draws: each evaluation through the junction tree (without evidence: one propagation
  // of chosen families per row, the A_B rows from its family marginals) against the full joint.
  Evaluator tree = WithJunctionTree(argraph::testing::Asia());
  Evaluator joint = Enumerating(argraph::testing::Asia());
  UncertaintyOptions options;
  options.samples = 3000;
  options.seed = 5;
  options.intervals["smoke=yes"] = {0.2, 0.7};
  options.intervals["lung=yes|smoke=yes"] = {0.05, 0.2};
  options.intervals["xray=yes|either=no"] = {0.02, 0.1};
  options.intervals["tub=yes|asia=no"] = {0.005, 0.02};
  for (const Evidence& e : {Evidence{}, Evidence{{6, 0}}}) {
    const UncertaintyReport a = Uncertainty(tree, {7, 0}, e, options);
    const UncertaintyReport b = Uncertainty(joint, {7, 0}, e, options);
    REQUIRE(a.samples == b.samples);
    REQUIRE(a.varied.size() == 4);
    CHECK(a.mean == Approx(b.mean).margin(1e-12));
    CHECK(a.sd == Approx(b.sd).margin(1e-12));
    CHECK(a.q05 == Approx(b.q05).margin(1e-9));
    CHECK(a.q95 == Approx(b.q95).margin(1e-9));
    REQUIRE(a.sobol.size() == b.sobol.size());
    for (size_t i = 0; i < a.sobol.size(); ++i) {
      CHECK(a.sobol[i].name == b.sobol[i].name);
      CHECK(a.sobol[i].total == Approx(b.sobol[i].total).margin(1e-9));
      CHECK(a.sobol[i].first_order == Approx(b.sobol[i].first_order).margin(1e-9));
    }
  }
}
