// Approximate inference by likelihood weighting, for networks whose junction tree would not fit in
// memory (`--approximate`). Deterministic for a given seed.
//
// Each sample draws the unobserved variables in topological order from their tables and weighs the
// sample by the probability of the observed ones given their parents. Estimates are the weighted
// frequencies; a standard error comes with each (delta method for a ratio estimator):
//   p = Σ w·1[x] / Σ w,   se = sqrt(Σ w²·(1[x] − p)²) / Σ w.
// Quantities are probabilities; log_evidence is the natural log of the mean weight.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "argraph/inference.h"
#include "argraph/network.h"

namespace argraph {

struct SamplingOptions {
  size_t samples = 100000;
  uint64_t seed = 1;
};

struct ApproximatePosterior {
  /// Estimated marginals (family_marginals left empty); possible = false when no sample had weight.
  Posterior posterior;
  std::vector<std::vector<double>> standard_errors;  ///< per variable and state, like marginals
  size_t samples = 0;
  double effective_samples = 0;  ///< (Σ w)² / Σ w²
};

/// Likelihood-weighting estimate of every marginal of a valid network given hard evidence.
ApproximatePosterior LikelihoodWeighting(const Network& network, const Evidence& evidence,
                                         const SamplingOptions& options = {});

}  // namespace argraph
