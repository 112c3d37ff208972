// Shapley attribution of the difference between two parameter settings (compare.h).
#include "argraph/compare.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <numeric>
#include <random>

namespace argraph {
namespace {

// Exact Shapley values over k players from v[mask] for every subset mask.
std::vector<double> ExactShapley(const std::vector<double>& v, size_t k) {
  // weight[s] = s! (k − s − 1)! / k!, by the recurrence weight[s+1] = weight[s]·(s+1)/(k−s−1).
  std::vector<double> weight(k, 0.0);
  weight[0] = 1.0 / static_cast<double>(k);
  for (size_t s = 0; s + 1 < k; ++s) {
    weight[s + 1] = weight[s] * static_cast<double>(s + 1) / static_cast<double>(k - s - 1);
  }
  std::vector<double> phi(k, 0.0);
  for (size_t mask = 0; mask < v.size(); ++mask) {
    const size_t size = static_cast<size_t>(std::popcount(mask));
    for (size_t i = 0; i < k; ++i) {
      if (mask & (size_t{1} << i)) continue;
      phi[i] += weight[size] * (v[mask | (size_t{1} << i)] - v[mask]);
    }
  }
  return phi;
}

}  // namespace

Comparison Compare(const Evaluator& a, const std::vector<double>& b_values, const Target& target,
                   const Evidence& evidence, const CompareOptions& options) {
  Comparison out;
  const std::vector<Parameter>& parameters = a.parameters();
  std::vector<size_t> differing;
  for (size_t p = 0; p < parameters.size(); ++p) {
    if (parameters[p].value != b_values[p]) differing.push_back(p);
  }
  std::vector<double> a_values;
  for (const Parameter& p : parameters) a_values.push_back(p.value);

  Evaluator work = a.Clone();
  std::optional<double> pa = work.Probability(target, evidence);
  Evaluator b = a.Clone();
  for (size_t p : differing) b.Set(p, b_values[p]);
  std::optional<double> pb = b.Probability(target, evidence);
  if (!pa || !pb) {
    out.possible = false;
    return out;
  }
  out.credence_a = *pa;
  out.credence_b = *pb;
  out.difference = *pb - *pa;

  const size_t k = differing.size();
  std::vector<double> phi(k, 0.0), se(k, 0.0);
  if (k <= options.max_exact) {
    out.method = "exact";
    std::vector<double> v(size_t{1} << k, 0.0);
    v[0] = *pa;
    size_t gray = 0;
    for (size_t step = 1; step < v.size(); ++step) {
      const size_t bit = static_cast<size_t>(std::countr_zero(step));  // Gray code: switch one parameter
      gray ^= size_t{1} << bit;
      const size_t p = differing[bit];
      work.Set(p, (gray >> bit) & 1 ? b_values[p] : a_values[p]);
      std::optional<double> value = work.Probability(target, evidence);
      if (!value) {
        out.possible = false;
        return out;
      }
      v[gray] = *value;
    }
    v[v.size() - 1] = *pb;  // the full switch is B exactly
    if (k > 0) phi = ExactShapley(v, k);
  } else {
    out.method = "sampled";
    out.permutations = options.permutations;
    std::mt19937_64 rng(options.seed);
    std::vector<size_t> order(k);
    std::vector<double> sum(k, 0.0), sum_sq(k, 0.0);
    for (size_t m = 0; m < options.permutations; ++m) {
      std::iota(order.begin(), order.end(), size_t{0});
      std::shuffle(order.begin(), order.end(), rng);
      double previous = *pa;
      for (size_t j = 0; j < k; ++j) {
        const size_t p = differing[order[j]];
        work.Set(p, b_values[p]);
        std::optional<double> value = j + 1 == k ? pb : work.Probability(target, evidence);
        if (!value) {
          out.possible = false;
          return out;
        }
        const double contribution = *value - previous;
        sum[order[j]] += contribution;
        sum_sq[order[j]] += contribution * contribution;
        previous = *value;
      }
      for (size_t p : differing) work.Set(p, a_values[p]);
    }
    const double n = static_cast<double>(options.permutations);
    for (size_t i = 0; i < k; ++i) {
      phi[i] = sum[i] / n;
      const double variance = n > 1 ? std::max(0.0, (sum_sq[i] - n * phi[i] * phi[i]) / (n - 1)) : 0.0;
      se[i] = std::sqrt(variance / n);
    }
  }
  for (size_t i = 0; i < k; ++i) {
    out.attribution.push_back(
        {parameters[differing[i]].name, a_values[differing[i]], b_values[differing[i]], phi[i], se[i]});
  }
  std::stable_sort(
      out.attribution.begin(), out.attribution.end(),
      [](const Attribution& x, const Attribution& y) { return std::fabs(x.shapley) > std::fabs(y.shapley); });

  // Per-claim view: every visible variable's first state under A and under B.
  Posterior under_a, under_b;
  Evaluator fresh = a.Clone();
  if (fresh.Propagate(evidence, false, under_a) && b.Propagate(evidence, false, under_b)) {
    const Network& network = a.network();
    for (size_t v = 0; v < network.variables.size(); ++v) {
      if (network.variables[v].hidden) continue;
      out.claims.push_back({network.variables[v].name, under_a.marginals[v][0], under_b.marginals[v][0]});
    }
    std::stable_sort(out.claims.begin(), out.claims.end(),
                     [](const ClaimDifference& x, const ClaimDifference& y) {
                       return std::fabs(x.b - x.a) > std::fabs(y.b - y.a);
                     });
  }
  return out;
}

}  // namespace argraph
