// Sweeps re-evaluate exactly: each point against an independently set evaluator, and a one-parameter
// sweep against the exact one-way function of sensitivity.h.
#include "argraph/sweep.h"

#include <catch2/catch.hpp>

#include "analyse/networks.h"
#include "argraph/sensitivity.h"

using namespace argraph;

TEST_CASE("a one-parameter sweep follows the exact one-way function", "[sweep]") {
  auto space = MakeNetworkEntrySpace(argraph::testing::Asia());
  auto propagator = MakeEnumerationPropagator(space->network());
  Evaluator evaluator(std::move(space), std::move(propagator));
  const Evidence e = {{6, 0}, {7, 0}};
  const size_t p = static_cast<size_t>(evaluator.space().Find("smoke=yes"));
  const SweepResult r = Sweep(evaluator, {3, 0}, e, {{p, 0.0, 1.0, 11}});
  REQUIRE(r.probability.size() == 11);
  CHECK(r.names == std::vector<std::string>{"smoke=yes"});
  CHECK(r.values[0].back() == 1.0);
  // The one-way function from two propagations (sensitivity.h).
  const Network& net = evaluator.network();
  Evidence ey = e;
  ey.push_back({3, 0});
  const PosteriorSensitivity s(GradientFromPosterior(EnumerateExact(net, e, true, true)),
                               GradientFromPosterior(EnumerateExact(net, ey, true, true)));
  const OneWayFunction f = s.Entry(net, 2, 0);
  for (size_t k = 0; k < 11; ++k) CHECK(*r.probability[k] == Approx(*f.At(r.values[0][k])).margin(1e-12));
}

TEST_CASE("a two-parameter sweep is a grid, first axis slowest", "[sweep]") {
  auto space = MakeNetworkEntrySpace(argraph::testing::Asia());
  auto propagator = MakeEnumerationPropagator(space->network());
  Evaluator evaluator(std::move(space), std::move(propagator));
  const size_t p = static_cast<size_t>(evaluator.space().Find("smoke=yes"));
  const size_t q = static_cast<size_t>(evaluator.space().Find("lung=yes|smoke=yes"));
  const SweepResult r = Sweep(evaluator, {3, 0}, {}, {{p, 0.2, 0.8, 3}, {q, 0.0, 0.5, 4}});
  REQUIRE(r.probability.size() == 12);
  // P(lung) = P(smoke)·P(lung|smoke) + (1 − P(smoke))·0.01 with no evidence.
  for (size_t i = 0; i < 3; ++i) {
    for (size_t j = 0; j < 4; ++j) {
      const double s = r.values[0][i], l = r.values[1][j];
      CHECK(*r.probability[i * 4 + j] == Approx(s * l + (1 - s) * 0.01).margin(1e-12));
    }
  }
}
