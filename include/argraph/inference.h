// Results of exact inference, shared by every engine (junction tree, brute-force enumeration) so that
// analyses and tests can use any of them.
// All quantities are probabilities except log_evidence and derivative_log_scale (natural logs) and
// derivatives (scaled partial derivatives of P(e), see below).
#pragma once

#include <vector>

#include "argraph/network.h"

namespace argraph {

struct Posterior {
  bool possible = true;       ///< false when P(evidence) = 0; then nothing else is meaningful
  double log_evidence = 0;    ///< ln P(e)
  /// marginals[v][x] = P(X_v = x | e)
  std::vector<std::vector<double>> marginals;
  /// family_marginals[v][i] = P(X_v = x, U_v = u | e), laid out as Network::families[v].table.
  /// Filled only when asked for (it costs one extra pass over the cliques).
  std::vector<std::vector<double>> family_marginals;
  /// derivatives[v][i]·exp(derivative_log_scale) = ∂P(e)/∂θ_{v,i}, the derivative of the probability of
  /// the evidence with respect to entry i of family v's table (layout of Network::families[v].table),
  /// zero entries included. Filled only when asked for. When P(e) > 0, derivative_log_scale =
  /// log_evidence, so derivatives[v][i] = P(x,u|e)/θ_{v,i} wherever θ_{v,i} > 0.
  std::vector<std::vector<double>> derivatives;
  double derivative_log_scale = 0;
};

/// Exact posterior by summing the full joint: the oracle for tests. Cost Π states (times the variable
/// count squared with `derivatives`); refuses (throws Error) above 2^26 joint states.
Posterior EnumerateExact(const Network& network, const Evidence& evidence, bool families = true,
                         bool derivatives = false);

}  // namespace argraph
