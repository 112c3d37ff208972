// Sensitivity from family marginals, checked against the published asia vectors (DESIGN.md section 5)
// and, on random networks, against brute-force re-evaluation (EnumerateExact) and central differences.
#include "argraph/sensitivity.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "analyse/networks.h"
#include "argraph/junction_tree.h"

using namespace argraph;
using argraph::testing::Asia;
using argraph::testing::RandomNetwork;

namespace {

// Gradient under `evidence`, zero entries included, by brute force (EnumerateExact).
Gradient FullGradient(const Network& net, const Evidence& evidence) {
  return GradientFromPosterior(EnumerateExact(net, evidence, true, true));
}

PosteriorSensitivity Sensitivity(const Network& net, const Evidence& evidence, int target, int state) {
  Evidence with_target = evidence;
  with_target.push_back({target, state});
  return PosteriorSensitivity(FullGradient(net, evidence), FullGradient(net, with_target));
}

// P(target = state | evidence) by enumeration, or nullopt when the evidence is impossible.
std::optional<double> Brute(const Network& net, const Evidence& evidence, int target, int state) {
  Posterior p = EnumerateExact(net, evidence, false);
  if (!p.possible) return std::nullopt;
  return p.marginals[static_cast<size_t>(target)][static_cast<size_t>(state)];
}

Network Moved(const Network& net, int v, const std::vector<double>& direction, double now, double tau) {
  Network copy = net;
  std::vector<double>& t = copy.families[static_cast<size_t>(v)].table;
  for (size_t i = 0; i < t.size(); ++i) {
    t[i] = std::clamp(t[i] + (tau - now) * direction[i], 0.0, 1.0);
    if (t[i] < 1e-15) t[i] = 0;  // rounding left of an entry moved to 0 is 0
  }
  return copy;
}

const Evidence kAsiaEvidence = {{6, 0}, {7, 0}};  // xray = yes, dysp = yes
constexpr int kLung = 3, kSmoke = 2, kTub = 1;

}  // namespace

TEST_CASE("asia: posterior, derivatives and flips match the published vectors", "[sensitivity]") {
  const Network net = Asia();
  const PosteriorSensitivity s = Sensitivity(net, kAsiaEvidence, kLung, 0);
  CHECK(s.probability() == Approx(0.6212527967).epsilon(1e-9));

  // P(smoke = yes) = 0.5 (a root)
  const OneWayFunction smoke = s.Entry(net, kSmoke, 0);
  CHECK(*smoke.DerivativeAt(0.5) == Approx(0.32197839).epsilon(1e-7));
  CHECK(*smoke.Flip(0.5) == Approx(0.23669467).epsilon(1e-7));

  // P(lung = yes | smoke = yes) = 0.1: entry 0 of lung's table
  const OneWayFunction lung = s.Entry(net, kLung, 0);
  CHECK(*lung.DerivativeAt(0.1) == Approx(2.3032223).epsilon(1e-7));
  CHECK(*lung.Flip(0.5) == Approx(0.05908282).epsilon(1e-7));

  // P(tub = yes | asia = yes) = 0.05
  const OneWayFunction tub = s.Entry(net, kTub, 0);
  CHECK(*tub.DerivativeAt(0.05) == Approx(-0.062496471).epsilon(1e-7));
  CHECK_FALSE(tub.Flip(0.5).has_value());
}

TEST_CASE("asia: the derivative needs both brackets of the co-variation formula", "[sensitivity]") {
  // {[P(y,x,u|e) − P(y|e)P(x,u|e)] − θ[P(y,u|e) − P(y|e)P(u|e)]} / (θ(1−θ)) for θ = P(lung|smoke),
  // evaluated from enumeration; the one-term form (first bracket only) gives 2.39266.
  const Network net = Asia();
  Posterior e = EnumerateExact(net, kAsiaEvidence);
  Evidence ey = kAsiaEvidence;
  ey.push_back({kLung, 0});
  Posterior pey = EnumerateExact(net, ey);
  const double py = e.marginals[kLung][0];
  const double theta = 0.1;
  const double p_yxu = py * pey.family_marginals[kLung][0];  // y = x here: lung = yes, smoke = yes
  const double p_xu = e.family_marginals[kLung][0];
  const double p_yu = py * pey.marginals[kSmoke][0];
  const double p_u = e.marginals[kSmoke][0];
  const double two_brackets = ((p_yxu - py * p_xu) - theta * (p_yu - py * p_u)) / (theta * (1 - theta));
  const double one_bracket = (p_yxu - py * p_xu) / (theta * (1 - theta));
  CHECK(two_brackets == Approx(2.3032223).epsilon(1e-7));
  CHECK(one_bracket == Approx(2.39266).epsilon(1e-5));
  CHECK(*Sensitivity(net, kAsiaEvidence, kLung, 0).Entry(net, kLung, 0).DerivativeAt(theta) ==
        Approx(two_brackets).epsilon(1e-12));
}

