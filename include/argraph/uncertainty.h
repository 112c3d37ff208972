// Monte Carlo uncertainty of P(target | e) over every parameter that has an interval (DESIGN.md section 5,
// docs/semantics.md "Uncertainty").
//
// A probability with a 90% interval [l, h] is drawn from the Beta distribution whose 5% and 95%
// quantiles are l and h (MatchInterval); a log-odds weight from the normal with the same 5%/95%
// quantiles. Sampling follows Saltelli's design: N base rows of two independent matrices A and B, and
// for each varied parameter i the matrix A with column i from B, so N·(d + 2) evaluations in all
// (`samples` is that total); every evaluation is a draw from the joint input distribution, so all feed
// the mean, sd, quantiles and histogram. Sobol indices use Jansen's estimators.
//
// Determinism: row r's inputs depend only on (seed, r), whatever the thread count; sums are combined in
// thread order, so results are identical for a given seed and thread count.
// Quantities: probabilities, except weights (log-odds) and seconds.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "argraph/evaluator.h"

namespace argraph {

enum class DistributionKind { kFixed, kBeta, kNormal };

struct ParameterDistribution {
  DistributionKind kind = DistributionKind::kFixed;
  double a = 0, b = 0;  ///< Beta: α, β; normal: mean, sd; fixed: a is the value
};

/// The distribution matched to a 90% interval: Beta with quantiles F⁻¹(0.05) = l, F⁻¹(0.95) = h for a
/// probability (an end at 0 or 1 pins that shape parameter at 1 and matches the other end only), normal
/// on log-odds for a weight; fixed when l = h.
ParameterDistribution MatchInterval(const Parameter& parameter, std::pair<double, double> interval);

struct UncertaintyOptions {
  uint64_t samples = 100000;  ///< total evaluations, N·(d + 2)
  uint64_t seed = 1;
  int threads = 1;
  int bins = 20;  ///< histogram bins over [min, max] of the samples
  /// Intervals to use besides (or instead of) the parameters' own, by parameter name.
  std::map<std::string, std::pair<double, double>> intervals;
  /// Called now and then with the fraction done (from one thread at a time).
  std::function<void(double)> progress;
};

struct SobolIndex {
  std::string name;
  double first_order = 0, first_order_se = 0;
  double total = 0, total_se = 0;
};

struct HistogramBin {
  double low = 0, high = 0;
  uint64_t count = 0;
};

struct UncertaintyReport {
  uint64_t samples = 0;     ///< evaluations made
  uint64_t impossible = 0;  ///< evaluations whose evidence was impossible (left out of the statistics)
  uint64_t seed = 0;
  double mean = 0, sd = 0;
  double q05 = 0, q50 = 0, q95 = 0;
  std::vector<HistogramBin> histogram;
  std::vector<SobolIndex> sobol;           ///< one per varied parameter, largest total first
  std::vector<std::string> varied, fixed;  ///< parameter names: with a distribution / without interval
  double seconds = 0;
};

/// Runs the Monte Carlo analysis. The evaluator is cloned once per thread and not changed.
UncertaintyReport Uncertainty(const Evaluator& evaluator, const Target& target, const Evidence& evidence,
                              const UncertaintyOptions& options);

}  // namespace argraph
