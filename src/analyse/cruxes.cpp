// Cruxes from two propagations (cruxes.h): parameters through their family's table, claims through
// VariableInfluence.
#include "argraph/cruxes.h"

#include <algorithm>
#include <cmath>

#include "argraph/sensitivity.h"

namespace argraph {
namespace {

// dT/dτ of a table function the parameter space does not describe (TableMove::kUnknown) by
// Richardson-extrapolated differences (one-sided of second order at the ends of the domain). Argument
// and network spaces describe every move in closed form and never come here.
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

double Swing(const std::optional<double>& a, const std::optional<double>& b) {
  return a && b ? std::fabs(*a - *b) : 0.0;
}

// Sorts by swing, largest first, ties in their order: the keys are sorted, then each item moved once.
template <class Crux>
void RankBySwing(std::vector<Crux>& items) {
  std::vector<std::pair<double, size_t>> keys(items.size());
  for (size_t i = 0; i < items.size(); ++i) keys[i] = {-items[i].swing(), i};
  std::sort(keys.begin(), keys.end());
  std::vector<Crux> ranked;
  ranked.reserve(items.size());
  for (const auto& key : keys) ranked.push_back(std::move(items[key.second]));
  items = std::move(ranked);
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

  // Two propagations: evidence e, and e ∧ y with every derivative of P(y, e) (zero entries included).
  // Without evidence P(e) = 1 whatever the tables (every move keeps each column summing to 1), so the
  // first needs no derivatives: its marginals are all the claims need. With evidence it has them all.
  Posterior& given_e = evaluator.Workspace(0);
  Posterior& given_ey = evaluator.Workspace(1);
  ++report.propagations;
  const bool possible = evidence.empty() ? evaluator.Propagate(evidence, false, given_e)
                                         : evaluator.PropagateDerivatives(evidence, given_e);
  if (!possible) {
    report.possible = false;
    return report;
  }
  const GradientView e_view = evidence.empty() ? GradientView{} : DerivativesOf(given_e);
  // e ∧ y; when the target is itself observed, e ∧ y is e (same state) or impossible (another state).
  bool target_observed = false, target_contradicted = false;
  for (auto [var, state] : evidence) {
    if (var == target.variable) {
      target_observed = true;
      target_contradicted = state != target.state;
    }
  }
  GradientView ey_view{nullptr, 0, 0};  // y is ruled out by e whatever the tables
  if (target_contradicted) {
    given_ey.possible = false;
  } else {
    Evidence with_target = evidence;
    if (!target_observed) with_target.push_back({target.variable, target.state});
    ++report.propagations;
    evaluator.PropagateDerivatives(with_target, given_ey);
    ey_view = DerivativesOf(given_ey);
  }
  report.credence =
      std::clamp(std::exp(ey_view.log_scale - e_view.log_scale) * ey_view.probability / e_view.probability, 0.0, 1.0);

  // Each parameter moves the entries of one family's table: P(y|e) along it is the closed form of
  // MoveFunction over those entries. A space that cannot say how (TableMove::kUnknown) has its table
  // rebuilt at each point and differentiated numerically.
  const std::vector<Parameter>& parameters = space.parameters();
  report.parameters.reserve(parameters.size());
  TableMove move, whole;
  MoveFunction function, rebuilt;
  std::vector<double> table;
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
    const auto [lo, hi] = ParameterDomain(parameter);
    space.Move(p, move);
    if (move.kind != TableMove::Kind::kUnknown) {
      function.Reset(e_view, ey_view, v, move, parameter.value);
      crux.at_low = function.At(crux.low);
      crux.at_high = function.At(crux.high);
      crux.derivative = function.Derivative();
      crux.flip_at = function.Flip(threshold, lo, hi);
    } else {
      const std::vector<double>& theta = network.families[static_cast<size_t>(v)].table;
      // The whole table's change as an affine move from 0 to 1.
      auto along = [&](const std::vector<double>& change) -> const MoveFunction& {
        whole.Clear(TableMove::Kind::kAffine);
        for (size_t i = 0; i < change.size(); ++i) {
          if (change[i] == 0) continue;
          whole.index.push_back(static_cast<uint32_t>(i));
          whole.slope.push_back(change[i]);
        }
        rebuilt.Reset(e_view, ey_view, v, whole, 0);
        return rebuilt;
      };
      auto at = [&](double x) -> std::optional<double> {
        space.TableAt(p, x, table);
        for (size_t i = 0; i < table.size(); ++i) table[i] -= theta[i];
        return along(table).At(1);
      };
      crux.at_low = at(crux.low);
      crux.at_high = at(crux.high);
      crux.derivative = along(TableDerivative(space, p, parameter.value, lo, hi)).Derivative();
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
  RankBySwing(report.parameters);
  RankBySwing(report.claims);
  return report;
}

}  // namespace argraph