TEST_CASE("asia: claim influence, Jeffrey flip and mutual information", "[sensitivity]") {
  const Network net = Asia();
  Posterior e = EnumerateExact(net, kAsiaEvidence, false);
  Evidence ey = kAsiaEvidence;
  ey.push_back({kLung, 0});
  Posterior pey = EnumerateExact(net, ey, false);
  const Influence smoke = VariableInfluence(e, pey, kSmoke, 0, 0.5);
  CHECK(*smoke.jeffrey_flip == Approx(0.531901).epsilon(1e-6));
  CHECK(smoke.mutual_information == Approx(0.116630).epsilon(1e-5));
  const Influence tub = VariableInfluence(e, pey, kTub, 0, 0.5);
  CHECK(tub.mutual_information == Approx(0.133914).epsilon(1e-5));
  // P(lung | smoke, e) and P(lung | ¬smoke, e) by conditioning directly.
  Evidence with_smoke = kAsiaEvidence;
  with_smoke.push_back({kSmoke, 0});
  Evidence without_smoke = kAsiaEvidence;
  without_smoke.push_back({kSmoke, 1});
  CHECK(*smoke.if_state == Approx(*Brute(net, with_smoke, kLung, 0)).epsilon(1e-12));
  CHECK(*smoke.if_other == Approx(*Brute(net, without_smoke, kLung, 0)).epsilon(1e-12));
}

TEST_CASE("asia: a zero entry's derivative comes from the same junction-tree propagation, exactly",
          "[sensitivity]") {
  const Network net = Asia();  // either's table is deterministic: zeros and ones
  JunctionTree tree(net);
  Evidence ey = kAsiaEvidence;
  ey.push_back({kLung, 0});
  Posterior e_posterior, ey_posterior;
  tree.PropagateDerivatives(kAsiaEvidence, e_posterior);
  tree.PropagateDerivatives(ey, ey_posterior);
  const PosteriorSensitivity s(GradientFromPosterior(e_posterior), GradientFromPosterior(ey_posterior));
  CHECK_THROWS_AS(GradientFromPosterior(EnumerateExact(net, kAsiaEvidence)), std::logic_error);
  // Moving P(either = yes | lung = no, tub = no) off 0 re-evaluates exactly.
  const std::vector<double> direction = CovariedDirection(net, 5, 6);  // lung = no, tub = no, either = yes
  const OneWayFunction f = s.Entry(net, 5, 6);
  for (double tau : {0.0, 0.3, 0.7, 1.0}) {
    CHECK(*f.At(tau) ==
          Approx(*Brute(Moved(net, 5, direction, 0.0, tau), kAsiaEvidence, kLung, 0)).epsilon(1e-12));
  }
}

TEST_CASE("random networks: one-way functions equal re-evaluation, derivatives equal central differences",
          "[sensitivity]") {
  std::mt19937_64 rng(42);
  int checked_flips = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const Network net = RandomNetwork(rng, 4 + trial % 4);
    const int n = static_cast<int>(net.variables.size());
    std::uniform_int_distribution<int> pick(0, n - 1);
    Evidence evidence;
    if (trial % 2 == 1) {  // half the trials with evidence on one or two variables
      const int a = pick(rng), b = pick(rng);
      evidence.push_back({a, 0});
      if (b != a) evidence.push_back({b, 1});
    }
    if (!EnumerateExact(net, evidence, false).possible) continue;
    const int target = pick(rng);
    bool observed = false;  // a target among the evidence has nothing to be sensitive about
    for (auto [var, state] : evidence) observed = observed || var == target;
    if (observed || !Brute(net, evidence, target, 0)) continue;
    const PosteriorSensitivity s = Sensitivity(net, evidence, target, 0);
    CHECK(s.probability() == Approx(*Brute(net, evidence, target, 0)).margin(1e-12));
    for (int v = 0; v < n; ++v) {
      const std::vector<double>& table = net.families[static_cast<size_t>(v)].table;
      for (size_t i = 0; i < table.size(); ++i) {
        const double theta = table[i];
        const std::vector<double> direction = CovariedDirection(net, v, i);
        const OneWayFunction f = s.Entry(net, v, i);
        // The exact function at 20 points of [0,1].
        for (int k = 0; k < 20; ++k) {
          const double tau = k / 19.0;
          std::optional<double> brute = Brute(Moved(net, v, direction, theta, tau), evidence, target, 0);
          std::optional<double> exact = f.At(tau);
          if (!brute) continue;  // P(e) = 0 there
          INFO("trial " << trial << " v " << v << " i " << i << " tau " << tau << " brute " << *brute
                        << " alpha_e " << f.alpha_e << " beta_e " << f.beta_e);
          REQUIRE(exact.has_value());
          CHECK(*exact == Approx(*brute).margin(1e-10));
        }
        // The derivative against a central difference (one-sided at the ends of [0,1]).
        const double h = 1e-5;
        auto at = [&](double tau) {
          return *Brute(Moved(net, v, direction, theta, tau), evidence, target, 0);
        };
        double fd;
        if (theta - h < 0) {
          fd = (-3 * at(theta) + 4 * at(theta + h) - at(theta + 2 * h)) / (2 * h);
        } else if (theta + h > 1) {
          fd = (3 * at(theta) - 4 * at(theta - h) + at(theta - 2 * h)) / (2 * h);
        } else {
          fd = (at(theta + h) - at(theta - h)) / (2 * h);
        }
        CHECK(*f.DerivativeAt(theta) == Approx(fd).margin(1e-6));
        // A threshold between the ends must flip, and the flip must re-evaluate to it.
        std::optional<double> lo = f.At(0), hi = f.At(1);
        if (lo && hi && std::fabs(*lo - *hi) > 1e-6) {
          const double c = 0.5 * (*lo + *hi);
          std::optional<double> flip = f.Flip(c);
          REQUIRE(flip.has_value());
          INFO("flip " << *flip << " lo " << *lo << " hi " << *hi << " ae " << f.alpha_e << " be " << f.beta_e
                       << " ay " << f.alpha_y << " by " << f.beta_y << " theta " << theta << " v " << v);
          CHECK(at(*flip) == Approx(c).margin(1e-10));
          ++checked_flips;
        }
      }
    }
  }
  CHECK(checked_flips > 100);
}

