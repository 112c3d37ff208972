// Cruxes from two propagations (cruxes.h): parameters through their family's table, claims through
// VariableInfluence.
#include "argraph/cruxes.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>

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

// LSD radix sort of 32-bit keys, 11 bits a pass (all three digit counts from one read of the keys;
// passes where every key has the same digit skipped): `order` comes back sorted by key, stably.
void RadixSort32(std::vector<uint32_t>& keys, std::vector<uint32_t>& order) {
  constexpr int kDigit = 11, kPasses = 3;
  constexpr size_t kBuckets = size_t{1} << kDigit;
  const size_t n = keys.size();
  std::vector<uint32_t> spare_keys(n), spare_order(n);
  std::vector<uint32_t> count(kPasses * kBuckets, 0);
  for (uint32_t key : keys) {
    for (int d = 0; d < kPasses; ++d) ++count[d * kBuckets + ((key >> (d * kDigit)) & (kBuckets - 1))];
  }
  for (int d = 0; d < kPasses; ++d) {
    uint32_t* c = count.data() + d * kBuckets;
    const int shift = d * kDigit;
    if (n == 0 || c[(keys[0] >> shift) & (kBuckets - 1)] == n) continue;
    uint32_t start = 0;
    for (size_t b = 0; b < kBuckets; ++b) start += std::exchange(c[b], start);
    for (size_t i = 0; i < n; ++i) {
      const uint32_t to = c[(keys[i] >> shift) & (kBuckets - 1)]++;
      spare_keys[to] = keys[i];
      spare_order[to] = order[i];
    }
    keys.swap(spare_keys);
    order.swap(spare_order);
  }
}

}  // namespace

std::vector<uint32_t> RankBySwing(const std::vector<double>& swings) {
  // A swing ≥ 0 rounded to float keeps its order (rounding is monotone; it can only make near values
  // equal), and a non-negative float's bits order like its value, so their complement orders like
  // −swing: three radix passes over 32-bit keys, then each run of equal keys (values equal as floats,
  // almost always one item) sorted by the exact swings. The result is the stable sort by −swing.
  const size_t n = swings.size();
  auto exact = [&](size_t i) { return swings[i] > 0 ? swings[i] : 0.0; };  // −0 and NaN rank as 0
  std::vector<uint32_t> keys(n), order(n);
  for (size_t i = 0; i < n; ++i) {
    const float swing = static_cast<float>(exact(i));
    uint32_t bits;
    std::memcpy(&bits, &swing, sizeof bits);
    keys[i] = ~bits;
    order[i] = static_cast<uint32_t>(i);
  }
  RadixSort32(keys, order);
  for (size_t begin = 0; begin < n;) {
    size_t end = begin + 1;
    while (end < n && keys[end] == keys[begin]) ++end;
    const auto first = order.begin() + static_cast<std::ptrdiff_t>(begin);
    const auto last = order.begin() + static_cast<std::ptrdiff_t>(end);
    const auto larger = [&](uint32_t a, uint32_t b) { return exact(a) > exact(b); };
    if (!std::is_sorted(first, last, larger)) std::stable_sort(first, last, larger);  // equal swings are common
    begin = end;
  }
  return order;
}

