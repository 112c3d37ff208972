// Cruxes from two propagations (cruxes.h): parameters through their family's table, claims through
// VariableInfluence.
#include "argraph/cruxes.h"

#include <algorithm>
#include <cmath>

#include "argraph/sensitivity.h"

namespace argraph {
namespace {

// dT/dτ of a non-affine table function by Richardson-extrapolated differences (one-sided of second
// order at the ends of the domain). The table function is cheap: only P(target) is exact-critical.
std::vector<double> TableDerivative(const ParameterSpace& space, size_t p, double value, double lo,
                                    double hi) {
  const double h = 1e-4 * std::max(1.0, std::fabs(value));
  std::vector<double> a, b, c, d, out;
  auto diff = [&](double step) {
    std::vector<double> result;
    if (value - 2 * step < lo) {  // forward: (−3 T0 + 4 T1 − T2) / 2h
      space.TableAt(p, value, a);
      space.TableAt(p, value + step, b);
      space.TableAt(p, value + 2 * step, c);
      for (size_t i = 0; i < a.size(); ++i) result.push_back((-3 * a[i] + 4 * b[i] - c[i]) / (2 * step));
    } else if (value + 2 * step > hi) {  // backward
      space.TableAt(p, value, a);
      space.TableAt(p, value - step, b);
      space.TableAt(p, value - 2 * step, c);
      for (size_t i = 0; i < a.size(); ++i) result.push_back((3 * a[i] - 4 * b[i] + c[i]) / (2 * step));
    } else {
      space.TableAt(p, value + step, a);
      space.TableAt(p, value - step, b);
      for (size_t i = 0; i < a.size(); ++i) result.push_back((a[i] - b[i]) / (2 * step));
    }
    return result;
  };
  const std::vector<double> coarse = diff(h), fine = diff(h / 2);
  out.resize(coarse.size());
  for (size_t i = 0; i < out.size(); ++i) out[i] = (4 * fine[i] - coarse[i]) / 3;
  return out;
}

// True when the table is an affine function of the parameter (every probability of an all/any/table
// claim, a credence, a network entry); logistic weights and bases are not.
bool IsAffine(const ParameterSpace& space, size_t p, std::vector<double>& direction) {
  if (!space.parameters()[p].IsProbability()) return false;
  std::vector<double> t0, t1, half;
  space.TableAt(p, 0, t0);
  space.TableAt(p, 1, t1);
  space.TableAt(p, 0.5, half);
  direction.resize(t0.size());
  for (size_t i = 0; i < t0.size(); ++i) {
    if (std::fabs(half[i] - 0.5 * (t0[i] + t1[i])) > 1e-12) return false;
    direction[i] = t1[i] - t0[i];
  }
  return true;
}

double Swing(const std::optional<double>& a, const std::optional<double>& b) {
  return a && b ? std::fabs(*a - *b) : 0.0;
}

}  // namespace

double ParameterCrux::swing() const {
  return Swing(at_low, at_high);
}
double ClaimCrux::swing() const {
  return Swing(if_true, if_false);
}

std::pair<std::pair<double, double>, bool> TornadoInterval(const Parameter& parameter) {
  if (parameter.interval) return {*parameter.interval, false};
  const double v = parameter.value;
  if (!parameter.IsProbability()) return {{v - 1, v + 1}, true};
  return {{std::min(0.05, v), std::max(0.95, v)}, true};
}

std::pair<double, double> ParameterDomain(const Parameter& parameter) {
  if (parameter.IsProbability()) return {0.0, 1.0};
  return {std::min(-10.0, parameter.value - 10), std::max(10.0, parameter.value + 10)};
}

CruxReport Cruxes(Evaluator& evaluator, const Target& target, const Evidence& evidence, double threshold) {
  CruxReport report;
  report.threshold = threshold;
  const Network& network = evaluator.network();
  const ParameterSpace& space = evaluator.space();

  // Two propagations with every derivative (zero entries included): evidence e, and e ∧ y.
  Posterior given_e, given_ey;
  ++report.propagations;
  if (!evaluator.PropagateDerivatives(evidence, given_e)) {
    report.possible = false;
    return report;
  }
  // e ∧ y; when the target is itself observed, e ∧ y is e (same state) or impossible (another state).
  bool target_observed = false, target_contradicted = false;
  for (auto [var, state] : evidence) {
    if (var == target.variable) {
      target_observed = true;
      target_contradicted = state != target.state;
    }
  }
  Gradient e_gradient = GradientFromPosterior(given_e);
  Gradient ey_gradient;
  if (target_contradicted) {
    given_ey.possible = false;
    ey_gradient = ZeroGradient(network);  // y is ruled out by e whatever the tables
  } else {
    Evidence with_target = evidence;
    if (!target_observed) with_target.push_back({target.variable, target.state});
    ++report.propagations;
    evaluator.PropagateDerivatives(with_target, given_ey);
    ey_gradient = GradientFromPosterior(given_ey);
  }
  const std::vector<Parameter>& parameters = space.parameters();
  const PosteriorSensitivity sensitivity(std::move(e_gradient), std::move(ey_gradient));
  report.credence = sensitivity.probability();

  std::vector<double> table, direction;
  for (size_t p = 0; p < parameters.size(); ++p) {
    const Parameter& parameter = parameters[p];
    const int v = space.Family(p);
    ParameterCrux crux;
    crux.name = parameter.name;
    crux.value = parameter.value;
    const auto [interval, default_interval] = TornadoInterval(parameter);
    crux.low = interval.first;
    crux.high = interval.second;
    crux.default_interval = default_interval;
    auto at = [&](double x) -> std::optional<double> {
      space.TableAt(p, x, table);
      return sensitivity.ProbabilityWith(network, v, table);
    };
    crux.at_low = at(crux.low);
    crux.at_high = at(crux.high);
    auto [lo, hi] = ParameterDomain(parameter);
    if (IsAffine(space, p, direction)) {
      crux.derivative = sensitivity.Derivative(v, direction);
      crux.flip_at = sensitivity.Affine(v, parameter.value, direction).Flip(threshold, lo, hi);
    } else {
      crux.derivative = sensitivity.Derivative(v, TableDerivative(space, p, parameter.value, lo, hi));
      crux.flip_at = FindCrossing(at, threshold, lo, hi, parameter.value);
    }
    if (!std::isfinite(crux.derivative)) crux.derivative = 0;  // only where P(e) vanishes nearby
    report.parameters.push_back(std::move(crux));
  }

  for (size_t v = 0; v < network.variables.size(); ++v) {
    if (network.variables[v].hidden || static_cast<int>(v) == target.variable) continue;
    const Influence influence = VariableInfluence(given_e, given_ey, static_cast<int>(v), 0, threshold);
    ClaimCrux crux;
    crux.id = network.variables[v].name;
    crux.if_true = influence.if_state;
    crux.if_false = influence.if_other;
    crux.mutual_information = influence.mutual_information;
    crux.expected_shift = influence.expected_shift;
    crux.jeffrey_flip = influence.jeffrey_flip;
    report.claims.push_back(std::move(crux));
  }
  std::stable_sort(report.parameters.begin(), report.parameters.end(),
                   [](const ParameterCrux& a, const ParameterCrux& b) { return a.swing() > b.swing(); });
  std::stable_sort(report.claims.begin(), report.claims.end(),
                   [](const ClaimCrux& a, const ClaimCrux& b) { return a.swing() > b.swing(); });
  return report;
}

}  // namespace argraph
