// Results of exact inference, shared by every engine (junction tree, brute-force enumeration) so that
// analyses and tests can use any of them.
// All quantities are probabilities except log_evidence (natural log).
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
};

/// Exact posterior by summing the full joint: the oracle for tests. Cost Π states; refuses (throws
/// Error) above 2^26 joint states.
Posterior EnumerateExact(const Network& network, const Evidence& evidence, bool families = true);

}  // namespace argraph