namespace {

// items[i] = old items[order[i]] for every i, each item moved once, along the cycles of `order` (a
// permutation of the indices of `items`).
template <typename T>
void PermuteInPlace(std::vector<T>& items, const std::vector<uint32_t>& order) {
  std::vector<bool> placed(items.size());
  for (size_t start = 0; start < items.size(); ++start) {
    if (placed[start]) continue;
    T held = std::move(items[start]);
    size_t to = start;
    for (size_t from = order[to]; from != start; from = order[to]) {
      items[to] = std::move(items[from]);
      placed[to] = true;
      to = from;
    }
    items[to] = std::move(held);
    placed[to] = true;
  }
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
  const std::vector<Parameter>& parameters = space.parameters();

  // Every parameter's move (kept by the evaluator in step with the parameters): the families where one
  // moves an entry that is (nearly) 0 need their derivatives exactly; every other derivative is
  // P(x,u|e)/θ from the family marginals.
  const TableMoves& moves = evaluator.Moves();
  std::vector<int> exact;
  {
    std::vector<char> listed(network.variables.size(), 0);
    for (size_t p = 0; p < parameters.size(); ++p) {
      if (moves.headers[p].least >= kQuotientFloor) continue;  // NaN falls through
      const size_t v = static_cast<size_t>(space.Family(p));
      if (!listed[v]) exact.push_back(static_cast<int>(v));
      listed[v] = 1;
    }
  }

  // Two propagations: evidence e, and e ∧ y, each with every family marginal (and the few exact
  // derivatives). Without evidence P(e) = 1 whatever the tables (every move keeps each column summing
  // to 1), so the first needs no derivatives: its marginals are all the claims need. When the target is
  // itself observed, e ∧ y is e (same state) or impossible (another state); else the two share their
  // collect (Evaluator::PropagatePair).
  Posterior& given_e = evaluator.Workspace(0);
  Posterior& given_ey = evaluator.Workspace(1);
  bool target_observed = false, target_contradicted = false;
  for (auto [var, state] : evidence) {
    if (var == target.variable) {
      target_observed = true;
      target_contradicted = state != target.state;
    }
  }
  const bool derivatives = !evidence.empty();
  ++report.propagations;
  bool possible;
  if (target_observed) {
    possible = derivatives ? evaluator.PropagateWithDerivatives(evidence, given_e, exact)
                           : evaluator.Propagate(evidence, false, given_e);
  } else {
    possible = evaluator.PropagatePair(evidence, target, derivatives, exact, &evaluator.Shown());
  }
  if (!possible) {
    report.possible = false;
    return report;
  }
  const GradientView e_view = derivatives ? DerivativesOf(given_e) : GradientView{};
  GradientView ey_view{nullptr, 0, 0};  // y is ruled out by e whatever the tables
  if (target_contradicted) {
    given_ey.possible = false;
  } else {
    ++report.propagations;
    if (target_observed) evaluator.PropagateWithDerivatives(evidence, given_ey, exact);
    ey_view = DerivativesOf(given_ey);
  }
  report.credence =
      std::clamp(std::exp(ey_view.log_scale - e_view.log_scale) * ey_view.probability / e_view.probability, 0.0, 1.0);

  // Each parameter moves the entries of one family's table: P(y|e) along it is the closed form of
  // MoveFunction over those entries. A space that cannot say how (TableMove::kUnknown) has its table
  // rebuilt at each point and differentiated numerically.
  // Filled in parameter order (reading the parameters and tables in the order they lie in memory; each
  // crux written whole as it is appended), then put in rank order in place.
  std::vector<ParameterCrux>& figures = report.parameters;
  figures.reserve(parameters.size());
  std::vector<double> swings(parameters.size());
  TableMove whole;
  MoveFunction function, rebuilt;
  std::vector<double> table;
  for (size_t p = 0; p < parameters.size(); ++p) {
    const Parameter& parameter = parameters[p];
    const int v = space.Family(p);
    ParameterCrux& crux = figures.emplace_back();
    crux.name = parameter.name;
    crux.value = parameter.value;
    const auto [interval, default_interval] = TornadoInterval(parameter);
    crux.low = interval.first;
    crux.high = interval.second;
    crux.default_interval = default_interval;
    const auto [lo, hi] = ParameterDomain(parameter);
    const TableMoveView move = moves.View(p);
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
    swings[p] = crux.swing();
  }
  PermuteInPlace(figures, RankBySwing(swings));

  std::vector<ClaimCrux>& claims = report.claims;  // likewise
  claims.reserve(evaluator.Shown().size());
  swings.clear();
  for (int v : evaluator.Shown()) {
    if (v == target.variable) continue;
    const Influence influence = VariableInfluence(given_e, given_ey, v, 0, threshold);
    ClaimCrux& crux = claims.emplace_back();
    crux.id = network.variables[static_cast<size_t>(v)].name;
    crux.if_true = influence.if_state;
    crux.if_false = influence.if_other;
    crux.mutual_information = influence.mutual_information;
    crux.expected_shift = influence.expected_shift;
    crux.jeffrey_flip = influence.jeffrey_flip;
    swings.push_back(crux.swing());
  }
  PermuteInPlace(claims, RankBySwing(swings));
  return report;
}

}  // namespace argraph
