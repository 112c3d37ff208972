// Brute-force exact inference: sums the full joint distribution. The oracle every engine is tested
// against; exponential in the number of variables, so only for small networks.
#include <cmath>

#include "argraph/error.h"
#include "argraph/inference.h"

namespace argraph {

Posterior EnumerateExact(const Network& network, const Evidence& evidence, bool families, bool derivatives) {
  const size_t n = network.variables.size();
  double joint_states = 1;
  for (const Variable& v : network.variables) joint_states *= static_cast<double>(v.states.size());
  if (joint_states > static_cast<double>(1u << 26)) {
    throw Error("network '" + network.name + "' is too large to enumerate");
  }
  std::vector<int> fixed(n, -1);
  for (auto [var, state] : evidence) fixed[static_cast<size_t>(var)] = state;

  Posterior result;
  result.marginals.resize(n);
  for (size_t v = 0; v < n; ++v) result.marginals[v].assign(network.variables[v].states.size(), 0.0);
  if (families) {
    result.family_marginals.resize(n);
    for (size_t v = 0; v < n; ++v) result.family_marginals[v].assign(network.families[v].table.size(), 0.0);
  }
  if (derivatives) {
    result.derivatives.resize(n);
    for (size_t v = 0; v < n; ++v) result.derivatives[v].assign(network.families[v].table.size(), 0.0);
  }
  std::vector<int> x(n, 0);
  std::vector<size_t> index(n);
  double total = 0;
  for (;;) {
    bool consistent = true;
    for (size_t v = 0; v < n; ++v) {
      if (fixed[v] >= 0 && x[v] != fixed[v]) consistent = false;
    }
    if (consistent) {
      double p = 1;
      for (size_t v = 0; v < n && (p > 0 || derivatives); ++v) {
        const Family& f = network.families[v];
        size_t column = 0;
        for (int parent : f.parents) {
          column = column * network.variables[static_cast<size_t>(parent)].states.size() +
                   static_cast<size_t>(x[static_cast<size_t>(parent)]);
        }
        index[v] = column * network.variables[v].states.size() + static_cast<size_t>(x[v]);
        p *= f.table[index[v]];
      }
      if (derivatives) {
        // The term's product without family v's entry: the definition of ∂P(e)/∂θ, even where θ = 0.
        for (size_t v = 0; v < n; ++v) {
          double others = 1;
          for (size_t w = 0; w < n; ++w) {
            if (w != v) others *= network.families[w].table[index[w]];
          }
          result.derivatives[v][index[v]] += others;
        }
      }
      if (p > 0) {
        total += p;
        for (size_t v = 0; v < n; ++v) {
          result.marginals[v][static_cast<size_t>(x[v])] += p;
          if (families) result.family_marginals[v][index[v]] += p;
        }
      }
    }
    // Odometer increment, last variable fastest.
    size_t v = n;
    while (v > 0) {
      --v;
      if (++x[v] < static_cast<int>(network.variables[v].states.size())) break;
      x[v] = 0;
      if (v == 0) { v = n + 1; break; }
    }
    if (v == n + 1 || n == 0) break;
  }
  if (!(total > 0)) {
    result.possible = false;
    return result;  // the derivatives stay unscaled (derivative_log_scale = 0)
  }
  result.log_evidence = std::log(total);
  result.derivative_log_scale = result.log_evidence;
  for (auto& m : result.marginals) for (double& p : m) p /= total;
  for (auto& m : result.family_marginals) for (double& p : m) p /= total;
  for (auto& m : result.derivatives) for (double& p : m) p /= total;
  return result;
}

}  // namespace argraph
