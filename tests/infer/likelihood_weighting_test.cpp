// Likelihood weighting against the exact answer (EnumerateExact): estimates within four standard
// errors, standard errors shrinking like 1/sqrt(samples), the same seed giving the same estimate, and
// impossible evidence reported.
//   asia-like:  A -> B -> C,  A -> C  with evidence on C
#include <catch2/catch.hpp>

#include <cmath>

#include "argraph/inference.h"
#include "argraph/sampling.h"

using namespace argraph;

namespace {

Network Triangle() {
  Network net;
  net.variables = {{"A", {"t", "f"}, false, {}}, {"B", {"x", "y", "z"}, false, {}}, {"C", {"t", "f"}, false, {}}};
  net.families.resize(3);
  net.families[0] = {0, {}, {0.3, 0.7}, {}};
  net.families[1] = {1, {0}, {0.5, 0.3, 0.2, 0.1, 0.1, 0.8}, {}};
  net.families[2] = {2, {0, 1}, {0.9, 0.1, 0.6, 0.4, 0.2, 0.8, 0.7, 0.3, 0.05, 0.95, 0.01, 0.99}, {}};
  return net;
}

}  // namespace

TEST_CASE("likelihood weighting estimates the exact posterior within its standard error", "[sampling]") {
  Network net = Triangle();
  const Evidence e{{2, 0}};
  Posterior exact = EnumerateExact(net, e, false);
  SamplingOptions options;
  options.samples = 200000;
  options.seed = 42;
  ApproximatePosterior approx = LikelihoodWeighting(net, e, options);
  REQUIRE(approx.posterior.possible);
  for (size_t v = 0; v < 2; ++v) {
    for (size_t s = 0; s < exact.marginals[v].size(); ++s) {
      const double se = approx.standard_errors[v][s];
      CHECK(se > 0);
      CHECK(se < 0.01);
      CHECK(std::fabs(approx.posterior.marginals[v][s] - exact.marginals[v][s]) < 4 * se);
    }
  }
  CHECK(approx.posterior.marginals[2][0] == Approx(1.0));
  CHECK(approx.standard_errors[2][0] == Approx(0.0).margin(1e-15));
  CHECK(std::exp(approx.posterior.log_evidence) == Approx(std::exp(exact.log_evidence)).epsilon(0.02));

  // Four times the samples: about half the standard error.
  options.samples = 800000;
  ApproximatePosterior more = LikelihoodWeighting(net, e, options);
  CHECK(more.standard_errors[0][0] / approx.standard_errors[0][0] == Approx(0.5).epsilon(0.05));
}

TEST_CASE("likelihood weighting is deterministic for a seed and reports impossible evidence", "[sampling]") {
  Network net = Triangle();
  SamplingOptions options;
  options.samples = 1000;
  options.seed = 7;
  CHECK(LikelihoodWeighting(net, {{2, 1}}, options).posterior.marginals[0][0] ==
        LikelihoodWeighting(net, {{2, 1}}, options).posterior.marginals[0][0]);
  net.families[0].table = {1.0, 0.0};
  net.families[1].table = {1.0, 0.0, 0.0, 1.0, 0.0, 0.0};
  CHECK_FALSE(LikelihoodWeighting(net, {{1, 2}}, options).posterior.possible);
  CHECK_FALSE(LikelihoodWeighting(net, {{0, 0}, {0, 1}}, options).posterior.possible);
}