TEST_CASE("random networks: a whole new table of one family gives the re-evaluated posterior",
          "[sensitivity]") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 30; ++trial) {
    const Network net = RandomNetwork(rng, 5);
    const Evidence evidence = {{4, 0}};
    if (!EnumerateExact(net, evidence, false).possible) continue;
    const PosteriorSensitivity s = Sensitivity(net, evidence, 2, 1);
    for (int v = 0; v < 5; ++v) {
      Network other = RandomNetwork(rng, 5);  // a source of random tables of the right shape, maybe
      Network moved = net;
      std::vector<double>& t = moved.families[static_cast<size_t>(v)].table;
      if (other.families[static_cast<size_t>(v)].table.size() != t.size()) continue;
      t = other.families[static_cast<size_t>(v)].table;
      std::optional<double> brute = Brute(moved, evidence, 2, 1);
      std::optional<double> exact = s.ProbabilityWith(net, v, t);
      if (!brute) continue;
      REQUIRE(exact.has_value());
      CHECK(*exact == Approx(*brute).margin(1e-12));
    }
  }
}

TEST_CASE("random networks: mutual information and expected shift equal brute force", "[sensitivity]") {
  std::mt19937_64 rng(11);
  for (int trial = 0; trial < 40; ++trial) {
    const Network net = RandomNetwork(rng, 5);
    const Evidence evidence = trial % 2 ? Evidence{{0, 0}} : Evidence{};
    Posterior e = EnumerateExact(net, evidence, false);
    if (!e.possible) continue;
    const int target = 4;
    Evidence ey = evidence;
    ey.push_back({target, 0});
    Posterior pey = EnumerateExact(net, ey, false);
    const double py = e.marginals[target][0];
    for (int v = 1; v < 4; ++v) {
      const Influence inf = VariableInfluence(e, pey, v, 0, 0.5);
      // Brute force: condition on each state of X separately.
      double mi = 0, shift = 0;
      const size_t states = net.variables[static_cast<size_t>(v)].states.size();
      for (size_t x = 0; x < states; ++x) {
        Evidence ex = evidence;
        ex.push_back({v, static_cast<int>(x)});
        Posterior px = EnumerateExact(net, ex, false);
        if (!px.possible) continue;
        const double p_x = e.marginals[static_cast<size_t>(v)][x];
        const double p_y_x = px.marginals[target][0];
        for (auto [pt, pyx] : {std::pair{py, p_y_x}, std::pair{1 - py, 1 - p_y_x}}) {
          const double joint = p_x * pyx;
          if (joint > 0) mi += joint * std::log2(joint / (p_x * pt));
        }
        shift += p_x * std::fabs(p_y_x - py);
        if (x == 0) CHECK(*inf.if_state == Approx(p_y_x).margin(1e-12));
      }
      CHECK(inf.mutual_information == Approx(mi).margin(1e-12));
      CHECK(inf.expected_shift == Approx(shift).margin(1e-12));
    }
  }
}

TEST_CASE("FindCrossing finds the crossing nearest the current value", "[sensitivity]") {
  // sin has crossings of 0.5 at π/6 and 5π/6 in [0, π].
  auto f = [](double x) -> std::optional<double> { return std::sin(x); };
  CHECK(*FindCrossing(f, 0.5, 0, M_PI, 0.2) == Approx(M_PI / 6).margin(1e-10));
  CHECK(*FindCrossing(f, 0.5, 0, M_PI, 3.0) == Approx(5 * M_PI / 6).margin(1e-10));
  CHECK_FALSE(FindCrossing(f, 1.5, 0, M_PI, 1.0).has_value());
}
