// The brute-force oracle itself, checked by hand on a two-variable network:
//   A -> B,  P(A)=0.3,  P(B|A)=0.9,  P(B|¬A)=0.2
#include <catch2/catch.hpp>

#include "argraph/inference.h"

using namespace argraph;

static Network TwoNodes() {
  Network net;
  net.variables = {{"A", {"true", "false"}, false, {}}, {"B", {"true", "false"}, false, {}}};
  net.families.resize(2);
  net.families[0] = {0, {}, {0.3, 0.7}, {}};
  net.families[1] = {1, {0}, {0.9, 0.1, 0.2, 0.8}, {}};
  return net;
}

TEST_CASE("enumeration gives hand-computed marginals and posteriors") {
  Network net = TwoNodes();
  Posterior prior = EnumerateExact(net, {});
  REQUIRE(prior.possible);
  CHECK(prior.marginals[1][0] == Approx(0.3 * 0.9 + 0.7 * 0.2).epsilon(1e-14));
  CHECK(prior.log_evidence == Approx(0.0).margin(1e-15));
  // P(A | B) = 0.27 / 0.41
  Posterior post = EnumerateExact(net, {{1, 0}});
  REQUIRE(post.possible);
  CHECK(post.marginals[0][0] == Approx(0.27 / 0.41).epsilon(1e-14));
  CHECK(std::exp(post.log_evidence) == Approx(0.41).epsilon(1e-14));
  // family marginal P(A=false, B=true | B) = 0.14 / 0.41 at index (a=1)*2 + (b=0)
  CHECK(post.family_marginals[1][2] == Approx(0.14 / 0.41).epsilon(1e-14));
}

TEST_CASE("enumeration reports impossible evidence") {
  Network net = TwoNodes();
  net.families[1].table = {1.0, 0.0, 1.0, 0.0};  // B is always true
  CHECK_FALSE(EnumerateExact(net, {{1, 1}}).possible);
}
