// Likelihood weighting (sampling.h). One pass per sample over the variables in topological order;
// weights are kept relative to the largest seen so far (rescaling the sums when it grows), so very
// unlikely evidence does not underflow the sums.
#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "argraph/sampling.h"

namespace argraph {
namespace {

std::vector<int> TopologicalOrder(const Network& network) {
  const size_t n = network.variables.size();
  std::vector<int> pending(n, 0);
  std::vector<std::vector<int>> children(n);
  for (size_t v = 0; v < n; ++v) {
    for (int p : network.families[v].parents) {
      children[static_cast<size_t>(p)].push_back(static_cast<int>(v));
      ++pending[v];
    }
  }
  std::vector<int> order;
  for (size_t v = 0; v < n; ++v) {
    if (pending[v] == 0) order.push_back(static_cast<int>(v));
  }
  for (size_t k = 0; k < order.size(); ++k) {
    for (int c : children[static_cast<size_t>(order[k])]) {
      if (--pending[static_cast<size_t>(c)] == 0) order.push_back(c);
    }
  }
  return order;
}

}  // namespace

ApproximatePosterior LikelihoodWeighting(const Network& network, const Evidence& evidence,
                                         const SamplingOptions& options) {
  const size_t n = network.variables.size();
  const std::vector<int> order = TopologicalOrder(network);
  std::vector<int> observed(n, -1);
  bool contradictory = false;
  for (auto [v, s] : evidence) {
    int& o = observed[static_cast<size_t>(v)];
    if (o >= 0 && o != s) contradictory = true;
    o = s;
  }
  ApproximatePosterior out;
  out.samples = options.samples;
  out.posterior.marginals.resize(n);
  out.standard_errors.resize(n);
  std::vector<std::vector<double>> weighted(n), squared(n);
  for (size_t v = 0; v < n; ++v) {
    const size_t states = network.variables[v].states.size();
    out.posterior.marginals[v].assign(states, 0.0);
    out.standard_errors[v].assign(states, 0.0);
    weighted[v].assign(states, 0.0);
    squared[v].assign(states, 0.0);
  }
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<int> x(n, 0);
  double total = 0, total_squared = 0;
  double log_reference = -std::numeric_limits<double>::infinity();  // weights are stored / exp(this)
  for (size_t sample = 0; sample < options.samples && !contradictory; ++sample) {
    double log_weight = 0;
    for (int v : order) {
      const Family& f = network.families[static_cast<size_t>(v)];
      size_t column = 0;
      for (int p : f.parents) {
        column = column * network.variables[static_cast<size_t>(p)].states.size() +
                 static_cast<size_t>(x[static_cast<size_t>(p)]);
      }
      const size_t states = network.variables[static_cast<size_t>(v)].states.size();
      const double* row = f.table.data() + column * states;
      if (observed[static_cast<size_t>(v)] >= 0) {
        x[static_cast<size_t>(v)] = observed[static_cast<size_t>(v)];
        log_weight += std::log(row[observed[static_cast<size_t>(v)]]);
        if (std::isinf(log_weight)) break;
        continue;
      }
      double u = uniform(rng), cumulative = 0;
      size_t s = 0;
      for (; s + 1 < states; ++s) {
        cumulative += row[s];
        if (u < cumulative) break;
      }
      x[static_cast<size_t>(v)] = static_cast<int>(s);
    }
    if (std::isinf(log_weight)) continue;
    if (log_weight > log_reference) {
      // Rescale the sums to the new reference weight.
      const double factor = std::isinf(log_reference) ? 0.0 : std::exp(log_reference - log_weight);
      total *= factor;
      total_squared *= factor * factor;
      for (size_t v = 0; v < n; ++v) {
        for (double& a : weighted[v]) a *= factor;
        for (double& a : squared[v]) a *= factor * factor;
      }
      log_reference = log_weight;
    }
    const double w = std::exp(log_weight - log_reference);
    total += w;
    total_squared += w * w;
    for (size_t v = 0; v < n; ++v) {
      weighted[v][static_cast<size_t>(x[v])] += w;
      squared[v][static_cast<size_t>(x[v])] += w * w;
    }
  }
  if (!(total > 0)) {
    out.posterior.possible = false;
    out.posterior.log_evidence = -std::numeric_limits<double>::infinity();
    return out;
  }
  out.posterior.log_evidence = log_reference + std::log(total / static_cast<double>(options.samples));
  out.effective_samples = total * total / total_squared;
  for (size_t v = 0; v < n; ++v) {
    for (size_t s = 0; s < weighted[v].size(); ++s) {
      const double p = weighted[v][s] / total;
      out.posterior.marginals[v][s] = p;
      // Σ w²(1[x] − p)² = Σ_{x} w²·(1 − 2p) + p²·Σ w²
      const double spread = squared[v][s] * (1 - 2 * p) + p * p * total_squared;
      out.standard_errors[v][s] = std::sqrt(std::max(0.0, spread)) / total;
    }
  }
  return out;
}

}  // namespace argraph
